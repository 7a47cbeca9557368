//! The `listing`, `ownListing` and `stock` resources (a listing's current stock).

use sharetribe_sdk::core::value::Value;

use super::images::IMAGE;
use super::marketplace::marketplace;
use super::users::USER;
use super::{string, Kind, Related, Renderer, ResourceRef};
use crate::domain::data::{fixed_uuid, kind, Data};
use crate::domain::transactions::stock::stock_of;

/// A listing as the public sees it (type `listing`).
pub static LISTING: Kind = Kind {
    type_name: "listing",
    id: |data: &Data, i| data.listings[i].id.clone(),
    attributes: listing_attributes,
    relation: listing_relation,
};

fn listing_relation(data: &Data, i: usize, name: &str) -> Option<Related> {
    let listing = &data.listings[i];
    match name {
        "marketplace" => Some(Related::One(Some(marketplace()))),
        "author" => Some(Related::One(Some(ResourceRef::new(&USER, listing.author)))),
        "currentStock" => Some(current_stock(data, i)),
        "images" => Some(Related::Many(
            listing
                .images
                .iter()
                .map(|&img| ResourceRef::new(&IMAGE, img))
                .collect(),
        )),
        _ => None,
    }
}

/// The attributes of listing `i`, shared by `listing` and `ownListing`.
pub fn listing_attributes(r: &Renderer, i: usize) -> Value {
    let listing = &r.data.listings[i];
    Value::map([
        ("title", string(&listing.title)),
        ("description", string(&listing.description)),
        (
            "geolocation",
            listing
                .geolocation
                .map_or(Value::Null, |(lat, lng)| Value::LatLng { lat, lng }),
        ),
        (
            "price",
            listing
                .price
                .as_ref()
                .map_or(Value::Null, |(amount, currency)| Value::Money {
                    amount: *amount,
                    currency: currency.clone(),
                }),
        ),
        ("availabilityPlan", listing.availability_plan.clone()),
        ("publicData", listing.public_data.clone()),
        ("metadata", listing.metadata.clone()),
        ("state", string(listing.state.as_str())),
        ("deleted", Value::Bool(listing.deleted)),
        ("createdAt", Value::Instant(listing.created_at)),
    ])
}

/// A listing as its author sees it (type `ownListing`): a listing plus `privateData`.
pub static OWN_LISTING: Kind = Kind {
    type_name: "ownListing",
    id: |data: &Data, i| data.listings[i].id.clone(),
    attributes: |r, i| {
        let mut attributes = listing_attributes(r, i);
        if let Value::Map(entries) = &mut attributes {
            entries.push((
                "privateData".to_owned(),
                r.data.listings[i].private_data.clone(),
            ));
        }
        attributes
    },
    relation: |data, i, name| (LISTING.relation)(data, i, name),
};

/// A listing's current stock (type `stock`); its index is the listing's.
pub static STOCK: Kind = Kind {
    type_name: "stock",
    id: |_, listing| fixed_uuid(kind::STOCK, 0x8000_0000 + listing as u64),
    attributes: |r: &Renderer, listing| {
        Value::map([(
            "quantity",
            Value::Int(stock_of(r.data, listing).unwrap_or(0)),
        )])
    },
    relation: |_, _, _| None,
};

/// The `currentStock` relationship of listing `i`: empty while it has no stock defined.
pub fn current_stock(data: &Data, listing: usize) -> Related {
    Related::One(stock_of(data, listing).map(|_| ResourceRef::new(&STOCK, listing)))
}
