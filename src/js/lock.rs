//! The cross-tab [`RefreshLock`] over the Web Locks API (`navigator.locks`).

use crate::core::error::SdkError;
use crate::core::store::{LockGuard, RefreshLock};
use crate::core::LocalBoxFuture;
use js_sys::{Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A named Web Lock shared by every tab of the origin.
pub struct WebLock {
    name: String,
    locks: JsValue,
    timeout_ms: Option<u32>,
    /// The shared lock `<name>:rotated:<mark>` this instance holds to tell other tabs which
    /// refresh token it last rotated away (see [`RefreshLock::note_rotation`]); replacing it
    /// releases the previous one.
    rotation_note: RefCell<Option<Release>>,
}

impl WebLock {
    /// The lock called `name`, waited for at most `timeout_ms`, or `None` where the browser
    /// has no Web Locks API.
    pub fn new(name: String, timeout_ms: Option<u32>) -> Option<WebLock> {
        let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
        let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
        let request = Reflect::get(&locks, &"request".into()).ok()?;
        request.is_function().then_some(WebLock {
            name,
            locks,
            timeout_ms,
            rotation_note: RefCell::new(None),
        })
    }

    /// The name of the lock that says the refresh token with fingerprint `mark` was rotated.
    fn rotation_name(&self, mark: &str) -> String {
        format!("{}:rotated:{mark}", self.name)
    }

    /// `{ signal: AbortSignal.timeout(ms) }`, so a lock another tab holds too long is given up.
    fn options(&self) -> JsValue {
        let options = js_sys::Object::new();
        let signal_class = Reflect::get(&js_sys::global(), &"AbortSignal".into());
        let timeout = signal_class
            .as_ref()
            .ok()
            .and_then(|class| Reflect::get(class, &"timeout".into()).ok())
            .filter(JsValue::is_function);
        if let (Some(ms), Some(timeout), Ok(class)) = (self.timeout_ms, timeout, &signal_class) {
            if let Ok(signal) = Function::from(timeout).call1(class, &JsValue::from(ms)) {
                let _ = Reflect::set(&options, &"signal".into(), &signal);
            }
        }
        options.into()
    }
}

/// Resolves the promise the lock callback returned, which releases the lock.
struct Release(Function);

impl Drop for Release {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::NULL);
    }
}

impl RefreshLock for WebLock {
    fn acquire(&self) -> LocalBoxFuture<'_, Result<LockGuard, SdkError>> {
        Box::pin(async move {
            // `held` stays pending until the guard is dropped; the browser keeps the lock while
            // the callback's promise is pending.
            let mut release = None;
            let timed_out = Rc::new(Cell::new(false));
            let held = Promise::new(&mut |resolve, _| release = Some(resolve));
            let granted = Promise::new(&mut |granted: Function, _| {
                let held = held.clone();
                let on_granted = granted.clone();
                let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
                    let _ = on_granted.call0(&JsValue::NULL);
                    held.into()
                });
                let requested = Reflect::get(&self.locks, &"request".into())
                    .map(Function::from)
                    .and_then(|request| {
                        request.call3(
                            &self.locks,
                            &JsValue::from_str(&self.name),
                            &self.options(),
                            &callback,
                        )
                    });
                match requested {
                    // The request can also fail later (a rejected promise, e.g. in opaque
                    // origins): then go on without the lock rather than wait forever.
                    Ok(request) => {
                        let on_error = granted.clone();
                        let flag = timed_out.clone();
                        let go_on = Closure::once_into_js(move |error: JsValue| {
                            // Our own timeout signal aborted the wait.
                            let name = Reflect::get(&error, &"name".into()).ok();
                            if name.and_then(|n| n.as_string()).as_deref() == Some("TimeoutError") {
                                flag.set(true);
                            }
                            let _ = on_error.call0(&JsValue::NULL);
                        });
                        if let Ok(catch) = Reflect::get(&request, &"catch".into()) {
                            let _ = Function::from(catch).call1(&request, &go_on);
                        }
                    }
                    Err(_) => {
                        let _ = granted.call0(&JsValue::NULL);
                    }
                }
            });
            // If the request failed the lock is simply not held; single flight still holds in-tab.
            let _ = JsFuture::from(granted).await;
            if timed_out.get() {
                return Err(SdkError::Timeout);
            }
            Ok(Box::new(release.map(Release)) as LockGuard)
        })
    }

    fn note_rotation(&self, mark: &str) -> LocalBoxFuture<'_, ()> {
        let name = self.rotation_name(mark);
        Box::pin(async move {
            // Held in shared mode (never waited for) until the next note replaces it; the
            // browser drops it with the tab.
            let mut release = None;
            let held = Promise::new(&mut |resolve, _| release = Some(resolve));
            let granted = Promise::new(&mut |granted: Function, _| {
                let held = held.clone();
                let on_granted = granted.clone();
                let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
                    let _ = on_granted.call0(&JsValue::NULL);
                    held.into()
                });
                let options = js_sys::Object::new();
                let _ = Reflect::set(&options, &"mode".into(), &"shared".into());
                let requested = Reflect::get(&self.locks, &"request".into())
                    .map(Function::from)
                    .and_then(|request| {
                        request.call3(&self.locks, &JsValue::from_str(&name), &options, &callback)
                    });
                match requested {
                    Ok(request) => {
                        let on_error = granted.clone();
                        let go_on = Closure::once_into_js(move |_error: JsValue| {
                            let _ = on_error.call0(&JsValue::NULL);
                        });
                        if let Ok(catch) = Reflect::get(&request, &"catch".into()) {
                            let _ = Function::from(catch).call1(&request, &go_on);
                        }
                    }
                    Err(_) => {
                        let _ = granted.call0(&JsValue::NULL);
                    }
                }
            });
            let _ = JsFuture::from(granted).await;
            *self.rotation_note.borrow_mut() = release.map(Release);
        })
    }

    fn was_rotated(&self, mark: &str) -> LocalBoxFuture<'_, bool> {
        let name = self.rotation_name(mark);
        Box::pin(async move {
            // `navigator.locks.query()` answers from the same lock manager that handed this
            // tab the lock, so it already shows a note taken before the lock was released.
            let query = Reflect::get(&self.locks, &"query".into())
                .ok()
                .filter(JsValue::is_function)
                .and_then(|query| Function::from(query).call0(&self.locks).ok());
            let Some(query) = query else { return false };
            let Ok(snapshot) = JsFuture::from(Promise::resolve(&query)).await else {
                return false;
            };
            let held = Reflect::get(&snapshot, &"held".into()).unwrap_or(JsValue::UNDEFINED);
            if !js_sys::Array::is_array(&held) {
                return false;
            }
            js_sys::Array::from(&held).iter().any(|lock| {
                Reflect::get(&lock, &"name".into())
                    .ok()
                    .and_then(|n| n.as_string())
                    .as_deref()
                    == Some(name.as_str())
            })
        })
    }
}
