//! One Marketplace API call end to end: encode, authorize, send, decode.

use crate::core::auth::Auth;
use crate::core::config::Config;
use crate::core::endpoints::{BodyKind, Endpoint};
use crate::core::error::SdkError;
use crate::core::http::{HttpRequest, HttpResponse, Transport};
use crate::core::json;
use crate::core::query;
use crate::core::store::{RefreshLock, TokenStore};
use crate::core::tagged_json::TaggedJson;
use crate::core::transcode;
use crate::core::transit;
use crate::core::value::Value;
use std::rc::Rc;

/// A successful (2xx) Marketplace API answer, in the shape the official SDK resolves with.
/// `data` is a [`Value`] tree, or [`TaggedJson`] for the JS layer (see [`Client::call_tagged`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T = Value> {
    pub status: u16,
    pub status_text: String,
    /// The decoded body: usually the `{ data, included, meta }` envelope; null when empty.
    pub data: T,
}

/// One SDK instance's connection to the Marketplace API: its config and its token lifecycle.
#[derive(Debug)]
pub struct Client {
    config: Rc<Config>,
    auth: Auth,
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
        let auth = Auth::new(config.clone(), store, transport, lock);
        Client { config, auth }
    }

    /// The instance's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The token lifecycle, for `login`, `logout` and `authInfo`.
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// Calls one Marketplace API endpoint. Queries (`BodyKind::None`) send `params` in the
    /// query string; commands (`BodyKind::Transit`) send `params` as the Transit body and
    /// `query` in the query string (`Null` for none).
    ///
    /// Fails with `InvalidParams` before anything is sent when the parameters cannot be encoded
    /// (or the endpoint takes a multipart upload, which this pipeline does not build); with
    /// `Api` for a non-2xx answer (data: the decoded error body); with `InvalidResponse` for a
    /// 2xx body that cannot be decoded; and with whatever the token lifecycle fails with.
    pub async fn call(
        &self,
        endpoint: &Endpoint,
        params: &Value,
        query: &Value,
    ) -> Result<ApiResponse, SdkError> {
        self.call_decoding(endpoint, params, query, decode_body)
            .await
    }

    /// [`Client::call`] with the success body as [`TaggedJson`], decoded in one pass: the form
    /// the JS layer hands to `JSON.parse`. Error bodies are decoded as in `call`.
    pub async fn call_tagged(
        &self,
        endpoint: &Endpoint,
        params: &Value,
        query: &Value,
    ) -> Result<ApiResponse<TaggedJson>, SdkError> {
        self.call_decoding(endpoint, params, query, decode_body_tagged)
            .await
    }

    async fn call_decoding<T>(
        &self,
        endpoint: &Endpoint,
        params: &Value,
        query: &Value,
        decode: fn(&HttpResponse) -> Result<T, String>,
    ) -> Result<ApiResponse<T>, SdkError> {
        let request = self.build_request(endpoint, params, query)?;
        let response = self.auth.send_authorized(request).await?;
        read_response(response, decode)
    }

    fn build_request(
        &self,
        endpoint: &Endpoint,
        params: &Value,
        query: &Value,
    ) -> Result<HttpRequest, SdkError> {
        let (query_params, body) = match endpoint.body {
            BodyKind::None => (params, None),
            BodyKind::Transit => {
                // The official SDK sends `{}` when a command is called without parameters.
                let empty = Value::Map(Vec::new());
                let params = if *params == Value::Null {
                    &empty
                } else {
                    params
                };
                let body = if self.config.transit_verbose {
                    transit::encode_verbose(params)
                } else {
                    transit::encode(params)
                };
                (query, Some(body))
            }
            BodyKind::Multipart => {
                return Err(SdkError::InvalidParams(format!(
                "`{}` uploads a file as multipart/form-data, which this call path does not build",
                endpoint.path
            )))
            }
        };
        let query_string = query::encode(query_params)?;
        let mut url = self.config.api_url(endpoint.path);
        if !query_string.is_empty() {
            url.push('?');
            url.push_str(&query_string);
        }
        let mut headers = vec![("accept".to_owned(), "application/transit+json".to_owned())];
        if body.is_some() {
            headers.push((
                "content-type".to_owned(),
                "application/transit+json".to_owned(),
            ));
        }
        if self.config.transit_verbose {
            headers.push(("x-transit-verbose".to_owned(), "true".to_owned()));
        }
        Ok(HttpRequest {
            method: endpoint.method,
            url,
            headers,
            body,
        })
    }
}

