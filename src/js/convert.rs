//! Conversion between JS values and the core's [`Value`] tree, in one pass each way.

use crate::core::error::SdkError;
use crate::core::multipart::{Arg, FileRef, Input, Inputs};
use crate::core::value::Value;
use crate::js::dom::{Blob, File, FormData};
use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/sdk.js")]
extern "C" {
    /// `JSON.parse(text)` of JSON this side wrote.
    #[wasm_bindgen(js_name = fromJson)]
    fn from_json(text: &str) -> JsValue;

    /// The guard's copy of a caller value (see `plainCopy` in js/sdk.js); throws an SdkError.
    #[wasm_bindgen(js_name = plainCopy, catch)]
    fn plain_copy(
        value: &JsValue,
        root: &str,
        code: &str,
        config: bool,
    ) -> Result<JsValue, JsValue>;
}

/// Which error code a guarded value's failure carries.
#[derive(Clone, Copy)]
pub enum Origin {
    /// Call arguments: `invalid-params`.
    Params,
    /// `createInstance`'s config: `invalid-config` (stores and agents kept as given).
    Config,
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
    let (code, config) = match origin {
        Origin::Params => ("invalid-params", false),
        Origin::Config => ("invalid-config", true),
        Origin::Store => ("token-store", false),
    };
    plain_copy(value, root, code, config)
}

/// [`guard`], then [`from_js`]: a caller value as a core value, or a JS `SdkError`
/// (`invalid-params`) ready to throw or reject with.
pub fn from_caller(value: &JsValue, root: &str) -> Result<Value, JsValue> {
    let copy = guard(value, root, Origin::Params)?;
    from_js(&copy, root).map_err(|e| crate::js::error::to_js_error(&e))
}

/// Largest integer a JS number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Converts a JS value to a core value. Caller values must pass [`guard`] first: this walk
/// recurses and reads properties directly.
///
/// `undefined` map entries are dropped, as `JSON.stringify` and the official SDK drop them.
/// Fails with `InvalidParams` naming `path` for functions, symbols and SDK types with missing
/// fields.
pub fn from_js(value: &JsValue, path: &str) -> Result<Value, SdkError> {
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(number(n));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if let Some(date) = value.dyn_ref::<Date>() {
        let ms = date.get_time();
        if ms.is_nan() {
            return Err(invalid(path, "is an invalid Date"));
        }
        return Ok(Value::Instant(ms as i64));
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let mut items = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            items.push(from_js(&item, &format!("{path}[{i}]"))?);
        }
        return Ok(Value::Array(items));
    }
    if value.is_function() || value.is_symbol() || value.is_bigint() {
        return Err(invalid(
            path,
            "is a function, symbol or bigint, which the API cannot take",
        ));
    }
    if value.is_object() {
        if let Some(kind) = get(value, "_sdkType").as_string() {
            return sdk_type(value, &kind, path);
        }
        if value.is_instance_of::<Blob>() {
            return Err(invalid(
                path,
                "is a File or Blob; only `images.upload` takes a file (as `{ image: file }`)",
            ));
        }
        let object: &Object = value.unchecked_ref();
        let keys = Object::keys(object);
        let mut entries = Vec::with_capacity(keys.length() as usize);
        for key in keys.iter() {
            let item = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
            if item.is_undefined() {
                continue;
            }
            let key = key.as_string().unwrap_or_default();
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            entries.push((key, from_js(&item, &child)?));
        }
        return Ok(Value::Map(entries));
    }
    Err(invalid(path, "has a type the API cannot take"))
}

fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
        Value::Int(n as i64)
    } else {
        Value::Float(n)
    }
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn invalid(path: &str, what: &str) -> SdkError {
    let name = if path.is_empty() { "params" } else { path };
    SdkError::InvalidParams(format!("`{name}` {what}"))
}

/// Reads an SDK type instance (ours or the official SDK's: both carry `_sdkType`).
fn sdk_type(value: &JsValue, kind: &str, path: &str) -> Result<Value, SdkError> {
    let num = |key: &str| {
        get(value, key)
            .as_f64()
            .ok_or_else(|| invalid(path, &format!("is a {kind} without a numeric `{key}`")))
    };
    let text = |key: &str| {
        get(value, key)
            .as_string()
            .ok_or_else(|| invalid(path, &format!("is a {kind} without a string `{key}`")))
    };
    let point = |key: &str| -> Result<(f64, f64), SdkError> {
        let corner = get(value, key);
        match (get(&corner, "lat").as_f64(), get(&corner, "lng").as_f64()) {
            (Some(lat), Some(lng)) => Ok((lat, lng)),
            _ => Err(invalid(
                path,
                &format!("is a LatLngBounds whose `{key}` is not a LatLng"),
            )),
        }
    };
    Ok(match kind {
        "UUID" => Value::Uuid(text("uuid")?),
        "LatLng" => Value::LatLng {
            lat: num("lat")?,
            lng: num("lng")?,
        },
        "LatLngBounds" => Value::LatLngBounds {
            ne: point("ne")?,
            sw: point("sw")?,
        },
        "Money" => {
            let amount = num("amount")?;
            if amount.fract() != 0.0 {
                return Err(invalid(
                    path,
                    "is a Money whose amount is not a whole number of minor units",
                ));
            }
            Value::Money {
                amount: amount as i64,
                currency: text("currency")?,
            }
        }
        "BigDecimal" => Value::BigDecimal(text("value")?),
        other => return Err(invalid(path, &format!("has an unknown _sdkType `{other}`"))),
    })
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
/// are dropped. Fails with `InvalidParams` for values no request can carry (functions).
pub fn upload_inputs(value: &JsValue, files: &mut Vec<Blob>) -> Result<Arg<Inputs>, SdkError> {
    if value.is_null() || value.is_undefined() {
        return Ok(Arg::Missing);
    }
    let mut inputs = Vec::new();
    let mut add = |name: String, item: JsValue| -> Result<(), SdkError> {
        if item.is_undefined() {
            return Ok(());
        }
        let input = match file_ref(&item, files) {
            Some(file) => Input::File(file),
            None => Input::Value(from_js(&item, &name)?),
        };
        inputs.push((name, input));
        Ok(())
    };
    if value.is_instance_of::<FormData>() {
        let entries = js_sys::try_iter(value).ok().flatten().into_iter().flatten();
        for entry in entries {
            let entry: Array = entry
                .map_err(|_| invalid("params", "is a FormData that cannot be read"))?
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
