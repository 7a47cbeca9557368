//! `currentUser.*` commands: sign-up, profile, email, password, deletion and email
//! verification. Verification tokens are predictable (see [`crate::domain::data::User::issue_token`])
//! and readable through `GET /_sandbox/users/<email>/tokens`.

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::accounts::{check_new_email, check_password};
use crate::domain::data::{kind, User};
use crate::domain::extended_data::merge_extended;
use crate::resources::users::current_user;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .post("current_user/create", create)
        .post("current_user/create_with_idp", create_with_idp)
        .post("current_user/update_profile", update_profile)
        .post("current_user/change_email", change_email)
        .post("current_user/change_password", change_password)
        .post("current_user/delete", delete)
        .post("current_user/verify_email", verify_email)
        .post(
            "current_user/send_verification_email",
            send_verification_email,
        )
}

/// The caller, after checking body `currentPassword`. Fails with 403 for a wrong password.
fn with_password(ctx: &Ctx) -> Result<usize, ApiError> {
    let user = ctx.user()?;
    let given = ctx.required_body_string("currentPassword")?;
    if ctx.data.users[user].password != given {
        return Err(ApiError::forbidden("The current password is wrong"));
    }
    Ok(user)
}

fn create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let email = ctx.required_body_string("email")?;
    let password = ctx.required_body_string("password")?;
    let first_name = ctx.required_body_string("firstName")?;
    let last_name = ctx.required_body_string("lastName")?;
    check_new_email(ctx.data, "email", &email)?;
    check_password("password", &password)?;
    let empty = Value::Map(Vec::new());
    let extended = |name: &str| -> Result<Value, ApiError> {
        Ok(merge_extended(
            &empty,
            &ctx.body_extended_data(name)?
                .unwrap_or(Value::Map(Vec::new())),
        ))
    };
    let (public_data, protected_data, private_data) = (
        extended("publicData")?,
        extended("protectedData")?,
        extended("privateData")?,
    );
    let display_name = ctx.body_string("displayName")?;
    let bio = ctx.body_string("bio")?.unwrap_or_default();
    let id = ctx.new_id(kind::USER);
    let created_at = ctx.now_ms();
    let mut user = User {
        first_name,
        last_name,
        bio,
        public_data,
        protected_data,
        private_data,
        display_name,
        ..User::new(id, email, password, created_at)
    };
    // Sign-up sends the first verification email.
    let token = user.issue_token("verify");
    user.verification_tokens.push(token);
    ctx.data.users.push(user);
    let i = ctx.data.users.len() - 1;
    Ok(ctx.command_result(current_user(i)))
}

fn create_with_idp(ctx: &mut Ctx) -> Result<Value, ApiError> {
    ctx.required_body_string("idpId")?;
    ctx.required_body_string("idpClientId")?;
    ctx.required_body_string("idpToken")?;
    // 403, not 401: an SDK takes a 401 to mean its access token expired and retries.
    Err(ApiError::new(
        403,
        "auth-invalid-idp-token",
        "The sandbox cannot verify identity provider tokens",
    ))
}

fn update_profile(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let first_name = ctx.body_string("firstName")?;
    let last_name = ctx.body_string("lastName")?;
    let display_name = ctx.body_string("displayName")?;
    let bio = ctx.body_string("bio")?;
    for (field, value) in [("firstName", &first_name), ("lastName", &last_name)] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err(ApiError::invalid_body_value(field, "must not be empty"));
        }
    }
    let public = ctx.body_extended_data("publicData")?;
    let protected = ctx.body_extended_data("protectedData")?;
    let private = ctx.body_extended_data("privateData")?;
    // `profileImageId: null` removes the picture; an id must be an image the user uploaded.
    let profile_image = match ctx.body.value.get("profileImageId") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(_) => {
            let id = ctx.required_body_uuid("profileImageId")?;
            let image = ctx
                .data
                .images
                .iter()
                .position(|img| img.id == id && img.owner == Some(user))
                .ok_or_else(|| {
                    ApiError::invalid_body_value("profileImageId", "is not an image you uploaded")
                })?;
            Some(Some(image))
        }
    };
    let record = &mut ctx.data.users[user];
    if let Some(v) = first_name {
        record.first_name = v;
    }
    if let Some(v) = last_name {
        record.last_name = v;
    }
    if display_name.is_some() {
        record.display_name = display_name;
    }
    if let Some(v) = bio {
        record.bio = v;
    }
    if let Some(update) = public {
        record.public_data = merge_extended(&record.public_data, &update);
    }
    if let Some(update) = protected {
        record.protected_data = merge_extended(&record.protected_data, &update);
    }
    if let Some(update) = private {
        record.private_data = merge_extended(&record.private_data, &update);
    }
    if let Some(image) = profile_image {
        record.profile_image = image;
    }
    Ok(ctx.command_result(current_user(user)))
}

fn change_email(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = with_password(ctx)?;
    let email = ctx.required_body_string("email")?;
    check_new_email(ctx.data, "email", &email)?;
    let record = &mut ctx.data.users[user];
    // The new address waits for verification; a token is sent to it.
    record.pending_email = Some(email);
    let token = record.issue_token("verify");
    record.verification_tokens = vec![token];
    Ok(ctx.command_result(current_user(user)))
}

fn change_password(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = with_password(ctx)?;
    let new_password = ctx.required_body_string("newPassword")?;
    check_password("newPassword", &new_password)?;
    ctx.data.users[user].password = new_password;
    Ok(ctx.command_result(current_user(user)))
}

fn delete(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = with_password(ctx)?;
    ctx.data.users[user].deleted = true;
    Ok(ctx.command_result(current_user(user)))
}

fn verify_email(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let token = ctx.required_body_string("verificationToken")?;
    let record = &mut ctx.data.users[user];
    if record.email_verified && record.pending_email.is_none() {
        return Err(ApiError::conflict(
            "email-already-verified",
            "The email address is already verified",
        ));
    }
    if !record.verification_tokens.contains(&token) {
        return Err(ApiError::forbidden(
            "The verification token is wrong or was already used",
        ));
    }
    if let Some(email) = record.pending_email.take() {
        record.email = email;
    }
    record.email_verified = true;
    record.verification_tokens.clear();
    Ok(ctx.command_result(current_user(user)))
}

fn send_verification_email(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let record = &mut ctx.data.users[user];
    if record.email_verified && record.pending_email.is_none() {
        return Err(ApiError::conflict(
            "email-already-verified",
            "The email address is already verified",
        ));
    }
    // Older tokens stay valid.
    let token = record.issue_token("verify");
    record.verification_tokens.push(token);
    Ok(ctx.command_result(current_user(user)))
}
