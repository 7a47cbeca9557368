//! Building HTTP responses: Transit for the Marketplace API, JSON for the Auth and control
//! APIs, and the Marketplace API's `{errors: [...]}` envelope.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sharetribe_sdk::core::value::Value;
use sharetribe_sdk::core::{json, transit};

use crate::random;

/// Content type of every Marketplace API response.
pub const TRANSIT_CONTENT_TYPE: &str = "application/transit+json;charset=UTF-8";

/// Whether the request asked for verbose Transit (`X-Transit-Verbose: true`).
pub fn wants_verbose(headers: &HeaderMap) -> bool {
    headers
        .get("x-transit-verbose")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A Transit response with `value` as its body.
pub fn transit(status: u16, value: &Value, verbose: bool) -> Response {
    let body = if verbose {
        transit::encode_verbose(value)
    } else {
        transit::encode(value)
    };
    (
        status_code(status),
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(TRANSIT_CONTENT_TYPE),
        )],
        body,
    )
        .into_response()
}

/// A JSON response with `value` as its body.
pub fn json(status: u16, value: &Value) -> Response {
    (
        status_code(status),
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json::write(value),
    )
        .into_response()
}

/// A plain-text response, for faults outside the Marketplace API.
pub fn plain(status: u16, text: &str) -> Response {
    (
        status_code(status),
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain;charset=UTF-8"),
        )],
        text.to_owned(),
    )
        .into_response()
}

/// One Marketplace API error, rendered as the `{errors: [...]}` envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Stable error code, e.g. `not-found`.
    pub code: &'static str,
    /// Human-readable summary naming the problem.
    pub title: String,
    /// Optional extra data (not part of the API's public contract).
    pub details: Option<Value>,
}

impl ApiError {
    /// An error with no details.
    pub fn new(status: u16, code: &'static str, title: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            title: title.into(),
            details: None,
        }
    }

    /// 400 `validation-missing-key` for a required query parameter.
    pub fn missing_param(name: &str) -> ApiError {
        ApiError::new(
            400,
            "validation-missing-key",
            format!("Missing required query parameter '{name}'"),
        )
        .with_details(Value::map([("param", Value::from(name))]))
    }

    /// 400 `validation-invalid-value` for a parameter whose value cannot be used.
    pub fn invalid_value(name: &str, problem: &str) -> ApiError {
        ApiError::new(
            400,
            "validation-invalid-value",
            format!("Invalid value for query parameter '{name}': {problem}"),
        )
        .with_details(Value::map([("param", Value::from(name))]))
    }

    /// 400 `validation-missing-key` for a required body parameter.
    pub fn missing_body_param(name: &str) -> ApiError {
        ApiError::new(
            400,
            "validation-missing-key",
            format!("Missing required body parameter '{name}'"),
        )
        .with_details(Value::map([("param", Value::from(name))]))
    }

    /// 400 `validation-invalid-value` for a body parameter whose value cannot be used.
    pub fn invalid_body_value(name: &str, problem: &str) -> ApiError {
        ApiError::new(
            400,
            "validation-invalid-value",
            format!("Invalid value for body parameter '{name}': {problem}"),
        )
        .with_details(Value::map([("param", Value::from(name))]))
    }

    /// 403 `forbidden`: the caller may not do this.
    pub fn forbidden(why: impl Into<String>) -> ApiError {
        ApiError::new(403, "forbidden", why)
    }

    /// 409 with `code` (e.g. `conflict`, `transaction-invalid-transition`): the resource's
    /// state does not allow this.
    pub fn conflict(code: &'static str, why: impl Into<String>) -> ApiError {
        ApiError::new(409, code, why)
    }

    /// 400 `validation-invalid-params` for paging parameters out of range.
    pub fn invalid_params(problem: impl Into<String>) -> ApiError {
        ApiError::new(400, "validation-invalid-params", problem)
    }

    /// 404 `not-found`.
    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError::new(404, "not-found", what)
    }

    /// Adds `details`.
    pub fn with_details(mut self, details: Value) -> ApiError {
        self.details = Some(details);
        self
    }

    /// The error envelope, with `id` as the error's id.
    pub fn envelope(&self, id: String) -> Value {
        let mut error = vec![
            ("id".to_owned(), Value::Uuid(id)),
            ("status".to_owned(), Value::Int(self.status.into())),
            ("code".to_owned(), Value::String(self.code.to_owned())),
            ("title".to_owned(), Value::String(self.title.clone())),
        ];
        if let Some(details) = &self.details {
            error.push(("details".to_owned(), details.clone()));
        }
        Value::map([("errors", Value::Array(vec![Value::Map(error)]))])
    }

    /// The error as a JSON response (APIs that answer JSON, such as the Asset Delivery API)
    /// with `id` as the error's id.
    pub fn into_json_response(self, id: String) -> Response {
        json(self.status, &self.envelope(id))
    }
}

/// The error as a Transit response with a random error id: compact Transit, re-encoded verbose
/// by [`verbose_transit`] for a client that asked for it.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let envelope = self.envelope(random::uuid());
        transit_value(self.status, envelope)
    }
}

/// A successful Marketplace API response document (200, Transit).
#[derive(Debug, Clone, PartialEq)]
pub struct Document(pub Value);

impl IntoResponse for Document {
    fn into_response(self) -> Response {
        transit_value(200, self.0)
    }
}

/// The value a Transit response was encoded from, kept in its extensions so that
/// [`verbose_transit`] can encode it again.
#[derive(Debug, Clone)]
struct TransitValue(Value);

fn transit_value(status: u16, value: Value) -> Response {
    let mut response = transit(status, &value, false);
    response.extensions_mut().insert(TransitValue(value));
    response
}

/// Middleware: answers Transit responses in verbose Transit when the request sent
/// `X-Transit-Verbose: true`, compact otherwise.
pub async fn verbose_transit(request: Request, next: Next) -> Response {
    let verbose = wants_verbose(request.headers());
    let response = next.run(request).await;
    if !verbose {
        return response;
    }
    match response.extensions().get::<TransitValue>() {
        Some(TransitValue(value)) => transit(response.status().as_u16(), value, true),
        None => response,
    }
}
