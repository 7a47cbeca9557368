//! The token lifecycle in a real browser against the sandbox: login, refresh after expiry,
//! single flight, fallback to anonymous, transient failures that keep the session, logout.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use futures::future::join_all;
use js_sys::Array;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn login_makes_a_user_session() {
    fresh_start().await;
    let sdk = sdk();
    assert_eq!(
        js_sys::Object::keys(&auth_info(&sdk).await.into()).length(),
        0,
        "no token: {{}}"
    );

    let response = login(&sdk, "alice").await;
    assert_eq!(get(&response, "status").as_f64(), Some(200.0));
    assert!(
        at(&response, "data.access_token").is_undefined(),
        "tokens are not handed out"
    );

    let info = auth_info(&sdk).await;
    assert_eq!(get(&info, "isAnonymous"), wasm_bindgen::JsValue::FALSE);
    assert_eq!(
        Array::from(&get(&info, "scopes"))
            .get(0)
            .as_string()
            .as_deref(),
        Some("user")
    );
    assert_eq!(
        get(&info, "grantType").as_string().as_deref(),
        Some("refresh_token")
    );

    let me = call(&sdk, "currentUser.show", &[]).await.unwrap();
    assert_eq!(
        at(&me, "data.data.attributes.email").as_string().as_deref(),
        Some("alice@example.com")
    );
    assert_eq!(token_requests("password").await, 1);
}

#[wasm_bindgen_test]
async fn wrong_password_rejects_and_keeps_the_current_session() {
    fresh_start().await;
    let sdk = sdk();
    login(&sdk, "alice").await;
    let bad = obj("{ username: 'bob@example.com', password: 'nope' }");
    let error = call(&sdk, "login", &[bad]).await.unwrap_err();
    assert_eq!(get(&error, "status").as_f64(), Some(401.0));
    assert!(
        !get(&error, "message").as_string().unwrap().contains("nope"),
        "no password in errors"
    );
    let me = call(&sdk, "currentUser.show", &[]).await.unwrap();
    assert_eq!(
        at(&me, "data.data.attributes.email").as_string().as_deref(),
        Some("alice@example.com")
    );
}

#[wasm_bindgen_test]
async fn an_expired_access_token_is_refreshed_and_the_call_retried() {
    fresh_start().await;
    let sdk = sdk();
    login(&sdk, "alice").await;
    control("POST", "expire-access-tokens", None).await;

    let me = call(&sdk, "currentUser.show", &[])
        .await
        .expect("refresh + retry succeeds");
    assert_eq!(
        at(&me, "data.data.attributes.email").as_string().as_deref(),
        Some("alice@example.com")
    );
    assert_eq!(token_requests("refresh_token").await, 1);
    assert!(is_user_session(&sdk).await);
}

#[wasm_bindgen_test]
async fn concurrent_calls_with_an_expired_token_share_one_refresh() {
    fresh_start().await;
    let sdk = sdk();
    login(&sdk, "alice").await;
    control("POST", "expire-access-tokens", None).await;

    let calls = (0..8).map(|_| call(&sdk, "currentUser.show", &[]));
    for result in join_all(calls).await {
        result.expect("every concurrent call succeeds");
    }
    assert_eq!(
        token_requests("refresh_token").await,
        1,
        "exactly one refresh"
    );
}

#[wasm_bindgen_test]
async fn concurrent_first_calls_share_one_anonymous_token_request() {
    fresh_start().await;
    let sdk = sdk();
    let calls = (0..6).map(|_| call(&sdk, "marketplace.show", &[]));
    for result in join_all(calls).await {
        result.expect("every call succeeds");
    }
    assert_eq!(token_requests("client_credentials").await, 1);
}

#[wasm_bindgen_test]
async fn two_tabs_sharing_storage_refresh_once_with_rotating_tokens() {
    fresh_start().await;
    // Two instances over one localStorage key stand for two tabs: the Web Lock is per origin.
    let options = obj(&format!("{{ clientId: '{CLIENT_ID}' }}"));
    let tab_a = sdk_with_store(sharetribe_sdk::js::local_storage_store(options.clone()));
    let tab_b = sdk_with_store(sharetribe_sdk::js::local_storage_store(options));
    login(&tab_a, "alice").await;
    control("POST", "expire-access-tokens", None).await;

    let (a, b) = futures::join!(
        call(&tab_a, "currentUser.show", &[]),
        call(&tab_b, "currentUser.show", &[])
    );
    a.expect("tab A stays signed in");
    b.expect("tab B stays signed in");
    assert_eq!(
        token_requests("refresh_token").await,
        1,
        "one refresh across tabs"
    );
    assert!(is_user_session(&tab_a).await && is_user_session(&tab_b).await);
}

#[wasm_bindgen_test]
async fn a_rejected_refresh_token_falls_back_to_anonymous() {
    fresh_start().await;
    let sdk = sdk();
    login(&sdk, "alice").await;
    // A reset forgets every token: the stored access and refresh tokens are now both invalid.
    control("POST", "reset", None).await;

    let page = call(&sdk, "listings.query", &[obj("{ perPage: 1 }")])
        .await
        .expect("the call goes through anonymously");
    assert_eq!(Array::from(&at(&page, "data.data")).length(), 1);
    let info = auth_info(&sdk).await;
    assert_eq!(get(&info, "isAnonymous"), wasm_bindgen::JsValue::TRUE);
    assert_eq!(token_requests("refresh_token").await, 1);
    assert_eq!(token_requests("client_credentials").await, 1);
}

