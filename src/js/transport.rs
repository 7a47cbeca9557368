//! The [`Transport`] over the browser's `fetch` (via gloo-net), with an optional timeout through
//! `AbortController`; uploads that report progress go through [`crate::js::xhr`].
//!
//! Upload bodies hold the caller's `File`s and `Blob`s, which the core cannot: a call registers
//! them here ([`attach`]) and the core's request refers to them by handle and slot. The
//! registration lasts as long as the returned [`Attachments`] guard, i.e. the whole call,
//! retries included.

use crate::core::http::{
    FieldValue, HttpRequest, HttpResponse, Method, Transport, TransportError, Upload, UploadBody,
};
use crate::core::LocalBoxFuture;
use crate::js::timer::Timer;
use crate::js::xhr::{self, Payload};
use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use js_sys::Function;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, Blob, FormData};

/// The files and progress callback of one upload call.
struct Attached {
    files: Vec<Blob>,
    on_progress: Option<Function>,
}

thread_local! {
    /// The last handle given out, and the registered calls (few at a time: a list will do).
    static ATTACHED: RefCell<(u32, Vec<(u32, Attached)>)> = const { RefCell::new((0, Vec::new())) };
}

/// Keeps a call's files registered; dropping it forgets them.
pub struct Attachments(u32);

impl Attachments {
    /// The handle the core's [`Upload`] carries.
    pub fn handle(&self) -> u32 {
        self.0
    }
}

impl Drop for Attachments {
    fn drop(&mut self) {
        ATTACHED.with(|a| a.borrow_mut().1.retain(|(handle, _)| *handle != self.0));
    }
}

/// Registers a call's `files` (by slot) and its `onUploadProgress` callback.
pub fn attach(files: Vec<Blob>, on_progress: Option<Function>) -> Attachments {
    ATTACHED.with(|a| {
        let mut a = a.borrow_mut();
        a.0 = a.0.wrapping_add(1);
        let handle = a.0;
        a.1.push((handle, Attached { files, on_progress }));
        Attachments(handle)
    })
}

/// The body of `upload` built from its registered files, and the progress callback if the
/// core asked for progress.
fn payload(upload: &Upload) -> Result<(Payload, Option<Function>), TransportError> {
    ATTACHED.with(|a| {
        let a = a.borrow();
        let attached = a.1.iter().find(|(handle, _)| *handle == upload.attachments);
        let (_, attached) = attached.ok_or_else(|| {
            TransportError::Network("the upload's files are no longer available".to_owned())
        })?;
        let file = |slot: usize| {
            attached.files.get(slot).cloned().ok_or_else(|| {
                TransportError::Network(format!("the upload has no file in slot {slot}"))
            })
        };
        let payload = match &upload.body {
            UploadBody::File(slot) => Payload::Blob(file(*slot)?),
            UploadBody::Form(fields) => {
                let form = FormData::new().map_err(network)?;
                for field in fields {
                    match &field.value {
                        FieldValue::Text(text) => form.append_with_str(&field.name, text),
                        // No file name argument: the browser writes `File.name` (or `blob`),
                        // as `FormData.append(name, file)` in the official SDK does.
                        FieldValue::File(slot) => form.append_with_blob(&field.name, &file(*slot)?),
                    }
                    .map_err(network)?;
                }
                Payload::Form(form)
            }
        };
        let on_progress = upload
            .progress
            .then(|| attached.on_progress.clone())
            .flatten();
        Ok((payload, on_progress))
    })
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
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'_, ()> {
        Box::pin(crate::js::timer::elapsed(ms))
    }

    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'_, Result<HttpResponse, TransportError>> {
        let timeout_ms = self.timeout_ms;
        Box::pin(async move {
            let upload = match &request.upload {
                Some(upload) => Some(payload(upload)?),
                None => None,
            };
            if let Some((payload, Some(on_progress))) = &upload {
                return xhr::send(&request, payload, on_progress, timeout_ms).await;
            }
            let method = match request.method {
                Method::Get => FetchMethod::GET,
                Method::Post => FetchMethod::POST,
                Method::Put => FetchMethod::PUT,
            };
            let mut builder = RequestBuilder::new(&request.url).method(method);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            // Every fetch can be aborted: by the timeout (then it rejects with an AbortError),
            // and when the call stops waiting for it (a call deadline, an abort signal).
            let controller = AbortController::new().map_err(network)?;
            builder = builder.abort_signal(Some(&controller.signal()));
            let abort_if_dropped = AbortOnDrop(Some(controller.clone()));
            let timed_out = Rc::new(Cell::new(false));
            let mut timer = None;
            if let Some(ms) = timeout_ms {
                let flag = timed_out.clone();
                // Cleared when the request ends, whichever way (see `Timer`).
                timer = Some(Timer::new(ms, move || {
                    flag.set(true);
                    controller.abort();
                }));
            }
            let built = match (upload, request.body) {
                (Some((Payload::Form(form), _)), _) => builder.body(form),
                (Some((Payload::Blob(blob), _)), _) => builder.body(blob),
                (None, Some(body)) => builder.body(body),
                (None, None) => builder.build(),
            }
            .map_err(|e| TransportError::Network(e.to_string()))?;
            let result = async {
                let response = built.send().await?;
                let body = response.text().await?;
                Ok::<_, gloo_net::Error>((response, body))
            }
            .await;
            drop(timer);
            abort_if_dropped.disarm();
            match result {
                Ok((response, body)) => Ok(HttpResponse {
                    status: response.status(),
                    status_text: response.status_text(),
                    content_type: response.headers().get("content-type"),
                    retry_after: response.headers().get("retry-after"),
                    body,
                }),
                Err(_) if timed_out.get() => Err(TransportError::Timeout),
                Err(e) => Err(TransportError::Network(e.to_string())),
            }
        })
    }
}

/// Aborts a fetch whose future is dropped before it finished, so a call that gave up does not
/// leave its request running.
struct AbortOnDrop(Option<AbortController>);

impl AbortOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.0.take() {
            controller.abort();
        }
    }
}

fn network(error: JsValue) -> TransportError {
    TransportError::Network(format!("{error:?}"))
}
