//! Reading the caller's access token from the `Authorization` header.

use axum::http::{header, HeaderMap};

use crate::domain::tokens::Principal;
use crate::request_log::AuthKind;
use crate::state::Sandbox;

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

/// What the `Authorization` header holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerHeader<'a> {
    /// No header.
    Absent,
    /// A header that is not `Bearer <token>`.
    Malformed,
    /// The token of `Bearer <token>` (scheme matched case-insensitively).
    Token(&'a str),
}

/// Reads the `Authorization` header.
pub fn bearer_token(headers: &HeaderMap) -> BearerHeader<'_> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return BearerHeader::Absent;
    };
    let Some((scheme, token)) = value.to_str().ok().and_then(|v| v.trim().split_once(' ')) else {
        return BearerHeader::Malformed;
    };
    let token = token.trim();
    if scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() {
        BearerHeader::Token(token)
    } else {
        BearerHeader::Malformed
    }
}

/// Checks the request's access token against the sandbox's live tokens.
pub fn authenticate(sandbox: &Sandbox, headers: &HeaderMap) -> Authentication {
    match bearer_token(headers) {
        BearerHeader::Absent => Authentication::Missing,
        BearerHeader::Malformed => Authentication::Invalid,
        BearerHeader::Token(token) => match sandbox.lock().tokens.check_access(token) {
            Some(principal) => Authentication::Valid(principal),
            None => Authentication::Invalid,
        },
    }
}
