//! The `marketplace` resource.

use sharetribe_sdk::core::value::Value;

use super::{string, Kind, Related, Renderer, ResourceRef};
use crate::domain::data::Data;

/// The `marketplace` resource (there is one; its index is always 0).
pub static MARKETPLACE: Kind = Kind {
    type_name: "marketplace",
    id: |data: &Data, _| data.marketplace.id.clone(),
    attributes,
    relation: |_, _, _| None::<Related>,
};

fn attributes(r: &Renderer, _: usize) -> Value {
    Value::map([
        ("name", string(&r.data.marketplace.name)),
        ("description", string(&r.data.marketplace.description)),
    ])
}

/// A reference to the marketplace resource.
pub fn marketplace() -> ResourceRef {
    ResourceRef::new(&MARKETPLACE, 0)
}
