//! Query-string and form encoding, byte for byte as `sharetribe-flex-sdk` encodes them.
//!
//! Query parameters ([`encode`]) follow the official SDK's params serializer:
//!
//! - parameters are written `key=value`, joined by `&`, in the order a JS object would list them
//!   (array-index keys such as `"2"` first, ascending, then the others in insertion order);
//! - keys are written as given, without percent-encoding (the official SDK does not encode them);
//! - values are percent-encoded as JS `encodeURIComponent` does, except that commas stay
//!   literal, so that lists such as `include=author,images` stay readable;
//! - `UUID` → the bare uuid, `LatLng` → `lat,lng`, `LatLngBounds` → `neLat,neLng,swLat,swLng`,
//!   a `Date` → `toISOString()`, an array → its elements comma-joined, numbers as JS prints them;
//! - `null` values are dropped; plain objects, `Money` and `BigDecimal` are refused.
//!
//! The params may also be a raw query string, or an array of strings and objects merged left to
//! right ([`merge_parts`]).

use crate::core::error::SdkError;
use crate::core::iso8601;
use crate::core::json;
use crate::core::number::{JsNumber, Num};
use crate::core::percent;
use crate::core::text;
use crate::core::value::Value;
use crate::prelude::*;

/// Encodes query parameters as the official SDK does (see the module documentation for the
/// rules). `params` is a `Value::Map`, a raw query string, an array of those merged left to
/// right, or `Null` for none.
///
/// Fails with `SdkError::InvalidParams` naming the parameter when a value cannot go in a query
/// string (a plain object, `Money`, `BigDecimal`, an instant outside the JS `Date` range), or
/// when `params` itself is of another kind.
pub fn encode(params: &Value) -> Result<String, SdkError> {
    encoded(params).map_err(SdkError::InvalidParams)
}

/// [`encode`] with the message of its `InvalidParams` error alone: the steps pass a message
/// (three words) rather than the whole `SdkError`, which is made once.
fn encoded(params: &Value) -> Result<String, String> {
    let mut out = String::new();
    for (key, value) in merged_parts(params)? {
        let Some(text) = serialize_param(&key, &value)? else {
            continue;
        };
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&key);
        out.push('=');
        percent::push_encoded(&mut out, &text, b",", b"");
    }
    Ok(out)
}

/// Turns query params given as an object, a raw query string or an array of those into one
/// list of `(key, value)` entries, as the official SDK does before serializing: strings are
/// parsed as `URLSearchParams` parse them (values become strings), parts are merged left to
/// right with a later key replacing an earlier one in place, and the entries come out in JS
/// object order (array-index keys first, ascending). `Null` parts are skipped.
///
/// Fails with `SdkError::InvalidParams` when `params`, or one of its parts, is none of these.
pub fn merge_parts(params: &Value) -> Result<Vec<(String, Value)>, SdkError> {
    merged_parts(params).map_err(SdkError::InvalidParams)
}

/// [`merge_parts`] with the message of its error alone.
fn merged_parts(params: &Value) -> Result<Vec<(String, Value)>, String> {
    let mut merged = Vec::new();
    match params {
        Value::Array(parts) => {
            for part in parts {
                merge_part(&mut merged, part, true)?;
            }
        }
        single => merge_part(&mut merged, single, false)?,
    }
    order_like_js_object(&mut merged);
    Ok(merged)
}

fn merge_part(
    merged: &mut Vec<(String, Value)>,
    part: &Value,
    inside_array: bool,
) -> Result<(), String> {
    match part {
        Value::Null => {}
        Value::Map(entries) => {
            for (key, value) in entries {
                json::insert_last_wins(merged, key.clone(), value.clone());
            }
        }
        Value::String(text) => {
            for (key, value) in parse_query_string(text) {
                json::insert_last_wins(merged, key, Value::String(value));
            }
        }
        // `Object.assign({}, [a, b])` copies the elements under the keys "0", "1", ...
        Value::Array(elements) if inside_array => {
            for (index, value) in elements.iter().enumerate() {
                json::insert_last_wins(merged, text::int(index as i64), value.clone());
            }
        }
        _ => {
            return Err(
                "query parameters must be an object, a query string, or an array of those"
                    .to_owned(),
            )
        }
    }
    Ok(())
}

