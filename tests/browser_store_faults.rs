//! Token stores that misbehave, in a real browser: throwing, rejecting and unreadable custom
//! stores are `token-store` errors with the cause; custom stores share the client's cross-tab
//! lock unless they opt out; a token too big for the cookie falls back to memory with one
//! warning and the session works.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Function, Promise, Reflect};
use sharetribe_sdk::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn failing_custom_stores_are_token_store_errors_with_the_cause() {
    fresh_start().await;
    for body in [
        "throw new Error('disk on fire');",
        "return Promise.reject(new Error('disk on fire'));",
        "return { then() { throw new Error('disk on fire'); } };",
        "return new Proxy({}, { get() { throw new Error('disk on fire'); } });",
    ] {
        let sdk = sdk_with(custom_store(body), None);
        let error = call(&sdk, "listings.query", &[obj("{ perPage: 1 }")])
            .await
            .unwrap_err();
        assert_sdk_error(&error, "token-store", "getToken");
        assert_eq!(
            message(&get(&error, "cause")),
            "disk on fire",
            "store {body}"
        );
    }
}

#[wasm_bindgen_test]
async fn custom_stores_take_the_clients_cross_tab_lock_unless_they_opt_out() {
    fresh_start().await;
    // While another holder keeps the client's lock, a custom store's token request waits for
    // it; an opted-out store (lockName: null) does not.
    let name = format!("st-{CLIENT_ID}-token");
    let release: Function = eval(&format!(
        "let release; const held = new Promise((r) => {{ release = r; }}); \
         navigator.locks.request('{name}', () => held); return release;"
    ))
    .dyn_into()
    .unwrap();
    let per_tab = custom_store("return this.token;");
    Reflect::set(&per_tab, &"lockName".into(), &JsValue::NULL).unwrap();
    let free = sdk_with(per_tab, None);
    call(&free, "listings.query", &[obj("{ perPage: 1 }")])
        .await
        .expect("an opted-out store needs no lock");

    let locked = sdk_with(custom_store("return this.token;"), None);
    let pending = get(&get(&locked, "listings"), "query")
        .dyn_into::<Function>()
        .unwrap()
        .call1(&JsValue::NULL, &obj("{ perPage: 1 }"))
        .unwrap();
    let settled = Function::new_with_args(
        "p",
        "const s = { done: false }; p.then(() => { s.done = true; }, () => { s.done = true; }); return s;",
    )
    .call1(&JsValue::NULL, &pending)
    .unwrap();
    sleep(400).await;
    assert_eq!(
        get(&settled, "done"),
        JsValue::FALSE,
        "the call waits for the lock"
    );
    release.call0(&JsValue::NULL).unwrap();
    JsFuture::from(pending.unchecked_into::<Promise>())
        .await
        .expect("the call goes on once the lock is free");
}

#[wasm_bindgen_test]
async fn a_token_too_big_for_the_cookie_falls_back_to_memory_with_one_warning() {
    fresh_start().await;
    let warnings = eval(
        "const seen = []; const warn = console.warn; \
         console.warn = (...a) => { seen.push(a.join(' ')); }; seen.restore = () => { console.warn = warn; }; return seen;",
    );
    let store: JsValue =
        js::browser_cookie_store(obj(&format!("{{ clientId: '{CLIENT_ID}' }}"))).unwrap();
    let big = obj("{ access_token: 'a'.repeat(5000), token_type: 'bearer', scope: 'user', refresh_token: 'r'.repeat(100) }");
    let set: Function = get(&store, "setToken").dyn_into().unwrap();
    set.call1(&store, &big).unwrap();
    set.call1(&store, &big).unwrap();
    // Chromium and Firefox drop a cookie over 4 KB; WebKitGTK keeps it, and then there is
    // nothing to fall back from. Either way the session works; a fallback warns once.
    let cookie_kept = eval(&format!(
        "return document.cookie.includes('st-{CLIENT_ID}-token=') && document.cookie.length > 5000;"
    ))
    .is_truthy();
    let kept = get_token(&store);
    assert_eq!(
        get(&kept, "access_token").as_string().map(|t| t.len()),
        Some(5000)
    );
    // The session works from memory: log in and call through the same store.
    let sdk = sdk_with(store.clone(), None);
    login(&sdk, "alice").await;
    assert!(is_user_session(&sdk).await);
    call(&sdk, "currentUser.show", &[])
        .await
        .expect("the session works");
    let restore: Function = get(&warnings, "restore").dyn_into().unwrap();
    restore.call0(&warnings).unwrap();
    let warnings = js_sys::Array::from(&warnings);
    if cookie_kept {
        assert_eq!(warnings.length(), 0, "{:?}", warnings.to_vec());
    } else {
        assert_eq!(warnings.length(), 1, "{:?}", warnings.to_vec());
        assert!(warnings.get(0).as_string().unwrap().contains("cookie"));
    }
}

fn custom_store(get_token: &str) -> JsValue {
    obj(&format!(
        "{{ token: null, getToken() {{ {get_token} }}, setToken(t) {{ this.token = t; }}, \
           removeToken() {{ this.token = null; }} }}"
    ))
}
