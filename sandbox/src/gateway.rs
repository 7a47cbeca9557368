//! Middleware in front of the Auth and Marketplace APIs: records each request in the log and
//! applies an armed fault rule before the request reaches its handler.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::Notify;

use crate::access::authenticate;
use crate::auth_api;
use crate::faults::FaultOutcome;
use crate::request_log::Arrival;
use crate::responses::{self, wants_verbose, ApiError};
use crate::state::SharedSandbox;

/// Largest token-request body read for the log; the Auth API's forms are tiny.
const MAX_FORM_BYTES: usize = 64 * 1024;

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

/// Logs the request, applies any matching fault, then runs the handler.
pub async fn gateway(
    State(sandbox): State<SharedSandbox>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let verbose = wants_verbose(request.headers());
    let auth = authenticate(&sandbox, request.headers()).log_kind();
    let mut arrival = Arrival {
        method: request.method().to_string(),
        path: path.clone(),
        query: request.uri().query().map(str::to_owned),
        grant_type: None,
        auth,
    };
    // Only the grant type of a token request is logged, so its body is read here and handed
    // on unchanged; the rest of the form (passwords, refresh tokens) is never stored.
    let request = if path == "/v1/auth/token" {
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .unwrap_or_default();
        arrival.grant_type = auth_api::grant_type_of(&bytes);
        Request::from_parts(parts, Body::from(bytes))
    } else {
        request
    };
    let killer = request.extensions().get::<ConnectionKiller>().cloned();

    let (entry, action) = {
        let mut state = sandbox.lock();
        let entry = state.log.start(arrival);
        let action = state.fault.as_mut().and_then(|f| f.take(&path));
        (entry, action)
    };
    if let Some(action) = action {
        if !action.delay.is_zero() {
            tokio::time::sleep(action.delay).await;
        }
        match action.outcome {
            FaultOutcome::Serve => {}
            FaultOutcome::Drop => match killer {
                Some(killer) => {
                    killer.kill();
                    // The connection (and this future with it) is dropped by the accept loop.
                    std::future::pending::<()>().await;
                }
                // Outside the sandbox's own accept loop the only way to close the connection
                // unanswered is to abort the connection task.
                None => panic!("sandbox fault: dropping the connection"),
            },
            FaultOutcome::Fail(status) => {
                let response = if path.starts_with("/v1/api/") {
                    ApiError::new(
                        status,
                        fault_code(status),
                        format!("Injected fault: status {status}"),
                    )
                    .into_response(sandbox.random_uuid(), verbose)
                } else {
                    responses::plain(status, &format!("Injected fault: status {status}"))
                };
                sandbox.lock().log.finish(entry, status);
                return response;
            }
        }
    }
    let response = next.run(request).await;
    sandbox.lock().log.finish(entry, response.status().as_u16());
    response
}
