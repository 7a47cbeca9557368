//! Sharetribe Marketplace API client for the browser, in Rust compiled to WebAssembly.
//!
//! The crate has two halves:
//! - [`core`]: plain Rust with no browser imports. Config validation, the Transit codec, query
//!   encoding, the endpoint table, the token lifecycle and errors live here and are tested with
//!   `cargo test` on the host.
//! - `js` (wasm32 only): the thin layer that binds the core to JavaScript: exports, browser token
//!   stores, the fetch transport and conversion between core values and JS values.

// `no_std` in the wasm only: on the host the crate is also a `cdylib` (the sandbox and xtask
// depend on it), which links only with `std`'s panic handler and allocator.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std-panic")), no_std)]

extern crate alloc;

pub use sharetribe_codec::prelude;

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod js;

/// The wasm heap allocator: talc is a fraction of the size of the default dlmalloc in the
/// binary. The module is single-threaded (no `atomics` target feature), which the
/// allocator requires.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The release module's panic handler: a trap, as `panic = "abort"` made every panic before.
/// The crate links no `std`, so the wasm carries neither `std`'s panic hook nor the message
/// formatting it would do (`core::fmt`'s integer and padding code, the panic locations), which
/// nothing reads in a browser. The browser suites link `std` (through wasm-bindgen-test) and
/// its handler: they build with the `std-panic` feature, which a dev-dependency turns on.
#[cfg(all(target_arch = "wasm32", not(feature = "std-panic")))]
#[panic_handler]
fn trap(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
