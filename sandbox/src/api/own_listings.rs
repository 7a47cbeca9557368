//! `ownListings.*`: a user's own listings (draft, publish, update, open/close, images).

use super::Route;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[];
