//! `marketplace/show` (rendered as `resources::marketplace`).

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::resources::marketplace::marketplace;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new().get("marketplace/show", show)
}

fn show(ctx: &mut Ctx) -> Result<Value, ApiError> {
    Ok(ctx.show(marketplace()))
}
