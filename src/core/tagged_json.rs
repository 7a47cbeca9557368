//! "Tagged JSON": plain JSON in which SDK types are objects with an `_sdkType` field and the
//! official SDK's own fields (`{"_sdkType":"UUID","uuid":"…"}`, which is what `JSON.stringify`
//! gives for an official type instance) and instants are `{"_sdkType":"Date","ms":…}`.
//!
//! It is how decoded values cross into JavaScript: one string that the engine's native
//! `JSON.parse` reads, followed by one pass that swaps the `_sdkType` objects for class
//! instances. Keywords are plain strings, as the official SDK reads them.

use crate::core::json;
use crate::core::number::JsNumber;
use crate::core::value::Value;
use crate::prelude::*;

/// A tagged-JSON document and whether it contains any `_sdkType` object (when not, the JS side
/// can skip its revive pass).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaggedJson {
    /// The JSON text, with `{"_sdkType": …}` objects where the value has SDK types.
    pub text: String,
    /// Whether the text holds any `_sdkType` object.
    pub has_types: bool,
}

impl TaggedJson {
    /// Writes a whole value tree as tagged JSON.
    pub fn of(value: &Value) -> TaggedJson {
        let mut doc = TaggedJson::default();
        doc.value(value);
        doc
    }

    /// Appends one value.
    pub fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.text.push_str("null"),
            Value::Bool(b) => self.text.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => json::write_int(&mut self.text, *i),
            Value::Float(f) => f.write_json(&mut self.text),
            Value::String(s) | Value::Keyword(s) => json::write_string(&mut self.text, s),
            Value::Uuid(s) => self.text_type("UUID", "uuid", s),
            Value::BigDecimal(s) => self.text_type("BigDecimal", "value", s),
            Value::LatLng { lat, lng } => {
                let (mut lat_text, mut lng_text) = (String::new(), String::new());
                lat.write_json(&mut lat_text);
                lng.write_json(&mut lng_text);
                self.lat_lng(&lat_text, &lng_text);
            }
            Value::LatLngBounds { ne, sw } => {
                self.open_type("LatLngBounds");
                self.text.push_str(",\"ne\":");
                self.value(&Value::LatLng {
                    lat: ne.0.duplicate(),
                    lng: ne.1.duplicate(),
                });
                self.text.push_str(",\"sw\":");
                self.value(&Value::LatLng {
                    lat: sw.0.duplicate(),
                    lng: sw.1.duplicate(),
                });
                self.text.push('}');
            }
            Value::Money { amount, currency } => {
                let mut amount_text = String::new();
                json::write_int(&mut amount_text, *amount);
                self.money(&amount_text, currency);
            }
            Value::Instant(ms) => {
                self.open_type("Date");
                self.text.push_str(",\"ms\":");
                json::write_int(&mut self.text, *ms);
                self.text.push('}');
            }
            Value::Array(items) => {
                self.text.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.text.push(',');
                    }
                    self.value(item);
                }
                self.text.push(']');
            }
            Value::Map(entries) => {
                self.text.push('{');
                for (i, (key, item)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.text.push(',');
                    }
                    self.key(key);
                    self.value(item);
                }
                self.text.push('}');
            }
        }
    }

    /// Appends `"key":`.
    pub fn key(&mut self, key: &str) {
        json::write_string(&mut self.text, key);
        self.text.push(':');
    }

    /// Appends a `LatLng` from the text of two JSON numbers.
    pub fn lat_lng(&mut self, lat: &str, lng: &str) {
        self.open_type("LatLng");
        self.text.push_str(",\"lat\":");
        self.text.push_str(lat);
        self.text.push_str(",\"lng\":");
        self.text.push_str(lng);
        self.text.push('}');
    }

    /// Appends a `Money` from the text of a JSON integer and a currency code.
    pub fn money(&mut self, amount: &str, currency: &str) {
        self.open_type("Money");
        self.text.push_str(",\"amount\":");
        self.text.push_str(amount);
        self.text.push_str(",\"currency\":");
        json::write_string(&mut self.text, currency);
        self.text.push('}');
    }

    /// Appends a `UUID` given its text.
    pub fn uuid(&mut self, uuid: &str) {
        self.text_type("UUID", "uuid", uuid);
    }

    fn open_type(&mut self, kind: &str) {
        self.has_types = true;
        self.text.push_str("{\"_sdkType\":\"");
        self.text.push_str(kind);
        self.text.push('"');
    }

    fn text_type(&mut self, kind: &str, field: &str, text: &str) {
        self.open_type(kind);
        self.text.push_str(",\"");
        self.text.push_str(field);
        self.text.push_str("\":");
        json::write_string(&mut self.text, text);
        self.text.push('}');
    }
}
