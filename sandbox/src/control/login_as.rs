//! `POST /_sandbox/login-as-code`: mints a login-as code for a user, standing in for Console's
//! "Log in as" (see `domain::login_as`).

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use sharetribe_sdk::core::json;
use sharetribe_sdk::core::value::Value;

use crate::domain::login_as::LoginAsCode;
use crate::responses;
use crate::state::SharedSandbox;

fn error(status: u16, message: &str) -> Response {
    responses::json(status, &Value::map([("error", Value::from(message))]))
}

/// `POST /_sandbox/login-as-code` with JSON `{"email", "codeChallenge", "redirectUri"}`:
/// answers `{"code": "..."}`.
pub async fn mint(State(sandbox): State<SharedSandbox>, body: Bytes) -> Response {
    let Ok(parsed) = json::parse(&String::from_utf8_lossy(&body)) else {
        return error(400, "body is not JSON");
    };
    let text = |key: &str| parsed.get(key).and_then(Value::as_str).map(str::to_owned);
    let (Some(email), Some(challenge), Some(redirect_uri)) =
        (text("email"), text("codeChallenge"), text("redirectUri"))
    else {
        return error(400, "email, codeChallenge and redirectUri are required");
    };
    let mut state = sandbox.lock();
    let Some(user) = state
        .data
        .users
        .iter()
        .position(|u| !u.deleted && u.email.eq_ignore_ascii_case(&email))
    else {
        return error(404, &format!("no user {email}"));
    };
    // Predictable on purpose (`login-as-<n>`, n from 1 after a reset), like every sandbox id.
    state.login_as_minted += 1;
    let code = format!("login-as-{}", state.login_as_minted);
    state.login_as_codes.push(LoginAsCode {
        code: code.clone(),
        user,
        challenge,
        redirect_uri,
    });
    responses::json(200, &Value::map([("code", Value::String(code))]))
}
