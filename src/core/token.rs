//! The token the Auth API issues, in the shape the official SDK stores it, and what
//! `authInfo()` derives from it.

use crate::core::json;
use crate::core::text;
use crate::core::value::Value;
use crate::prelude::*;
use ::core::fmt;

/// An access token, with the refresh token for user sessions.
///
/// Stored as the Auth API's JSON response (`access_token`, `token_type`, `expires_in`, `scope`,
/// `refresh_token`) plus `isLoggedInAs`, exactly as `sharetribe-flex-sdk` stores it, so both
/// SDKs read each other's cookie. `Debug` never prints the token strings.
#[derive(PartialEq)]
pub struct Token {
    /// The bearer token sent to the Marketplace API.
    pub access_token: String,
    /// `bearer`.
    pub token_type: String,
    /// Seconds the access token lives, as the Auth API gave it.
    pub expires_in: Option<i64>,
    /// Space-separated scopes (`public-read`, `user`, `trusted:user`); `None` in old tokens.
    pub scope: Option<String>,
    /// The token that gets a new access token; `None` for anonymous tokens.
    pub refresh_token: Option<String>,
    /// True for an operator's `loginAs` session.
    pub is_logged_in_as: bool,
}

impl Clone for Token {
    /// Written by hand to be not inlined: one copy of the fields' clones serves every copy of
    /// a token (a smaller wasm).
    #[inline(never)]
    fn clone(&self) -> Self {
        Token {
            access_token: self.access_token.clone(),
            token_type: self.token_type.clone(),
            expires_in: self.expires_in,
            scope: self.scope.clone(),
            refresh_token: self.refresh_token.clone(),
            is_logged_in_as: self.is_logged_in_as,
        }
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("is_logged_in_as", &self.is_logged_in_as)
            .finish()
    }
}

impl Token {
    /// Reads a token from its stored or received JSON form. Returns `None` for anything that is
    /// not a token (corrupt text, another app's value, a missing `access_token`).
    pub fn from_json(text: &str) -> Option<Token> {
        Token::from_value(&json::parse(text).ok()?)
    }

    /// Reads a token from a decoded JSON object; `None` if it is not one.
    pub fn from_value(value: &Value) -> Option<Token> {
        let text = |key: &str| text_field(value, key);
        let access_token = text("access_token").filter(|t| !t.is_empty())?;
        Some(Token {
            access_token,
            token_type: text("token_type").unwrap_or_else(|| "bearer".to_owned()),
            expires_in: value.get("expires_in").and_then(Value::as_i64),
            scope: text("scope"),
            refresh_token: text("refresh_token").filter(|t| !t.is_empty()),
            is_logged_in_as: matches!(value.get("isLoggedInAs"), Some(Value::Bool(true))),
        })
    }

    /// The token as a JSON object, with the official SDK's field names. `isLoggedInAs` is only
    /// present when true, as the official SDK leaves it out otherwise.
    pub fn to_value(&self) -> Value {
        let mut entries = Vec::with_capacity(6);
        put(&mut entries, "access_token", &self.access_token);
        put(&mut entries, "token_type", &self.token_type);
        if let Some(expires_in) = self.expires_in {
            field(&mut entries, "expires_in", Value::Int(expires_in));
        }
        if let Some(scope) = &self.scope {
            put(&mut entries, "scope", scope);
        }
        if let Some(refresh) = &self.refresh_token {
            put(&mut entries, "refresh_token", refresh);
        }
        if self.is_logged_in_as {
            field(&mut entries, "isLoggedInAs", Value::Bool(true));
        }
        Value::Map(entries)
    }

    /// The token as JSON text, the form the cookie and storage stores keep.
    pub fn to_json(&self) -> String {
        json::write(&self.to_value())
    }

    /// True for an anonymous (`public-read`) token. Tokens stored without a `scope` by old SDK
    /// versions count as anonymous when they hold no refresh token, as the official SDK does.
    pub fn is_anonymous(&self) -> bool {
        match &self.scope {
            Some(scope) => scope == "public-read",
            None => self.refresh_token.is_none(),
        }
    }

    /// What `login` and `loginAs` resolve as `data`: the token's type, scope and lifetime
    /// (`token_type`, `expires_in`, `scope`), never the tokens themselves.
    pub fn login_data(self) -> Value {
        let mut data = Vec::new();
        field(&mut data, "token_type", Value::String(self.token_type));
        if let Some(expires_in) = self.expires_in {
            field(&mut data, "expires_in", Value::Int(expires_in));
        }
        if let Some(scope) = self.scope {
            field(&mut data, "scope", Value::String(scope));
        }
        Value::Map(data)
    }

