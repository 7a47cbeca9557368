//! The package's exports: `createInstance`, the token store factories and the `types` classes.

use crate::core::assets;
use crate::core::auth::{Account, Login, Outcome};
use crate::core::client::{self, Client};
use crate::core::config::Config;
use crate::core::endpoints::{self, BodyKind, Endpoint};
use crate::core::error::SdkError;
use crate::core::http::{HttpRequest, Transport};
use crate::core::multipart::{self, FileUploadArgs};
use crate::core::store::{NoLock, RefreshLock, TokenStore};
use crate::core::text;
use crate::core::token::AuthInfo;
use crate::core::type_handlers::{self, HandlerShape, Slot};
use crate::js::convert::{file_arg, from_caller, guard, upload_inputs};
use crate::js::error::to_js_error;
use crate::js::exec::{self, Work};
use crate::js::lock::WebLock;
use crate::js::stores::{self, JsObjectStore};
use crate::js::sys::{reflect, Array, Function, Object, Promise};
use crate::js::transport::{attach, Attachments, FetchTransport, JsText};
use crate::js::value::to_js;
use crate::prelude::*;
use ::core::future::Future;
use ::core::task::Poll;
use alloc::rc::Rc;
use futures_util::FutureExt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub use crate::js::stores::{
    browser_cookie_store, local_storage_store, memory_store, session_storage_store,
};

#[wasm_bindgen(module = "/js/sdk.js")]
extern "C" {
    #[wasm_bindgen(js_name = buildSdk)]
    fn build_sdk(client: JsValue, endpoints: &str, type_handlers: JsValue) -> JsValue;
    /// `createInstance`'s config split for [`client_for`] (see `configParts` in js/sdk.js);
    /// throws an `invalid-config` SdkError for a config that cannot be read.
    #[wasm_bindgen(js_name = configParts, catch)]
    fn config_parts(config: &JsValue) -> Result<JsValue, JsValue>;
    /// The comma-separated `names` fields of guarded call params: strings, arrays of strings
    /// (other entries `undefined`), else `undefined` (see `textFields` in js/sdk.js); throws the
    /// guard's `invalid-params` SdkError.
    #[wasm_bindgen(js_name = textFields, catch)]
    fn text_fields(params: &JsValue, names: &str) -> Result<Array, JsValue>;
    /// The asset calls' params as the JSON text `[alias, version, path, paths]` that
    /// `core::assets::call_request` reads (see `assetFields` in js/sdk.js); throws the guard's
    /// `invalid-params` SdkError.
    #[wasm_bindgen(js_name = assetFields, catch)]
    fn asset_fields(params: &JsValue) -> Result<String, JsValue>;
    /// `{ name, mimeType, size }`, `name` `undefined` for `None` (see `metadataObject` in
    /// js/sdk.js).
    #[wasm_bindgen(js_name = metadataObject)]
    fn metadata_object(name: Option<String>, mime_type: &str, size: f64) -> JsValue;
    #[wasm_bindgen(js_name = sdkTypes)]
    fn sdk_types_object() -> JsValue;
    /// The call's result from an undecoded answer (see `decodeAnswer` in js/sdk.js): throws the
    /// `api-error` or `invalid-response` SdkError.
    #[wasm_bindgen(js_name = decodeAnswer, catch)]
    fn decode_answer(
        status: u16,
        status_text: &str,
        payload: &str,
        body: &JsValue,
        failure: Option<String>,
    ) -> Result<JsValue, JsValue>;
    /// `transit.read` in JS (js/transit_read.js); throws an SdkError.
    #[wasm_bindgen(js_name = transitRead, catch)]
    fn transit_read_js(text: &JsValue) -> Result<JsValue, JsValue>;
}

// Named so that wasm-bindgen ships js/transit_read.js beside js/sdk.js, which imports it.
#[wasm_bindgen(module = "/js/transit_read.js")]
extern "C" {
    #[wasm_bindgen(js_name = createTransitReader)]
    #[allow(dead_code)]
    fn create_transit_reader(classes: &JsValue) -> JsValue;
}

