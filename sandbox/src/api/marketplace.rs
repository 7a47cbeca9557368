//! `marketplace/show` and the `marketplace` resource.

use sharetribe_sdk::core::value::Value;

use super::{Ctx, Route};
use crate::domain::data::Data;
use crate::resources::{string, Kind, Related, Renderer, ResourceRef};
use crate::responses::ApiError;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[Route::get("marketplace/show", show)];

/// The `marketplace` resource (there is one; its index is always 0).
pub static MARKETPLACE: Kind = Kind {
    type_name: "marketplace",
    id: |data: &Data, _| data.marketplace.id.clone(),
    attributes,
    relation: |_, _, _| None::<Related>,
};

fn attributes(r: &Renderer, _: usize) -> Value {
    Value::map([
        ("name", string(&r.data.marketplace.name)),
        ("description", string(&r.data.marketplace.description)),
    ])
}

/// A reference to the marketplace resource.
pub fn marketplace() -> ResourceRef {
    ResourceRef::new(&MARKETPLACE, 0)
}

fn show(ctx: &mut Ctx) -> Result<Value, ApiError> {
    Ok(ctx.show(marketplace()))
}
