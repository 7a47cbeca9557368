//! The token stores as the core sees them: [`JsObjectStore`] lets the core use any JS object
//! with `getToken`, `setToken` and `removeToken` (the built-in stores, which the JS runtime
//! builds, and users' own). The factories here return the runtime's built-in stores.

use crate::core::cookie;
use crate::core::error::{Cause, SdkError};
use crate::core::store::TokenStore;
use crate::core::text;
use crate::core::token::Token;
use crate::core::LocalBoxFuture;
use crate::js::convert::{from_js, guard, to_js, Origin};
use crate::js::exec;
use crate::js::io;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

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
/// from JS (`callStore`), so a throwing or rejecting store is a `token-store` error carrying
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
            let f = Reflect::get(&object, &JsValue::from_str(method)).unwrap_or(JsValue::UNDEFINED);
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

    async fn invoke(&self, method: &str, arg: Option<JsValue>) -> Result<JsValue, SdkError> {
        let arg = arg.unwrap_or(JsValue::UNDEFINED);
        let called = io::call_store(&self.object, method, &arg, self.timeout_ms);
        exec::settled(&called).await.map_err(|error| {
            if error.as_string().as_deref() == Some("timeout") {
                return SdkError::Timeout;
            }
            SdkError::TokenStore(
                text::concat(&["tokenStore.", method, "() failed"]),
                Cause::new(error),
            )
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
                SdkError::TokenStore(
                    "tokenStore.getToken() returned a value that cannot be read".to_owned(),
                    Cause::new(error),
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
