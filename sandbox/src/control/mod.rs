//! The control API under `/_sandbox/` that tests use to reset state, expire tokens, inject
//! faults and read the request log. JSON in and out; never logged and never faulted.

pub mod listing_approval;
pub mod login_as;
pub mod trusted_transitions;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use sharetribe_sdk::core::json;
use sharetribe_sdk::core::value::Value;

use crate::faults::Fault;
use crate::responses;
use crate::state::SharedSandbox;

fn ok() -> Response {
    responses::json(200, &Value::map([("ok", Value::Bool(true))]))
}

/// `GET /_sandbox/health` → `{"ok":true}`.
pub async fn health() -> Response {
    ok()
}

/// `POST /_sandbox/reset`: forgets all tokens, the request log and any fault.
pub async fn reset(State(sandbox): State<SharedSandbox>) -> Response {
    sandbox.reset();
    ok()
}

/// `POST /_sandbox/expire-access-tokens`: every access token issued so far stops working;
/// refresh tokens keep working. Answers `{"ok":true,"expired":N}`.
pub async fn expire_access_tokens(State(sandbox): State<SharedSandbox>) -> Response {
    let expired = sandbox.lock().tokens.expire_all_access();
    responses::json(
        200,
        &Value::map([
            ("ok", Value::Bool(true)),
            ("expired", Value::Int(expired as i64)),
        ]),
    )
}

/// `POST /_sandbox/faults`: arms a fault rule (replacing any previous one). 400 with
/// `{"error": ...}` naming the problem when the body is not a valid rule.
pub async fn set_fault(State(sandbox): State<SharedSandbox>, body: Bytes) -> Response {
    let text = String::from_utf8_lossy(&body);
    let parsed = if text.trim().is_empty() {
        Ok(Value::Map(Vec::new()))
    } else {
        json::parse(&text).map_err(|e| format!("body is not JSON: {}", e.message))
    };
    match parsed.and_then(|v| Fault::from_json(&v)) {
        Ok(fault) => {
            sandbox.lock().fault = Some(fault);
            ok()
        }
        Err(message) => responses::json(400, &Value::map([("error", Value::String(message))])),
    }
}

/// `DELETE /_sandbox/faults`: disarms any fault rule.
pub async fn clear_faults(State(sandbox): State<SharedSandbox>) -> Response {
    sandbox.lock().fault = None;
    ok()
}

/// `GET /_sandbox/requests`: the request log as a JSON array, oldest first. Each entry has
/// `method`, `path`, `query` (raw), `contentType`, `accept`, `transitVerbose`, `body` (a
/// command's decoded body in tagged form, see [`crate::request_log::tagged_body`], or an upload's
/// parts, see [`crate::request_log::multipart_parts`]), `formFields` and `scope` (Auth API
/// forms), `grantType`, `auth` (`none`, `anonymous`, `user` or `invalid`) and `status`.
pub async fn requests(State(sandbox): State<SharedSandbox>) -> Response {
    let log = sandbox.lock().log.to_value();
    responses::json(200, &log)
}

/// `DELETE /_sandbox/requests`: empties the request log.
pub async fn clear_requests(State(sandbox): State<SharedSandbox>) -> Response {
    sandbox.lock().log.clear();
    ok()
}

/// `GET /_sandbox/users/<email>/tokens`: the user's outstanding email verification tokens and
/// password reset token, standing in for the emails a real marketplace sends:
/// `{"verificationTokens": [...], "passwordResetToken": "..." | null}`. 404 for no such user.
pub async fn user_tokens(
    State(sandbox): State<SharedSandbox>,
    axum::extract::Path(email): axum::extract::Path<String>,
) -> Response {
    let state = sandbox.lock();
    let Some(user) = state
        .data
        .users
        .iter()
        .find(|u| !u.deleted && u.email.eq_ignore_ascii_case(&email))
    else {
        return responses::json(
            404,
            &Value::map([("error", Value::String(format!("no user {email}")))]),
        );
    };
    let tokens = user
        .verification_tokens
        .iter()
        .map(|t| Value::String(t.clone()))
        .collect();
    responses::json(
        200,
        &Value::map([
            ("verificationTokens", Value::Array(tokens)),
            (
                "passwordResetToken",
                user.password_reset_token
                    .clone()
                    .map_or(Value::Null, Value::String),
            ),
        ]),
    )
}

/// `POST /_sandbox/rate-limit` with `{"perSecond": N}` turns the rate limit on (N > 0) or, with
/// `null`, off. 400 naming the problem for anything else.
pub async fn set_rate_limit(State(sandbox): State<SharedSandbox>, body: Bytes) -> Response {
    let parsed = json::parse(&String::from_utf8_lossy(&body)).ok();
    let limit = match parsed.as_ref().and_then(|v| v.get("perSecond")) {
        Some(Value::Null) => None,
        Some(Value::Int(n)) if *n > 0 && *n <= u32::MAX as i64 => {
            Some(crate::rate_limit::RateLimit::new(*n as u32))
        }
        _ => {
            return responses::json(
                400,
                &Value::map([(
                    "error",
                    Value::from(
                        "body must be {\"perSecond\": N} with N > 0, or null to turn it off",
                    ),
                )]),
            )
        }
    };
    sandbox.lock().rate_limit = limit;
    ok()
}
