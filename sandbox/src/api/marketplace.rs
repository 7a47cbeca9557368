//! `marketplace/show` and the `marketplace` resource.

use sharetribe_sdk::core::value::Value;

use super::{Ctx, Route};
use crate::resources::marketplace::marketplace;
use crate::responses::ApiError;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[Route::get("marketplace/show", show)];

fn show(ctx: &mut Ctx) -> Result<Value, ApiError> {
    Ok(ctx.show(marketplace()))
}
