//! Transactions over plain data, testable without the HTTP layer: the process tables
//! (`process`), running them (`engine`), and what transitions' actions touch: line-item
//! pricing, bookings, stock (adjustments and reservations) and reviews.

pub mod bookings;
pub mod engine;
pub mod pricing;
pub mod process;
pub mod reviews;
pub mod stock;

use sharetribe_sdk::core::value::Value;

use crate::domain::data::Data;
use crate::domain::tokens::Principal;
use crate::responses::ApiError;

/// Whether `principal` is a party of transaction `i`.
pub fn is_party(data: &Data, i: usize, principal: Principal) -> bool {
    match principal {
        Principal::User(u) => {
            data.transactions[i].customer == u || data.transactions[i].provider == u
        }
        Principal::Anonymous => false,
    }
}

/// Transition parameter `name` as an instant (a date or an ISO 8601 string), if given.
/// Fails with 400 for another value.
pub fn param_instant(params: &Value, name: &str) -> Result<Option<i64>, ApiError> {
    match params.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Instant(ms)) => Ok(Some(*ms)),
        Some(Value::String(s)) => sharetribe_sdk::core::iso8601::parse(s)
            .map(Some)
            .ok_or_else(|| ApiError::invalid_body_value(name, "must be a date")),
        Some(_) => Err(ApiError::invalid_body_value(name, "must be a date")),
    }
}

/// Transition parameter `name` as an integer, if given. Fails with 400 for another value.
pub fn param_int(params: &Value, name: &str) -> Result<Option<i64>, ApiError> {
    match params.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Int(n)) => Ok(Some(*n)),
        Some(_) => Err(ApiError::invalid_body_value(name, "must be an integer")),
    }
}
