//! `transactions.*`, `processTransitions.query` and `bookings.query`: transactions that follow
//! the default processes. This module reads the request (who, which transaction, which
//! transition, its params); `domain::transactions` checks and runs the transition and its
//! actions, and `resources::transactions` renders the result.

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::transactions::engine;
use crate::domain::transactions::process::{self, Actor};
use crate::resources::transactions::{BOOKING, PROCESS_TRANSITION, TRANSACTION};
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .post("transactions/initiate", initiate)
        .post("transactions/initiate_speculative", initiate_speculative)
        .post("transactions/transition", transition)
        .post(
            "transactions/transition_speculative",
            transition_speculative,
        )
        .get("transactions/query", query)
        .get("transactions/show", show)
        .get("process_transitions/query", process_transitions)
        .get("bookings/query", bookings_query)
}

// ---- checks ----

/// The caller's role in transaction `i`: customer or provider. Fails with 404 when the caller
/// is not a party (the transaction's existence is not revealed).
fn role_in(ctx: &Ctx, i: usize, id: &str) -> Result<Actor, ApiError> {
    let user = ctx.user()?;
    let tx = &ctx.data.transactions[i];
    if tx.customer == user {
        Ok(Actor::Customer)
    } else if tx.provider == user {
        Ok(Actor::Provider)
    } else {
        Err(ApiError::not_found(format!("Transaction {id} not found")))
    }
}

fn find_transaction(ctx: &Ctx, id: &str) -> Result<usize, ApiError> {
    ctx.data
        .transactions
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| ApiError::not_found(format!("Transaction {id} not found")))
}

/// The transition params object of the body (`params`), an empty map when absent. Fails with
/// 400 when it is not an object.
fn params(ctx: &Ctx) -> Result<Value, ApiError> {
    match ctx.body_param("params") {
        None => Ok(Value::Map(Vec::new())),
        Some(p @ Value::Map(_)) => Ok(p.clone()),
        Some(_) => Err(ApiError::invalid_body_value("params", "must be an object")),
    }
}

// ---- endpoints ----

/// Starts a transaction as the caller (the customer). Shared by `initiate`, its speculative
/// form and the control API's trusted initiate.
pub fn start_transaction(ctx: &mut Ctx) -> Result<usize, ApiError> {
    let customer = ctx.user()?;
    let alias = ctx.required_body_string("processAlias")?;
    let name = ctx.required_body_string("transition")?;
    let params = params(ctx)?;
    let process = process::by_alias(&alias).ok_or_else(|| {
        ApiError::new(
            400,
            "transaction-unknown-alias",
            format!("No process has the alias {alias}"),
        )
    })?;
    let listing_id = match params.get("listingId") {
        Some(Value::Uuid(id)) => id.to_ascii_lowercase(),
        Some(Value::String(id)) if crate::params::is_uuid(id) => id.to_ascii_lowercase(),
        Some(_) => {
            return Err(ApiError::invalid_body_value(
                "params.listingId",
                "must be a UUID",
            ))
        }
        None => return Err(ApiError::missing_body_param("params.listingId")),
    };
    let start = engine::Start {
        customer,
        process,
        transition: &name,
        listing_id: &listing_id,
        params: &params,
        trusted: ctx.trusted,
    };
    engine::initiate(ctx.data, start)
}

/// Runs body `transition` on transaction body `id` as the caller. Shared by `transition`, its
/// speculative form and the control API's trusted transitions (`as_operator`).
pub fn advance_transaction(ctx: &mut Ctx, as_operator: bool) -> Result<usize, ApiError> {
    let id = ctx.required_body_uuid("id")?;
    let name = ctx.required_body_string("transition")?;
    let params = params(ctx)?;
    let i = find_transaction(ctx, &id)?;
    let actor = if as_operator {
        Actor::Operator
    } else {
        role_in(ctx, i, &id)?
    };
    engine::advance(ctx.data, i, actor, &name, &params, ctx.trusted)?;
    Ok(i)
}

/// Runs `change` on a copy of the data and renders its result from that copy, leaving the
/// sandbox's data untouched: the speculative endpoints.
fn speculatively(
    ctx: &mut Ctx,
    change: fn(&mut Ctx) -> Result<usize, ApiError>,
) -> Result<Value, ApiError> {
    let mut scratch = ctx.data.clone();
    let mut dry = Ctx::new(
        &mut scratch,
        ctx.base_url.clone(),
        ctx.params.clone(),
        ctx.body.clone(),
        ctx.principal,
    );
    dry.trusted = ctx.trusted;
    let i = change(&mut dry)?;
    // A speculative result is always the whole transaction.
    Ok(dry.show(ResourceRef::new(&TRANSACTION, i)))
}

fn initiate(ctx: &mut Ctx) -> Result<Value, ApiError> {
    // Run on a copy first so a failing action leaves no half-made transaction behind.
    speculatively(ctx, start_transaction)?;
    let i = start_transaction(ctx)?;
    Ok(ctx.command_result(ResourceRef::new(&TRANSACTION, i)))
}

