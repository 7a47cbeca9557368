//! `transactions.*`, `processTransitions.query` and `bookings.query`: transactions that follow
//! the default processes (`sandbox/src/transactions/process.rs`), with the transition checks
//! (actor, current state, privileged transitions needing a trusted token), the actions the
//! sandbox runs (protected data, bookings, stock reservations, line items and totals, reviews),
//! and the `transaction`, `booking` and `processTransition` resources.

use sharetribe_sdk::core::value::Value;

use super::fields::merge_extended;
use super::{Ctx, Route};
use crate::domain::data::{kind, Booking, ListingState, Review, Transaction};
use crate::domain::transactions::process::{self, Actor, Transition};
use crate::domain::transactions::stock::stock_of;
use crate::resources::transactions::{BOOKING, PROCESS_TRANSITION, TRANSACTION};
use crate::resources::{empty_map, string, ResourceRef};
use crate::responses::ApiError;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[
    Route::post("transactions/initiate", initiate),
    Route::post("transactions/initiate_speculative", initiate_speculative),
    Route::post("transactions/transition", transition),
    Route::post(
        "transactions/transition_speculative",
        transition_speculative,
    ),
    Route::get("transactions/query", query),
    Route::get("transactions/show", show),
    Route::get("process_transitions/query", process_transitions),
    Route::get("bookings/query", bookings_query),
];

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

/// The transition params object of the body (`params`), an empty map when absent. Fails with
/// 400 when it is not an object.
fn params(ctx: &Ctx) -> Result<Value, ApiError> {
    match ctx.body_param("params") {
        None => Ok(Value::Map(Vec::new())),
        Some(p @ Value::Map(_)) => Ok(p.clone()),
        Some(_) => Err(ApiError::invalid_body_value("params", "must be an object")),
    }
}

fn param_instant(params: &Value, name: &str) -> Result<Option<i64>, ApiError> {
    match params.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Instant(ms)) => Ok(Some(*ms)),
        Some(Value::String(s)) => sharetribe_sdk::core::json::parse_iso8601(s)
            .map(Some)
            .ok_or_else(|| ApiError::invalid_body_value(name, "must be a date")),
        Some(_) => Err(ApiError::invalid_body_value(name, "must be a date")),
    }
}

fn param_int(params: &Value, name: &str) -> Result<Option<i64>, ApiError> {
    match params.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Int(n)) => Ok(Some(*n)),
        Some(_) => Err(ApiError::invalid_body_value(name, "must be an integer")),
    }
}

