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
