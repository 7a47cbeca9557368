//! `stock.compareAndSet` and `stockAdjustments.*`: a listing's stock as the sum of its
//! adjustments (by its author, or by transactions' stock reservations).

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::transactions::stock::record;
use crate::domain::transactions::stock::stock_of;
use crate::resources::listings::STOCK;
use crate::resources::stock::STOCK_ADJUSTMENT;
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .post("stock/compare_and_set", compare_and_set)
        .post("stock_adjustments/create", create_adjustment)
        .get("stock_adjustments/query", query_adjustments)
}

fn compare_and_set(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let listing_id = ctx.required_body_uuid("listingId")?;
    let listing = ctx.own_listing(&listing_id)?;
    if ctx.body.value.get("oldTotal").is_none() {
        return Err(ApiError::missing_body_param("oldTotal"));
    }
    let old_total = ctx.body_int("oldTotal")?;
    let new_total = ctx
        .body_int("newTotal")?
        .ok_or_else(|| ApiError::missing_body_param("newTotal"))?;
    if new_total < 0 {
        return Err(ApiError::invalid_body_value(
            "newTotal",
            "must not be negative",
        ));
    }
    let current = stock_of(ctx.data, listing);
    if current != old_total {
        return Err(ApiError::conflict(
            "old-total-mismatch",
            "The listing's stock is not oldTotal any more",
        ));
    }
    if current != Some(new_total) {
        record(ctx.data, listing, new_total - current.unwrap_or(0));
    }
    Ok(ctx.command_result(ResourceRef::new(&STOCK, listing)))
}

fn create_adjustment(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let listing_id = ctx.required_body_uuid("listingId")?;
    let listing = ctx.own_listing(&listing_id)?;
    let quantity = ctx
        .body_int("quantity")?
        .ok_or_else(|| ApiError::missing_body_param("quantity"))?;
    if quantity == 0 {
        return Err(ApiError::invalid_body_value("quantity", "must not be zero"));
    }
    if stock_of(ctx.data, listing).unwrap_or(0) + quantity < 0 {
        return Err(ApiError::invalid_body_value(
            "quantity",
            "would make the stock negative",
        ));
    }
    let i = record(ctx.data, listing, quantity);
    Ok(ctx.command_result(ResourceRef::new(&STOCK_ADJUSTMENT, i)))
}

fn query_adjustments(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let listing_id = ctx.required_uuid("listingId")?;
    let listing = ctx.own_listing(&listing_id)?;
    let (start, end) = ctx.query_range()?;
    let found = (0..ctx.data.stock_adjustments.len())
        .filter(|&i| {
            let a = &ctx.data.stock_adjustments[i];
            a.listing == listing && (start..end).contains(&a.at_ms)
        })
        .map(|i| ResourceRef::new(&STOCK_ADJUSTMENT, i))
        .collect();
    ctx.page(found)
}
