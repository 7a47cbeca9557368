//! Plain core values as JS values, through one JSON text: for the SDK's own data (login and
//! `authInfo` answers, an `api-error`'s `data`).

use crate::core::value::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/sdk.js")]
extern "C" {
    /// `JSON.parse(text)` of JSON this side wrote.
    #[wasm_bindgen(js_name = fromJson)]
    fn from_json(text: &str) -> JsValue;
}

/// Converts a plain core value (what a JSON answer or the SDK's own data holds: no SDK types)
/// to JS: one string crosses into JS and the engine's `JSON.parse` builds the objects.
/// Marketplace API answers do not come through here: JS decodes them (`decodeAnswer`).
pub fn to_js(value: &Value) -> JsValue {
    from_json(&crate::core::json::write(value))
}
