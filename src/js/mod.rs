//! The thin JavaScript layer: bindings, value conversion, and the Rust side of the JS runtime
//! (`js/io.js`) that does the I/O: the transport, the token store adapter, the lock and timers.
//! It holds no logic of its own; decisions are the core's.

pub mod bindings;
mod convert;
mod error;
mod exec;
mod io;
mod lock;
mod stores;
mod sys;
mod timer;
mod transport;
mod value;

pub use bindings::*;
