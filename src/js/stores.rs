//! Browser token stores (memory, cookie, localStorage, sessionStorage) and the adapter that lets
//! the core use any JS object with `getToken`, `setToken` and `removeToken`.

use crate::core::cookie;
use crate::core::error::SdkError;
use crate::core::store::TokenStore;
use crate::core::token::Token;
use crate::core::LocalBoxFuture;
use crate::js::convert::{from_js, guard, to_js, Origin};
use js_sys::{Promise, Reflect};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlDocument, Storage};

/// Where a built-in store keeps the token.
enum Backing {
    Memory,
    Cookie { client_id: String, secure: bool },
    Local(String),
    Session(String),
}

/// A built-in token store. Its methods mirror the official SDK's stores (`getToken`,
/// `setToken`, `removeToken`) and work synchronously.
///
/// A persistent store whose storage is unavailable or full keeps working in memory and warns
/// once on the console. A stored value that is not a token reads as no token.
#[wasm_bindgen]
pub struct BrowserTokenStore {
    backing: Backing,
    memory: RefCell<Option<Token>>,
    degraded: Cell<bool>,
}

impl BrowserTokenStore {
    fn new(backing: Backing) -> BrowserTokenStore {
        BrowserTokenStore {
            backing,
            memory: RefCell::new(None),
            degraded: Cell::new(false),
        }
    }

    /// Switches to memory for good, with one console warning saying why.
    fn degrade(&self, what: &str) {
        if !self.degraded.replace(true) {
            web_sys::console::warn_1(&JsValue::from_str(&format!(
                "sharetribe-sdk: {what} is unavailable; the session is kept in memory only and \
                 will not survive a reload."
            )));
        }
    }

    fn storage(&self) -> Option<(Storage, &str, &'static str)> {
        let window = web_sys::window()?;
        let (storage, key, what) = match &self.backing {
            Backing::Local(key) => (window.local_storage(), key, "localStorage"),
            Backing::Session(key) => (window.session_storage(), key, "sessionStorage"),
            _ => return None,
        };
        match storage {
            Ok(Some(storage)) => Some((storage, key.as_str(), what)),
            _ => {
                self.degrade(what);
                None
            }
        }
    }

    fn read(&self) -> Option<Token> {
        if self.degraded.get() {
            return self.memory.borrow().clone();
        }
        match &self.backing {
            Backing::Memory => self.memory.borrow().clone(),
            Backing::Cookie { client_id, .. } => {
                let all = html_document()?.cookie().ok()?;
                let raw = cookie::find_cookie(&all, &cookie::cookie_name(client_id))?;
                Token::from_json(&cookie::decode_value(&raw)?)
            }
            Backing::Local(_) | Backing::Session(_) => {
                let Some((storage, key, what)) = self.storage() else {
                    return self.memory.borrow().clone();
                };
                match storage.get_item(key) {
                    Ok(text) => Token::from_json(&text?),
                    Err(_) => {
                        self.degrade(what);
                        self.memory.borrow().clone()
                    }
                }
            }
        }
    }

    fn write(&self, token: Option<Token>) {
        if self.degraded.get() || matches!(self.backing, Backing::Memory) {
            *self.memory.borrow_mut() = token;
            return;
        }
        match &self.backing {
            Backing::Memory => {}
            Backing::Cookie { client_id, secure } => {
                let Some(document) = html_document() else {
                    self.degrade("document.cookie");
                    *self.memory.borrow_mut() = token;
                    return;
                };
                let line = match &token {
                    Some(token) => cookie::set_cookie_string(
                        client_id,
                        &token.to_json(),
                        *secure || is_https(),
                    ),
                    None => cookie::remove_cookie_string(client_id),
                };
                if document.set_cookie(&line).is_err() {
                    self.degrade("document.cookie");
                    *self.memory.borrow_mut() = token;
                    return;
                }
                // Browsers drop a cookie over 4 KB without a word: check it was kept.
                if let Some(written) = &token {
                    let kept = document
                        .cookie()
                        .ok()
                        .and_then(|all| cookie::find_cookie(&all, &cookie::cookie_name(client_id)));
                    let kept = kept
                        .and_then(|raw| cookie::decode_value(&raw))
                        .and_then(|text| Token::from_json(&text));
                    if kept.as_ref() != Some(written) {
                        self.degrade("document.cookie (the token is larger than a cookie holds)");
                        *self.memory.borrow_mut() = token;
                    }
                }
            }
            Backing::Local(_) | Backing::Session(_) => {
                let Some((storage, key, what)) = self.storage() else {
                    *self.memory.borrow_mut() = token;
                    return;
                };
                let written = match &token {
                    Some(token) => storage.set_item(key, &token.to_json()),
                    None => storage.remove_item(key),
                };
                if written.is_err() {
                    self.degrade(what);
                    *self.memory.borrow_mut() = token;
                }
            }
        }
    }
}

