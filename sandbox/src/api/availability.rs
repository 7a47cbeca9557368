//! `availabilityExceptions.*`: exceptions to a listing's availability plan, made by its author
//! (rendered as `resources::availability`).

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::data::{kind, AvailabilityException};
use crate::resources::availability::AVAILABILITY_EXCEPTION;
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .post("availability_exceptions/create", create)
        .post("availability_exceptions/delete", delete)
        .get("availability_exceptions/query", query)
}

fn create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let listing_id = ctx.required_body_uuid("listingId")?;
    let listing = ctx.own_listing(&listing_id)?;
    let start = ctx
        .body_instant("start")?
        .ok_or_else(|| ApiError::missing_body_param("start"))?;
    let end = ctx
        .body_instant("end")?
        .ok_or_else(|| ApiError::missing_body_param("end"))?;
    let seats = ctx
        .body_int("seats")?
        .ok_or_else(|| ApiError::missing_body_param("seats"))?;
    if end <= start {
        return Err(ApiError::invalid_body_value("end", "must be after start"));
    }
    if seats < 0 {
        return Err(ApiError::invalid_body_value(
            "seats",
            "must not be negative",
        ));
    }
    let overlaps = ctx
        .data
        .availability_exceptions
        .iter()
        .any(|e| e.listing == listing && !e.deleted && e.start_ms < end && start < e.end_ms);
    if overlaps {
        return Err(ApiError::conflict(
            "conflict",
            "The listing already has an availability exception in that time",
        ));
    }
    let id = ctx.new_id(kind::AVAILABILITY_EXCEPTION);
    ctx.data
        .availability_exceptions
        .push(AvailabilityException {
            id,
            listing,
            start_ms: start,
            end_ms: end,
            seats,
            deleted: false,
        });
    let i = ctx.data.availability_exceptions.len() - 1;
    Ok(ctx.command_result(ResourceRef::new(&AVAILABILITY_EXCEPTION, i)))
}

fn delete(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let id = ctx.required_body_uuid("id")?;
    let user = ctx.user()?;
    let i = (0..ctx.data.availability_exceptions.len())
        .find(|&i| {
            let e = &ctx.data.availability_exceptions[i];
            e.id == id && !e.deleted && ctx.data.listings[e.listing].author == user
        })
        .ok_or_else(|| ApiError::not_found(format!("Availability exception {id} not found")))?;
    let result = ctx.command_result(ResourceRef::new(&AVAILABILITY_EXCEPTION, i));
    ctx.data.availability_exceptions[i].deleted = true;
    Ok(result)
}

fn query(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let listing_id = ctx.required_uuid("listingId")?;
    let listing = ctx.own_listing(&listing_id)?;
    let (start, end) = ctx.query_range()?;
    let found = (0..ctx.data.availability_exceptions.len())
        .filter(|&i| {
            let e = &ctx.data.availability_exceptions[i];
            e.listing == listing && !e.deleted && e.start_ms < end && start < e.end_ms
        })
        .map(|i| ResourceRef::new(&AVAILABILITY_EXCEPTION, i))
        .collect();
    ctx.page(found)
}
