//! The token lifecycle: getting a token before the first call, renewing it when the
//! Marketplace API refuses it, logging in and out.
//!
//! The rules, each covered by the module tests:
//! - A call with no stored token first fetches an anonymous token and stores it.
//! - A 401 from the Marketplace API renews the token once and retries the call once: a user
//!   session uses its refresh token, an anonymous one fetches a new anonymous token.
//! - Token requests are single flight: concurrent calls in one instance share one request,
//!   and across tabs the [`RefreshLock`] plus a re-read of the store make a tab reuse the token
//!   another tab just got, so a server that rotates refresh tokens never logs the user out.
//! - A refresh token the Auth API rejects ends the user session; the call continues anonymously.
//! - Network errors, timeouts and 5xx never delete the stored session, and never leave the
//!   instance stuck: the next call asks again.

use crate::core::config::Config;
use crate::core::error::SdkError;
use crate::core::http::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use crate::core::json;
use crate::core::query;
use crate::core::store::{RefreshLock, TokenStore};
use crate::core::token::{AuthInfo, Token};
use crate::core::value::Value;
use crate::core::LocalBoxFuture;
use futures_util::future::{FutureExt, Shared};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// A token request shared by every call waiting for it.
type TokenTask = Shared<LocalBoxFuture<'static, Result<Token, SdkError>>>;

/// Owns the token of one SDK instance and sends Marketplace API requests with it.
pub struct Auth {
    parts: Rc<Parts>,
    /// The token request in flight, if any. Cleared as soon as it completes, successfully or
    /// not, so a failure never sticks to the instance.
    in_flight: RefCell<Option<TokenTask>>,
}

impl fmt::Debug for Auth {
    // Written by hand so that nothing token-like can ever be printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("client_id", &self.parts.config.client_id)
            .field("base_url", &self.parts.config.base_url)
            .field(
                "token_request_in_flight",
                &self.in_flight.borrow().is_some(),
            )
            .finish()
    }
}

/// What a token request task needs; shared by `Rc` because the task outlives any one call.
struct Parts {
    config: Rc<Config>,
    store: Rc<dyn TokenStore>,
    transport: Rc<dyn Transport>,
    lock: Rc<dyn RefreshLock>,
}

/// The grants the browser SDK uses. There is deliberately no grant with a client secret.
enum Grant<'a> {
    Anonymous,
    Password {
        username: &'a str,
        password: &'a str,
    },
    Refresh(&'a str),
}

impl Auth {
    /// Creates the token lifecycle of one SDK instance. Nothing is sent until the first call.
    pub fn new(
        config: Rc<Config>,
        store: Rc<dyn TokenStore>,
        transport: Rc<dyn Transport>,
        lock: Rc<dyn RefreshLock>,
    ) -> Self {
        Auth {
            parts: Rc::new(Parts {
                config,
                store,
                transport,
                lock,
            }),
            in_flight: RefCell::new(None),
        }
    }

    /// Sends a Marketplace API request with `Authorization: Bearer <access token>`, getting an
    /// anonymous token first when none is stored, and renewing the token and retrying once when
    /// the API answers 401. Resolves with the final response whatever its status (a second 401
    /// included). Fails when a token cannot be had (`Network`, `Timeout`, `Api` from the Auth
    /// API, `InvalidResponse`), when the request gets no answer, or when the store fails.
    pub async fn send_authorized(&self, request: HttpRequest) -> Result<HttpResponse, SdkError> {
        let token = match self.parts.stored_token().await? {
            Some(token) => token,
            None => self.renewed_token(None).await?,
        };
        let response = self.parts.send(with_bearer(&request, &token)).await?;
        if response.status != 401 {
            return Ok(response);
        }
        let renewed = self.renewed_token(Some(token.access_token)).await?;
        self.parts.send(with_bearer(&request, &renewed)).await
    }

    /// Logs in with a username (email) and password and stores the user token, replacing any
    /// anonymous one. Fails with `Api` (401 for wrong credentials) or a transport error; the
    /// stored token is unchanged then.
    pub async fn login(&self, username: &str, password: &str) -> Result<Token, SdkError> {
        let token = self
            .parts
            .request_token(Grant::Password { username, password })
            .await?;
        self.parts.store.set_token(token.clone()).await?;
        Ok(token)
    }

