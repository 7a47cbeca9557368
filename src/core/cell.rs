//! `RefCell` access that aborts instead of panicking.
//!
//! A borrow that breaks the rules is a bug of the SDK's either way, and the release build
//! aborts on a panic too (a trap in the wasm, which the package recovers from). But
//! `RefCell::borrow_mut`'s panic keeps `BorrowMutError`'s `Display` and `core::fmt`'s padding
//! code in the wasm; with these borrows and without js-sys (`src/js/sys.rs`) the package's
//! wasm is 1,425 B smaller (gzip -9, `cargo xtask build`).

use ::core::cell::{Ref, RefCell, RefMut};

/// [`RefCell::borrow`] and [`RefCell::borrow_mut`], aborting the process (a wasm trap) where
/// those would panic.
pub trait Aborting<T> {
    /// A shared borrow; aborts while the value is mutably borrowed.
    fn shared(&self) -> Ref<'_, T>;
    /// A mutable borrow; aborts while the value is borrowed.
    fn exclusive(&self) -> RefMut<'_, T>;
}

/// Stops at once: a trap in the wasm; a panic elsewhere (the crate is `no_std`, so the host's
/// builds, the sandbox and the tests, have no `process::abort` here).
#[cold]
fn abort() -> ! {
    #[cfg(target_arch = "wasm32")]
    ::core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    panic!("a RefCell borrow broke the borrow rules");
}

impl<T> Aborting<T> for RefCell<T> {
    #[inline]
    fn shared(&self) -> Ref<'_, T> {
        self.try_borrow().unwrap_or_else(|_| abort())
    }

    #[inline]
    fn exclusive(&self) -> RefMut<'_, T> {
        self.try_borrow_mut().unwrap_or_else(|_| abort())
    }
}
