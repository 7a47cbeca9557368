//! Transit text straight to [`TaggedJson`] text, in one pass and without building a tree: the
//! way responses reach JavaScript (one string, read by the engine's native `JSON.parse`).
//!
//! Strings are copied as written, escapes and all: a JSON string literal is valid in the output
//! as it was in the input, so only the Transit prefixes (`~:`, `~u`, …) are cut off, and the key
//! cache holds slices of the input. Numbers are copied as written too. The meaning is exactly
//! that of [`transit::decode`] followed by [`TaggedJson::of`]; the rare shapes this pass does not
//! handle itself (composite keys, `~#cmap`, array-form scalar tags, a tag opening a longer
//! array, escapes inside Transit prefixes) are decoded that way instead.

use crate::core::json::{self, Lexer, RawString};
use crate::core::tagged_json::TaggedJson;
use crate::core::transit::{
    self, bad_payload, is_cache_code, is_cacheable, parse_string, Atom, ReadCache, TransitError,
};
use crate::core::value::Value;
use crate::prelude::*;
use alloc::borrow::Cow;

/// Decodes a Transit document into [`TaggedJson`] (plain JSON, SDK types as `_sdkType` objects,
/// keywords as strings), with the same result as `TaggedJson::of(&transit::decode(text)?)`.
///
/// Fails as [`transit::decode`] does: on text that is not JSON, an unknown cache reference, a
/// malformed scalar, or a `~#geo`/`~#mn` with a payload of the wrong shape.
pub fn decode_to_tagged_json(text: &str) -> Result<TaggedJson, TransitError> {
    let mut transcoder = Transcoder {
        lexer: Lexer::new(text),
        cache: ReadCache::default(),
        out: TaggedJson {
            // The output is a little longer than the input (type markers).
            text: String::with_capacity(text.len() + text.len() / 4),
            has_types: false,
        },
    };
    match transcoder.document() {
        Ok(()) => Ok(transcoder.out),
        Err(Step::Fallback) => transit::decode(text).map(|value| TaggedJson::of(&value)),
        Err(Step::Failed(e)) => Err(e),
    }
}

/// Why the single pass stopped.
enum Step {
    /// A shape the single pass leaves to the tree decoder.
    Fallback,
    Failed(TransitError),
}

impl From<TransitError> for Step {
    fn from(e: TransitError) -> Self {
        Step::Failed(e)
    }
}

impl From<json::JsonError> for Step {
    fn from(e: json::JsonError) -> Self {
        Step::Failed(TransitError(e.to_string()))
    }
}

/// A key-cache entry.
enum Entry<'a> {
    /// A map key, keyword or string: the body of its JSON string literal, escapes as written.
    Text(&'a str),
    /// A tag (`~#name`): its name.
    Tag(&'a str),
    /// Anything else (rare): decoded.
    Atom(Atom),
}

/// Writes a cached or decoded entry: a value, or a map key with its `:` (`as_key`). Only text
/// can be a JSON key; other keys are left to the tree decoder.
fn write_entry(out: &mut TaggedJson, entry: &Entry, as_key: bool) -> Result<(), Step> {
    match entry {
        Entry::Text(body) => write_text(out, body, as_key),
        Entry::Tag(_) if as_key => return Err(Step::Fallback),
        Entry::Tag(name) => json::write_string(&mut out.text, &["~#", name].concat()),
        Entry::Atom(atom) => write_atom(out, atom, as_key)?,
    }
    Ok(())
}

/// Writes a decoded string: a value, or a map key with its `:` (keys must be text).
fn write_atom(out: &mut TaggedJson, atom: &Atom, as_key: bool) -> Result<(), Step> {
    match (atom, as_key) {
        (Atom::Value(Value::String(k) | Value::Keyword(k)), true) => out.key(k),
        (_, true) => return Err(Step::Fallback),
        (Atom::Value(value), false) => out.value(value),
        (Atom::Tag(tag), false) => json::write_string(&mut out.text, &["~#", tag].concat()),
    }
    Ok(())
}

/// Writes `"body"` (and `:` for a key); `body` is already JSON-escaped.
fn write_text(out: &mut TaggedJson, body: &str, as_key: bool) {
    out.text.push('"');
    out.text.push_str(body);
    out.text.push_str(if as_key { "\":" } else { "\"" });
}

/// Writes `{"_sdkType":"<kind>","<field>":` and notes that the document has SDK types; the
/// caller writes the field's value and the closing `}`.
fn open_type(out: &mut TaggedJson, kind_and_field: &str) {
    out.has_types = true;
    out.text.push_str(kind_and_field);
}

const UUID_OPEN: &str = r#"{"_sdkType":"UUID","uuid":""#;
const BIG_DECIMAL_OPEN: &str = r#"{"_sdkType":"BigDecimal","value":""#;
const DATE_OPEN: &str = r#"{"_sdkType":"Date","ms":"#;

struct Transcoder<'a> {
    lexer: Lexer<'a>,
    cache: ReadCache<Entry<'a>>,
    out: TaggedJson,
}

