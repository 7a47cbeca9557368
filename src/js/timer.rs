//! Waiting for a time or for the end of a call's time, through the JS runtime: the timer is
//! cleared, or the listener removed, when the future is dropped first, so a wait per call never
//! outlives the call.

use crate::js::io::{self, Operation};
use futures_util::FutureExt;
use wasm_bindgen::JsValue;

/// Resolves after `ms` milliseconds; the timer is cleared if the future is dropped first.
pub fn elapsed(ms: u32) -> impl ::core::future::Future<Output = ()> {
    // The answer's future mapped, not an `async fn`: one state machine less. The closure
    // keeps the operation, so dropping the future clears the timer.
    let timer = Operation::new(io::sleep(ms));
    timer.answer().map(move |_| drop(timer))
}

/// The end of a call's time: resolves `true` after `timeout_ms` (never without one), `false`
/// when `signal` (an `AbortSignal`, or `undefined`) aborts. The timer is cleared and the
/// listener removed when the future is dropped first.
pub async fn deadline(timeout_ms: Option<u32>, signal: JsValue) -> bool {
    let ended = Operation::new(io::deadline(timeout_ms, &signal));
    ended.answer().await.as_f64() == Some(0.0)
}
