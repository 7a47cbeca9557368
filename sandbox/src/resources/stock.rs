//! The `stockAdjustment` resource.

use sharetribe_sdk::core::value::Value;

use super::listings::OWN_LISTING;
use super::{Kind, Related, Renderer, ResourceRef};
use crate::domain::data::Data;

/// A stock adjustment (type `stockAdjustment`).
pub static STOCK_ADJUSTMENT: Kind = Kind {
    type_name: "stockAdjustment",
    id: |data: &Data, i| data.stock_adjustments[i].id.clone(),
    attributes: |r: &Renderer, i| {
        let adjustment = &r.data.stock_adjustments[i];
        Value::map([
            ("at", Value::Instant(adjustment.at_ms)),
            ("quantity", Value::Int(adjustment.quantity)),
        ])
    },
    relation: |data, i, name| match name {
        "ownListing" => Some(Related::One(Some(ResourceRef::new(
            &OWN_LISTING,
            data.stock_adjustments[i].listing,
        )))),
        _ => None,
    },
};
