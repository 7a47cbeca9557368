//! One Marketplace API call end to end: encode, authorize, send, decode.

use crate::core::auth::Auth;
use crate::core::config::Config;
use crate::core::endpoints::{BodyKind, Endpoint};
use crate::core::error::SdkError;
use crate::core::http::{header, Body, HttpRequest, HttpResponse, Transport, Upload, UploadBody};
#[cfg(test)]
use crate::core::json;
use crate::core::multipart::{self, Arg, Inputs};
use crate::core::query;
use crate::core::store::{RefreshLock, TokenStore};
use crate::core::text;
use crate::core::transit;
use crate::core::value::Value;
use crate::prelude::*;
use alloc::rc::Rc;

/// A successful (2xx) Marketplace API answer, in the shape the official SDK resolves with.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T = Value> {
    /// The HTTP status, e.g. 200.
    pub status: u16,
    /// The HTTP status text, e.g. `OK` (empty over HTTP/2).
    pub status_text: String,
    /// The decoded body: usually the `{ data, included, meta }` envelope; null when empty.
    pub data: T,
}

/// A Marketplace API answer as it came, for a caller that decodes the body itself (the JS
/// layer, whose Transit reader builds the objects directly): what [`Client::call_raw`] gives.
#[derive(Debug, Clone, PartialEq)]
pub struct RawAnswer {
    /// The HTTP status, e.g. 200.
    pub status: u16,
    /// The HTTP status text, e.g. `OK` (empty over HTTP/2).
    pub status_text: String,
    /// How the body is to be read, by its content type.
    pub payload: Payload,
    /// The body, as the transport gave it (in the browser, still in JS).
    pub body: Body,
}

impl RawAnswer {
    fn of(response: HttpResponse) -> RawAnswer {
        RawAnswer {
            status: response.status,
            payload: payload(&response),
            status_text: response.status_text,
            body: response.body,
        }
    }

    /// [`RawAnswer::of`] for an answer from outside the Marketplace API (`file.upload`, the
    /// Asset Delivery API), read as axios reads it: an empty success body is the text `""`,
    /// not null.
    fn direct(response: HttpResponse) -> RawAnswer {
        let mut answer = RawAnswer::of(response);
        if answer.payload == Payload::Empty && answer.failure().is_none() {
            answer.payload = Payload::Text;
        }
        answer
    }

    /// The message of the `api-error` this answer is (status not 2xx), as
    /// [`SdkError::Api`] writes it; `None` for a success. The error's `data` is the decoded
    /// body, or its text when it cannot be decoded.
    pub fn failure(&self) -> Option<String> {
        if (200..300).contains(&self.status) {
            return None;
        }
        let error = SdkError::Api {
            status: self.status,
            status_text: self.status_text.clone(),
            data: Value::Null,
        };
        Some(error.message())
    }
}

impl ::core::fmt::Debug for Client {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

/// One SDK instance's connection to the Marketplace API: its config and its token lifecycle.
pub struct Client {
    config: Rc<Config>,
    auth: Auth,
    transport: Rc<dyn Transport>,
}

impl Client {
    /// Creates a client. Nothing is sent until the first call.
    pub fn new(
        config: Config,
        store: Rc<dyn TokenStore>,
        transport: Rc<dyn Transport>,
        lock: Rc<dyn RefreshLock>,
    ) -> Self {
        let config = Rc::new(config);
        let auth = Auth::new(config.clone(), store, transport.clone(), lock);
        Client {
            config,
            auth,
            transport,
        }
    }

    /// The instance's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The token lifecycle, for `login`, `logout` and `authInfo`.
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// Calls one Marketplace API endpoint and gives its answer undecoded, for the JS layer to
    /// decode with its own Transit reader (`js/transit_read.js`). Queries (`BodyKind::None`)
    /// send `params` in the query string; commands (`BodyKind::Transit`) send `params` as the
    /// Transit body and `query` in the query string (`Null` for none). A non-2xx answer is an
    /// answer too: [`RawAnswer::failure`] says it is an `api-error` and gives its message.
    ///
    /// Fails with `InvalidParams` before anything is sent when the parameters cannot be encoded
    /// (or the endpoint takes a multipart upload: see [`Client::upload_raw`]), and with whatever
    /// the token lifecycle fails with.
    pub fn call_raw(
        &self,
        endpoint: &Endpoint<'_>,
        params: &Value,
        query: &Value,
    ) -> impl ::core::future::Future<Output = Result<RawAnswer, SdkError>> + '_ {
        self.send_raw(self.call_request(endpoint, params, query))
    }

