//! The default transaction processes of the web template (`default-booking`,
//! `default-purchase`, `default-inquiry`, alias `release-1`) as data tables,
//! following §9 of the Marketplace API reference.

/// Who may run a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The user who initiated the transaction.
    Customer,
    /// The author of the transaction's listing.
    Provider,
    /// Console / Integration API only; never allowed through the Marketplace API.
    Operator,
    /// Timed transitions; never allowed through the Marketplace API.
    System,
}

impl Actor {
    /// The actor's name in the API (`customer`, `provider`, `operator`, `system`).
    pub fn name(self) -> &'static str {
        match self {
            Actor::Customer => "customer",
            Actor::Provider => "provider",
            Actor::Operator => "operator",
            Actor::System => "system",
        }
    }
}

/// One row of a process's transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// Full name, e.g. `transition/inquire`.
    pub name: &'static str,
    /// Who may run it.
    pub actor: Actor,
    /// The state it starts from; `None` for an initial transition.
    pub from: Option<&'static str>,
    /// The state it leads to.
    pub to: &'static str,
    /// Whether it needs a `trusted:user` token (403 otherwise).
    pub privileged: bool,
    /// The actions it runs, by name (e.g. `create-pending-booking`).
    pub actions: &'static [&'static str],
}

/// A named process with its transitions.
#[derive(Debug)]
pub struct Process {
    /// Process name, e.g. `default-booking`.
    pub name: &'static str,
    /// Process version stored on transactions.
    pub version: u32,
    /// Its transition table.
    pub transitions: &'static [Transition],
}

impl Process {
    /// The transition named `name`, or `None` if this process has none by that name.
    pub fn transition(&self, name: &str) -> Option<&'static Transition> {
        self.transitions.iter().find(|t| t.name == name)
    }
}

const fn t(
    name: &'static str,
    actor: Actor,
    from: Option<&'static str>,
    to: &'static str,
    privileged: bool,
    actions: &'static [&'static str],
) -> Transition {
    Transition {
        name,
        actor,
        from,
        to,
        privileged,
        actions,
    }
}

use Actor::{Customer, Operator, Provider, System};

const REQUEST_BOOKING: &[&str] = &[
    "update-protected-data",
    "create-pending-booking",
    "privileged-set-line-items",
    "stripe-create-payment-intent",
];
const REQUEST_STOCK: &[&str] = &[
    "update-protected-data",
    "create-pending-stock-reservation",
    "privileged-set-line-items",
    "stripe-create-payment-intent",
];
const REVIEW_BY_PROVIDER: &[&str] = &["post-review-by-provider"];
const REVIEW_BY_CUSTOMER: &[&str] = &["post-review-by-customer"];
const REVIEW_2_BY_PROVIDER: &[&str] = &["post-review-by-provider", "publish-reviews"];
const REVIEW_2_BY_CUSTOMER: &[&str] = &["post-review-by-customer", "publish-reviews"];

/// How many transitions [`reviews`] adds to a process.
const REVIEW_TRANSITIONS: usize = 7;

/// The review transitions both payment processes end with, from `reviewable` (the state in
/// which the parties may review each other: `state/delivered` or `state/completed`).
const fn reviews(reviewable: &'static str) -> [Transition; REVIEW_TRANSITIONS] {
    [
        t(
            "transition/review-1-by-provider",
            Provider,
            Some(reviewable),
            "state/reviewed-by-provider",
            false,
            REVIEW_BY_PROVIDER,
        ),
        t(
            "transition/review-1-by-customer",
            Customer,
            Some(reviewable),
            "state/reviewed-by-customer",
            false,
            REVIEW_BY_CUSTOMER,
        ),
        t(
            "transition/review-2-by-provider",
            Provider,
            Some("state/reviewed-by-customer"),
            "state/reviewed",
            false,
            REVIEW_2_BY_PROVIDER,
        ),
        t(
            "transition/review-2-by-customer",
            Customer,
            Some("state/reviewed-by-provider"),
            "state/reviewed",
            false,
            REVIEW_2_BY_CUSTOMER,
        ),
        t(
            "transition/expire-review-period",
            System,
            Some(reviewable),
            "state/reviewed",
            false,
            &[],
        ),
        t(
            "transition/expire-provider-review-period",
            System,
            Some("state/reviewed-by-customer"),
            "state/reviewed",
            false,
            &["publish-reviews"],
        ),
        t(
            "transition/expire-customer-review-period",
            System,
            Some("state/reviewed-by-provider"),
            "state/reviewed",
            false,
            &["publish-reviews"],
        ),
    ]
}

