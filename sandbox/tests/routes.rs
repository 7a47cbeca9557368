//! The Marketplace API's routes: the sandbox mounts exactly the SDK's endpoint table, and
//! what no route has answers 404 `not-found` in the API's error envelope. Requests go to the
//! router in-process (tower's `oneshot`).

mod support;

use std::collections::BTreeSet;

use sharetribe_sdk::core::endpoints::ENDPOINTS;
use sharetribe_sdk::core::http::Method;
use support::*;

#[test]
fn the_sandbox_mounts_exactly_the_sdk_endpoints() {
    let sdk: BTreeSet<(String, String)> = ENDPOINTS
        .iter()
        .map(|e| {
            let method = match e.method {
                Method::Get => "GET",
                Method::Post => "POST",
                Method::Put => "PUT",
            };
            (method.to_owned(), e.path.to_owned())
        })
        .collect();
    let endpoints = sandbox::api::endpoints();
    let mounted: BTreeSet<(String, String)> = endpoints
        .mounted()
        .iter()
        .map(|(method, path)| (method.to_string(), (*path).to_owned()))
        .collect();
    let missing: Vec<_> = sdk.difference(&mounted).collect();
    let extra: Vec<_> = mounted.difference(&sdk).collect();
    assert!(
        missing.is_empty(),
        "SDK endpoints the sandbox lacks: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "sandbox endpoints the SDK lacks: {extra:?}"
    );
    assert_eq!(
        mounted.len(),
        endpoints.mounted().len(),
        "an endpoint is mounted twice"
    );
}

#[tokio::test]
async fn unknown_paths_and_methods_get_not_found_before_authentication() {
    let sb = start_default().await;
    for (method, path) in [
        ("GET", "/v1/api/listings/nope"),
        ("POST", "/v1/api/listings/query"),
        ("GET", "/v1/api/own_listings/create"),
        ("DELETE", "/v1/api/listings/query"),
    ] {
        let reply = request(sb.addr, method, path, &[], None).await.unwrap();
        assert_eq!(reply.status, 404, "{method} {path}: {}", reply.body);
        assert_eq!(reply.error_code(), "not-found", "{method} {path}");
        assert!(reply.body.contains("No such endpoint"), "{}", reply.body);
    }
}

#[tokio::test]
async fn a_known_endpoint_without_a_token_is_refused_in_the_clients_transit_flavour() {
    let sb = start_default().await;
    let path = "/v1/api/listings/query";
    let compact = request(sb.addr, "GET", path, &[], None).await.unwrap();
    assert_eq!(compact.status, 401);
    assert_eq!(compact.error_code(), "auth-missing-access-token");
    assert!(
        compact.body.starts_with("[\"^ \""),
        "compact Transit: {}",
        compact.body
    );
    let headers = [
        ("X-Transit-Verbose", "true"),
        ("Authorization", "Bearer not-a-token"),
    ];
    let verbose = request(sb.addr, "GET", path, &headers, None).await.unwrap();
    assert_eq!(verbose.status, 401);
    assert_eq!(verbose.error_code(), "auth-invalid-access-token");
    assert!(
        verbose.body.starts_with('{'),
        "verbose Transit: {}",
        verbose.body
    );
}