/// The call's result from an undecoded answer: `{ status, statusText, data }`, or the
/// rejection (`api-error`, `invalid-response`) built in JS.
fn settle(answer: client::RawAnswer) -> Result<JsValue, JsValue> {
    decode_answer(
        answer.status,
        &answer.status_text,
        answer.payload.name(),
        &JsText::of(&answer.body),
        answer.failure(),
    )
}

/// `createInstance(config)`: validates the config and returns the SDK object with one function
/// per Marketplace API method, plus `login`, `logout` and `authInfo`.
///
/// Throws an `SdkError` with code `invalid-config` for a bad config, including any
/// `clientSecret`: a secret must never be shipped to a browser.
///
/// A Rust function for the browser suites, not a wasm export: the package builds its SDK
/// objects in JS (`pkg-template/index.js`) over [`create_client`], so the release module
/// carries neither this nor what only it uses.
pub fn create_instance(config: JsValue) -> Result<JsValue, JsValue> {
    let (client, handlers) = client_for(config_parts(&config)?)?;
    Ok(build_sdk(client.into(), &endpoint_rows(), handlers))
}

/// `createClient(config)`: the wasm client alone, for an SDK object the package's JS built
/// before the module had loaded (browsers; see `pkg-template/loader.js`). Checks the config as
/// `createInstance` does and throws the same `invalid-config` errors.
#[wasm_bindgen(js_name = createClient)]
pub fn create_client(config: JsValue) -> Result<SdkClient, JsValue> {
    client_for(config_parts(&config)?).map(|(client, _)| client)
}

/// The client for a config split by `configParts` (js/sdk.js), and its checked `typeHandlers`;
/// the error is the JS `SdkError` (`invalid-config`) ready to throw, made where it arises so
/// that no `SdkError` is moved through this function's result.
fn client_for(parts: JsValue) -> Result<(SdkClient, JsValue), JsValue> {
    if parts.is_undefined() {
        return Err(config_error(SdkError::InvalidConfig(
            "createInstance expects an object such as { clientId }".to_owned(),
        )));
    }
    let parts: Array = parts.unchecked_into();
    let settings = crate::core::caller::read_config(&parts.get(0).as_string().unwrap_or_default())
        .map_err(config_error)?;
    let config_value = Config::from_value(&settings).map_err(config_error)?;

    let store_object = parts.get(1);
    let store_object = if store_object.is_undefined() || store_object.is_null() {
        stores::default_store(&config_value.client_id, config_value.secure)
    } else {
        store_object
    };
    let store = JsObjectStore::new(store_object, config_value.timeout_ms).map_err(config_error)?;
    let lock: Rc<dyn RefreshLock> = match store.lock_name(&config_value.client_id) {
        Some(name) => Rc::new(WebLock::new(name, config_value.timeout_ms)),
        None => Rc::new(NoLock),
    };
    let transport = Rc::new(FetchTransport::new(config_value.timeout_ms));
    let store: Rc<dyn TokenStore> = Rc::new(store);
    let client = Client::new(config_value, store, transport, lock);
    // Token requests finish even when every call waiting for them timed out.
    client.auth().set_driver(Rc::new(exec::spawn_local));
    let client = SdkClient {
        client: Rc::new(client),
    };
    let Some(shapes) = parts.get(3).as_string() else {
        return Err(config_error(SdkError::InvalidConfig(
            "`typeHandlers` must be an array of { sdkType, appType, reader, writer }".to_owned(),
        )));
    };
    type_handlers::check(handler_shapes(&shapes)).map_err(config_error)?;
    Ok((client, parts.get(2)))
}

/// A config error as the JS `SdkError` [`client_for`] fails with.
#[inline(never)]
fn config_error(error: SdkError) -> JsValue {
    to_js_error(&error)
}

