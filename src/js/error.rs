//! Core errors as real JS `Error` objects carrying `code`, and `status`, `statusText` and `data`
//! when the server answered.

use crate::core::error::SdkError;
use crate::js::convert::to_js;
use js_sys::{Error, Reflect};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    /// The exception of the last failing token store, for the `cause` of the `token-store`
    /// error it becomes (the core's errors are plain Rust and cannot carry it).
    static STORE_CAUSE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Keeps `cause` for the next `token-store` error turned into a JS error.
pub fn remember_cause(cause: JsValue) {
    STORE_CAUSE.with(|slot| *slot.borrow_mut() = Some(cause));
}

/// Turns an [`SdkError`] into a JS `Error` with `name = "SdkError"` and a stable `code`.
pub fn to_js_error(error: &SdkError) -> JsValue {
    let js_error = Error::new(&error.to_string());
    js_error.set_name("SdkError");
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&js_error, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(error.code()));
    if let SdkError::TokenStore(_) = error {
        if let Some(cause) = STORE_CAUSE.with(|slot| slot.borrow_mut().take()) {
            set("cause", cause);
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
