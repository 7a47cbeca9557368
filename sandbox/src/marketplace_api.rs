//! The Marketplace API under `/v1/api/`: token checks, parameter validation, and the read
//! endpoints with real behaviour (marketplace, users, current user, listings).

use std::cmp::Ordering;
use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Uri};
use axum::response::Response;
use sharetribe_sdk::core::value::Value;
use sharetribe_sdk::core::{json, transit};

use crate::access::{authenticate, Authentication};
use crate::params::{is_uuid, split_list, QueryParams};
use crate::resources::{IncludeTree, Primary, Renderer, ResourceRef};
use crate::responses::{self, wants_verbose, ApiError};
use crate::seed::{ListingState, Seed};
use crate::state::SharedSandbox;
use crate::tokens::Principal;

/// Largest accepted `perPage`, also the default.
pub const MAX_PER_PAGE: usize = 100;

/// The endpoints the sandbox implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    MarketplaceShow,
    UsersShow,
    CurrentUserShow,
    ListingsShow,
    ListingsQuery,
}

impl Endpoint {
    fn find(method: &Method, path: &str) -> Option<Endpoint> {
        if method != Method::GET {
            return None;
        }
        Some(match path {
            "marketplace/show" => Endpoint::MarketplaceShow,
            "users/show" => Endpoint::UsersShow,
            "current_user/show" => Endpoint::CurrentUserShow,
            "listings/show" => Endpoint::ListingsShow,
            "listings/query" => Endpoint::ListingsQuery,
            _ => return None,
        })
    }
}

/// Handles every request under `/v1/api/`.
pub async fn handle(
    State(sandbox): State<SharedSandbox>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let verbose = wants_verbose(&headers);
    match respond(&sandbox, &method, &uri, &headers, &body) {
        Ok(document) => responses::transit(200, &document, verbose),
        Err(error) => error.into_response(sandbox.random_uuid(), verbose),
    }
}

fn respond(
    sandbox: &SharedSandbox,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Value, ApiError> {
    let path = uri.path().strip_prefix("/v1/api/").unwrap_or("");
    let endpoint = Endpoint::find(method, path)
        .ok_or_else(|| ApiError::not_found(format!("No such endpoint: {method} /v1/api/{path}")))?;
    let principal = match authenticate(sandbox, headers) {
        Authentication::Missing => {
            return Err(ApiError::new(
                401,
                "auth-missing-access-token",
                "Access token missing: send Authorization: Bearer <access token>",
            ))
        }
        Authentication::Invalid => {
            return Err(ApiError::new(
                401,
                "auth-invalid-access-token",
                "Access token is invalid or expired",
            ))
        }
        Authentication::Valid(principal) => principal,
    };
    if method == Method::POST {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        // No command endpoint is implemented yet; parsing still rejects unreadable bodies.
        parse_body(content_type, body)?;
    }
    let params = QueryParams::parse(uri.query());
    let call = Call {
        seed: &sandbox.seed,
        renderer: Renderer::new(
            &sandbox.seed,
            base_url(sandbox, headers),
            sparse_fields(&params),
        ),
        include: IncludeTree::parse(&params.list("include")),
        params,
        principal,
    };
    match endpoint {
        Endpoint::MarketplaceShow => Ok(call.show(ResourceRef::Marketplace)),
        Endpoint::UsersShow => {
            let id = call.required_uuid("id")?;
            let user = call
                .user_index(&id)
                .ok_or_else(|| ApiError::not_found(format!("User {id} not found")))?;
            Ok(call.show(ResourceRef::User(user)))
        }
        Endpoint::CurrentUserShow => match call.principal {
            Principal::User(user) => Ok(call.show(ResourceRef::CurrentUser(user))),
            Principal::Anonymous => Err(ApiError::new(
                403,
                "forbidden",
                "This endpoint needs a logged-in user; the access token is anonymous",
            )),
        },
        Endpoint::ListingsShow => {
            let id = call.required_uuid("id")?;
            let listing = call
                .published_listing_index(&id)
                .ok_or_else(|| ApiError::not_found(format!("Listing {id} not found")))?;
            Ok(call.show(ResourceRef::Listing(listing)))
        }
        Endpoint::ListingsQuery => call.query_listings(),
    }
}

/// Reads a POST body: Transit (`application/transit+json`), JSON (`application/json`), or
/// nothing. Fails with 400 `unsupported-content-type` for other types and 400 `bad-request`
/// for a body that does not parse.
pub fn parse_body(content_type: Option<&str>, body: &[u8]) -> Result<Value, ApiError> {
    if body.is_empty() {
        return Ok(Value::Map(Vec::new()));
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::new(400, "bad-request", "Request body is not UTF-8"))?;
    let media_type = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match media_type.as_str() {
        "application/transit+json" => transit::decode(text).map_err(|e| {
            ApiError::new(
                400,
                "bad-request",
                format!("Unreadable Transit body: {}", e.0),
            )
        }),
        "application/json" => json::parse(text).map_err(|e| {
            ApiError::new(
                400,
                "bad-request",
                format!("Unreadable JSON body: {}", e.message),
            )
        }),
        other => Err(ApiError::new(
            400,
            "unsupported-content-type",
            format!("Unsupported request content type '{other}'"),
        )),
    }
}

/// The origin the client used to reach us, so image URLs point back at this sandbox.
fn base_url(sandbox: &SharedSandbox, headers: &HeaderMap) -> String {
    match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) => format!("http://{host}"),
        None => format!("http://{}:{}", sandbox.options.host, sandbox.options.port),
    }
}

