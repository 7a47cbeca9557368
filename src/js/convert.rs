//! Caller values (JS) as the core's [`Value`] tree, and upload forms and files as the core
//! describes them; the other way, [`crate::js::value`].

use crate::core::multipart::{Arg, FileRef, Input, Inputs};
use crate::core::value::Value;
use crate::js::sys::Array;
use crate::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/sdk.js")]
extern "C" {
    /// A caller value as the JSON text `core::caller` reads (see `encodeValue` in js/sdk.js);
    /// throws an SdkError.
    #[wasm_bindgen(js_name = encodeValue, catch)]
    fn encode_value(value: &JsValue, root: &str, code: &str) -> Result<String, JsValue>;

    /// The guard's copy of a caller value (see `plainCopy` in js/sdk.js); throws an SdkError.
    #[wasm_bindgen(js_name = plainCopy, catch)]
    fn plain_copy(value: &JsValue, root: &str, code: &str) -> Result<JsValue, JsValue>;

    /// `[description, files]` of a `file` argument (see `fileInput` in js/sdk.js).
    #[wasm_bindgen(js_name = fileInput)]
    fn file_input(value: &JsValue) -> Array;

    /// `[fields, files, values]` of guarded upload params (see `uploadInputs` in js/sdk.js);
    /// throws an `invalid-params` SdkError for a `FormData` that cannot be read.
    #[wasm_bindgen(js_name = uploadInputs, catch)]
    fn read_upload_inputs(value: &JsValue) -> Result<Array, JsValue>;
}

/// Copies a caller value into plain objects and arrays that the wasm side can read without
/// running caller code (getters, Proxy traps), so no exception unwinds through wasm frames and
/// no nesting exhausts the wasm stack. Fails with a ready JS `SdkError` naming the path of a
/// cycle, of nesting deeper than 512 levels, or of a value whose reading threw (as `cause`),
/// with code `invalid-params`: only call arguments are guarded here (what a token store returns
/// is guarded in JS, by `storeCall`).
pub fn guard(value: &JsValue, root: &str) -> Result<JsValue, JsValue> {
    if !value.is_object() {
        // Primitives, functions and symbols run no code when read.
        return Ok(value.clone());
    }
    plain_copy(value, root, "invalid-params")
}

/// A caller value as a core value, or a JS `SdkError` (`invalid-params`) ready to throw or
/// reject with: the JS walk writes it as one JSON text (getters and Proxies run there, once),
/// which `core::caller` reads. No property is read across the boundary.
pub fn from_caller(value: &JsValue, root: &str) -> Result<Value, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    let text = encode_value(value, root, "invalid-params")?;
    crate::core::caller::read(&text, root).map_err(|e| crate::js::error::to_js_error(&e))
}

/// The kinds of value `kindOf` in js/sdk.js names, for error messages.
const KINDS: [&str; 8] = [
    "a string",
    "a number",
    "a boolean",
    "an array",
    "a function",
    "a File or Blob itself",
    "an object",
    "a value of another type",
];

/// The kind `kindOf` named (a JSON string), as a message fragment.
fn kind(description: &Value) -> &'static str {
    let text = description.as_str().unwrap_or_default();
    KINDS.into_iter().find(|k| *k == text).unwrap_or(KINDS[7])
}

/// The file `[slot, name, type, size]` of `fileRef` in js/sdk.js.
fn file_ref(parts: &[Value]) -> FileRef {
    let number = |i: usize| parts.get(i).and_then(Value::as_i64).unwrap_or(0);
    let text = |i: usize| parts.get(i).and_then(Value::as_str).map(str::to_owned);
    FileRef {
        slot: number(0) as usize,
        name: text(1),
        mime_type: text(2).unwrap_or_default(),
        size: number(3) as f64,
    }
}

/// Reads a `file` argument (`file.metadata`, `file.upload`): a `File`/`Blob`, nothing, or
/// something else; with the JS array of the call's files (the file, if it is one).
pub fn file_arg(value: &JsValue) -> (Arg<FileRef>, JsValue) {
    if value.is_null() || value.is_undefined() {
        return (Arg::Missing, Array::new().into());
    }
    let input = file_input(value);
    let description = crate::core::json::parse(&input.get(0).as_string().unwrap_or_default())
        .unwrap_or(Value::Null);
    let arg = match &description {
        Value::Array(parts) => Arg::Given(file_ref(parts)),
        other => Arg::Other(kind(other)),
    };
    (arg, input.get(1))
}

/// Reads the guarded params of an upload call: a plain object's own entries or a `FormData`'s
/// entries, in order, each a file or a plain value (read as [`from_caller`] reads one);
/// `undefined` entries are dropped. With the JS array of the call's files, by slot. Fails with
/// a JS `SdkError` (`invalid-params`) for values no request can carry (functions) and a
/// `FormData` that cannot be read.
pub fn upload_inputs(value: &JsValue) -> Result<(Arg<Inputs>, JsValue), JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok((Arg::Missing, Array::new().into()));
    }
    let read = read_upload_inputs(value)?;
    let (fields, files, values) = (read.get(0), read.get(1), read.get(2));
    let fields =
        crate::core::json::parse(&fields.as_string().unwrap_or_default()).unwrap_or(Value::Null);
    let Value::Array(fields) = fields else {
        return Ok((Arg::Other(kind(&fields)), files));
    };
    let values: Array = values.unchecked_into();
    let mut next_value = 0;
    let mut inputs = Vec::new();
    for field in fields {
        let Value::Array(parts) = field else { continue };
        let name = parts
            .first()
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let input = if parts.len() > 1 {
            Input::File(file_ref(&parts[1..]))
        } else {
            next_value += 1;
            Input::Value(from_caller(&values.get(next_value - 1), &name)?)
        };
        inputs.push((name, input));
    }
    Ok((Arg::Given(inputs), files))
}
