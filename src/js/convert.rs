//! Conversion between JS values and the core's [`Value`] tree, in one pass each way.

use crate::core::error::SdkError;
use crate::core::json;
use crate::core::value::Value;
use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/sdk.js")]
extern "C" {
    /// `JSON.parse(text)`, then markers → class instances when `has_markers`.
    #[wasm_bindgen(js_name = fromMarkerJson)]
    fn from_marker_json(text: &str, has_markers: bool) -> JsValue;

}

/// Largest integer a JS number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Converts a JS value given by the caller (params, body, config) to a core value.
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

/// Converts a decoded core value to plain JS: objects, arrays, `Date`s and `types` instances.
///
/// The tree crosses into JS as one JSON string that the engine's native `JSON.parse` turns into
/// objects; SDK types travel as `{"_sdkType": ...}` markers that one JS pass swaps for class
/// instances. This is much faster than building objects key by key across the wasm boundary.
pub fn to_js(value: &Value) -> JsValue {
    let mut writer = MarkerJson::default();
    writer.value(value);
    from_marker_json(&writer.out, writer.has_markers)
}

/// Writes a value tree as JSON with `_sdkType` markers for SDK types and dates.
#[derive(Default)]
struct MarkerJson {
    out: String,
    has_markers: bool,
}

impl MarkerJson {
    fn value(&mut self, value: &Value) {
        let out = &mut self.out;
        match value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => json::write_int(out, *i),
            Value::Float(f) => json::write_float(out, *f),
            Value::String(s) | Value::Keyword(s) => json::write_string(out, s),
            Value::Uuid(s) => self.marker("UUID", "uuid", s),
            Value::BigDecimal(s) => self.marker("BigDecimal", "value", s),
            Value::LatLng { lat, lng } => self.lat_lng(*lat, *lng),
            Value::LatLngBounds { ne, sw } => {
                self.has_markers = true;
                self.out.push_str("{\"_sdkType\":\"LatLngBounds\",\"ne\":");
                self.lat_lng(ne.0, ne.1);
                self.out.push_str(",\"sw\":");
                self.lat_lng(sw.0, sw.1);
                self.out.push('}');
            }
            Value::Money { amount, currency } => {
                self.has_markers = true;
                out.push_str("{\"_sdkType\":\"Money\",\"amount\":");
                json::write_int(out, *amount);
                out.push_str(",\"currency\":");
                json::write_string(out, currency);
                out.push('}');
            }
            Value::Instant(ms) => {
                self.has_markers = true;
                out.push_str("{\"_sdkType\":\"Date\",\"ms\":");
                json::write_int(out, *ms);
                out.push('}');
            }
            Value::Array(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.value(item);
                }
                self.out.push(']');
            }
            Value::Map(entries) => {
                self.out.push('{');
                for (i, (key, item)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    json::write_string(&mut self.out, key);
                    self.out.push(':');
                    self.value(item);
                }
                self.out.push('}');
            }
        }
    }

    fn marker(&mut self, kind: &str, field: &str, text: &str) {
        self.has_markers = true;
        self.out.push_str("{\"_sdkType\":\"");
        self.out.push_str(kind);
        self.out.push_str("\",\"");
        self.out.push_str(field);
        self.out.push_str("\":");
        json::write_string(&mut self.out, text);
        self.out.push('}');
    }

    fn lat_lng(&mut self, lat: f64, lng: f64) {
        self.has_markers = true;
        self.out.push_str("{\"_sdkType\":\"LatLng\",\"lat\":");
        json::write_float(&mut self.out, lat);
        self.out.push_str(",\"lng\":");
        json::write_float(&mut self.out, lng);
        self.out.push('}');
    }
}
