//! Waiting for a time or an abort signal, through the JS runtime: the timer is cleared, or the
//! listener removed, when the future is dropped first, so a wait per call never outlives the call.

use crate::js::io::{self, Operation};
use wasm_bindgen::JsValue;

/// Resolves after `ms` milliseconds; the timer is cleared if the future is dropped first.
pub async fn elapsed(ms: u32) {
    Operation::new(io::sleep(ms)).answer().await;
}

/// Resolves when `signal` (an `AbortSignal`) aborts; the listener is removed if the future is
/// dropped first.
pub async fn aborted(signal: JsValue) {
    Operation::new(io::when_aborted(&signal)).answer().await;
}
