//! Inputs an app passes by mistake and stores that misbehave, in a real browser: cycles, deep
//! nesting, Proxies with throwing traps, throwing getters, non-strings for `transit.read`,
//! failing and hanging token stores. Each must give an `SdkError` (a rejection for async
//! methods, never a synchronous throw), and the module must keep working afterwards.

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

fn assert_sdk_error(error: &JsValue, expected_code: &str, mentions: &str) {
    assert_eq!(
        get(error, "name").as_string().as_deref(),
        Some("SdkError"),
        "{error:?}"
    );
    assert_eq!(code(error), expected_code, "{}", message(error));
    assert!(
        message(error).contains(mentions),
        "`{}` should mention `{mentions}`",
        message(error)
    );
}

/// Values that broke the module before: a self-reference, and nesting far beyond the limit.
fn bad_values() -> Vec<(JsValue, &'static str)> {
    vec![
        (
            obj("(() => { const o = { a: { b: {} } }; o.a.b.self = o; return o; })()"),
            "refers back",
        ),
        (
            obj("(() => { let a = []; for (let i = 0; i < 3000; i++) a = [a]; return a; })()"),
            "nested deeper than 512",
        ),
        (
            obj("(() => { let o = {}; for (let i = 0; i < 5000; i++) o = { o }; return o; })()"),
            "nested deeper than 512",
        ),
    ]
}

/// A normal call still works: the module was not disabled.
async fn still_works(sdk: &JsValue) {
    let answer = call(sdk, "listings.query", &[obj("{ perPage: 1 }")])
        .await
        .expect("a normal call works afterwards");
    assert_eq!(get(&answer, "status"), JsValue::from(200));
}

#[wasm_bindgen_test]
async fn cycles_and_deep_nesting_in_call_arguments_reject_with_invalid_params() {
    fresh_start().await;
    let sdk = sdk();
    for (value, mentions) in bad_values() {
        let error = call(&sdk, "listings.query", std::slice::from_ref(&value))
            .await
            .unwrap_err();
        assert_sdk_error(&error, "invalid-params", mentions);
        let body = obj("{ title: 'x' }");
        Reflect::set(&body, &"publicData".into(), &value).unwrap();
        let error = call(&sdk, "ownListings.create", &[body]).await.unwrap_err();
        assert_sdk_error(&error, "invalid-params", mentions);
        let error = call(&sdk, "ownListings.create", &[obj("{}"), value.clone()])
            .await
            .unwrap_err();
        assert_sdk_error(&error, "invalid-params", mentions);
    }
    // The cycle is named where it closes.
    let error = call(&sdk, "listings.query", &[bad_values()[0].0.clone()])
        .await
        .unwrap_err();
    assert!(
        message(&error).contains("`a.b.self` refers back to `params`"),
        "{}",
        message(&error)
    );
    // None of these reached the server.
    assert!(requests()
        .await
        .iter()
        .all(|r| get(r, "path").as_string().as_deref() != Some("/v1/api/own_listings/create")));
    still_works(&sdk).await;
}

#[wasm_bindgen_test]
async fn cycles_and_deep_nesting_in_helpers_config_and_uploads_are_sdk_errors() {
    fresh_start().await;
    for (value, mentions) in bad_values() {
        let error = js::transit_write(value.clone(), JsValue::UNDEFINED).unwrap_err();
        assert_sdk_error(&error, "invalid-params", mentions);
        let error = js::query_string(value.clone()).unwrap_err();
        assert_sdk_error(&error, "invalid-params", mentions);
        let error = js::object_query_string(value.clone()).unwrap_err();
        assert_sdk_error(&error, "invalid-params", mentions);

        let config = config();
        Reflect::set(&config, &"transitVerbose".into(), &value).unwrap();
        let error = js::create_instance(config).unwrap_err();
        assert_sdk_error(&error, "invalid-config", mentions);

        let sdk = sdk();
        let form = obj("{ image: new File(['x'], 'a.png', { type: 'image/png' }) }");
        Reflect::set(&form, &"extra".into(), &value).unwrap();
        let error = call(&sdk, "images.upload", &[form]).await.unwrap_err();
        assert_sdk_error(&error, "invalid-params", mentions);

        let args = obj("{ url: 'http://127.0.0.1:9/x', file: new Blob(['x']) }");
        Reflect::set(&args, &"headers".into(), &value).unwrap();
        let error = js::file_upload(args).unwrap_err();
        assert_sdk_error(&error, "invalid-params", mentions);
    }
    // Exactly 512 levels still pass.
    let deep = obj("(() => { let a = 1; for (let i = 0; i < 511; i++) a = [a]; return a; })()");
    assert!(js::transit_write(deep, JsValue::UNDEFINED).is_ok());
    still_works(&sdk()).await;
}