impl<'a> Transcoder<'a> {
    fn document(&mut self) -> Result<(), Step> {
        self.value(false)?;
        self.lexer.finish()?;
        Ok(())
    }

    /// One value; `in_tag` when it is a tag's payload (no tagged value directly inside).
    fn value(&mut self, in_tag: bool) -> Result<(), Step> {
        match self.lexer.peek() {
            Some(b'"') => {
                let s = self.lexer.raw_string()?;
                self.string(s, false)?;
            }
            Some(b'[') => self.array(in_tag)?,
            Some(b'{') => self.object()?,
            Some(b'-' | b'0'..=b'9') => {
                let number = self.lexer.number()?;
                self.out.text.push_str(number);
            }
            _ => {
                let word = self.lexer.literal()?;
                self.out.text.push_str(word);
            }
        }
        Ok(())
    }

    /// Writes a string value, or a map key and its `:` (`as_key`), resolving the cache. The
    /// order of the checks is `transit::Decoder::string`'s: a long key such as `^abc` is cached
    /// text, not a cache reference.
    fn string(&mut self, s: RawString<'a>, as_key: bool) -> Result<(), Step> {
        let body = s.body();
        let b = body.as_bytes();
        // An escape can hide a prefix or change the length that decides caching: decode first.
        if s.escaped && (as_key || matches!(b.first(), Some(b'~' | b'^' | b'\\'))) {
            return self.decoded_string(s, as_key);
        }
        if is_cacheable(body, as_key) {
            let entry = match b[..2] {
                [b'~', b':' | b'$'] => Entry::Text(&body[2..]),
                [b'~', b'#'] => Entry::Tag(&body[2..]),
                [b'~', b'~' | b'^' | b'`'] => Entry::Text(&body[1..]),
                [b'~', _] => Entry::Atom(parse_string(body.to_owned())?),
                _ => Entry::Text(body),
            };
            write_entry(&mut self.out, &entry, as_key)?;
            self.cache.remember(entry);
            return Ok(());
        }
        if is_cache_code(body) {
            return write_entry(&mut self.out, self.cache.recall(body)?, as_key);
        }
        match (b.first(), b.get(1)) {
            (Some(b'~'), Some(b'~' | b'^' | b'`')) => write_text(&mut self.out, &body[1..], as_key),
            (Some(b'~'), Some(b':' | b'$')) => write_text(&mut self.out, &body[2..], as_key),
            (Some(b'~'), Some(b'u')) if !as_key => {
                open_type(&mut self.out, UUID_OPEN);
                self.out.text.push_str(&body[2..]);
                self.out.text.push_str("\"}");
            }
            (Some(b'~'), Some(b'f')) if !as_key => {
                open_type(&mut self.out, BIG_DECIMAL_OPEN);
                self.out.text.push_str(&body[2..]);
                self.out.text.push_str("\"}");
            }
            (Some(b'~'), Some(b'm')) if !as_key => {
                let ms: i64 = body[2..]
                    .parse()
                    .map_err(|_| TransitError(format!("invalid ~m instant `{}`", &body[2..])))?;
                open_type(&mut self.out, DATE_OPEN);
                json::write_int(&mut self.out.text, ms);
                self.out.text.push('}');
            }
            (Some(b'~'), Some(_)) => {
                let atom = parse_string(body.to_owned())?;
                write_atom(&mut self.out, &atom, as_key)?;
            }
            _ if as_key => write_text(&mut self.out, body, true),
            _ => self.out.text.push_str(s.quoted),
        }
        Ok(())
    }

