//! Token stores in a real browser: each persists across a new instance (a reload), ignores a
//! corrupt value, the cookie matches the official SDK's, and broken storage falls back to memory.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use sharetribe_sdk::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn client_options() -> JsValue {
    obj(&format!("{{ clientId: '{CLIENT_ID}' }}"))
}

/// Signs in with a store made by `make`, then checks that a new instance over a new store of
/// the same kind (what a reload does) is still signed in, without a new login.
async fn assert_persists(make: impl Fn() -> JsValue) {
    fresh_start().await;
    let first = sdk_with_store(make());
    login(&first, "alice").await;

    let reloaded = sdk_with_store(make());
    assert!(
        is_user_session(&reloaded).await,
        "the session survives a reload"
    );
    let me = call(&reloaded, "currentUser.show", &[]).await.unwrap();
    assert_eq!(
        at(&me, "data.data.attributes.email").as_string().as_deref(),
        Some("alice@example.com")
    );
    assert_eq!(token_requests("password").await, 1);
}

/// Writes a corrupt value where the store keeps its token, then checks that a new instance
/// treats it as no token and browses anonymously.
async fn assert_ignores_corrupt(make: impl Fn() -> JsValue, corrupt: &str) {
    fresh_start().await;
    eval(corrupt);
    let sdk = sdk_with_store(make());
    assert_eq!(
        js_sys::Object::keys(&auth_info(&sdk).await.into()).length(),
        0
    );
    call(&sdk, "marketplace.show", &[])
        .await
        .expect("anonymous call works");
    assert!(!is_user_session(&sdk).await);
}

#[wasm_bindgen_test]
async fn cookie_store_persists_and_ignores_corrupt_values() {
    assert_persists(|| js::browser_cookie_store(client_options()).unwrap()).await;
    assert_ignores_corrupt(
        || js::browser_cookie_store(client_options()).unwrap(),
        &format!("document.cookie = 'st-{CLIENT_ID}-token=%7Bnot-json; path=/';"),
    )
    .await;
}

#[wasm_bindgen_test]
async fn local_storage_store_persists_and_ignores_corrupt_values() {
    assert_persists(|| js::local_storage_store(client_options())).await;
    assert_ignores_corrupt(
        || js::local_storage_store(client_options()),
        &format!("localStorage.setItem('st-{CLIENT_ID}-token', '{{\"foreign\": true}}');"),
    )
    .await;
}

#[wasm_bindgen_test]
async fn session_storage_store_persists_and_ignores_corrupt_values() {
    assert_persists(|| js::session_storage_store(client_options())).await;
    assert_ignores_corrupt(
        || js::session_storage_store(client_options()),
        &format!("sessionStorage.setItem('st-{CLIENT_ID}-token', 'garbage');"),
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_users_own_async_store_is_used() {
    // A store whose methods return promises, backed by a global so a "reload" finds the token.
    let make = || {
        eval(
            "window.__kept = window.__kept || { value: undefined }; const kept = window.__kept; \
             return { getToken: async () => kept.value, \
                      setToken: async (t) => { kept.value = t; }, \
                      removeToken: async () => { kept.value = undefined; } };",
        )
    };
    eval("window.__kept = { value: undefined };");
    assert_persists(make).await;
    eval("window.__kept = { value: 'not a token' };");
    let sdk = sdk_with_store(make());
    call(&sdk, "marketplace.show", &[])
        .await
        .expect("a foreign value counts as no token");
}

#[wasm_bindgen_test]
async fn default_store_is_the_official_sdk_cookie() {
    fresh_start().await;
    let config = config();
    let sdk = js::create_instance(config).unwrap();
    login(&sdk, "alice").await;
    // Read the cookie the way the official SDK does (js-cookie: decode, then JSON.parse).
    let token = eval(&format!(
        "const raw = document.cookie.split('; ').find(c => c.startsWith('st-{CLIENT_ID}-token=')); \
         return raw && JSON.parse(decodeURIComponent(raw.split('=').slice(1).join('=')));"
    ));
    assert!(
        get(&token, "access_token").is_string(),
        "official cookie name and format"
    );
    assert!(get(&token, "refresh_token").is_string());
    assert_eq!(get(&token, "scope").as_string().as_deref(), Some("user"));
    assert_eq!(
        get(&token, "token_type").as_string().as_deref(),
        Some("bearer")
    );
}

#[wasm_bindgen_test]
async fn a_session_written_by_the_official_cookie_format_is_picked_up() {
    fresh_start().await;
    // Sign in with a memory store, then write that token into the cookie exactly as js-cookie
    // does, and start an instance on the default store: it must be signed in.
    let store: JsValue = js::memory_store();
    let sdk = sdk_with_store(store.clone());
    login(&sdk, "bob").await;
    let get_token: js_sys::Function = get(&store, "getToken").into();
    let token = get_token.call0(&store).unwrap();
    let write: js_sys::Function = eval(&format!(
        "return (t) => {{ document.cookie = 'st-{CLIENT_ID}-token=' + \
           encodeURIComponent(JSON.stringify(t)).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent) + \
           '; path=/'; }};"
    ))
    .into();
    write.call1(&JsValue::NULL, &token).unwrap();

    let migrated = js::create_instance(config()).unwrap();
    let me = call(&migrated, "currentUser.show", &[])
        .await
        .expect("signed in from the cookie");
    assert_eq!(
        at(&me, "data.data.attributes.email").as_string().as_deref(),
        Some("bob@example.com")
    );
}

#[wasm_bindgen_test]
async fn full_storage_falls_back_to_memory_with_one_warning() {
    fresh_start().await;
    eval(
        "window.__warnings = []; window.__warn = console.warn; \
         console.warn = (...a) => window.__warnings.push(a.join(' ')); \
         window.__setItem = Storage.prototype.setItem; \
         Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    );
    let sdk = sdk_with_store(js::local_storage_store(client_options()));
    login(&sdk, "alice").await;
    let me = call(&sdk, "currentUser.show", &[]).await;
    call(&sdk, "marketplace.show", &[]).await.unwrap();
    let warnings = eval(
        "Storage.prototype.setItem = window.__setItem; console.warn = window.__warn; \
         return window.__warnings;",
    );
    me.expect("the session works from memory");
    let warnings = js_sys::Array::from(&warnings);
    assert_eq!(warnings.length(), 1, "exactly one warning");
    let text = warnings.get(0).as_string().unwrap();
    assert!(text.contains("localStorage"), "{text}");
}
