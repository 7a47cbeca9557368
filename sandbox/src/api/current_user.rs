//! `currentUser.*` commands: sign-up, profile, email, password, deletion, verification.

use super::Route;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[];
