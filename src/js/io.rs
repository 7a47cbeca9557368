//! The imports of the JS runtime (`js/io.js`), which does the SDK's I/O: requests, timers,
//! abort signals, the Web Lock, token store calls and the built-in stores. Everything that takes
//! time comes back as a [`Pending`] promise that never rejects; [`Operation`] awaits one and
//! cancels it when dropped, so a call that stops waiting aborts what it waited for. Promises are
//! awaited through the SDK's executor (`crate::js::exec`), whose side of the runtime is here too.

use crate::js::exec;
use crate::js::sys::Promise;
use crate::prelude::*;
use ::core::future::Future;
use futures_util::FutureExt;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/io.js")]
extern "C" {
    /// A promise of the runtime that always resolves, with a `cancel()` that stops the
    /// operation (and resolves the promise, so nothing waits on it for good).
    #[wasm_bindgen(extends = Promise)]
    pub type Pending;

    #[wasm_bindgen(method)]
    fn cancel(this: &Pending);

    /// Sends a request (see `send` in js/io.js); resolves `[status, statusText, contentType,
    /// retryAfter, body]`, `['timeout']` or `['network', message]`.
    #[allow(clippy::too_many_arguments)]
    pub fn send(
        method: &str,
        url: &str,
        headers: &str,
        body: Option<&str>,
        upload: Option<&str>,
        files: &JsValue,
        on_progress: &JsValue,
        timeout_ms: Option<u32>,
    ) -> Pending;

    /// Resolves after `ms` milliseconds.
    pub fn sleep(ms: u32) -> Pending;

    /// Resolves `0` after `ms` milliseconds (never without), `1` when the `AbortSignal`
    /// `signal` (or `undefined`) aborts: the end of a call's time.
    pub fn deadline(ms: Option<u32>, signal: &JsValue) -> Pending;

    /// Calls `settler(slot, true, value)` when `promise` resolves, `settler(slot, false,
    /// error)` when it rejects.
    pub fn listen(promise: &JsValue, slot: u32, settler: &JsValue);

    /// A new promise for a task of the executor, settled by [`end_task`].
    #[wasm_bindgen(js_name = newTask)]
    pub fn new_task() -> Promise;

    /// Resolves (`ok`) or rejects the promise of [`new_task`] with `value`.
    #[wasm_bindgen(js_name = endTask)]
    pub fn end_task(task: &JsValue, ok: bool, value: JsValue);

    /// Takes the Web Lock `name`: resolves `"held"` (cancel releases it), `"timeout"` or
    /// `"free"` (no Web Locks: go on without).
    pub fn lock(name: &str, timeout_ms: Option<u32>) -> Pending;

    /// Holds the shared Web Lock `<name>:rotated:<mark>` until the next note for `name`, telling
    /// every tab that the refresh token with fingerprint `mark` was rotated away (see
    /// `RefreshLock::note_rotation`). Resolves once held, or at once without Web Locks; never
    /// rejects.
    #[wasm_bindgen(js_name = noteRotation)]
    pub fn note_rotation(name: &str, mark: &str) -> Promise;

    /// Whether some tab holds the note `<name>:rotated:<mark>` (`navigator.locks.query()`);
    /// resolves `false` where nothing can tell, never rejects.
    #[wasm_bindgen(js_name = wasRotated)]
    pub fn was_rotated(name: &str, mark: &str) -> Promise;

    /// `store[method](token)` and, for `getToken`, the guard and the JSON text of what it
    /// returned, in one crossing (see `storeCall` in js/io.js): resolves that text (`undefined`
    /// for no token) or `undefined`; rejects with `"timeout"` or `[message, cause]`. Never throws.
    #[wasm_bindgen(js_name = storeCall)]
    pub fn store_call(
        store: &JsValue,
        method: &str,
        token: Option<String>,
        timeout_ms: Option<u32>,
    ) -> Promise;

    /// `store.lockName`, or `undefined` when it cannot be read.
    #[wasm_bindgen(js_name = lockNameOf)]
    pub fn lock_name_of(store: &JsValue) -> JsValue;

    /// The store of a config without `tokenStore`: the cookie store, or memory without cookies.
    #[wasm_bindgen(js_name = defaultStore)]
    pub fn default_store(client_id: &str, secure: bool) -> JsValue;

    /// `tokenStore.memoryStore()`.
    #[wasm_bindgen(js_name = memoryStore)]
    pub fn memory_store() -> JsValue;

    /// `tokenStore.browserCookieStore(options)`; throws an `invalid-config` SdkError without
    /// `clientId`.
    #[wasm_bindgen(js_name = browserCookieStore, catch)]
    pub fn browser_cookie_store(options: &JsValue) -> Result<JsValue, JsValue>;

    /// `tokenStore.localStorageStore(options)`.
    #[wasm_bindgen(js_name = localStorageStore)]
    pub fn local_storage_store(options: &JsValue) -> JsValue;

    /// `tokenStore.sessionStorageStore(options)`.
    #[wasm_bindgen(js_name = sessionStorageStore)]
    pub fn session_storage_store(options: &JsValue) -> JsValue;
}

/// A [`Pending`] being waited for; dropping it cancels the operation (aborts a request, clears
/// a timer, gives up or releases a lock).
pub struct Operation(Pending);

impl Operation {
    /// Starts waiting for `pending`.
    pub fn new(pending: Pending) -> Operation {
        Operation(pending)
    }

    /// The operation's answer. The runtime's promises never reject.
    pub fn answer(&self) -> impl Future<Output = JsValue> {
        exec::settled(&self.0).map(|answer| answer.unwrap_or(JsValue::UNDEFINED))
    }
}

impl Drop for Operation {
    fn drop(&mut self) {
        self.0.cancel();
    }
}
