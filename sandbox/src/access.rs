//! Reading the caller's access token from the `Authorization` header.

use axum::http::{header, HeaderMap};

use crate::request_log::AuthKind;
use crate::state::Sandbox;
use crate::tokens::Principal;

/// The outcome of checking a request's access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authentication {
    /// No `Authorization` header.
    Missing,
    /// A header that is not `Bearer <token>`, or a token that is unknown, revoked or expired.
    Invalid,
    /// A live token.
    Valid(Principal),
}

impl Authentication {
    /// How the request log names this outcome.
    pub fn log_kind(self) -> AuthKind {
        match self {
            Authentication::Missing => AuthKind::None,
            Authentication::Invalid => AuthKind::Invalid,
            Authentication::Valid(Principal::Anonymous) => AuthKind::Anonymous,
            Authentication::Valid(Principal::User(_)) => AuthKind::User,
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme matched case-insensitively),
/// `Ok(None)` without the header, `Err(())` for any other form.
pub fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>, ()> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| ())?.trim();
    let (scheme, token) = value.split_once(' ').ok_or(())?;
    let token = token.trim();
    if scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() {
        Ok(Some(token))
    } else {
        Err(())
    }
}

/// Checks the request's access token against the sandbox's live tokens.
pub fn authenticate(sandbox: &Sandbox, headers: &HeaderMap) -> Authentication {
    match bearer_token(headers) {
        Ok(None) => Authentication::Missing,
        Err(()) => Authentication::Invalid,
        Ok(Some(token)) => match sandbox.lock().tokens.check_access(token) {
            Some(principal) => Authentication::Valid(principal),
            None => Authentication::Invalid,
        },
    }
}
