//! Running a transaction's process: starting a transaction, checking and running a
//! transition (actor, current state, privileged transitions needing a trusted token) and the
//! actions transitions carry (protected data, bookings, stock reservations, line items and
//! totals, reviews). Works on the data set alone; the API layer reads the request.

use sharetribe_sdk::core::value::Value;

use super::bookings::{create_booking, set_booking_state};
use super::pricing::price_line_items;
use super::process::{self, Actor, Process, Transition};
use super::reviews::post_review;
use super::stock::{reserve_stock, set_reservation};
use crate::domain::data::{kind, Data, ListingState, Transaction};
use crate::domain::extended_data::merge_extended;
use crate::responses::ApiError;

/// What starts a transaction: who, in which process, with which first transition, on which
/// listing, with the transition's `params`; `trusted` for a `trusted:user` token.
#[derive(Debug, Clone, Copy)]
pub struct Start<'a> {
    /// The customer's user index.
    pub customer: usize,
    /// The process the transaction follows.
    pub process: &'static Process,
    /// The initial transition's name.
    pub transition: &'a str,
    /// The listing's id (lower-case UUID).
    pub listing_id: &'a str,
    /// The transition's parameters.
    pub params: &'a Value,
    /// Whether privileged transitions are allowed.
    pub trusted: bool,
}

/// Starts a transaction and runs its initial transition's actions; its index. Fails with 404
/// `transaction-listing-not-found` for no such published listing, 409 for the customer's own
/// listing, and the process's refusal when the transition cannot start it.
pub fn initiate(data: &mut Data, start: Start) -> Result<usize, ApiError> {
    let Start {
        customer,
        process,
        transition: name,
        listing_id,
        params,
        trusted,
    } = start;
    let listing = data
        .listings
        .iter()
        .position(|l| l.id == listing_id && l.state == ListingState::Published && !l.deleted)
        .ok_or_else(|| {
            ApiError::new(
                404,
                "transaction-listing-not-found",
                format!("No published listing {listing_id}"),
            )
        })?;
    let provider = data.listings[listing].author;
    if provider == customer {
        return Err(ApiError::conflict(
            "transaction-same-author-and-customer",
            "You cannot start a transaction on your own listing",
        ));
    }
    let transition = process
        .check(name, None, Actor::Customer, trusted)
        .map_err(|r| {
            let privileged = process.transition(name).is_some_and(|t| t.privileged);
            refusal(r, name, None, privileged)
        })?;
    let id = data.sequence.id(kind::TRANSACTION);
    let created_at = data.sequence.now_ms();
    data.transactions.push(Transaction {
        id,
        process,
        listing,
        customer,
        provider,
        state: transition.to,
        transitions: vec![(transition.name, created_at, "customer")],
        created_at,
        protected_data: Value::Map(Vec::new()),
        metadata: Value::Map(Vec::new()),
        line_items: Vec::new(),
        payin_total: None,
        payout_total: None,
        booking: None,
        stock_reservation: None,
    });
    let i = data.transactions.len() - 1;
    run_actions(data, i, transition, params)?;
    Ok(i)
}

/// Runs transition `name` on transaction `i` as `actor`, then its actions. Fails with the
/// process's refusal when the transition is not possible from the current state or not
/// allowed to `actor`.
pub fn advance(
    data: &mut Data,
    i: usize,
    actor: Actor,
    name: &str,
    params: &Value,
    trusted: bool,
) -> Result<(), ApiError> {
    let tx = &data.transactions[i];
    let (process, state) = (tx.process, tx.state);
    let transition = process
        .check(name, Some(state), actor, trusted)
        .map_err(|r| {
            let privileged = process.transition(name).is_some_and(|t| t.privileged);
            refusal(r, name, Some(state), privileged)
        })?;
    let at = data.sequence.now_ms();
    let tx = &mut data.transactions[i];
    tx.state = transition.to;
    tx.transitions
        .push((transition.name, at, transition.actor.name()));
    run_actions(data, i, transition, params)
}

fn refusal(
    refusal: process::TransitionRefusal,
    name: &str,
    state: Option<&str>,
    privileged: bool,
) -> ApiError {
    let title = match (refusal, state) {
        (process::TransitionRefusal::InvalidTransition, Some(state)) => {
            format!("Transition {name} is not possible from {state}")
        }
        (process::TransitionRefusal::InvalidTransition, None) => {
            format!("Transition {name} cannot start a transaction of this process")
        }
        (process::TransitionRefusal::Forbidden, _) if privileged => format!(
            "Transition {name} is privileged: it needs a trusted token, which a browser never has"
        ),
        (process::TransitionRefusal::Forbidden, _) => {
            format!("You may not run transition {name} in this transaction")
        }
    };
    ApiError::new(refusal.status(), refusal.code(), title)
}

/// Runs the actions of `transition` on transaction `i` with the transition's `params`.
fn run_actions(
    data: &mut Data,
    i: usize,
    transition: &Transition,
    params: &Value,
) -> Result<(), ApiError> {
    for action in transition.actions {
        match *action {
            "update-protected-data" => {
                if let Some(update @ Value::Map(_)) = params.get("protectedData") {
                    let tx = &mut data.transactions[i];
                    tx.protected_data = merge_extended(&tx.protected_data, update);
                }
            }
            "create-pending-booking" => create_booking(data, i, params)?,
            "create-pending-stock-reservation" => reserve_stock(data, i, params)?,
            "privileged-set-line-items" => {
                let items = match params.get("lineItems") {
                    Some(Value::Array(items)) => items.clone(),
                    _ => return Err(ApiError::missing_body_param("lineItems")),
                };
                let (items, payin, payout) = price_line_items(&items)?;
                let tx = &mut data.transactions[i];
                tx.line_items = items;
                tx.payin_total = payin;
                tx.payout_total = payout;
            }
            "stripe-create-payment-intent" => {
                let n = data.transactions[i].id.replace('-', "");
                let intent = Value::map([
                    ("stripePaymentIntentId", Value::String(format!("pi_{n}"))),
                    (
                        "stripePaymentIntentClientSecret",
                        Value::String(format!("pi_{n}_secret_sandbox")),
                    ),
                ]);
                let tx = &mut data.transactions[i];
                tx.protected_data = merge_extended(
                    &tx.protected_data,
                    &Value::map([("stripePaymentIntents", Value::map([("default", intent)]))]),
                );
            }
            "stripe-confirm-payment-intent" => {
                let tx = &mut data.transactions[i];
                tx.protected_data = merge_extended(
                    &tx.protected_data,
                    &Value::map([("stripePaymentIntents", Value::Null)]),
                );
            }
            "accept-booking" => set_booking_state(data, i, &["pending", "proposed"], "accepted"),
            "decline-booking" => set_booking_state(data, i, &["pending", "proposed"], "declined"),
            "cancel-booking" => set_booking_state(data, i, &["accepted"], "cancelled"),
            "accept-stock-reservation" => set_reservation(data, i, "accepted", false),
            "decline-stock-reservation" => set_reservation(data, i, "declined", true),
            "cancel-stock-reservation" => set_reservation(data, i, "cancelled", true),
            "post-review-by-customer" => post_review(data, i, params, Actor::Customer)?,
            "post-review-by-provider" => post_review(data, i, params, Actor::Provider)?,
            "publish-reviews" => {
                for review in data.reviews.iter_mut().filter(|r| r.transaction == i) {
                    review.state = "public";
                }
            }
            // Payment, payout and refund actions have nothing to do without Stripe.
            _ => {}
        }
    }
    Ok(())
}
