//! Reviews posted by a transaction's parties: one each, pending until the process publishes
//! them.

use sharetribe_sdk::core::value::Value;

use super::param_int;
use super::process::Actor;
use crate::domain::data::{kind, Data, Review};
use crate::responses::ApiError;

/// The `post-review-by-*` actions: a pending review of the other party of transaction `i`
/// by `by`. Fails with 400 for a bad rating or content and 409 when `by` already reviewed.
pub fn post_review(data: &mut Data, i: usize, params: &Value, by: Actor) -> Result<(), ApiError> {
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
    let tx = &data.transactions[i];
    let (author, subject, review_type) = match by {
        Actor::Customer => (tx.customer, tx.provider, "ofProvider"),
        _ => (tx.provider, tx.customer, "ofCustomer"),
    };
    if data
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
    let id = data.sequence.id(kind::REVIEW);
    let created_at = data.sequence.now_ms();
    data.reviews.push(Review {
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
