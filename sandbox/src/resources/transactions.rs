//! The `transaction` resource and those that hang off it: `booking`, `message`, `review`, and
//! `processTransition` (a transition available next).

use sharetribe_sdk::core::value::Value;

use super::listings::LISTING;
use super::marketplace::marketplace;
use super::users::USER;
use super::{string, Kind, Related, Renderer, ResourceRef};
use crate::domain::data::{kind, Data};
use crate::domain::transactions::process::{self, Transition};

/// A message (type `message`).
pub static MESSAGE: Kind = Kind {
    type_name: "message",
    id: |data: &Data, i| data.messages[i].id.clone(),
    attributes: message_attributes,
    relation: |data, i, name| {
        let message = &data.messages[i];
        match name {
            "sender" => Some(Related::One(Some(ResourceRef::new(&USER, message.sender)))),
            "transaction" => Some(Related::One(Some(ResourceRef::new(
                &TRANSACTION,
                message.transaction,
            )))),
            _ => None,
        }
    },
};

fn message_attributes(r: &Renderer, i: usize) -> Value {
    let message = &r.data.messages[i];
    Value::map([
        ("content", string(&message.content)),
        ("createdAt", Value::Instant(message.created_at)),
        ("deleted", Value::Bool(false)),
    ])
}

/// A review (type `review`).
pub static REVIEW: Kind = Kind {
    type_name: "review",
    id: |data: &Data, i| data.reviews[i].id.clone(),
    attributes: review_attributes,
    relation: |data, i, name| {
        let review = &data.reviews[i];
        let one = |r| Some(Related::One(Some(r)));
        match name {
            "author" => one(ResourceRef::new(&USER, review.author)),
            "subject" => one(ResourceRef::new(&USER, review.subject)),
            "listing" => one(ResourceRef::new(
                &LISTING,
                data.transactions[review.transaction].listing,
            )),
            _ => None,
        }
    },
};

fn review_attributes(r: &Renderer, i: usize) -> Value {
    let review = &r.data.reviews[i];
    Value::map([
        ("type", string(review.review_type)),
        ("state", string(review.state)),
        ("rating", Value::Int(review.rating)),
        ("content", string(&review.content)),
        ("createdAt", Value::Instant(review.created_at)),
        ("deleted", Value::Bool(false)),
    ])
}

/// A transaction (type `transaction`).
pub static TRANSACTION: Kind = Kind {
    type_name: "transaction",
    id: |data: &Data, i| data.transactions[i].id.clone(),
    attributes: transaction_attributes,
    relation: transaction_relation,
};

/// A booking (type `booking`).
pub static BOOKING: Kind = Kind {
    type_name: "booking",
    id: |data: &Data, i| data.bookings[i].id.clone(),
    attributes: booking_attributes,
    relation: |data, i, name| match name {
        "transaction" => Some(Related::One(Some(ResourceRef::new(
            &TRANSACTION,
            data.bookings[i].transaction,
        )))),
        _ => None,
    },
};

/// A transition available next (type `processTransition`). Its index packs the process and
/// the transition: `process_index * 1000 + transition_index`.
pub static PROCESS_TRANSITION: Kind = Kind {
    type_name: "processTransition",
    id: |_, i| crate::domain::data::fixed_uuid(kind::OTHER, i as u64),
    attributes: process_transition_attributes,
    relation: |_, _, _| None,
};

fn money((amount, currency): &(i64, String)) -> Value {
    Value::Money {
        amount: *amount,
        currency: currency.clone(),
    }
}

