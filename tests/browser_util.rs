//! The module's helpers in a real browser: `util.queryString`, `util.objectQueryString`,
//! `types.toType` / `reviver`, query parameters given as a string or an array of parts, and
//! `transit.read` / `transit.write`.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use sharetribe_sdk::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn with_types(body: &str) -> JsValue {
    let f: js_sys::Function = eval(&format!("return (types) => {{ {body} }};"))
        .dyn_into()
        .unwrap();
    f.call1(&JsValue::NULL, &types()).unwrap()
}

#[wasm_bindgen_test]
fn query_string_encodes_like_the_official_sdk() {
    let params = with_types(
        "return { ids: [new types.UUID('a'), new types.UUID('b')], origin: new types.LatLng(60.17, 24.94), \
         bounds: new types.LatLngBounds(new types.LatLng(1, 2), new types.LatLng(-3, -4.5)), \
         start: new Date(Date.UTC(2026, 0, 2)), keywords: 'a b&c', skipped: null };",
    );
    assert_eq!(
        js::query_string(params).unwrap(),
        "ids=a,b&origin=60.17,24.94&bounds=1,2,-3,-4.5&start=2026-01-02T00%3A00%3A00.000Z&keywords=a%20b%26c"
    );
    let parts = obj("['perPage=5&page=2', { page: 3 }]");
    assert_eq!(js::query_string(parts).unwrap(), "perPage=5&page=3");
    let error = js::query_string(obj("{ filter: { a: 1 } }")).unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid-params")
    );
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("filter"));
}

#[wasm_bindgen_test]
fn object_query_string_builds_variant_params() {
    let text = js::object_query_string(obj("{ w: 640, h: 1280, fit: 'scale' }")).unwrap();
    assert_eq!(text, "w:640;h:1280;fit:scale");
    assert!(js::object_query_string(obj("{ a: { b: 1 } }")).is_err());
}

#[wasm_bindgen_test]
fn types_survive_json_with_the_reviver() {
    let revived = with_types(
        "const v = { id: new types.UUID('x'), price: new types.Money(100, 'EUR'), \
                     at: new types.LatLng(1, 2), n: new types.BigDecimal('1.5') }; \
         return JSON.parse(JSON.stringify(v), types.reviver);",
    );
    assert!(is_instance(&get(&revived, "id"), "UUID"));
    assert!(is_instance(&get(&revived, "price"), "Money"));
    assert_eq!(at(&revived, "price.amount").as_f64(), Some(100.0));
    assert!(is_instance(&get(&revived, "at"), "LatLng"));
    assert!(is_instance(&get(&revived, "n"), "BigDecimal"));
    assert_eq!(
        at(&revived, "id._sdkType").as_string().as_deref(),
        Some("UUID")
    );
}

#[wasm_bindgen_test]
fn transit_round_trips_through_the_module_exports() {
    let value = with_types(
        "return { id: new types.UUID('5e1f2086-522c-46f3-87b4-451c6770c833'), \
                  price: new types.Money(12000, 'USD'), at: new Date(1736924119845), list: [1, 'two'] };",
    );
    let text = js::transit_write(value, JsValue::UNDEFINED).unwrap();
    assert_eq!(
        text,
        r#"["^ ","~:id","~u5e1f2086-522c-46f3-87b4-451c6770c833","~:price",["~#mn",[12000,"USD"]],"~:at","~m1736924119845","~:list",[1,"two"]]"#
    );
    let back = js::transit_read(text.clone().into()).unwrap();
    assert!(is_instance(&get(&back, "id"), "UUID"));
    assert!(get(&back, "at").is_instance_of::<js_sys::Date>());
    assert!(js::transit_read("[\"^ \",\"^9\",1]".into()).is_err());
}

#[wasm_bindgen_test]
async fn query_parameters_may_be_a_string_or_parts() {
    fresh_start().await;
    let sdk = sdk();
    call(
        &sdk,
        "listings.query",
        &[JsValue::from_str("perPage=2&page=1")],
    )
    .await
    .expect("a query string is accepted");
    let page = call(
        &sdk,
        "listings.query",
        &[obj("['perPage=1', { perPage: 3 }]")],
    )
    .await
    .expect("parts are merged");
    assert_eq!(js_sys::Array::from(&at(&page, "data.data")).length(), 3);
}