#[wasm_bindgen]
impl BrowserTokenStore {
    /// The stored token as a plain object, or `undefined`.
    #[wasm_bindgen(js_name = getToken)]
    pub fn get_token(&self) -> JsValue {
        self.read()
            .map(|token| to_js(&token.to_value()))
            .unwrap_or(JsValue::UNDEFINED)
    }

    /// Stores `token` (an object with `access_token`, ...). Anything else is ignored.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: JsValue) {
        let token = guard(&token, "token", Origin::Params)
            .ok()
            .and_then(|token| from_js(&token, "token").ok())
            .and_then(|v| Token::from_value(&v));
        if token.is_some() {
            self.write(token);
        }
    }

    /// Deletes the stored token.
    #[wasm_bindgen(js_name = removeToken)]
    pub fn remove_token(&self) {
        self.write(None);
    }

    /// The name of the cross-tab lock for this store's token, or `null` for stores private to
    /// one tab (memory, sessionStorage), which need none.
    #[wasm_bindgen(getter, js_name = lockName)]
    pub fn lock_name(&self) -> JsValue {
        match &self.backing {
            Backing::Memory | Backing::Session(_) => JsValue::NULL,
            Backing::Cookie { client_id, .. } => cookie::cookie_name(client_id).into(),
            Backing::Local(key) => format!("localStorage:{key}").into(),
        }
    }
}

fn html_document() -> Option<HtmlDocument> {
    web_sys::window()?
        .document()?
        .dyn_into::<HtmlDocument>()
        .ok()
}

fn is_https() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}

/// True where `document.cookie` can be used (not in workers or sandboxed frames).
pub fn has_cookies() -> bool {
    html_document().is_some_and(|d| d.cookie().is_ok())
}

