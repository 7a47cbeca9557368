//! The Asset Delivery API under `/v1/assets/pub/<client id>/`: the asset tree a marketplace
//! made in Console has (content pages, footer, top bar, translations and the configuration
//! assets the Web Template reads), kept as JSON files under `sandbox/assets/`, in one version,
//! [`VERSION`], which the alias `latest` points at.
//!
//! One asset: `…/a/<alias>/<path>` or `…/v/<version>/<path>` answers
//! `{data: <asset JSON>, meta: {version}, included: [<imageAsset>…]}`; several:
//! `…/<dir>/?assets=a.json,b.json` answers `jsonAsset` resources with `assetPath` and `data`.
//! Image references (`{"_ref": {"type": "imageAsset", "id": …}}`) in the returned assets are
//! resolved through `included`, whose `imageAsset`s have variants served as PNGs by
//! [`crate::images`]. Responses carry `ETag` and `Cache-Control` (by alias 10 s, as in Dev and
//! Test environments; by version a year). Unknown client id, alias, version or path: 404 in
//! the API's error envelope. No token is needed.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sharetribe_sdk::core::json;
use sharetribe_sdk::core::query::parse_query_string;
use sharetribe_sdk::core::value::Value;

use crate::domain::data::{fixed_uuid, kind};
use crate::domain::seed::CLIENT_ID;
use crate::params::split_list;
use crate::responses::{self, ApiError};
use crate::state::SharedSandbox;

/// The one version of the asset tree.
pub const VERSION: &str = "sandbox-v1";

macro_rules! asset {
    ($path:literal) => {
        ($path, include_str!(concat!("../assets/", $path)))
    };
}

/// Asset paths (without the leading `/`) and their JSON, from `sandbox/assets/`.
pub const ASSETS: &[(&str, &str)] = &[
    asset!("content/footer.json"),
    asset!("content/pages/about.json"),
    asset!("content/pages/landing-page.json"),
    asset!("content/pages/privacy-policy.json"),
    asset!("content/pages/terms-of-service.json"),
    asset!("content/top-bar.json"),
    asset!("content/translations.json"),
    asset!("design/branding.json"),
    asset!("design/layout.json"),
    asset!("general/access-control.json"),
    asset!("general/localization.json"),
    asset!("integrations/analytics.json"),
    asset!("integrations/google-search-console.json"),
    asset!("integrations/map.json"),
    asset!("listings/listing-categories.json"),
    asset!("listings/listing-fields.json"),
    asset!("listings/listing-search.json"),
    asset!("listings/listing-types.json"),
    asset!("transactions/commission.json"),
    asset!("transactions/minimum-transaction-size.json"),
    asset!("users/user-fields.json"),
    asset!("users/user-types.json"),
];

/// An image asset (logo, page images) referenced from JSON assets with `_ref`.
#[derive(Debug)]
pub struct AssetImage {
    /// Resource id, as the `_ref`s in the asset files name it.
    pub id: &'static str,
    /// `assetPath` attribute.
    pub path: &'static str,
    /// Background hue of the generated picture.
    pub hue: u16,
    /// Variant name, width, height.
    pub variants: &'static [(&'static str, u32, u32)],
}

const PAGE_IMAGE: &[(&str, u32, u32)] = &[
    ("scaled800", 800, 600),
    ("scaled1200", 1200, 900),
    ("scaled2400", 2400, 1800),
];

