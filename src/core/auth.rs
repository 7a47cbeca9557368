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
//!
//! The renewal (the token request task), login, logout and `authInfo` are each a `Flow`: plain
//! decisions with no I/O of their own that, given what the last store, lock or Auth API
//! operation gave, name the next operation or the outcome. One driver (`Parts::run`, one
//! await) does the operations for all of them, so the wasm holds one state machine for every
//! flow instead of one per async step.

use crate::core::cell::Aborting;
use crate::core::config::Config;
use crate::core::error::SdkError;
use crate::core::flight::Flight;
use crate::core::http::{header, HttpRequest, HttpResponse, Method, Transport, TransportError};
use crate::core::json;
use crate::core::query;
use crate::core::store::{LockGuard, RefreshLock, TokenStore};
use crate::core::token::{AuthInfo, Token};
use crate::core::value::Value;
use crate::core::LocalBoxFuture;
use crate::prelude::*;
use ::core::cell::RefCell;
use ::core::fmt;
use ::core::task::{ready, Context, Poll};
use alloc::rc::Rc;
use futures_util::FutureExt;

/// A token request shared by every call waiting for it: the renewal flow's own output (an
/// [`Outcome::Token`]), with no mapped future around it.
type TokenTask = Flight<Result<Outcome, RenewalFailure>>;

/// Why a flow (the token request task above all) failed, and whether it failed while waiting
/// for the cross-tab lock, before anything was sent: only then may a call that joined a token
/// request task ask again.
#[derive(Debug, Clone)]
struct RenewalFailure {
    error: SdkError,
    waiting_for_lock: bool,
}

impl From<SdkError> for RenewalFailure {
    fn from(error: SdkError) -> Self {
        RenewalFailure {
            error,
            waiting_for_lock: false,
        }
    }
}

/// Runs a future to completion on its own, whoever waits for it (the browser's
/// `spawn_local`). See [`Auth::set_driver`].
pub type Driver = Rc<dyn Fn(LocalBoxFuture<'static, ()>)>;

/// Owns the token of one SDK instance and sends Marketplace API requests with it.
pub struct Auth {
    parts: Rc<Parts>,
    /// The token request in flight, if any. Cleared as soon as it completes, successfully or
    /// not, so a failure never sticks to the instance.
    in_flight: Rc<RefCell<Option<TokenTask>>>,
    driver: RefCell<Option<Driver>>,
}

impl fmt::Debug for Auth {
    // Written by hand so that nothing token-like can ever be printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("client_id", &self.parts.config.client_id)
            .field("base_url", &self.parts.config.base_url)
            .field(
                "token_request_in_flight",
                &self.in_flight.shared().is_some(),
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

/// How a user logs in (see [`Auth::log_in`]).
pub enum Login<'a> {
    /// With a username (email) and password: the password grant.
    Password {
        /// The username (email).
        username: &'a str,
        /// The password.
        password: &'a str,
    },
    /// As a user, with the one-time `code` of a login-as redirect: the authorization code
    /// grant with PKCE. The session is marked `isLoggedInAs`.
    As {
        /// The one-time code.
        code: &'a str,
        /// The redirect URI the code was issued for.
        redirect_uri: &'a str,
        /// The PKCE code verifier.
        code_verifier: &'a str,
    },
}

/// A flow a user asks for (see [`Auth::account`]): a login, the logout or `authInfo`.
pub enum Account<'a> {
    /// [`Auth::log_in`].
    LogIn(Login<'a>),
    /// [`Auth::logout`].
    LogOut,
    /// [`Auth::auth_info`].
    Info,
}

/// The grants the browser SDK uses. There is deliberately no grant with a client secret.
enum Grant<'a> {
    Anonymous,
    Password {
        username: &'a str,
        password: &'a str,
    },
    Refresh(&'a str),
    /// Login as a user: the authorization code grant with PKCE.
    AuthorizationCode {
        code: &'a str,
        redirect_uri: &'a str,
        code_verifier: &'a str,
    },
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
            in_flight: Rc::default(),
            driver: RefCell::new(None),
        }
    }

    /// Makes every token request run to completion even when all the calls waiting for it
    /// give up (a `timeout`): a refresh the server already answered is always stored, so a
    /// rotated refresh token is never lost, and a held cross-tab lock is always released.
    pub fn set_driver(&self, driver: Driver) {
        *self.driver.exclusive() = Some(driver);
    }

    /// Sends a Marketplace API request with `Authorization: Bearer <access token>`, getting an
    /// anonymous token first when none is stored, and renewing the token and retrying once when
    /// the API answers 401. Resolves with the final response whatever its status (a second 401
    /// included). Fails when a token cannot be had (`Network`, `Timeout`, `Api` from the Auth
    /// API, `InvalidResponse`), when the request gets no answer, or when the store fails.
    pub async fn send_authorized(&self, request: HttpRequest) -> Result<HttpResponse, SdkError> {
        // A loop of at most two sends, so the state machine holds one renewal and one send:
        // `stale` is the access token the API refused, once it did.
        let mut stored = self.parts.store.get_token().await?;
        let mut stale = None;
        loop {
            let token = match stored.take() {
                Some(token) => token,
                None => self.renewed_token(&stale).await?,
            };
            let response = self.parts.send(with_bearer(&request, &token)).await?;
            if response.status != 401 || stale.is_some() {
                return Ok(response);
            }
            stale = Some(token.access_token);
        }
    }

    /// Logs in with a username (email) and password and stores the user token, replacing any
    /// anonymous one. Fails with `Api` (401 for wrong credentials) or a transport error; the
    /// stored token is unchanged then.
    pub fn login<'a>(
        &'a self,
        username: &'a str,
        password: &'a str,
    ) -> impl ::core::future::Future<Output = Result<Token, SdkError>> + 'a {
        self.log_in(Login::Password { username, password })
    }

    /// Logs in as a user with a one-time `code` from the login-as redirect (the authorization
    /// code grant with PKCE) and stores the session marked `isLoggedInAs`, as the official SDK
    /// does. Fails like [`Auth::login`].
    pub fn login_as<'a>(
        &'a self,
        code: &'a str,
        redirect_uri: &'a str,
        code_verifier: &'a str,
    ) -> impl ::core::future::Future<Output = Result<Token, SdkError>> + 'a {
        self.log_in(Login::As {
            code,
            redirect_uri,
            code_verifier,
        })
    }

    /// [`Auth::login`] or [`Auth::login_as`], as `login` says: one future type for both (the
    /// request is built at once, so it borrows nothing). Fails like [`Auth::login`].
    pub fn log_in(
        &self,
        login: Login<'_>,
    ) -> impl ::core::future::Future<Output = Result<Token, SdkError>> + 'static {
        (self.account(Account::LogIn(login))).map(|done| done?.into_token())
    }

    /// [`Auth::log_in`], [`Auth::logout`] or [`Auth::auth_info`], resolving what the flow came
    /// to: one future type for the three, so the wasm holds one state machine for them (the
    /// bindings turn the [`Outcome`] into JS). Fails as the flow asked for says.
    pub fn account(
        &self,
        account: Account<'_>,
    ) -> impl ::core::future::Future<Output = Result<Outcome, SdkError>> + 'static {
        let (flow, op) = match account {
            Account::LogIn(login) => self.login_flow(login),
            Account::LogOut => (Flow::new(Phase::LogoutRead), Op::Read),
            Account::Info => (Flow::new(Phase::InfoRead), Op::Read),
        };
        (self.parts.clone().run(flow, op)).map(|done| done.map_err(|failure| failure.error))
    }

    /// The login flow, with the token request of `login` as its first operation.
    fn login_flow(&self, login: Login<'_>) -> (Flow, Op) {
        let (grant, logged_in_as) = match login {
            Login::Password { username, password } => {
                (Grant::Password { username, password }, false)
            }
            Login::As {
                code,
                redirect_uri,
                code_verifier,
            } => (
                Grant::AuthorizationCode {
                    code,
                    redirect_uri,
                    code_verifier,
                },
                true,
            ),
        };
        Flow::log_in(token_request(&self.parts.config, grant), logged_in_as)
    }

    /// Ends the session: revokes the refresh token of a user session, then removes the stored
    /// token whatever the revoke answered (the user asked to sign out). Fails only when the
    /// revoke could not be done for a transient reason (network, timeout, 5xx), after the
    /// token has been removed locally, or when the store fails. Resolves the Auth API's revoke
    /// response, or `None` when no request was needed (no user session) or the server had
    /// already let the refresh token go.
    pub fn logout(
        &self,
    ) -> impl ::core::future::Future<Output = Result<Option<HttpResponse>, SdkError>> + 'static
    {
        (self.account(Account::LogOut)).map(|done| match done? {
            Outcome::Revoked(response) => Ok(response),
            _ => Ok(None),
        })
    }

    /// Describes the stored token without any network call; `None` when no token is stored.
    /// Fails only when the store fails. A flow of one store read, on the driver every flow
    /// shares, so it borrows nothing.
    pub fn auth_info(
        &self,
    ) -> impl ::core::future::Future<Output = Result<Option<AuthInfo>, SdkError>> + 'static {
        (self.account(Account::Info)).map(|done| match done? {
            Outcome::Stored(token) => Ok(AuthInfo::of(token.as_ref())),
            _ => Ok(None),
        })
    }

    /// A token to use instead of `stale` (the access token the API refused; `None` when no
    /// token was stored). Joins the token request in flight if there is one. A request this call
    /// joined can time out waiting for the cross-tab lock on the clock of the call that started
    /// it, before sending anything: then this call asks once more, within its own deadline.
    async fn renewed_token(&self, stale: &Option<String>) -> Result<Token, SdkError> {
        // A loop of at most two rounds, so the state machine holds the join once.
        let mut may_retry = true;
        loop {
            let (task, joined) = self.task_for(stale);
            let result = task.join().await;
            // The first waiter to resume empties the slot, so the next call that needs a token
            // asks again instead of reusing this result (a failure above all).
            clear(&self.in_flight, &task);
            match (result, joined) {
                (Err(failure), true) if may_retry && failure.waiting_for_lock => may_retry = false,
                (result, _) => return result.map_err(|failure| failure.error)?.into_token(),
            }
        }
    }

    /// The token request in flight, or a new one for `stale`, in the slot and driven to its end
    /// (see [`Auth::set_driver`]); `true` when it was one already in flight (started by another
    /// call).
    fn task_for(&self, stale: &Option<String>) -> (TokenTask, bool) {
        let mut slot = self.in_flight.exclusive();
        if let Some(task) = slot.as_ref() {
            return (task.clone(), true);
        }
        let renewal = (self.parts.clone()).run(Flow::renewal(stale.clone()), Op::Lock);
        let task = Flight::new(Box::pin(renewal));
        *slot = Some(task.clone());
        if let Some(drive) = self.driver.shared().as_ref() {
            let (mine, in_flight) = (task.clone(), self.in_flight.clone());
            drive(Box::pin(async move {
                let _ = mine.join().await;
                clear(&in_flight, &mine);
            }));
        }
        (task, false)
    }
}

