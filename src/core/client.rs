//! One Marketplace API call end to end: encode, authorize, send, decode.

use crate::core::auth::Auth;
use crate::core::config::Config;
use crate::core::endpoints::{BodyKind, Endpoint};
use crate::core::error::SdkError;
use crate::core::http::{HttpRequest, HttpResponse, Transport};
use crate::core::json;
use crate::core::query;
use crate::core::store::{RefreshLock, TokenStore};
use crate::core::transit;
use crate::core::value::Value;
use std::rc::Rc;

/// A successful (2xx) Marketplace API answer, in the shape the official SDK resolves with.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub status: u16,
    pub status_text: String,
    /// The decoded body: usually the `{ data, included, meta }` envelope; `Null` when empty.
    pub data: Value,
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
        let request = self.build_request(endpoint, params, query)?;
        let response = self.auth.send_authorized(request).await?;
        read_response(response)
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
            BodyKind::Multipart => return Err(SdkError::InvalidParams(format!(
                "`{}` uploads a file as multipart/form-data, which this call path does not build",
                endpoint.path
            ))),
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
fn read_response(response: HttpResponse) -> Result<ApiResponse, SdkError> {
    let success = (200..300).contains(&response.status);
    let data = match decode_body(&response) {
        Ok(data) => data,
        Err(reason) if success => return Err(SdkError::InvalidResponse(reason)),
        // An error answer that cannot be decoded (a proxy's HTML page, say) still reports its
        // status; its text is the best data there is.
        Err(_) => Value::String(response.body),
    };
    if success {
        Ok(ApiResponse {
            status: response.status,
            status_text: response.status_text,
            data,
        })
    } else {
        Err(SdkError::Api {
            status: response.status,
            status_text: response.status_text,
            data,
        })
    }
}

/// Decodes a body by its content type: Transit, JSON, or else its text. Empty is `Null`.
fn decode_body(response: &HttpResponse) -> Result<Value, String> {
    if response.body.is_empty() {
        return Ok(Value::Null);
    }
    let content_type = response
        .content_type
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if content_type.starts_with("application/transit+json") {
        transit::decode(&response.body).map_err(|e| {
            format!(
                "the Marketplace API sent Transit that cannot be decoded: {}",
                e.0
            )
        })
    } else if content_type.starts_with("application/json") {
        json::parse(&response.body).map_err(|e| {
            format!(
                "the Marketplace API sent JSON that cannot be parsed: {}",
                e.message
            )
        })
    } else {
        Ok(Value::String(response.body.clone()))
    }
}
