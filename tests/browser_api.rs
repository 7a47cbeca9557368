//! The SDK in a real browser against the sandbox: browsing anonymously, response shapes,
//! API errors, and bad input refused before any request is sent.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Array, Date, Error, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn anonymous_browse_lists_published_listings_with_sdk_types() {
    fresh_start().await;
    let sdk = sdk();
    let page = call(
        &sdk,
        "listings.query",
        &[obj("{ perPage: 10, include: ['author', 'images'] }")],
    )
    .await
    .expect("anonymous listings.query succeeds");

    assert_eq!(get(&page, "status").as_f64(), Some(200.0));
    let listings = Array::from(&at(&page, "data.data"));
    assert_eq!(listings.length(), 10);
    let first = listings.get(0);
    assert_eq!(get(&first, "type").as_string().as_deref(), Some("listing"));
    assert!(
        is_instance(&get(&first, "id"), "UUID"),
        "ids are types.UUID"
    );
    assert!(at(&first, "id.uuid").is_string());
    assert!(is_instance(&at(&first, "attributes.price"), "Money"));
    assert!(is_instance(&at(&first, "attributes.geolocation"), "LatLng"));
    assert!(at(&first, "attributes.createdAt").is_instance_of::<Date>());
    assert_eq!(
        at(&first, "attributes.state").as_string().as_deref(),
        Some("published")
    );
    // Plain objects, no wasm handles: nothing to free, JSON works.
    assert!(js_sys::JSON::stringify(&page).is_ok());
    assert!(get(&first, "__wbg_ptr").is_undefined());

    let meta = at(&page, "data.meta");
    assert_eq!(get(&meta, "perPage").as_f64(), Some(10.0));
    assert_eq!(get(&meta, "page").as_f64(), Some(1.0));
    assert!(get(&meta, "totalItems").as_f64().unwrap() >= 50.0);
    assert!(
        Array::from(&at(&page, "data.included")).length() > 0,
        "include works"
    );

    // One anonymous token was fetched, with the anonymous grant.
    assert_eq!(token_requests("client_credentials").await, 1);
}

#[wasm_bindgen_test]
async fn marketplace_listing_and_user_show_resolve() {
    fresh_start().await;
    let sdk = sdk();
    let marketplace = call(&sdk, "marketplace.show", &[]).await.unwrap();
    assert_eq!(
        at(&marketplace, "data.data.type").as_string().as_deref(),
        Some("marketplace")
    );
    assert!(at(&marketplace, "data.data.attributes.name").is_string());

    let page = call(&sdk, "listings.query", &[obj("{ perPage: 1 }")])
        .await
        .unwrap();
    let id = at(&page, "data.data.0.id");
    let params = Object::new();
    js_sys::Reflect::set(&params, &"id".into(), &id).unwrap();
    js_sys::Reflect::set(&params, &"include".into(), &obj("['author']")).unwrap();
    let listing = call(&sdk, "listings.show", &[params.into()]).await.unwrap();
    assert_eq!(
        at(&listing, "data.data.id.uuid").as_string(),
        at(&id, "uuid").as_string(),
        "a UUID instance is sent as its string"
    );
    let author_id = at(&listing, "data.data.relationships.author.data.id");
    assert!(is_instance(&author_id, "UUID"));

    let user_params = Object::new();
    js_sys::Reflect::set(&user_params, &"id".into(), &author_id).unwrap();
    let user = call(&sdk, "users.show", &[user_params.into()])
        .await
        .unwrap();
    assert_eq!(
        at(&user, "data.data.type").as_string().as_deref(),
        Some("user")
    );
    assert!(at(&user, "data.data.attributes.profile.displayName").is_string());
}

#[wasm_bindgen_test]
async fn api_errors_reject_with_a_real_error_carrying_status_and_data() {
    fresh_start().await;
    let sdk = sdk();
    let missing = obj("{ id: '00000000-0000-4000-8000-00000000dead' }");
    let error = call(&sdk, "listings.show", &[missing]).await.unwrap_err();
    assert!(
        error.is_instance_of::<Error>(),
        "rejections are real Errors"
    );
    assert_eq!(get(&error, "status").as_f64(), Some(404.0));
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("api-error")
    );
    assert!(get(&error, "statusText").is_string());
    assert_eq!(
        at(&error, "data.errors.0.code").as_string().as_deref(),
        Some("not-found")
    );

    let too_many = call(&sdk, "listings.query", &[obj("{ perPage: 1000 }")])
        .await
        .unwrap_err();
    assert_eq!(get(&too_many, "status").as_f64(), Some(400.0));
}