/// Empties the slot of the token request in flight if it still holds `task`. Not inlined: one
/// copy for the calls and the driver.
#[inline(never)]
fn clear(in_flight: &RefCell<Option<TokenTask>>, task: &TokenTask) {
    let mut slot = in_flight.exclusive();
    if slot.as_ref().is_some_and(|t| Flight::ptr_eq(t, task)) {
        *slot = None;
    }
}

impl Parts {
    /// Sends `request`; a transport failure becomes the SDK error of its kind. Returns the
    /// transport's future mapped, not an `async fn` of its own: one state machine less for
    /// each caller to hold.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl ::core::future::Future<Output = Result<HttpResponse, SdkError>> + '_ {
        self.transport
            .send(request)
            .map(|answer| answer.map_err(SdkError::from))
    }

    /// Runs a token flow (renewal, login, logout) to its outcome: does its first operation
    /// `op`, then each operation the flow asks for, handing it what came of the last. The one
    /// driver, with one await, of every flow, so the wasm holds a single small state machine
    /// for all of them. A held cross-tab
    /// lock is released when the flow ends. Fails with what the flow fails with, a store or
    /// lock failure (`waiting_for_lock` for the lock's).
    async fn run(self: Rc<Self>, mut flow: Flow, mut op: Op) -> Result<Outcome, RenewalFailure> {
        let mut guard = None;
        loop {
            let waiting_for_lock = matches!(op, Op::Lock);
            let mut pending = self.start(op);
            let got = ::core::future::poll_fn(|cx| pending.poll(cx, &mut guard))
                .await
                .map_err(|error| RenewalFailure {
                    error,
                    waiting_for_lock,
                })?;
            op = match flow.next(&self.config, got)? {
                Next::Do(op) => op,
                Next::Done(outcome) => return Ok(outcome),
            };
        }
    }

    /// Starts `op` on the store, the lock or the transport.
    fn start(&self, op: Op) -> Pending<'_> {
        match op {
            Op::Lock => Pending::Lock(self.lock.acquire()),
            Op::Read => Pending::Read(self.store.get_token()),
            Op::Save(token) => Pending::Write(self.store.set_token(token)),
            Op::Remove => Pending::Write(self.store.remove_token()),
            Op::WasRotated(mark) => Pending::Flag(self.lock.was_rotated(&mark)),
            Op::NoteRotation(mark) => Pending::Wait(self.lock.note_rotation(&mark)),
            Op::Sleep(ms) => Pending::Wait(self.transport.sleep(ms)),
            Op::Send(request) => Pending::Send(self.transport.send(request)),
        }
    }
}

/// One operation a [`Flow`] asks its driver for.
enum Op {
    /// Take the cross-tab lock (held until the flow ends).
    Lock,
    /// Read the stored token.
    Read,
    /// Store the token.
    Save(Token),
    /// Remove the stored token.
    Remove,
    /// Ask the lock whether the refresh token with this mark was rotated away.
    WasRotated(String),
    /// Tell the tabs the refresh token with this mark was rotated away.
    NoteRotation(String),
    /// Wait this many milliseconds.
    Sleep(u32),
    /// Send an Auth API request.
    Send(HttpRequest),
}

/// What an [`Op`] gave.
enum Got {
    /// Nothing to tell (a save, a removal, a wait, the lock).
    Nothing,
    /// The stored token.
    Token(Option<Token>),
    /// The lock's answer to [`Op::WasRotated`].
    Flag(bool),
    /// The Auth API's answer, or why there was none.
    Answer(Result<HttpResponse, SdkError>),
}

impl Got {
    fn token(self) -> Option<Token> {
        match self {
            Got::Token(token) => token,
            _ => None,
        }
    }

    fn answer(self) -> Result<HttpResponse, SdkError> {
        match self {
            Got::Answer(answer) => answer,
            // Never: only a request answers, and only a request is followed by this.
            _ => Err(no_token()),
        }
    }
}

