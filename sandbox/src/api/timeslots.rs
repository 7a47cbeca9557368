//! `timeslots.query`: open slots from availability plans, exceptions and bookings.

use super::Route;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[];
