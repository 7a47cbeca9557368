//! JS exceptions at the boundary, in a real browser: Proxies with throwing traps and throwing
//! getters in call arguments become `invalid-params` SdkErrors with the exception as `cause`,
//! naming the key, far more times in a row than once exhausted the wasm stack (~1,040), and
//! the module keeps working. (Its own suite: the loop takes a while and every suite has the
//! test runner's 20 s.)

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use sharetribe_sdk::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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
    for i in 0..1500 {
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

/// A normal call still works: the module was not disabled.
async fn still_works(sdk: &JsValue) {
    let answer = call(sdk, "listings.query", &[obj("{ perPage: 1 }")])
        .await
        .expect("a normal call works afterwards");
    assert_eq!(get(&answer, "status"), JsValue::from(200));
}