#[wasm_bindgen_test]
async fn throwing_proxies_and_getters_become_sdk_errors_with_the_cause_many_times_over() {
    fresh_start().await;
    let sdk = sdk();
    let proxy = obj("new Proxy({}, { ownKeys() { throw new TypeError('trap!'); } })");
    let array = obj(
        "new Proxy([1, 2], { get(t, k) { if (k === 'length') throw new Error('no length'); return t[k]; } })",
    );
    let getter = obj("{ perPage: 1, get page() { throw new Error('getter!'); } }");
    // Far more than the ~1,040 exceptions that used to exhaust the wasm stack.
    for i in 0..2000 {
        let value = [&proxy, &array, &getter][i % 3];
        let error = call(&sdk, "listings.query", std::slice::from_ref(value))
            .await
            .unwrap_err();
        assert_sdk_error(&error, "invalid-params", "could not be read");
        assert!(get(&error, "cause").is_instance_of::<js_sys::Error>());
        assert!(js::query_string(value.clone()).is_err());
    }
    // The getter names its key; the request was never sent without it.
    let error = call(&sdk, "listings.query", &[getter]).await.unwrap_err();
    assert!(message(&error).contains("`page`"), "{}", message(&error));
    assert_eq!(
        message(&get(&error, "cause")),
        "getter!",
        "the original exception is the cause"
    );
    assert!(requests()
        .await
        .iter()
        .all(|r| get(r, "path").as_string().as_deref() != Some("/v1/api/listings/query")));
    still_works(&sdk).await;
}

#[wasm_bindgen_test]
fn transit_read_of_a_non_string_is_invalid_params() {
    for value in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from(5),
        obj("Symbol('x')"),
        obj("{}"),
    ] {
        let error = js::transit_read(value).unwrap_err();
        assert_sdk_error(&error, "invalid-params", "takes a string");
    }
    assert!(js::transit_read(JsValue::from_str("[\"^ \",\"~:a\",1]")).is_ok());
}

#[wasm_bindgen_test]
async fn a_throwing_type_handler_rejects_and_never_throws() {
    fresh_start().await;
    let config = config();
    let handlers = obj(
        "[{ sdkType: null, appType: class Decimal {}, canHandle: () => { throw new Error('can!'); }, \
           writer: (v) => v, reader: (v) => v }]",
    );
    Reflect::set(
        &get(&handlers, "0"),
        &"sdkType".into(),
        &get(&types(), "BigDecimal"),
    )
    .unwrap();
    Reflect::set(&config, &"typeHandlers".into(), &handlers).unwrap();
    Reflect::set(&config, &"tokenStore".into(), &js::memory_store().into()).unwrap();
    let sdk = js::create_instance(config).unwrap();
    let error = call(&sdk, "listings.query", &[obj("{ perPage: 1 }")])
        .await
        .unwrap_err();
    assert_sdk_error(&error, "invalid-config", "typeHandlers");
    assert_eq!(message(&get(&error, "cause")), "can!");
}

fn custom_store(get_token: &str) -> JsValue {
    obj(&format!(
        "{{ token: null, getToken() {{ {get_token} }}, setToken(t) {{ this.token = t; }}, \
           removeToken() {{ this.token = null; }} }}"
    ))
}

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
    let store: JsValue = js::browser_cookie_store(obj(&format!("{{ clientId: '{CLIENT_ID}' }}")))
        .unwrap()
        .into();
    let big = obj("{ access_token: 'a'.repeat(5000), token_type: 'bearer', scope: 'user', refresh_token: 'r'.repeat(100) }");
    let set: Function = get(&store, "setToken").dyn_into().unwrap();
    set.call1(&store, &big).unwrap();
    set.call1(&store, &big).unwrap();
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
    assert_eq!(warnings.length(), 1, "{:?}", warnings.to_vec());
    assert!(warnings.get(0).as_string().unwrap().contains("cookie"));
}
