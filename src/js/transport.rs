//! The [`Transport`] over the browser's `fetch` (via gloo-net), with an optional timeout through
//! `AbortController`.

use crate::core::http::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use crate::core::LocalBoxFuture;
use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// Sends requests with `fetch`. Every request gets its own abort controller when a timeout is set.
pub struct FetchTransport {
    timeout_ms: Option<u32>,
}

impl FetchTransport {
    /// A transport that aborts requests after `timeout_ms`, or never when `None`.
    pub fn new(timeout_ms: Option<u32>) -> Self {
        FetchTransport { timeout_ms }
    }
}

impl Transport for FetchTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'_, Result<HttpResponse, TransportError>> {
        let timeout_ms = self.timeout_ms;
        Box::pin(async move {
            let method = match request.method {
                Method::Get => FetchMethod::GET,
                Method::Post => FetchMethod::POST,
            };
            let mut builder = RequestBuilder::new(&request.url).method(method);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            // Arm the timeout: when it fires, the fetch rejects with an AbortError.
            let timed_out = Rc::new(Cell::new(false));
            let mut timer = None;
            if let Some(ms) = timeout_ms {
                let controller = AbortController::new().map_err(network)?;
                builder = builder.abort_signal(Some(&controller.signal()));
                let flag = timed_out.clone();
                let on_timeout = Closure::once_into_js(move || {
                    flag.set(true);
                    controller.abort();
                });
                timer = Some(set_timeout(on_timeout.unchecked_ref(), f64::from(ms)));
            }
            let built = match request.body {
                Some(body) => builder.body(body),
                None => builder.build(),
            }
            .map_err(|e| TransportError::Network(e.to_string()))?;
            let result = async {
                let response = built.send().await?;
                let body = response.text().await?;
                Ok::<_, gloo_net::Error>((response, body))
            }
            .await;
            if let Some(handle) = timer {
                clear_timeout(&handle);
            }
            match result {
                Ok((response, body)) => Ok(HttpResponse {
                    status: response.status(),
                    status_text: response.status_text(),
                    content_type: response.headers().get("content-type"),
                    body,
                }),
                Err(_) if timed_out.get() => Err(TransportError::Timeout),
                Err(e) => Err(TransportError::Network(e.to_string())),
            }
        })
    }
}

fn network(error: JsValue) -> TransportError {
    TransportError::Network(format!("{error:?}"))
}
