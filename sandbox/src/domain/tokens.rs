//! Issued access and refresh tokens: issuance, refresh with optional rotation, revocation and
//! expiry. Tokens are opaque random strings; nothing about them is derivable from the user.
//!
//! A rotated-out refresh token stays usable for a grace period (like the real Auth API, which
//! lets a server that refreshes twice in parallel with one token keep its session): within it,
//! the old token answers a new access token and the session's current refresh token. With no
//! grace (`--strict-refresh`) it is revoked at once.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::random::Rng;

/// Who an access token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    /// An anonymous (`public-read`) token.
    Anonymous,
    /// A logged-in user, by index into the seed's users.
    User(usize),
}

/// A successful grant, ready to be written as the token endpoint's JSON response.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The new access token.
    pub access_token: String,
    /// The refresh token, for user grants only.
    pub refresh_token: Option<String>,
    /// Lifetime of the access token in seconds.
    pub expires_in: u64,
    /// `public-read` or `user`.
    pub scope: &'static str,
}

#[derive(Debug, Clone)]
struct AccessToken {
    principal: Principal,
    /// The login session this token belongs to; revoking the session kills the token.
    session: Option<u64>,
    expires_at: Instant,
}

#[derive(Debug, Clone, Copy)]
struct Session {
    id: u64,
    user: usize,
}

/// A refresh token replaced by rotation, still accepted until `until`.
#[derive(Debug, Clone)]
struct Retired {
    session: Session,
    until: Instant,
}

/// All live tokens of one sandbox.
#[derive(Debug)]
pub struct TokenStore {
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, Session>,
    /// Rotated-out refresh tokens within their grace period.
    retired: HashMap<String, Retired>,
    next_session: u64,
    ttl: Duration,
    rotate: bool,
    grace: Duration,
    rng: Rng,
}

impl TokenStore {
    /// An empty store issuing access tokens valid for `ttl`, rotating refresh tokens when
    /// `rotate` is set; a rotated-out refresh token keeps working for `grace` (zero: revoked
    /// at once).
    pub fn new(ttl: Duration, rotate: bool, grace: Duration) -> TokenStore {
        TokenStore {
            access: HashMap::new(),
            refresh: HashMap::new(),
            retired: HashMap::new(),
            next_session: 1,
            ttl,
            rotate,
            grace,
            rng: Rng::from_entropy(),
        }
    }

    /// The session's live (newest) refresh token.
    fn current_refresh_token(&self, session: u64) -> Option<String> {
        self.refresh
            .iter()
            .find(|(_, s)| s.id == session)
            .map(|(token, _)| token.clone())
    }

    fn new_access(&mut self, principal: Principal, session: Option<u64>) -> String {
        let token = self.rng.token();
        let expires_at = Instant::now() + self.ttl;
        self.access.insert(
            token.clone(),
            AccessToken {
                principal,
                session,
                expires_at,
            },
        );
        token
    }

    /// Issues an anonymous `public-read` access token (no refresh token).
    pub fn issue_anonymous(&mut self) -> Grant {
        Grant {
            access_token: self.new_access(Principal::Anonymous, None),
            refresh_token: None,
            expires_in: self.ttl.as_secs(),
            scope: "public-read",
        }
    }

    /// Starts a new login session for `user` and issues its first token pair.
    pub fn issue_for_user(&mut self, user: usize) -> Grant {
        let session = Session {
            id: self.next_session,
            user,
        };
        self.next_session += 1;
        let refresh_token = self.rng.token();
        self.refresh.insert(refresh_token.clone(), session);
        self.session_grant(session, refresh_token)
    }

    fn session_grant(&mut self, session: Session, refresh_token: String) -> Grant {
        Grant {
            access_token: self.new_access(Principal::User(session.user), Some(session.id)),
            refresh_token: Some(refresh_token),
            expires_in: self.ttl.as_secs(),
            scope: "user",
        }
    }

    /// Exchanges a refresh token for a new access token. With rotation on, a new refresh
    /// token is returned and the old one retired (usable for the grace period, during which
    /// it answers the session's current refresh token); otherwise the same one comes back.
    /// Returns `None` when the refresh token is unknown, revoked or past its grace.
    pub fn refresh(&mut self, refresh_token: &str) -> Option<Grant> {
        let now = Instant::now();
        self.retired.retain(|_, r| now < r.until);
        if let Some(retired) = self.retired.get(refresh_token) {
            let session = retired.session;
            let current = self.current_refresh_token(session.id)?;
            return Some(self.session_grant(session, current));
        }
        let session = *self.refresh.get(refresh_token)?;
        let next = if self.rotate {
            self.refresh.remove(refresh_token);
            if !self.grace.is_zero() {
                self.retired.insert(
                    refresh_token.to_owned(),
                    Retired {
                        session,
                        until: now + self.grace,
                    },
                );
            }
            let fresh = self.rng.token();
            self.refresh.insert(fresh.clone(), session);
            fresh
        } else {
            refresh_token.to_owned()
        };
        Some(self.session_grant(session, next))
    }