fn sparse_fields(params: &QueryParams) -> HashMap<String, Vec<String>> {
    params
        .with_prefix("fields.")
        .map(|(kind, list)| (kind.to_owned(), split_list(list)))
        .collect()
}

/// One validated call in progress.
struct Call<'a> {
    seed: &'a Seed,
    renderer: Renderer<'a>,
    include: IncludeTree,
    params: QueryParams,
    principal: Principal,
}

/// The `sort` orders `listings/query` supports.
#[derive(Debug, Clone, Copy)]
enum ListingSort {
    CreatedAt,
    Price,
}

impl Call<'_> {
    fn show(&self, r: ResourceRef) -> Value {
        self.renderer
            .document(&Primary::One(r), &self.include, Value::Map(Vec::new()))
    }

    fn required_uuid(&self, name: &str) -> Result<String, ApiError> {
        let value = self
            .params
            .get(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::missing_param(name))?;
        uuid_value(name, value)
    }

    fn user_index(&self, id: &str) -> Option<usize> {
        self.seed.users.iter().position(|u| u.id == id)
    }

    fn published_listing_index(&self, id: &str) -> Option<usize> {
        self.seed
            .listings
            .iter()
            .position(|l| l.id == id && l.state == ListingState::Published)
    }

    fn paging(&self) -> Result<(usize, usize), ApiError> {
        let number = |name: &str, default: usize| -> Result<usize, ApiError> {
            match self.params.get(name) {
                None => Ok(default),
                Some(v) => v.trim().parse::<i64>().map_or_else(
                    |_| {
                        Err(ApiError::invalid_params(format!(
                            "'{name}' must be an integer, got '{v}'"
                        )))
                    },
                    |n| Ok(n.max(0) as usize),
                ),
            }
        };
        let page = number("page", 1)?;
        let per_page = number("perPage", MAX_PER_PAGE)?;
        if page < 1 {
            return Err(ApiError::invalid_params("'page' must be at least 1"));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::invalid_params(format!(
                "'perPage' must be between 1 and {MAX_PER_PAGE}"
            )));
        }
        Ok((page, per_page))
    }

    fn query_listings(&self) -> Result<Value, ApiError> {
        let (page, per_page) = self.paging()?;
        let keywords: Vec<String> = self
            .params
            .get("keywords")
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let author = match self.params.get("authorId") {
            Some(v) => Some(uuid_value("authorId", v)?),
            None => None,
        };
        let ids = match self.params.get("ids") {
            Some(v) => Some(
                split_list(v)
                    .iter()
                    .map(|id| uuid_value("ids", id))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            None => None,
        };
        let price = match self.params.get("price") {
            Some(v) => Some(parse_price(v)?),
            None => None,
        };
        let pub_filters: Vec<(&str, Vec<String>)> = self
            .params
            .with_prefix("pub_")
            .map(|(key, list)| (key, split_list(list)))
            .collect();
        let (sort, descending) = match self.params.get("sort").unwrap_or("-createdAt") {
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

        let mut matching: Vec<usize> = (0..self.seed.listings.len())
            .filter(|&i| {
                let listing = &self.seed.listings[i];
                let author_id = &self.seed.users[listing.author].id;
                let text = || format!("{}\n{}", listing.title, listing.description).to_lowercase();
                listing.state == ListingState::Published
                    && author.as_ref().is_none_or(|a| a == author_id)
                    && ids.as_ref().is_none_or(|ids| ids.contains(&listing.id))
                    && price.is_none_or(|(min, max)| {
                        min.is_none_or(|m| listing.price_amount >= m)
                            && max.is_none_or(|m| listing.price_amount < m)
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
            let (la, lb) = (&self.seed.listings[a], &self.seed.listings[b]);
            let order = match sort {
                ListingSort::CreatedAt => la.created_at.cmp(&lb.created_at),
                ListingSort::Price => la.price_amount.cmp(&lb.price_amount),
            };
            let order = if descending { order.reverse() } else { order };
            // Ties keep id order so pages never overlap.
            if order == Ordering::Equal {
                a.cmp(&b)
            } else {
                order
            }
        });

        let total = matching.len();
        let page_items: Vec<ResourceRef> = matching
            .into_iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(ResourceRef::Listing)
            .collect();
        let meta = Value::map([
            ("totalItems", Value::Int(total as i64)),
            ("totalPages", Value::Int(total.div_ceil(per_page) as i64)),
            ("page", Value::Int(page as i64)),
            ("perPage", Value::Int(per_page as i64)),
        ]);
        Ok(self
            .renderer
            .document(&Primary::Many(page_items), &self.include, meta))
    }
}

/// Validates a UUID parameter value, returning it lower-cased.
fn uuid_value(name: &str, value: &str) -> Result<String, ApiError> {
    if is_uuid(value.trim()) {
        Ok(value.trim().to_ascii_lowercase())
    } else {
        Err(ApiError::invalid_value(
            name,
            &format!("'{value}' is not a UUID"),
        ))
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

    #[test]
    fn body_content_types() {
        assert_eq!(parse_body(None, b"").unwrap(), Value::Map(Vec::new()));
        assert_eq!(
            parse_body(Some("text/plain"), b"x").unwrap_err().code,
            "unsupported-content-type"
        );
    }
}
