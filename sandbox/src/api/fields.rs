//! Checks and conversions of body fields shared by the command endpoints: strings, money,
//! locations, extended data (with the API's merge rule) and id lists.

use sharetribe_sdk::core::value::Value;

use super::Ctx;
use crate::params::is_uuid;
use crate::responses::ApiError;

/// Largest extended-data object, as JSON text (the API's 50 KB limit).
const MAX_EXTENDED_DATA_BYTES: usize = 50 * 1024;

impl Ctx<'_> {
    /// Optional string body field `name`. Fails with 400 when present but not a string.
    pub fn body_string(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.body_param(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ApiError::invalid_body_value(name, "must be a string")),
        }
    }

    /// Optional integer body field `name`. Fails with 400 when present but not an integer.
    pub fn body_int(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.body_param(name) {
            None => Ok(None),
            Some(Value::Int(n)) => Ok(Some(*n)),
            Some(Value::Float(f)) if f.fract() == 0.0 => Ok(Some(*f as i64)),
            Some(_) => Err(ApiError::invalid_body_value(name, "must be an integer")),
        }
    }

    /// Optional Money body field `name`. Fails with 400 when present but not Money.
    pub fn body_money(&self, name: &str) -> Result<Option<(i64, String)>, ApiError> {
        match self.body_param(name) {
            None => Ok(None),
            Some(Value::Money { amount, currency }) => Ok(Some((*amount, currency.clone()))),
            Some(_) => Err(ApiError::invalid_body_value(name, "must be Money")),
        }
    }

    /// Optional LatLng body field `name`. Fails with 400 when present but not a LatLng.
    pub fn body_lat_lng(&self, name: &str) -> Result<Option<(f64, f64)>, ApiError> {
        match self.body_param(name) {
            None => Ok(None),
            Some(Value::LatLng { lat, lng }) => Ok(Some((*lat, *lng))),
            Some(_) => Err(ApiError::invalid_body_value(name, "must be a LatLng")),
        }
    }

    /// Optional instant (Date) body field `name`, epoch milliseconds. Fails with 400 when
    /// present but not a date.
    pub fn body_instant(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.body_param(name) {
            None => Ok(None),
            Some(Value::Instant(ms)) => Ok(Some(*ms)),
            Some(_) => Err(ApiError::invalid_body_value(name, "must be a Date")),
        }
    }

    /// Optional list of UUIDs in body field `name`. Fails with 400 when present but not an
    /// array of UUIDs.
    pub fn body_uuids(&self, name: &str) -> Result<Option<Vec<String>>, ApiError> {
        match self.body_param(name) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::Uuid(id) => Ok(id.to_ascii_lowercase()),
                    Value::String(s) if is_uuid(s) => Ok(s.to_ascii_lowercase()),
                    _ => Err(ApiError::invalid_body_value(
                        name,
                        "must be an array of UUIDs",
                    )),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(ApiError::invalid_body_value(
                name,
                "must be an array of UUIDs",
            )),
        }
    }

    /// Optional extended-data object in body field `name` (publicData, privateData, ...).
    /// Fails with 400 when present but not an object, or larger than 50 KB as JSON.
    pub fn body_extended_data(&self, name: &str) -> Result<Option<Value>, ApiError> {
        match self.body_param(name) {
            None => Ok(None),
            Some(value @ Value::Map(_)) => {
                let size = sharetribe_sdk::core::json::write(value).len();
                if size > MAX_EXTENDED_DATA_BYTES {
                    return Err(ApiError::invalid_body_value(
                        name,
                        "is larger than 50 KB as JSON",
                    ));
                }
                Ok(Some(value.clone()))
            }
            Some(_) => Err(ApiError::invalid_body_value(name, "must be an object")),
        }
    }
}