    /// The request of [`Client::call_raw`], or why it cannot be sent (as `call_raw` fails
    /// before sending), for a caller that builds it before it awaits [`Client::send_raw`].
    pub fn call_request(
        &self,
        endpoint: &Endpoint<'_>,
        params: &Value,
        query: &Value,
    ) -> Result<HttpRequest, SdkError> {
        self.build_request(endpoint, params, query, None)
    }

    /// Calls a multipart endpoint (`images/upload`): `params` (the caller's object or
    /// `FormData`, as the JS layer described it) become the form, `query` the query string.
    /// `attachments` is the JS layer's handle of the call's files; `progress` asks for upload
    /// progress events. The request is re-sent unchanged after a token refresh. The answer is
    /// left undecoded, as [`Client::call_raw`] leaves it.
    ///
    /// Fails with `InvalidParams` before anything is sent when the form cannot be built (see
    /// [`multipart::form`]) or the query cannot be encoded, and otherwise like
    /// [`Client::call_raw`].
    pub fn upload_raw(
        &self,
        endpoint: &Endpoint<'_>,
        params: Arg<Inputs>,
        query: &Value,
        attachments: u32,
        progress: bool,
    ) -> impl ::core::future::Future<Output = Result<RawAnswer, SdkError>> + '_ {
        self.send_raw(self.upload_request(endpoint, params, query, attachments, progress))
    }

    /// The request of [`Client::upload_raw`], or why it cannot be sent (as `upload_raw` fails
    /// before sending), for a caller that builds it before it awaits [`Client::send_raw`].
    pub fn upload_request(
        &self,
        endpoint: &Endpoint<'_>,
        params: Arg<Inputs>,
        query: &Value,
        attachments: u32,
        progress: bool,
    ) -> Result<HttpRequest, SdkError> {
        if endpoint.body != BodyKind::Multipart {
            return Err(SdkError::InvalidParams(text::concat(&[
                "`",
                endpoint.path,
                "` does not take a file upload",
            ])));
        }
        let fields = multipart::form(endpoint, params)?;
        let upload = Upload {
            attachments,
            body: UploadBody::Form(fields),
            progress,
        };
        self.build_request(endpoint, &Value::Null, query, Some(Rc::new(upload)))
    }

    /// Sends a built request (or gives back why it could not be built) and gives the answer
    /// undecoded; one state machine for [`Client::call_raw`] and [`Client::upload_raw`]. An
    /// upload is a `POST`, which [`Client::send_with_retries`] never resends. Fails with the
    /// request's own error, else as [`Client::call_raw`] fails.
    pub fn send_raw(
        &self,
        request: Result<HttpRequest, SdkError>,
    ) -> impl ::core::future::Future<Output = Result<RawAnswer, SdkError>> + '_ {
        // The loop's own future, not one wrapped in another: one state machine.
        self.send_with_retries(request, RawAnswer::of)
    }

    /// The call with the body decoded in Rust (the tests' view of an answer).
    #[cfg(test)]
    async fn call_decoding<T>(
        &self,
        endpoint: &Endpoint<'_>,
        params: &Value,
        query: &Value,
        decode: fn(&HttpResponse) -> Result<T, String>,
    ) -> Result<ApiResponse<T>, SdkError> {
        let request = self.build_request(endpoint, params, query, None);
        let response = self.send_with_retries(request, |response| response).await?;
        read_response(response, decode)
    }

    /// Sends `request` (authorized); a query (GET) answered 429, 502, 503 or 504, or lost to a
    /// network error, is sent again up to `config.retries` times, after the answer's
    /// `Retry-After` (seconds, at most 30) or an exponential backoff from 250 ms. Commands are
    /// never resent: the server may have acted on them. The call's deadline bounds it all.
    /// Fails with the request's own error when it could not be built; `read` makes the answer
    /// of the last response.
    async fn send_with_retries<T>(
        &self,
        request: Result<HttpRequest, SdkError>,
        read: fn(HttpResponse) -> T,
    ) -> Result<T, SdkError> {
        // A match rather than `?`: the same early return in fewer bytes of the state machine.
        let request = match request {
            Ok(request) => request,
            Err(e) => return Err(e),
        };
        let retries = match request.method {
            crate::core::http::Method::Get => self.config.retries,
            _ => 0,
        };
        let mut attempt = 0;
        loop {
            let result = self.auth.send_authorized(request.clone()).await;
            let retryable = match &result {
                Ok(response) => matches!(response.status, 429 | 502 | 503 | 504),
                Err(SdkError::Network(_)) => true,
                Err(_) => false,
            };
            if !retryable || attempt >= retries {
                return result.map(read);
            }
            let asked = result.as_ref().ok().and_then(retry_after_ms);
            self.transport
                .sleep(asked.unwrap_or(250 << attempt.min(5)))
                .await;
            attempt += 1;
        }
    }

    fn build_request(
        &self,
        endpoint: &Endpoint<'_>,
        params: &Value,
        query: &Value,
        upload: Option<Rc<Upload>>,
    ) -> Result<HttpRequest, SdkError> {
        let (query_params, body) = match endpoint.body {
            BodyKind::None => (params, None),
            BodyKind::Transit => {
                // The official SDK sends `{}` when a command is called without parameters.
                let empty = Value::Map(Vec::new());
                let params = if matches!(params, Value::Null) {
                    &empty
                } else {
                    params
                };
                (
                    query,
                    Some(transit::encode_as(params, self.config.transit_verbose)),
                )
            }
            BodyKind::Multipart if upload.is_some() => (query, None),
            BodyKind::Multipart => {
                return Err(SdkError::InvalidParams(text::concat(&[
                    "`",
                    endpoint.path,
                    "` uploads a file as multipart/form-data: call it with `{ image: file }`",
                ])))
            }
        };
        let query_string = query::encode(query_params)?;
        let mut url = self.config.api_url(endpoint.path);
        if !query_string.is_empty() {
            url.push('?');
            url.push_str(&query_string);
        }
        let mut headers = vec![header("accept", "application/transit+json")];
        if body.is_some() {
            headers.push(header("content-type", "application/transit+json"));
        }
        if self.config.transit_verbose {
            headers.push(header("x-transit-verbose", "true"));
        }
        Ok(HttpRequest {
            method: endpoint.method,
            url,
            headers,
            body,
            upload,
        })
    }
}