fn decimal(value: &Value) -> Option<f64> {
    match value {
        Value::BigDecimal(text) | Value::String(text) => text.parse().ok(),
        Value::Int(n) => Some(*n as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// An amount of money: minor units and currency.
type Amount = (i64, String);

/// Line items as rendered, with the payin and payout totals.
type PricedItems = (Vec<Value>, Option<Amount>, Option<Amount>);

/// Line items with `lineTotal` and `reversal` computed, and the payin (customer) and payout
/// (provider) totals. Fails with 400 for a malformed item.
fn price_line_items(items: &[Value]) -> Result<PricedItems, ApiError> {
    if items.len() > 50 {
        return Err(ApiError::invalid_body_value(
            "lineItems",
            "at most 50 line items",
        ));
    }
    let mut priced = Vec::new();
    let mut payin: Option<Amount> = None;
    let mut payout: Option<Amount> = None;
    for item in items {
        let bad = |why: &str| ApiError::invalid_body_value("lineItems", why);
        let code = match item.get("code") {
            Some(Value::String(c) | Value::Keyword(c)) if c.starts_with("line-item/") => c.clone(),
            _ => return Err(bad("every item needs a code starting with line-item/")),
        };
        let Some(Value::Money { amount, currency }) = item.get("unitPrice") else {
            return Err(bad("every item needs a unitPrice as Money"));
        };
        let total = if let Some(p) = item.get("percentage").and_then(decimal) {
            (*amount as f64 * p / 100.0).round() as i64
        } else if let Some(q) = item.get("quantity").and_then(decimal) {
            (*amount as f64 * q).round() as i64
        } else {
            let seats = item.get("seats").and_then(decimal).unwrap_or(1.0);
            let units = item.get("units").and_then(decimal).unwrap_or(1.0);
            (*amount as f64 * seats * units).round() as i64
        };
        let include_for: Vec<String> = match item.get("includeFor") {
            Some(Value::Array(parties)) => parties
                .iter()
                .filter_map(|p| match p {
                    Value::String(s) | Value::Keyword(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => vec!["customer".to_owned(), "provider".to_owned()],
        };
        let add = |sum: &mut Option<(i64, String)>| {
            let entry = sum.get_or_insert((0, currency.clone()));
            entry.0 += total;
        };
        if include_for.iter().any(|p| p == "customer") {
            add(&mut payin);
        }
        if include_for.iter().any(|p| p == "provider") {
            add(&mut payout);
        }
        let mut entries = vec![
            ("code", string(&code)),
            (
                "unitPrice",
                item.get("unitPrice").cloned().unwrap_or(Value::Null),
            ),
        ];
        for key in ["quantity", "percentage", "seats", "units"] {
            if let Some(v) = item.get(key) {
                entries.push((key, v.clone()));
            }
        }
        entries.push((
            "lineTotal",
            Value::Money {
                amount: total,
                currency: currency.clone(),
            },
        ));
        entries.push(("reversal", Value::Bool(false)));
        entries.push((
            "includeFor",
            Value::Array(include_for.iter().map(|p| string(p)).collect()),
        ));
        priced.push(Value::map(entries));
    }
    Ok((priced, payin, payout))
}

/// Runs the actions of `transition` on transaction `i` with the transition's `params`.
fn run_actions(
    ctx: &mut Ctx,
    i: usize,
    transition: &Transition,
    params: &Value,
) -> Result<(), ApiError> {
    for action in transition.actions {
        match *action {
            "update-protected-data" => {
                if let Some(update @ Value::Map(_)) = params.get("protectedData") {
                    let tx = &mut ctx.data.transactions[i];
                    tx.protected_data = merge_extended(&tx.protected_data, update);
                }
            }
            "create-pending-booking" => create_booking(ctx, i, params)?,
            "create-pending-stock-reservation" => reserve_stock(ctx, i, params)?,
            "privileged-set-line-items" => {
                let items = match params.get("lineItems") {
                    Some(Value::Array(items)) => items.clone(),
                    _ => return Err(ApiError::missing_body_param("lineItems")),
                };
                let (items, payin, payout) = price_line_items(&items)?;
                let tx = &mut ctx.data.transactions[i];
                tx.line_items = items;
                tx.payin_total = payin;
                tx.payout_total = payout;
            }
            "stripe-create-payment-intent" => {
                let n = ctx.data.transactions[i].id.replace('-', "");
                let intent = Value::map([
                    ("stripePaymentIntentId", Value::String(format!("pi_{n}"))),
                    (
                        "stripePaymentIntentClientSecret",
                        Value::String(format!("pi_{n}_secret_sandbox")),
                    ),
                ]);
                let tx = &mut ctx.data.transactions[i];
                tx.protected_data = merge_extended(
                    &tx.protected_data,
                    &Value::map([("stripePaymentIntents", Value::map([("default", intent)]))]),
                );
            }
            "stripe-confirm-payment-intent" => {
                let tx = &mut ctx.data.transactions[i];
                tx.protected_data = merge_extended(
                    &tx.protected_data,
                    &Value::map([("stripePaymentIntents", Value::Null)]),
                );
            }
            "accept-booking" => set_booking_state(ctx, i, &["pending", "proposed"], "accepted"),
            "decline-booking" => set_booking_state(ctx, i, &["pending", "proposed"], "declined"),
            "cancel-booking" => set_booking_state(ctx, i, &["accepted"], "cancelled"),
            "accept-stock-reservation" => set_reservation(ctx, i, "accepted", false),
            "decline-stock-reservation" => set_reservation(ctx, i, "declined", true),
            "cancel-stock-reservation" => set_reservation(ctx, i, "cancelled", true),
            "post-review-by-customer" => post_review(ctx, i, params, Actor::Customer)?,
            "post-review-by-provider" => post_review(ctx, i, params, Actor::Provider)?,
            "publish-reviews" => {
                for review in ctx.data.reviews.iter_mut().filter(|r| r.transaction == i) {
                    review.state = "public";
                }
            }
            // Payment, payout and refund actions have nothing to do without Stripe.
            _ => {}
        }
    }
    Ok(())
}

fn create_booking(ctx: &mut Ctx, i: usize, params: &Value) -> Result<(), ApiError> {
    let start = param_instant(params, "bookingStart")?
        .ok_or_else(|| ApiError::missing_body_param("bookingStart"))?;
    let end = param_instant(params, "bookingEnd")?
        .ok_or_else(|| ApiError::missing_body_param("bookingEnd"))?;
    let seats = param_int(params, "seats")?.unwrap_or(1);
    if end <= start || seats < 1 {
        return Err(ApiError::invalid_body_value(
            "bookingEnd",
            "the booking must end after it starts and have at least one seat",
        ));
    }
    if start < ctx.data.sequence.peek_ms() {
        return Err(ApiError::new(
            409,
            "transaction-booking-time-not-available",
            "The booking starts in the past",
        ));
    }
    let listing = ctx.data.transactions[i].listing;
    let taken = ctx.data.bookings.iter().any(|b| {
        b.listing == listing
            && ["pending", "proposed", "accepted"].contains(&b.state)
            && b.start_ms < end
            && start < b.end_ms
    });
    if taken {
        return Err(ApiError::new(
            409,
            "transaction-booking-time-not-available",
            "The listing is already booked for that time",
        ));
    }
    let id = ctx.new_id(kind::BOOKING);
    ctx.data.bookings.push(Booking {
        id,
        transaction: i,
        listing,
        start_ms: start,
        end_ms: end,
        seats,
        state: "pending",
    });
    ctx.data.transactions[i].booking = Some(ctx.data.bookings.len() - 1);
    Ok(())
}

fn set_booking_state(ctx: &mut Ctx, i: usize, from: &[&str], to: &'static str) {
    if let Some(b) = ctx.data.transactions[i].booking {
        let booking = &mut ctx.data.bookings[b];
        if from.contains(&booking.state) {
            booking.state = to;
        }
    }
}

fn reserve_stock(ctx: &mut Ctx, i: usize, params: &Value) -> Result<(), ApiError> {
    let quantity = param_int(params, "stockReservationQuantity")?
        .ok_or_else(|| ApiError::missing_body_param("stockReservationQuantity"))?;
    let listing = ctx.data.transactions[i].listing;
    if quantity < 1 || stock_of(ctx.data, listing).unwrap_or(0) < quantity {
        return Err(ApiError::new(
            409,
            "transaction-listing-insufficient-stock",
            "The listing does not have that much stock",
        ));
    }
    super::stock::record(ctx, listing, -quantity);
    ctx.data.transactions[i].stock_reservation = Some((quantity, "pending"));
    Ok(())
}

fn set_reservation(ctx: &mut Ctx, i: usize, to: &'static str, release: bool) {
    let Some((quantity, state)) = ctx.data.transactions[i].stock_reservation else {
        return;
    };
    if state == "pending" || state == "accepted" {
        if release {
            let listing = ctx.data.transactions[i].listing;
            super::stock::record(ctx, listing, quantity);
        }
        ctx.data.transactions[i].stock_reservation = Some((quantity, to));
    }
}

fn post_review(ctx: &mut Ctx, i: usize, params: &Value, by: Actor) -> Result<(), ApiError> {
    let rating = param_int(params, "reviewRating")?
        .ok_or_else(|| ApiError::missing_body_param("reviewRating"))?;
    if !(1..=5).contains(&rating) {
        return Err(ApiError::invalid_body_value(
            "reviewRating",
            "must be from 1 to 5",
        ));
    }
    let content = match params.get("reviewContent") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(ApiError::missing_body_param("reviewContent")),
    };
    let tx = &ctx.data.transactions[i];
    let (author, subject, review_type) = match by {
        Actor::Customer => (tx.customer, tx.provider, "ofProvider"),
        _ => (tx.provider, tx.customer, "ofCustomer"),
    };
    if ctx
        .data
        .reviews
        .iter()
        .any(|r| r.transaction == i && r.author == author)
    {
        let who = by.name();
        return Err(ApiError::conflict(
            if by == Actor::Customer {
                "transaction-already-reviewed-by-customer"
            } else {
                "transaction-already-reviewed-by-provider"
            },
            format!("The {who} has already reviewed this transaction"),
        ));
    }
    let id = ctx.new_id(kind::REVIEW);
    let created_at = ctx.now_ms();
    ctx.data.reviews.push(Review {
        id,
        transaction: i,
        author,
        subject,
        review_type,
        state: "pending",
        rating,
        content,
        created_at,
    });
    Ok(())
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
    let listing = ctx
        .data
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
    let provider = ctx.data.listings[listing].author;
    if provider == customer {
        return Err(ApiError::conflict(
            "transaction-same-author-and-customer",
            "You cannot start a transaction on your own listing",
        ));
    }
    let transition = process
        .check(&name, None, Actor::Customer, ctx.trusted)
        .map_err(|r| {
            let privileged = process.transition(&name).is_some_and(|t| t.privileged);
            refusal(r, &name, None, privileged)
        })?;
    let id = ctx.new_id(kind::TRANSACTION);
    let created_at = ctx.now_ms();
    ctx.data.transactions.push(Transaction {
        id,
        process,
        listing,
        customer,
        provider,
        state: transition.to,
        transitions: vec![(transition.name, created_at, "customer")],
        created_at,
        protected_data: empty_map(),
        metadata: empty_map(),
        line_items: Vec::new(),
        payin_total: None,
        payout_total: None,
        booking: None,
        stock_reservation: None,
    });
    let i = ctx.data.transactions.len() - 1;
    run_actions(ctx, i, transition, &params)?;
    Ok(i)
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
    let tx = &ctx.data.transactions[i];
    let (process, state) = (tx.process, tx.state);
    let transition = process
        .check(&name, Some(state), actor, ctx.trusted)
        .map_err(|r| {
            let privileged = process.transition(&name).is_some_and(|t| t.privileged);
            refusal(r, &name, Some(state), privileged)
        })?;
    let at = ctx.now_ms();
    let tx = &mut ctx.data.transactions[i];
    tx.state = transition.to;
    tx.transitions
        .push((transition.name, at, transition.actor.name()));
    run_actions(ctx, i, transition, &params)?;
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
        sharetribe_sdk::core::json::parse_iso8601(text)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_items_are_priced_and_totalled_per_party() {
        let items = vec![
            Value::map([
                ("code", Value::from("line-item/day")),
                (
                    "unitPrice",
                    Value::Money {
                        amount: 2500,
                        currency: "EUR".into(),
                    },
                ),
                ("quantity", Value::BigDecimal("3".into())),
                (
                    "includeFor",
                    Value::Array(vec![Value::from("customer"), Value::from("provider")]),
                ),
            ]),
            Value::map([
                ("code", Value::from("line-item/provider-commission")),
                (
                    "unitPrice",
                    Value::Money {
                        amount: 7500,
                        currency: "EUR".into(),
                    },
                ),
                ("percentage", Value::BigDecimal("-10".into())),
                ("includeFor", Value::Array(vec![Value::from("provider")])),
            ]),
        ];
        let (priced, payin, payout) = price_line_items(&items).unwrap();
        assert_eq!(priced.len(), 2);
        assert_eq!(payin, Some((7500, "EUR".to_owned())));
        assert_eq!(payout, Some((6750, "EUR".to_owned())));
        assert!(price_line_items(&[Value::map([("code", Value::from("x"))])]).is_err());
    }
}
