//! What every Marketplace API endpoint shares: the caller's access token checked by the
//! [`Caller`] extractor, a command's body read by [`CommandBody`], and [`Endpoints`], which
//! mounts a family's handlers as axum routes and keeps the list of what it mounted (so a
//! test can compare it with the SDK's endpoint table).
//!
//! A handler is a plain `fn(&mut Ctx) -> Result<Value, ApiError>`: the adapter locks the data
//! set, builds its [`Ctx`] and answers the document (or the error) in Transit.

use axum::extract::{FromRequest, FromRequestParts, RawQuery, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::routing::{get, post};
use axum::Router;
use sharetribe_sdk::core::value::Value;

use super::body::{self, Body};
use super::context::Ctx;
use crate::access::{authenticate, Authentication};
use crate::domain::tokens::Principal;
use crate::params::QueryParams;
use crate::responses::{ApiError, Document};
use crate::state::SharedSandbox;

/// What an endpoint does: runs with the request's context and returns the response document
/// (usually built with [`Ctx::show`] or [`Ctx::page`]) or an API error.
pub type Handler = fn(&mut Ctx) -> Result<Value, ApiError>;

/// Who makes the call: the principal of a live access token. Rejects the request with 401
/// `auth-missing-access-token` without an `Authorization` header and 401
/// `auth-invalid-access-token` for a malformed, unknown, revoked or expired token.
#[derive(Debug, Clone, Copy)]
pub struct Caller(pub Principal);

impl FromRequestParts<SharedSandbox> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        sandbox: &SharedSandbox,
    ) -> Result<Caller, ApiError> {
        match authenticate(sandbox, &parts.headers) {
            Authentication::Valid(principal) => Ok(Caller(principal)),
            Authentication::Missing => Err(ApiError::new(
                401,
                "auth-missing-access-token",
                "Access token missing: send Authorization: Bearer <access token>",
            )),
            Authentication::Invalid => Err(ApiError::new(
                401,
                "auth-invalid-access-token",
                "Access token is invalid or expired",
            )),
        }
    }
}

/// A command's body, decoded by its content type (see [`body::parse`]). Rejects the request
/// with 400 for an unreadable body or an unsupported content type.
#[derive(Debug, Clone)]
pub struct CommandBody(pub Body);

impl FromRequest<SharedSandbox> for CommandBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, sandbox: &SharedSandbox) -> Result<Self, ApiError> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = axum::body::Bytes::from_request(request, sandbox)
            .await
            .map_err(|e| ApiError::new(400, "bad-request", format!("Unreadable body: {e}")))?;
        body::parse(content_type.as_deref(), bytes)
            .await
            .map(CommandBody)
    }
}

/// The origin the client used to reach us, so image URLs point back at this sandbox.
fn base_url(sandbox: &SharedSandbox, headers: &HeaderMap) -> String {
    match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) => format!("http://{host}"),
        None => format!("http://{}:{}", sandbox.options.host, sandbox.options.port),
    }
}

/// Runs `handler` on the locked data set.
fn run(
    sandbox: &SharedSandbox,
    handler: Handler,
    Caller(principal): Caller,
    headers: &HeaderMap,
    query: Option<String>,
    body: Body,
) -> Result<Document, ApiError> {
    let base_url = base_url(sandbox, headers);
    let params = QueryParams::parse(query.as_deref());
    super::context::check_image_variants(&params)?;
    let mut state = sandbox.lock();
    let mut ctx = Ctx::new(&mut state.data, base_url, params, body, principal);
    handler(&mut ctx).map(Document)
}

/// A family's endpoints: the axum routes (paths below `/v1/api/`) and the list of
/// `(method, path)` mounted.
#[derive(Default)]
pub struct Endpoints {
    router: Router<SharedSandbox>,
    mounted: Vec<(Method, &'static str)>,
}

impl Endpoints {
    /// No endpoints yet.
    pub fn new() -> Endpoints {
        Endpoints::default()
    }

    /// A query: `GET /v1/api/<path>`, parameters in the query string.
    pub fn get(mut self, path: &'static str, handler: Handler) -> Endpoints {
        let route = get(
            move |State(sandbox): State<SharedSandbox>,
                  caller: Caller,
                  headers: HeaderMap,
                  RawQuery(query): RawQuery| async move {
                run(&sandbox, handler, caller, &headers, query, Body::empty())
            },
        );
        self.router = self.router.route(&format!("/{path}"), route);
        self.mounted.push((Method::GET, path));
        self
    }

    /// A command: `POST /v1/api/<path>` with a Transit, JSON or multipart body.
    pub fn post(mut self, path: &'static str, handler: Handler) -> Endpoints {
        let route = post(
            move |State(sandbox): State<SharedSandbox>,
                  caller: Caller,
                  headers: HeaderMap,
                  RawQuery(query): RawQuery,
                  CommandBody(body): CommandBody| async move {
                run(&sandbox, handler, caller, &headers, query, body)
            },
        );
        self.router = self.router.route(&format!("/{path}"), route);
        self.mounted.push((Method::POST, path));
        self
    }

    /// Both families' endpoints together.
    pub fn merge(mut self, other: Endpoints) -> Endpoints {
        self.router = self.router.merge(other.router);
        self.mounted.extend(other.mounted);
        self
    }

    /// The `(method, path)` of every endpoint, paths below `/v1/api/`.
    pub fn mounted(&self) -> &[(Method, &'static str)] {
        &self.mounted
    }

    /// The routes.
    pub fn into_router(self) -> Router<SharedSandbox> {
        self.router
    }
}