/// The answer of a request that needs no Marketplace API token (`file.upload` to a storage
/// URL, the Asset Delivery API), sent by the caller straight through the transport, undecoded
/// for the JS layer to decode as it decodes [`Client::call_raw`]'s: a 2xx body by its content
/// type (its text when not JSON or Transit, `""` when empty, as axios gives it); any other
/// status is the `api-error` that [`RawAnswer::failure`] names. Transport failures fail with
/// `Network` or `Timeout`.
///
/// A plain function of the transport's result rather than a future of its own: the caller's
/// one state machine awaits the transport directly.
pub fn direct_answer(
    answer: Result<HttpResponse, crate::core::http::TransportError>,
) -> Result<RawAnswer, SdkError> {
    match answer {
        Ok(response) => Ok(RawAnswer::direct(response)),
        Err(error) => Err(SdkError::from(error)),
    }
}

/// The wait a `Retry-After: <seconds>` header asks for, in ms, at most 30 s. HTTP gives the
/// seconds as whole digits; anything else (a date, a fraction) asks for nothing, and the
/// backoff applies. Parsed as an integer: the wasm build links no float parser.
fn retry_after_ms(response: &HttpResponse) -> Option<u32> {
    // `str::parse::<u64>` by hand: an optional `+`, then digits that fit in a `u64`.
    let seconds = text::trim(response.retry_after.as_deref()?);
    let digits = seconds.strip_prefix('+').unwrap_or(seconds);
    if digits.is_empty() {
        return None;
    }
    let mut seconds: u64 = 0;
    for d in digits.bytes() {
        if !d.is_ascii_digit() {
            return None;
        }
        // `checked_mul(10)?.checked_add(d)?` by comparison: u64's checked multiply links a
        // 128-bit multiply into the wasm.
        let d = u64::from(d - b'0');
        if seconds > (u64::MAX - d) / 10 {
            return None;
        }
        seconds = seconds * 10 + d;
    }
    Some((seconds.min(30) * 1000) as u32)
}