/// The image assets of the tree.
pub const ASSET_IMAGES: &[AssetImage] = &[
    AssetImage {
        id: "90000000-0000-4000-8000-000070000001",
        path: "/design/branding/logo.png",
        hue: 265,
        variants: &[("scaled", 180, 36), ("scaled2x", 360, 72)],
    },
    AssetImage {
        id: "90000000-0000-4000-8000-000070000002",
        path: "/design/branding/login-background.png",
        hue: 280,
        variants: &[
            ("scaled800", 800, 1000),
            ("scaled1200", 1200, 1500),
            ("scaled2400", 2400, 3000),
        ],
    },
    AssetImage {
        id: "90000000-0000-4000-8000-000070000003",
        path: "/design/branding/social-sharing.png",
        hue: 250,
        variants: &[("scaled600", 600, 314), ("scaled1200", 1200, 630)],
    },
    AssetImage {
        id: "90000000-0000-4000-8000-000070000004",
        path: "/content/pages/landing-page/hero.png",
        hue: 270,
        variants: PAGE_IMAGE,
    },
    AssetImage {
        id: "90000000-0000-4000-8000-000070000005",
        path: "/content/pages/landing-page/find.png",
        hue: 190,
        variants: PAGE_IMAGE,
    },
    AssetImage {
        id: "90000000-0000-4000-8000-000070000006",
        path: "/content/pages/landing-page/book.png",
        hue: 30,
        variants: PAGE_IMAGE,
    },
];

/// The image asset with id `id`.
pub fn asset_image(id: &str) -> Option<&'static AssetImage> {
    ASSET_IMAGES.iter().find(|image| image.id == id)
}

/// Paths of the content pages (`/content/pages/…`), for sitemaps.
pub fn page_paths() -> impl Iterator<Item = String> {
    ASSETS
        .iter()
        .filter(|(path, _)| path.starts_with("content/pages/"))
        .map(|(path, _)| format!("/{path}"))
}

fn find(path: &str) -> Option<(usize, Value)> {
    let at = ASSETS.iter().position(|(p, _)| *p == path)?;
    Some((
        at,
        json::parse(ASSETS[at].1).expect("seeded assets are JSON"),
    ))
}

/// Ids of the image assets `value` refers to with `{"_ref": {"type": "imageAsset", "id"}}`,
/// appended to `into` in document order without repeats.
fn image_refs(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Map(entries) => {
            let reference = value.get("_ref");
            let is_image = reference
                .and_then(|r| r.get("type"))
                .and_then(Value::as_str)
                == Some("imageAsset");
            match reference.and_then(|r| r.get("id")).and_then(Value::as_str) {
                Some(id) if is_image => {
                    if !into.iter().any(|seen| seen == id) {
                        into.push(id.to_owned());
                    }
                }
                _ => entries.iter().for_each(|(_, v)| image_refs(v, into)),
            }
        }
        Value::Array(items) => items.iter().for_each(|v| image_refs(v, into)),
        _ => {}
    }
}

/// The `imageAsset` resource of `image`, its variant URLs under `base_url`.
fn image_resource(image: &AssetImage, base_url: &str) -> Value {
    let variants = image.variants.iter().map(|&(name, width, height)| {
        (
            name.to_owned(),
            Value::map([
                ("name", Value::from(name)),
                ("width", Value::Int(width.into())),
                ("height", Value::Int(height.into())),
                (
                    "url",
                    Value::String(crate::resources::images::url(
                        base_url, image.id, name, width, height,
                    )),
                ),
            ]),
        )
    });
    Value::map([
        ("id", Value::from(image.id)),
        ("type", Value::from("imageAsset")),
        (
            "attributes",
            Value::map([
                ("assetPath", Value::from(image.path)),
                ("variants", Value::Map(variants.collect())),
            ]),
        ),
    ])
}

/// The `included` array for the assets in `data`.
fn included(data: &[&Value], base_url: &str) -> Value {
    let mut ids = Vec::new();
    for value in data {
        image_refs(value, &mut ids);
    }
    Value::Array(
        ids.iter()
            .filter_map(|id| asset_image(id))
            .map(|image| image_resource(image, base_url))
            .collect(),
    )
}

fn not_found(sandbox: &SharedSandbox, what: String) -> Response {
    // A deterministic error id, like every id the sandbox makes, so runs compare equal.
    let id = sandbox.lock().data.sequence.id(kind::OTHER);
    ApiError::not_found(what).into_json_response(id)
}

fn base_url(sandbox: &SharedSandbox, headers: &HeaderMap) -> String {
    match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) => format!("http://{host}"),
        None => format!("http://{}:{}", sandbox.options.host, sandbox.options.port),
    }
}

