//! The Marketplace API's routes: the sandbox mounts exactly the SDK's endpoint table, and
//! what no route has answers 404 `not-found` in the API's error envelope. Requests go to the
//! router in-process (tower's `oneshot`).

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::Request;
use sandbox::Options;
use sharetribe_sdk::core::endpoints::ENDPOINTS;
use sharetribe_sdk::core::http::Method;
use sharetribe_sdk::core::transit;
use sharetribe_sdk::core::value::Value;
use tower::ServiceExt;

async fn send(router: &axum::Router, request: Request<Body>) -> (u16, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

fn error_code(body: &str) -> String {
    let value = transit::decode(body).unwrap_or_else(|e| panic!("{e:?}: {body}"));
    let Some(Value::Array(errors)) = value.get("errors") else {
        panic!("no errors: {body}")
    };
    errors[0]
        .get("code")
        .and_then(Value::as_str)
        .unwrap()
        .to_owned()
}

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
    let router = sandbox::app(Options::default());
    for (method, path) in [
        ("GET", "/v1/api/listings/nope"),
        ("POST", "/v1/api/listings/query"),
        ("GET", "/v1/api/own_listings/create"),
        ("DELETE", "/v1/api/listings/query"),
    ] {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .unwrap();
        let (status, body) = send(&router, request).await;
        assert_eq!(status, 404, "{method} {path}: {body}");
        assert_eq!(error_code(&body), "not-found", "{method} {path}");
        assert!(body.contains("No such endpoint"), "{body}");
    }
}

#[tokio::test]
async fn a_known_endpoint_without_a_token_is_refused_in_the_clients_transit_flavour() {
    let router = sandbox::app(Options::default());
    let compact = Request::get("/v1/api/listings/query")
        .body(Body::empty())
        .unwrap();
    let (status, body) = send(&router, compact).await;
    assert_eq!(status, 401);
    assert_eq!(error_code(&body), "auth-missing-access-token");
    assert!(body.starts_with("[\"^ \""), "compact Transit: {body}");
    let verbose = Request::get("/v1/api/listings/query")
        .header("x-transit-verbose", "true")
        .header("authorization", "Bearer not-a-token")
        .body(Body::empty())
        .unwrap();
    let (status, body) = send(&router, verbose).await;
    assert_eq!(status, 401);
    assert_eq!(error_code(&body), "auth-invalid-access-token");
    assert!(body.starts_with('{'), "verbose Transit: {body}");
}
