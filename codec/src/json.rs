//! A small JSON reader and writer over [`Value`], used for the Auth API, stored tokens and as
//! the first layer of the Transit codec. Written by hand to keep the wasm binary small.
//!

use crate::iso8601;
use crate::number::{JsNumber, Num};
use crate::prelude::*;
use crate::text;
use crate::value::Value;
use alloc::borrow::Cow;
use core::fmt;

/// A JSON document that could not be parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// What was wrong, e.g. "expected ':'".
    pub message: String,
    /// Byte offset in the input where the problem was found.
    pub offset: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at byte {}: {}", self.offset, self.message)
    }
}

impl core::error::Error for JsonError {}

/// How deeply arrays and objects may nest. Deeper documents are refused so that hostile input
/// cannot exhaust the (small, in wasm) stack of the recursive parser.
const MAX_DEPTH: usize = 512;

/// Parses JSON text into a [`Value`] made of `Null`, `Bool`, `Int`, `Float`, `String`, `Array`
/// and `Map` only. Fails on anything that is not one complete JSON value.
///
/// Numbers without fraction or exponent that fit in an `i64` become `Int`, all others `Float`.
/// Objects keep their keys in document order; when a key repeats, the last value wins and keeps
/// the first position (as a JS object would). A `\u` escape of a lone surrogate becomes U+FFFD.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        items: Vec::new(),
        entries: Vec::new(),
    };
    parser.skip_whitespace();
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.pos != parser.bytes.len() {
        return Err(parser.error("unexpected characters after the JSON value"));
    }
    Ok(value)
}

/// Writes `value` as compact JSON. SDK types are written as the API's JSON mode spells them:
/// keywords and UUIDs as strings, `Money` as `{amount, currency}`, `LatLng` as `{lat, lng}`,
/// `BigDecimal` as its text, instants as ISO-8601 strings.
///
/// `LatLngBounds` becomes `{"ne": {lat, lng}, "sw": {lat, lng}}`. Non-finite floats become
/// `null`, as `JSON.stringify` does.
pub fn write(value: &Value) -> String {
    let mut out = String::with_capacity(64);
    write_into(&mut out, value);
    out
}

/// Appends `value` as compact JSON to `out`; the buffer-reusing form of [`write`].
pub fn write_into(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => write_int(out, *i),
        Value::Float(f) => f.write_json(out),
        Value::String(s) | Value::Keyword(s) | Value::Uuid(s) | Value::BigDecimal(s) => {
            write_string(out, s)
        }
        Value::LatLng { lat, lng } => write_lat_lng(out, lat, lng),
        Value::LatLngBounds { ne, sw } => {
            out.push_str("{\"ne\":");
            write_lat_lng(out, &ne.0, &ne.1);
            out.push_str(",\"sw\":");
            write_lat_lng(out, &sw.0, &sw.1);
            out.push('}');
        }
        Value::Money { amount, currency } => {
            out.push_str("{\"amount\":");
            write_int(out, *amount);
            out.push_str(",\"currency\":");
            write_string(out, currency);
            out.push('}');
        }
        Value::Instant(ms) => {
            out.push('"');
            iso8601::write(out, *ms);
            out.push('"');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_into(out, item);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_into(out, item);
            }
            out.push('}');
        }
    }
}

fn write_lat_lng(out: &mut String, lat: &Num, lng: &Num) {
    out.push_str("{\"lat\":");
    lat.write_json(out);
    out.push_str(",\"lng\":");
    lng.write_json(out);
    out.push('}');
}

/// Appends `s` as a quoted JSON string literal.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    write_escaped(out, s);
    out.push('"');
}

/// Appends the JSON escaping of `s` without the surrounding quotes: `"`, `\` and control
/// characters are escaped, everything else (including non-ASCII) is copied as UTF-8.
pub fn write_escaped(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // Escaped bytes are ASCII, so `i` is on a char boundary.
        out.push_str(text::slice(s, run_start, i));
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        } else {
            out.push_str(escape);
        }
        run_start = i + 1;
    }
    out.push_str(text::from(s, run_start));
}