fn string_option(options: &JsValue, key: &str) -> Option<String> {
    Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

fn storage_key(options: &JsValue) -> String {
    match string_option(options, "clientId") {
        Some(id) => cookie::cookie_name(&id),
        None => "st-token".to_owned(),
    }
}

/// `tokenStore.memoryStore()`: keeps the token for the life of the page.
#[wasm_bindgen(js_name = memoryStore)]
pub fn memory_store() -> BrowserTokenStore {
    BrowserTokenStore::new(Backing::Memory)
}

/// `tokenStore.browserCookieStore({ clientId, secure })`: the official SDK's cookie
/// (`st-<clientId>-token`), so sessions carry over between the two SDKs and to SSR servers.
#[wasm_bindgen(js_name = browserCookieStore)]
pub fn browser_cookie_store(options: JsValue) -> Result<BrowserTokenStore, JsValue> {
    let client_id = string_option(&options, "clientId").ok_or_else(|| {
        crate::js::error::to_js_error(&SdkError::InvalidConfig(
            "browserCookieStore needs { clientId }".to_owned(),
        ))
    })?;
    let secure = Reflect::get(&options, &"secure".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    Ok(cookie_store(client_id, secure))
}

/// The cookie store for `client_id`, as used by default.
pub fn cookie_store(client_id: String, secure: bool) -> BrowserTokenStore {
    BrowserTokenStore::new(Backing::Cookie { client_id, secure })
}

/// `tokenStore.localStorageStore({ clientId })`: persists across reloads and tabs.
#[wasm_bindgen(js_name = localStorageStore)]
pub fn local_storage_store(options: JsValue) -> BrowserTokenStore {
    BrowserTokenStore::new(Backing::Local(storage_key(&options)))
}

/// `tokenStore.sessionStorageStore({ clientId })`: persists across reloads of one tab.
#[wasm_bindgen(js_name = sessionStorageStore)]
pub fn session_storage_store(options: JsValue) -> BrowserTokenStore {
    BrowserTokenStore::new(Backing::Session(storage_key(&options)))
}

#[wasm_bindgen(module = "/js/sdk.js")]
extern "C" {
    /// `store[method](arg)` as a promise that never throws and, with `timeout_ms`, settles in
    /// time (rejecting with the string `timeout`).
    #[wasm_bindgen(js_name = callStore)]
    fn call_store(store: &JsValue, method: &str, arg: &JsValue, timeout_ms: Option<u32>)
        -> Promise;
}

/// Lets the core use any JS object with `getToken`, `setToken` and `removeToken`, synchronous
/// or returning promises: the built-in stores above and users' own. Every store method call is
/// made from JS (`callStore`), so a throwing or rejecting store is a `token-store` error with
/// the store's exception as `cause`, and with a `timeout` a store that never answers is a
/// `timeout` error.
pub struct JsObjectStore {
    object: JsValue,
    timeout_ms: Option<u32>,
}

impl JsObjectStore {
    /// Wraps `object`; fails naming the missing method when it is not a token store.
    pub fn new(object: JsValue, timeout_ms: Option<u32>) -> Result<JsObjectStore, SdkError> {
        for method in ["getToken", "setToken", "removeToken"] {
            let f = Reflect::get(&object, &JsValue::from_str(method)).unwrap_or(JsValue::UNDEFINED);
            if !f.is_function() {
                return Err(SdkError::InvalidConfig(format!(
                    "tokenStore must have getToken, setToken and removeToken methods; `{method}` is missing"
                )));
            }
        }
        Ok(JsObjectStore { object, timeout_ms })
    }

    /// The name of the cross-tab lock for this store: its `lockName` when that is a string,
    /// none when it is `null` or `false` (a store private to one tab, such as `memoryStore` and
    /// `sessionStorageStore`), and by default the lock of the client's cookie store, so a store
    /// of the user's own (or a wrapper around `browserCookieStore`) is single flight across tabs
    /// too.
    pub fn lock_name(&self, client_id: &str) -> Option<String> {
        let name = Reflect::get(&self.object, &"lockName".into()).unwrap_or(JsValue::UNDEFINED);
        if name.is_undefined() {
            return Some(cookie::cookie_name(client_id));
        }
        name.as_string()
    }

    async fn invoke(&self, method: &str, arg: Option<JsValue>) -> Result<JsValue, SdkError> {
        let arg = arg.unwrap_or(JsValue::UNDEFINED);
        let called = call_store(&self.object, method, &arg, self.timeout_ms);
        JsFuture::from(called).await.map_err(|error| {
            if error.as_string().as_deref() == Some("timeout") {
                return SdkError::Timeout;
            }
            crate::js::error::remember_cause(error);
            SdkError::TokenStore(format!("tokenStore.{method}() failed"))
        })
    }
}

impl TokenStore for JsObjectStore {
    fn get_token(&self) -> LocalBoxFuture<'_, Result<Option<Token>, SdkError>> {
        Box::pin(async move {
            let value = self.invoke("getToken", None).await?;
            // A value that cannot be read is a failing store; one that is not a token counts
            // as no token.
            let value = guard(&value, "token", Origin::Store).map_err(|error| {
                crate::js::error::remember_cause(error);
                SdkError::TokenStore(
                    "tokenStore.getToken() returned a value that cannot be read".to_owned(),
                )
            })?;
            Ok(from_js(&value, "token")
                .ok()
                .and_then(|v| Token::from_value(&v)))
        })
    }

    fn set_token(&self, token: Token) -> LocalBoxFuture<'_, Result<(), SdkError>> {
        Box::pin(async move {
            self.invoke("setToken", Some(to_js(&token.to_value())))
                .await
                .map(|_| ())
        })
    }

    fn remove_token(&self) -> LocalBoxFuture<'_, Result<(), SdkError>> {
        Box::pin(async move { self.invoke("removeToken", None).await.map(|_| ()) })
    }
}
