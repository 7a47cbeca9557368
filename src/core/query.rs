//! Query-string and form encoding, byte for byte as `sharetribe-flex-sdk` encodes them.

use crate::core::error::SdkError;
use crate::core::value::Value;

/// Encodes a map of query parameters as the official SDK does (see the module tests for the
/// rules). `params` must be a `Value::Map` (or `Null` for none). Fails with
/// `SdkError::InvalidParams` naming the parameter when a value cannot go in a query string
/// (a plain object, for instance).
pub fn encode(params: &Value) -> Result<String, SdkError> {
    let _ = params;
    todo!("query::encode")
}

/// Encodes `application/x-www-form-urlencoded` pairs, as the Auth API expects them.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let _ = pairs;
    todo!("query::form_encode")
}