/// A process's own transitions followed by its [`reviews`]; `M` must be `N` +
/// [`REVIEW_TRANSITIONS`] (checked when the table is built, at compile time).
const fn with_reviews<const N: usize, const M: usize>(
    own: [Transition; N],
    reviewable: &'static str,
) -> [Transition; M] {
    assert!(M == N + REVIEW_TRANSITIONS);
    let reviews = reviews(reviewable);
    let mut all = [reviews[0]; M];
    let mut i = 0;
    while i < N {
        all[i] = own[i];
        i += 1;
    }
    while i < M {
        all[i] = reviews[i - N];
        i += 1;
    }
    all
}

/// `transition/inquire`, the same in both processes: a message before any payment.
const INQUIRE: Transition = t(
    "transition/inquire",
    Customer,
    None,
    "state/inquiry",
    false,
    &["update-protected-data"],
);

const BOOKING_OWN: [Transition; 13] = [
    INQUIRE,
    t(
        "transition/request-payment",
        Customer,
        None,
        "state/pending-payment",
        true,
        REQUEST_BOOKING,
    ),
    t(
        "transition/request-payment-after-inquiry",
        Customer,
        Some("state/inquiry"),
        "state/pending-payment",
        true,
        REQUEST_BOOKING,
    ),
    t(
        "transition/confirm-payment",
        Customer,
        Some("state/pending-payment"),
        "state/preauthorized",
        false,
        &["stripe-confirm-payment-intent"],
    ),
    t(
        "transition/expire-payment",
        System,
        Some("state/pending-payment"),
        "state/payment-expired",
        false,
        &["decline-booking"],
    ),
    t(
        "transition/accept",
        Provider,
        Some("state/preauthorized"),
        "state/accepted",
        false,
        &["accept-booking"],
    ),
    t(
        "transition/operator-accept",
        Operator,
        Some("state/preauthorized"),
        "state/accepted",
        false,
        &["accept-booking"],
    ),
    t(
        "transition/decline",
        Provider,
        Some("state/preauthorized"),
        "state/declined",
        false,
        &["decline-booking"],
    ),
    t(
        "transition/operator-decline",
        Operator,
        Some("state/preauthorized"),
        "state/declined",
        false,
        &["decline-booking"],
    ),
    t(
        "transition/expire",
        System,
        Some("state/preauthorized"),
        "state/expired",
        false,
        &["decline-booking"],
    ),
    t(
        "transition/complete",
        System,
        Some("state/accepted"),
        "state/delivered",
        false,
        &[],
    ),
    t(
        "transition/operator-complete",
        Operator,
        Some("state/accepted"),
        "state/delivered",
        false,
        &[],
    ),
    t(
        "transition/cancel",
        Operator,
        Some("state/accepted"),
        "state/cancelled",
        false,
        &["cancel-booking"],
    ),
];

/// `default-booking/release-1` (§9.2).
pub static DEFAULT_BOOKING: Process = Process {
    name: "default-booking",
    version: 1,
    transitions: &with_reviews::<13, 20>(BOOKING_OWN, "state/delivered"),
};

