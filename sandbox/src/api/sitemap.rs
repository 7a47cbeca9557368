//! `sitemapData.*`: ids of recent published listings (no attributes) and the paths of the
//! marketplace's content assets, for building sitemaps.

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::data::{fixed_uuid, kind, ListingState};
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .get("sitemap_data/query_listings", query_listings)
        .get("sitemap_data/query_assets", query_assets)
}

/// Most listings returned, as the API documents.
const MAX_LISTINGS: usize = 10_000;

fn document(data: Vec<Value>) -> Value {
    Value::map([
        ("data", Value::Array(data)),
        ("meta", Value::Map(Vec::new())),
        ("included", Value::Array(Vec::new())),
    ])
}

fn query_listings(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let mut published: Vec<usize> = (0..ctx.data.listings.len())
        .filter(|&i| {
            let l = &ctx.data.listings[i];
            l.state == ListingState::Published && !l.deleted
        })
        .collect();
    published.sort_by_key(|&i| std::cmp::Reverse((ctx.data.listings[i].created_at, i)));
    let items = published.into_iter().take(MAX_LISTINGS).map(|i| {
        Value::map([
            ("id", Value::Uuid(ctx.data.listings[i].id.clone())),
            ("type", Value::Keyword("listing".to_owned())),
        ])
    });
    Ok(document(items.collect()))
}

fn query_assets(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let prefix = ctx.params.get("pathPrefix").unwrap_or("/");
    let items = crate::assets::page_paths()
        .enumerate()
        .filter(|(_, path)| path.starts_with(prefix))
        .map(|(n, path)| {
            Value::map([
                (
                    "id",
                    Value::Uuid(fixed_uuid(kind::OTHER, 0x6000_0000 + n as u64)),
                ),
                ("type", Value::Keyword("asset".to_owned())),
                (
                    "attributes",
                    Value::map([("assetPath", Value::String(path))]),
                ),
            ])
        });
    Ok(document(items.collect()))
}