/// The `typeHandlers` shapes `configParts` wrote, five characters a handler: the index of its
/// `sdkType` among the `types` classes (`-` for none), then `a`/`f`/`o` (absent, function,
/// other) for `appType`, `canHandle`, `reader` and `writer`.
fn handler_shapes(text: &str) -> impl Iterator<Item = HandlerShape> + '_ {
    const TYPES: [&str; 5] = ["UUID", "LatLng", "LatLngBounds", "Money", "BigDecimal"];
    let slot = |c: u8| match c {
        b'a' => Slot::Absent,
        b'f' => Slot::Function,
        _ => Slot::Other,
    };
    text.as_bytes().chunks_exact(5).map(move |s| HandlerShape {
        sdk_type: TYPES.get(usize::from(s[0].wrapping_sub(b'0'))).copied(),
        app_type: slot(s[1]),
        can_handle: slot(s[2]),
        reader: slot(s[3]),
        writer: slot(s[4]),
    })
}

/// Every endpoint entry for `buildSdk`, in endpoints.js's format (space-separated, `?` after a
/// query's path, `!` after an upload's).
fn endpoint_rows() -> String {
    // The format of the package's endpoints.js (xtask `endpoints_module`).
    let mut out = String::new();
    for e in endpoints::ENDPOINTS {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&e.entry());
    }
    out
}

/// `types`: the `UUID`, `LatLng`, `LatLngBounds`, `Money` and `BigDecimal` classes.
///
/// For the browser suites, not a wasm export: the package takes `types` from js/sdk.js.
pub fn sdk_types() -> JsValue {
    sdk_types_object()
}

/// The wasm client behind an SDK object. Its methods return promises; each clones the shared
/// client state before awaiting, so no JS object stays borrowed across an await.
#[wasm_bindgen]
pub struct SdkClient {
    client: Rc<Client>,
}

fn response(status: u16, status_text: &str, data: JsValue) -> JsValue {
    let object = Object::new();
    let _ = reflect::set(
        &object,
        &"status".into(),
        &JsValue::from_f64(f64::from(status)),
    );
    let _ = reflect::set(
        &object,
        &"statusText".into(),
        &JsValue::from_str(status_text),
    );
    let _ = reflect::set(&object, &"data".into(), &data);
    object.into()
}

/// The `names` fields of `fields` (from `textFields`) as non-empty strings; fails with
/// `InvalidParams` (``"login needs a non-empty string `username`"``, `call` naming the call)
/// for the first that is not one.
fn non_empty_texts(fields: &Array, names: &[&str], call: &str) -> Result<Vec<String>, SdkError> {
    let mut texts = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match fields.get(i as u32).as_string().filter(|s| !s.is_empty()) {
            Some(text) => texts.push(text),
            None => {
                return Err(SdkError::InvalidParams(text::concat(&[
                    call,
                    " needs a non-empty string `",
                    name,
                    "`",
                ])))
            }
        }
    }
    Ok(texts)
}

/// An Auth API JSON body as a JS value (`undefined` when it is not JSON).
fn auth_body_to_js(body: &str) -> JsValue {
    crate::core::json::parse(body).map_or(JsValue::UNDEFINED, |v| to_js(&v))
}

/// `future` as a promise that settles within `timeout_ms` (config `timeout`): the whole call,
/// waiting for the store, the cross-tab lock, the token and the answer included. A call that
/// runs out of time rejects with `timeout`, one whose `signal` (an `AbortSignal`, or
/// `undefined`) aborts rejects with `aborted`; the request in flight is aborted then, and a
/// token request the call was waiting for goes on (see `Auth::set_driver`), so the session is
/// never lost half-way.
fn promise_within(
    timeout_ms: Option<u32>,
    signal: JsValue,
    future: impl Future<Output = Result<JsValue, JsValue>> + 'static,
) -> Promise {
    within(timeout_ms, signal, Box::pin(future))
}

/// [`promise_within`] for the boxed body: not generic, so compiled once. The call's time (its
/// deadline and its signal) is one operation of the runtime, raced against the work.
#[inline(never)]
fn within(timeout_ms: Option<u32>, signal: JsValue, mut work: Work) -> Promise {
    if timeout_ms.is_none() && signal.is_undefined() {
        return exec::promise(work);
    }
    let mut ended = Box::pin(crate::js::timer::deadline(timeout_ms, signal));
    exec::promise(Box::pin(::core::future::poll_fn(move |cx| {
        if let Poll::Ready(result) = work.as_mut().poll(cx) {
            return Poll::Ready(result);
        }
        ended.as_mut().poll(cx).map(|timed_out| {
            Err(to_js_error(&if timed_out {
                SdkError::Timeout
            } else {
                SdkError::Aborted
            }))
        })
    })))
}

