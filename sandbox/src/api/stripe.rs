//! The Stripe endpoints as local records: `stripeAccount.*`, `stripeAccountLinks`, `stripePersons`, `stripeSetupIntents`, `stripeCustomer.*`.

use super::Route;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[];
