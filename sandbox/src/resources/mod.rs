//! The resource layer: how records are rendered as API resources. `render` holds the
//! machinery (`Kind`, `Renderer`, `include` and sparse fields); each other module declares the
//! `Kind` statics of one family of resource types. Resources read the domain's records and
//! never import the `api` layer.

pub mod availability;
pub mod files;
pub mod images;
pub mod listings;
pub mod marketplace;
mod render;
pub mod stock;
pub mod stripe;
pub mod transactions;
pub mod users;

pub use render::*;
