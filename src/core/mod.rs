//! The pure-Rust core of the SDK: everything with logic in it, and nothing that needs a browser.

use crate::prelude::*;

pub mod assets;
pub mod auth;
pub mod caller;
pub mod cell;
pub mod client;
pub mod config;
pub mod cookie;
pub mod endpoints;
pub mod error;
pub mod flight;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;
pub mod http;
pub mod multipart;
pub mod percent;
pub mod query;
pub mod store;
pub mod tagged_json;
#[cfg(test)]
mod testing;
pub mod token;
pub mod transcode;
pub mod type_handlers;

pub use sharetribe_codec::{iso8601, js_number, json, number, text, transit, value};

/// A boxed future that need not be `Send`: the browser is single-threaded, and so is the core.
pub type LocalBoxFuture<'a, T> = ::core::pin::Pin<Box<dyn ::core::future::Future<Output = T> + 'a>>;