/// Sends a request that needs no Marketplace API token (`file.upload`, the asset calls) with
/// `timeout_ms` per request and settles with its answer as [`settle`] reads it (see
/// [`client::direct_answer`]). One state machine for both calls; `attachments` (the upload's
/// files) stay registered until the answer is in.
fn direct(timeout_ms: Option<u32>, request: HttpRequest, attachments: Option<Attachments>) -> Work {
    Box::pin(async move {
        let transport = FetchTransport::new(timeout_ms);
        let result = client::direct_answer(transport.send(request).await);
        drop(attachments);
        result.map_err(|e| to_js_error(&e)).and_then(settle)
    })
}

/// Whether a test build (`--features test-trap`) traps once the call's request was answered;
/// nothing in a release build.
#[cfg(feature = "test-trap")]
type Trap = bool;
#[cfg(not(feature = "test-trap"))]
struct Trap;
/// The [`Trap`] of a call that never traps (uploads).
#[cfg(feature = "test-trap")]
const NO_TRAP: Trap = false;
#[cfg(not(feature = "test-trap"))]
const NO_TRAP: Trap = Trap;

fn rejected(error: SdkError) -> Promise {
    Promise::reject(&to_js_error(&error))
}

#[wasm_bindgen]
impl SdkClient {
    /// Calls the endpoint of `entry`, its row in endpoints.js (`listings/query?` for a query,
    /// `images/upload!` for an upload, `own_listings/create` for a command: see
    /// [`Endpoint::of_entry`]). Queries take `params` as query parameters; commands take
    /// `params` as the body and `query` as query parameters; uploads take `params` as the
    /// multipart form (`{ image: file }` or a `FormData`) and `opts.onUploadProgress`. Resolves
    /// `{ status, statusText, data }`; rejects with an `SdkError` (`invalid-params` before
    /// sending for bad arguments, or for an entry that is no method path).
    pub fn call(
        &self,
        entry: &str,
        params: JsValue,
        query: JsValue,
        opts: JsValue,
        signal: JsValue,
    ) -> Promise {
        // Test builds only (`--features test-trap`): a real trap, for the package's recovery
        // test (tests/node/trap_recovery.test.mjs).
        #[cfg(feature = "test-trap")]
        if reflect::has(&params, &"__testTrap".into()).unwrap_or(false) {
            core::arch::wasm32::unreachable();
        }
        // ...and one in the call's asynchronous part, once its request was answered.
        #[cfg(feature = "test-trap")]
        let trap_after_await = reflect::has(&params, &"__testTrapAsync".into()).unwrap_or(false);
        #[cfg(not(feature = "test-trap"))]
        let trap_after_await = Trap;
        let Some(endpoint) = Endpoint::of_entry(entry) else {
            return rejected(SdkError::InvalidParams(text::concat(&[
                "unknown endpoint `",
                entry,
                "`",
            ])));
        };
        if endpoint.body == BodyKind::Multipart {
            return self.upload(&endpoint, params, query, opts, signal);
        }
        let params = match from_caller(&params, "") {
            Ok(params) => params,
            Err(e) => return Promise::reject(&e),
        };
        let query = match from_caller(&query, "query") {
            Ok(query) => query,
            Err(e) => return Promise::reject(&e),
        };
        // Built before the await, so the task holds the request rather than the parameters.
        let request = self.client.call_request(&endpoint, &params, &query);
        self.send(request, None, signal, trap_after_await)
    }

