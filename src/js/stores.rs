//! Browser token stores (memory, cookie, localStorage, sessionStorage) and the adapter that lets
//! the core use any JS object with `getToken`, `setToken` and `removeToken`.

use crate::core::cookie;
use crate::core::error::SdkError;
use crate::core::store::TokenStore;
use crate::core::token::Token;
use crate::core::LocalBoxFuture;
use crate::js::convert::{from_js, to_js};
use js_sys::{Function, Promise, Reflect};
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
        let token = from_js(&token, "token")
            .ok()
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

    /// The name of the cross-tab lock for this store's token, or `undefined` for memory.
    #[wasm_bindgen(getter, js_name = lockName)]
    pub fn lock_name(&self) -> Option<String> {
        match &self.backing {
            Backing::Memory => None,
            Backing::Cookie { client_id, .. } => Some(cookie::cookie_name(client_id)),
            Backing::Local(key) => Some(format!("localStorage:{key}")),
            Backing::Session(_) => None, // sessionStorage is per tab
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

/// Lets the core use any JS object with `getToken`, `setToken` and `removeToken`, synchronous
/// or returning promises: the built-in stores above and users' own.
pub struct JsObjectStore {
    object: JsValue,
}

impl JsObjectStore {
    /// Wraps `object`; fails naming the missing method when it is not a token store.
    pub fn new(object: JsValue) -> Result<JsObjectStore, SdkError> {
        for method in ["getToken", "setToken", "removeToken"] {
            let f = Reflect::get(&object, &JsValue::from_str(method)).unwrap_or(JsValue::UNDEFINED);
            if !f.is_function() {
                return Err(SdkError::InvalidConfig(format!(
                    "tokenStore must have getToken, setToken and removeToken methods; `{method}` is missing"
                )));
            }
        }
        Ok(JsObjectStore { object })
    }

    /// The store's `lockName`, if it has one.
    pub fn lock_name(&self) -> Option<String> {
        string_option(&self.object, "lockName")
    }

    async fn invoke(&self, method: &str, arg: Option<JsValue>) -> Result<JsValue, SdkError> {
        let failed = |_| SdkError::TokenStore(format!("tokenStore.{method}() failed"));
        let function: Function = Reflect::get(&self.object, &JsValue::from_str(method))
            .map_err(failed)?
            .into();
        let result = match arg {
            Some(arg) => function.call1(&self.object, &arg),
            None => function.call0(&self.object),
        }
        .map_err(failed)?;
        match result.dyn_into::<Promise>() {
            Ok(promise) => JsFuture::from(promise).await.map_err(failed),
            Err(value) => Ok(value),
        }
    }
}

impl TokenStore for JsObjectStore {
    fn get_token(&self) -> LocalBoxFuture<'_, Result<Option<Token>, SdkError>> {
        Box::pin(async move {
            let value = self.invoke("getToken", None).await?;
            // A value that is not a token counts as no token.
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