const PURCHASE_OWN: [Transition; 18] = [
    INQUIRE,
    t(
        "transition/request-payment",
        Customer,
        None,
        "state/pending-payment",
        true,
        REQUEST_STOCK,
    ),
    t(
        "transition/request-payment-after-inquiry",
        Customer,
        Some("state/inquiry"),
        "state/pending-payment",
        true,
        REQUEST_STOCK,
    ),
    t(
        "transition/confirm-payment",
        Customer,
        Some("state/pending-payment"),
        "state/purchased",
        false,
        &["accept-stock-reservation"],
    ),
    t(
        "transition/expire-payment",
        System,
        Some("state/pending-payment"),
        "state/payment-expired",
        false,
        &["decline-stock-reservation"],
    ),
    t(
        "transition/mark-delivered",
        Provider,
        Some("state/purchased"),
        "state/delivered",
        false,
        &[],
    ),
    t(
        "transition/operator-mark-delivered",
        Operator,
        Some("state/purchased"),
        "state/delivered",
        false,
        &[],
    ),
    t(
        "transition/mark-received-from-purchased",
        Customer,
        Some("state/purchased"),
        "state/received",
        false,
        &[],
    ),
    t(
        "transition/mark-received",
        Customer,
        Some("state/delivered"),
        "state/received",
        false,
        &[],
    ),
    t(
        "transition/auto-mark-received",
        System,
        Some("state/delivered"),
        "state/received",
        false,
        &[],
    ),
    t(
        "transition/dispute",
        Customer,
        Some("state/delivered"),
        "state/disputed",
        false,
        &[],
    ),
    t(
        "transition/operator-dispute",
        Operator,
        Some("state/delivered"),
        "state/disputed",
        false,
        &[],
    ),
    t(
        "transition/mark-received-from-disputed",
        Operator,
        Some("state/disputed"),
        "state/received",
        false,
        &[],
    ),
    t(
        "transition/cancel",
        Operator,
        Some("state/purchased"),
        "state/canceled",
        false,
        &["cancel-stock-reservation"],
    ),
    t(
        "transition/auto-cancel",
        System,
        Some("state/purchased"),
        "state/canceled",
        false,
        &["cancel-stock-reservation"],
    ),
    t(
        "transition/cancel-from-disputed",
        Operator,
        Some("state/disputed"),
        "state/canceled",
        false,
        &["cancel-stock-reservation"],
    ),
    t(
        "transition/auto-cancel-from-disputed",
        System,
        Some("state/disputed"),
        "state/canceled",
        false,
        &["cancel-stock-reservation"],
    ),
    t(
        "transition/auto-complete",
        System,
        Some("state/received"),
        "state/completed",
        false,
        &[],
    ),
];

/// `default-purchase/release-1` (§9.3). Note the spelling `canceled`.
pub static DEFAULT_PURCHASE: Process = Process {
    name: "default-purchase",
    version: 1,
    transitions: &with_reviews::<18, 25>(PURCHASE_OWN, "state/completed"),
};

/// `default-inquiry/release-1` (§9.4).
pub static DEFAULT_INQUIRY: Process = Process {
    name: "default-inquiry",
    version: 1,
    transitions: &[t(
        "transition/inquire-without-payment",
        Customer,
        None,
        "state/free-inquiry",
        false,
        &["update-protected-data"],
    )],
};

/// Every process the sandbox runs, in a fixed order (`processTransition` ids depend on it).
pub const ALL: [&Process; 3] = [&DEFAULT_BOOKING, &DEFAULT_PURCHASE, &DEFAULT_INQUIRY];

/// The process behind `alias` (`<process>/release-1`), or `None` for an unknown alias
/// (`transaction-unknown-alias`).
pub fn by_alias(alias: &str) -> Option<&'static Process> {
    let (name, alias) = alias.split_once('/')?;
    if alias != "release-1" {
        return None;
    }
    ALL.into_iter().find(|p| p.name == name)
}

