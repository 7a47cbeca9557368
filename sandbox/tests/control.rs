//! Control API, fault injection, request log, CORS, static files and the binary's output.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sandbox::Options;
use sharetribe_sdk::core::value::Value;
use support::*;

#[tokio::test]
async fn health_and_reset() {
    let sb = start_default().await;
    let health = control(sb.addr, "GET", "/_sandbox/health", None).await;
    assert_eq!(health.json(), Value::map([("ok", Value::Bool(true))]));

    let (access, refresh) = login(sb.addr, "alice").await;
    control(sb.addr, "POST", "/_sandbox/faults", Some(r#"{"count":5}"#)).await;
    control(sb.addr, "POST", "/_sandbox/reset", None).await;
    let reply = api_get(sb.addr, "/v1/api/marketplace/show", &access).await;
    assert_eq!(
        reply.status, 401,
        "tokens are forgotten and the fault is gone"
    );
    let form =
        format!("client_id=sandbox-client-id&grant_type=refresh_token&refresh_token={refresh}");
    assert_eq!(token_request(sb.addr, &form).await.status, 401);
    let Value::Array(log) = control(sb.addr, "GET", "/_sandbox/requests", None)
        .await
        .json()
    else {
        panic!("the log is not an array")
    };
    assert_eq!(log.len(), 2, "the log restarted at the reset");
}

#[tokio::test]
async fn status_faults_are_consumed_per_request_and_path() {
    let sb = start_default().await;
    let token = anonymous_token(sb.addr).await;
    control(
        sb.addr,
        "POST",
        "/_sandbox/faults",
        Some(r#"{"count":2,"status":503,"path":"/v1/api/listings"}"#),
    )
    .await;
    // Other paths are not affected and do not consume the fault.
    assert_eq!(
        api_get(sb.addr, "/v1/api/marketplace/show", &token)
            .await
            .status,
        200
    );
    for _ in 0..2 {
        let reply = api_get(sb.addr, "/v1/api/listings/query", &token).await;
        assert_eq!(reply.status, 503);
        assert_eq!(reply.error_code(), "sandbox-fault");
    }
    assert_eq!(
        api_get(sb.addr, "/v1/api/listings/query", &token)
            .await
            .status,
        200
    );

    // Auth API faults answer with a plain body; DELETE disarms.
    control(
        sb.addr,
        "POST",
        "/_sandbox/faults",
        Some(r#"{"count":3,"status":500,"path":"/v1/auth/token"}"#),
    )
    .await;
    let reply = token_request(
        sb.addr,
        "client_id=sandbox-client-id&grant_type=client_credentials",
    )
    .await;
    assert_eq!(reply.status, 500);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    control(sb.addr, "DELETE", "/_sandbox/faults", None).await;
    anonymous_token(sb.addr).await;

    let bad = request(
        sb.addr,
        "POST",
        "/_sandbox/faults",
        &[],
        Some(("application/json", r#"{"status":"x"}"#)),
    )
    .await
    .unwrap();
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("status"));
}

#[tokio::test]
async fn drop_fault_closes_the_connection_without_a_response() {
    let sb = start_tcp(Options::default()).await;
    let token = anonymous_token(sb.addr).await;
    control(
        sb.addr,
        "POST",
        "/_sandbox/faults",
        Some(r#"{"drop":true}"#),
    )
    .await;
    let auth = format!("Bearer {token}");
    let result = request(
        sb.addr,
        "GET",
        "/v1/api/marketplace/show",
        &[("Authorization", &auth)],
        None,
    )
    .await;
    assert!(
        result.is_err(),
        "expected a connection error, got {result:?}"
    );
    // The fault was consumed and the server still serves.
    assert_eq!(
        api_get(sb.addr, "/v1/api/marketplace/show", &token)
            .await
            .status,
        200
    );
    let log = control(sb.addr, "GET", "/_sandbox/requests", None)
        .await
        .json();
    let Value::Array(entries) = log else { panic!() };
    assert_eq!(
        entries[1].get("status"),
        Some(&Value::Null),
        "dropped request has no status"
    );
}

#[tokio::test]
async fn delay_fault_delays_then_serves() {
    let sb = start_default().await;
    let token = anonymous_token(sb.addr).await;
    control(
        sb.addr,
        "POST",
        "/_sandbox/faults",
        Some(r#"{"delayMs":300}"#),
    )
    .await;
    let started = Instant::now();
    let reply = api_get(sb.addr, "/v1/api/marketplace/show", &token).await;
    assert_eq!(reply.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn request_log_records_calls_without_secrets() {
    let sb = start_default().await;
    let (access, refresh) = login(sb.addr, "alice").await;
    api_get(sb.addr, "/v1/api/listings/query?perPage=5", &access).await;
    request(sb.addr, "GET", "/v1/api/marketplace/show", &[], None)
        .await
        .unwrap();
    api_get(sb.addr, "/v1/api/marketplace/show", "garbage").await;
    control(sb.addr, "GET", "/_sandbox/health", None).await;

    let reply = control(sb.addr, "GET", "/_sandbox/requests", None).await;
    for secret in [
        access.as_str(),
        refresh.as_str(),
        "alice-password",
        "garbage",
    ] {
        assert!(
            !reply.body.contains(secret),
            "log leaks a secret: {}",
            reply.body
        );
    }
    let Value::Array(entries) = reply.json() else {
        panic!("{}", reply.body)
    };
    assert_eq!(
        entries.len(),
        4,
        "control calls are not logged: {}",
        reply.body
    );
    let field = |i: usize, key: &str| entries[i].get(key).cloned().unwrap();
    assert_eq!(field(0, "path"), Value::from("/v1/auth/token"));
    assert_eq!(field(0, "grantType"), Value::from("password"));
    assert_eq!(field(0, "auth"), Value::from("none"));
    assert_eq!(field(0, "status"), Value::Int(200));
    assert_eq!(field(1, "method"), Value::from("GET"));
    assert_eq!(field(1, "query"), Value::from("perPage=5"));
    assert_eq!(field(1, "auth"), Value::from("user"));
    assert_eq!(field(1, "grantType"), Value::Null);
    assert_eq!(field(2, "auth"), Value::from("none"));
    assert_eq!(field(2, "status"), Value::Int(401));
    assert_eq!(field(3, "auth"), Value::from("invalid"));

    control(sb.addr, "DELETE", "/_sandbox/requests", None).await;
    let empty = control(sb.addr, "GET", "/_sandbox/requests", None).await;
    assert_eq!(empty.json(), Value::Array(vec![]));
}

#[tokio::test]
async fn cors_preflight_and_headers() {
    let sb = start_default().await;
    let preflight = request(
        sb.addr,
        "OPTIONS",
        "/v1/api/listings/query",
        &[
            ("Origin", "http://localhost:5173"),
            ("Access-Control-Request-Method", "GET"),
            (
                "Access-Control-Request-Headers",
                "authorization,x-transit-verbose",
            ),
        ],
        None,
    )
    .await
    .unwrap();
    assert_eq!(preflight.status, 200);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    let methods = preflight
        .header("access-control-allow-methods")
        .unwrap()
        .to_uppercase();
    for method in ["GET", "POST", "DELETE", "OPTIONS"] {
        assert!(methods.contains(method), "{methods}");
    }
    let headers = preflight
        .header("access-control-allow-headers")
        .unwrap()
        .to_lowercase();
    for header in [
        "authorization",
        "content-type",
        "accept",
        "x-transit-verbose",
    ] {
        assert!(headers.contains(header), "{headers}");
    }
    assert!(preflight.header("access-control-max-age").is_some());

    let token = request(
        sb.addr,
        "POST",
        "/v1/auth/token",
        &[("Origin", "http://localhost:5173")],
        Some((
            "application/x-www-form-urlencoded",
            "client_id=sandbox-client-id&grant_type=client_credentials",
        )),
    )
    .await
    .unwrap();
    assert_eq!(token.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn static_and_pkg_directories() {
    let root = std::env::temp_dir().join(format!("sandbox-static-{}", std::process::id()));
    let (site, pkg) = (root.join("site"), root.join("pkg"));
    std::fs::create_dir_all(&site).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(site.join("index.html"), "<h1>example</h1>").unwrap();
    std::fs::write(pkg.join("sdk_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let sb = start(Options {
        static_dir: Some(site),
        pkg_dir: Some(pkg),
        ..Options::default()
    })
    .await;
    let index = request(sb.addr, "GET", "/", &[], None).await.unwrap();
    assert_eq!(index.status, 200);
    assert!(index.body.contains("example"));
    let wasm = request(sb.addr, "GET", "/pkg/sdk_bg.wasm", &[], None)
        .await
        .unwrap();
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    let missing = request(sb.addr, "GET", "/nope.js", &[], None)
        .await
        .unwrap();
    assert_eq!(missing.status, 404);
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn binary_prints_one_listening_line_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sandbox"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the sandbox binary");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim_end()
        .strip_prefix("sandbox listening on ")
        .map(str::to_owned);
    let result = std::panic::catch_unwind(|| {
        let url = url.expect("listening line");
        let port: u16 = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap()
            .parse()
            .unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let reply = runtime.block_on(request(
            ([127, 0, 0, 1], port).into(),
            "GET",
            "/_sandbox/health",
            &[],
            None,
        ));
        assert_eq!(reply.unwrap().status, 200);
    });
    let _ = child.kill();
    let _ = child.wait();
    result.unwrap();
}
