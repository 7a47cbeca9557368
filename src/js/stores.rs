//! The token stores as the core sees them: [`JsObjectStore`] lets the core use any JS object
//! with `getToken`, `setToken` and `removeToken` (the built-in stores, which the JS runtime
//! builds, and users' own). The factories here return the runtime's built-in stores.

use crate::core::cookie;
use crate::core::error::{Cause, SdkError};
use crate::core::store::TokenStore;
use crate::core::text;
use crate::core::token::Token;
use crate::core::LocalBoxFuture;
use crate::js::exec;
use crate::js::io;
use crate::js::sys::{reflect, Array};
use crate::prelude::*;
use futures_util::FutureExt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `tokenStore.memoryStore()`: keeps the token for the life of the page (`getToken()` gives
/// `undefined` before any token and `null` after `removeToken()`), with no cross-tab lock.
pub fn memory_store() -> JsValue {
    io::memory_store()
}

/// `tokenStore.browserCookieStore({ clientId, secure })`: the official SDK's cookie
/// (`st-<clientId>-token`), so sessions carry over between the two SDKs and to SSR servers.
/// A token too big for a cookie is kept in memory, with one console warning. Fails with an
/// `invalid-config` SdkError without `clientId`.
pub fn browser_cookie_store(options: JsValue) -> Result<JsValue, JsValue> {
    io::browser_cookie_store(&options)
}

/// `tokenStore.localStorageStore({ clientId })`: persists across reloads and tabs; in memory,
/// with one console warning, where localStorage is unavailable or full.
pub fn local_storage_store(options: JsValue) -> JsValue {
    io::local_storage_store(&options)
}

/// `tokenStore.sessionStorageStore({ clientId })`: persists across reloads of one tab.
pub fn session_storage_store(options: JsValue) -> JsValue {
    io::session_storage_store(&options)
}

/// The store of a config without `tokenStore`: the cookie store for `client_id` where there
/// are cookies, else a memory store.
pub fn default_store(client_id: &str, secure: bool) -> JsValue {
    io::default_store(client_id, secure)
}

/// Lets the core use any JS object with `getToken`, `setToken` and `removeToken`, synchronous
/// or returning promises: the built-in stores and users' own. Every store method call is made
/// from JS (`storeCall`), so a throwing or rejecting store is a `token-store` error carrying
/// the store's exception as its cause, and with a `timeout` a store that never answers is a
/// `timeout` error.
pub struct JsObjectStore {
    object: JsValue,
    timeout_ms: Option<u32>,
}

impl JsObjectStore {
    /// Wraps `object`; fails naming the missing method when it is not a token store.
    pub fn new(object: JsValue, timeout_ms: Option<u32>) -> Result<JsObjectStore, SdkError> {
        for method in ["getToken", "setToken", "removeToken"] {
            let f = reflect::get(&object, &JsValue::from_str(method)).unwrap_or(JsValue::UNDEFINED);
            if !f.is_function() {
                return Err(SdkError::InvalidConfig(text::concat(&[
                    "tokenStore must have getToken, setToken and removeToken methods; `",
                    method,
                    "` is missing",
                ])));
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
        let name = io::lock_name_of(&self.object);
        if name.is_undefined() {
            return Some(cookie::cookie_name(client_id));
        }
        name.as_string()
    }

    /// `store[method](token)` through the runtime (`storeCall`); the store's failure becomes
    /// the SDK error of its kind (see [`store_error`]).
    fn call(
        &self,
        method: &str,
        token: Option<String>,
    ) -> impl ::core::future::Future<Output = Result<JsValue, SdkError>> {
        let called = io::store_call(&self.object, method, token, self.timeout_ms);
        exec::settled(&called).map(|settled| settled.map_err(store_error))
    }
}

/// A rejection of `storeCall`: `Timeout` for `"timeout"`, else a `token-store` error with the
/// runtime's message and what the store (or the guard) threw as its cause. Not inlined: one
/// copy for the three store methods.
#[inline(never)]
fn store_error(error: JsValue) -> SdkError {
    if error.as_string().as_deref() == Some("timeout") {
        return SdkError::Timeout;
    }
    let parts: Array = error.unchecked_into();
    SdkError::TokenStore(
        parts.get(0).as_string().unwrap_or_default(),
        Cause::new(parts.get(1)),
    )
}

/// The token in `storeCall`'s text for `getToken`; `None` when there is none or it is not a
/// token (see [`TokenStore`]: such a value counts as no token).
fn read_token(text: JsValue) -> Option<Token> {
    let value = crate::core::caller::read(&text.as_string()?, "token").ok()?;
    Token::from_value(&value)
}

impl TokenStore for JsObjectStore {
    fn get_token(&self) -> LocalBoxFuture<'_, Result<Option<Token>, SdkError>> {
        Box::pin(
            self.call("getToken", None)
                .map(|answer| answer.map(read_token)),
        )
    }

    fn set_token(&self, token: Token) -> LocalBoxFuture<'_, Result<(), SdkError>> {
        Box::pin(
            self.call("setToken", Some(token.to_json()))
                .map(|answer| answer.map(|_| ())),
        )
    }

    fn remove_token(&self) -> LocalBoxFuture<'_, Result<(), SdkError>> {
        Box::pin(
            self.call("removeToken", None)
                .map(|answer| answer.map(|_| ())),
        )
    }
}
