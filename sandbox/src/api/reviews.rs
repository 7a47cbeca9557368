//! `reviews.query` and `reviews.show`: reviews posted by review transitions. Only `public` reviews are shown unless `state=pending` is asked for by a
//! party of the review's transaction.

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::resources::transactions::REVIEW;
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .get("reviews/query", query)
        .get("reviews/show", show)
}

fn visible(ctx: &Ctx, i: usize) -> bool {
    let review = &ctx.data.reviews[i];
    review.state == "public"
        || crate::domain::transactions::is_party(ctx.data, review.transaction, ctx.principal)
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
