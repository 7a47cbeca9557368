//! Assembling the routes and running the HTTP/1.1 accept loop.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use sharetribe_sdk::core::value::Value;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;

use crate::control::{self, listing_approval, login_as, trusted_transitions};
use crate::faults::{self, ConnectionKiller};
use crate::gateway::{log_requests, MAX_UPLOAD_BYTES};
use crate::options::Options;
use crate::state::{Sandbox, SharedSandbox};
use crate::{api, assets, auth_api, images, responses};

/// The sandbox's routes, with fresh seed state.
///
/// Usable with any axum server; only [`serve`] can honour `drop` faults cleanly (elsewhere
/// they abort the connection task with a panic).
pub fn app(options: Options) -> Router {
    router(Sandbox::new(options))
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-transit-verbose"),
        ])
        .max_age(Duration::from_secs(600))
}

async fn unknown_auth_endpoint() -> Response {
    responses::json(
        404,
        &Value::map([
            ("error", Value::from("not_found")),
            (
                "error_description",
                Value::from("The sandbox implements /v1/auth/token and /v1/auth/revoke only"),
            ),
        ]),
    )
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

fn router(sandbox: SharedSandbox) -> Router {
    let api = api::router(&sandbox)
        .route("/v1/auth/token", post(auth_api::token))
        .route("/v1/auth/revoke", post(auth_api::revoke))
        .route("/v1/auth/{*rest}", any(unknown_auth_endpoint))
        .route(
            "/v1/assets/pub/{client_id}/{kind}/{selector}/",
            get(assets::serve_root),
        )
        .route(
            "/v1/assets/pub/{client_id}/{kind}/{selector}/{*path}",
            get(assets::serve),
        )
        .route("/v1/storage/{id}", any(api::files::storage))
        .route_layer(middleware::from_fn(faults::apply))
        .route_layer(middleware::from_fn_with_state(
            sandbox.clone(),
            log_requests,
        ))
        // Uploads may be up to 20 MB (the gateway enforces each body's limit itself).
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES));
    let control = Router::new()
        .route("/_sandbox/health", get(control::health))
        .route("/_sandbox/reset", post(control::reset))
        .route("/_sandbox/rate-limit", post(control::set_rate_limit))
        .route("/_sandbox/login-as-code", post(login_as::mint))
        .route(
            "/_sandbox/listing-approval",
            post(listing_approval::set_required),
        )
        .route(
            "/_sandbox/listings/{id}/approve",
            post(listing_approval::approve),
        )
        .route("/_sandbox/users/{email}/tokens", get(control::user_tokens))
        .route(
            "/_sandbox/transactions/transition",
            post(trusted_transitions::transition),
        )
        .route(
            "/_sandbox/expire-access-tokens",
            post(control::expire_access_tokens),
        )
        .route(
            "/_sandbox/faults",
            post(control::set_fault).delete(control::clear_faults),
        )
        .route(
            "/_sandbox/requests",
            get(control::requests).delete(control::clear_requests),
        )
        .route("/images/{id}/{variant}/{file}", get(images::serve));
    let mut router = api.merge(control);
    if let Some(pkg_dir) = &sandbox.options.pkg_dir {
        router = router.nest_service("/pkg", ServeDir::new(pkg_dir));
    }
    router = match &sandbox.options.static_dir {
        Some(dir) => router.fallback_service(ServeDir::new(dir)),
        None => router.fallback(not_found),
    };
    router
        .layer(middleware::from_fn(responses::verbose_transit))
        .layer(cors())
        .with_state(sandbox)
}

/// Serves the sandbox on `listener` until the task is dropped. Each connection is HTTP/1.1;
/// a `drop` fault closes the connection it arrived on without a response.
pub async fn serve(listener: TcpListener, options: Options) {
    serve_router(listener, app(options)).await
}

/// Serves any router built by [`app`] on `listener`.
pub async fn serve_router(listener: TcpListener, router: Router) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // E.g. too many open files: back off instead of spinning.
                eprintln!("sandbox: accept failed: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        tokio::spawn(async move {
            let killer = ConnectionKiller::new();
            let request_killer = killer.clone();
            let service = hyper::service::service_fn(
                move |mut request: hyper::Request<Incoming>| {
                    request.extensions_mut().insert(request_killer.clone());
                    let response = router.clone().oneshot(request.map(Body::new));
                    async move { Ok::<_, Infallible>(response.await.unwrap_or_else(|e| match e {})) }
                },
            );
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                // Dropping the connection future closes the socket with no response.
                _ = killer.killed() => {}
            }
        });
    }
}
