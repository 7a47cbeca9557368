//! `listings/show`, `listings/query`, and the `listing` and `image` resources.

use std::cmp::Ordering;

use sharetribe_sdk::core::value::Value;

use super::context::uuid_value;
use super::marketplace::marketplace;
use super::users::USER;
use super::{Ctx, Route};
use crate::data::{Data, ListingState, IMAGE_VARIANTS};
use crate::params::split_list;
use crate::resources::{empty_map, string, Kind, Related, Renderer, ResourceRef};
use crate::responses::ApiError;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[
    Route::get("listings/show", show),
    Route::get("listings/query", query),
];

/// A listing as the public sees it (type `listing`).
pub static LISTING: Kind = Kind {
    type_name: "listing",
    id: |data: &Data, i| data.listings[i].id.clone(),
    attributes: listing_attributes,
    relation: listing_relation,
};

/// An image (type `image`) with its variants, served by the sandbox under `/images/`.
pub static IMAGE: Kind = Kind {
    type_name: "image",
    id: |data: &Data, i| data.images[i].id.clone(),
    attributes: image_attributes,
    relation: |_, _, _| None,
};

fn listing_relation(data: &Data, i: usize, name: &str) -> Option<Related> {
    let listing = &data.listings[i];
    match name {
        "marketplace" => Some(Related::One(Some(marketplace()))),
        "author" => Some(Related::One(Some(ResourceRef::new(&USER, listing.author)))),
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
        ("metadata", empty_map()),
        ("state", string(listing.state.as_str())),
        ("deleted", Value::Bool(listing.deleted)),
        ("createdAt", Value::Instant(listing.created_at)),
    ])
}

fn image_attributes(r: &Renderer, i: usize) -> Value {
    let id = &r.data.images[i].id;
    let variants = IMAGE_VARIANTS.iter().map(|&(name, width, height)| {
        let url = format!("{}/images/{id}/{name}.svg", r.base_url);
        (
            name.to_owned(),
            Value::map([
                ("name", string(name)),
                ("width", Value::Int(width.into())),
                ("height", Value::Int(height.into())),
                ("url", Value::String(url)),
            ]),
        )
    });
    Value::map([("variants", Value::Map(variants.collect()))])
}

/// The index of the published listing with id `id`.
pub fn published_listing_index(data: &Data, id: &str) -> Option<usize> {
    data.listings
        .iter()
        .position(|l| l.id == id && l.state == ListingState::Published)
}

fn show(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let id = ctx.required_uuid("id")?;
    let listing = published_listing_index(ctx.data, &id)
        .ok_or_else(|| ApiError::not_found(format!("Listing {id} not found")))?;
    Ok(ctx.show(ResourceRef::new(&LISTING, listing)))
}

/// The `sort` orders `listings/query` supports.
#[derive(Debug, Clone, Copy)]
enum ListingSort {
    CreatedAt,
    Price,
}

fn query(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let keywords: Vec<String> = ctx
        .params
        .get("keywords")
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let author = match ctx.params.get("authorId") {
        Some(v) => Some(uuid_value("authorId", v)?),
        None => None,
    };
    let ids = match ctx.params.get("ids") {
        Some(v) => Some(
            split_list(v)
                .iter()
                .map(|id| uuid_value("ids", id))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        None => None,
    };
    let price = match ctx.params.get("price") {
        Some(v) => Some(parse_price(v)?),
        None => None,
    };
    let pub_filters: Vec<(&str, Vec<String>)> = ctx
        .params
        .with_prefix("pub_")
        .map(|(key, list)| (key, split_list(list)))
        .collect();
    let (sort, descending) = match ctx.params.get("sort").unwrap_or("-createdAt") {
        "createdAt" => (ListingSort::CreatedAt, false),
        "-createdAt" => (ListingSort::CreatedAt, true),
        "price" => (ListingSort::Price, false),
        "-price" => (ListingSort::Price, true),
        other => {
            return Err(ApiError::invalid_value(
                "sort",
                &format!("'{other}' is not one of createdAt, -createdAt, price, -price"),
            ))
        }
    };

    let mut matching: Vec<usize> = (0..ctx.data.listings.len())
        .filter(|&i| {
            let listing = &ctx.data.listings[i];
            let author_id = &ctx.data.users[listing.author].id;
            let text = || format!("{}\n{}", listing.title, listing.description).to_lowercase();
            listing.state == ListingState::Published
                && author.as_ref().is_none_or(|a| a == author_id)
                && ids.as_ref().is_none_or(|ids| ids.contains(&listing.id))
                && price.is_none_or(|(min, max)| {
                    min.is_none_or(|m| listing.price_amount() >= m)
                        && max.is_none_or(|m| listing.price_amount() < m)
                })
                && (keywords.is_empty() || {
                    let text = text();
                    keywords.iter().any(|w| text.contains(w.as_str()))
                })
                && pub_filters.iter().all(|(key, wanted)| {
                    listing
                        .public_data
                        .get(key)
                        .and_then(scalar_text)
                        .is_some_and(|have| wanted.contains(&have))
                })
        })
        .collect();
    matching.sort_by(|&a, &b| {
        let (la, lb) = (&ctx.data.listings[a], &ctx.data.listings[b]);
        let order = match sort {
            ListingSort::CreatedAt => la.created_at.cmp(&lb.created_at),
            ListingSort::Price => la.price_amount().cmp(&lb.price_amount()),
        };
        let order = if descending { order.reverse() } else { order };
        // Ties keep id order so pages never overlap.
        if order == Ordering::Equal {
            a.cmp(&b)
        } else {
            order
        }
    });

    let refs = matching
        .into_iter()
        .map(|i| ResourceRef::new(&LISTING, i))
        .collect();
    ctx.page(refs)
}

/// Parses `price`: `N` (exact), `min,max` (min ≤ p < max), `min,` or `,max`.
fn parse_price(value: &str) -> Result<(Option<i64>, Option<i64>), ApiError> {
    let bound = |s: &str| -> Result<Option<i64>, ApiError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        s.parse().map(Some).map_err(|_| {
            ApiError::invalid_value("price", &format!("'{s}' is not an amount in minor units"))
        })
    };
    match value.split_once(',') {
        Some((min, max)) => Ok((bound(min)?, bound(max)?)),
        None => {
            let exact =
                bound(value)?.ok_or_else(|| ApiError::invalid_value("price", "empty value"))?;
            Ok((Some(exact), Some(exact + 1)))
        }
    }
}

/// A scalar extended-data value as the text a `pub_` filter compares against.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) | Value::Keyword(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_forms() {
        assert_eq!(parse_price("2000").unwrap(), (Some(2000), Some(2001)));
        assert_eq!(parse_price("2000,5000").unwrap(), (Some(2000), Some(5000)));
        assert_eq!(parse_price(",5000").unwrap(), (None, Some(5000)));
        assert_eq!(parse_price("2000,").unwrap(), (Some(2000), None));
        assert_eq!(
            parse_price("cheap").unwrap_err().code,
            "validation-invalid-value"
        );
    }
}