    /// [`Transcoder::string`] for a string whose escapes must be decoded first (rare).
    fn decoded_string(&mut self, s: RawString<'a>, as_key: bool) -> Result<(), Step> {
        let s = s.value()?.into_owned();
        if is_cacheable(&s, as_key) {
            let atom = parse_string(s)?;
            write_atom(&mut self.out, &atom, as_key)?;
            self.cache.remember(Entry::Atom(atom));
        } else if is_cache_code(&s) {
            write_entry(&mut self.out, self.cache.recall(&s)?, as_key)?;
        } else {
            write_atom(&mut self.out, &parse_string(s)?, as_key)?;
        }
        Ok(())
    }

    /// The tag named by the first item of an array or key of an object, when it is a tag
    /// string or a cache reference to one. Caches a new tag string, as reading it would.
    fn tag(&mut self, s: RawString<'a>) -> Result<Option<Cow<'a, str>>, Step> {
        let body = s.body();
        if s.escaped {
            // An escaped tag or cache code: leave it to the tree decoder.
            let value = s.value()?;
            return match value.starts_with("~#") || is_cache_code(&value) {
                true => Err(Step::Fallback),
                false => Ok(None),
            };
        }
        if let Some(name) = body.strip_prefix("~#") {
            if is_cacheable(body, false) {
                self.cache.remember(Entry::Tag(name));
            }
            return Ok(Some(Cow::Borrowed(name)));
        }
        if !is_cache_code(body) {
            return Ok(None);
        }
        Ok(match self.cache.recall(body)? {
            Entry::Tag(name) => Some(Cow::Borrowed(*name)),
            Entry::Atom(Atom::Tag(name)) => Some(Cow::Owned(name.clone())),
            _ => None,
        })
    }

    fn open(&mut self, byte: u8) -> Result<(), Step> {
        self.lexer.expect(byte)?;
        self.lexer.nest(1)?;
        Ok(())
    }

    fn close(&mut self, byte: u8) -> Result<(), Step> {
        self.lexer.expect(byte)?;
        self.lexer.nest(-1)?;
        Ok(())
    }

    fn array(&mut self, in_tag: bool) -> Result<(), Step> {
        self.open(b'[')?;
        if self.lexer.eat(b']') {
            self.lexer.nest(-1)?;
            self.out.text.push_str("[]");
            return Ok(());
        }
        if self.lexer.peek() != Some(b'"') {
            self.out.text.push('[');
            self.value(false)?;
            return self.array_rest();
        }
        let first = self.lexer.raw_string()?;
        if first.quoted == "\"^ \"" {
            return self.array_map();
        }
        if !in_tag {
            if let Some(tag) = self.tag(first)? {
                // `[tag]` and `[tag, rep, more…]` are plain arrays holding tag text: rare.
                if !self.lexer.eat(b',') {
                    return Err(Step::Fallback);
                }
                self.tagged(&tag)?;
                return self.close(b']').map_err(|_| Step::Fallback);
            }
        }
        self.out.text.push('[');
        self.string(first, false)?;
        self.array_rest()
    }

    /// The items after the first of a plain array, and its end.
    fn array_rest(&mut self) -> Result<(), Step> {
        while self.lexer.eat(b',') {
            self.out.text.push(',');
            self.value(false)?;
        }
        self.close(b']')?;
        self.out.text.push(']');
        Ok(())
    }

    /// `["^ ", k, v, …]` after its marker.
    fn array_map(&mut self) -> Result<(), Step> {
        self.out.text.push('{');
        let mut first = true;
        while self.lexer.eat(b',') {
            // Keys that are not strings (composite keys) are left to the tree decoder.
            if self.lexer.peek() != Some(b'"') {
                return Err(Step::Fallback);
            }
            let key = self.lexer.raw_string()?;
            if !first {
                self.out.text.push(',');
            }
            // A repeated key: JSON.parse keeps the last value in the first place, as JS does.
            self.string(key, true)?;
            if !self.lexer.eat(b',') {
                return Err(TransitError("map has a key without a value".into()).into());
            }
            self.value(false)?;
            first = false;
        }
        self.close(b']')?;
        self.out.text.push('}');
        Ok(())
    }

    /// A verbose map (JSON object), or a one-key object holding a tagged value.
    fn object(&mut self) -> Result<(), Step> {
        self.open(b'{')?;
        if self.lexer.eat(b'}') {
            self.lexer.nest(-1)?;
            self.out.text.push_str("{}");
            return Ok(());
        }
        let first = self.lexer.raw_string()?;
        self.lexer.expect(b':')?;
        if let Some(tag) = self.tag(first)? {
            self.tagged(&tag)?;
            return self.close(b'}').map_err(|_| Step::Fallback);
        }
        self.out.text.push('{');
        self.string(first, true)?;
        self.value(false)?;
        while self.lexer.eat(b',') {
            let key = self.lexer.raw_string()?;
            self.lexer.expect(b':')?;
            self.out.text.push(',');
            self.string(key, true)?;
            self.value(false)?;
        }
        self.close(b'}')?;
        self.out.text.push('}');
        Ok(())
    }

    /// The payload of a tagged value.
    fn tagged(&mut self, tag: &str) -> Result<(), Step> {
        match tag {
            "geo" => {
                let [lat, lng] = self
                    .number_pair()
                    .map_err(|_| bad_payload("geo", "[lat, lng]"))?;
                self.out.lat_lng(lat, lng);
                Ok(())
            }
            "mn" => {
                let invalid = || bad_payload("mn", "[integer amount, currency]");
                self.open(b'[').map_err(|_| invalid())?;
                let amount = self.lexer.number().map_err(|_| invalid())?;
                if amount.contains(['.', 'e', 'E']) {
                    return Err(Step::Fallback);
                }
                self.lexer.expect(b',').map_err(|_| invalid())?;
                let currency = self.lexer.raw_string().map_err(|_| invalid())?;
                let currency = self.text_value(currency)?.ok_or_else(invalid)?;
                self.close(b']').map_err(|_| invalid())?;
                self.out.money(amount, &currency);
                Ok(())
            }
            "'" => self.value(false),
            "set" | "list" => self.value(true),
            "cmap" => Err(Step::Fallback),
            _ if tag.len() == 1 => Err(Step::Fallback),
            _ => self.value(true),
        }
    }

    /// A string's decoded text when it stands for a string or keyword, resolving the cache.
    fn text_value(&mut self, s: RawString<'a>) -> Result<Option<String>, Step> {
        let s = s.value()?.into_owned();
        let atom = if is_cacheable(&s, false) {
            let atom = parse_string(s)?;
            self.cache.remember(Entry::Atom(atom.clone()));
            atom
        } else if is_cache_code(&s) {
            match self.cache.recall(&s)? {
                Entry::Text(body) => Atom::Value(Value::String(
                    RawString {
                        quoted: &["\"", body, "\""].concat(),
                        escaped: true,
                    }
                    .value()?
                    .into_owned(),
                )),
                Entry::Tag(name) => Atom::Tag((*name).to_owned()),
                Entry::Atom(atom) => atom.clone(),
            }
        } else {
            parse_string(s)?
        };
        Ok(match atom.into_value() {
            Value::String(c) | Value::Keyword(c) => Some(c),
            _ => None,
        })
    }

    /// `[number, number]`, as the text of each.
    fn number_pair(&mut self) -> Result<[&'a str; 2], Step> {
        self.open(b'[')?;
        let a = self.lexer.number()?;
        self.lexer.expect(b',')?;
        let b = self.lexer.number()?;
        self.close(b']')?;
        Ok([a, b])
    }
}

// Native only: the tests build values with `f64` numbers (see `core::number`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::transit::{decode, encode, encode_verbose};

