//! Test support for the token lifecycle and the call pipeline: a scriptable fake of the Auth
//! and Marketplace APIs that is also the [`Transport`], and a real (single-threaded) cross-tab
//! lock. Test builds only.

use crate::core::config::Config;
use crate::core::http::{HttpRequest, HttpResponse, Transport, TransportError};
use crate::core::store::{LockGuard, RefreshLock};
use crate::core::LocalBoxFuture;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// The client ID the fake API accepts.
pub const CLIENT_ID: &str = "test-client-id";
/// The one user the fake API knows.
pub const USERNAME: &str = "joe@example.com";
pub const PASSWORD: &str = "secret-pass-123";

/// A config pointing at the fake API.
pub fn config() -> Config {
    Config {
        client_id: CLIENT_ID.to_owned(),
        base_url: "https://fake.test".to_owned(),
        version: "v1".to_owned(),
        secure: false,
        transit_verbose: false,
        timeout_ms: None,
        retries: 0,
        asset_cdn_base_url: crate::core::config::DEFAULT_ASSET_CDN_BASE_URL.to_owned(),
    }
}

/// Resolves on its second poll, so that every request in a batch of concurrent calls is sent
/// before any of them gets its answer, as on a real network.
pub struct YieldOnce(bool);

impl YieldOnce {
    pub fn new() -> Self {
        YieldOnce(false)
    }
}

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Which requests a scripted failure applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `/v1/auth/token` with this `grant_type`.
    Grant(&'static str),
    /// `/v1/auth/revoke`.
    Revoke,
    /// Any Marketplace API request.
    Api,
}

/// How a scripted request fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The server answers with this status and a small JSON error body.
    Status(u16),
    /// The connection fails.
    Network,
    /// No answer in time.
    Timeout,
}

#[derive(Default)]
struct State {
    issued: u64,
    /// Valid access tokens and their scope.
    access: HashMap<String, String>,
    refresh: HashSet<String>,
    rotate_refresh_tokens: bool,
    /// Refresh answers leave out `refresh_token` (allowed by RFC 6749 §6).
    omit_refresh_token_on_refresh: bool,
    grants: HashMap<String, usize>,
    requests: Vec<HttpRequest>,
    script: VecDeque<(Target, Failure)>,
    api_response: Option<(u16, String, String)>,
}

/// A fake Auth and Marketplace API. Issues tokens `anon-access-N`, `user-access-N` and
/// `refresh-N`, checks them like the real API, counts token requests per grant type, and fails
/// requests on demand.
#[derive(Default)]
pub struct FakeApi {
    state: RefCell<State>,
    /// While set, requests wait before the server handles them (see [`FakeApi::pause`]).
    paused: Cell<bool>,
    paused_requests: RefCell<Vec<Waker>>,
    /// The waits asked for through [`Transport::sleep`], in ms (none really happen).
    pub sleeps: RefCell<Vec<u32>>,
}

impl FakeApi {
    pub fn new() -> Rc<FakeApi> {
        Rc::new(FakeApi::default())
    }

    /// Holds every request until [`FakeApi::resume`], so that a test can start many calls and
    /// be sure all of them are waiting before any answer arrives.
    pub fn pause(&self) {
        self.paused.set(true);
    }

    /// Lets held requests through.
    pub fn resume(&self) {
        self.paused.set(false);
        for waker in self.paused_requests.borrow_mut().drain(..) {
            waker.wake();
        }
    }

    /// Make refresh grants revoke the refresh token they used and issue a new one.
    pub fn rotate_refresh_tokens(&self) {
        self.state.borrow_mut().rotate_refresh_tokens = true;
    }

    /// Make refresh answers carry no `refresh_token`: the client must keep the one it has.
    pub fn omit_refresh_token_on_refresh(&self) {
        self.state.borrow_mut().omit_refresh_token_on_refresh = true;
    }

    /// Every access token issued so far stops working (as if they all expired).
    pub fn expire_access_tokens(&self) {
        self.state.borrow_mut().access.clear();
    }

    /// Every refresh token issued so far stops working (the session ended server-side).
    pub fn revoke_refresh_tokens(&self) {
        self.state.borrow_mut().refresh.clear();
    }

    /// Whether `refresh_token` is still accepted.
    pub fn refresh_token_is_valid(&self, refresh_token: &str) -> bool {
        self.state.borrow().refresh.contains(refresh_token)
    }

    /// The next request matching `target` fails with `failure` (scripts queue up in order).
    pub fn fail_next(&self, target: Target, failure: Failure) {
        self.state.borrow_mut().script.push_back((target, failure));
    }

    /// Marketplace API requests with a valid token get this answer instead of the default
    /// JSON one.
    pub fn answer_api_with(&self, status: u16, content_type: &str, body: &str) {
        self.state.borrow_mut().api_response =
            Some((status, content_type.to_owned(), body.to_owned()));
    }