/// Why a transition may not run, with the API's status and error code (§3.6, §9.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionRefusal {
    /// The process has no transition by that name, or it does not start from the
    /// current state (or is not initial when initiating).
    InvalidTransition,
    /// The caller is not the transition's actor, or it needs a `trusted:user` token.
    Forbidden,
}

impl TransitionRefusal {
    /// HTTP status the API answers with.
    pub fn status(self) -> u16 {
        match self {
            Self::InvalidTransition => 409,
            Self::Forbidden => 403,
        }
    }

    /// The error code in the response body.
    pub fn code(self) -> &'static str {
        match self {
            Self::InvalidTransition => "transaction-invalid-transition",
            Self::Forbidden => "forbidden",
        }
    }
}

impl Process {
    /// Checks that `caller` may run `name` from `state` (`None` when initiating);
    /// `trusted` says whether the token has the `trusted:user` scope, which the
    /// browser SDK never has. Fails with [`TransitionRefusal`].
    pub fn check(
        &self,
        name: &str,
        state: Option<&str>,
        caller: Actor,
        trusted: bool,
    ) -> Result<&'static Transition, TransitionRefusal> {
        let transition = self
            .transition(name)
            .filter(|t| t.from == state)
            .ok_or(TransitionRefusal::InvalidTransition)?;
        if transition.actor != caller || (transition.privileged && !trusted) {
            return Err(TransitionRefusal::Forbidden);
        }
        Ok(transition)
    }
}

#[cfg(test)]
mod check_tests {
    use super::*;

    #[test]
    fn browser_customer_can_inquire_but_not_request_payment() {
        let p = &DEFAULT_BOOKING;
        assert!(p
            .check("transition/inquire", None, Actor::Customer, false)
            .is_ok());
        assert_eq!(
            p.check("transition/request-payment", None, Actor::Customer, false),
            Err(TransitionRefusal::Forbidden)
        );
        assert!(p
            .check("transition/request-payment", None, Actor::Customer, true)
            .is_ok());
    }

    #[test]
    fn wrong_state_is_409_and_wrong_actor_is_403() {
        let p = &DEFAULT_PURCHASE;
        let r = p.check(
            "transition/mark-delivered",
            Some("state/inquiry"),
            Actor::Provider,
            false,
        );
        assert_eq!(r.unwrap_err().status(), 409);
        let r = p.check(
            "transition/mark-delivered",
            Some("state/purchased"),
            Actor::Customer,
            false,
        );
        assert_eq!(r.unwrap_err().code(), "forbidden");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_payment_processes_end_with_the_review_table_from_their_reviewable_state() {
        for (process, reviewable, own) in [
            (&DEFAULT_BOOKING, "state/delivered", 13),
            (&DEFAULT_PURCHASE, "state/completed", 18),
        ] {
            assert_eq!(process.transitions.len(), own + REVIEW_TRANSITIONS);
            let review = process
                .transition("transition/review-1-by-customer")
                .unwrap();
            assert_eq!(review.from, Some(reviewable), "{}", process.name);
            assert_eq!(review.actions, REVIEW_BY_CUSTOMER);
            let last = process.transition("transition/expire-customer-review-period");
            assert_eq!(last.unwrap().to, "state/reviewed");
        }
    }

    #[test]
    fn aliases_resolve_to_their_process() {
        assert_eq!(
            by_alias("default-booking/release-1").unwrap().name,
            "default-booking"
        );
        assert!(by_alias("default-booking/release-9").is_none());
        assert!(by_alias("nope").is_none());
    }

    #[test]
    fn booking_request_payment_is_privileged_and_inquire_is_not() {
        let p = &DEFAULT_BOOKING;
        assert!(
            p.transition("transition/request-payment")
                .unwrap()
                .privileged
        );
        let inquire = p.transition("transition/inquire").unwrap();
        assert!(!inquire.privileged && inquire.from.is_none());
    }
}
