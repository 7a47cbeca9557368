//! `passwordReset.request` and `passwordReset.reset`. The reset token is predictable
//! (`reset-<email>-<n>`, see [`crate::domain::data::User::issue_token`]) and readable through
//! `GET /_sandbox/users/<email>/tokens`, standing in for the email a real marketplace sends.

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::accounts::check_password;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .post("password_reset/request", request)
        .post("password_reset/reset", reset)
}

fn user_by_email(ctx: &Ctx, email: &str) -> Result<usize, ApiError> {
    ctx.data
        .users
        .iter()
        .position(|u| !u.deleted && u.email.eq_ignore_ascii_case(email))
        .ok_or_else(|| ApiError::conflict("email-not-found", "No account has this email address"))
}

/// Nothing to return but success: `data` is null.
fn done() -> Value {
    Value::map([
        ("data", Value::Null),
        ("meta", Value::Map(Vec::new())),
        ("included", Value::Array(Vec::new())),
    ])
}

fn request(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let email = ctx.required_body_string("email")?;
    let user = user_by_email(ctx, &email)?;
    let record = &mut ctx.data.users[user];
    let token = record.issue_token("reset");
    record.password_reset_token = Some(token);
    Ok(done())
}

fn reset(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let email = ctx.required_body_string("email")?;
    let token = ctx.required_body_string("passwordResetToken")?;
    let new_password = ctx.required_body_string("newPassword")?;
    check_password("newPassword", &new_password)?;
    let user = user_by_email(ctx, &email)?;
    let record = &mut ctx.data.users[user];
    if record.password_reset_token.as_deref() != Some(token.as_str()) {
        return Err(ApiError::forbidden(
            "The password reset token is wrong or was already used",
        ));
    }
    record.password_reset_token = None;
    record.password = new_password;
    Ok(done())
}
