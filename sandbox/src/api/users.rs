//! `users/show` and `current_user/show` (rendered as `resources::users`).

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::data::Data;
use crate::resources::users::{CURRENT_USER, USER};
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .get("users/show", show_user)
        .get("current_user/show", show_current_user)
}

/// The index of the user with id `id`.
pub fn user_index(data: &Data, id: &str) -> Option<usize> {
    data.users.iter().position(|u| u.id == id)
}

fn show_user(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let id = ctx.required_uuid("id")?;
    let user = user_index(ctx.data, &id)
        .ok_or_else(|| ApiError::not_found(format!("User {id} not found")))?;
    Ok(ctx.show(ResourceRef::new(&USER, user)))
}

fn show_current_user(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    Ok(ctx.show(ResourceRef::new(&CURRENT_USER, user)))
}
