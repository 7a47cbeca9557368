//! The value tree that flows between JavaScript, the Transit codec and the query encoder.
//!
//! It is the decoded form of a Transit or JSON document: plain data plus the SDK's own types
//! (`UUID`, `LatLng`, `LatLngBounds`, `Money`, `BigDecimal`) and instants (JS `Date`).

use crate::number::{JsNumber, Num};
use crate::prelude::*;

/// One decoded value. Map keys are plain strings: Transit keywords (`~:title`) lose their prefix
/// on the way in, and every map key is written back as a keyword on the way out, as the API
/// expects.
#[derive(Debug, PartialEq)]
pub enum Value {
    /// JSON `null` (also what JS `undefined` becomes in a body).
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits in an `i64` (a JS number with no fraction).
    Int(i64),
    /// Any other number: an `f64` natively, the text JS wrote in the wasm build (see
    /// [`crate::number`]).
    Float(Num),
    /// A string.
    String(String),
    /// A Transit keyword such as `listing` or `transition/request-payment`: a plain string in JS.
    Keyword(String),
    /// A UUID (`~u…`); in JS an instance of `types.UUID`.
    Uuid(String),
    /// A geographic point (`~#geo`); in JS `types.LatLng`.
    LatLng {
        /// Latitude in degrees.
        lat: Num,
        /// Longitude in degrees.
        lng: Num,
    },
    /// A bounding box given as its north-east and south-west corners; in JS `types.LatLngBounds`.
    /// Used in query parameters; the API never sends one.
    LatLngBounds {
        /// The north-east corner as (lat, lng).
        ne: (Num, Num),
        /// The south-west corner as (lat, lng).
        sw: (Num, Num),
    },
    /// An amount of money in minor units (`~#mn`); in JS `types.Money`.
    Money {
        /// The amount in the currency's minor unit (cents).
        amount: i64,
        /// The ISO 4217 code, e.g. `USD`.
        currency: String,
    },
    /// An arbitrary-precision decimal kept as its text (`~f…`); in JS `types.BigDecimal`.
    BigDecimal(String),
    /// A point in time, milliseconds since the Unix epoch (`~m…` or `~t…`); in JS a `Date`.
    Instant(i64),
    /// An array (Transit arrays, lists and sets all decode to this).
    Array(Vec<Value>),
    /// A map with its entries in document order.
    Map(Vec<(String, Value)>),
}

impl Clone for Value {
    /// A deep copy. Written out rather than derived: the derived `clone` is `#[inline]`, so the
    /// package's wasm had two copies of it, one from this crate (at `opt-level = "s"`) and one
    /// from the root crate (at `"z"`), 1.6 KB together; this one is compiled once, here.
    #[inline(never)]
    // `Num` is `f64` natively, which is `Copy`, and `NumText` in the wasm, which is not.
    #[allow(clippy::clone_on_copy)]
    fn clone(&self) -> Value {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(*b),
            Value::Int(i) => Value::Int(*i),
            Value::Float(n) => Value::Float(n.clone()),
            Value::String(s) => Value::String(s.clone()),
            Value::Keyword(s) => Value::Keyword(s.clone()),
            Value::Uuid(s) => Value::Uuid(s.clone()),
            Value::LatLng { lat, lng } => Value::LatLng {
                lat: lat.clone(),
                lng: lng.clone(),
            },
            Value::LatLngBounds { ne, sw } => Value::LatLngBounds {
                ne: ne.clone(),
                sw: sw.clone(),
            },
            Value::Money { amount, currency } => Value::Money {
                amount: *amount,
                currency: currency.clone(),
            },
            Value::BigDecimal(s) => Value::BigDecimal(s.clone()),
            Value::Instant(ms) => Value::Instant(*ms),
            Value::Array(items) => Value::Array(items.clone()),
            Value::Map(entries) => Value::Map(entries.clone()),
        }
    }
}

impl Value {
    /// The value under `key` when this is a map holding that key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string or keyword value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) | Value::Keyword(s) => Some(s),
            _ => None,
        }
    }

    /// The value as an `i64` when it is an integer, or a float with no fraction.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Float(f) => f.to_i64(),
            _ => None,
        }
    }

    /// Builds a map from `(key, value)` pairs; a convenience for tests and the sandbox.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