/// The future of one started [`Op`]: one type for all of them, polled in one place.
enum Pending<'a> {
    Lock(LocalBoxFuture<'a, Result<LockGuard, SdkError>>),
    Read(LocalBoxFuture<'a, Result<Option<Token>, SdkError>>),
    Write(LocalBoxFuture<'a, Result<(), SdkError>>),
    Flag(LocalBoxFuture<'a, bool>),
    Wait(LocalBoxFuture<'a, ()>),
    Send(LocalBoxFuture<'a, Result<HttpResponse, TransportError>>),
}

impl Pending<'_> {
    /// Polls the operation; a lock that is had goes into `guard`. Fails when the store or the
    /// lock fails (a request's failure is an answer: [`Got::Answer`]).
    fn poll(
        &mut self,
        cx: &mut Context<'_>,
        guard: &mut Option<LockGuard>,
    ) -> Poll<Result<Got, SdkError>> {
        Poll::Ready(match self {
            Pending::Lock(f) => ready!(f.as_mut().poll(cx)).map(|held| {
                *guard = Some(held);
                Got::Nothing
            }),
            Pending::Read(f) => ready!(f.as_mut().poll(cx)).map(Got::Token),
            Pending::Write(f) => ready!(f.as_mut().poll(cx)).map(|()| Got::Nothing),
            Pending::Flag(f) => Ok(Got::Flag(ready!(f.as_mut().poll(cx)))),
            Pending::Wait(f) => {
                ready!(f.as_mut().poll(cx));
                Ok(Got::Nothing)
            }
            Pending::Send(f) => Ok(Got::Answer(
                ready!(f.as_mut().poll(cx)).map_err(SdkError::from),
            )),
        })
    }
}

/// What a flow ended with.
#[derive(Clone)]
pub enum Outcome {
    /// The token to use (a renewal) or the one stored (a login).
    Token(Token),
    /// The logout's revoke response, `None` when none was needed.
    Revoked(Option<HttpResponse>),
    /// The stored token, for `authInfo`.
    Stored(Option<Token>),
}

impl Outcome {
    /// The token of a renewal or login.
    fn into_token(self) -> Result<Token, SdkError> {
        match self {
            Outcome::Token(token) => Ok(token),
            // Never: only a logout or `authInfo` ends with these.
            _ => Err(no_token()),
        }
    }
}

/// What a flow asks for next.
enum Next {
    Do(Op),
    Done(Outcome),
}

/// Where a flow is: what the last operation it asked for was, with what it keeps until then.
enum Phase {
    // The renewal (its first operation takes the lock).
    /// Locked: read the store.
    Locked,
    /// The stored token was read (into [`Flow::read`]).
    Read,
    /// The lock said whether the refresh token read was rotated away.
    Rotation,
    /// Waited for the store to catch up with another tab.
    Slept,
    /// Read the store again while catching up.
    Looked,
    /// The Auth API answered the token request.
    Requested,
    /// Removed a session the Auth API refused to refresh.
    Removed,
    /// Read the store again before saving the new token.
    Reread(Token),
    /// Saved the new token (a renewal's or a login's).
    Saved(Token),
    /// Noted the rotation; the token to use, or none when the user logged out meanwhile.
    Noted(Option<Token>),
    // The login (its first operation sends the token request).
    /// The Auth API answered the login.
    LoginAnswered,
    // The logout (its first operation reads the store).
    /// The stored token was read.
    LogoutRead,
    /// The Auth API answered the revoke (of [`Flow::read`] when it may be refreshed and
    /// revoked again).
    Revoked,
    /// The Auth API answered the refresh that a revoke with an expired token needs.
    RefreshedToRevoke,
    /// Removed the stored token; what the revoke came to.
    LoggedOut(Result<Option<HttpResponse>, SdkError>),
    // `authInfo` (its first operation reads the store).
    /// The stored token was read.
    InfoRead,
    /// Ended.
    Over,
}

/// A token flow's decisions, with no I/O of its own: given what the last operation gave,
/// [`Flow::next`] says what to do next, and the driver ([`Parts::run`]) does it. The renewal
/// (the token request task) under the cross-tab lock reuses a token someone else stored after
/// `stale` was refused, else refreshes the user session or fetches an anonymous token; the
/// login requests a token and stores it; the logout revokes the session and removes it.
struct Flow {
    phase: Phase,
    /// The renewal: the access token the API refused, `None` when no token was stored.
    stale: Option<String>,
    /// The renewal: the token read under the lock, which a save must still find stored. The
    /// logout: the token whose revoke may need a refresh.
    read: Option<Token>,
    /// The renewal: the refresh token being used; `None` for an anonymous token request.
    refresh: Option<String>,
    /// The renewal: the session read was a logged-in-as one. The login: mark it so.
    logged_in_as: bool,
    /// The renewal: the refresh token was rotated by the answer being saved.
    rotated: bool,
    /// The renewal: how long the store was waited for, and the next wait.
    waited: u32,
    step: u32,
}

impl Flow {
    fn new(phase: Phase) -> Flow {
        Flow {
            phase,
            stale: None,
            read: None,
            refresh: None,
            logged_in_as: false,
            rotated: false,
            waited: 0,
            step: 2,
        }
    }

    /// The token request task for a call whose token `stale` was refused; its first
    /// operation is [`Op::Lock`].
    fn renewal(stale: Option<String>) -> Flow {
        Flow {
            stale,
            ..Flow::new(Phase::Locked)
        }
    }

    /// A login with the token `request` of its grant, and its first operation.
    fn log_in(request: HttpRequest, logged_in_as: bool) -> (Flow, Op) {
        let flow = Flow {
            logged_in_as,
            ..Flow::new(Phase::LoginAnswered)
        };
        (flow, Op::Send(request))
    }

    /// The next operation or the outcome, given what the last operation gave. Fails with the flow's error: a token request that failed for a reason other than
    /// a refused refresh, a logout's transient revoke failure (after the removal).
    fn next(&mut self, config: &Config, got: Got) -> Result<Next, SdkError> {
        let op = match ::core::mem::replace(&mut self.phase, Phase::Over) {
            Phase::Locked => {
                self.phase = Phase::Read;
                Op::Read
            }
            Phase::Read => {
                self.read = got.token();
                let refresh = (self.read.as_ref())
                    .filter(|read| self.is_stale(read))
                    .and_then(|read| read.refresh_token.as_deref());
                match refresh {
                    // Another tab may have rotated this refresh token already, with its write
                    // not yet in this tab's view of the store (localStorage and cookies reach
                    // other tabs after the lock does): the lock can tell.
                    Some(refresh) => {
                        let mark = rotation_mark(refresh);
                        self.phase = Phase::Rotation;
                        Op::WasRotated(mark)
                    }
                    None => return Ok(self.decide(config)),
                }
            }
            Phase::Rotation => {
                if !matches!(got, Got::Flag(true)) {
                    return Ok(self.decide(config));
                }
                // It was: wait for its write instead of refreshing with a revoked token,
                // re-reading the store a little longer each time, for about
                // STORE_CATCH_UP_MS in all. A store that never catches up (the other tab
                // could not store its token) leaves the read token: the refresh then goes
                // ahead and the Auth API decides.
                self.phase = Phase::Slept;
                Op::Sleep(self.step)
            }
            Phase::Slept => {
                self.waited += self.step;
                self.step = (self.step * 2).min(50);
                self.phase = Phase::Looked;
                Op::Read
            }
            Phase::Looked => {
                let now = got.token();
                if access(now.as_ref()) != access(self.read.as_ref()) {
                    self.read = now;
                    return Ok(self.decide(config));
                }
                if self.waited >= STORE_CATCH_UP_MS {
                    return Ok(self.decide(config));
                }
                self.phase = Phase::Slept;
                Op::Sleep(self.step)
            }
            Phase::Requested => match got.answer().and_then(token_of) {
                Err(error) if self.refresh.is_some() && is_rejection(&error) => {
                    // The session is over (expired or revoked refresh token): continue
                    // anonymously, as the official SDK does.
                    self.phase = Phase::Removed;
                    Op::Remove
                }
                // Transient failures say nothing about the session: keep it for the next call.
                Err(error) => return Err(error),
                Ok(mut new) => {
                    self.rotated = false;
                    if let Some(refresh_token) = &self.refresh {
                        // RFC 6749 §6: an answer without a new refresh token leaves the current
                        // one valid; dropping it would end the session at the next expiry.
                        if new.refresh_token.is_none() {
                            new.refresh_token = Some(refresh_token.clone());
                        }
                        // A logged-in-as session stays one across refreshes (the official SDK
                        // forgets the flag when it refreshes during a call).
                        new.is_logged_in_as = self.logged_in_as;
                        self.rotated = new.refresh_token.as_ref() != Some(refresh_token);
                    }
                    // Stored unless the stored token changed while it was being requested (a
                    // login, a logout or another tab): then the newer state wins.
                    self.phase = Phase::Reread(new);
                    Op::Read
                }
            },
            Phase::Removed => return Ok(self.anonymously(config)),
            Phase::Reread(new) => {
                let now = got.token();
                if access(now.as_ref()) != access(self.read.as_ref()) {
                    match now {
                        Some(newer) => return Ok(self.saved(config, Some(newer))),
                        // The user logged out while their session was being refreshed: do
                        // not bring it back.
                        None if !new.is_anonymous() => return Ok(self.saved(config, None)),
                        None => {}
                    }
                }
                self.phase = Phase::Saved(new.clone());
                Op::Save(new)
            }
            Phase::Saved(new) => return Ok(self.saved(config, Some(new))),
            Phase::Noted(saved) => return Ok(self.finish(config, saved)),
            Phase::LoginAnswered => {
                let mut token = got.answer().and_then(token_of)?;
                if self.logged_in_as {
                    token.is_logged_in_as = true;
                }
                // Saved like a renewal's token with nothing rotated: the token is the outcome.
                self.phase = Phase::Saved(token.clone());
                Op::Save(token)
            }
            Phase::LogoutRead => match got.token() {
                Some(token) => match revoke_request(config, &token) {
                    Some(request) => {
                        self.read = Some(token);
                        self.phase = Phase::Revoked;
                        Op::Send(request)
                    }
                    None => self.remove(Ok(None)),
                },
                None => self.remove(Ok(None)),
            },
            Phase::Revoked => {
                let result = got.answer().and_then(revoke_result);
                let refresh = self.read.take().and_then(|token| token.refresh_token);
                match (&result, refresh) {
                    // An expired access token: the revoke needs a valid one, so refresh once.
                    (Err(SdkError::Api { status: 401, .. }), Some(refresh)) => {
                        self.phase = Phase::RefreshedToRevoke;
                        Op::Send(token_request(config, Grant::Refresh(&refresh)))
                    }
                    _ => self.remove(result),
                }
            }
            Phase::RefreshedToRevoke => match got.answer().and_then(token_of) {
                // With rotation the refreshed token is the live one: revoke that.
                Ok(refreshed) => match revoke_request(config, &refreshed) {
                    Some(request) => {
                        self.phase = Phase::Revoked;
                        Op::Send(request)
                    }
                    None => self.remove(Ok(None)),
                },
                Err(error) => self.remove(Err(error)),
            },
            Phase::LoggedOut(revoked) => return Ok(Next::Done(Outcome::Revoked(revoked?))),
            Phase::InfoRead => return Ok(Next::Done(Outcome::Stored(got.token()))),
            Phase::Over => return Err(no_token()),
        };
        Ok(Next::Do(op))
    }

    /// Whether `token` is the one the API refused.
    fn is_stale(&self, token: &Token) -> bool {
        self.stale.as_deref() == Some(token.access_token.as_str())
    }

    /// With the token read under the lock: one someone else renewed while we waited is the
    /// outcome (with a rotating refresh token, refreshing again would use a revoked one); else
    /// a refresh of the session read, or an anonymous token request.
    fn decide(&mut self, config: &Config) -> Next {
        match self.read.take() {
            Some(current) if !self.is_stale(&current) => {
                return Next::Done(Outcome::Token(current));
            }
            read => self.read = read,
        }
        self.refresh = self.read.as_ref().and_then(|t| t.refresh_token.clone());
        self.logged_in_as = self.read.as_ref().is_some_and(|t| t.is_logged_in_as);
        self.request(config)
    }

    /// The token request: a refresh with [`Flow::refresh`], else an anonymous one.
    fn request(&mut self, config: &Config) -> Next {
        let grant = match self.refresh.as_deref() {
            Some(refresh_token) => Grant::Refresh(refresh_token),
            None => Grant::Anonymous,
        };
        self.phase = Phase::Requested;
        Next::Do(Op::Send(token_request(config, grant)))
    }

    /// Goes on with an anonymous token request, the session being over.
    fn anonymously(&mut self, config: &Config) -> Next {
        (self.refresh, self.read) = (None, None);
        self.request(config)
    }

    /// After the save (or the decision not to save): tells the tabs that will take the lock
    /// next, before it is released, that the old refresh token is gone, then finishes.
    fn saved(&mut self, config: &Config, saved: Option<Token>) -> Next {
        if let (true, Some(refresh_token)) = (self.rotated, &self.refresh) {
            let mark = rotation_mark(refresh_token);
            self.phase = Phase::Noted(saved);
            return Next::Do(Op::NoteRotation(mark));
        }
        self.finish(config, saved)
    }

    /// The token to use; with none (the user logged out while their session was being
    /// refreshed) the call continues anonymously.
    fn finish(&mut self, config: &Config, saved: Option<Token>) -> Next {
        match saved {
            Some(token) => Next::Done(Outcome::Token(token)),
            None => self.anonymously(config),
        }
    }

    /// Removes the stored token, keeping what the revoke came to: only transient failures
    /// are errors; a refresh token the server no longer accepts is already dead, which is what
    /// revoking wants.
    fn remove(&mut self, revoked: Result<Option<HttpResponse>, SdkError>) -> Op {
        self.phase = Phase::LoggedOut(match revoked {
            Err(error) if error.is_transient() => Err(error),
            Err(_) => Ok(None),
            Ok(response) => Ok(response),
        });
        Op::Remove
    }
}

/// The access token of `token`, for telling stored tokens apart.
fn access(token: Option<&Token>) -> Option<&str> {
    token.map(|t| t.access_token.as_str())
}

/// The `POST /v1/auth/token` request with `grant`.
fn token_request(config: &Config, grant: Grant<'_>) -> HttpRequest {
    let client_id = config.client_id.as_str();
    let body = match grant {
        Grant::Anonymous => query::form_encode(&[
            ("client_id", client_id),
            ("grant_type", "client_credentials"),
            ("scope", "public-read"),
        ]),
        Grant::Password { username, password } => query::form_encode(&[
            ("client_id", client_id),
            ("grant_type", "password"),
            ("username", username),
            ("password", password),
            ("scope", "user"),
        ]),
        Grant::Refresh(refresh_token) => query::form_encode(&[
            ("client_id", client_id),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ]),
        Grant::AuthorizationCode {
            code,
            redirect_uri,
            code_verifier,
        } => query::form_encode(&[
            ("client_id", client_id),
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", code_verifier),
        ]),
    };
    form_request(config, "token", body, None)
}

/// The token in a token request's answer. Fails with `Api` for a non-2xx answer (data: the
/// JSON body, or its text), `InvalidResponse` for a 2xx without a token.
fn token_of(response: HttpResponse) -> Result<Token, SdkError> {
    if !is_success(response.status) {
        return Err(auth_api_error(response));
    }
    json::parse(&response.body.into_text())
        .ok()
        .and_then(|value| Token::from_value(&value))
        .ok_or_else(no_token)
}

/// The error of a token answer without a token.
fn no_token() -> SdkError {
    SdkError::InvalidResponse("the Auth API answered without a valid token".to_owned())
}

/// The `POST /v1/auth/revoke` request of the refresh token of `token`, authorized by its
/// access token; `None` when it has no refresh token.
fn revoke_request(config: &Config, token: &Token) -> Option<HttpRequest> {
    let refresh = token.refresh_token.as_deref()?;
    let body = query::form_encode(&[("token", refresh)]);
    Some(form_request(config, "revoke", body, Some(token)))
}

/// A revoke's answer: the response when it succeeded, else the Auth API error.
fn revoke_result(response: HttpResponse) -> Result<Option<HttpResponse>, SdkError> {
    if is_success(response.status) {
        Ok(Some(response))
    } else {
        Err(auth_api_error(response))
    }
}

/// A form `POST` to the Auth API endpoint `path`, with `bearer`'s access token if given.
fn form_request(config: &Config, path: &str, body: String, bearer: Option<&Token>) -> HttpRequest {
    let mut headers = vec![
        header("content-type", "application/x-www-form-urlencoded"),
        header("accept", "application/json"),
    ];
    if let Some(token) = bearer {
        headers.push(header("authorization", &token.authorization()));
    }
    HttpRequest {
        method: Method::Post,
        url: config.auth_url(path),
        headers,
        body: Some(body),
        upload: None,
    }
}

/// How long a tab waits, at most, for its view of the store to show the token another tab got
/// by rotating the refresh token it holds. Chromium's cross-tab lag is a few to some tens of
/// milliseconds; the bound only matters when the other tab's write never arrives.
const STORE_CATCH_UP_MS: u32 = 3000;

/// The fingerprint of a refresh token that tabs exchange (in Web Lock names, which any script
/// of the origin can list) to say it was rotated away: 64 bits of FNV-1a, as 16 hex digits. It
/// names the token without revealing it. Never fails.
pub fn rotation_mark(refresh_token: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in refresh_token.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..16)
        .rev()
        .map(|digit| char::from(HEX[((hash >> (digit * 4)) & 0xf) as usize]))
        .collect()
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
    let text = response.body.into_text();
    let data = match json::parse(&text) {
        Ok(value) => value,
        Err(_) if text.is_empty() => Value::Null,
        Err(_) => Value::String(text),
    };
    SdkError::Api {
        status: response.status,
        status_text: response.status_text,
        data,
    }
}

/// `request` with its `authorization` header set to `token`: the headers copied one by one
/// through [`header`] (no clone of the list to filter afterwards).
fn with_bearer(request: &HttpRequest, token: &Token) -> HttpRequest {
    let mut headers = Vec::with_capacity(request.headers.len() + 1);
    for (name, value) in &request.headers {
        if name != "authorization" {
            headers.push(header(name, value));
        }
    }
    headers.push(header("authorization", &token.authorization()));
    HttpRequest {
        method: request.method,
        url: request.url.clone(),
        headers,
        body: request.body.clone(),
        upload: request.upload.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::store::{MemoryStore, NoLock};
    use crate::core::testing::{
        self, describe, form_decode, Failure, FakeApi, Target, TestLock, PASSWORD, USERNAME,
    };
    use futures::executor::block_on;
    use futures::future::join_all;
    use std::collections::HashMap;

    /// One SDK instance ("tab") over a fake API, with the pieces the tests look at.
    struct Tab {
        auth: Auth,
        api: Rc<FakeApi>,
        store: Rc<MemoryStore>,
    }

    fn tab() -> Tab {
        tab_sharing(FakeApi::new(), Rc::new(MemoryStore::new()), Rc::new(NoLock))
    }

    fn tab_sharing(api: Rc<FakeApi>, store: Rc<MemoryStore>, lock: Rc<dyn RefreshLock>) -> Tab {
        let auth = Auth::new(Rc::new(testing::config()), store.clone(), api.clone(), lock);
        Tab { auth, api, store }
    }

    fn api_request() -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url: "https://fake.test/v1/api/marketplace/show".to_owned(),
            headers: vec![("accept".to_owned(), "application/transit+json".to_owned())],
            body: None,
            upload: None,
        }
    }

    impl Tab {
        fn call(&self) -> Result<HttpResponse, SdkError> {
            block_on(self.auth.send_authorized(api_request()))
        }

        /// Starts `n` calls and lets the server answer only once all of them are waiting.
        fn calls_then_answer(&self, n: usize) -> Vec<Result<HttpResponse, SdkError>> {
            self.api.pause();
            let calls = join_all((0..n).map(|_| self.auth.send_authorized(api_request())));
            let answer = async {
                testing::YieldOnce::new().await;
                self.api.resume();
            };
            block_on(futures::future::join(calls, answer)).0
        }

        fn login(&self) -> Token {
            block_on(self.auth.login(USERNAME, PASSWORD)).expect("login")
        }

        fn stored(&self) -> Option<Token> {
            block_on(self.store.get_token()).unwrap()
        }

        fn info(&self) -> Option<AuthInfo> {
            block_on(self.auth.auth_info()).unwrap()
        }

        fn form_of(&self, grant_type: &str) -> HashMap<String, String> {
            self.api
                .requests_to("/v1/auth/token")
                .iter()
                .map(|r| form_decode(r.body.as_deref().unwrap()))
                .find(|form| form.get("grant_type").map(String::as_str) == Some(grant_type))
                .expect("a token request with that grant")
        }
    }

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn body_scope(response: &HttpResponse) -> Value {
        json::parse(&response.body.clone().into_text())
            .unwrap()
            .get("data")
            .unwrap()
            .get("scope")
            .unwrap()
            .clone()
    }

    #[test]
    fn first_call_fetches_an_anonymous_token_stores_it_and_sends_it_as_bearer() {
        let tab = tab();
        let response = tab.call().unwrap();
        assert_eq!(response.status, 200);

        let requests = tab.api.requests();
        let described: Vec<_> = requests.iter().map(describe).collect();
        assert_eq!(
            described,
            ["POST /v1/auth/token", "GET /v1/api/marketplace/show"]
        );
        let token_request = &requests[0];
        assert_eq!(
            token_request.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(token_request.header("accept"), Some("application/json"));
        assert_eq!(token_request.header("authorization"), None);
        assert_eq!(
            tab.form_of("client_credentials"),
            form(&[
                ("client_id", testing::CLIENT_ID),
                ("grant_type", "client_credentials"),
                ("scope", "public-read"),
            ])
        );
        let stored = tab.stored().expect("token stored");
        assert_eq!(stored.access_token, "anon-access-1");
        assert_eq!(
            requests[1].header("authorization"),
            Some("Bearer anon-access-1")
        );
        assert!(tab.info().unwrap().is_anonymous);
    }

    #[test]
    fn a_stored_token_is_used_without_asking_for_a_new_one() {
        let tab = tab();
        tab.call().unwrap();
        tab.call().unwrap();
        tab.call().unwrap();
        assert_eq!(tab.api.token_request_count(), 1);
        assert_eq!(tab.api.requests_to("/v1/api/").len(), 3);
    }

    #[test]
    fn concurrent_first_calls_share_one_anonymous_token_request() {
        let tab = tab();
        let results = tab.calls_then_answer(10);
        assert!(results.iter().all(|r| r.as_ref().unwrap().status == 200));
        assert_eq!(tab.api.grant_count("client_credentials"), 1);
        assert_eq!(tab.api.token_request_count(), 1);
    }

    #[test]
    fn an_expired_user_token_is_refreshed_once_and_the_call_retried() {
        let tab = tab();
        let login = tab.login();
        tab.api.expire_access_tokens();

        let response = tab.call().unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(body_scope(&response), Value::from("user"));
        assert_eq!(tab.api.grant_count("refresh_token"), 1);
        assert_eq!(
            tab.form_of("refresh_token"),
            form(&[
                ("client_id", testing::CLIENT_ID),
                ("grant_type", "refresh_token"),
                ("refresh_token", login.refresh_token.as_deref().unwrap()),
            ])
        );
        let stored = tab.stored().unwrap();
        assert_ne!(stored.access_token, login.access_token);
        let api_requests = tab.api.requests_to("/v1/api/");
        assert_eq!(api_requests.len(), 2);
        assert_eq!(
            api_requests[1].header("authorization"),
            Some(stored.authorization().as_str())
        );
        assert!(!tab.info().unwrap().is_anonymous);
    }

    #[test]
    fn concurrent_calls_hitting_401_share_one_refresh() {
        let tab = tab();
        tab.api.rotate_refresh_tokens();
        tab.login();
        tab.api.expire_access_tokens();

        let results = tab.calls_then_answer(8);
        for result in &results {
            assert_eq!(body_scope(result.as_ref().unwrap()), Value::from("user"));
        }
        assert_eq!(tab.api.grant_count("refresh_token"), 1);
        assert_eq!(tab.api.grant_count("client_credentials"), 0);
        assert!(!tab.info().unwrap().is_anonymous);
    }

    #[test]
    fn an_expired_anonymous_token_is_replaced_by_a_new_anonymous_token() {
        let tab = tab();
        tab.call().unwrap();
        tab.api.expire_access_tokens();

        let response = tab.call().unwrap();
        assert_eq!(body_scope(&response), Value::from("public-read"));
        assert_eq!(tab.api.grant_count("client_credentials"), 2);
        assert_eq!(tab.api.grant_count("refresh_token"), 0);
        assert_eq!(tab.stored().unwrap().access_token, "anon-access-2");
    }

    #[test]
    fn two_tabs_racing_on_a_rotating_refresh_token_stay_logged_in() {
        // Two instances sharing the store (a cookie) and the cross-tab lock. Both get a 401 for
        // the same expired token. Only one may use the refresh token: the server revokes it.
        let api = FakeApi::new();
        api.rotate_refresh_tokens();
        let store = Rc::new(MemoryStore::new());
        let lock = TestLock::new();
        let tab_a = tab_sharing(api.clone(), store.clone(), lock.clone());
        let tab_b = tab_sharing(api.clone(), store.clone(), lock.clone());
        tab_a.login();
        api.expire_access_tokens();

        let (a, b) = block_on(futures::future::join(
            tab_a.auth.send_authorized(api_request()),
            tab_b.auth.send_authorized(api_request()),
        ));
        assert_eq!(body_scope(&a.unwrap()), Value::from("user"));
        assert_eq!(body_scope(&b.unwrap()), Value::from("user"));
        assert_eq!(api.grant_count("refresh_token"), 1);
        assert_eq!(lock.acquisitions(), 2, "each tab took the lock");
        let stored = tab_b.stored().unwrap();
        assert!(api.refresh_token_is_valid(stored.refresh_token.as_deref().unwrap()));
        assert!(!tab_b.info().unwrap().is_anonymous);
    }

    /// A tab's view of a store shared with other tabs that can lag their writes, as
    /// localStorage and cookies do in Chromium: once frozen, it keeps showing what was stored
    /// then for a number of reads.
    struct LaggingView {
        shared: Rc<MemoryStore>,
        frozen: RefCell<Option<Option<Token>>>,
        stale_reads: std::cell::Cell<usize>,
    }

    impl LaggingView {
        fn new(shared: Rc<MemoryStore>) -> Rc<LaggingView> {
            Rc::new(LaggingView {
                shared,
                frozen: RefCell::new(None),
                stale_reads: std::cell::Cell::new(0),
            })
        }

        /// The next `reads` reads show what is stored now, whatever other tabs write.
        fn freeze_for(&self, reads: usize) {
            *self.frozen.borrow_mut() = Some(block_on(self.shared.get_token()).unwrap());
            self.stale_reads.set(reads);
        }
    }

    impl TokenStore for LaggingView {
        fn get_token(&self) -> LocalBoxFuture<'_, Result<Option<Token>, SdkError>> {
            let left = self.stale_reads.get();
            if left > 0 {
                self.stale_reads.set(left - 1);
                let frozen = self.frozen.borrow().clone().unwrap();
                return Box::pin(async move { Ok(frozen) });
            }
            self.shared.get_token()
        }
        fn set_token(&self, token: Token) -> LocalBoxFuture<'_, Result<(), SdkError>> {
            self.stale_reads.set(0);
            self.shared.set_token(token)
        }
        fn remove_token(&self) -> LocalBoxFuture<'_, Result<(), SdkError>> {
            self.stale_reads.set(0);
            self.shared.remove_token()
        }
    }

    /// Tab A and, over a lagging view of the same store, tab B, both logged in, with the access
    /// token expired and B's view frozen for `stale_reads` reads; A has refreshed already.
    fn b_lagging_after_a_refreshed(stale_reads: usize) -> (Tab, Auth, Rc<LaggingView>) {
        let api = FakeApi::new();
        api.rotate_refresh_tokens();
        let shared = Rc::new(MemoryStore::new());
        let lock = TestLock::new();
        let tab_a = tab_sharing(api.clone(), shared.clone(), lock.clone());
        let view = LaggingView::new(shared);
        let tab_b = Auth::new(Rc::new(testing::config()), view.clone(), api.clone(), lock);
        tab_a.login();
        api.expire_access_tokens();
        view.freeze_for(stale_reads);
        assert_eq!(body_scope(&tab_a.call().unwrap()), Value::from("user"));
        assert_eq!(api.grant_count("refresh_token"), 1);
        (tab_a, tab_b, view)
    }

    #[test]
    fn a_tab_whose_store_view_lags_another_tabs_rotation_waits_for_it_instead_of_refreshing() {
        // B sends with the old access token (401), takes the lock after A released it, and
        // still reads the old token: it must not refresh with A's rotated-away refresh token.
        let (tab_a, tab_b, _view) = b_lagging_after_a_refreshed(5);
        let response = block_on(tab_b.send_authorized(api_request())).unwrap();
        assert_eq!(body_scope(&response), Value::from("user"));
        assert_eq!(
            tab_a.api.grant_count("refresh_token"),
            1,
            "no second refresh"
        );
        assert!(!block_on(tab_b.auth_info()).unwrap().unwrap().is_anonymous);
        let slept: u32 = tab_a.api.sleeps.borrow().iter().sum();
        assert!(slept > 0 && slept < STORE_CATCH_UP_MS, "waited {slept} ms");
    }

    #[test]
    fn a_store_view_that_never_catches_up_is_waited_for_a_bounded_time_then_refreshed() {
        let (tab_a, tab_b, _view) = b_lagging_after_a_refreshed(usize::MAX);
        // The refresh with the revoked token is refused: B goes on anonymously, as when nobody
        // could have known; and it gave up waiting after the bound.
        let response = block_on(tab_b.send_authorized(api_request())).unwrap();
        assert_eq!(body_scope(&response), Value::from("public-read"));
        assert_eq!(tab_a.api.grant_count("refresh_token"), 2);
        let slept: u32 = tab_a.api.sleeps.borrow().iter().sum();
        assert!(
            (STORE_CATCH_UP_MS..STORE_CATCH_UP_MS + 60).contains(&slept),
            "waited {slept} ms"
        );
    }

    #[test]
    fn a_tab_whose_token_nobody_rotated_refreshes_without_waiting() {
        let api = FakeApi::new();
        api.rotate_refresh_tokens();
        let tab = tab_sharing(api, Rc::new(MemoryStore::new()), TestLock::new());
        tab.login();
        tab.api.expire_access_tokens();
        assert_eq!(body_scope(&tab.call().unwrap()), Value::from("user"));
        assert!(tab.api.sleeps.borrow().is_empty());
    }

    #[test]
    fn rotation_marks_name_a_token_without_showing_it() {
        let mark = rotation_mark("refresh-1");
        assert_eq!(mark.len(), 16);
        assert!(!mark.contains("refresh"));
        assert_eq!(mark, rotation_mark("refresh-1"));
        assert_ne!(mark, rotation_mark("refresh-2"));
    }

    #[test]
    fn a_rejected_refresh_token_ends_the_session_and_the_call_continues_anonymously() {
        let tab = tab();
        tab.login();
        tab.api.expire_access_tokens();
        tab.api.revoke_refresh_tokens();

        let response = tab.call().unwrap();
        assert_eq!(body_scope(&response), Value::from("public-read"));
        assert_eq!(tab.api.grant_count("refresh_token"), 1);
        assert_eq!(tab.api.grant_count("client_credentials"), 1);
        let info = tab.info().unwrap();
        assert!(info.is_anonymous);
        assert_eq!(info.grant_type, "client_credentials");
        assert!(tab.stored().unwrap().refresh_token.is_none());
    }

    #[test]
    fn a_refresh_that_fails_transiently_keeps_the_session_and_the_next_call_recovers() {
        for (failure, code) in [
            (Failure::Network, "network"),
            (Failure::Timeout, "timeout"),
            (Failure::Status(503), "api-error"),
            (Failure::Status(500), "api-error"),
        ] {
            let tab = tab();
            tab.login();
            tab.api.expire_access_tokens();
            let before = tab.stored().unwrap();
            tab.api.fail_next(Target::Grant("refresh_token"), failure);

            let error = tab.call().unwrap_err();
            assert_eq!(error.code(), code, "{failure:?}");
            assert_eq!(
                tab.stored(),
                Some(before.clone()),
                "{failure:?} kept the session"
            );
            assert_eq!(tab.api.grant_count("client_credentials"), 0);

            let response = tab.call().unwrap();
            assert_eq!(body_scope(&response), Value::from("user"), "{failure:?}");
            assert_eq!(tab.api.grant_count("refresh_token"), 2);
        }
    }

    #[test]
    fn a_failed_anonymous_token_request_does_not_stick_to_the_instance() {
        let tab = tab();
        tab.api
            .fail_next(Target::Grant("client_credentials"), Failure::Timeout);
        let results = tab.calls_then_answer(5);
        for result in results {
            assert_eq!(result.unwrap_err(), SdkError::Timeout);
        }
        assert_eq!(
            tab.api.grant_count("client_credentials"),
            1,
            "one shared request"
        );
        assert_eq!(tab.stored(), None);

        assert_eq!(tab.call().unwrap().status, 200);
        assert_eq!(tab.api.grant_count("client_credentials"), 2);
    }

    #[test]
    fn a_network_error_on_the_marketplace_call_is_reported_and_keeps_the_token() {
        let tab = tab();
        tab.login();
        let before = tab.stored();
        tab.api.fail_next(Target::Api, Failure::Network);
        let error = tab.call().unwrap_err();
        assert_eq!(error, SdkError::Network("connection refused".to_owned()));
        assert_eq!(tab.stored(), before);
        assert_eq!(tab.api.token_request_count(), 1, "only the login");
    }

    #[test]
    fn a_second_401_after_the_retry_is_returned_without_another_retry() {
        let tab = tab();
        tab.call().unwrap();
        tab.api.fail_next(Target::Api, Failure::Status(401));
        tab.api.fail_next(Target::Api, Failure::Status(401));

        let response = tab.call().unwrap();
        assert_eq!(response.status, 401);
        assert_eq!(
            tab.api.requests_to("/v1/api/").len(),
            3,
            "first call, try, retry"
        );
        assert_eq!(tab.api.grant_count("client_credentials"), 2);
    }

    #[test]
    fn a_token_response_without_a_token_is_an_invalid_response() {
        let tab = tab();
        tab.api
            .fail_next(Target::Grant("client_credentials"), Failure::Status(200));
        let error = tab.call().unwrap_err();
        assert_eq!(error.code(), "invalid-response");
        assert_eq!(tab.stored(), None);
    }

    #[test]
    fn auth_api_errors_carry_status_and_the_parsed_body_or_its_text() {
        let json_error = auth_api_error(HttpResponse {
            status: 401,
            status_text: "Unauthorized".to_owned(),
            content_type: Some("application/json".to_owned()),
            retry_after: None,
            body: r#"{"error":"invalid_grant"}"#.into(),
        });
        assert_eq!(
            json_error,
            SdkError::Api {
                status: 401,
                status_text: "Unauthorized".to_owned(),
                data: Value::map([("error", Value::from("invalid_grant"))]),
            }
        );
        let text_error = auth_api_error(HttpResponse {
            status: 401,
            status_text: "Unauthorized".to_owned(),
            content_type: Some("text/plain".to_owned()),
            retry_after: None,
            body: "Unauthorized".into(),
        });
        assert_eq!(
            text_error,
            SdkError::Api {
                status: 401,
                status_text: "Unauthorized".to_owned(),
                data: Value::from("Unauthorized"),
            }
        );
    }

    #[test]
    fn login_sends_the_password_grant_and_replaces_the_anonymous_token() {
        let tab = tab();
        tab.call().unwrap();
        assert!(tab.info().unwrap().is_anonymous);

        let token = tab.login();
        assert_eq!(
            tab.form_of("password"),
            form(&[
                ("client_id", testing::CLIENT_ID),
                ("grant_type", "password"),
                ("username", USERNAME),
                ("password", PASSWORD),
                ("scope", "user"),
            ])
        );
        assert_eq!(tab.stored(), Some(token));
        let info = tab.info().unwrap();
        assert!(!info.is_anonymous);
        assert_eq!(info.scopes, Some(vec!["user".to_owned()]));
        assert_eq!(body_scope(&tab.call().unwrap()), Value::from("user"));
    }

    #[test]
    fn a_wrong_password_fails_with_401_and_keeps_the_stored_token() {
        let tab = tab();
        tab.call().unwrap();
        let before = tab.stored();
        let error = block_on(tab.auth.login(USERNAME, "wrong-password-xyz")).unwrap_err();
        assert_eq!(error.status(), Some(401));
        assert_eq!(tab.stored(), before);
        let printed = format!("{error} {error:?}");
        assert!(!printed.contains("wrong-password-xyz"), "{printed}");
    }

    #[test]
    fn no_token_or_password_appears_in_errors_or_debug_output() {
        let tab = tab();
        let token = tab.login();
        tab.api.expire_access_tokens();
        tab.api
            .fail_next(Target::Grant("refresh_token"), Failure::Status(503));
        let error = tab.call().unwrap_err();
        let printed = format!("{error} {error:?} {:?} {:?}", tab.auth, token);
        for secret in [
            PASSWORD,
            token.access_token.as_str(),
            token.refresh_token.as_deref().unwrap(),
        ] {
            assert!(!printed.contains(secret), "{printed}");
        }
    }

    #[test]
    fn logout_revokes_the_refresh_token_and_clears_the_store() {
        let tab = tab();
        let token = tab.login();
        let response = block_on(tab.auth.logout()).unwrap();
        assert_eq!(response.map(|r| r.status), Some(200), "the revoke response");

        let revokes = tab.api.requests_to("/v1/auth/revoke");
        assert_eq!(revokes.len(), 1);
        assert_eq!(
            revokes[0].header("authorization"),
            Some(token.authorization().as_str())
        );
        assert_eq!(
            revokes[0].header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        let refresh = token.refresh_token.as_deref().unwrap();
        assert_eq!(
            form_decode(revokes[0].body.as_deref().unwrap()),
            form(&[("token", refresh)])
        );
        assert!(!tab.api.refresh_token_is_valid(refresh));
        assert_eq!(tab.stored(), None);
        assert_eq!(tab.info(), None);

        // The next call starts an anonymous session.
        assert_eq!(body_scope(&tab.call().unwrap()), Value::from("public-read"));
    }

    #[test]
    fn logout_with_an_expired_access_token_still_revokes_the_session() {
        let tab = tab();
        tab.api.rotate_refresh_tokens();
        tab.login();
        tab.api.expire_access_tokens();
        block_on(tab.auth.logout()).unwrap();

        assert_eq!(tab.api.grant_count("refresh_token"), 1);
        assert_eq!(tab.api.requests_to("/v1/auth/revoke").len(), 2);
        // Neither the old nor the refreshed refresh token still works.
        assert!(!tab.api.refresh_token_is_valid("refresh-1"));
        assert!(!tab.api.refresh_token_is_valid("refresh-2"));
        assert_eq!(tab.stored(), None);
    }

    #[test]
    fn logout_of_a_dead_session_succeeds_and_clears_the_store() {
        let tab = tab();
        tab.login();
        tab.api.expire_access_tokens();
        tab.api.revoke_refresh_tokens();
        block_on(tab.auth.logout()).unwrap();
        assert_eq!(tab.stored(), None);
    }

    #[test]
    fn logout_of_an_anonymous_session_sends_nothing() {
        let tab = tab();
        tab.call().unwrap();
        let before = tab.api.requests().len();
        assert!(
            block_on(tab.auth.logout()).unwrap().is_none(),
            "no response to resolve"
        );
        assert_eq!(tab.api.requests().len(), before);
        assert_eq!(tab.stored(), None);

        block_on(tab.auth.logout()).unwrap(); // nothing stored: still fine
        assert_eq!(tab.api.requests().len(), before);
    }

    #[test]
    fn logout_that_cannot_reach_the_server_clears_locally_and_reports_it() {
        let tab = tab();
        tab.login();
        tab.api.fail_next(Target::Revoke, Failure::Network);
        let error = block_on(tab.auth.logout()).unwrap_err();
        assert_eq!(error.code(), "network");
        assert_eq!(tab.stored(), None);
    }

    #[test]
    fn a_login_during_an_anonymous_token_request_is_not_overwritten() {
        // The page's first calls fetch an anonymous token while the user logs in; the login
        // answer arrives first. The anonymous token must not replace the user's session.
        let tab = tab();
        // Polled in this order, the login request is sent and answered before the anonymous
        // token request the call sends at the same time.
        let (login, call) = block_on(futures::future::join(
            tab.auth.login(USERNAME, PASSWORD),
            tab.auth.send_authorized(api_request()),
        ));
        assert_eq!(tab.api.grant_count("client_credentials"), 1);
        let login = login.unwrap();
        assert_eq!(body_scope(&call.unwrap()), Value::from("user"));
        assert_eq!(tab.stored(), Some(login));
        assert!(!tab.info().unwrap().is_anonymous);
    }

    #[test]
    fn a_logout_while_the_session_is_being_refreshed_is_not_undone() {
        // Another tab signs out (removes the stored token) after this tab sent its refresh
        // request: the refreshed user token must not bring the session back; the call goes on
        // with a new anonymous token.
        let tab = tab();
        tab.login();
        tab.api.expire_access_tokens();
        let signed_out_elsewhere = async {
            testing::YieldOnce::new().await;
            tab.store.remove_token().await.unwrap();
        };
        let (call, ()) = block_on(futures::future::join(
            tab.auth.send_authorized(api_request()),
            signed_out_elsewhere,
        ));
        assert_eq!(tab.api.grant_count("refresh_token"), 1);
        assert_eq!(body_scope(&call.unwrap()), Value::from("public-read"));
        assert!(tab.info().unwrap().is_anonymous);
    }

    #[test]
    fn a_refresh_answer_without_refresh_token_keeps_the_current_one() {
        let tab = tab();
        tab.api.omit_refresh_token_on_refresh();
        let login = tab.login();
        tab.api.expire_access_tokens();
        assert_eq!(body_scope(&tab.call().unwrap()), Value::from("user"));
        let stored = tab.stored().unwrap();
        assert_ne!(stored.access_token, login.access_token);
        assert_eq!(stored.refresh_token, login.refresh_token);
        // And the kept one still works at the next expiry: the session survives.
        tab.api.expire_access_tokens();
        assert_eq!(body_scope(&tab.call().unwrap()), Value::from("user"));
        assert_eq!(tab.api.grant_count("refresh_token"), 2);
        assert!(!tab.info().unwrap().is_anonymous);
    }

    #[test]
    fn a_refresh_whose_callers_gave_up_still_completes_and_keeps_the_rotated_token() {
        use futures::task::{noop_waker, LocalSpawnExt};
        use std::future::Future;
        use std::task::Context;
        let tab = tab();
        tab.api.rotate_refresh_tokens();
        let login = tab.login();
        tab.api.expire_access_tokens();
        let mut pool = futures::executor::LocalPool::new();
        let spawner = pool.spawner();
        tab.auth
            .set_driver(Rc::new(move |task| spawner.spawn_local(task).unwrap()));
        let waker = noop_waker();
        let mut cx = Context::from_waker(&waker);
        tab.api.pause();
        let mut call = Box::pin(tab.auth.send_authorized(api_request()));
        assert!(call.as_mut().poll(&mut cx).is_pending()); // the API request waits
        tab.api.resume();
        assert!(call.as_mut().poll(&mut cx).is_pending()); // 401, the refresh is sent
        tab.api.pause();
        assert!(call.as_mut().poll(&mut cx).is_pending()); // ...and waits at the server
        drop(call); // the caller timed out
        assert_eq!(tab.api.grant_count("refresh_token"), 0);
        tab.api.resume();
        pool.run_until_stalled();
        assert_eq!(tab.api.grant_count("refresh_token"), 1);
        let stored = tab.stored().unwrap();
        assert_ne!(stored.refresh_token, login.refresh_token);
        assert!(tab
            .api
            .refresh_token_is_valid(stored.refresh_token.as_deref().unwrap()));
        // The next call uses the stored token: no second refresh, which rotation would refuse.
        assert_eq!(body_scope(&tab.call().unwrap()), Value::from("user"));
        assert_eq!(tab.api.grant_count("refresh_token"), 1);
    }
}
