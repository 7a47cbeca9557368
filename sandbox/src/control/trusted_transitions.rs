//! `POST /_sandbox/transactions/transition`: runs a transition with a trusted token, standing in
//! for what a marketplace's own server does with a `trusted:user` token (privileged transitions
//! such as `transition/request-payment` with line items) or what an operator does in Console.
//! Tests use it to move a transaction to where a browser can take it on.
//!
//! The body is JSON: `{"as": "<user email>" | "operator", "transition": "...", "params": {...}}`
//! plus either `"id"` (the transaction, to transition it) or `"processAlias"` (to initiate one,
//! with `params.listingId`). SDK types in `params` are tagged as in the request log:
//! `{"$uuid": "..."}`, `{"$date": "<ISO>"}`, `{"$money": {"amount": 1000, "currency": "EUR"}}`,
//! `{"$bigdecimal": "1.5"}`. Answers `{"ok": true, "id": "<transaction id>", "state": "..."}`,
//! or the API error's status with `{"error": {code, title}}`.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use sharetribe_sdk::core::json;
use sharetribe_sdk::core::value::Value;

use crate::api::body::Body;
use crate::api::transactions::{advance_transaction, start_transaction};
use crate::api::Ctx;
use crate::domain::tokens::Principal;
use crate::params::QueryParams;
use crate::responses;
use crate::state::SharedSandbox;

/// Turns the request log's tagged JSON values back into SDK values.
fn untag(value: Value) -> Value {
    match value {
        Value::Map(entries) => {
            if let [(tag, payload)] = entries.as_slice() {
                let text = |v: &Value| match v {
                    Value::String(s) => Some(s.clone()),
                    _ => None,
                };
                let converted = match tag.as_str() {
                    "$uuid" => text(payload).map(Value::Uuid),
                    "$bigdecimal" => text(payload).map(Value::BigDecimal),
                    "$date" => text(payload)
                        .and_then(|s| sharetribe_sdk::core::iso8601::parse(&s))
                        .map(Value::Instant),
                    "$money" => match (payload.get("amount"), payload.get("currency")) {
                        (Some(Value::Int(amount)), Some(Value::String(currency))) => {
                            Some(Value::Money {
                                amount: *amount,
                                currency: currency.clone(),
                            })
                        }
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(v) = converted {
                    return v;
                }
            }
            Value::Map(entries.into_iter().map(|(k, v)| (k, untag(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(untag).collect()),
        other => other,
    }
}

fn error(status: u16, code: &str, title: &str) -> Response {
    responses::json(
        status,
        &Value::map([(
            "error",
            Value::map([("code", Value::from(code)), ("title", Value::from(title))]),
        )]),
    )
}

/// Handles `POST /_sandbox/transactions/transition`.
pub async fn transition(State(sandbox): State<SharedSandbox>, body: Bytes) -> Response {
    let parsed = match json::parse(&String::from_utf8_lossy(&body)) {
        Ok(v) => untag(v),
        Err(e) => {
            return error(
                400,
                "bad-request",
                &format!("body is not JSON: {}", e.message),
            )
        }
    };
    let who = match parsed.get("as") {
        Some(Value::String(s)) => s.clone(),
        _ => {
            return error(
                400,
                "bad-request",
                "'as' (a user's email or \"operator\") is required",
            )
        }
    };
    let mut state = sandbox.lock();
    let operator = who == "operator";
    let principal = if operator {
        Principal::Anonymous
    } else {
        match state
            .data
            .users
            .iter()
            .position(|u| u.email.eq_ignore_ascii_case(&who))
        {
            Some(user) => Principal::User(user),
            None => return error(404, "not-found", &format!("no user {who}")),
        }
    };
    let initiating = parsed.get("id").is_none();
    let mut ctx = Ctx::new(
        &mut state.data,
        String::new(),
        QueryParams::default(),
        Body {
            value: parsed,
            parts: Vec::new(),
        },
        principal,
    );
    ctx.trusted = true;
    let result = if initiating {
        start_transaction(&mut ctx)
    } else {
        advance_transaction(&mut ctx, operator)
    };
    match result {
        Ok(i) => {
            let tx = &ctx.data.transactions[i];
            responses::json(
                200,
                &Value::map([
                    ("ok", Value::Bool(true)),
                    ("id", Value::String(tx.id.clone())),
                    ("state", Value::from(tx.state)),
                ]),
            )
        }
        Err(e) => error(e.status, e.code, &e.title),
    }
}