/// `GET /v1/assets/pub/{client_id}/{a|v}/{alias or version}/{*path}`.
pub async fn serve(
    State(sandbox): State<SharedSandbox>,
    Path((client_id, selector_kind, selector, path)): Path<(String, String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let request = Request {
        client_id: &client_id,
        selector_kind: &selector_kind,
        selector: &selector,
        path: &path,
    };
    respond(&sandbox, request, query, &headers)
}

/// `GET /v1/assets/pub/{client_id}/{a|v}/{alias or version}/?assets=...`: several assets with
/// no common directory.
pub async fn serve_root(
    State(sandbox): State<SharedSandbox>,
    Path((client_id, selector_kind, selector)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let request = Request {
        client_id: &client_id,
        selector_kind: &selector_kind,
        selector: &selector,
        path: "",
    };
    respond(&sandbox, request, query, &headers)
}

struct Request<'a> {
    client_id: &'a str,
    selector_kind: &'a str,
    selector: &'a str,
    path: &'a str,
}

fn respond(
    sandbox: &SharedSandbox,
    request: Request<'_>,
    query: Option<String>,
    headers: &HeaderMap,
) -> Response {
    let Request {
        client_id,
        selector_kind,
        selector,
        path,
    } = request;
    if client_id != CLIENT_ID {
        return not_found(sandbox, format!("No assets for client ID {client_id}"));
    }
    let by_alias = match selector_kind {
        "a" if selector == "latest" => true,
        "v" if selector == VERSION => false,
        _ => return not_found(sandbox, format!("No asset tree {selector_kind}/{selector}")),
    };
    let base_url = base_url(sandbox, headers);
    let meta = Value::map([("version", Value::from(VERSION))]);
    let wanted: Option<Vec<String>> = query.as_deref().and_then(|q| {
        parse_query_string(q)
            .into_iter()
            .find(|(k, _)| k == "assets")
            .map(|(_, v)| split_list(&v))
    });
    let (document, etag_source) = match wanted {
        None => match find(path) {
            Some((_, data)) => {
                let included = included(&[&data], &base_url);
                let document = Value::map([("data", data), ("meta", meta), ("included", included)]);
                (document, path.to_owned())
            }
            None => return not_found(sandbox, format!("No asset /{path}")),
        },
        Some(relative) => {
            let mut items = Vec::new();
            let mut datas = Vec::new();
            for name in &relative {
                let full = format!("{path}{name}");
                let Some((at, data)) = find(&full) else {
                    return not_found(sandbox, format!("No asset /{full}"));
                };
                datas.push(data.clone());
                items.push(Value::map([
                    (
                        "id",
                        Value::Uuid(fixed_uuid(kind::OTHER, 0x5000_0000 + at as u64)),
                    ),
                    ("type", Value::from("jsonAsset")),
                    (
                        "attributes",
                        Value::map([
                            ("assetPath", Value::String(format!("/{full}"))),
                            ("data", data),
                        ]),
                    ),
                ]));
            }
            let refs: Vec<&Value> = datas.iter().collect();
            let document = Value::map([
                ("data", Value::Array(items)),
                ("meta", meta),
                ("included", included(&refs, &base_url)),
            ]);
            (document, format!("{path}?{}", relative.join(",")))
        }
    };
    // The tree never changes, so version and request identify the content.
    let etag = format!("\"{VERSION}-{:016x}\"", fnv1a(etag_source.as_bytes()));
    let cache_control = if !sandbox.options.http_cache {
        "no-store"
    } else if by_alias {
        "public, max-age=10"
    } else {
        "public, max-age=31536000, immutable"
    };
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        responses::json(200, &document)
    };
    let response_headers = response.headers_mut();
    response_headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response_headers.insert(header::ETAG, value);
    }
    response
}

/// FNV-1a, a stable 64-bit hash for ETags (std's hasher may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_json_and_every_image_ref_resolves() {
        for (path, text) in ASSETS {
            let value = json::parse(text).unwrap_or_else(|e| panic!("{path}: {e:?}"));
            let mut ids = Vec::new();
            image_refs(&value, &mut ids);
            for id in ids {
                assert!(
                    asset_image(&id).is_some(),
                    "{path} refers to unknown image {id}"
                );
            }
        }
    }
}