/// Parses a query string as `new URLSearchParams(text)` does: an optional leading `?`, pairs
/// split on `&` (empty ones skipped) and then on the first `=`, `+` read as a space, `%XX`
/// decoded as UTF-8 (malformed escapes kept literally, invalid UTF-8 replaced by U+FFFD).
/// Repeated keys are all returned, in order.
pub fn parse_query_string(text: &str) -> Vec<(String, String)> {
    let text = text.strip_prefix('?').unwrap_or(text);
    // A plain loop: smaller in the wasm than the filter/map/collect chain.
    let mut pairs = Vec::new();
    for pair in text.split('&') {
        if pair.is_empty() {
            continue;
        }
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        pairs.push((form_decode(name), form_decode(value)));
    }
    pairs
}

fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match bytes.get(i + 1..i + 3).and_then(|h| hex_pair(h[0], h[1])) {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                // A `%` not followed by two hex digits stands for itself.
                None => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    utf8_lossy(&out)
}

/// `bytes` as text, each invalid UTF-8 sequence replaced by U+FFFD exactly as
/// `String::from_utf8_lossy` does, through `str::from_utf8` (which the wasm has anyway) rather
/// than the lossy decoder's own iterator.
fn utf8_lossy(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match ::core::str::from_utf8(bytes) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(error) => {
                let (valid, after) = bytes.split_at(error.valid_up_to());
                out.push_str(::core::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{fffd}');
                match error.error_len() {
                    Some(len) => bytes = after.get(len..).unwrap_or_default(),
                    // A sequence cut off by the end: one replacement for all of it.
                    None => return out,
                }
            }
        }
    }
}

fn hex_pair(high: u8, low: u8) -> Option<u8> {
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    Some(digit(high)? * 16 + digit(low)?)
}

/// Whether `key` is a JS array index (`"0"`, `"42"`, up to 2³² − 2, no leading zeros), the
/// keys a JS object lists first, in ascending numeric order.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || (key.len() > 1 && key.starts_with('0')) {
        return None;
    }
    if !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u32>().ok().filter(|&n| n != u32::MAX)
}

