//! `transactions.*`, `processTransitions.query` and `bookings.query`.

use super::Route;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[];
