//! A small JSON reader and writer over [`Value`], used for the Auth API, stored tokens and as
//! the first layer of the Transit codec. Written by hand to keep the wasm binary small.

use crate::core::value::Value;

/// A JSON document that could not be parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// What was wrong, e.g. "expected ':'".
    pub message: String,
    /// Byte offset in the input where the problem was found.
    pub offset: usize,
}

/// Parses JSON text into a [`Value`] made of `Null`, `Bool`, `Int`, `Float`, `String`, `Array`
/// and `Map` only. Fails on anything that is not one complete JSON value.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let _ = text;
    todo!("json::parse")
}

/// Writes `value` as compact JSON. SDK types are written as the API's JSON mode spells them:
/// keywords and UUIDs as strings, `Money` as `{amount, currency}`, `LatLng` as `{lat, lng}`,
/// `BigDecimal` as its text, instants as ISO-8601 strings.
pub fn write(value: &Value) -> String {
    let _ = value;
    todo!("json::write")
}
