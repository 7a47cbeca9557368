//! The Marketplace API under `/v1/api/`: one module per family of endpoints, each with its
//! handlers and an [`Endpoints`] list (`endpoints()`) that mounts them as axum routes; [`router`]
//! merges them. Shared parts: [`endpoint`] (authentication, body, the handler adapter),
//! [`context`] (the call's `Ctx`), [`body`] and [`fields`] (reading parameters). Families never
//! import each other: what two share lives in `resources/` or `domain/`.

pub mod availability;
pub mod body;
pub mod context;
pub mod current_user;
pub mod endpoint;
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

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;

pub use context::Ctx;
pub use endpoint::Endpoints;

use crate::responses::ApiError;
use crate::state::SharedSandbox;

/// Every family's endpoints. A family adds its module above and its `endpoints()` here.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .merge(marketplace::endpoints())
        .merge(users::endpoints())
        .merge(current_user::endpoints())
        .merge(password_reset::endpoints())
        .merge(stripe::endpoints())
        .merge(listings::endpoints())
        .merge(own_listings::endpoints())
        .merge(availability::endpoints())
        .merge(timeslots::endpoints())
        .merge(stock::endpoints())
        .merge(sitemap::endpoints())
        .merge(images::endpoints())
        .merge(files::endpoints())
        .merge(transactions::endpoints())
        .merge(messages::endpoints())
        .merge(reviews::endpoints())
}

/// The Marketplace API's routes under `/v1/api/`, behind the rate limit. A path or method
/// that no endpoint has gets 404 `not-found`.
pub fn router(sandbox: &SharedSandbox) -> Router<SharedSandbox> {
    let families = endpoints()
        .into_router()
        .fallback(unknown_endpoint)
        .method_not_allowed_fallback(unknown_endpoint);
    Router::new()
        .nest("/v1/api", families)
        .layer(middleware::from_fn_with_state(sandbox.clone(), rate_limit))
}

async fn unknown_endpoint(request: Request) -> ApiError {
    ApiError::not_found(format!(
        "No such endpoint: {} {}",
        request.method(),
        request.uri().path()
    ))
}

/// Middleware: while a rate limit is on (`--rate-limit`, `POST /_sandbox/rate-limit`), answers
/// requests beyond it with 429 `too-many-requests`.
async fn rate_limit(
    State(sandbox): State<SharedSandbox>,
    request: Request,
    next: Next,
) -> Response {
    let admitted = match sandbox.lock().rate_limit.as_mut() {
        Some(limit) => limit.admit(std::time::Instant::now()),
        None => true,
    };
    if !admitted {
        return ApiError::new(
            429,
            "too-many-requests",
            "Too many requests: the sandbox's rate limit is on (--rate-limit)",
        )
        .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_is_mounted_once() {
        let endpoints = endpoints();
        let mut seen = std::collections::HashSet::new();
        for (method, path) in endpoints.mounted() {
            assert!(
                seen.insert((method.clone(), *path)),
                "{method} {path} is mounted twice"
            );
        }
        assert!(seen.len() > 60, "{}", seen.len());
    }
}
