//! The Stripe resources a user has: `stripeAccount`, `stripeCustomer` and
//! `stripePaymentMethod`, each indexed by the user's index.

use sharetribe_sdk::core::value::Value;

use super::{string, Kind, Related, Renderer, ResourceRef};
use crate::domain::data::Data;

/// A user's connected account (type `stripeAccount`); its index is the user's.
pub static STRIPE_ACCOUNT: Kind = Kind {
    type_name: "stripeAccount",
    id: |data: &Data, user| account(data, user).0.clone(),
    attributes: account_attributes,
    relation: |_, _, _| None,
};

/// A user's Stripe customer (type `stripeCustomer`); its index is the user's.
pub static STRIPE_CUSTOMER: Kind = Kind {
    type_name: "stripeCustomer",
    id: |data: &Data, user| customer(data, user).0.clone(),
    attributes: |r: &Renderer, user| {
        Value::map([("stripeCustomerId", string(&customer(r.data, user).1))])
    },
    relation: |data, user, name| match name {
        "defaultPaymentMethod" => Some(Related::One(
            data.users[user]
                .stripe
                .payment_method
                .as_ref()
                .map(|_| ResourceRef::new(&STRIPE_PAYMENT_METHOD, user)),
        )),
        _ => None,
    },
};

/// A customer's default payment method (type `stripePaymentMethod`); index: the user's.
pub static STRIPE_PAYMENT_METHOD: Kind = Kind {
    type_name: "stripePaymentMethod",
    id: |data: &Data, user| payment_method(data, user).0.clone(),
    attributes: |r: &Renderer, user| {
        Value::map([
            ("type", string("stripe-payment-method/card")),
            (
                "stripePaymentMethodId",
                string(&payment_method(r.data, user).1),
            ),
            (
                "card",
                Value::map([
                    ("brand", string("visa")),
                    ("last4Digits", string("4242")),
                    ("expirationMonth", Value::Int(12)),
                    ("expirationYear", Value::Int(2030)),
                ]),
            ),
        ])
    },
    relation: |_, _, _| None,
};

fn account(data: &Data, user: usize) -> &(String, String, String) {
    data.users[user]
        .stripe
        .account
        .as_ref()
        .expect("rendered only when present")
}

fn customer(data: &Data, user: usize) -> &(String, String) {
    data.users[user]
        .stripe
        .customer
        .as_ref()
        .expect("rendered only when present")
}

fn payment_method(data: &Data, user: usize) -> &(String, String) {
    data.users[user]
        .stripe
        .payment_method
        .as_ref()
        .expect("rendered only when present")
}

fn account_attributes(r: &Renderer, user: usize) -> Value {
    let (_, stripe_id, country) = account(r.data, user);
    let none = || Value::Array(Vec::new());
    Value::map([
        ("stripeAccountId", string(stripe_id)),
        (
            "stripeAccountData",
            Value::map([
                ("id", string(stripe_id)),
                ("object", string("account")),
                ("country", string(country)),
                ("charges_enabled", Value::Bool(true)),
                ("payouts_enabled", Value::Bool(true)),
                (
                    "requirements",
                    Value::map([
                        ("currently_due", none()),
                        ("eventually_due", none()),
                        ("past_due", none()),
                    ]),
                ),
            ]),
        ),
    ])
}
