//! Sharetribe Marketplace API client for the browser, in Rust compiled to WebAssembly.
//!
//! The crate has two halves:
//! - [`core`]: plain Rust with no browser imports. Config validation, the Transit codec, query
//!   encoding, the endpoint table, the token lifecycle and errors live here and are tested with
//!   `cargo test` on the host.
//! - `js` (wasm32 only): the thin layer that binds the core to JavaScript: exports, browser token
//!   stores, the fetch transport and conversion between core values and JS values.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod js;

/// The wasm heap allocator: talc is a fraction of the size of the default dlmalloc in the
/// binary. The module is single-threaded (no `atomics` target feature), which the
/// allocator requires.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
