//! `setTimeout` timers that are cleared, and their callback freed, when dropped: a timer per
//! call must not outlive the call, or every call that ends in time leaks its closure.

use js_sys::Promise;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/sdk.js")]
extern "C" {
    /// Calls `notify` once when `signal` aborts (at once if it has); returns the function that
    /// stops listening.
    #[wasm_bindgen(js_name = watchAbort)]
    fn watch_abort(signal: &JsValue, notify: &js_sys::Function) -> js_sys::Function;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// A pending `setTimeout`; dropping it cancels the timer and frees the callback.
pub struct Timer {
    handle: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Calls `fire` once after `ms` milliseconds, unless the timer is dropped first.
    pub fn new(ms: u32, fire: impl FnOnce() + 'static) -> Timer {
        let mut fire = Some(fire);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(fire) = fire.take() {
                fire();
            }
        });
        let handle = set_timeout(callback.as_ref().unchecked_ref(), f64::from(ms));
        Timer {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
    }
}

/// A promise and the function that resolves it, resolved at the latest when dropped: a
/// `JsFuture` over a promise that never settles keeps its callbacks (and itself) alive for
/// good, so a future that stops waiting must still settle what it waited on.
struct Settle(Rc<RefCell<Option<js_sys::Function>>>);

impl Settle {
    fn new() -> (Settle, Promise) {
        let resolver: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let slot = resolver.clone();
        let promise = Promise::new(&mut |resolve, _| *slot.borrow_mut() = Some(resolve));
        (Settle(resolver), promise)
    }

    /// A function resolving the promise, for callbacks.
    fn trigger(&self) -> impl FnMut() + 'static {
        let resolver = self.0.clone();
        move || {
            if let Some(resolve) = resolver.borrow_mut().take() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        }
    }
}

impl Drop for Settle {
    fn drop(&mut self) {
        (self.trigger())();
    }
}

/// Resolves after `ms` milliseconds; the timer is cleared if the future is dropped first.
pub async fn elapsed(ms: u32) {
    let (settle, promise) = Settle::new();
    let _timer = Timer::new(ms, settle.trigger());
    let waiting = JsFuture::from(promise);
    // Dropped with the future: the promise is settled and the timer cleared.
    let _settle = settle;
    let _ = waiting.await;
}

/// Resolves when `signal` (an `AbortSignal`) aborts; the listener is removed and freed if the
/// future is dropped first.
pub async fn aborted(signal: JsValue) {
    let (settle, promise) = Settle::new();
    let notify = Closure::<dyn FnMut()>::new(settle.trigger());
    let stop = watch_abort(&signal, notify.as_ref().unchecked_ref());
    let _listening = StopOnDrop {
        stop,
        _notify: notify,
    };
    let waiting = JsFuture::from(promise);
    let _settle = settle;
    let _ = waiting.await;
}

/// Removes an abort listener, then frees its callback.
struct StopOnDrop {
    stop: js_sys::Function,
    _notify: Closure<dyn FnMut()>,
}

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        let _ = self.stop.call0(&JsValue::NULL);
    }
}
