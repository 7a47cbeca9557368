//! Every wait is bounded and every call can be cancelled, in a real browser: a store that
//! never answers and another tab holding the refresh lock end in `timeout` within the config's
//! `timeout` with the session untouched; an `AbortSignal` rejects with `aborted` and changes
//! nothing; opt-in `retry` retries queries on busy answers, within the timeout.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Function, Reflect};
use sharetribe_sdk::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_store_that_never_answers_times_out_within_the_timeout() {
    fresh_start().await;
    let sdk = sdk_with(custom_store("return new Promise(() => {});"), Some(300));
    let started = js_sys::Date::now();
    let error = call(&sdk, "listings.query", &[obj("{ perPage: 1 }")])
        .await
        .unwrap_err();
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(code(&error), "timeout", "{}", message(&error));
    assert!(elapsed < 2000.0, "took {elapsed} ms");
}

#[wasm_bindgen_test]
async fn timeout_bounds_waiting_for_another_tabs_refresh_and_leaves_the_session() {
    fresh_start().await;
    let store: JsValue = js::local_storage_store(obj(&format!("{{ clientId: '{CLIENT_ID}' }}")));
    let sdk = sdk_with(store.clone(), Some(800));
    login(&sdk, "alice").await;
    let before = js_sys::JSON::stringify(&get_token(&store)).unwrap();
    control("POST", "expire-access-tokens", None).await;
    // Another tab holds the refresh lock and never lets go.
    let release: Function = eval(
        "let release; const held = new Promise((r) => { release = r; }); \
         navigator.locks.request('localStorage:st-sandbox-client-id-token', () => held); return release;",
    )
    .dyn_into()
    .unwrap();
    let started = js_sys::Date::now();
    let error = call(&sdk, "currentUser.show", &[]).await.unwrap_err();
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(code(&error), "timeout", "{}", message(&error));
    assert!(elapsed < 1600.0, "took {elapsed} ms with timeout 800");
    assert_eq!(
        js_sys::JSON::stringify(&get_token(&store)).unwrap(),
        before,
        "the session is untouched"
    );
    release.call0(&JsValue::NULL).unwrap();
    let me = call(&sdk, "currentUser.show", &[])
        .await
        .expect("works once the lock is free");
    assert_eq!(get(&me, "status"), JsValue::from(200));
    assert!(is_user_session(&sdk).await);
}

#[wasm_bindgen_test]
async fn an_abort_signal_rejects_with_aborted_and_changes_nothing() {
    fresh_start().await;
    let sdk = sdk_config("");
    login(&sdk, "alice").await;
    // Already aborted: nothing is sent.
    let opts = obj(
        "(() => { const c = new AbortController(); c.abort(); return { signal: c.signal }; })()",
    );
    let error = call(
        &sdk,
        "ownListings.createDraft",
        &[obj("{ title: 'never' }"), JsValue::UNDEFINED, opts],
    )
    .await
    .unwrap_err();
    assert_eq!(code(&error), "aborted");
    assert_eq!(own_listing_creations(&requests().await), 0);
    // Aborted while the server holds the request: the call ends at once, the request is
    // aborted and the draft never created.
    inject_faults(1, "/v1/api/own_listings/create_draft", "\"delayMs\":1500").await;
    let controller =
        eval("const c = new AbortController(); setTimeout(() => c.abort(), 150); return c;");
    let opts = obj("{}");
    Reflect::set(&opts, &"signal".into(), &get(&controller, "signal")).unwrap();
    let started = js_sys::Date::now();
    let error = call(
        &sdk,
        "ownListings.createDraft",
        &[obj("{ title: 'aborted' }"), JsValue::UNDEFINED, opts],
    )
    .await
    .unwrap_err();
    assert_eq!(code(&error), "aborted", "{}", message(&error));
    assert!(js_sys::Date::now() - started < 1000.0);
    sleep(1600).await;
    let drafts = call(&sdk, "ownListings.query", &[obj("{ states: 'draft' }")])
        .await
        .unwrap();
    let titles = js_sys::JSON::stringify(&get(&drafts, "data"))
        .unwrap()
        .as_string()
        .unwrap();
    assert!(!titles.contains("aborted"), "{titles}");
    // Queries take it as their second argument; a bad signal is invalid-params.
    let opts = obj(
        "(() => { const c = new AbortController(); c.abort(); return { signal: c.signal }; })()",
    );
    let error = call(&sdk, "listings.query", &[obj("{}"), opts])
        .await
        .unwrap_err();
    assert_eq!(code(&error), "aborted");
    let error = call(&sdk, "listings.query", &[obj("{}"), obj("{ signal: {} }")])
        .await
        .unwrap_err();
    assert_eq!(code(&error), "invalid-params");
    assert!(is_user_session(&sdk).await, "the session is untouched");
    still_works(&sdk).await;
}

#[wasm_bindgen_test]
async fn retry_is_off_by_default_and_retries_queries_within_the_timeout_when_on() {
    fresh_start().await;
    let plain = sdk_config("");
    still_works(&plain).await;
    inject_faults(1, "/v1/api/listings/query", "\"status\":503").await;
    let error = call(&plain, "listings.query", &[obj("{}")])
        .await
        .unwrap_err();
    assert_eq!(get(&error, "status"), JsValue::from(503));

    let retrying = sdk_config("retry: true");
    still_works(&retrying).await;
    control("DELETE", "requests", None).await;
    inject_faults(2, "/v1/api/listings/query", "\"status\":503").await;
    still_works(&retrying).await;
    let queries = requests()
        .await
        .iter()
        .filter(|r| get(r, "path").as_string().as_deref() == Some("/v1/api/listings/query"))
        .count();
    assert_eq!(queries, 3, "two 503s, then the answer");

    // A server that stays busy: the retries stop at the timeout.
    let bounded = sdk_config("retry: 10, timeout: 1000");
    still_works(&bounded).await;
    inject_faults(100, "/v1/api/listings/query", "\"status\":503").await;
    let started = js_sys::Date::now();
    let error = call(&bounded, "listings.query", &[obj("{}")])
        .await
        .unwrap_err();
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(code(&error), "timeout", "{}", message(&error));
    assert!(elapsed < 1800.0, "took {elapsed} ms");
    control("DELETE", "faults", None).await;
}

fn own_listing_creations(log: &[JsValue]) -> usize {
    log.iter()
        .filter(|r| {
            get(r, "path")
                .as_string()
                .is_some_and(|p| p.starts_with("/v1/api/own_listings/create"))
        })
        .count()
}

/// A normal call still works.
async fn still_works(sdk: &JsValue) {
    let answer = call(sdk, "listings.query", &[obj("{ perPage: 1 }")])
        .await
        .expect("a normal call works afterwards");
    assert_eq!(get(&answer, "status"), JsValue::from(200));
}

/// A store whose `getToken` body is given; the others keep `this.token`.
fn custom_store(get_token: &str) -> JsValue {
    obj(&format!(
        "{{ token: null, getToken() {{ {get_token} }}, setToken(t) {{ this.token = t; }}, \
           removeToken() {{ this.token = null; }} }}"
    ))
}
