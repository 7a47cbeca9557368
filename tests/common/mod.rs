//! Helpers shared by the browser test suites: the sandbox's control API, creating SDK
//! instances through the real JS entry points, and calling `sdk.<ns>.<method>` like JS does.

#![allow(dead_code)]

use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use sharetribe_sdk::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the test command writes the URL of the sandbox it started, relative to the crate root.
/// wasm-bindgen-test's runner serves the crate root beside the test page, so the page reads it
/// at run time: one build of the suites serves every engine and every sandbox port.
pub const SANDBOX_URL_FILE: &str = "target/browser-tests/sandbox-url.txt";

/// The sandbox's URL when no test command wrote one: `cargo xtask sandbox`'s default port.
pub const DEFAULT_SANDBOX: &str = "http://127.0.0.1:4000";

/// The sandbox the test command started (read from [`SANDBOX_URL_FILE`] once per page), or
/// [`DEFAULT_SANDBOX`] when that file is missing, e.g. for a hand-run `wasm-pack test`.
pub fn sandbox() -> &'static str {
    static URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    URL.get_or_init(|| {
        // A synchronous read of a small local file, once, keeps the config helpers synchronous.
        let read = eval(&format!(
            "const r = new XMLHttpRequest(); r.open('GET', '/{SANDBOX_URL_FILE}', false); r.send(); \
             return r.status === 200 ? r.responseText.trim() : null;"
        ));
        read.as_string()
            .filter(|url| url.starts_with("http"))
            .unwrap_or_else(|| DEFAULT_SANDBOX.to_owned())
    })
}

/// The sandbox's documented client ID.
pub const CLIENT_ID: &str = "sandbox-client-id";

/// Sends a control request to the sandbox and returns its parsed JSON answer.
pub async fn control(method: &str, path: &str, body: Option<&str>) -> JsValue {
    let url = format!("{}/_sandbox/{path}", sandbox());
    let (status, text) = fetch_text(&url, method, body).await;
    assert!(status > 0.0, "sandbox control API reachable: {text}");
    assert!(
        (200.0..300.0).contains(&status),
        "control {method} {path}: {status}"
    );
    if text.is_empty() {
        JsValue::NULL
    } else {
        JSON::parse(&text).unwrap()
    }
}

/// `fetch(url)` with `method` and a JSON `body`: the answer's status and text, or status 0 and
/// the network error's message.
pub async fn fetch_text(url: &str, method: &str, body: Option<&str>) -> (f64, String) {
    let send = Function::new_with_args(
        "url, method, body",
        "return fetch(url, { method, body: body ?? undefined, \
           headers: body == null ? {} : { 'content-type': 'application/json' } }) \
           .then(async (r) => [r.status, await r.text()], (e) => [0, String(e)]);",
    );
    let body = body.map_or(JsValue::NULL, JsValue::from_str);
    let sent = send
        .call3(&JsValue::NULL, &url.into(), &method.into(), &body)
        .expect("fetch runs");
    let answer: Array = JsFuture::from(sent.unchecked_into::<Promise>())
        .await
        .unwrap()
        .unchecked_into();
    (
        answer.get(0).as_f64().unwrap_or(0.0),
        answer.get(1).as_string().unwrap_or_default(),
    )
}

/// Resets the sandbox to its seed and clears the browser's stored tokens.
pub async fn fresh_start() {
    control("POST", "reset", None).await;
    clear_browser_storage();
}

/// Removes every cookie and storage entry of this origin.
pub fn clear_browser_storage() {
    eval(
        "document.cookie.split('; ').filter(Boolean).forEach(c => { \
           document.cookie = c.split('=')[0] + '=; path=/; max-age=0'; }); \
         localStorage.clear(); sessionStorage.clear();",
    );
}

/// Runs a snippet of JavaScript and returns its value (the snippet is a function body).
pub fn eval(body: &str) -> JsValue {
    Function::new_no_args(body)
        .call0(&JsValue::NULL)
        .expect("snippet runs")
}

/// The requests the sandbox received since the last reset, as JS objects.
pub async fn requests() -> Vec<JsValue> {
    Array::from(&control("GET", "requests", None).await).to_vec()
}

/// Number of requests to `/v1/auth/token` with the given grant type.
pub async fn token_requests(grant: &str) -> usize {
    requests()
        .await
        .iter()
        .filter(|r| get(r, "path").as_string().as_deref() == Some("/v1/auth/token"))
        .filter(|r| get(r, "grantType").as_string().as_deref() == Some(grant))
        .count()
}

/// Makes the next `count` requests under `path` fail as `fault` says (`"status": 503`,
/// `"drop": true` or `"delayMs": 500`).
pub async fn inject_faults(count: u32, path: &str, fault: &str) {
    let body = format!("{{\"count\":{count},\"path\":\"{path}\",{fault}}}");
    control("POST", "faults", Some(&body)).await;
}

