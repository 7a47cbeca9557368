//! Caller values as the JS layer hands them over: one JSON text written by `js/sdk.js`
//! `encodeValue`, which walks the caller's value once (getters, Proxies, cycles and depth are
//! handled there) and writes SDK types as their own fields with `_sdkType` (as `JSON.stringify`
//! writes an official type instance), `Date`s as `{"_sdkType":"Date","ms":…}` and NaN and the
//! infinities as `{"_sdkType":"Number","text":"NaN"}`. Functions, symbols, files and unknown
//! `_sdkType`s never reach here: the JS walk refuses them, naming their path.
//!
//! [`read`] turns that text into the core's [`Value`], checking the fields of each SDK type.

use crate::core::error::SdkError;
use crate::core::json;
use crate::core::number::{JsNumber, Num};
use crate::core::text;
use crate::core::value::Value;
use crate::prelude::*;

/// Largest integer a JS number holds exactly: integers beyond it were floats in JS.
const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// Reads the JSON text of a caller value (see the module doc); `root` names the value in
/// errors (`query`, `value`; empty for call params). Fails with `InvalidParams` naming the path
/// of an SDK type with a missing or mistyped field (``"`a.b` is a Money without a string
/// `currency`"``), a Money amount with a fraction, or text that is not such JSON.
pub fn read(text: &str, root: &str) -> Result<Value, SdkError> {
    let tree = json::parse(text).map_err(|e| {
        let offset = text::int(e.offset as i64);
        SdkError::InvalidParams(text::concat(&[
            "`",
            name(root),
            "` cannot be read: invalid JSON at byte ",
            &offset,
            ": ",
            &e.message,
        ]))
    })?;
    convert(tree, &mut Path(root.to_owned())).map_err(SdkError::InvalidParams)
}

/// Reads `createInstance`'s settings: the JSON object text `{"key": <caller value>, ...}` that
/// `configParts` in js/sdk.js writes, each setting read as [`read`] reads a value named by its
/// key. Fails with `InvalidConfig` (``"`key` has a value the SDK cannot use"``) for a setting
/// [`read`] would refuse, and for text that is not such an object.
pub fn read_config(text: &str) -> Result<Value, SdkError> {
    let Ok(Value::Map(mut entries)) = json::parse(text) else {
        return Err(SdkError::InvalidConfig(
            "the settings cannot be read".to_owned(),
        ));
    };
    let mut path = Path(String::new());
    for (key, value) in entries.iter_mut() {
        path.0.clear();
        path.0.push_str(key);
        if fix(value, &mut path).is_err() {
            return Err(SdkError::InvalidConfig(text::concat(&[
                "`",
                key,
                "` has a value the SDK cannot use",
            ])));
        }
    }
    Ok(Value::Map(entries))
}

/// The path of the value being read, as `a.b[0].c` after the root name.
struct Path(String);

impl Path {
    /// The `InvalidParams` message naming the path: "`path` " and then `what`, in one text.
    /// The reader's steps pass this message alone (three words) rather than the whole
    /// `SdkError`, which [`read`] makes of it once.
    fn invalid(&self, what: &[&str]) -> String {
        let mut message = text::concat(&["`", name(&self.0), "` "]);
        for part in what {
            message.push_str(part);
        }
        message
    }
}

fn name(path: &str) -> &str {
    if path.is_empty() {
        "params"
    } else {
        path
    }
}

/// Turns the markers of `value` into SDK types in place. Plain loops and one small frame per
/// level: caller values nest up to 512 levels, and the wasm stack is small.
fn convert(mut value: Value, path: &mut Path) -> Result<Value, String> {
    fix(&mut value, path)?;
    Ok(value)
}