    /// Revokes the session of a refresh token (current or retired): its refresh tokens and
    /// every access token. Unknown tokens are ignored, so revocation is idempotent.
    pub fn revoke(&mut self, refresh_token: &str) {
        let session = self
            .refresh
            .get(refresh_token)
            .copied()
            .or_else(|| self.retired.get(refresh_token).map(|r| r.session));
        if let Some(session) = session {
            self.refresh.retain(|_, s| s.id != session.id);
            self.retired.retain(|_, r| r.session.id != session.id);
            self.access.retain(|_, t| t.session != Some(session.id));
        }
    }

    /// Who `access_token` speaks for, or `None` when it is unknown, revoked or expired.
    pub fn check_access(&self, access_token: &str) -> Option<Principal> {
        self.access
            .get(access_token)
            .filter(|t| Instant::now() < t.expires_at)
            .map(|t| t.principal)
    }

    /// Makes every access token issued so far expired; refresh tokens stay valid.
    /// Returns how many access tokens were affected.
    pub fn expire_all_access(&mut self) -> usize {
        let now = Instant::now();
        for token in self.access.values_mut() {
            token.expires_at = now;
        }
        self.access.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: Duration = Duration::ZERO;
    const GRACE: Duration = Duration::from_secs(60);

    #[test]
    fn within_the_grace_the_old_refresh_token_answers_the_current_one() {
        let mut store = TokenStore::new(Duration::from_secs(60), true, GRACE);
        let old = store.issue_for_user(1).refresh_token.unwrap();
        let first = store.refresh(&old).unwrap();
        let second = store.refresh(&old).unwrap();
        assert_ne!(first.refresh_token.as_deref(), Some(old.as_str()));
        assert_eq!(first.refresh_token, second.refresh_token);
        assert_ne!(first.access_token, second.access_token);
        assert_eq!(
            store.check_access(&second.access_token),
            Some(Principal::User(1))
        );
        // Revoking through the retired token ends the whole session.
        store.revoke(&old);
        assert!(store
            .refresh(first.refresh_token.as_deref().unwrap())
            .is_none());
        assert!(store.check_access(&first.access_token).is_none());
    }

    #[test]
    fn past_the_grace_the_old_refresh_token_is_refused() {
        let mut store = TokenStore::new(Duration::from_secs(60), true, Duration::from_millis(1));
        let old = store.issue_for_user(0).refresh_token.unwrap();
        store.refresh(&old).unwrap();
        std::thread::sleep(Duration::from_millis(5));
        assert!(store.refresh(&old).is_none());
    }

    #[test]
    fn rotation_revokes_the_old_refresh_token() {
        let mut store = TokenStore::new(Duration::from_secs(60), true, STRICT);
        let first = store.issue_for_user(1);
        let old = first.refresh_token.unwrap();
        let second = store.refresh(&old).unwrap();
        assert_ne!(second.refresh_token.as_deref(), Some(old.as_str()));
        assert!(store.refresh(&old).is_none());
        assert_eq!(
            store.check_access(&second.access_token),
            Some(Principal::User(1))
        );
    }

    #[test]
    fn without_rotation_the_same_refresh_token_returns() {
        let mut store = TokenStore::new(Duration::from_secs(60), false, STRICT);
        let old = store.issue_for_user(0).refresh_token.unwrap();
        let again = store.refresh(&old).unwrap();
        assert_eq!(again.refresh_token.as_deref(), Some(old.as_str()));
    }

    #[test]
    fn revoke_kills_the_session_and_expiry_kills_access_only() {
        let mut store = TokenStore::new(Duration::from_secs(60), true, STRICT);
        let grant = store.issue_for_user(0);
        let anon = store.issue_anonymous();
        store.revoke(grant.refresh_token.as_deref().unwrap());
        assert!(store.check_access(&grant.access_token).is_none());
        assert_eq!(
            store.check_access(&anon.access_token),
            Some(Principal::Anonymous)
        );

        let grant = store.issue_for_user(0);
        store.expire_all_access();
        assert!(store.check_access(&grant.access_token).is_none());
        assert!(store
            .refresh(grant.refresh_token.as_deref().unwrap())
            .is_some());
    }
}