    /// Ends the session: revokes the refresh token of a user session, then removes the stored
    /// token whatever the revoke answered (the user asked to sign out). Fails only when the
    /// revoke could not be done for a transient reason (network, timeout, 5xx), after the
    /// token has been removed locally, or when the store fails.
    pub async fn logout(&self) -> Result<(), SdkError> {
        let stored = self.parts.stored_token().await?;
        let revoked = match &stored {
            Some(token) if token.refresh_token.is_some() => self.parts.revoke(token).await,
            _ => Ok(()),
        };
        self.parts.store.remove_token().await?;
        revoked
    }

    /// Describes the stored token without any network call; `None` when no token is stored.
    /// Fails only when the store fails.
    pub async fn auth_info(&self) -> Result<Option<AuthInfo>, SdkError> {
        Ok(AuthInfo::of(self.parts.stored_token().await?.as_ref()))
    }

    /// A token to use instead of `stale` (the access token the API refused; `None` when no
    /// token was stored). Joins the token request in flight if there is one.
    async fn renewed_token(&self, stale: Option<String>) -> Result<Token, SdkError> {
        let task = {
            let mut slot = self.in_flight.borrow_mut();
            match slot.as_ref() {
                Some(task) => task.clone(),
                None => {
                    let task = self.parts.clone().renew(stale).boxed_local().shared();
                    *slot = Some(task.clone());
                    task
                }
            }
        };
        let result = task.clone().await;
        // The first waiter to resume empties the slot, so the next call that needs a token
        // asks again instead of reusing this result (a failure above all).
        let mut slot = self.in_flight.borrow_mut();
        if slot.as_ref().is_some_and(|t| Shared::ptr_eq(t, &task)) {
            *slot = None;
        }
        result
    }
}

