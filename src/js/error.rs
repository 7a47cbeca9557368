//! Core errors as real JS `Error` objects carrying `code`, and `status`, `statusText` and `data`
//! when the server answered.

use crate::core::error::SdkError;
use crate::js::sys::{reflect, Error};
use crate::js::value::to_js;
use wasm_bindgen::JsValue;

/// Turns an [`SdkError`] into a JS `Error` with `name = "SdkError"` and a stable `code`.
pub fn to_js_error(error: &SdkError) -> JsValue {
    let js_error = Error::new(&error.message());
    js_error.set_name("SdkError");
    let set = |key: &str, value: JsValue| {
        let _ = reflect::set(&js_error, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(error.code()));
    // A failing store's exception travels with its error (see `Cause`).
    if let SdkError::TokenStore(_, cause) = error {
        if let Some(cause) = cause.get::<JsValue>() {
            set("cause", cause.clone());
        }
    }
    if let SdkError::Api {
        status,
        status_text,
        data,
    } = error
    {
        set("status", JsValue::from_f64(f64::from(*status)));
        set("statusText", JsValue::from_str(status_text));
        set("data", to_js(data));
    }
    js_error.into()
}