    /// Sends a Marketplace API request built by `call` or `upload` (or rejects with why it
    /// could not be built) within the call's deadline and `signal`, and settles with its
    /// answer. One state machine for both; `attachments` (an upload's files) stay registered
    /// until the answer is in.
    #[inline(never)]
    fn send(
        &self,
        request: Result<HttpRequest, SdkError>,
        attachments: Option<Attachments>,
        signal: JsValue,
        trap_after_await: Trap,
    ) -> Promise {
        let client = self.client.clone();
        let timeout_ms = client.config().timeout_ms;
        within(
            timeout_ms,
            signal,
            Box::pin(async move {
                let result = client.send_raw(request).await;
                drop(attachments);
                #[cfg(feature = "test-trap")]
                if trap_after_await {
                    core::arch::wasm32::unreachable();
                }
                #[cfg(not(feature = "test-trap"))]
                let Trap = trap_after_await;
                result.map_err(|e| to_js_error(&e)).and_then(settle)
            }),
        )
    }

    fn upload(
        &self,
        endpoint: &Endpoint<'_>,
        params: JsValue,
        query: JsValue,
        opts: JsValue,
        signal: JsValue,
    ) -> Promise {
        let guarded = guard(&params, "")
            .and_then(|p| Ok((p, from_caller(&query, "query")?, guard(&opts, "opts")?)));
        let (params, query, opts) = match guarded {
            Ok(guarded) => guarded,
            Err(e) => return Promise::reject(&e),
        };
        let read = upload_inputs(&params).and_then(|(inputs, files)| {
            Ok((
                inputs,
                files,
                progress_callback(&opts).map_err(|e| to_js_error(&e))?,
            ))
        });
        let (inputs, files, on_progress) = match read {
            Ok(read) => read,
            Err(e) => return Promise::reject(&e),
        };
        let progress = on_progress.is_some();
        let attachments = attach(files, on_progress);
        let request =
            self.client
                .upload_request(endpoint, inputs, &query, attachments.handle(), progress);
        self.send(request, Some(attachments), signal, NO_TRAP)
    }

    /// `sdk.loginAs({ code, redirect_uri, code_verifier })`: logs in as a user with the
    /// one-time code of a login-as redirect (authorization code grant with PKCE) and stores the
    /// session; `authInfo()` then says `isLoggedInAs: true`. Rejects with `invalid-params`
    /// before any request when a field is missing. Resolves like `login`.
    #[wasm_bindgen(js_name = loginAs)]
    pub fn login_as(&self, params: JsValue, signal: JsValue) -> Promise {
        self.log_in(true, params, signal)
    }

    /// The Asset Delivery API calls: `assetByAlias({ path, alias })`,
    /// `assetByVersion({ path, version })`, `assetsByAlias({ paths, alias })` and
    /// `assetsByVersion({ paths, version })` (`by_version` and `many` pick which). Resolves
    /// `{ status, statusText, data }` with the JSON answer; rejects with `invalid-params`
    /// before any request when a parameter is missing, `api-error` for a non-2xx answer.
    #[wasm_bindgen(js_name = fetchAssets)]
    pub fn fetch_assets(
        &self,
        by_version: bool,
        many: bool,
        params: JsValue,
        signal: JsValue,
    ) -> Promise {
        let config = self.client.config();
        let request = asset_fields(&params).and_then(|fields| {
            assets::call_request(config, by_version, many, &fields).map_err(|e| to_js_error(&e))
        });
        match request {
            Ok(request) => within(
                config.timeout_ms,
                signal,
                direct(config.timeout_ms, request, None),
            ),
            Err(e) => Promise::reject(&e),
        }
    }

    /// `sdk.login({ username, password })`: signs the user in with the password grant and
    /// stores the session. The resolved `data` holds the token's scope and lifetime, never the
    /// tokens themselves.
    pub fn login(&self, params: JsValue, signal: JsValue) -> Promise {
        self.log_in(false, params, signal)
    }

    /// `sdk.logout()`: revokes the session's refresh token and clears the store.
    pub fn logout(&self, signal: JsValue) -> Promise {
        self.account(Account::LogOut, signal)
    }