impl Parts {
    async fn stored_token(&self) -> Result<Option<Token>, SdkError> {
        self.store.get_token().await
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, SdkError> {
        self.transport
            .send(request)
            .await
            .map_err(|error| match error {
                TransportError::Network(message) => SdkError::Network(message),
                TransportError::Timeout => SdkError::Timeout,
            })
    }

    /// The token request task: under the cross-tab lock, reuses a token someone else stored
    /// after `stale` was refused, else refreshes the user session or fetches an anonymous token.
    async fn renew(self: Rc<Self>, stale: Option<String>) -> Result<Token, SdkError> {
        let _guard = self.lock.acquire().await;
        let current = self.stored_token().await?;
        if let Some(current) = &current {
            if stale.as_deref() != Some(current.access_token.as_str()) {
                // Another tab or call renewed the token while we waited: use theirs. With a
                // rotating refresh token, refreshing again here would use a revoked one.
                return Ok(current.clone());
            }
        }
        let refresh_token = current.as_ref().and_then(|t| t.refresh_token.as_deref());
        let Some(refresh_token) = refresh_token else {
            let anonymous = self.request_token(Grant::Anonymous).await?;
            return self.save_unless_changed(current.as_ref(), anonymous).await;
        };
        match self.request_token(Grant::Refresh(refresh_token)).await {
            Ok(refreshed) => self.save_unless_changed(current.as_ref(), refreshed).await,
            Err(error) if is_rejection(&error) => {
                // The session is over (expired or revoked refresh token): continue anonymously,
                // as the official SDK does.
                self.store.remove_token().await?;
                let anonymous = self.request_token(Grant::Anonymous).await?;
                self.save_unless_changed(None, anonymous).await
            }
            // Transient failures say nothing about the session: keep it for the next call.
            Err(error) => Err(error),
        }
    }

    /// Stores `new` unless the stored token changed while it was being requested (a login, a
    /// logout or another tab), in which case the newer state wins.
    async fn save_unless_changed(
        &self,
        read: Option<&Token>,
        new: Token,
    ) -> Result<Token, SdkError> {
        let now = self.stored_token().await?;
        let access = |t: Option<&Token>| t.map(|t| t.access_token.clone());
        if access(now.as_ref()) != access(read) {
            match now {
                Some(newer) => return Ok(newer),
                // The user logged out while their session was being refreshed: do not bring it
                // back; the call continues anonymously.
                None if !new.is_anonymous() => {
                    let anonymous = self.request_token(Grant::Anonymous).await?;
                    self.store.set_token(anonymous.clone()).await?;
                    return Ok(anonymous);
                }
                None => {}
            }
        }
        self.store.set_token(new.clone()).await?;
        Ok(new)
    }

    /// `POST /v1/auth/token` with `grant`. Fails with `Api` for a non-2xx answer (data: the
    /// JSON body, or its text), `InvalidResponse` for a 2xx without a token, or a transport
    /// error.
    async fn request_token(&self, grant: Grant<'_>) -> Result<Token, SdkError> {
        let client_id = self.config.client_id.as_str();
        let pairs: Vec<(&str, &str)> = match grant {
            Grant::Anonymous => vec![
                ("client_id", client_id),
                ("grant_type", "client_credentials"),
                ("scope", "public-read"),
            ],
            Grant::Password { username, password } => vec![
                ("client_id", client_id),
                ("grant_type", "password"),
                ("username", username),
                ("password", password),
                ("scope", "user"),
            ],
            Grant::Refresh(refresh_token) => vec![
                ("client_id", client_id),
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
            ],
        };
        let response = self.post_form("token", &pairs, None).await?;
        if !is_success(response.status) {
            return Err(auth_api_error(response));
        }
        json::parse(&response.body)
            .ok()
            .and_then(|value| Token::from_value(&value))
            .ok_or_else(|| {
                SdkError::InvalidResponse("the Auth API answered without a valid token".to_owned())
            })
    }

    /// Revokes the refresh token of `token`. An expired access token gets one refresh first
    /// (the revoke needs a valid one); a refresh token the server no longer accepts is already
    /// dead, which is what revoking wants. Only transient failures are errors.
    async fn revoke(&self, token: &Token) -> Result<(), SdkError> {
        let result = match self.revoke_with(token).await {
            Err(SdkError::Api { status: 401, .. }) => {
                match token.refresh_token.as_deref() {
                    Some(refresh) => match self.request_token(Grant::Refresh(refresh)).await {
                        // With rotation the refreshed token is the live one: revoke that.
                        Ok(refreshed) => self.revoke_with(&refreshed).await,
                        Err(error) => Err(error),
                    },
                    None => Ok(()),
                }
            }
            other => other,
        };
        match result {
            Err(error) if error.is_transient() => Err(error),
            _ => Ok(()),
        }
    }

    async fn revoke_with(&self, token: &Token) -> Result<(), SdkError> {
        let Some(refresh) = token.refresh_token.as_deref() else {
            return Ok(());
        };
        let response = self
            .post_form("revoke", &[("token", refresh)], Some(token))
            .await?;
        if is_success(response.status) {
            Ok(())
        } else {
            Err(auth_api_error(response))
        }
    }

    async fn post_form(
        &self,
        path: &str,
        pairs: &[(&str, &str)],
        bearer: Option<&Token>,
    ) -> Result<HttpResponse, SdkError> {
        let mut headers = vec![
            (
                "content-type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ),
            ("accept".to_owned(), "application/json".to_owned()),
        ];
        if let Some(token) = bearer {
            headers.push(("authorization".to_owned(), token.authorization()));
        }
        self.send(HttpRequest {
            method: Method::Post,
            url: self.config.auth_url(path),
            headers,
            body: Some(query::form_encode(pairs)),
        })
        .await
    }
}

/// True when the Auth API refused the grant itself (as opposed to failing to answer).
fn is_rejection(error: &SdkError) -> bool {
    matches!(
        error,
        SdkError::Api {
            status: 400 | 401,
            ..
        }
    )
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The error for a non-2xx Auth API answer, with the JSON body as data (its text if not JSON).
fn auth_api_error(response: HttpResponse) -> SdkError {
    let data = match json::parse(&response.body) {
        Ok(value) => value,
        Err(_) if response.body.is_empty() => Value::Null,
        Err(_) => Value::String(response.body),
    };
    SdkError::Api {
        status: response.status,
        status_text: response.status_text,
        data,
    }
}

/// `request` with its `authorization` header set to `token`.
fn with_bearer(request: &HttpRequest, token: &Token) -> HttpRequest {
    let mut request = request.clone();
    request.headers.retain(|(name, _)| name != "authorization");
    request
        .headers
        .push(("authorization".to_owned(), token.authorization()));
    request
}