/// Appends an integer in decimal.
pub fn write_int(out: &mut String, value: i64) {
    text::push_int(out, value);
}

pub use crate::js_number::write_float;

/// Where the run of plain string content from `i` ends: the index of the first `"`, `\\` or
/// control character, or the end of `bytes`. Most string bytes are plain, so this tests eight
/// at a time in a `u64` (the usual "has a zero byte" bit trick), then finds the byte in the
/// word that stopped it one by one; about three times fewer instructions than byte by byte.
#[inline]
fn plain_run_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // High bit of each byte of `v` that is below `n` (exact for the first such byte, which is
    // all that is needed: the word is rescanned byte by byte).
    let below = |v: u64, n: u8| v.wrapping_sub(ONES * u64::from(n)) & !v & HIGHS;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_ne_bytes(chunk.try_into().unwrap_or([0; 8]));
        let stops = below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20);
        if stops != 0 {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// A string literal exactly as written in a JSON text, quotes included.
#[derive(Debug, Clone, Copy)]
pub struct RawString<'a> {
    /// The literal with its quotes: valid JSON to copy into other JSON.
    pub quoted: &'a str,
    /// Whether it holds any backslash escape; when not, [`RawString::body`] is also its value.
    pub escaped: bool,
}

impl<'a> RawString<'a> {
    /// The text between the quotes, escapes as written.
    #[inline]
    pub fn body(&self) -> &'a str {
        text::slice(self.quoted, 1, self.quoted.len() - 1)
    }

    /// The string's value, escapes decoded.
    pub fn value(&self) -> Result<Cow<'a, str>, JsonError> {
        if self.escaped {
            Lexer::new(self.quoted).string()
        } else {
            Ok(Cow::Borrowed(self.body()))
        }
    }
}

/// A JSON lexer for single-pass readers (the Transit transcoder): the parser's own string and
/// number readers, without building a tree.
pub struct Lexer<'a>(Parser<'a>);

impl<'a> Lexer<'a> {
    /// A lexer at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Lexer(Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            items: Vec::new(),
            entries: Vec::new(),
        })
    }

    /// The next byte after any whitespace, without consuming it.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        // Transit from the API has no whitespace: check for that first.
        match self.0.peek() {
            Some(b) if b > b' ' => Some(b),
            _ => {
                self.0.skip_whitespace();
                self.0.peek()
            }
        }
    }

    /// Consumes `byte` (after whitespace) or fails saying it was expected.
    pub fn expect(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.0.pos += 1;
            Ok(())
        } else {
            Err(self.0.error(match byte {
                b':' => "expected ':'",
                b']' => "expected ',' or ']'",
                b'}' => "expected ',' or '}'",
                _ => "unexpected character",
            }))
        }
    }

    /// Consumes `byte` if it comes next (after whitespace).
    #[inline]
    pub fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.0.pos += 1;
        }
        found
    }

    /// Reads a string literal (next after whitespace), unescaped; borrowed from the input
    /// when it has no escapes.
    pub fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        match self.peek() {
            Some(b'"') => self.0.string_cow(),
            _ => Err(self.0.error("expected a string")),
        }
    }

    /// Reads a string literal (next after whitespace) without unescaping it: its text as
    /// written, with the escapes checked, so that it can be copied into other JSON as is.
    pub fn raw_string(&mut self) -> Result<RawString<'a>, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.0.error("expected a string"));
        }
        let p = &mut self.0;
        let open = p.pos;
        let mut i = open + 1;
        let mut escaped = false;
        loop {
            i = plain_run_end(p.bytes, i);
            match p.bytes.get(i) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    i += match p.bytes.get(i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => 2,
                        Some(b'u')
                            if p.bytes.len() > i + 5
                                && p.bytes[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit) =>
                        {
                            6
                        }
                        _ => {
                            p.pos = i;
                            return Err(p.error("invalid escape in string"));
                        }
                    };
                }
                Some(_) => {
                    p.pos = i;
                    return Err(p.error("control character in string"));
                }
                None => {
                    p.pos = i;
                    return Err(p.error("unterminated string"));
                }
            }
        }
        p.pos = i + 1;
        Ok(RawString {
            quoted: text::slice(p.text, open, p.pos),
            escaped,
        })
    }

    /// Reads a number literal and returns its checked text.
    pub fn number(&mut self) -> Result<&'a str, JsonError> {
        self.peek();
        self.0.number_token()
    }

    /// Reads `true`, `false` or `null` and returns its text.
    pub fn literal(&mut self) -> Result<&'static str, JsonError> {
        let word = match self.peek() {
            Some(b't') => "true",
            Some(b'f') => "false",
            _ => "null",
        };
        self.0.literal(word, Value::Null)?;
        Ok(word)
    }

    /// Tracks nesting so hostile input cannot exhaust the stack.
    pub fn nest(&mut self, delta: isize) -> Result<(), JsonError> {
        self.0.depth = self.0.depth.saturating_add_signed(delta);
        if self.0.depth > MAX_DEPTH {
            return Err(self.0.error("arrays and objects nested too deeply"));
        }
        Ok(())
    }

    /// Fails unless only whitespace is left.
    pub fn finish(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.0.error("unexpected characters after the JSON value")),
        }
    }
}