/// Turns an answer into the call's result: 2xx → `ApiResponse`, else `SdkError::Api`.
#[cfg(test)]
fn read_response<T>(
    response: HttpResponse,
    decode: fn(&HttpResponse) -> Result<T, String>,
) -> Result<ApiResponse<T>, SdkError> {
    if (200..300).contains(&response.status) {
        let data = decode(&response).map_err(SdkError::InvalidResponse)?;
        return Ok(ApiResponse {
            status: response.status,
            status_text: response.status_text,
            data,
        });
    }
    // An error answer that cannot be decoded (a proxy's HTML page, say) still reports its
    // status; its text is the best data there is.
    let data =
        decode_body(&response).unwrap_or_else(|_| Value::String(response.body.clone().into_text()));
    Err(SdkError::Api {
        status: response.status,
        status_text: response.status_text,
        data,
    })
}

/// What a response body is, by its content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// No body at all: `null` for a success, as the official SDK gives it.
    Empty,
    /// `application/transit+json`.
    Transit,
    /// `application/json`.
    Json,
    /// Anything else: the text itself.
    Text,
}

impl Payload {
    /// The name the JS layer's decoder switches on: `empty`, `transit`, `json` or `text`.
    pub fn name(self) -> &'static str {
        match self {
            Payload::Empty => "empty",
            Payload::Transit => "transit",
            Payload::Json => "json",
            Payload::Text => "text",
        }
    }
}