/// Turns an answer into the call's result: 2xx → `ApiResponse`, else `SdkError::Api`.
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
    let data = decode_body(&response).unwrap_or_else(|_| Value::String(response.body.clone()));
    Err(SdkError::Api {
        status: response.status,
        status_text: response.status_text,
        data,
    })
}

/// Decodes a body by its content type: Transit, JSON, or else its text. Empty is `Null`.
/// What a response body is, by its content type.
enum Payload {
    Empty,
    Transit,
    Json,
    Text,
}

fn payload(response: &HttpResponse) -> Payload {
    if response.body.is_empty() {
        return Payload::Empty;
    }
    let content_type = response
        .content_type
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if content_type.starts_with("application/transit+json") {
        Payload::Transit
    } else if content_type.starts_with("application/json") {
        Payload::Json
    } else {
        Payload::Text
    }
}

fn bad_transit(e: transit::TransitError) -> String {
    format!(
        "the Marketplace API sent Transit that cannot be decoded: {}",
        e.0
    )
}

fn bad_json(e: json::JsonError) -> String {
    format!(
        "the Marketplace API sent JSON that cannot be parsed: {}",
        e.message
    )
}

fn decode_body(response: &HttpResponse) -> Result<Value, String> {
    match payload(response) {
        Payload::Empty => Ok(Value::Null),
        Payload::Transit => transit::decode(&response.body).map_err(bad_transit),
        Payload::Json => json::parse(&response.body).map_err(bad_json),
        Payload::Text => Ok(Value::String(response.body.clone())),
    }
}

fn decode_body_tagged(response: &HttpResponse) -> Result<TaggedJson, String> {
    match payload(response) {
        Payload::Transit => transcode::decode_to_tagged_json(&response.body).map_err(bad_transit),
        _ => decode_body(response).map(|value| TaggedJson::of(&value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::http::Method;
    use crate::core::store::{MemoryStore, NoLock};
    use crate::core::testing::{self, describe, Failure, FakeApi, Target};
    use futures::executor::block_on;

    const LISTINGS_QUERY: Endpoint = Endpoint {
        path: "listings/query",
        method: Method::Get,
        body: BodyKind::None,
    };
    const LISTINGS_CREATE: Endpoint = Endpoint {
        path: "own_listings/create",
        method: Method::Post,
        body: BodyKind::Transit,
    };
    const IMAGES_UPLOAD: Endpoint = Endpoint {
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
        endpoint: &Endpoint,
        params: Value,
        query: Value,
    ) -> Result<ApiResponse, SdkError> {
        block_on(client.call(endpoint, &params, &query))
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

    #[test]
    fn call_tagged_gives_the_success_body_as_tagged_json_and_errors_as_values() {
        let (client, api) = client();
        let body = r#"["^ ","~:data",["^ ","~:id","~u5c9f0f2a-1111-4c3e-8a3a-000000000001","~:type","~:listing"]]"#;
        api.answer_api_with(200, "application/transit+json;charset=UTF-8", body);
        let response =
            block_on(client.call_tagged(&LISTINGS_QUERY, &Value::Null, &Value::Null)).unwrap();
        assert_eq!(
            response.data.text,
            r#"{"data":{"id":{"_sdkType":"UUID","uuid":"5c9f0f2a-1111-4c3e-8a3a-000000000001"},"type":"listing"}}"#
        );
        assert!(response.data.has_types);

        let errors = r#"["^ ","~:errors",[["^ ","~:status",404,"~:code","not-found"]]]"#;
        api.answer_api_with(404, "application/transit+json", errors);
        let error =
            block_on(client.call_tagged(&LISTINGS_QUERY, &Value::Null, &Value::Null)).unwrap_err();
        assert_eq!(error.status(), Some(404));
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
}