fn fix(value: &mut Value, path: &mut Path) -> Result<(), String> {
    match value {
        Value::Int(i) if !(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(i) => {
            *value = Value::Float(Num::from_i64(*i));
        }
        Value::Array(items) => {
            let len = path.0.len();
            for (i, item) in items.iter_mut().enumerate() {
                path.0.push('[');
                json::write_int(&mut path.0, i as i64);
                path.0.push(']');
                fix(item, path)?;
                path.0.truncate(len);
            }
        }
        Value::Map(entries) => {
            if let Some(kind) = text_field(entries, "_sdkType") {
                *value = sdk_type(entries, kind, path)?;
                return Ok(());
            }
            let len = path.0.len();
            for (key, item) in entries.iter_mut() {
                if len > 0 {
                    path.0.push('.');
                }
                path.0.push_str(key);
                fix(item, path)?;
                path.0.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// The value of an object's field `key`.
fn field<'a>(entries: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The text of an object's field `key` when it is a string.
fn text_field<'a>(entries: &'a [(String, Value)], key: &str) -> Option<&'a str> {
    match field(entries, key) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The number a field holds: a JS number, or NaN and the infinities as their marker.
fn number(value: Option<&Value>) -> Option<Num> {
    match value? {
        Value::Int(i) => Some(Num::from_i64(*i)),
        Value::Float(f) => Some(f.duplicate()),
        Value::Map(marker) if text_field(marker, "_sdkType") == Some("Number") => {
            non_finite(text_field(marker, "text")?)
        }
        _ => None,
    }
}

/// NaN or an infinity, as JS writes them; `None` for any other text.
fn non_finite(text: &str) -> Option<Num> {
    match text {
        "NaN" | "Infinity" | "-Infinity" => Num::from_text(text),
        _ => None,
    }
}

/// The coordinates of a `{lat, lng}` object.
fn lat_lng(object: Option<&Value>) -> Option<(Num, Num)> {
    let Some(Value::Map(entries)) = object else {
        return None;
    };
    Some((
        number(field(entries, "lat"))?,
        number(field(entries, "lng"))?,
    ))
}

/// The error of a missing or mistyped field: "is a <kind> without a <what> `<key>`".
#[inline(never)]
fn missing(path: &Path, kind: &str, what: &str, key: &str) -> String {
    path.invalid(&["is a ", kind, " without a ", what, " `", key, "`"])
}

/// The number of the SDK type field `key`.
#[inline(never)]
fn num_field(
    entries: &[(String, Value)],
    kind: &str,
    key: &str,
    path: &Path,
) -> Result<Num, String> {
    number(field(entries, key)).ok_or_else(|| missing(path, kind, "numeric", key))
}

/// The text of the SDK type field `key`.
#[inline(never)]
fn text_value(
    entries: &[(String, Value)],
    kind: &str,
    key: &str,
    path: &Path,
) -> Result<String, String> {
    match text_field(entries, key) {
        Some(s) => Ok(s.to_owned()),
        None => Err(missing(path, kind, "string", key)),
    }
}

/// Reads an SDK type (ours or the official SDK's: both carry `_sdkType`), a `Date` or a
/// non-finite number from its fields.
fn sdk_type(entries: &[(String, Value)], kind: &str, path: &Path) -> Result<Value, String> {
    let num = |key: &str| num_field(entries, kind, key, path);
    let text = |key: &str| text_value(entries, kind, key, path);
    let point = |key: &str| {
        lat_lng(field(entries, key))
            .ok_or_else(|| path.invalid(&["is a LatLngBounds whose `", key, "` is not a LatLng"]))
    };
    // One table searched once: a `match` on the text compiles a comparison per arm. Each
    // arm gives a `Result` and the one return passes it on.
    const KINDS: [&str; 7] = [
        "UUID",
        "LatLng",
        "LatLngBounds",
        "Money",
        "BigDecimal",
        "Date",
        "Number",
    ];
    match KINDS.iter().position(|known| *known == kind) {
        Some(0) => text("uuid").map(Value::Uuid),
        Some(1) => num("lat").and_then(|lat| {
            Ok(Value::LatLng {
                lat,
                lng: num("lng")?,
            })
        }),
        Some(2) => point("ne").and_then(|ne| {
            Ok(Value::LatLngBounds {
                ne,
                sw: point("sw")?,
            })
        }),
        Some(3) => {
            let amount = match field(entries, "amount") {
                Some(Value::Int(i)) => Ok(*i),
                _ => num("amount").and_then(|n| {
                    n.to_i64().ok_or_else(|| {
                        path.invalid(&[
                            "is a Money whose amount is not a whole number of minor units",
                        ])
                    })
                }),
            };
            amount.and_then(|amount| {
                Ok(Value::Money {
                    amount,
                    currency: text("currency")?,
                })
            })
        }
        Some(4) => text("value").map(Value::BigDecimal),
        Some(5) => match field(entries, "ms") {
            Some(Value::Int(ms)) => Ok(Value::Instant(*ms)),
            _ => Err(path.invalid(&["is an invalid Date"])),
        },
        Some(6) => match text_field(entries, "text").and_then(non_finite) {
            Some(n) => Ok(Value::Float(n)),
            None => Err(path.invalid(&["is not a number"])),
        },
        _ => Err(path.invalid(&["has an unknown _sdkType `", kind, "`"])),
    }
}

// Native only: the tests build values with `f64` numbers (see `core::number`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn ok(text: &str) -> Value {
        read(text, "").unwrap()
    }

    fn message(text: &str, root: &str) -> String {
        read(text, root).unwrap_err().to_string()
    }

    #[test]
    fn plain_json_stays_plain_and_unsafe_integers_are_floats() {
        assert_eq!(
            ok(r#"{"a":[1,2.5,"x",true,null],"b":9007199254740993}"#),
            Value::map([
                (
                    "a",
                    Value::Array(vec![
                        Value::Int(1),
                        Value::Float(2.5),
                        Value::from("x"),
                        Value::Bool(true),
                        Value::Null
                    ])
                ),
                ("b", Value::Float(9007199254740993.0)),
            ])
        );
        assert_eq!(ok("-9007199254740991"), Value::Int(-9_007_199_254_740_991));
    }

    #[test]
    fn markers_become_sdk_types_dates_and_non_finite_numbers() {
        let text = r#"[{"_sdkType":"UUID","uuid":"u"},{"_sdkType":"LatLng","lat":1.5,"lng":-2},
            {"_sdkType":"LatLngBounds","ne":{"_sdkType":"LatLng","lat":1,"lng":2},"sw":{"lat":3,"lng":4}},
            {"_sdkType":"Money","amount":100,"currency":"EUR"},{"_sdkType":"BigDecimal","value":"1.10"},
            {"_sdkType":"Date","ms":-5},{"_sdkType":"Number","text":"-Infinity"},
            {"_sdkType":"LatLng","lat":{"_sdkType":"Number","text":"NaN"},"lng":0}]"#;
        let Value::Array(items) = ok(text) else {
            panic!("an array")
        };
        assert_eq!(items[0], Value::Uuid("u".to_owned()));
        assert_eq!(
            items[1],
            Value::LatLng {
                lat: 1.5,
                lng: -2.0
            }
        );
        assert_eq!(
            items[2],
            Value::LatLngBounds {
                ne: (1.0, 2.0),
                sw: (3.0, 4.0)
            }
        );
        assert_eq!(
            items[3],
            Value::Money {
                amount: 100,
                currency: "EUR".to_owned()
            }
        );
        assert_eq!(items[4], Value::BigDecimal("1.10".to_owned()));
        assert_eq!(items[5], Value::Instant(-5));
        assert_eq!(items[6], Value::Float(f64::NEG_INFINITY));
        assert!(matches!(items[7], Value::LatLng { lat, .. } if lat.is_nan()));
    }

    #[test]
    fn bad_sdk_types_are_named_by_their_path() {
        assert_eq!(
            message(r#"{"a":{"b":[{"_sdkType":"Money","amount":1}]}}"#, ""),
            "Invalid parameters: `a.b[0]` is a Money without a string `currency`"
        );
        assert_eq!(
            message(r#"{"p":{"_sdkType":"Money","amount":1.5,"currency":"EUR"}}"#, "query"),
            "Invalid parameters: `query.p` is a Money whose amount is not a whole number of minor units"
        );
        assert_eq!(
            message(
                r#"{"_sdkType":"LatLngBounds","ne":{"lat":1},"sw":{"lat":1,"lng":2}}"#,
                "value"
            ),
            "Invalid parameters: `value` is a LatLngBounds whose `ne` is not a LatLng"
        );
        assert_eq!(
            message(r#"[{"_sdkType":"LatLng","lat":"1","lng":2}]"#, ""),
            "Invalid parameters: `[0]` is a LatLng without a numeric `lat`"
        );
        assert!(message("{", "").starts_with("Invalid parameters: `params` cannot be read"));
    }

    #[test]
    fn config_settings_are_read_each_by_its_key() {
        let settings =
            read_config(r#"{"clientId":"c","transitVerbose":true,"x":{"_sdkType":"Date","ms":1}}"#)
                .unwrap();
        assert_eq!(settings.get("clientId"), Some(&Value::from("c")));
        assert_eq!(settings.get("x"), Some(&Value::Instant(1)));
        let bad = read_config(r#"{"clientId":"c","baseUrl":{"_sdkType":"Money","amount":1}}"#);
        assert_eq!(
            bad.unwrap_err().to_string(),
            "Invalid SDK config: `baseUrl` has a value the SDK cannot use"
        );
        assert!(matches!(read_config("[]"), Err(SdkError::InvalidConfig(_))));
    }
}