/// Inserts `key` into a map's entries with JS object semantics: a repeated key replaces the
/// earlier value in place.
pub fn insert_last_wins(entries: &mut Vec<(String, Value)>, key: String, value: Value) {
    match entries.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => entries.push((key, value)),
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// Scratch stacks: the elements of every open array (and entries of every open object)
    /// collect here, and each finished one is moved out into a vector of exactly its size.
    /// This saves the repeated regrowth of a fresh vector per array, which dominated parsing.
    items: Vec<Value>,
    entries: Vec<(String, Value)>,
}

impl<'a> Parser<'a> {
    fn error(&self, message: &str) -> JsonError {
        JsonError {
            message: message.to_owned(),
            offset: self.pos,
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Value, JsonError> {
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("unexpected character")),
            None => Err(self.error("unexpected end of input")),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("unexpected character"))
        }
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("arrays and objects nested too deeply"));
        }
        self.pos += 1;
        self.skip_whitespace();
        Ok(())
    }

    fn array(&mut self) -> Result<Value, JsonError> {
        self.enter()?;
        let base = self.items.len();
        if self.peek() != Some(b']') {
            loop {
                let item = self.value()?;
                self.items.push(item);
                self.skip_whitespace();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_whitespace();
                    }
                    Some(b']') => break,
                    _ => return Err(self.error("expected ',' or ']'")),
                }
            }
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(Value::Array(self.items.split_off(base)))
    }

    fn object(&mut self) -> Result<Value, JsonError> {
        self.enter()?;
        let base = self.entries.len();
        if self.peek() != Some(b'}') {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(self.error("expected a string key"));
                }
                let key = self.string()?;
                self.skip_whitespace();
                if self.peek() != Some(b':') {
                    return Err(self.error("expected ':'"));
                }
                self.pos += 1;
                self.skip_whitespace();
                let value = self.value()?;
                // Last value wins, in the first position (JS object semantics).
                match self.entries[base..].iter_mut().find(|(k, _)| *k == key) {
                    Some(slot) => slot.1 = value,
                    None => self.entries.push((key, value)),
                }
                self.skip_whitespace();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_whitespace();
                    }
                    Some(b'}') => break,
                    _ => return Err(self.error("expected ',' or '}'")),
                }
            }
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(Value::Map(self.entries.split_off(base)))
    }

    /// Reads a string literal; `pos` is on its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.string_cow().map(Cow::into_owned)
    }

    /// Reads a string literal, borrowing it from the input when it has no escapes.
    fn string_cow(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.pos += 1;
        // The decoded text once an escape is met; until then the text is a slice of the input.
        let mut decoded: Option<String> = None;
        let mut run_start = self.pos;
        loop {
            match self.peek() {
                Some(b'"') => {
                    let run = text::slice(self.text, run_start, self.pos);
                    self.pos += 1;
                    return Ok(match decoded {
                        None => Cow::Borrowed(run),
                        Some(mut out) => {
                            out.push_str(run);
                            Cow::Owned(out)
                        }
                    });
                }
                Some(b'\\') => {
                    let room = self.pos - run_start + 16;
                    let out = decoded.get_or_insert_with(|| String::with_capacity(room));
                    out.push_str(text::slice(self.text, run_start, self.pos));
                    self.pos += 1;
                    let c = self.escape()?;
                    out.push(c);
                    run_start = self.pos;
                }
                Some(0x00..=0x1f) => return Err(self.error("control character in string")),
                Some(_) => self.pos += 1,
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// Decodes one escape; `pos` is just after the backslash. Gives the char rather than
    /// appending it: one append (with its UTF-8 encoding) serves every kind of escape.
    fn escape(&mut self) -> Result<char, JsonError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                let c = if (0xd800..0xdc00).contains(&unit)
                    && self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u")
                {
                    let resume = self.pos;
                    self.pos += 2;
                    let low = self.hex4()?;
                    if (0xdc00..0xe000).contains(&low) {
                        let code = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                        char::from_u32(code).unwrap_or('\u{fffd}')
                    } else {
                        // Not a low surrogate: leave that escape to be read on its own.
                        self.pos = resume;
                        '\u{fffd}'
                    }
                } else {
                    char::from_u32(unit).unwrap_or('\u{fffd}')
                };
                return Ok(c);
            }
            _ => return Err(self.error("invalid escape in string")),
        };
        self.pos += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.error("invalid \\u escape")),
            };
            unit = unit * 16 + u32::from(digit);
            self.pos += 1;
        }
        Ok(unit)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Reads a number literal, checking the JSON grammar, and returns its text.
    fn number_token(&mut self) -> Result<&'a str, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("expected digits after '.'"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected digits in exponent"));
            }
        }
        Ok(text::slice(self.text, start, self.pos))
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let text = self.number_token()?;
        // By bytes: a `[char]` pattern search compiles to more wasm.
        let integral = !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'));
        if integral {
            if let Some(i) = text::parse_int(text) {
                return Ok(Value::Int(i));
            }
        }
        // The grammar was checked above, and both number types accept every JSON number.
        Num::from_text(text)
            .map(Value::Float)
            .ok_or_else(|| self.error("invalid number"))
    }
}