fn transaction_attributes(r: &Renderer, i: usize) -> Value {
    let tx = &r.data.transactions[i];
    let transitions = tx.transitions.iter().map(|(name, at, by)| {
        Value::map([
            ("transition", string(name)),
            ("createdAt", Value::Instant(*at)),
            ("by", string(by)),
        ])
    });
    let (last, last_at) = tx
        .transitions
        .last()
        .map_or((Value::Null, Value::Null), |(name, at, _)| {
            (string(name), Value::Instant(*at))
        });
    Value::map([
        ("createdAt", Value::Instant(tx.created_at)),
        ("processName", string(tx.process.name)),
        ("processVersion", Value::Int(tx.process.version.into())),
        ("lastTransition", last),
        ("lastTransitionedAt", last_at),
        ("state", string(tx.state)),
        ("transitions", Value::Array(transitions.collect())),
        (
            "payinTotal",
            tx.payin_total.as_ref().map_or(Value::Null, money),
        ),
        (
            "payoutTotal",
            tx.payout_total.as_ref().map_or(Value::Null, money),
        ),
        ("lineItems", Value::Array(tx.line_items.clone())),
        ("protectedData", tx.protected_data.clone()),
        ("metadata", tx.metadata.clone()),
    ])
}

fn transaction_relation(data: &Data, i: usize, name: &str) -> Option<Related> {
    let tx = &data.transactions[i];
    let one = |r: ResourceRef| Some(Related::One(Some(r)));
    match name {
        "marketplace" => one(marketplace()),
        "listing" => one(ResourceRef::new(&LISTING, tx.listing)),
        "provider" => one(ResourceRef::new(&USER, tx.provider)),
        "customer" => one(ResourceRef::new(&USER, tx.customer)),
        "booking" => Some(Related::One(
            tx.booking.map(|b| ResourceRef::new(&BOOKING, b)),
        )),
        "messages" => Some(Related::Many(
            (0..data.messages.len())
                .filter(|&m| data.messages[m].transaction == i)
                .map(|m| ResourceRef::new(&MESSAGE, m))
                .collect(),
        )),
        "reviews" => Some(Related::Many(
            (0..data.reviews.len())
                .filter(|&v| data.reviews[v].transaction == i)
                .map(|v| ResourceRef::new(&REVIEW, v))
                .collect(),
        )),
        _ => None,
    }
}

fn booking_attributes(r: &Renderer, i: usize) -> Value {
    let booking = &r.data.bookings[i];
    Value::map([
        ("seats", Value::Int(booking.seats)),
        ("start", Value::Instant(booking.start_ms)),
        ("end", Value::Instant(booking.end_ms)),
        ("displayStart", Value::Instant(booking.start_ms)),
        ("displayEnd", Value::Instant(booking.end_ms)),
        ("state", string(booking.state)),
    ])
}

fn process_transition_attributes(_: &Renderer, i: usize) -> Value {
    let transition = &process::ALL[i / 1000].transitions[i % 1000];
    Value::map([
        ("name", string(transition.name)),
        ("actor", Value::Array(vec![string(transition.actor.name())])),
        (
            "actions",
            Value::Array(transition.actions.iter().map(|a| string(a)).collect()),
        ),
        ("params", transition_params(transition)),
    ])
}

/// The `params` a transition's actions take, as `{req, opt}` lists (§9.1).
fn transition_params(transition: &Transition) -> Value {
    let mut req: Vec<&str> = Vec::new();
    let mut opt: Vec<&str> = Vec::new();
    for action in transition.actions {
        match *action {
            "update-protected-data" => opt.push("protectedData"),
            "create-pending-booking" => {
                req.extend(["bookingStart", "bookingEnd"]);
                opt.extend(["bookingDisplayStart", "bookingDisplayEnd", "seats"]);
            }
            "create-pending-stock-reservation" => req.push("stockReservationQuantity"),
            "privileged-set-line-items" => req.push("lineItems"),
            "stripe-create-payment-intent" => {
                opt.extend(["paymentMethod", "setupPaymentMethodForSaving"])
            }
            "post-review-by-provider" | "post-review-by-customer" => {
                req.extend(["reviewRating", "reviewContent"])
            }
            _ => {}
        }
    }
    if transition.from.is_none() {
        req.insert(0, "listingId");
    }
    let list = |names: Vec<&str>| Value::Array(names.into_iter().map(string).collect());
    Value::map([("req", list(req)), ("opt", list(opt))])
}