    /// Integers as floats, so that `40` and `40.0` (the same JS number) compare equal.
    fn normalized(value: Value) -> Value {
        match value {
            Value::Int(i) => Value::Float(i as f64),
            Value::Array(items) => Value::Array(items.into_iter().map(normalized).collect()),
            Value::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, normalized(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    /// The single pass must mean exactly what decoding to a tree and writing that means.
    fn assert_same_as_tree_decoding(text: &str) {
        let fast = decode_to_tagged_json(text).expect("transcodes");
        let slow = TaggedJson::of(&decode(text).expect("decodes"));
        assert_eq!(fast.has_types, slow.has_types, "{text}");
        assert_eq!(
            normalized(json::parse(&fast.text).expect("valid JSON")),
            normalized(json::parse(&slow.text).unwrap()),
            "{text}"
        );
    }

    fn documents() -> Vec<String> {
        let mut docs: Vec<String> = [
            include_str!("../../tests/node/fixtures/listings-search.transit.json"),
            r#"["^ ","~:data",["^ ","~:id","~u5e1f2086-522c-46f3-87b4-451c6770c833","~:type","~:marketplace","~:attributes",["^ ","~:name","Awesome skies."]],"~:meta",["^ "],"~:included",[]]"#,
            r#"["^ ","~:errors",[["^ ","~:id","~u57b3f476-19a0-4e07-9a44-923d9dbbe361","~:status",400,"~:code","bad-request","~:title","Bad request","~:details",["^ ","~:error",["^ ","~:body-params",["^ ","~:title","missing-required-key","^4","x"]]]]]]"#,
            r#"["^ ","~:data",["^ ","~:price",["~#mn",[12000,"USD"]],"~:geolocation",["~#geo",[40.0,73.5]],"~:other",["^1",[1,2]],"~:cost",["^1",[5,"EUR"]]]]"#,
            r#"{"~:data":{"~:id":"~u6787","~:createdAt":"~t2025-01-15T06:55:19.845Z","~:payinTotal":{"~#mn":[4000,"EUR"]},"~:lineItems":[{"~:quantity":"~f2","~:includeFor":{"~#set":["~:customer"]}}],"~:empty":{}}}"#,
            r#"["~#'","~m1736924119845"]"#,
            r#"["~#list",[["~#set",[1,2]],"~~tilde","~^caret","~`tick","~?t","~_","~i12345678901234567890","~zNaN"]]"#,
            r#"["^ ","~#cmap",1]"#,
            r#"["~#cmap",[["^ ","~:a",1],2]]"#,
            r#"[["~#u","5e1f2086-522c-46f3-87b4-451c6770c833"]]"#,
            r#"["~#foo",[1,2],3]"#,
            r#"{"~#foo":[1,2]}"#,
            r#"["^ ",1,2]"#,
            r#"  [ "^ " , "~:a" , [ 1 , -2.5e3 , true , false , null ] ]  "#,
            r#""plain""#,
            "42",
            r#"["^ ","^abc",1,"~:b","^0"]"#,
            r#"{"~uabc":1}"#,
            r#"["^ ","~~x",["~~y","~^z","~:kw","~uid","~f1"]]"#,
            // Escapes: in plain values (copied as written), in keys (decoded to decide
            // caching) and hiding Transit prefixes.
            r#"["^ ","~:a\"b",["line\none","tab\there","\u00e9t\u00e9 \ud83d\ude00","\u007e:kw"],"^0","\"q\""]"#,
            r#"["^ ","\u007e:keyword",["^0","\u005e0"],"k\u00e9y",["\u007e#geo",[1,2]],"~:p",["~#mn",[5,"\u0055SD"]]]"#,
            r#"["^ ","^ ",1,"^abc",["^ "," ^ ","x"],"~:m",["~#mn",[1,"^0"]]]"#,
            r#"["^ ","~:tags",["~#set",["~:one","~:one","^1"]],"~:when","~t2025-01-15T06:55:19.845Z"]"#,
            r#"["^ ","~:a",["~#geo"],"~:b",["~#mn",[1,"~:EURO"]],"~:c",["^1",[2,"^2"]]]"#,
            r#"["h\u00e9llo w\u00f6rld","~:\u00e9t\u00e9","^0","\u00e9","ünï ~:","~:ünï","^1"]"#,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Our own encodings, whose caches run past 44 entries.
        let wide = Value::Map(
            (0..120)
                .map(|i| (format!("key{i}"), Value::Keyword(format!("value/{i}"))))
                .collect(),
        );
        docs.push(encode(&Value::Array(vec![wide.clone(), wide.clone()])));
        docs.push(encode_verbose(&wide));
        // More distinct keys than the cache holds: its numbering starts over.
        let huge = Value::Array(
            (0..2100)
                .map(|i| Value::Map(vec![(format!("key{i}"), Value::Int(i))]))
                .chain((0..40).map(|i| Value::Map(vec![(format!("key{i}"), Value::Int(i))])))
                .collect(),
        );
        docs.push(encode(&huge));
        docs
    }

    #[test]
    fn single_pass_means_what_the_tree_decoder_means() {
        for doc in documents() {
            assert_same_as_tree_decoding(&doc);
        }
    }

    #[test]
    fn sdk_types_become_tagged_objects() {
        let doc = decode_to_tagged_json(
            r#"["^ ","~:id","~uabc","~:at",["~#geo",[60.1,24.9]],"~:p",["~#mn",[100,"EUR"]],"~:q","~f1.5","~:t","~m1000"]"#,
        )
        .unwrap();
        assert!(doc.has_types);
        assert_eq!(
            doc.text,
            concat!(
                r#"{"id":{"_sdkType":"UUID","uuid":"abc"},"#,
                r#""at":{"_sdkType":"LatLng","lat":60.1,"lng":24.9},"#,
                r#""p":{"_sdkType":"Money","amount":100,"currency":"EUR"},"#,
                r#""q":{"_sdkType":"BigDecimal","value":"1.5"},"#,
                r#""t":{"_sdkType":"Date","ms":1000}}"#
            )
        );
        assert!(
            !decode_to_tagged_json(r#"["^ ","~:a","~:b"]"#)
                .unwrap()
                .has_types
        );
    }

    #[test]
    fn malformed_documents_fail_like_the_tree_decoder() {
        for text in [
            "",
            "[",
            r#"["^ ","~:a"]"#,
            r#"["^ ","^5",1]"#,
            r#"["~#geo",["x",1]]"#,
            r#"["~#mn",[1.5]]"#,
            r#"["~#mn",[1,2]]"#,
            r#"["~:a"] x"#,
            r#"{"~:a" 1}"#,
            r#"["~mnope"]"#,
            r#"["^ ","~:a","\x"]"#,
            "[\"a\u{1}\"]",
            r#"["\u12"]"#,
            r#"["unterminated]"#,
            r#"["^0"]"#,
            r#"["^ ","~:a",1,"^1",2]"#,
        ] {
            assert!(decode(text).is_err(), "tree decoder accepts {text:?}");
            assert!(
                decode_to_tagged_json(text).is_err(),
                "transcoder accepts {text:?}"
            );
        }
        let deep = "[".repeat(600) + &"]".repeat(600);
        assert!(decode_to_tagged_json(&deep).is_err(), "nesting is limited");
    }
}
