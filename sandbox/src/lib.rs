//! A local emulator of the Sharetribe Authentication and Marketplace APIs.
//!
//! It serves deterministic seed data (one marketplace, three users, 50+ listings with images),
//! issues and checks tokens like the real Auth API, answers the Marketplace API in Transit, and
//! offers a control API under `/_sandbox/` for tests (reset, token expiry, fault injection,
//! request log). Start it in-process with [`serve`] on a bound listener, or run the binary.
//!
//! Layers, imports pointing one way (checked by `tests/layering.rs`): [`api`] (handlers, one
//! router per family) uses [`resources`] (rendering) and [`domain`] (records and rules);
//! resources use the domain; the domain uses only the shared helpers ([`params`],
//! [`responses`], [`random`], [`multipart`]). [`server`] puts the routers and middleware
//! together.

pub mod access;
pub mod api;
pub mod assets;
pub mod auth_api;
pub mod control;
pub mod domain;
pub mod faults;
pub mod gateway;
pub mod images;
pub mod multipart;
pub mod options;
pub mod params;
pub mod random;
pub mod rate_limit;
pub mod request_log;
pub mod resources;
pub mod responses;
pub mod server;
pub mod state;

pub use domain::seed::CLIENT_ID;
pub use options::{parse_args, Command, Options, USAGE};
pub use server::{app, serve, serve_router};
