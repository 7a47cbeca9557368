//! The sandbox's transaction engine (issue 3), built as plain Rust over plain
//! data so it can be tested without the HTTP layer. So far it holds the
//! default process definitions and the stock ledger; the engine (initiate,
//! transition, line items, bookings, messages, reviews) and timeslots follow.

pub mod process;
pub mod stock;
use crate::domain::data::Data;
use crate::domain::tokens::Principal;

/// Whether `principal` is a party of transaction `i`.
pub fn is_party(data: &Data, i: usize, principal: Principal) -> bool {
    match principal {
        Principal::User(u) => {
            data.transactions[i].customer == u || data.transactions[i].provider == u
        }
        Principal::Anonymous => false,
    }
}