    /// `sdk.authInfo()`: `{ scopes, isAnonymous, grantType, isLoggedInAs }` of the stored
    /// token, or `{}` when there is none. Makes no request.
    #[wasm_bindgen(js_name = authInfo)]
    pub fn auth_info(&self) -> Promise {
        self.account(Account::Info, JsValue::UNDEFINED)
    }
}

impl SdkClient {
    /// `login`, `loginAs`, `logout` or `authInfo`: one future type for the four (see
    /// [`account_answer`]). Rejects as the call says.
    fn account(&self, account: Account<'_>, signal: JsValue) -> Promise {
        let done = self.client.auth().account(account);
        promise_within(
            self.client.config().timeout_ms,
            signal,
            done.map(account_answer),
        )
    }

    /// `login` (`as_user` false: `{ username, password }`) and `loginAs` (`{ code,
    /// redirect_uri, code_verifier }`): one body for both exports. Rejects with
    /// `invalid-params` naming the call before any request when a field is missing.
    fn log_in(&self, as_user: bool, params: JsValue, signal: JsValue) -> Promise {
        let (call, list, names): (_, _, &[&str]) = if as_user {
            (
                "loginAs",
                "code,redirect_uri,code_verifier",
                &["code", "redirect_uri", "code_verifier"],
            )
        } else {
            ("login", "username,password", &["username", "password"])
        };
        let fields = match text_fields(&params, list) {
            Ok(fields) => fields,
            Err(e) => return Promise::reject(&e),
        };
        let texts = match non_empty_texts(&fields, names, call) {
            Ok(texts) => texts,
            Err(e) => return rejected(e),
        };
        let login = if as_user {
            Login::As {
                code: &texts[0],
                redirect_uri: &texts[1],
                code_verifier: &texts[2],
            }
        } else {
            Login::Password {
                username: &texts[0],
                password: &texts[1],
            }
        };
        self.account(Account::LogIn(login), signal)
    }
}

/// What `login`, `loginAs`, `logout` and `authInfo` resolve, as the official SDK does: the
/// login's `{ status, statusText, data }` with the token; the revoke response or `undefined`
/// when none was sent; the stored token's `authInfo` (built as one JSON text, which crosses
/// once and becomes the object in JS). Rejects with the flow's SdkError.
fn account_answer(done: Result<Outcome, SdkError>) -> Result<JsValue, JsValue> {
    Ok(match done.map_err(|e| to_js_error(&e))? {
        Outcome::Token(token) => response(200, "OK", to_js(&token.login_data())),
        Outcome::Revoked(None) => JsValue::UNDEFINED,
        Outcome::Revoked(Some(revoked)) => response(
            revoked.status,
            &revoked.status_text,
            auth_body_to_js(&revoked.body.into_text()),
        ),
        Outcome::Stored(token) => to_js(&AuthInfo::to_value(AuthInfo::of(token.as_ref()))),
    })
}

/// `transit.read(text)`: decodes a Transit document into plain JS values and `types`
/// instances, as the official SDK's `transit.read` does. Throws an `SdkError` with code
/// `invalid-response` on malformed input, `invalid-params` when `text` is not a string.
///
/// For the browser suites, not a wasm export: the package's `transit.read` is JS alone.
pub fn transit_read(text: JsValue) -> Result<JsValue, JsValue> {
    transit_read_js(&text)
}

/// `transit.write(value, { verbose })`: encodes a JS value as Transit, every object key a
/// keyword, as the official SDK's `transit.write` does. Throws an `SdkError` with code
/// `invalid-params` for values Transit cannot carry (functions, symbols).
#[wasm_bindgen(js_name = transitWrite)]
pub fn transit_write(value: JsValue, options: JsValue) -> Result<String, JsValue> {
    let options = guard(&options, "options")?;
    let verbose = options.is_object()
        && reflect::get(&options, &"verbose".into()).is_ok_and(|v| v.is_truthy());
    let value = from_caller(&value, "value")?;
    Ok(if verbose {
        crate::core::transit::encode_verbose(&value)
    } else {
        crate::core::transit::encode(&value)
    })
}