fn initiate_speculative(ctx: &mut Ctx) -> Result<Value, ApiError> {
    speculatively(ctx, start_transaction)
}

fn transition(ctx: &mut Ctx) -> Result<Value, ApiError> {
    speculatively(ctx, |c| advance_transaction(c, false))?;
    let i = advance_transaction(ctx, false)?;
    Ok(ctx.command_result(ResourceRef::new(&TRANSACTION, i)))
}

fn transition_speculative(ctx: &mut Ctx) -> Result<Value, ApiError> {
    speculatively(ctx, |c| advance_transaction(c, false))
}

fn show(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let id = ctx.required_uuid("id")?;
    let i = find_transaction(ctx, &id)?;
    role_in(ctx, i, &id)?;
    Ok(ctx.show(ResourceRef::new(&TRANSACTION, i)))
}

fn query(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let only = ctx.params.get("only").map(str::to_owned);
    if let Some(only) = &only {
        if only != "sale" && only != "order" {
            return Err(ApiError::invalid_value(
                "only",
                &format!("'{only}' is not one of sale, order"),
            ));
        }
    }
    let last_transitions = ctx.params.list("lastTransitions");
    let states = ctx.params.list("states");
    let mut matching: Vec<usize> = (0..ctx.data.transactions.len())
        .filter(|&i| {
            let tx = &ctx.data.transactions[i];
            let party = match only.as_deref() {
                Some("sale") => tx.provider == user,
                Some("order") => tx.customer == user,
                _ => tx.provider == user || tx.customer == user,
            };
            let last = tx.transitions.last().map(|t| t.0).unwrap_or("");
            party
                && (last_transitions.is_empty() || last_transitions.iter().any(|t| t == last))
                && (states.is_empty() || states.iter().any(|s| s == tx.state))
        })
        .collect();
    // Newest activity first, like the API's default `-lastTransitionedAt`.
    matching.sort_by_key(|&i| {
        let tx = &ctx.data.transactions[i];
        std::cmp::Reverse((tx.transitions.last().map_or(0, |t| t.1), i))
    });
    ctx.page(
        matching
            .into_iter()
            .map(|i| ResourceRef::new(&TRANSACTION, i))
            .collect(),
    )
}

fn process_transitions(ctx: &mut Ctx) -> Result<Value, ApiError> {
    ctx.user()?;
    let (process, state) = match ctx.optional_uuid("transactionId")? {
        Some(id) => {
            let i = find_transaction(ctx, &id)?;
            role_in(ctx, i, &id)?;
            let tx = &ctx.data.transactions[i];
            (tx.process, Some(tx.state))
        }
        None => {
            let alias = ctx
                .params
                .get("processAlias")
                .ok_or_else(|| ApiError::missing_param("transactionId"))?;
            let process = process::by_alias(alias).ok_or_else(|| {
                ApiError::new(
                    400,
                    "transaction-unknown-alias",
                    format!("No process has the alias {alias}"),
                )
            })?;
            let state = match ctx.params.get("lastTransition") {
                None => None,
                Some(last) => Some(process.transition(last).map(|t| t.to).ok_or_else(|| {
                    ApiError::invalid_value("lastTransition", "no such transition")
                })?),
            };
            (process, state)
        }
    };
    let p = process::ALL
        .iter()
        .position(|candidate| std::ptr::eq(*candidate, process))
        .unwrap_or(0);
    let next: Vec<ResourceRef> = process
        .transitions
        .iter()
        .enumerate()
        .filter(|(_, t)| t.from == state)
        .map(|(k, _)| ResourceRef::new(&PROCESS_TRANSITION, p * 1000 + k))
        .collect();
    ctx.page(next)
}

fn bookings_query(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let listing_id = ctx.required_uuid("listingId")?;
    let listing = ctx
        .data
        .listings
        .iter()
        .position(|l| l.id == listing_id && l.author == user && !l.deleted)
        .ok_or_else(|| ApiError::not_found(format!("Listing {listing_id} not found")))?;
    let instant = |name: &str| -> Result<i64, ApiError> {
        let text = ctx
            .params
            .get(name)
            .ok_or_else(|| ApiError::missing_param(name))?;
        sharetribe_sdk::core::iso8601::parse(text)
            .ok_or_else(|| ApiError::invalid_value(name, "must be an ISO 8601 time"))
    };
    let (start, end) = (instant("start")?, instant("end")?);
    let states = ctx.params.list("state");
    let found: Vec<ResourceRef> = (0..ctx.data.bookings.len())
        .filter(|&b| {
            let booking = &ctx.data.bookings[b];
            booking.listing == listing
                && booking.start_ms < end
                && start < booking.end_ms
                && (states.is_empty() || states.iter().any(|s| s == booking.state))
        })
        .map(|b| ResourceRef::new(&BOOKING, b))
        .collect();
    ctx.page(found)
}
