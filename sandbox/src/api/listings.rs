//! `listings/show` and `listings/query` (`listings/search`): published listings, with every
//! filter and sort of the query (rendered as `resources::listings`).

use std::cmp::Ordering;

use sharetribe_sdk::core::value::Value;

use super::context::uuid_value;
use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::data::{Data, ListingState};
use crate::params::split_list;
use crate::resources::listings::LISTING;
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .get("listings/show", show)
        .get("listings/query", query)
        // The legacy name the SDKs keep; the same query.
        .get("listings/search", query)
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

/// One key of a `listings/query` `sort`.
#[derive(Debug, Clone)]
enum SortKey {
    CreatedAt,
    Price,
    /// Distance from `origin`.
    Distance,
    /// Keyword relevance (the default order of a keyword search).
    Relevance,
    /// A numeric `publicData` field (`pub_<key>`).
    Public(String),
    /// A numeric `metadata` field (`meta_<key>`).
    Meta(String),
}

/// At most this many comma-separated `sort` keys.
const MAX_SORT_KEYS: usize = 3;
/// `start` and `end` of an availability filter are at most this far apart.
const MAX_AVAILABILITY_RANGE_MS: i64 = 90 * 86_400_000;

/// Parses `sort`: up to three keys, each optionally prefixed with `-` (descending).
fn parse_sort(value: &str) -> Result<Vec<(SortKey, bool)>, ApiError> {
    let keys = split_list(value);
    if keys.is_empty() || keys.len() > MAX_SORT_KEYS {
        return Err(ApiError::invalid_value(
            "sort",
            &format!("'{value}' must have 1 to {MAX_SORT_KEYS} keys"),
        ));
    }
    keys.iter()
        .map(|key| {
            let (descending, name) = match key.strip_prefix('-') {
                Some(name) => (true, name),
                None => (false, key.as_str()),
            };
            let sort = match name {
                "createdAt" => SortKey::CreatedAt,
                "price" => SortKey::Price,
                "origin" => SortKey::Distance,
                _ => match (name.strip_prefix("pub_"), name.strip_prefix("meta_")) {
                    (Some(field), _) if !field.is_empty() => SortKey::Public(field.to_owned()),
                    (_, Some(field)) if !field.is_empty() => SortKey::Meta(field.to_owned()),
                    _ => {
                        return Err(ApiError::invalid_value(
                            "sort",
                            &format!(
                                "'{key}' is not one of createdAt, price, pub_<field>, \
                                 meta_<field> (optionally with -)"
                            ),
                        ))
                    }
                },
            };
            Ok((sort, descending))
        })
        .collect()
}

/// The availability filter of `listings/query`: `start`, `end`, `seats`, `availability`
/// and `minDuration`.
#[derive(Debug, Clone, Copy)]
struct AvailabilityFilter {
    range: (i64, i64),
    seats: i64,
    /// Whether the listing must have a time plan (`time-*`), else a day plan (`day-*`).
    time: bool,
    /// Whether the whole range must be open (`*-full`), else some stretch of it.
    full: bool,
    /// Shortest open stretch for the partial variants, milliseconds.
    min_ms: i64,
}

impl AvailabilityFilter {
    /// Whether totals and paging are available (only `day-full` has them).
    fn paginates(&self) -> bool {
        self.full && !self.time
    }
}

fn parse_availability(ctx: &Ctx) -> Result<Option<AvailabilityFilter>, ApiError> {
    let (start, end) = (ctx.params.get("start"), ctx.params.get("end"));
    let range = match (start, end) {
        (None, None) => {
            for name in ["seats", "availability", "minDuration"] {
                if ctx.params.get(name).is_some() {
                    return Err(ApiError::invalid_params(format!(
                        "'{name}' needs 'start' and 'end'"
                    )));
                }
            }
            return Ok(None);
        }
        (Some(_), Some(_)) => ctx.query_range()?,
        _ => {
            return Err(ApiError::invalid_params(
                "'start' and 'end' must be given together",
            ))
        }
    };
    if range.1 - range.0 > MAX_AVAILABILITY_RANGE_MS {
        return Err(ApiError::invalid_value(
            "end",
            "must be at most 90 days after start",
        ));
    }
    let number = |name: &str, default: i64| -> Result<i64, ApiError> {
        match ctx.params.get(name) {
            None => Ok(default),
            Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                ApiError::invalid_value(name, &format!("'{v}' is not a non-negative integer"))
            }),
        }
    };
    let seats = number("seats", 1)?;
    let min_duration = number("minDuration", 0)?;
    let (time, full) = match ctx.params.get("availability").unwrap_or("day-full") {
        "day-full" => (false, true),
        "day-partial" => (false, false),
        "time-full" => (true, true),
        "time-partial" => (true, false),
        other => {
            return Err(ApiError::invalid_value(
                "availability",
                &format!("'{other}' is not one of day-full, day-partial, time-full, time-partial"),
            ))
        }
    };
    if full && ctx.params.get("minDuration").is_some() {
        return Err(ApiError::invalid_params(
            "'minDuration' only goes with day-partial or time-partial availability",
        ));
    }
    let unit_ms = if time { 60_000 } else { 86_400_000 };
    Ok(Some(AvailabilityFilter {
        range,
        seats: seats.max(1),
        time,
        full,
        min_ms: min_duration.saturating_mul(unit_ms),
    }))
}