fn order_like_js_object(entries: &mut [(String, Value)]) {
    // Index keys move to the front in numeric order, the rest keep their order. An insertion
    // sort: index keys are rare and few, and it keeps std's larger sort out of the wasm binary.
    let rank = |key: &str| array_index(key).map_or((1, 0), |index| (0, index));
    for i in 1..entries.len() {
        let mut j = i;
        while j > 0 && rank(&entries[j - 1].0) > rank(&entries[j].0) {
            entries.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The text of one query parameter before percent-encoding, or `None` when it is dropped.
fn serialize_param(key: &str, value: &Value) -> Result<Option<String>, String> {
    if matches!(value, Value::Null) {
        return Ok(None);
    }
    let mut text = String::new();
    serialize_value(key, value, &mut text)?;
    Ok(Some(text))
}

/// Appends `value` as JS `String(serializeValue(value))` would print it.
fn serialize_value(key: &str, value: &Value, out: &mut String) -> Result<(), String> {
    match value {
        // `String([a, null, b])` prints null elements as nothing.
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => json::write_int(out, *i),
        Value::Float(f) => f.write_js(out),
        Value::String(s) | Value::Keyword(s) | Value::Uuid(s) => out.push_str(s),
        Value::LatLng { lat, lng } => push_numbers(out, &[lat, lng]),
        Value::LatLngBounds { ne, sw } => push_numbers(out, &[&ne.0, &ne.1, &sw.0, &sw.1]),
        Value::Instant(ms) => push_iso_instant(key, *ms, out)?,
        Value::Array(elements) => {
            for (i, element) in elements.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                serialize_value(key, element, out)?;
            }
        }
        Value::Map(_) => {
            return Err(text::concat(&[
                "Query parameter `",
                key,
                "` cannot be an object; use a string (util.objectQueryString builds `k:v;k2:v2` \
                 values), types.LatLng or types.LatLngBounds",
            ]))
        }
        Value::Money { .. } => {
            return Err(text::concat(&[
                "Query parameter `",
                key,
                "` cannot be a types.Money; give the amount as a number or a string such as \
                 `1000,5000`",
            ]))
        }
        Value::BigDecimal(_) => {
            return Err(text::concat(&[
                "Query parameter `",
                key,
                "` cannot be a types.BigDecimal; give it as a string",
            ]))
        }
    }
    Ok(())
}

fn push_numbers(out: &mut String, numbers: &[&Num]) {
    for (i, n) in numbers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        n.write_js(out);
    }
}

/// The largest distance from the epoch a JS `Date` can hold, in milliseconds (±10⁸ days).
const MAX_JS_DATE_MS: i64 = 8_640_000_000_000_000;

fn push_iso_instant(key: &str, ms: i64, out: &mut String) -> Result<(), String> {
    if ms.abs() > MAX_JS_DATE_MS {
        return Err(text::concat(&[
            "Query parameter `",
            key,
            "` is a date outside the range a JS Date can hold",
        ]));
    }
    iso8601::write(out, ms);
    Ok(())
}

/// Builds the value of an "object" query parameter as the official `util.objectQueryString`
/// does: `{w: 640, h: 1280, fit: 'scale'}` → `w:640;h:1280;fit:scale`. Entries whose value is
/// `Null` are dropped and arrays are comma-joined. The result is not percent-encoded (that
/// happens when it goes in the query string).
///
/// SDK-type values (`UUID`, `LatLng`, dates) are written as they are in a query string, where
/// the official SDK would print `[object Object]` or a local-time date.
///
/// Fails with `SdkError::InvalidParams` when `value` is not a map, or when one of its values is
/// an object (nested objects cannot be expressed), `Money` or `BigDecimal`.
pub fn object_query_string(value: &Value) -> Result<String, SdkError> {
    let Value::Map(entries) = value else {
        return Err(SdkError::InvalidParams(
            "util.objectQueryString takes a plain object".to_owned(),
        ));
    };
    let mut out = String::new();
    for (key, value) in entries {
        if matches!(value, Value::Null) {
            continue;
        }
        if matches!(value, Value::Map(_)) {
            return Err(SdkError::InvalidParams(text::concat(&[
                "`",
                key,
                "` is a nested object, which an object query parameter cannot hold",
            ])));
        }
        if !out.is_empty() {
            out.push(';');
        }
        out.push_str(key);
        out.push(':');
        serialize_value(key, value, &mut out).map_err(SdkError::InvalidParams)?;
    }
    Ok(out)
}

/// Encodes `application/x-www-form-urlencoded` pairs, as the Auth API expects them, exactly as
/// JS `new URLSearchParams(pairs).toString()` does: `k=v` joined by `&`, a space as `+`,
/// `A–Z a–z 0–9 * - . _` as they are and every other byte of the UTF-8 text as `%XX`.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_form_component(&mut out, name);
        out.push('=');
        push_form_component(&mut out, value);
    }
    out
}

fn push_form_component(out: &mut String, text: &str) {
    for &b in text.as_bytes() {
        match b {
            b' ' => out.push('+'),
            b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            _ if b.is_ascii_alphanumeric() => out.push(b as char),
            _ => percent::push_byte(out, b),
        }
    }
}

