//! The Authentication API: `POST /v1/auth/token` and `POST /v1/auth/revoke`, form in and
//! JSON out. Error bodies follow OAuth2 (`{"error", "error_description"}`) and never echo
//! a submitted credential.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use sharetribe_sdk::core::value::Value;

use crate::access::{authenticate, Authentication};
use crate::domain::seed::CLIENT_ID;
use crate::domain::tokens::Grant;
use crate::params::parse_urlencoded;
use crate::responses;
use crate::state::SharedSandbox;

/// A parsed form body.
struct Form(Vec<(String, String)>);

impl Form {
    fn parse(body: &[u8]) -> Form {
        Form(parse_urlencoded(&String::from_utf8_lossy(body)))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// The `grant_type` of a token request body, for the request log.
pub fn grant_type_of(body: &[u8]) -> Option<String> {
    Form::parse(body).get("grant_type").map(str::to_owned)
}

fn oauth_error(status: u16, error: &str, description: &str) -> Response {
    responses::json(
        status,
        &Value::map([
            ("error", Value::from(error)),
            ("error_description", Value::from(description)),
        ]),
    )
}

fn grant_response(grant: Grant) -> Response {
    let mut body = vec![
        ("access_token", Value::String(grant.access_token)),
        ("token_type", Value::from("bearer")),
        ("expires_in", Value::Int(grant.expires_in as i64)),
        ("scope", Value::from(grant.scope)),
    ];
    if let Some(refresh) = grant.refresh_token {
        body.push(("refresh_token", Value::String(refresh)));
    }
    responses::json(200, &Value::map(body))
}

/// `POST /v1/auth/token`: the `client_credentials`, `password` and `refresh_token` grants.
pub async fn token(State(sandbox): State<SharedSandbox>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    if form.0.iter().any(|(k, _)| k == "client_secret") {
        return oauth_error(
            400,
            "invalid_request",
            "The sandbox never accepts client secrets: it emulates a browser client, which only \
             sends its client ID. Remove client_secret from the request.",
        );
    }
    match form.get("client_id") {
        None => return oauth_error(400, "invalid_request", "Missing client_id"),
        Some(id) if id != CLIENT_ID => {
            return oauth_error(
                401,
                "invalid_client",
                &format!("Unknown client ID; the sandbox only knows '{CLIENT_ID}'"),
            )
        }
        Some(_) => {}
    }
    let mut state = sandbox.lock();
    match form.get("grant_type") {
        None => oauth_error(400, "invalid_request", "Missing grant_type"),
        Some("client_credentials") => match form.get("scope") {
            None | Some("public-read") => grant_response(state.tokens.issue_anonymous()),
            Some(_) => oauth_error(
                400,
                "invalid_scope",
                "client_credentials only grants scope public-read",
            ),
        },
        Some("password") => {
            let (Some(username), Some(password)) = (form.get("username"), form.get("password"))
            else {
                return oauth_error(
                    400,
                    "invalid_request",
                    "The password grant needs username and password",
                );
            };
            let user = state.data.users.iter().position(|u| {
                !u.deleted && u.email.eq_ignore_ascii_case(username) && u.password == password
            });
            match user {
                Some(user) => grant_response(state.tokens.issue_for_user(user)),
                None => oauth_error(401, "invalid_grant", "Wrong username or password"),
            }
        }
        Some("refresh_token") => match form.get("refresh_token") {
            None => oauth_error(400, "invalid_request", "Missing refresh_token"),
            Some(refresh) => match state.tokens.refresh(refresh) {
                Some(grant) => grant_response(grant),
                None => oauth_error(401, "invalid_grant", "Refresh token is unknown or revoked"),
            },
        },
        Some("authorization_code") => {
            let (Some(code), Some(redirect_uri), Some(verifier)) = (
                form.get("code"),
                form.get("redirect_uri"),
                form.get("code_verifier"),
            ) else {
                return oauth_error(
                    400,
                    "invalid_request",
                    "The authorization_code grant needs code, redirect_uri and code_verifier",
                );
            };
            let state = &mut *state;
            match crate::domain::login_as::redeem(&mut state.login_as_codes, code, redirect_uri, verifier)
            {
                Some(user) => grant_response(state.tokens.issue_for_user(user)),
                None => oauth_error(
                    401,
                    "invalid_grant",
                    "The code is unknown or used, or the redirect URI or code verifier does not match it",
                ),
            }
        }
        Some(other) => oauth_error(
            400,
            "unsupported_grant_type",
            &format!(
                "Grant type '{other}' is not supported by the sandbox \
                 (client_credentials, password, refresh_token, authorization_code are)"
            ),
        ),
    }
}

/// `POST /v1/auth/revoke`: revokes the refresh token in `token` and its session's access
/// tokens. Needs a live access token in `Authorization`; an unknown refresh token still
/// answers 200, so logging out twice is harmless.
pub async fn revoke(
    State(sandbox): State<SharedSandbox>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match authenticate(&sandbox, &headers) {
        Authentication::Missing => {
            return oauth_error(
                401,
                "invalid_token",
                "Missing Authorization: Bearer <access token>",
            )
        }
        Authentication::Invalid => {
            return oauth_error(401, "invalid_token", "Access token is invalid or expired")
        }
        Authentication::Valid(_) => {}
    }
    let form = Form::parse(&body);
    let Some(token) = form.get("token") else {
        return oauth_error(400, "invalid_request", "Missing token");
    };
    sandbox.lock().tokens.revoke(token);
    responses::json(200, &Value::map([("action", Value::from("revoked"))]))
}
