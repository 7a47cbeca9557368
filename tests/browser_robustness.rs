//! Inputs an app passes by mistake and stores that misbehave, in a real browser: cycles, deep
//! nesting, Proxies with throwing traps, throwing getters, non-strings for `transit.read`,
//! failing and hanging token stores. Each must give an `SdkError` (a rejection for async
//! methods, never a synchronous throw), and the module must keep working afterwards.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::Reflect;
use sharetribe_sdk::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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
    Reflect::set(&config, &"tokenStore".into(), &js::memory_store()).unwrap();
    let sdk = js::create_instance(config).unwrap();
    let error = call(&sdk, "listings.query", &[obj("{ perPage: 1 }")])
        .await
        .unwrap_err();
    assert_sdk_error(&error, "invalid-config", "typeHandlers");
    assert_eq!(message(&get(&error, "cause")), "can!");
}
