//! The SDK's value model ([`value::Value`]) and its codecs: JSON ([`json`]) and Transit
//! ([`transit`]), with the number, date and text helpers they share.
//!
//! A crate of its own for one reason: its own optimization level. The package is built for
//! size (`opt-level = "z"`), but writing Transit (`transit.write`, every command's body) and
//! reading the caller's JSON are the SDK's hot loops, and at `"z"` they ran slower than the
//! official SDK; Cargo's per-package profile override is the only per-code switch on stable
//! Rust, so this crate keeps `opt-level = "s"` (see the workspace's `Cargo.toml`).

#![cfg_attr(not(test), no_std)]

extern crate alloc;

/// What `std`'s prelude gives and a `no_std` crate imports: the crate links no `std`, so that
/// the SDK's wasm carries none of its panic machinery (see the root crate's `panic_handler`).
pub mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::format;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod iso8601;
pub mod js_number;
pub mod json;
pub mod number;
pub mod text;
pub mod transit;
pub mod value;
