//! The Marketplace API under `/v1/api/`: one route table, filled by the API families' modules.
//!
//! Each family module (`listings`, `own_listings`, `transactions`, ...) declares
//! `pub const ROUTES: &[Route]` with its endpoints and the resource [`Kind`]s it renders.
//! [`handle`] authenticates the request, parses its body and query, finds the route and runs
//! its handler with a [`Ctx`] holding the locked data set.
//!
//! [`Kind`]: crate::resources::Kind

pub mod availability;
pub mod body;
pub mod context;
pub mod current_user;
pub mod fields;
pub mod files;
pub mod images;
pub mod listings;
pub mod marketplace;
pub mod messages;
pub mod own_listings;
pub mod password_reset;
pub mod reviews;
pub mod sitemap;
pub mod stock;
pub mod stripe;
pub mod timeslots;
pub mod transactions;
pub mod users;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Uri};
use axum::response::Response;
use sharetribe_sdk::core::value::Value;

pub use context::Ctx;

use crate::access::{authenticate, Authentication};
use crate::params::QueryParams;
use crate::responses::{self, wants_verbose, ApiError};
use crate::state::SharedSandbox;

/// The HTTP method of an endpoint: queries are GET, commands POST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// A query (`GET`, parameters in the query string).
    Get,
    /// A command (`POST`, body in Transit, JSON or multipart).
    Post,
}

/// What an endpoint does: runs with the request's context and returns the response document
/// (usually built with [`Ctx::show`] or [`Ctx::page`]) or an API error.
pub type Handler = fn(&mut Ctx) -> Result<Value, ApiError>;

/// One endpoint.
#[derive(Clone, Copy)]
pub struct Route {
    /// GET or POST.
    pub verb: Verb,
    /// The path below `/v1/api/`, e.g. `own_listings/create`.
    pub path: &'static str,
    /// What it does.
    pub handler: Handler,
}

impl Route {
    /// A GET endpoint.
    pub const fn get(path: &'static str, handler: Handler) -> Route {
        Route {
            verb: Verb::Get,
            path,
            handler,
        }
    }

    /// A POST endpoint.
    pub const fn post(path: &'static str, handler: Handler) -> Route {
        Route {
            verb: Verb::Post,
            path,
            handler,
        }
    }
}

/// Every family's routes. A family adds its module above and its `ROUTES` here.
const FAMILIES: &[&[Route]] = &[
    marketplace::ROUTES,
    users::ROUTES,
    current_user::ROUTES,
    password_reset::ROUTES,
    stripe::ROUTES,
    listings::ROUTES,
    own_listings::ROUTES,
    availability::ROUTES,
    timeslots::ROUTES,
    stock::ROUTES,
    sitemap::ROUTES,
    images::ROUTES,
    files::ROUTES,
    transactions::ROUTES,
    messages::ROUTES,
    reviews::ROUTES,
];

/// Finds the route for `method` and `path` (below `/v1/api/`).
pub fn find_route(method: &Method, path: &str) -> Option<Route> {
    let verb = match *method {
        Method::GET => Verb::Get,
        Method::POST => Verb::Post,
        _ => return None,
    };
    FAMILIES
        .iter()
        .flat_map(|routes| routes.iter())
        .find(|route| route.verb == verb && route.path == path)
        .copied()
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
    raw_body: &[u8],
) -> Result<Value, ApiError> {
    let path = uri.path().strip_prefix("/v1/api/").unwrap_or("");
    let admitted = match sandbox.lock().rate_limit.as_mut() {
        Some(limit) => limit.admit(std::time::Instant::now()),
        None => true,
    };
    if !admitted {
        return Err(ApiError::new(
            429,
            "too-many-requests",
            "Too many requests: the sandbox's rate limit is on (--rate-limit)",
        ));
    }
    let route = find_route(method, path)
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
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match route.verb {
        Verb::Post => body::parse(content_type.as_deref(), raw_body)?,
        Verb::Get => body::Body::empty(),
    };
    let params = QueryParams::parse(uri.query());
    context::check_image_variants(&params)?;
    let mut state = sandbox.lock();
    let mut ctx = Ctx::new(
        &mut state.data,
        base_url(sandbox, headers),
        params,
        body,
        principal,
    );
    (route.handler)(&mut ctx)
}

/// The origin the client used to reach us, so image URLs point back at this sandbox.
fn base_url(sandbox: &SharedSandbox, headers: &HeaderMap) -> String {
    match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) => format!("http://{host}"),
        None => format!("http://{}:{}", sandbox.options.host, sandbox.options.port),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for route in FAMILIES.iter().flat_map(|r| r.iter()) {
            assert!(
                seen.insert((route.verb == Verb::Get, route.path)),
                "{} is declared twice",
                route.path
            );
        }
    }

    #[test]
    fn unknown_method_or_path_has_no_route() {
        assert!(find_route(&Method::GET, "listings/query").is_some());
        assert!(find_route(&Method::POST, "listings/query").is_none());
        assert!(find_route(&Method::GET, "listings/nope").is_none());
        assert!(find_route(&Method::DELETE, "listings/query").is_none());
    }
}