/// `object[key]`.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Follows a dotted path, e.g. `data.attributes.title`; numbers index arrays.
pub fn at(object: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(object.clone(), |value, key| get(&value, key))
}

/// Parses a JS object literal, e.g. `obj("{ perPage: 5 }")`.
pub fn obj(literal: &str) -> JsValue {
    eval(&format!("return ({literal});"))
}

/// The SDK's `types` classes.
pub fn types() -> JsValue {
    js::sdk_types()
}

/// Creates an SDK instance against the sandbox; `extra` is a JS object literal body merged into
/// the config, e.g. `"tokenStore: store"` can't be expressed here, so pass stores via
/// [`sdk_with_store`].
pub fn sdk() -> JsValue {
    sdk_with_store(js::memory_store())
}

/// Creates an SDK instance against the sandbox with `store` as its token store.
pub fn sdk_with_store(store: JsValue) -> JsValue {
    let config = config();
    Reflect::set(&config, &"tokenStore".into(), &store).unwrap();
    js::create_instance(config).expect("valid config")
}

/// The basic config: the sandbox's client ID and URL.
pub fn config() -> JsValue {
    let config = Object::new();
    Reflect::set(&config, &"clientId".into(), &CLIENT_ID.into()).unwrap();
    Reflect::set(&config, &"baseUrl".into(), &sandbox().into()).unwrap();
    config.into()
}

/// Calls `sdk.<name>(...args)` (`name` like `listings.query` or `login`) and awaits it.
pub async fn call(sdk: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let (target, method) = match name.split_once('.') {
        Some((ns, method)) => (get(sdk, ns), method),
        None => (sdk.clone(), name),
    };
    let function: Function = get(&target, method)
        .dyn_into()
        .unwrap_or_else(|_| panic!("sdk.{name} is not a function"));
    let args: Array = args.iter().collect();
    let promise: Promise = function
        .apply(&target, &args)
        .expect("SDK methods never throw synchronously")
        .dyn_into()
        .expect("SDK methods return promises");
    JsFuture::from(promise).await
}

/// Signs in as one of the sandbox's seeded users.
pub async fn login(sdk: &JsValue, user: &str) -> JsValue {
    let params = obj(&format!(
        "{{ username: '{user}@example.com', password: '{user}-password' }}"
    ));
    call(sdk, "login", &[params]).await.expect("login succeeds")
}

/// `await sdk.authInfo()`.
pub async fn auth_info(sdk: &JsValue) -> JsValue {
    call(sdk, "authInfo", &[]).await.unwrap()
}

/// True when `authInfo()` says the session is a user's.
pub async fn is_user_session(sdk: &JsValue) -> bool {
    get(&auth_info(sdk).await, "isAnonymous") == JsValue::FALSE
}

/// `value instanceof types[class]`.
pub fn is_instance(value: &JsValue, class: &str) -> bool {
    let class: Function = get(&types(), class).dyn_into().unwrap();
    value.is_instance_of::<Object>() && Reflect::get(&class, &"prototype".into()).is_ok() && {
        let check = Function::new_with_args("v, c", "return v instanceof c;");
        check.call2(&JsValue::NULL, value, &class).unwrap() == JsValue::TRUE
    }
}

// Shared by the robustness suites (browser_robustness, browser_deadlines).

pub fn code(error: &JsValue) -> String {
    get(error, "code").as_string().unwrap_or_default()
}

pub fn message(error: &JsValue) -> String {
    get(error, "message").as_string().unwrap_or_default()
}

pub fn sdk_with(store: JsValue, timeout: Option<u32>) -> JsValue {
    let config = config();
    Reflect::set(&config, &"tokenStore".into(), &store).unwrap();
    if let Some(ms) = timeout {
        Reflect::set(&config, &"timeout".into(), &JsValue::from(ms)).unwrap();
    }
    js::create_instance(config).unwrap()
}

pub fn get_token(store: &JsValue) -> JsValue {
    get(store, "getToken")
        .dyn_into::<Function>()
        .unwrap()
        .call0(store)
        .unwrap()
}

pub fn sdk_config(extra: &str) -> JsValue {
    let config = config();
    let extra = obj(&format!("{{ {extra} }}"));
    Function::new_with_args("a, b", "Object.assign(a, b);")
        .call2(&JsValue::NULL, &config, &extra)
        .unwrap();
    Reflect::set(&config, &"tokenStore".into(), &js::memory_store()).unwrap();
    js::create_instance(config).unwrap()
}

pub async fn sleep(ms: u32) {
    let promise = Promise::new(&mut |resolve, _| {
        Function::new_with_args("resolve, ms", "setTimeout(resolve, ms);")
            .call2(&JsValue::NULL, &resolve, &JsValue::from(ms))
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Asserts that `error` is an `SdkError` with `expected_code` whose message mentions `mentions`.
pub fn assert_sdk_error(error: &JsValue, expected_code: &str, mentions: &str) {
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