fn payload(response: &HttpResponse) -> Payload {
    if response.body.is_empty() {
        return Payload::Empty;
    }
    // Leading whitespace and ASCII case do not count (trailing whitespace cannot change a
    // prefix test).
    let content_type = text::trim(response.content_type.as_deref().unwrap_or_default());
    let starts_with = |prefix: &str| {
        content_type
            .as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    if starts_with("application/transit+json") {
        Payload::Transit
    } else if starts_with("application/json") {
        Payload::Json
    } else {
        Payload::Text
    }
}

#[cfg(test)]
fn bad_transit(e: transit::TransitError) -> String {
    format!(
        "the Marketplace API sent Transit that cannot be decoded: {}",
        e.0
    )
}

#[cfg(test)]
fn bad_json(e: json::JsonError) -> String {
    format!(
        "the Marketplace API sent JSON that cannot be parsed: {}",
        e.message
    )
}

#[cfg(test)]
fn decode_body(response: &HttpResponse) -> Result<Value, String> {
    match payload(response) {
        Payload::Empty => Ok(Value::Null),
        Payload::Transit => {
            transit::decode(&response.body.clone().into_text()).map_err(bad_transit)
        }
        Payload::Json => json::parse(&response.body.clone().into_text()).map_err(bad_json),
        Payload::Text => Ok(Value::String(response.body.clone().into_text())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::http::Method;
    use crate::core::store::{MemoryStore, NoLock};
    use crate::core::testing::{self, describe, Failure, FakeApi, Target};
    use futures::executor::block_on;

    const LISTINGS_QUERY: Endpoint<'static> = Endpoint {
        path: "listings/query",
        method: Method::Get,
        body: BodyKind::None,
    };
    const LISTINGS_CREATE: Endpoint<'static> = Endpoint {
        path: "own_listings/create",
        method: Method::Post,
        body: BodyKind::Transit,
    };
    const IMAGES_UPLOAD: Endpoint<'static> = Endpoint {
        path: "images/upload",
        method: Method::Post,
        body: BodyKind::Multipart,
    };

    fn client_with(config: Config) -> (Client, Rc<FakeApi>) {
        let api = FakeApi::new();
        let client = Client::new(
            config,
            Rc::new(MemoryStore::new()),
            api.clone(),
            Rc::new(NoLock),
        );
        (client, api)
    }

    fn client() -> (Client, Rc<FakeApi>) {
        client_with(testing::config())
    }

    fn call(
        client: &Client,
        endpoint: &Endpoint<'_>,
        params: Value,
        query: Value,
    ) -> Result<ApiResponse, SdkError> {
        block_on(client.call_decoding(endpoint, &params, &query, decode_body))
    }

    fn last_api_request(api: &FakeApi) -> HttpRequest {
        api.requests_to("/v1/api/")
            .pop()
            .expect("a Marketplace API request")
    }

    #[test]
    fn a_query_sends_its_params_in_the_query_string() {
        let (client, api) = client();
        let params = Value::map([("perPage", Value::Int(5))]);
        let response = call(&client, &LISTINGS_QUERY, params.clone(), Value::Null).unwrap();

        let request = last_api_request(&api);
        let expected_url = format!(
            "https://fake.test/v1/api/listings/query?{}",
            query::encode(&params).unwrap()
        );
        assert_eq!(request.url, expected_url);
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.header("accept"), Some("application/transit+json"));
        assert_eq!(request.header("content-type"), None);
        assert_eq!(request.header("x-transit-verbose"), None);
        assert_eq!(
            request.header("authorization"),
            Some("Bearer anon-access-1")
        );
        assert_eq!(request.body, None);

        assert_eq!(response.status, 200);
        assert_eq!(response.status_text, "OK");
        assert_eq!(
            response.data,
            Value::map([("data", Value::map([("scope", Value::from("public-read"))]))])
        );
    }

    #[test]
    fn a_query_without_params_has_no_question_mark() {
        let (client, api) = client();
        call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap();
        assert_eq!(
            describe(&last_api_request(&api)),
            "GET /v1/api/listings/query"
        );
    }

    #[test]
    fn a_command_sends_params_as_transit_and_query_in_the_url() {
        let (client, api) = client();
        let params = Value::map([("title", Value::from("Bike"))]);
        let query = Value::map([("expand", Value::Bool(true))]);
        call(&client, &LISTINGS_CREATE, params.clone(), query.clone()).unwrap();

        let request = last_api_request(&api);
        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.url,
            format!(
                "https://fake.test/v1/api/own_listings/create?{}",
                query::encode(&query).unwrap()
            )
        );
        assert_eq!(
            request.header("content-type"),
            Some("application/transit+json")
        );
        assert_eq!(request.header("accept"), Some("application/transit+json"));
        assert_eq!(request.body, Some(transit::encode(&params)));
    }

    #[test]
    fn a_command_without_params_sends_an_empty_map() {
        let (client, api) = client();
        call(&client, &LISTINGS_CREATE, Value::Null, Value::Null).unwrap();
        let request = last_api_request(&api);
        assert_eq!(request.body, Some(transit::encode(&Value::Map(Vec::new()))));
        assert_eq!(describe(&request), "POST /v1/api/own_listings/create");
    }

    #[test]
    fn transit_verbose_sets_the_header_and_writes_verbose_bodies() {
        let (client, api) = client_with(Config {
            transit_verbose: true,
            ..testing::config()
        });
        let params = Value::map([("title", Value::from("Bike"))]);
        call(&client, &LISTINGS_CREATE, params.clone(), Value::Null).unwrap();
        let request = last_api_request(&api);
        assert_eq!(request.header("x-transit-verbose"), Some("true"));
        assert_eq!(request.body, Some(transit::encode_verbose(&params)));
    }

    #[test]
    fn params_that_cannot_be_encoded_fail_before_any_request() {
        let (client, api) = client();
        let nested = Value::map([("filter", Value::map([("a", Value::Int(1))]))]);
        let error = call(&client, &LISTINGS_QUERY, nested.clone(), Value::Null).unwrap_err();
        assert_eq!(error.code(), "invalid-params");
        let error = call(&client, &LISTINGS_CREATE, Value::Null, nested).unwrap_err();
        assert_eq!(error.code(), "invalid-params");
        assert!(api.requests().is_empty(), "not even a token request");
    }

    #[test]
    fn a_multipart_endpoint_is_refused_before_any_request() {
        let (client, api) = client();
        let error = call(&client, &IMAGES_UPLOAD, Value::Null, Value::Null).unwrap_err();
        assert_eq!(error.code(), "invalid-params");
        assert!(error.to_string().contains("images/upload"));
        assert!(api.requests().is_empty());
    }

    fn image_inputs() -> Arg<Inputs> {
        Arg::Given(vec![(
            "image".to_owned(),
            multipart::Input::File(multipart::FileRef {
                slot: 0,
                name: Some("bike.png".to_owned()),
                mime_type: "image/png".to_owned(),
                size: 3.0,
            }),
        )])
    }

    fn upload(client: &Client, params: Arg<Inputs>, query: Value) -> Result<RawAnswer, SdkError> {
        block_on(client.upload_raw(&IMAGES_UPLOAD, params, &query, 9, true))
    }

    #[test]
    fn an_upload_sends_a_form_for_the_browser_to_assemble() {
        let (client, api) = client();
        let query = Value::map([("expand", Value::Bool(true))]);
        upload(&client, image_inputs(), query.clone()).unwrap();
        let request = last_api_request(&api);
        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.url,
            "https://fake.test/v1/api/images/upload?expand=true"
        );
        assert_eq!(request.header("accept"), Some("application/transit+json"));
        assert_eq!(
            request.header("content-type"),
            None,
            "the browser writes multipart/form-data with its boundary"
        );
        assert_eq!(request.body, None);
        assert_eq!(
            request.upload.as_deref(),
            Some(&Upload {
                attachments: 9,
                body: UploadBody::Form(vec![crate::core::http::Field {
                    name: "image".to_owned(),
                    value: crate::core::http::FieldValue::File(0),
                }]),
                progress: true,
            })
        );
    }

    #[test]
    fn an_upload_is_sent_again_after_a_refresh() {
        let (client, api) = client();
        api.fail_next(Target::Api, Failure::Status(401));
        let response = upload(&client, image_inputs(), Value::Null).unwrap();
        assert_eq!(response.status, 200);
        let sent = api.requests_to("/v1/api/");
        assert_eq!(sent.len(), 2, "the first try and the retry");
        assert_eq!(sent[0].upload, sent[1].upload);
        assert!(sent[1].upload.is_some());
        assert_ne!(
            sent[0].header("authorization"),
            sent[1].header("authorization")
        );
    }

    #[test]
    fn a_bad_upload_is_refused_before_any_request() {
        let (client, api) = client();
        let error = upload(&client, Arg::Missing, Value::Null).unwrap_err();
        assert_eq!(error.code(), "invalid-params");
        let error = upload(
            &client,
            image_inputs(),
            Value::map([("a", Value::map([("b", Value::Int(1))]))]),
        )
        .unwrap_err();
        assert_eq!(error.code(), "invalid-params");
        let error =
            block_on(client.upload_raw(&LISTINGS_CREATE, image_inputs(), &Value::Null, 1, false))
                .unwrap_err();
        assert_eq!(error.code(), "invalid-params");
        assert!(api.requests().is_empty(), "not even a token request");
    }

    /// A transport that answers every request with one fixed response.
    struct Answer(HttpResponse);

    impl Transport for Answer {
        fn send(
            &self,
            _request: HttpRequest,
        ) -> crate::core::LocalBoxFuture<'_, Result<HttpResponse, crate::core::http::TransportError>>
        {
            let response = self.0.clone();
            Box::pin(async move { Ok(response) })
        }
    }

    /// A direct send as `js::bindings` makes it: the transport's answer read by
    /// [`direct_answer`].
    async fn send_direct(
        transport: &dyn Transport,
        request: HttpRequest,
    ) -> Result<RawAnswer, SdkError> {
        direct_answer(transport.send(request).await)
    }

    #[test]
    fn a_direct_upload_reads_json_text_and_errors() {
        let request = multipart::file_upload_request(
            &multipart::FileUploadArgs {
                method: Value::Null,
                url: Value::from("https://fake.test/storage/x"),
                headers: Value::Null,
                file: image_inputs_file(),
                progress: false,
            },
            1,
        )
        .unwrap();
        let answer = |status: u16, content_type: &str, body: &str| {
            Answer(HttpResponse {
                status,
                status_text: "S".to_owned(),
                content_type: Some(content_type.to_owned()),
                retry_after: None,
                body: body.into(),
            })
        };
        let ok = block_on(send_direct(&answer(200, "text/plain", ""), request.clone())).unwrap();
        assert_eq!(
            (
                ok.status,
                ok.payload,
                &*ok.body.clone().into_text(),
                ok.failure()
            ),
            (200, Payload::Text, "", None),
            "an empty success is the text \"\", as axios gives it"
        );
        let ok = block_on(send_direct(
            &answer(201, "application/json", r#"{"a":1}"#),
            request.clone(),
        ))
        .unwrap();
        assert_eq!(
            (ok.payload, &*ok.body.clone().into_text()),
            (Payload::Json, r#"{"a":1}"#)
        );
        let empty_failure =
            block_on(send_direct(&answer(500, "text/plain", ""), request.clone())).unwrap();
        assert_eq!(
            empty_failure.payload,
            Payload::Empty,
            "an empty failure's data is null"
        );

        let api = FakeApi::new();
        let error = block_on(send_direct(&*api, request)).unwrap();
        assert_eq!(error.status, 404);
        assert!(error.failure().is_some(), "a 404 is an api-error");
        let sent = api.requests();
        assert_eq!(describe(&sent[0]), "PUT /storage/x");
        assert_eq!(sent.len(), 1, "no token request, no retry");
        assert!(sent[0].header("authorization").is_none());
    }

    fn image_inputs_file() -> Arg<multipart::FileRef> {
        match image_inputs() {
            Arg::Given(mut inputs) => match inputs.remove(0).1 {
                multipart::Input::File(file) => Arg::Given(file),
                _ => unreachable!(),
            },
            _ => unreachable!(),
        }
    }

    #[test]
    fn call_raw_gives_the_body_undecoded_with_its_payload_kind_and_failure() {
        let (client, api) = client();
        let body = r#"["^ ","~:data",["^ ","~:id","~u5c9f0f2a-1111-4c3e-8a3a-000000000001"]]"#;
        api.answer_api_with(200, "application/transit+json;charset=UTF-8", body);
        let answer =
            block_on(client.call_raw(&LISTINGS_QUERY, &Value::Null, &Value::Null)).unwrap();
        assert_eq!(
            (answer.status, &*answer.body.clone().into_text()),
            (200, body)
        );
        assert_eq!(answer.payload.name(), "transit");
        assert_eq!(answer.failure(), None);

        let errors = r#"{"errors":[{"status":404,"code":"not-found"}]}"#;
        api.answer_api_with(404, "application/json", errors);
        let answer =
            block_on(client.call_raw(&LISTINGS_QUERY, &Value::Null, &Value::Null)).unwrap();
        assert_eq!(answer.payload, Payload::Json);
        assert_eq!(answer.failure().as_deref(), Some("Not Found"));
        api.answer_api_with(500, "text/html", "");
        let answer =
            block_on(client.call_raw(&LISTINGS_QUERY, &Value::Null, &Value::Null)).unwrap();
        assert_eq!(answer.payload, Payload::Empty);
        assert!(answer.failure().is_some());
    }

    #[test]
    fn a_transit_answer_is_decoded() {
        let (client, api) = client();
        let body = r#"["^ ","~:data",["^ ","~:id","~u5c9f0f2a-1111-4c3e-8a3a-000000000001","~:type","~:listing"]]"#;
        api.answer_api_with(200, "application/transit+json;charset=UTF-8", body);
        let response = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap();
        assert_eq!(response.data, transit::decode(body).unwrap());
        assert!(matches!(response.data.get("data"), Some(Value::Map(_))));
    }

    #[test]
    fn an_error_status_is_an_api_error_with_the_decoded_body() {
        let (client, api) = client();
        let body = r#"{"errors":[{"status":404,"code":"not-found","title":"Not found"}]}"#;
        api.answer_api_with(404, "application/json", body);
        let error = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap_err();
        assert_eq!(
            error,
            SdkError::Api {
                status: 404,
                status_text: "Not Found".to_owned(),
                data: json::parse(body).unwrap(),
            }
        );
    }

    #[test]
    fn an_error_body_that_cannot_be_decoded_is_kept_as_text() {
        let (client, api) = client();
        api.answer_api_with(503, "application/transit+json", "<html>down</html>");
        let error = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap_err();
        assert_eq!(error.status(), Some(503));
        assert!(error.is_transient());
        assert!(
            matches!(error, SdkError::Api { data: Value::String(ref s), .. } if s == "<html>down</html>")
        );
    }

    #[test]
    fn a_success_body_that_cannot_be_decoded_is_an_invalid_response() {
        let (client, api) = client();
        api.answer_api_with(200, "application/transit+json", "not transit at all");
        let error = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap_err();
        assert_eq!(error.code(), "invalid-response");
    }

    #[test]
    fn plain_text_bodies_are_strings_and_empty_bodies_are_null() {
        let (client, api) = client();
        api.answer_api_with(200, "text/plain", "hello");
        let response = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap();
        assert_eq!(response.data, Value::from("hello"));

        api.answer_api_with(204, "application/transit+json", "");
        let response = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap();
        assert_eq!(response.status, 204);
        assert_eq!(response.data, Value::Null);
    }

    #[test]
    fn a_401_that_survives_the_retry_is_an_api_error() {
        let (client, api) = client();
        api.fail_next(Target::Api, Failure::Status(401));
        api.fail_next(Target::Api, Failure::Status(401));
        let error = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap_err();
        assert_eq!(error.status(), Some(401));
        assert_eq!(api.requests_to("/v1/api/").len(), 2);
    }

    #[test]
    fn a_timeout_is_reported_as_such() {
        let (client, api) = client();
        api.fail_next(Target::Api, Failure::Timeout);
        let error = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap_err();
        assert_eq!(error, SdkError::Timeout);
    }

    fn retrying(retries: u32) -> (Client, Rc<FakeApi>) {
        let mut config = testing::config();
        config.retries = retries;
        client_with(config)
    }

    fn api_calls(api: &FakeApi) -> usize {
        api.requests_to("/v1/api/listings/query").len()
    }

    #[test]
    fn queries_are_not_retried_unless_asked() {
        let (client, api) = client();
        api.fail_next(Target::Api, Failure::Status(503));
        let error = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap_err();
        assert_eq!(error.status(), Some(503));
        assert_eq!(api_calls(&api), 1);
    }

    #[test]
    fn queries_are_retried_on_busy_answers_and_network_errors_with_backoff() {
        let (client, api) = retrying(3);
        api.fail_next(Target::Api, Failure::Status(503));
        api.fail_next(Target::Api, Failure::Network);
        api.fail_next(Target::Api, Failure::Status(502));
        let ok = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap();
        assert_eq!(ok.status, 200);
        assert_eq!(api_calls(&api), 4);
        assert_eq!(*api.sleeps.borrow(), vec![250, 500, 1000]);
    }

    #[test]
    fn retries_honour_retry_after_and_stop_at_the_limit() {
        let (client, api) = retrying(1);
        api.fail_next(Target::Api, Failure::Status(429)); // Retry-After: 2
        api.fail_next(Target::Api, Failure::Status(429));
        let error = call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).unwrap_err();
        assert_eq!(error.status(), Some(429));
        assert_eq!(api_calls(&api), 2);
        assert_eq!(*api.sleeps.borrow(), vec![2000]);
    }

    #[test]
    fn commands_and_client_errors_are_never_retried() {
        let (client, api) = retrying(3);
        api.fail_next(Target::Api, Failure::Status(503));
        let error = call(&client, &LISTINGS_CREATE, Value::Null, Value::Null).unwrap_err();
        assert_eq!(error.status(), Some(503));
        assert_eq!(api.requests_to("/v1/api/own_listings/create").len(), 1);
        api.fail_next(Target::Api, Failure::Status(500));
        assert!(call(&client, &LISTINGS_QUERY, Value::Null, Value::Null).is_err());
        assert_eq!(api_calls(&api), 1);
        assert!(api.sleeps.borrow().is_empty());
    }

    #[test]
    fn retry_after_and_content_type_read_as_trim_parse_and_lowercase_did() {
        let response = |content_type: &str, retry_after: &str| HttpResponse {
            status: 200,
            status_text: String::new(),
            content_type: Some(content_type.to_owned()),
            retry_after: Some(retry_after.to_owned()),
            body: "x".into(),
        };
        for t in [
            "",
            "0",
            "7",
            " 12 ",
            "+3",
            "-0",
            "-1",
            "+",
            "1.5",
            "\u{a0}40\u{3000}",
            "99",
            "18446744073709551615",
            "18446744073709551616",
            "1e3",
            "٣",
        ] {
            let old = t
                .trim()
                .parse::<u64>()
                .ok()
                .map(|s| (s.min(30) * 1000) as u32);
            assert_eq!(retry_after_ms(&response("", t)), old, "{t:?}");
        }
        for (t, kind) in [
            ("application/json", Payload::Json),
            (" Application/JSON; charset=utf-8 ", Payload::Json),
            ("\u{3000}application/transit+json", Payload::Transit),
            ("APPLICATION/TRANSIT+JSON;verbose", Payload::Transit),
            ("application/jso", Payload::Text),
            ("text/application/json", Payload::Text),
            ("", Payload::Text),
        ] {
            assert_eq!(payload(&response(t, "")), kind, "{t:?}");
        }
    }
}
