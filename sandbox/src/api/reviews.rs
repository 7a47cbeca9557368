//! `reviews.query` and `reviews.show`: reviews posted by review transitions, and the
//! `review` resource. Only `public` reviews are shown unless `state=pending` is asked for by a
//! party of the review's transaction.

use sharetribe_sdk::core::value::Value;

use super::listings::LISTING;
use super::users::USER;
use super::{Ctx, Route};
use crate::domain::data::Data;
use crate::resources::{string, Kind, Related, Renderer, ResourceRef};
use crate::responses::ApiError;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[
    Route::get("reviews/query", query),
    Route::get("reviews/show", show),
];

/// A review (type `review`).
pub static REVIEW: Kind = Kind {
    type_name: "review",
    id: |data: &Data, i| data.reviews[i].id.clone(),
    attributes,
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

fn attributes(r: &Renderer, i: usize) -> Value {
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

fn visible(ctx: &Ctx, i: usize) -> bool {
    let review = &ctx.data.reviews[i];
    review.state == "public"
        || super::transactions::is_party(ctx.data, review.transaction, ctx.principal)
}

fn query(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let listing = ctx.optional_uuid("listingId")?;
    let subject = ctx.optional_uuid("subjectId")?;
    let transaction = ctx.optional_uuid("transactionId")?;
    if listing.is_none() && subject.is_none() && transaction.is_none() {
        return Err(ApiError::missing_param("listingId"));
    }
    let review_type = ctx.params.get("type").map(str::to_owned);
    let states = match ctx.params.list("state") {
        s if s.is_empty() => vec!["public".to_owned()],
        s => s,
    };
    let data = &*ctx.data;
    let found: Vec<ResourceRef> = (0..data.reviews.len())
        .filter(|&i| {
            let review = &data.reviews[i];
            let tx = &data.transactions[review.transaction];
            listing
                .as_ref()
                .is_none_or(|id| data.listings[tx.listing].id == *id)
                && subject
                    .as_ref()
                    .is_none_or(|id| data.users[review.subject].id == *id)
                && transaction.as_ref().is_none_or(|id| tx.id == *id)
                && review_type
                    .as_deref()
                    .is_none_or(|t| t == review.review_type)
                && states.iter().any(|s| s == review.state)
                && visible(ctx, i)
        })
        .map(|i| ResourceRef::new(&REVIEW, i))
        .collect();
    ctx.page(found)
}

fn show(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let id = ctx.required_uuid("id")?;
    let i = (0..ctx.data.reviews.len())
        .find(|&i| ctx.data.reviews[i].id == id && visible(ctx, i))
        .ok_or_else(|| ApiError::not_found(format!("Review {id} not found")))?;
    Ok(ctx.show(ResourceRef::new(&REVIEW, i)))
}