// Native only: the tests build values with `f64` numbers (see `core::number`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn lossy_utf8_matches_the_standard_library() {
        let cases: [&[u8]; 10] = [
            b"",
            b"plain",
            "h\u{e9}llo \u{1f600}".as_bytes(),
            b"\xff",
            b"a\xffb",
            b"\xe2\x82",
            b"x\xe2\x82",
            b"\xe2\x82y\xf0\x9f\x98",
            b"\xed\xa0\x80z",
            b"\xc0\xaf\xf5\x80\x80\x80!",
        ];
        for bytes in cases {
            assert_eq!(
                utf8_lossy(bytes),
                String::from_utf8_lossy(bytes),
                "{bytes:?}"
            );
        }
        // Every lead byte with a spread of second bytes, after a valid prefix and before a
        // sequence cut off by the end.
        for a in 0..=255u8 {
            for b in (0..=255u8).step_by(7) {
                let bytes = [b'k', a, b, 0xe2, 0x82];
                assert_eq!(
                    utf8_lossy(&bytes),
                    String::from_utf8_lossy(&bytes),
                    "{bytes:?}"
                );
            }
        }
    }

    fn enc(params: Value) -> String {
        encode(&params).unwrap()
    }

    fn invalid_params_message(result: Result<String, SdkError>) -> String {
        match result {
            Err(SdkError::InvalidParams(message)) => message,
            other => panic!("expected InvalidParams, got {other:?}"),
        }
    }

    #[test]
    fn writes_scalars_in_the_given_order() {
        let params = Value::map([
            ("perPage", Value::Int(5)),
            ("page", Value::Int(-2)),
            ("pub_published", Value::Bool(true)),
            ("state", Value::Keyword("published".into())),
            ("keywords", "red bike".into()),
        ]);
        assert_eq!(
            enc(params),
            "perPage=5&page=-2&pub_published=true&state=published&keywords=red%20bike"
        );
    }

    #[test]
    fn leaves_commas_literal_and_encodes_the_rest_like_encode_uri_component() {
        let params = Value::map([("include", "author,images".into())]);
        assert_eq!(enc(params), "include=author,images");
        let params = Value::map([("q", "a&b=c/d?e#f+g;h:i@j$k%l é€😀 !~*'()-_.".into())]);
        assert_eq!(
            enc(params),
            "q=a%26b%3Dc%2Fd%3Fe%23f%2Bg%3Bh%3Ai%40j%24k%25l%20%C3%A9%E2%82%AC%F0%9F%98%80%20!~*'()-_."
        );
    }

    #[test]
    fn does_not_encode_keys() {
        let params = Value::map([("fields.image", "variants.square-small".into())]);
        assert_eq!(enc(params), "fields.image=variants.square-small");
        let params = Value::map([("a b", Value::Int(1))]);
        assert_eq!(enc(params), "a b=1");
    }

    #[test]
    fn writes_sdk_types_as_the_official_sdk() {
        let params = Value::map([
            (
                "id",
                Value::Uuid("5a8f2c1e-0000-4000-8000-000000000001".into()),
            ),
            (
                "origin",
                Value::LatLng {
                    lat: 40.0,
                    lng: -74.5,
                },
            ),
            (
                "bounds",
                Value::LatLngBounds {
                    ne: (40.1, -73.9),
                    sw: (39.5, -74.25),
                },
            ),
            ("start", Value::Instant(1_736_924_119_845)),
        ]);
        assert_eq!(
            enc(params),
            "id=5a8f2c1e-0000-4000-8000-000000000001&origin=40,-74.5\
             &bounds=40.1,-73.9,39.5,-74.25&start=2025-01-15T06%3A55%3A19.845Z"
        );
    }

    #[test]
    fn comma_joins_arrays_recursively() {
        let params = Value::map([(
            "ids",
            Value::Array(vec![
                Value::Uuid("u1".into()),
                Value::Null,
                Value::Array(vec![Value::Int(1), "a b".into()]),
                Value::LatLng { lat: 1.5, lng: 2.0 },
            ]),
        )]);
        assert_eq!(enc(params), "ids=u1,,1,a%20b,1.5,2");
        assert_eq!(enc(Value::map([("e", Value::Array(vec![]))])), "e=");
    }

    #[test]
    fn drops_null_but_keeps_empty_strings() {
        let params = Value::map([("a", Value::Null), ("b", "".into()), ("c", Value::Int(0))]);
        assert_eq!(enc(params), "b=&c=0");
        assert_eq!(enc(Value::Null), "");
        assert_eq!(enc(Value::map::<&str>([])), "");
    }

    #[test]
    fn prints_numbers_as_js_string_does() {
        let cases: &[(f64, &str)] = &[
            (0.1, "0.1"),
            (-0.0, "0"),
            (1.0, "1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (123456789.125, "123456789.125"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (-2.5e22, "-2.5e+22"),
            (0.000001, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (5e-324, "5e-324"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for &(n, expected) in cases {
            let mut out = String::new();
            crate::core::js_number::write(&mut out, n);
            assert_eq!(out, expected, "String({n:?})");
        }
        assert_eq!(enc(Value::map([("n", Value::Float(1e21))])), "n=1e%2B21");
    }

    #[test]
    fn writes_dates_like_to_iso_string() {
        let cases: &[(i64, &str)] = &[
            (0, "1970-01-01T00:00:00.000Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (253_402_300_800_000, "+010000-01-01T00:00:00.000Z"),
            (-62_198_755_200_000, "-000001-01-01T00:00:00.000Z"),
        ];
        for &(ms, expected) in cases {
            let mut out = String::new();
            push_iso_instant("t", ms, &mut out).unwrap();
            assert_eq!(out, expected);
        }
        let message = invalid_params_message(encode(&Value::map([(
            "t",
            Value::Instant(MAX_JS_DATE_MS + 1),
        )])));
        assert!(message.contains("`t`"), "{message}");
    }

    #[test]
    fn refuses_objects_money_and_big_decimals_naming_the_key() {
        let message = invalid_params_message(encode(&Value::map([(
            "bounds",
            Value::map([("ne", "1,2".into())]),
        )])));
        assert!(
            message.starts_with("Query parameter `bounds` cannot be an object"),
            "{message}"
        );
        let money = Value::Money {
            amount: 100,
            currency: "USD".into(),
        };
        let message = invalid_params_message(encode(&Value::map([("price", money.clone())])));
        assert!(
            message.contains("`price`") && message.contains("Money"),
            "{message}"
        );
        let message = invalid_params_message(encode(&Value::map([(
            "amount",
            Value::BigDecimal("1.5".into()),
        )])));
        assert!(
            message.contains("`amount`") && message.contains("BigDecimal"),
            "{message}"
        );
        // Inside an array too.
        let message = invalid_params_message(encode(&Value::map([(
            "prices",
            Value::Array(vec![Value::Int(1), money]),
        )])));
        assert!(message.contains("`prices`"), "{message}");
    }

    #[test]
    fn lists_array_index_keys_first_like_a_js_object() {
        let params = Value::map([
            ("b", Value::Int(1)),
            ("10", "x".into()),
            ("2", "y".into()),
            ("02", "z".into()),
            ("a", Value::Int(2)),
        ]);
        assert_eq!(enc(params), "2=y&10=x&b=1&02=z&a=2");
    }

    #[test]
    fn accepts_a_raw_query_string() {
        assert_eq!(
            enc("?include=author,images&keywords=red+bike%21&perPage=5&&x".into()),
            "include=author,images&keywords=red%20bike!&perPage=5&x="
        );
        // A malformed escape stands for itself; invalid UTF-8 becomes U+FFFD.
        assert_eq!(enc("a=%zz%4&b=%FF".into()), "a=%25zz%254&b=%EF%BF%BD");
    }

    #[test]
    fn merges_parts_left_to_right_keeping_first_positions() {
        let params = Value::Array(vec![
            "a=1&b=2".into(),
            Value::Null,
            Value::map([("c", Value::Int(3)), ("a", Value::Int(9))]),
            "b=8".into(),
        ]);
        assert_eq!(
            merge_parts(&params).unwrap(),
            vec![
                ("a".to_owned(), Value::Int(9)),
                ("b".to_owned(), "8".into()),
                ("c".to_owned(), Value::Int(3)),
            ]
        );
        assert_eq!(enc(params), "a=9&b=8&c=3");
        // A repeated key in one string: the last value wins.
        assert_eq!(enc("a=1&a=2".into()), "a=2");
    }

    #[test]
    fn refuses_params_that_are_not_an_object_or_a_string() {
        for params in [
            Value::Int(1),
            Value::Uuid("u".into()),
            Value::Array(vec![Value::Int(1)]),
        ] {
            let message = invalid_params_message(encode(&params));
            assert!(message.contains("query parameters must be"), "{message}");
        }
    }

    #[test]
    fn parses_query_strings_like_url_search_params() {
        assert_eq!(
            parse_query_string("a=1=2&b&=c&d=%E2%82%AC+x"),
            vec![
                ("a".to_owned(), "1=2".to_owned()),
                ("b".to_owned(), "".to_owned()),
                ("".to_owned(), "c".to_owned()),
                ("d".to_owned(), "€ x".to_owned()),
            ]
        );
        assert!(parse_query_string("").is_empty());
        assert!(parse_query_string("?").is_empty());
    }

    #[test]
    fn builds_object_query_strings() {
        let value = Value::map([
            ("w", Value::Int(640)),
            ("h", "1280".into()),
            ("skip", Value::Null),
            ("fit", Value::Keyword("scale".into())),
            ("list", Value::Array(vec!["foo".into(), "bar".into()])),
        ]);
        assert_eq!(
            object_query_string(&value).unwrap(),
            "w:640;h:1280;fit:scale;list:foo,bar"
        );
        assert_eq!(object_query_string(&Value::map::<&str>([])).unwrap(), "");
        let nested = Value::map([("a", Value::map([("b", Value::Int(1))]))]);
        let message = invalid_params_message(object_query_string(&nested));
        assert!(message.contains("`a` is a nested object"), "{message}");
        assert!(object_query_string(&"w:1".into()).is_err());
    }

    #[test]
    fn an_object_query_string_goes_through_encode() {
        let variant = object_query_string(&Value::map([
            ("w", Value::Int(640)),
            ("fit", "scale".into()),
        ]))
        .unwrap();
        let params = Value::map([("imageVariant.foo", variant.into())]);
        assert_eq!(enc(params), "imageVariant.foo=w%3A640%3Bfit%3Ascale");
    }

    #[test]
    fn form_encodes_like_url_search_params() {
        assert_eq!(
            form_encode(&[
                ("grant_type", "password"),
                ("username", "joe+1@example.com"),
                ("password", "a b!~'()*-._é"),
            ]),
            "grant_type=password&username=joe%2B1%40example.com\
             &password=a+b%21%7E%27%28%29*-._%C3%A9"
        );
        assert_eq!(form_encode(&[]), "");
        assert_eq!(form_encode(&[("scope", "")]), "scope=");
    }
}

/// Runs snippets in Node against the official SDK installed in `tests/node/node_modules`, so
/// that the encoders here can be compared with the real thing.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod node_peer {
    use std::path::PathBuf;
    use std::process::Command;

    /// Runs `script` (CommonJS, may `require` the packages of `tests/node`) and returns what it
    /// printed. Panics with instructions when Node or the packages are missing.
    pub fn run(script: &str) -> String {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/node");
        assert!(
            dir.join("node_modules/sharetribe-flex-sdk").is_dir(),
            "the official SDK is not installed for the peer tests: run `cargo xtask setup` (or `npm ci` in {})",
            dir.display()
        );
        let output = Command::new("node")
            .args(["--input-type=commonjs", "-e", script])
            .current_dir(&dir)
            .output()
            .expect("`node` must be on PATH for the peer tests");
        assert!(
            output.status.success(),
            "node failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("node printed UTF-8")
    }

    /// A JS string literal for `text`.
    pub fn js_string(text: &str) -> String {
        let mut out = String::new();
        crate::core::json::write_string(&mut out, text);
        out
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod peer_tests {
    use super::*;

    /// Cases as (JS expression of the params, the same params as the JS layer hands them over).
    fn cases() -> Vec<(&'static str, Value)> {
        let uuid = "5a8f2c1e-0000-4000-8000-000000000001";
        vec![
            ("{perPage: 5, page: 2}", Value::map([("perPage", Value::Int(5)), ("page", Value::Int(2))])),
            (
                "{include: ['author', 'images'], 'fields.image': ['variants.square-small', 'variants.my-variant']}",
                Value::map([
                    ("include", Value::Array(vec!["author".into(), "images".into()])),
                    (
                        "fields.image",
                        Value::Array(vec!["variants.square-small".into(), "variants.my-variant".into()]),
                    ),
                ]),
            ),
            (
                "{id: new types.UUID('5a8f2c1e-0000-4000-8000-000000000001'), origin: new types.LatLng(40.1, -74.25)}",
                Value::map([
                    ("id", Value::Uuid(uuid.into())),
                    ("origin", Value::LatLng { lat: 40.1, lng: -74.25 }),
                ]),
            ),
            (
                "{bounds: new types.LatLngBounds(new types.LatLng(40.1, -73.9), new types.LatLng(39.5, -74.25))}",
                Value::map([(
                    "bounds",
                    Value::LatLngBounds { ne: (40.1, -73.9), sw: (39.5, -74.25) },
                )]),
            ),
            (
                "{start: new Date(1736924119845), end: new Date(-1), far: new Date(253402300800000)}",
                Value::map([
                    ("start", Value::Instant(1_736_924_119_845)),
                    ("end", Value::Instant(-1)),
                    ("far", Value::Instant(253_402_300_800_000)),
                ]),
            ),
            (
                "{a: null, b: undefined, c: '', d: 0, e: false, f: [], g: [1, null, [2, 'x y']]}",
                Value::map([
                    ("a", Value::Null),
                    ("b", Value::Null),
                    ("c", "".into()),
                    ("d", Value::Int(0)),
                    ("e", Value::Bool(false)),
                    ("f", Value::Array(vec![])),
                    (
                        "g",
                        Value::Array(vec![
                            Value::Int(1),
                            Value::Null,
                            Value::Array(vec![Value::Int(2), "x y".into()]),
                        ]),
                    ),
                ]),
            ),
            (
                "{n1: 0.1, n2: 1e21, n3: 1.5e-7, n4: -2.5e22, n5: 0.000001, n6: 123456789.125, n7: NaN, n8: -Infinity, n9: 0.1 + 0.2}",
                Value::map([
                    ("n1", Value::Float(0.1)),
                    ("n2", Value::Float(1e21)),
                    ("n3", Value::Float(1.5e-7)),
                    ("n4", Value::Float(-2.5e22)),
                    ("n5", Value::Float(0.000001)),
                    ("n6", Value::Float(123456789.125)),
                    ("n7", Value::Float(f64::NAN)),
                    ("n8", Value::Float(f64::NEG_INFINITY)),
                    ("n9", Value::Float(0.1 + 0.2)),
                ]),
            ),
            (
                r#"{q: "a&b=c/d?e#f+g;h:i@j$k%l é€😀 !~*'()-_.[]{}|\\^`\"<>", 'a b': 1, 'ä': 2}"#,
                Value::map([
                    ("q", r#"a&b=c/d?e#f+g;h:i@j$k%l é€😀 !~*'()-_.[]{}|\^`"<>"#.into()),
                    ("a b", Value::Int(1)),
                    ("ä", Value::Int(2)),
                ]),
            ),
            (
                "{b: 1, 10: 'x', 2: 'y', '02': 'z', a: 2}",
                Value::map([
                    ("b", Value::Int(1)),
                    ("10", "x".into()),
                    ("2", "y".into()),
                    ("02", "z".into()),
                    ("a", Value::Int(2)),
                ]),
            ),
            (
                "'?include=author,images&keywords=red+bike%21&perPage=5&&x&a=%zz%4&b=%FF'",
                "?include=author,images&keywords=red+bike%21&perPage=5&&x&a=%zz%4&b=%FF".into(),
            ),
            (
                "['a=1&b=2', null, {c: 3, a: 9}, 'b=8', {5: 'five'}]",
                Value::Array(vec![
                    "a=1&b=2".into(),
                    Value::Null,
                    Value::map([("c", Value::Int(3)), ("a", Value::Int(9))]),
                    "b=8".into(),
                    Value::map([("5", "five".into())]),
                ]),
            ),
            (
                "{'imageVariant.foo': util.objectQueryString({w: 640, h: 1280, fit: 'scale', x: null, l: ['a', 'b']})}",
                Value::map([(
                    "imageVariant.foo",
                    object_query_string(&Value::map([
                        ("w", Value::Int(640)),
                        ("h", Value::Int(1280)),
                        ("fit", "scale".into()),
                        ("x", Value::Null),
                        ("l", Value::Array(vec!["a".into(), "b".into()])),
                    ]))
                    .unwrap()
                    .into(),
                )]),
            ),
            ("null", Value::Null),
            ("{}", Value::map::<&str>([])),
        ]
    }

    #[test]
    #[ignore = "needs cargo xtask setup"]
    fn encodes_like_the_official_params_serializer() {
        let cases = cases();
        let list = cases
            .iter()
            .map(|(js, _)| *js)
            .collect::<Vec<_>>()
            .join(",\n");
        let script = format!(
            "const {{ types, util }} = require('sharetribe-flex-sdk');\n\
             const cases = [\n{list}\n];\n\
             for (const c of cases) console.log(JSON.stringify(util.queryString(c)));"
        );
        let printed = super::node_peer::run(&script);
        let official: Vec<&str> = printed.lines().collect();
        assert_eq!(official.len(), cases.len(), "node printed: {printed}");
        for ((js, value), official) in cases.iter().zip(official) {
            let official = match crate::core::json::parse(official) {
                Ok(Value::String(s)) => s,
                other => panic!("unexpected node output {other:?}"),
            };
            assert_eq!(encode(value).unwrap(), official, "params: {js}");
        }
    }

    #[test]
    #[ignore = "needs cargo xtask setup"]
    fn form_encodes_like_url_search_params_in_node() {
        let text = "a b!~'()*-._é€😀+&=%/?#,;:@$[]";
        let script = format!(
            "console.log(new URLSearchParams([['k y', {0}], ['v', {0}]]).toString())",
            super::node_peer::js_string(text)
        );
        let official = super::node_peer::run(&script);
        assert_eq!(
            form_encode(&[("k y", text), ("v", text)]),
            official.trim_end()
        );
    }
}
