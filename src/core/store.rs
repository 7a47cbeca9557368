//! Where tokens live between calls and page loads: the [`TokenStore`] trait, an in-memory
//! store, and the [`RefreshLock`] that makes refresh single-flight across tabs.

use crate::core::cell::Aborting;
use crate::core::error::SdkError;
use crate::core::token::Token;
use crate::core::LocalBoxFuture;
use crate::prelude::*;
use ::core::cell::RefCell;

/// Keeps the current token. Implementations: memory, cookie, localStorage, sessionStorage, and
/// a user's own object (JS layer).
///
/// A value that cannot be read as a token (corrupt, foreign) must come back as `Ok(None)`.
/// Errors are for stores that fail outright (a user store that throws).
pub trait TokenStore {
    /// Reads the stored token, `None` when there is none or it is unreadable.
    fn get_token(&self) -> LocalBoxFuture<'_, Result<Option<Token>, SdkError>>;
    /// Replaces the stored token.
    fn set_token(&self, token: Token) -> LocalBoxFuture<'_, Result<(), SdkError>>;
    /// Deletes the stored token.
    fn remove_token(&self) -> LocalBoxFuture<'_, Result<(), SdkError>>;
}

/// A token store that lives as long as the SDK instance.
#[derive(Debug, Default)]
pub struct MemoryStore {
    token: RefCell<Option<Token>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl TokenStore for MemoryStore {
    fn get_token(&self) -> LocalBoxFuture<'_, Result<Option<Token>, SdkError>> {
        let token = self.token.shared().clone();
        Box::pin(async move { Ok(token) })
    }

    fn set_token(&self, token: Token) -> LocalBoxFuture<'_, Result<(), SdkError>> {
        *self.token.exclusive() = Some(token);
        Box::pin(async { Ok(()) })
    }

    fn remove_token(&self) -> LocalBoxFuture<'_, Result<(), SdkError>> {
        *self.token.exclusive() = None;
        Box::pin(async { Ok(()) })
    }
}

/// Held while a token is being refreshed; dropping it releases the lock.
pub type LockGuard = Box<dyn ::core::any::Any>;

/// A lock shared by every SDK instance that uses the same persistent store, in every tab. The
/// browser implements it with the Web Locks API; where there is none, a no-op lock is used and
/// single flight holds within one instance only.
pub trait RefreshLock {
    /// Waits until the lock is free, then holds it until the guard is dropped. Fails with
    /// `Timeout` when the lock is not had within the instance's timeout; nothing is changed then.
    fn acquire(&self) -> LocalBoxFuture<'_, Result<LockGuard, SdkError>>;

    /// Tells every tab, at once, that the refresh token with fingerprint `mark` (see
    /// [`crate::core::auth::rotation_mark`]) has been rotated away, and keeps telling them
    /// until this lock notes the next rotation. Called while the lock is held, after the new
    /// token was stored. Never fails; the default does nothing (no other tab to tell).
    ///
    /// It exists because a tab's view of a shared store can lag the lock: in Chromium a
    /// `localStorage` or `document.cookie` write reaches another tab's view asynchronously, so
    /// the next holder of the lock may still read the rotated-away token. The lock manager
    /// itself is consistent with the lock's hand-over, so the note travels through it.
    fn note_rotation(&self, mark: &str) -> LocalBoxFuture<'_, ()> {
        let _ = mark;
        Box::pin(async {})
    }

    /// Whether some tab noted the refresh token with fingerprint `mark` as rotated away (see
    /// [`RefreshLock::note_rotation`]). `false` when nothing can tell; never fails.
    fn was_rotated(&self, mark: &str) -> LocalBoxFuture<'_, bool> {
        let _ = mark;
        Box::pin(async { false })
    }
}

/// A lock that is always free: for memory stores and browsers without Web Locks.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoLock;

impl RefreshLock for NoLock {
    fn acquire(&self) -> LocalBoxFuture<'_, Result<LockGuard, SdkError>> {
        Box::pin(async { Ok(Box::new(()) as LockGuard) })
    }
}
