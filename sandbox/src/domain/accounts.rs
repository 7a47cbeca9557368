//! Rules for user accounts: the shape of a new email address and password.

use crate::domain::data::Data;
use crate::responses::ApiError;

/// Shortest password the API accepts.
pub const MIN_PASSWORD_LENGTH: usize = 8;

/// Checks an email address's shape and that no live account has it. Fails with 400 for a
/// malformed address and 409 `email-taken`.
pub fn check_new_email(data: &Data, field: &str, email: &str) -> Result<(), ApiError> {
    let well_formed = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if !well_formed {
        return Err(ApiError::invalid_body_value(
            field,
            "is not an email address",
        ));
    }
    if data
        .users
        .iter()
        .any(|u| !u.deleted && u.email.eq_ignore_ascii_case(email))
    {
        return Err(ApiError::conflict(
            "email-taken",
            "An account with this email address already exists",
        ));
    }
    Ok(())
}

/// Checks a new password's length. Fails with 400 naming `field`.
pub fn check_password(field: &str, password: &str) -> Result<(), ApiError> {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        return Err(ApiError::invalid_body_value(
            field,
            "must be at least 8 characters",
        ));
    }
    Ok(())
}
