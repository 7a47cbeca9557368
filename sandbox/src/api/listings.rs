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
    // The legacy name the SDKs keep; the same query.
    Route::get("listings/search", query),
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
        "currentStock" => Some(super::stock::current_stock(data, i)),
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
    Distance,
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
    let pub_filters: Vec<(&str, &str)> = ctx.params.with_prefix("pub_").collect();
    let bounds = match ctx.params.get("bounds") {
        Some(v) => Some(parse_numbers::<4>("bounds", v)?),
        None => None,
    };
    let origin = match ctx.params.get("origin") {
        Some(v) => Some(parse_numbers::<2>("origin", v)?),
        None => None,
    };
    if origin.is_some() && !keywords.is_empty() {
        return Err(ApiError::invalid_params(
            "'keywords' and 'origin' cannot be used together",
        ));
    }
    let (sort, descending) = match ctx.params.get("sort").unwrap_or(if origin.is_some() {
        "origin"
    } else {
        "-createdAt"
    }) {
        "origin" => (ListingSort::Distance, false),
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
                && !listing.deleted
                && bounds.is_none_or(|[ne_lat, ne_lng, sw_lat, sw_lng]| {
                    listing.geolocation.is_some_and(|(lat, lng)| {
                        (sw_lat..=ne_lat).contains(&lat) && (sw_lng..=ne_lng).contains(&lng)
                    })
                })
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
                && pub_filters
                    .iter()
                    .all(|(key, filter)| matches_extended(listing.public_data.get(key), filter))
        })
        .collect();
    matching.sort_by(|&a, &b| {
        let (la, lb) = (&ctx.data.listings[a], &ctx.data.listings[b]);
        let order = match sort {
            ListingSort::CreatedAt => la.created_at.cmp(&lb.created_at),
            ListingSort::Price => la.price_amount().cmp(&lb.price_amount()),
            ListingSort::Distance => {
                let [lat, lng] = origin.unwrap_or([0.0, 0.0]);
                let distance = |l: &crate::data::Listing| {
                    l.geolocation
                        .map_or(f64::MAX, |(a, b)| (a - lat).powi(2) + (b - lng).powi(2))
                };
                distance(la).total_cmp(&distance(lb))
            }
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

/// `N` comma-separated numbers (`bounds`: 4, `origin`: 2). Fails with 400 naming `name`.
fn parse_numbers<const N: usize>(name: &str, value: &str) -> Result<[f64; N], ApiError> {
    let numbers: Vec<f64> = value
        .split(',')
        .map(|part| part.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| ApiError::invalid_value(name, &format!("'{value}' is not {N} numbers")))?;
    numbers
        .try_into()
        .map_err(|_| ApiError::invalid_value(name, &format!("'{value}' is not {N} numbers")))
}

/// Whether an extended-data value matches a `pub_` filter: `has_all:`/`has_any:` (and a bare
/// list, meaning has_all) for arrays; `min,max` ranges for numbers; a list of alternatives for
/// other scalars.
fn matches_extended(value: Option<&Value>, filter: &str) -> bool {
    let Some(value) = value else { return false };
    match value {
        Value::Array(items) => {
            let have: Vec<String> = items.iter().filter_map(scalar_text).collect();
            let (any, list) = match filter.strip_prefix("has_any:") {
                Some(list) => (true, list),
                None => (false, filter.strip_prefix("has_all:").unwrap_or(filter)),
            };
            let wanted = split_list(list);
            if any {
                wanted.iter().any(|w| have.contains(w))
            } else {
                wanted.iter().all(|w| have.contains(w))
            }
        }
        Value::Int(n) if filter.contains(',') => match parse_price(filter) {
            Ok((min, max)) => min.is_none_or(|m| *n >= m) && max.is_none_or(|m| *n < m),
            Err(_) => false,
        },
        other => scalar_text(other).is_some_and(|have| split_list(filter).contains(&have)),
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
    fn extended_data_filters() {
        let tags = Value::Array(vec![Value::from("cargo"), Value::from("family")]);
        assert!(matches_extended(Some(&tags), "cargo,family"));
        assert!(!matches_extended(Some(&tags), "has_all:cargo,road"));
        assert!(matches_extended(Some(&tags), "has_any:cargo,road"));
        assert!(matches_extended(Some(&Value::Int(2021)), "2020,2023"));
        assert!(!matches_extended(Some(&Value::Int(2023)), "2020,2023"));
        assert!(matches_extended(Some(&Value::from("bikes")), "tools,bikes"));
        assert!(!matches_extended(None, "bikes"));
    }

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