#[wasm_bindgen_test]
async fn a_503_during_refresh_keeps_the_session() {
    fresh_start().await;
    let sdk = sdk();
    login(&sdk, "alice").await;
    control("POST", "expire-access-tokens", None).await;
    inject_faults(1, "/v1/auth/token", "\"status\":503").await;

    let error = call(&sdk, "currentUser.show", &[]).await.unwrap_err();
    assert_eq!(get(&error, "status").as_f64(), Some(503.0));
    assert!(is_user_session(&sdk).await, "the session survives a 503");

    let me = call(&sdk, "currentUser.show", &[])
        .await
        .expect("the next call refreshes");
    assert_eq!(
        at(&me, "data.data.attributes.email").as_string().as_deref(),
        Some("alice@example.com")
    );
}

#[wasm_bindgen_test]
async fn a_dropped_connection_during_refresh_keeps_the_session() {
    fresh_start().await;
    let sdk = sdk();
    login(&sdk, "alice").await;
    control("POST", "expire-access-tokens", None).await;
    // Chromium retries a request by itself (more than once) when a reused keep-alive
    // connection drops, so drop every attempt of this call, then let the next call through.
    inject_faults(10, "/v1/auth/token", "\"drop\":true").await;

    let error = call(&sdk, "currentUser.show", &[]).await.unwrap_err();
    assert_eq!(get(&error, "code").as_string().as_deref(), Some("network"));
    assert!(
        is_user_session(&sdk).await,
        "the session survives a dropped connection"
    );
    control("DELETE", "faults", None).await;
    call(&sdk, "currentUser.show", &[])
        .await
        .expect("the next call refreshes");
}

#[wasm_bindgen_test]
async fn a_failed_anonymous_token_request_does_not_poison_the_instance() {
    fresh_start().await;
    let sdk = sdk();
    inject_faults(1, "/v1/auth/token", "\"status\":500").await;
    let error = call(&sdk, "marketplace.show", &[]).await.unwrap_err();
    assert_eq!(get(&error, "status").as_f64(), Some(500.0));
    call(&sdk, "marketplace.show", &[])
        .await
        .expect("the next call gets a token");
}

#[wasm_bindgen_test]
async fn logout_revokes_the_refresh_token_and_clears_the_session() {
    fresh_start().await;
    let store: wasm_bindgen::JsValue = sharetribe_sdk::js::memory_store();
    let sdk = sdk_with_store(store.clone());
    login(&sdk, "alice").await;
    let refresh_token = at(&call_method(&store, "getToken"), "refresh_token");
    assert!(refresh_token.is_string());

    call(&sdk, "logout", &[]).await.expect("logout succeeds");
    let revokes = requests()
        .await
        .iter()
        .filter(|r| get(r, "path").as_string().as_deref() == Some("/v1/auth/revoke"))
        .count();
    assert_eq!(revokes, 1);
    assert_eq!(
        js_sys::Object::keys(&auth_info(&sdk).await.into()).length(),
        0
    );
    assert!(
        call_method(&store, "getToken").is_null(),
        "the store is empty (`null` after removeToken, as the official memoryStore)"
    );

    // The revoked refresh token no longer works: put it back and watch the fallback.
    let stale = obj("{ access_token: 'stale', token_type: 'bearer', scope: 'user' }");
    js_sys::Reflect::set(&stale, &"refresh_token".into(), &refresh_token).unwrap();
    call_method_with(&store, "setToken", &stale);
    call(&sdk, "marketplace.show", &[])
        .await
        .expect("anonymous after a dead refresh token");
    assert_eq!(
        get(&auth_info(&sdk).await, "isAnonymous"),
        wasm_bindgen::JsValue::TRUE
    );
}

fn call_method(object: &wasm_bindgen::JsValue, name: &str) -> wasm_bindgen::JsValue {
    let f: js_sys::Function = get(object, name).into();
    f.call0(object).unwrap()
}

fn call_method_with(object: &wasm_bindgen::JsValue, name: &str, arg: &wasm_bindgen::JsValue) {
    let f: js_sys::Function = get(object, name).into();
    f.call1(object, arg).unwrap();
}

#[wasm_bindgen_test]
async fn a_refused_web_lock_does_not_stall_the_refresh() {
    fresh_start().await;
    // Opaque origins refuse Web Locks with a rejected promise; the SDK must go on without one.
    eval(
        "window.__request = navigator.locks.request; \
         navigator.locks.request = () => Promise.reject(new DOMException('no locks', 'SecurityError'));",
    );
    let options = obj(&format!("{{ clientId: '{CLIENT_ID}' }}"));
    let sdk = sdk_with_store(sharetribe_sdk::js::local_storage_store(options));
    login(&sdk, "alice").await;
    control("POST", "expire-access-tokens", None).await;
    let result = call(&sdk, "currentUser.show", &[]).await;
    eval("navigator.locks.request = window.__request;");
    result.expect("the refresh goes through without the lock");
    assert_eq!(token_requests("refresh_token").await, 1);
}