/// `util.queryString(params)`: the query string the SDK sends for `params` (an object, a query
/// string, or an array of those merged left to right), encoded as the official SDK encodes it.
/// Throws an `SdkError` with code `invalid-params` naming a parameter that cannot be encoded.
#[wasm_bindgen(js_name = queryString)]
pub fn query_string(params: JsValue) -> Result<String, JsValue> {
    let params = from_caller(&params, "")?;
    crate::core::query::encode(&params).map_err(|e| to_js_error(&e))
}

/// `util.objectQueryString(object)`: `{ w: 640, fit: 'scale' }` → `w:640;fit:scale`, for
/// parameters such as `imageVariant.*`. Throws an `SdkError` (`invalid-params`) for nested objects.
#[wasm_bindgen(js_name = objectQueryString)]
pub fn object_query_string(object: JsValue) -> Result<String, JsValue> {
    let object = from_caller(&object, "")?;
    crate::core::query::object_query_string(&object).map_err(|e| to_js_error(&e))
}

/// `opts.onUploadProgress`: a function, or nothing. Fails with `InvalidParams` for any other
/// value.
fn progress_callback(opts: &JsValue) -> Result<Option<Function>, SdkError> {
    if !opts.is_object() {
        return Ok(None);
    }
    let callback = reflect::get(opts, &"onUploadProgress".into()).unwrap_or(JsValue::UNDEFINED);
    if callback.is_undefined() || callback.is_null() {
        return Ok(None);
    }
    callback
        .dyn_into()
        .map(Some)
        .map_err(|_| SdkError::InvalidParams("`onUploadProgress` must be a function".to_owned()))
}

/// `file.metadata(file)`: `{ name, mimeType, size }` of a `File` or `Blob`, the fields
/// `ownFiles.create` takes (`mimeType` defaults to `application/octet-stream`, `name` is
/// `undefined` for a plain `Blob`). Throws an `SdkError` with code `invalid-params` ("file is
/// required") when `file` is missing or not a `File`/`Blob`.
#[wasm_bindgen(js_name = fileMetadata)]
pub fn file_metadata(file: JsValue) -> Result<JsValue, JsValue> {
    let file = guard(&file, "file")?;
    let metadata = multipart::metadata(file_arg(&file).0).map_err(|e| to_js_error(&e))?;
    Ok(metadata_object(
        metadata.name,
        &metadata.mime_type,
        metadata.size,
    ))
}

/// `file.upload({ method, url, headers, file, onUploadProgress })`: sends `file` as the whole
/// body straight to the storage `url` from `fileUploads.create` (default method `PUT`, no
/// Marketplace API token). Resolves `{ status, statusText, data }`; rejects with an `SdkError`
/// (`api-error` for a non-2xx answer, `network`). Throws `invalid-params` at once, before
/// sending, when `url` or `file` is missing or of the wrong kind ("url is required", "file is
/// required"), or `method`, `headers` or `onUploadProgress` is unusable.
#[wasm_bindgen(js_name = fileUpload)]
pub fn file_upload(args: JsValue) -> Result<Promise, JsValue> {
    let args = guard(&args, "")?;
    file_upload_checked(args)
}

fn file_upload_checked(args: JsValue) -> Result<Promise, JsValue> {
    if !args.is_object() {
        return Err(to_js_error(&SdkError::InvalidParams(
            "`file.upload` takes an object such as `{ url, file }`".to_owned(),
        )));
    }
    let field =
        |key: &str| reflect::get(&args, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let on_progress = progress_callback(&args).map_err(|e| to_js_error(&e))?;
    let method = from_caller(&field("method"), "method")?;
    let url = from_caller(&field("url"), "url")?;
    let headers = from_caller(&field("headers"), "headers")?;
    let (file, files) = file_arg(&field("file"));
    let upload_args = FileUploadArgs {
        method,
        url,
        headers,
        file,
        progress: on_progress.is_some(),
    };
    let attachments = attach(files, on_progress);
    let request = multipart::file_upload_request(&upload_args, attachments.handle())
        .map_err(|e| to_js_error(&e))?;
    Ok(exec::promise(direct(None, request, Some(attachments))))
}
