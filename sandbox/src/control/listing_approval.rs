//! Listing approval as an operator would run it in Console: `POST /_sandbox/listing-approval`
//! with `{"required": true|false}` switches whether new and newly published listings wait in
//! `pendingApproval` (off by default and after a reset), and
//! `POST /_sandbox/listings/<id>/approve` publishes a listing waiting for approval. JSON in and
//! out: `{"ok": true, ...}`, or `{"error": "..."}` with 400 (bad body), 404 (no such listing)
//! or 409 (not pending approval).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use sharetribe_sdk::core::json;
use sharetribe_sdk::core::value::Value;

use crate::domain::data::ListingState;
use crate::responses;
use crate::state::SharedSandbox;

fn error(status: u16, message: String) -> Response {
    responses::json(status, &Value::map([("error", Value::String(message))]))
}

/// `POST /_sandbox/listing-approval`: sets whether listings need an operator's approval.
pub async fn set_required(State(sandbox): State<SharedSandbox>, body: Bytes) -> Response {
    let parsed = json::parse(&String::from_utf8_lossy(&body));
    let required = match parsed.as_ref().ok().and_then(|v| v.get("required")) {
        Some(Value::Bool(required)) => *required,
        _ => return error(400, "body must be {\"required\": true|false}".to_owned()),
    };
    sandbox.lock().data.marketplace.listing_approval = required;
    responses::json(
        200,
        &Value::map([
            ("ok", Value::Bool(true)),
            ("required", Value::Bool(required)),
        ]),
    )
}

/// `POST /_sandbox/listings/<id>/approve`: moves a listing from `pendingApproval` to
/// `published`.
pub async fn approve(State(sandbox): State<SharedSandbox>, Path(id): Path<String>) -> Response {
    let mut state = sandbox.lock();
    let id = id.to_ascii_lowercase();
    let Some(listing) = state
        .data
        .listings
        .iter_mut()
        .find(|l| l.id == id && !l.deleted)
    else {
        return error(404, format!("no listing {id}"));
    };
    if listing.state != ListingState::PendingApproval {
        return error(
            409,
            format!(
                "listing {id} is {}, not pendingApproval",
                listing.state.as_str()
            ),
        );
    }
    listing.state = ListingState::Published;
    responses::json(
        200,
        &Value::map([
            ("ok", Value::Bool(true)),
            ("state", Value::from("published")),
        ]),
    )
}