    /// How many `/v1/auth/token` requests used `grant_type`.
    pub fn grant_count(&self, grant_type: &str) -> usize {
        self.state
            .borrow()
            .grants
            .get(grant_type)
            .copied()
            .unwrap_or(0)
    }

    /// How many `/v1/auth/token` requests were made in all.
    pub fn token_request_count(&self) -> usize {
        self.state.borrow().grants.values().sum()
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.state.borrow().requests.clone()
    }

    /// The requests whose URL contains `fragment`.
    pub fn requests_to(&self, fragment: &str) -> Vec<HttpRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.url.contains(fragment))
            .collect()
    }

    fn issue(&self, scope: &str, with_refresh: bool) -> String {
        let mut state = self.state.borrow_mut();
        state.issued += 1;
        let n = state.issued;
        let kind = if scope == "public-read" {
            "anon"
        } else {
            "user"
        };
        let access = format!("{kind}-access-{n}");
        state.access.insert(access.clone(), scope.to_owned());
        let mut json = format!(
            r#"{{"access_token":"{access}","token_type":"bearer","expires_in":86400,"scope":"{scope}""#
        );
        if with_refresh {
            let refresh = format!("refresh-{n}");
            state.refresh.insert(refresh.clone());
            json.push_str(&format!(r#","refresh_token":"{refresh}""#));
        }
        json.push('}');
        json
    }

    fn scripted_failure(&self, target: Target) -> Option<Failure> {
        let mut state = self.state.borrow_mut();
        let index = state.script.iter().position(|(t, _)| *t == target)?;
        state.script.remove(index).map(|(_, f)| f)
    }

    fn bearer_scope(&self, request: &HttpRequest) -> Option<String> {
        let token = request.header("authorization")?.strip_prefix("Bearer ")?;
        self.state.borrow().access.get(token).cloned()
    }

    fn handle(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.state.borrow_mut().requests.push(request.clone());
        let path = request
            .url
            .strip_prefix("https://fake.test")
            .unwrap_or(&request.url)
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        if path == "/v1/auth/token" {
            let form = form_decode(request.body.as_deref().unwrap_or_default());
            let grant = form.get("grant_type").cloned().unwrap_or_default();
            *self
                .state
                .borrow_mut()
                .grants
                .entry(grant.clone())
                .or_default() += 1;
            let target = match grant.as_str() {
                "client_credentials" => Target::Grant("client_credentials"),
                "password" => Target::Grant("password"),
                "refresh_token" => Target::Grant("refresh_token"),
                _ => return Ok(json(400, r#"{"error":"unsupported_grant_type"}"#)),
            };
            if let Some(failure) = self.scripted_failure(target) {
                return fail(failure);
            }
            Ok(self.token(&grant, &form))
        } else if path == "/v1/auth/revoke" {
            if let Some(failure) = self.scripted_failure(Target::Revoke) {
                return fail(failure);
            }
            if self.bearer_scope(&request).is_none() {
                return Ok(json(401, r#"{"error":"invalid_token"}"#));
            }
            let form = form_decode(request.body.as_deref().unwrap_or_default());
            let token = form.get("token").cloned().unwrap_or_default();
            self.state.borrow_mut().refresh.remove(&token);
            Ok(json(200, r#"{"action":"revoked"}"#))
        } else if path.starts_with("/v1/api/") {
            if let Some(failure) = self.scripted_failure(Target::Api) {
                return fail(failure);
            }
            let Some(scope) = self.bearer_scope(&request) else {
                return Ok(json(
                    401,
                    r#"{"errors":[{"status":401,"code":"auth-invalid-access-token"}]}"#,
                ));
            };
            if let Some((status, content_type, body)) = self.state.borrow().api_response.clone() {
                return Ok(HttpResponse {
                    status,
                    status_text: status_text(status).to_owned(),
                    content_type: Some(content_type),
                    retry_after: None,
                    body: body.into(),
                });
            }
            Ok(json(200, &format!(r#"{{"data":{{"scope":"{scope}"}}}}"#)))
        } else {
            Ok(json(404, r#"{"error":"not_found"}"#))
        }
    }

    fn token(&self, grant: &str, form: &HashMap<String, String>) -> HttpResponse {
        let field = |k: &str| form.get(k).map(String::as_str);
        if field("client_id") != Some(CLIENT_ID) || form.contains_key("client_secret") {
            return json(401, r#"{"error":"invalid_client"}"#);
        }
        match grant {
            "client_credentials" if field("scope") == Some("public-read") => {
                json(200, &self.issue("public-read", false))
            }
            "password"
                if field("username") == Some(USERNAME)
                    && field("password") == Some(PASSWORD)
                    && field("scope") == Some("user") =>
            {
                json(200, &self.issue("user", true))
            }
            "refresh_token" => {
                let refresh = field("refresh_token").unwrap_or_default().to_owned();
                if !self.refresh_token_is_valid(&refresh) {
                    return json(401, r#"{"error":"invalid_grant"}"#);
                }
                if self.state.borrow().omit_refresh_token_on_refresh {
                    json(200, &self.issue("user", false))
                } else if self.state.borrow().rotate_refresh_tokens {
                    self.state.borrow_mut().refresh.remove(&refresh);
                    json(200, &self.issue("user", true))
                } else {
                    // Same refresh token, new access token.
                    let issued = self.issue("user", false);
                    let body = format!(
                        r#"{},"refresh_token":"{refresh}"}}"#,
                        issued.trim_end_matches('}')
                    );
                    json(200, &body)
                }
            }
            _ => json(401, r#"{"error":"invalid_grant"}"#),
        }
    }
}

impl Transport for FakeApi {
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            YieldOnce::new().await;
            std::future::poll_fn(|cx| {
                if self.paused.get() {
                    self.paused_requests.borrow_mut().push(cx.waker().clone());
                    Poll::Pending
                } else {
                    Poll::Ready(())
                }
            })
            .await;
            self.handle(request)
        })
    }

    fn sleep(&self, ms: u32) -> LocalBoxFuture<'_, ()> {
        self.sleeps.borrow_mut().push(ms);
        Box::pin(YieldOnce::new())
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn json(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        status_text: status_text(status).to_owned(),
        content_type: Some("application/json; charset=utf-8".to_owned()),
        retry_after: (status == 429).then(|| "2".to_owned()),
        body: body.into(),
    }
}

fn fail(failure: Failure) -> Result<HttpResponse, TransportError> {
    match failure {
        Failure::Status(status) => Ok(json(status, r#"{"error":"scripted"}"#)),
        Failure::Network => Err(TransportError::Network("connection refused".to_owned())),
        Failure::Timeout => Err(TransportError::Timeout),
    }
}

/// Decodes an `application/x-www-form-urlencoded` body.
pub fn form_decode(body: &str) -> HashMap<String, String> {
    crate::core::query::parse_query_string(body)
        .into_iter()
        .collect()
}

/// A real cross-tab lock for tests: one holder at a time, waiters queue. Counts acquisitions,
/// and keeps the rotation notes every tab can see (the marks ever noted).
#[derive(Default)]
pub struct TestLock {
    held: Rc<Cell<bool>>,
    waiters: Rc<RefCell<Vec<Waker>>>,
    acquisitions: Cell<usize>,
    notes: RefCell<HashSet<String>>,
}

impl TestLock {
    pub fn new() -> Rc<TestLock> {
        Rc::new(TestLock::default())
    }

    /// How many times the lock was taken.
    pub fn acquisitions(&self) -> usize {
        self.acquisitions.get()
    }
}

struct TestGuard {
    held: Rc<Cell<bool>>,
    waiters: Rc<RefCell<Vec<Waker>>>,
}

impl Drop for TestGuard {
    fn drop(&mut self) {
        self.held.set(false);
        for waker in self.waiters.borrow_mut().drain(..) {
            waker.wake();
        }
    }
}

struct Acquire<'a>(&'a TestLock);

impl Future for Acquire<'_> {
    type Output = LockGuard;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<LockGuard> {
        let lock = self.0;
        if lock.held.get() {
            lock.waiters.borrow_mut().push(cx.waker().clone());
            return Poll::Pending;
        }
        lock.held.set(true);
        lock.acquisitions.set(lock.acquisitions.get() + 1);
        Poll::Ready(Box::new(TestGuard {
            held: lock.held.clone(),
            waiters: lock.waiters.clone(),
        }))
    }
}

impl RefreshLock for TestLock {
    fn acquire(&self) -> LocalBoxFuture<'_, Result<LockGuard, crate::core::error::SdkError>> {
        Box::pin(async move { Ok(Acquire(self).await) })
    }

    fn note_rotation(&self, mark: &str) -> LocalBoxFuture<'_, ()> {
        self.notes.borrow_mut().insert(mark.to_owned());
        Box::pin(async {})
    }

    fn was_rotated(&self, mark: &str) -> LocalBoxFuture<'_, bool> {
        let noted = self.notes.borrow().contains(mark);
        Box::pin(async move { noted })
    }
}

/// Finds the `Method` and path of a request, e.g. `POST /v1/auth/token`, for readable asserts.
pub fn describe(request: &HttpRequest) -> String {
    let path = request
        .url
        .strip_prefix("https://fake.test")
        .unwrap_or(&request.url);
    format!("{} {path}", request.method.as_str())
}
