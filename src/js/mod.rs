//! The thin JavaScript layer: bindings, browser token stores, the fetch transport and value
//! conversion. It holds no logic of its own; decisions are the core's.

pub mod bindings;
mod convert;
mod error;
mod lock;
mod stores;
mod timer;
mod transport;
mod xhr;

pub use bindings::*;
