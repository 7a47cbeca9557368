//! The `availabilityException` resource.

use sharetribe_sdk::core::value::Value;

use super::listings::OWN_LISTING;
use super::{Kind, Related, Renderer, ResourceRef};
use crate::domain::data::Data;

/// An availability exception (type `availabilityException`).
pub static AVAILABILITY_EXCEPTION: Kind = Kind {
    type_name: "availabilityException",
    id: |data: &Data, i| data.availability_exceptions[i].id.clone(),
    attributes,
    relation: |data, i, name| match name {
        "ownListing" => Some(Related::One(Some(ResourceRef::new(
            &OWN_LISTING,
            data.availability_exceptions[i].listing,
        )))),
        _ => None,
    },
};

fn attributes(r: &Renderer, i: usize) -> Value {
    let exception = &r.data.availability_exceptions[i];
    Value::map([
        ("seats", Value::Int(exception.seats)),
        ("start", Value::Instant(exception.start_ms)),
        ("end", Value::Instant(exception.end_ms)),
    ])
}
