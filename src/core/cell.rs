//! `RefCell` access that aborts instead of panicking.
//!
//! A borrow that breaks the rules is a bug of the SDK's either way, and the release build
//! aborts on a panic too (a trap in the wasm, which the package recovers from). But
//! `RefCell::borrow_mut`'s panic keeps `BorrowMutError`'s `Display` and `core::fmt`'s padding
//! code in the wasm; with these borrows and without js-sys (`src/js/sys.rs`) the package's
//! wasm is 1,425 B smaller (gzip -9, `cargo xtask build`).

use std::cell::{Ref, RefCell, RefMut};

/// [`RefCell::borrow`] and [`RefCell::borrow_mut`], aborting the process (a wasm trap) where
/// those would panic.
pub trait Aborting<T> {
    /// A shared borrow; aborts while the value is mutably borrowed.
    fn shared(&self) -> Ref<'_, T>;
    /// A mutable borrow; aborts while the value is borrowed.
    fn exclusive(&self) -> RefMut<'_, T>;
}

impl<T> Aborting<T> for RefCell<T> {
    #[inline]
    fn shared(&self) -> Ref<'_, T> {
        self.try_borrow().unwrap_or_else(|_| std::process::abort())
    }

    #[inline]
    fn exclusive(&self) -> RefMut<'_, T> {
        self.try_borrow_mut()
            .unwrap_or_else(|_| std::process::abort())
    }
}