// Native only: the tests build values with `f64` numbers (see `core::number`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    #[test]
    fn parses_scalars_and_number_kinds() {
        assert_eq!(parse("null"), Ok(Value::Null));
        assert_eq!(parse(" true "), Ok(Value::Bool(true)));
        assert_eq!(parse("false"), Ok(Value::Bool(false)));
        assert_eq!(parse("42"), Ok(Value::Int(42)));
        assert_eq!(parse("-7"), Ok(Value::Int(-7)));
        assert_eq!(parse("40.0"), Ok(Value::Float(40.0)));
        assert_eq!(parse("1e3"), Ok(Value::Float(1000.0)));
        assert_eq!(parse("-2.5E-3"), Ok(Value::Float(-0.0025)));
        assert_eq!(
            parse("9223372036854775807"),
            Ok(Value::Int(i64::MAX)),
            "i64::MAX still fits"
        );
        assert_eq!(
            parse("9223372036854775808"),
            Ok(Value::Float(9.223_372_036_854_776e18))
        );
    }

    #[test]
    fn parses_nested_structures_in_document_order() {
        let v = parse(r#"{"b": [1, {"c": null}], "a": "x", "d": {}}"#).unwrap();
        assert_eq!(
            v,
            Value::map([
                (
                    "b",
                    Value::Array(vec![Value::Int(1), Value::map([("c", Value::Null)])])
                ),
                ("a", s("x")),
                ("d", Value::Map(vec![])),
            ])
        );
    }

    #[test]
    fn duplicate_keys_last_value_wins_in_first_position() {
        let v = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        assert_eq!(v, Value::map([("a", Value::Int(3)), ("b", Value::Int(2))]));
    }

    #[test]
    fn decodes_string_escapes_and_surrogate_pairs() {
        assert_eq!(
            parse(r#""a\"b\\c\/d\b\f\n\r\t""#),
            Ok(s("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        );
        assert_eq!(parse(r#""\u00e9\u20AC""#), Ok(s("é€")));
        assert_eq!(parse(r#""\ud83d\ude00!""#), Ok(s("😀!")));
        assert_eq!(parse(r#""\ud83d x""#), Ok(s("\u{fffd} x")));
        assert_eq!(parse(r#""\ude00""#), Ok(s("\u{fffd}")));
        assert_eq!(parse(r#""\ud83d\u0041""#), Ok(s("\u{fffd}A")));
        assert_eq!(parse("\"héllo 😀\""), Ok(s("héllo 😀")));
    }

    #[test]
    fn rejects_malformed_documents_with_offsets() {
        let cases = [
            ("", 0),
            ("[1,]", 3),
            ("{\"a\" 1}", 5),
            ("{\"a\":1,}", 7),
            ("{a:1}", 1),
            ("[1 2]", 3),
            ("01", 1),
            ("1.", 2),
            ("1e", 2),
            ("-", 1),
            ("+1", 0),
            ("tru", 0),
            ("\"abc", 4),
            ("\"a\nb\"", 2),
            ("\"\\x\"", 2),
            ("\"\\u12g4\"", 5),
            ("[1] x", 4),
            ("NaN", 0),
            ("\u{feff}1", 0),
        ];
        for (text, offset) in cases {
            let err = parse(text).expect_err(text);
            assert_eq!(err.offset, offset, "offset for {text:?}: {err}");
            assert!(!err.message.is_empty());
        }
    }

    #[test]
    fn refuses_excessive_nesting_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        let err = parse(&deep).unwrap_err();
        assert!(err.message.contains("nested too deeply"), "{err}");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn writes_compact_json_with_escaping() {
        let v = Value::map([
            ("s", s("quote\" back\\ nl\n tab\t ctl\u{1} é 😀")),
            ("n", Value::Null),
            ("b", Value::Bool(false)),
            ("i", Value::Int(i64::MIN)),
            ("a", Value::Array(vec![Value::Int(1), Value::Float(1.5)])),
        ]);
        assert_eq!(
            write(&v),
            r#"{"s":"quote\" back\\ nl\n tab\t ctl\u0001 é 😀","n":null,"b":false,"i":-9223372036854775808,"a":[1,1.5]}"#
        );
        assert_eq!(parse(&write(&v)), Ok(v));
    }

    #[test]
    fn writes_floats_that_read_back_exactly() {
        let cases = [
            (40.0, "40"),
            (-0.0, "0"),
            (0.1, "0.1"),
            (-74.08508, "-74.08508"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (123456789012.5, "123456789012.5"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ];
        for (f, text) in cases {
            let mut out = String::new();
            write_float(&mut out, f);
            assert_eq!(out, text);
        }
        for f in [
            0.1 + 0.2,
            1.0 / 3.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            2f64.powi(60),
        ] {
            let mut out = String::new();
            write_float(&mut out, f);
            let back = match parse(&out).unwrap() {
                Value::Float(x) => x,
                Value::Int(i) => i as f64,
                other => panic!("{other:?}"),
            };
            assert_eq!(back, f, "{out}");
        }
    }

    #[test]
    fn writes_sdk_types_as_the_json_api_does() {
        let v = Value::Array(vec![
            Value::Keyword("transition/request".into()),
            Value::Uuid("5e1f2086-522c-46f3-87b4-451c6770c833".into()),
            Value::Money {
                amount: 12000,
                currency: "USD".into(),
            },
            Value::LatLng {
                lat: 40.0,
                lng: -74.5,
            },
            Value::LatLngBounds {
                ne: (1.5, 2.0),
                sw: (-3.0, 4.25),
            },
            Value::BigDecimal("2.50".into()),
            Value::Instant(1_736_924_119_845),
        ]);
        assert_eq!(
            write(&v),
            concat!(
                r#"["transition/request","5e1f2086-522c-46f3-87b4-451c6770c833","#,
                r#"{"amount":12000,"currency":"USD"},{"lat":40,"lng":-74.5},"#,
                r#"{"ne":{"lat":1.5,"lng":2},"sw":{"lat":-3,"lng":4.25}},"2.50","#,
                r#""2025-01-15T06:55:19.845Z"]"#
            )
        );
    }
}