    /// The `Authorization` header value for this token.
    pub fn authorization(&self) -> String {
        text::concat(&["Bearer ", &self.access_token])
    }
}

/// The string at `key` of a token object, if it is one. Not inlined: one copy for every field.
#[inline(never)]
fn text_field(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

/// The scopes of a space-separated `scope`, as `scope.split(' ')` gives them.
fn scope_list(scope: &str) -> Vec<String> {
    // A plain loop: smaller in the wasm than a map/collect chain.
    let mut scopes = Vec::new();
    for one in scope.split(' ') {
        scopes.push(one.to_owned());
    }
    scopes
}

/// Appends the string entry `key: text`. Not inlined: one copy of the allocation serves every
/// entry (a smaller wasm).
#[inline(never)]
fn put(entries: &mut Vec<(String, Value)>, key: &str, text: &str) {
    field(entries, key, Value::String(text.to_owned()));
}

/// What `sdk.authInfo()` returns, with the official SDK's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthInfo {
    /// The token's scopes; `None` for old tokens stored without a scope.
    pub scopes: Option<Vec<String>>,
    /// True for an anonymous (`public-read`) token: no user is logged in.
    pub is_anonymous: bool,
    /// Deprecated in the official SDK and kept for compatibility: `client_credentials` for
    /// anonymous sessions, `refresh_token` for user sessions.
    pub grant_type: &'static str,
    /// True for an operator's `loginAs` session.
    pub is_logged_in_as: bool,
}

impl AuthInfo {
    /// Derives the auth info of a stored token; `None` when no token is stored (the official SDK
    /// returns `{}` then).
    pub fn of(token: Option<&Token>) -> Option<AuthInfo> {
        let token = token?;
        let is_anonymous = token.is_anonymous();
        Some(AuthInfo {
            scopes: token.scope.as_deref().map(scope_list),
            is_anonymous,
            grant_type: if is_anonymous {
                "client_credentials"
            } else {
                "refresh_token"
            },
            is_logged_in_as: token.is_logged_in_as,
        })
    }

    /// What `sdk.authInfo()` resolves for the stored token's `info`, with the official SDK's
    /// field names: `{ scopes, isAnonymous, grantType, isLoggedInAs }` (`scopes` only when
    /// the token has a scope), and `{}` when no token is stored (`None`).
    pub fn to_value(info: Option<AuthInfo>) -> Value {
        let mut fields = Vec::new();
        if let Some(info) = info {
            if let Some(scopes) = info.scopes {
                // A plain loop: smaller in the wasm than a map/collect chain.
                let mut list = Vec::new();
                for scope in scopes {
                    list.push(Value::String(scope));
                }
                field(&mut fields, "scopes", Value::Array(list));
            }
            field(&mut fields, "isAnonymous", Value::Bool(info.is_anonymous));
            field(&mut fields, "grantType", Value::from(info.grant_type));
            field(
                &mut fields,
                "isLoggedInAs",
                Value::Bool(info.is_logged_in_as),
            );
        }
        Value::Map(fields)
    }
}

/// Appends the entry `key: value`. Not inlined: one copy serves every field.
#[inline(never)]
fn field(entries: &mut Vec<(String, Value)>, key: &str, value: Value) {
    entries.push((key.to_owned(), value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_info_values_have_the_official_sdk_fields() {
        let token = Token::from_json(
            r#"{"access_token":"a","token_type":"bearer","scope":"user trusted:user","refresh_token":"r","isLoggedInAs":true}"#,
        );
        let info = AuthInfo::of(token.as_ref());
        assert_eq!(
            json::write(&AuthInfo::to_value(info)),
            r#"{"scopes":["user","trusted:user"],"isAnonymous":false,"grantType":"refresh_token","isLoggedInAs":true}"#
        );
        let old = Token::from_json(r#"{"access_token":"a"}"#);
        assert_eq!(
            json::write(&AuthInfo::to_value(AuthInfo::of(old.as_ref()))),
            r#"{"isAnonymous":true,"grantType":"client_credentials","isLoggedInAs":false}"#
        );
        assert_eq!(json::write(&AuthInfo::to_value(None)), "{}");
    }

    #[test]
    fn login_data_has_no_token_in_it() {
        let token = Token::from_json(
            r#"{"access_token":"secret-a","token_type":"bearer","expires_in":86400,"scope":"user","refresh_token":"secret-r"}"#,
        );
        assert_eq!(
            json::write(&token.unwrap().login_data()),
            r#"{"token_type":"bearer","expires_in":86400,"scope":"user"}"#
        );
    }
}
