//! Fault injection: a rule armed through `POST /_sandbox/faults` that makes the next N matching
//! API requests fail, wait, or lose their connection, and the middleware that does it.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sharetribe_sdk::core::value::Value;
use tokio::sync::Notify;

use crate::responses::{self, ApiError};

/// An armed fault rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    /// How many more matching requests it affects.
    pub remaining: u64,
    /// Status to answer with instead of serving the request; `None` serves it normally
    /// (after the delay) unless `drop` is set.
    pub status: Option<u16>,
    /// Wait before doing anything else.
    pub delay: Duration,
    /// Close the connection without any response.
    pub drop: bool,
    /// Only requests whose path starts with this are affected (empty: all API requests).
    pub path_prefix: String,
}

/// What to do with one request that a fault matched.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultAction {
    /// Wait this long first.
    pub delay: Duration,
    /// Then do this.
    pub outcome: FaultOutcome,
}

/// The end of a faulted request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultOutcome {
    /// Answer with this status and an error body.
    Fail(u16),
    /// Close the connection with no response.
    Drop,
    /// Serve the request normally.
    Serve,
}

impl Fault {
    /// Reads a rule from the control API's JSON body
    /// `{"count", "status", "delayMs", "drop", "path"}`; every key is optional (`count`
    /// defaults to 1). With neither `status`, `delayMs` nor `drop`, the status is 503.
    /// Fails with a message naming the bad key.
    pub fn from_json(body: &Value) -> Result<Fault, String> {
        if !matches!(body, Value::Map(_) | Value::Null) {
            return Err("the body must be a JSON object".to_owned());
        }
        let number = |key: &str| -> Result<Option<i64>, String> {
            match body.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v
                    .as_i64()
                    .filter(|n| *n >= 0)
                    .map(Some)
                    .ok_or_else(|| format!("'{key}' must be a non-negative integer")),
            }
        };
        let count = number("count")?.unwrap_or(1);
        let status = match number("status")? {
            None => None,
            Some(s) if (100..=599).contains(&s) => Some(s as u16),
            Some(s) => return Err(format!("'status' {s} is not an HTTP status")),
        };
        let delay_ms = number("delayMs")?.unwrap_or(0);
        let drop = match body.get("drop") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err("'drop' must be a boolean".to_owned()),
        };
        let path_prefix = match body.get("path") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err("'path' must be a string".to_owned()),
        };
        let status = if status.is_none() && delay_ms == 0 && !drop {
            Some(503)
        } else {
            status
        };
        Ok(Fault {
            remaining: count as u64,
            status,
            delay: Duration::from_millis(delay_ms as u64),
            drop,
            path_prefix,
        })
    }

    /// If this rule applies to a request for `path`, consumes one use and says what to do.
    pub fn take(&mut self, path: &str) -> Option<FaultAction> {
        if self.remaining == 0 || !path.starts_with(&self.path_prefix) {
            return None;
        }
        self.remaining -= 1;
        let outcome = match (self.drop, self.status) {
            (true, _) => FaultOutcome::Drop,
            (false, Some(status)) => FaultOutcome::Fail(status),
            (false, None) => FaultOutcome::Serve,
        };
        Some(FaultAction {
            delay: self.delay,
            outcome,
        })
    }
}

/// Lets a handler close the HTTP connection it is running on without answering. The accept
/// loop puts one into each request's extensions and drops the connection when it fires.
#[derive(Debug, Clone, Default)]
pub struct ConnectionKiller(Arc<Notify>);

impl ConnectionKiller {
    /// A killer that nobody has fired yet.
    pub fn new() -> ConnectionKiller {
        ConnectionKiller::default()
    }

    /// Asks the connection's owner to drop it.
    pub fn kill(&self) {
        self.0.notify_one();
    }

    /// Completes once [`ConnectionKiller::kill`] has been called.
    pub async fn killed(&self) {
        self.0.notified().await;
    }
}

/// The code a faulted Marketplace API response carries.
fn fault_code(status: u16) -> &'static str {
    match status {
        401 => "auth-invalid-access-token",
        403 => "forbidden",
        404 => "not-found",
        409 => "conflict",
        429 => "too-many-requests",
        _ => "sandbox-fault",
    }
}

/// Middleware: carries out the fault action [`crate::gateway::log_requests`] picked for the
/// request, if any: waits, then answers with the fault's status (the Marketplace API's error
/// envelope with code `sandbox-fault` or the status's usual code; plain text elsewhere),
/// closes the connection unanswered, or serves the request.
pub async fn apply(request: Request, next: Next) -> Response {
    let Some(action) = request.extensions().get::<FaultAction>().cloned() else {
        return next.run(request).await;
    };
    if !action.delay.is_zero() {
        tokio::time::sleep(action.delay).await;
    }
    match action.outcome {
        FaultOutcome::Serve => next.run(request).await,
        FaultOutcome::Drop => match request.extensions().get::<ConnectionKiller>() {
            Some(killer) => {
                killer.kill();
                // The connection (and this future with it) is dropped by the accept loop.
                std::future::pending().await
            }
            // Outside the sandbox's own accept loop the only way to close the connection
            // unanswered is to abort the connection task.
            None => panic!("sandbox fault: dropping the connection"),
        },
        FaultOutcome::Fail(status) => {
            let title = format!("Injected fault: status {status}");
            if request.uri().path().starts_with("/v1/api/") {
                ApiError::new(status, fault_code(status), title).into_response()
            } else {
                responses::plain(status, &title)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(entries: Vec<(&str, Value)>) -> Result<Fault, String> {
        Fault::from_json(&Value::map(entries))
    }

    #[test]
    fn defaults_to_one_503_on_any_path() {
        let mut fault = rule(vec![]).unwrap();
        let action = fault.take("/v1/api/listings/query").unwrap();
        assert_eq!(action.outcome, FaultOutcome::Fail(503));
        assert!(fault.take("/v1/api/listings/query").is_none());
    }

    #[test]
    fn path_prefix_and_count_are_respected() {
        let mut fault = rule(vec![
            ("count", Value::Int(2)),
            ("drop", Value::Bool(true)),
            ("path", Value::from("/v1/auth/token")),
        ])
        .unwrap();
        assert!(fault.take("/v1/api/marketplace/show").is_none());
        assert_eq!(
            fault.take("/v1/auth/token").unwrap().outcome,
            FaultOutcome::Drop
        );
        assert_eq!(
            fault.take("/v1/auth/token").unwrap().outcome,
            FaultOutcome::Drop
        );
        assert!(fault.take("/v1/auth/token").is_none());
    }

    #[test]
    fn delay_alone_serves_and_bad_values_are_named() {
        let mut fault = rule(vec![("delayMs", Value::Int(20))]).unwrap();
        let action = fault.take("/x").unwrap();
        assert_eq!(action.outcome, FaultOutcome::Serve);
        assert_eq!(action.delay, Duration::from_millis(20));
        assert!(rule(vec![("status", Value::Int(42))])
            .unwrap_err()
            .contains("status"));
        assert!(rule(vec![("drop", Value::from("yes"))])
            .unwrap_err()
            .contains("drop"));
    }
}
