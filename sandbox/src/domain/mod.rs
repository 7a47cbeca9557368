//! The marketplace's records and rules, free of HTTP: the data set and its seed, tokens,
//! login-as codes and the transaction processes. Imports only the shared helpers at the crate
//! root (`params`, `responses`, `random`), never `resources`, `api` or the server.

pub mod accounts;
pub mod availability;
pub mod data;
pub mod extended_data;
pub mod login_as;
pub mod seed;
pub mod tokens;
pub mod transactions;
