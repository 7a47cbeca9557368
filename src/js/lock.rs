//! The cross-tab [`RefreshLock`] over the Web Locks API, taken by the JS runtime: the guard is
//! the runtime's pending lock, and dropping it releases the lock (or gives up the wait).

use crate::core::error::SdkError;
use crate::core::store::{LockGuard, RefreshLock};
use crate::core::LocalBoxFuture;
use crate::js::exec;
use crate::js::io::{self, Operation};
use crate::prelude::*;
use futures_util::FutureExt;

/// A named Web Lock shared by every tab of the origin. Where the browser has no Web Locks API
/// (or the request fails) it is not held and single flight holds within the instance only.
pub struct WebLock {
    name: String,
    timeout_ms: Option<u32>,
}

impl WebLock {
    /// The lock called `name`, waited for at most `timeout_ms`.
    pub fn new(name: String, timeout_ms: Option<u32>) -> WebLock {
        WebLock { name, timeout_ms }
    }
}

impl RefreshLock for WebLock {
    fn acquire(&self) -> LocalBoxFuture<'_, Result<LockGuard, SdkError>> {
        // Asked for at once (the driver polls it at once too), the answer's future mapped
        // rather than an `async` block: one state machine less.
        let held = Operation::new(io::lock(&self.name, self.timeout_ms));
        Box::pin(
            held.answer()
                .map(|answer| match answer.as_string().as_deref() {
                    Some("timeout") => Err(SdkError::Timeout),
                    // Held (released when the guard drops), or no lock to hold.
                    _ => Ok(Box::new(held) as LockGuard),
                }),
        )
    }

    fn note_rotation(&self, mark: &str) -> LocalBoxFuture<'_, ()> {
        Box::pin(exec::settled(&io::note_rotation(&self.name, mark)).map(|_| ()))
    }

    fn was_rotated(&self, mark: &str) -> LocalBoxFuture<'_, bool> {
        let asked = exec::settled(&io::was_rotated(&self.name, mark));
        Box::pin(asked.map(|held| held.is_ok_and(|held| held.is_truthy())))
    }
}
