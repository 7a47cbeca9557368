//! The SDK's value model ([`value::Value`]) and its codecs: JSON ([`json`]) and Transit
//! ([`transit`]), with the number, date and text helpers they share.
//!
//! A crate of its own for one reason: its own optimization level. The package is built for
//! size (`opt-level = "z"`), but writing Transit (`transit.write`, every command's body) and
//! reading the caller's JSON are the SDK's hot loops, and at `"z"` they ran slower than the
//! official SDK; Cargo's per-package profile override is the only per-code switch on stable
//! Rust, so this crate keeps `opt-level = "s"` (see the workspace's `Cargo.toml`).

pub mod iso8601;
pub mod js_number;
pub mod json;
pub mod number;
pub mod text;
pub mod transit;
pub mod value;
