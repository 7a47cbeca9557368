//! The `application/transit+json` codec as the Sharetribe APIs speak it.

use crate::core::value::Value;

/// A Transit document that could not be decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct TransitError(pub String);

/// Decodes a Transit document (non-verbose or verbose) into a [`Value`].
pub fn decode(text: &str) -> Result<Value, TransitError> {
    let _ = text;
    todo!("transit::decode")
}

/// Encodes `value` as non-verbose Transit with the key cache, every map key a keyword.
pub fn encode(value: &Value) -> String {
    let _ = value;
    todo!("transit::encode")
}

/// Encodes `value` as verbose Transit (JSON objects, no cache).
pub fn encode_verbose(value: &Value) -> String {
    let _ = value;
    todo!("transit::encode_verbose")
}