#[wasm_bindgen_test]
async fn anonymous_session_cannot_read_current_user() {
    fresh_start().await;
    let sdk = sdk();
    let error = call(&sdk, "currentUser.show", &[]).await.unwrap_err();
    assert_eq!(get(&error, "status").as_f64(), Some(403.0));
}

#[wasm_bindgen_test]
async fn bad_query_parameters_are_refused_before_any_request() {
    fresh_start().await;
    let sdk = sdk();
    let error = call(&sdk, "listings.query", &[obj("{ bounds: { north: 1 } }")])
        .await
        .unwrap_err();
    assert!(error.is_instance_of::<Error>());
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid-params")
    );
    let message = get(&error, "message").as_string().unwrap();
    assert!(
        message.contains("bounds"),
        "the message names the parameter: {message}"
    );

    let error = call(&sdk, "listings.query", &[obj("{ keywords: () => 1 }")])
        .await
        .unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid-params")
    );

    let error = call(&sdk, "login", &[obj("{ username: 'alice@example.com' }")])
        .await
        .unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid-params")
    );
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("password"));

    assert!(requests().await.is_empty(), "nothing was sent");
}

#[wasm_bindgen_test]
async fn query_parameters_of_sdk_types_are_encoded_like_the_official_sdk() {
    fresh_start().await;
    let sdk = sdk();
    let t = types();
    let uuid = get(&t, "UUID");
    let params = eval_with(
        "(UUID) => ({ ids: [new UUID('00000000-0000-4000-8000-000000000001'), new UUID('00000000-0000-4000-8000-000000000002')], perPage: 5, keywords: 'a b', missing: null })",
        &uuid,
    );
    call(&sdk, "listings.query", &[params]).await.unwrap();
    let log = requests().await;
    let query = log
        .iter()
        .find(|r| get(r, "path").as_string().as_deref() == Some("/v1/api/listings/query"))
        .map(|r| get(r, "query").as_string().unwrap_or_default())
        .expect("the query was sent");
    assert_eq!(
        query,
        "ids=00000000-0000-4000-8000-000000000001,00000000-0000-4000-8000-000000000002&perPage=5&keywords=a%20b"
    );
}

fn eval_with(function: &str, arg: &JsValue) -> JsValue {
    let f: js_sys::Function = eval(&format!("return {function};")).dyn_into().unwrap();
    f.call1(&JsValue::NULL, arg).unwrap()
}

#[wasm_bindgen_test]
async fn client_secret_is_refused_with_a_reason() {
    fresh_start().await;
    let config = config();
    js_sys::Reflect::set(&config, &"clientSecret".into(), &"very-secret-value".into()).unwrap();
    let error =
        sharetribe_sdk::js::create_instance(config).expect_err("a client secret is refused");
    assert!(error.is_instance_of::<Error>());
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid-config")
    );
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("clientSecret"), "{message}");
    assert!(
        !message.contains("very-secret-value"),
        "the secret is never echoed"
    );
    assert!(requests().await.is_empty());
}

#[wasm_bindgen_test]
async fn config_mistakes_are_named() {
    let missing = sharetribe_sdk::js::create_instance(obj("{}")).expect_err("clientId is required");
    assert!(get(&missing, "message")
        .as_string()
        .unwrap()
        .contains("clientId"));

    let typo =
        sharetribe_sdk::js::create_instance(obj("{ clientID: 'x' }")).expect_err("unknown key");
    assert!(get(&typo, "message")
        .as_string()
        .unwrap()
        .contains("clientID"));

    let bad_store = obj("{ clientId: 'x', tokenStore: { getToken() {} } }");
    let error = sharetribe_sdk::js::create_instance(bad_store).expect_err("store without methods");
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("setToken"));
}

#[wasm_bindgen_test]
async fn a_slow_server_times_out_with_code_timeout() {
    fresh_start().await;
    let config = config();
    js_sys::Reflect::set(&config, &"timeout".into(), &JsValue::from_f64(300.0)).unwrap();
    js_sys::Reflect::set(
        &config,
        &"tokenStore".into(),
        &sharetribe_sdk::js::memory_store(),
    )
    .unwrap();
    let sdk = sharetribe_sdk::js::create_instance(config).unwrap();
    inject_faults(1, "/v1/api/marketplace/show", "\"delayMs\":2000").await;
    let error = call(&sdk, "marketplace.show", &[]).await.unwrap_err();
    assert_eq!(get(&error, "code").as_string().as_deref(), Some("timeout"));
    // The instance is not poisoned.
    call(&sdk, "marketplace.show", &[])
        .await
        .expect("next call works");
}
