//! The Asset Delivery API under `/v1/assets/pub/<client id>/`: a small seeded tree of JSON
//! assets (marketplace content and configuration) with one version, `sandbox-v1`, which the
//! alias `latest` points at. One asset: `…/a/<alias>/<path>` or `…/v/<version>/<path>` answers
//! `{data: <asset JSON>, meta: {version}, included: []}`; several: `…/<dir>/?assets=a.json,b.json`
//! answers `jsonAsset` resources with `assetPath` and `data`. Unknown client id, alias, version
//! or path: 404 in the API's error envelope. No token is needed.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
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

/// Asset paths (without the leading `/`) and their JSON.
const ASSETS: &[(&str, &str)] = &[
    (
        "content/translations.json",
        r#"{"LandingPage.title":"Rent gear from your neighbours","TopbarSearchForm.placeholder":"Search gear"}"#,
    ),
    (
        "content/pages/about.json",
        r#"{"id":"about","sections":[{"sectionId":"intro","title":{"content":"About Sandbox Rentals"}}]}"#,
    ),
    (
        "content/pages/landing-page.json",
        r#"{"id":"landing-page","sections":[{"sectionId":"hero","title":{"content":"Rent anything"}}]}"#,
    ),
    (
        "design/branding.json",
        r##"{"marketplaceColors":{"mainColor":"#7c3aed"},"logo":null}"##,
    ),
    (
        "transactions/commission.json",
        r#"{"providerCommission":{"percentage":10},"customerCommission":{"percentage":5}}"#,
    ),
    (
        "general/localization.json",
        r#"{"locale":"en-US","firstDayOfWeek":"monday"}"#,
    ),
];

fn find(path: &str) -> Option<(usize, Value)> {
    let at = ASSETS.iter().position(|(p, _)| *p == path)?;
    Some((
        at,
        json::parse(ASSETS[at].1).expect("seeded assets are JSON"),
    ))
}

fn not_found(sandbox: &SharedSandbox, what: String) -> Response {
    // A deterministic error id, like every id the sandbox makes, so runs compare equal.
    let id = sandbox.lock().data.sequence.id(kind::OTHER);
    ApiError::not_found(what).into_json_response(id)
}

/// `GET /v1/assets/pub/{client_id}/{a|v}/{alias or version}/{*path}`.
pub async fn serve(
    State(sandbox): State<SharedSandbox>,
    Path((client_id, selector_kind, selector, path)): Path<(String, String, String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    respond(
        &sandbox,
        &client_id,
        &selector_kind,
        &selector,
        &path,
        query,
    )
}

/// `GET /v1/assets/pub/{client_id}/{a|v}/{alias or version}/?assets=...`: several assets with
/// no common directory.
pub async fn serve_root(
    State(sandbox): State<SharedSandbox>,
    Path((client_id, selector_kind, selector)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    respond(&sandbox, &client_id, &selector_kind, &selector, "", query)
}

fn respond(
    sandbox: &SharedSandbox,
    client_id: &str,
    selector_kind: &str,
    selector: &str,
    path: &str,
    query: Option<String>,
) -> Response {
    let sandbox = sandbox.clone();
    if client_id != CLIENT_ID {
        return not_found(&sandbox, format!("No assets for client ID {client_id}"));
    }
    let known = match selector_kind {
        "a" => selector == "latest",
        "v" => selector == VERSION,
        _ => false,
    };
    if !known {
        return not_found(
            &sandbox,
            format!("No asset tree {selector_kind}/{selector}"),
        );
    }
    let meta = Value::map([("version", Value::from(VERSION))]);
    let wanted: Option<Vec<String>> = query.as_deref().and_then(|q| {
        parse_query_string(q)
            .into_iter()
            .find(|(k, _)| k == "assets")
            .map(|(_, v)| split_list(&v))
    });
    let document = match wanted {
        None => match find(path) {
            Some((_, data)) => Value::map([
                ("data", data),
                ("meta", meta),
                ("included", Value::Array(Vec::new())),
            ]),
            None => return not_found(&sandbox, format!("No asset /{path}")),
        },
        Some(relative) => {
            let mut items = Vec::new();
            for name in relative {
                let full = format!("{path}{name}");
                let Some((at, data)) = find(&full) else {
                    return not_found(&sandbox, format!("No asset /{full}"));
                };
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
            Value::map([
                ("data", Value::Array(items)),
                ("meta", meta),
                ("included", Value::Array(Vec::new())),
            ])
        }
    };
    responses::json(200, &document)
}
