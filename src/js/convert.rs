//! Conversion between JS values and the core's [`Value`] tree, in one pass each way.

use crate::core::error::SdkError;
use crate::core::multipart::{Arg, FileRef, Input, Inputs};
use crate::core::value::Value;
use crate::js::dom::{Blob, File, FormData};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/sdk.js")]
extern "C" {
    /// `JSON.parse(text)` of JSON this side wrote.
    #[wasm_bindgen(js_name = fromJson)]
    fn from_json(text: &str) -> JsValue;

    /// A caller value as the JSON text `core::caller` reads (see `encodeValue` in js/sdk.js);
    /// throws an SdkError.
    #[wasm_bindgen(js_name = encodeValue, catch)]
    fn encode_value(value: &JsValue, root: &str, code: &str) -> Result<String, JsValue>;

    /// The guard's copy of a caller value (see `plainCopy` in js/sdk.js); throws an SdkError.
    #[wasm_bindgen(js_name = plainCopy, catch)]
    fn plain_copy(value: &JsValue, root: &str, code: &str) -> Result<JsValue, JsValue>;
}

/// Which error code a guarded value's failure carries.
#[derive(Clone, Copy)]
pub enum Origin {
    /// Call arguments: `invalid-params`.
    Params,
    /// What a token store returned: `token-store`.
    Store,
}

/// Copies a caller value into plain objects and arrays that the wasm side can read without
/// running caller code (getters, Proxy traps), so no exception unwinds through wasm frames and
/// no nesting exhausts the wasm stack. Fails with a ready JS `SdkError` naming the path of a
/// cycle, of nesting deeper than 512 levels, or of a value whose reading threw (as `cause`).
pub fn guard(value: &JsValue, root: &str, origin: Origin) -> Result<JsValue, JsValue> {
    if !value.is_object() {
        // Primitives, functions and symbols run no code when read.
        return Ok(value.clone());
    }
    let code = match origin {
        Origin::Params => "invalid-params",
        Origin::Store => "token-store",
    };
    plain_copy(value, root, code)
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

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn invalid(path: &str, what: &str) -> SdkError {
    let name = if path.is_empty() { "params" } else { path };
    SdkError::InvalidParams(format!("`{name}` {what}"))
}

/// A value the guard copied already (what a token store returned) as a core value, read as
/// [`from_caller`] reads one; `InvalidParams` naming `path` when it holds what no request can
/// carry (a function, symbol, file).
pub fn from_js(value: &JsValue, path: &str) -> Result<Value, SdkError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    let text = encode_value(value, path, "invalid-params")
        .map_err(|_| invalid(path, "has a value the SDK cannot use"))?;
    crate::core::caller::read(&text, path)
}

/// Converts a plain core value (what a JSON answer or the SDK's own data holds: no SDK types)
/// to JS: one string crosses into JS and the engine's `JSON.parse` builds the objects.
/// Marketplace API answers do not come through here: JS decodes them (`decodeAnswer`).
pub fn to_js(value: &Value) -> JsValue {
    from_json(&crate::core::json::write(value))
}

/// What kind of value `value` is, for error messages ("a string", "an array", ...).
fn kind_of(value: &JsValue) -> &'static str {
    if value.is_string() {
        "a string"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if Array::is_array(value) {
        "an array"
    } else if value.is_function() {
        "a function"
    } else if value.is_instance_of::<Blob>() {
        "a File or Blob itself"
    } else if value.is_object() {
        "an object"
    } else {
        "a value of another type"
    }
}

/// Describes `value` as a file if it is a `File` or `Blob`, adding it to `files` (its slot is
/// its index there).
fn file_ref(value: &JsValue, files: &mut Vec<Blob>) -> Option<FileRef> {
    let blob = value.dyn_ref::<Blob>()?;
    let file = FileRef {
        slot: files.len(),
        name: value.dyn_ref::<File>().map(File::name),
        mime_type: blob.type_(),
        size: blob.size(),
    };
    files.push(blob.clone());
    Some(file)
}

/// Reads a `file` argument (`file.metadata`, `file.upload`): a `File`/`Blob` (added to
/// `files`), nothing, or something else.
pub fn file_arg(value: &JsValue, files: &mut Vec<Blob>) -> Arg<FileRef> {
    if value.is_null() || value.is_undefined() {
        return Arg::Missing;
    }
    match file_ref(value, files) {
        Some(file) => Arg::Given(file),
        None => Arg::Other(kind_of(value)),
    }
}

/// Reads the params of an upload call: a plain object's own entries or a `FormData`'s
/// entries, in order, each a file (added to `files`) or a plain value; `undefined` entries
/// are dropped. Fails with a JS `SdkError` (`invalid-params`) for values no request can carry
/// (functions).
pub fn upload_inputs(value: &JsValue, files: &mut Vec<Blob>) -> Result<Arg<Inputs>, JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok(Arg::Missing);
    }
    let mut inputs = Vec::new();
    let mut add = |name: String, item: JsValue| -> Result<(), JsValue> {
        if item.is_undefined() {
            return Ok(());
        }
        let input = match file_ref(&item, files) {
            Some(file) => Input::File(file),
            None => Input::Value(from_caller(&item, &name)?),
        };
        inputs.push((name, input));
        Ok(())
    };
    if value.is_instance_of::<FormData>() {
        let entries = js_sys::try_iter(value).ok().flatten().into_iter().flatten();
        for entry in entries {
            let entry: Array = entry
                .map_err(|_| {
                    crate::js::error::to_js_error(&invalid(
                        "params",
                        "is a FormData that cannot be read",
                    ))
                })?
                .unchecked_into();
            add(entry.get(0).as_string().unwrap_or_default(), entry.get(1))?;
        }
        return Ok(Arg::Given(inputs));
    }
    let plain = value.is_object()
        && !Array::is_array(value)
        && !value.is_function()
        && !value.is_instance_of::<Blob>()
        && get(value, "_sdkType").is_undefined();
    if !plain {
        return Ok(Arg::Other(kind_of(value)));
    }
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let item = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        add(key.as_string().unwrap_or_default(), item)?;
    }
    Ok(Arg::Given(inputs))
}