/// `minStock` and `stockMode`: the least stock a listing must have, and whether listings
/// with no stock defined pass (`match-undefined`) or not (`strict`, the default).
fn parse_stock_filter(ctx: &Ctx) -> Result<Option<(i64, bool)>, ApiError> {
    let undefined_passes = match ctx.params.get("stockMode").unwrap_or("strict") {
        "strict" => false,
        "match-undefined" => true,
        other => {
            return Err(ApiError::invalid_value(
                "stockMode",
                &format!("'{other}' is not one of strict, match-undefined"),
            ))
        }
    };
    match ctx.params.get("minStock") {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .map(|n| Some((n, undefined_passes)))
            .map_err(|_| ApiError::invalid_value("minStock", &format!("'{v}' is not an integer"))),
    }
}

/// A listing's keyword relevance: title hits count more than description or public-data hits.
fn relevance(listing: &crate::domain::data::Listing, keywords: &[String]) -> i64 {
    let title = listing.title.to_lowercase();
    let description = listing.description.to_lowercase();
    let public = public_text(&listing.public_data).to_lowercase();
    keywords
        .iter()
        .map(|w| {
            4 * i64::from(title.contains(w.as_str()))
                + 2 * i64::from(description.contains(w.as_str()))
                + i64::from(public.contains(w.as_str()))
        })
        .sum()
}

/// The top-level string values of public data, searched by `keywords` like text fields.
fn public_text(public_data: &Value) -> String {
    match public_data {
        Value::Map(entries) => entries
            .iter()
            .filter_map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// A numeric extended-data value for sorting.
fn numeric(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Int(n) => Some(*n as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
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
    let meta_filters: Vec<(&str, &str)> = ctx.params.with_prefix("meta_").collect();
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
    let availability = parse_availability(ctx)?;
    let stock = parse_stock_filter(ctx)?;
    let sort = match ctx.params.get("sort") {
        Some(v) => parse_sort(v)?,
        None if origin.is_some() => vec![(SortKey::Distance, false)],
        None if !keywords.is_empty() => vec![(SortKey::Relevance, true)],
        None => vec![(SortKey::CreatedAt, true)],
    };

    let data: &Data = ctx.data;
    let mut matching: Vec<usize> = (0..data.listings.len())
        .filter(|&i| {
            let listing = &data.listings[i];
            let author_id = &data.users[listing.author].id;
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
                && (keywords.is_empty() || relevance(listing, &keywords) > 0)
                && pub_filters
                    .iter()
                    .all(|(key, filter)| matches_extended(listing.public_data.get(key), filter))
                && meta_filters
                    .iter()
                    .all(|(key, filter)| matches_extended(listing.metadata.get(key), filter))
                && stock.is_none_or(|(min, undefined_passes)| {
                    crate::domain::transactions::stock::stock_of(data, i)
                        .map_or(undefined_passes, |quantity| quantity >= min)
                })
                && availability.is_none_or(|f| {
                    let (time, open) = crate::domain::availability::has_availability(
                        data, i, f.range, f.seats, f.full, f.min_ms,
                    );
                    time == f.time && open
                })
        })
        .collect();
    matching.sort_by(|&a, &b| {
        let (la, lb) = (&data.listings[a], &data.listings[b]);
        for (key, descending) in &sort {
            let order = match key {
                SortKey::CreatedAt => la.created_at.cmp(&lb.created_at),
                SortKey::Price => la.price_amount().cmp(&lb.price_amount()),
                SortKey::Relevance => relevance(la, &keywords).cmp(&relevance(lb, &keywords)),
                SortKey::Distance => {
                    let [lat, lng] = origin.unwrap_or([0.0, 0.0]);
                    let distance = |l: &crate::domain::data::Listing| {
                        l.geolocation
                            .map_or(f64::MAX, |(a, b)| (a - lat).powi(2) + (b - lng).powi(2))
                    };
                    distance(la).total_cmp(&distance(lb))
                }
                SortKey::Public(field) | SortKey::Meta(field) => {
                    let value = |l: &crate::domain::data::Listing| match key {
                        SortKey::Public(_) => numeric(l.public_data.get(field)),
                        _ => numeric(l.metadata.get(field)),
                    };
                    match (value(la), value(lb)) {
                        (Some(x), Some(y)) => x.total_cmp(&y),
                        // Listings without the field come last in either direction.
                        (Some(_), None) => return Ordering::Less,
                        (None, Some(_)) => return Ordering::Greater,
                        (None, None) => Ordering::Equal,
                    }
                }
            };
            let order = if *descending { order.reverse() } else { order };
            if order != Ordering::Equal {
                return order;
            }
        }
        // Newest first, then id order, so pages never overlap.
        lb.created_at.cmp(&la.created_at).then(a.cmp(&b))
    });

    let refs = matching
        .into_iter()
        .map(|i| ResourceRef::new(&LISTING, i))
        .collect();
    let mut document = ctx.page(refs)?;
    if availability.is_some_and(|f| !f.paginates()) {
        unpaginated(&mut document);
    }
    Ok(document)
}

/// Marks a query document's meta as the API does for availability searches other than
/// `day-full`: `paginationUnsupported: true` and no totals.
fn unpaginated(document: &mut Value) {
    if let Value::Map(entries) = document {
        for (key, value) in entries.iter_mut() {
            if let (true, Value::Map(meta)) = (key == "meta", value) {
                meta.retain(|(k, _)| k != "totalItems" && k != "totalPages");
                meta.push(("paginationUnsupported".to_owned(), Value::Bool(true)));
            }
        }
    }
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
