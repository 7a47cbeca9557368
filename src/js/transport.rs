//! The [`Transport`] over the JS runtime's `send` (`fetch`, or XMLHttpRequest for uploads that
//! report progress), with an optional timeout per request.
//!
//! Upload bodies hold the caller's `File`s and `Blob`s, which the core cannot: a call registers
//! them here ([`attach`]) and the core's request refers to them by handle and slot. The
//! registration lasts as long as the returned [`Attachments`] guard, i.e. the whole call,
//! retries included. The runtime builds the body from the slots this module describes.

use crate::core::cell::Aborting;
use crate::core::http::{
    Body, FieldValue, HeldText, HttpRequest, HttpResponse, Transport, TransportError, Upload,
    UploadBody,
};
use crate::core::json::write_string;
use crate::core::text;
use crate::core::LocalBoxFuture;
use crate::js::exec::Local;
use crate::js::io::{self, Operation};
use crate::js::sys::{Array, Function, JsString};
use crate::prelude::*;
use ::core::any::Any;
use ::core::cell::RefCell;
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The files (a JS array, by slot) and progress callback of one upload call.
struct Attached {
    files: JsValue,
    on_progress: JsValue,
}

/// The last handle given out, and the registered calls (few at a time: a list will do).
static ATTACHED: Local<(u32, Vec<(u32, Attached)>)> = Local(RefCell::new((0, Vec::new())));

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
        ATTACHED
            .0
            .exclusive()
            .1
            .retain(|(handle, _)| *handle != self.0);
    }
}

/// Registers a call's `files` (a JS array, by slot) and its `onUploadProgress` callback.
pub fn attach(files: JsValue, on_progress: Option<Function>) -> Attachments {
    let on_progress = on_progress.map_or(JsValue::UNDEFINED, JsValue::from);
    let mut a = ATTACHED.0.exclusive();
    a.0 = a.0.wrapping_add(1);
    let handle = a.0;
    a.1.push((handle, Attached { files, on_progress }));
    Attachments(handle)
}

/// What the runtime needs to build `upload`'s body: its description as JSON (a file slot, or
/// the form's `[name, text | slot]` fields), the call's files, and the progress callback if
/// the core asked for progress.
fn describe(upload: &Upload) -> Result<(String, JsValue, JsValue), TransportError> {
    let mut spec = String::new();
    match &upload.body {
        UploadBody::File(slot) => text::push_int(&mut spec, *slot as i64),
        UploadBody::Form(fields) => {
            spec.push('[');
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    spec.push(',');
                }
                spec.push('[');
                write_string(&mut spec, &field.name);
                spec.push(',');
                match &field.value {
                    FieldValue::Text(text) => write_string(&mut spec, text),
                    FieldValue::File(slot) => text::push_int(&mut spec, *slot as i64),
                }
                spec.push(']');
            }
            spec.push(']');
        }
    }
    {
        let a = ATTACHED.0.shared();
        let (_, attached) =
            a.1.iter()
                .find(|(handle, _)| *handle == upload.attachments)
                .ok_or_else(|| {
                    TransportError::Network("the upload's files are no longer available".to_owned())
                })?;
        let on_progress = if upload.progress {
            attached.on_progress.clone()
        } else {
            JsValue::UNDEFINED
        };
        Ok((spec, attached.files.clone(), on_progress))
    }
}

/// `[[name, value], ...]` as JSON, for the runtime.
fn headers_json(headers: &[(String, String)]) -> String {
    let mut out = String::from("[");
    for (i, (name, value)) in headers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        write_string(&mut out, name);
        out.push(',');
        write_string(&mut out, value);
        out.push(']');
    }
    out.push(']');
    out
}

/// Sends requests through the runtime. Every request is aborted after the timeout, if one is
/// set, and when the call stops waiting for it (a call deadline, an abort signal).
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
        // The request crosses into the runtime now, so the future holds only the operation
        // across its await, not the request (every caller awaits the future at once).
        let sending = start(request, self.timeout_ms);
        // A match rather than `?`: the same early return in fewer bytes of the state machine.
        Box::pin(async move {
            match sending {
                Ok(sending) => read_answer(sending.answer().await),
                Err(e) => Err(e),
            }
        })
    }
}

/// Hands `request` to the runtime's `send`; fails when an upload's files are gone.
fn start(request: HttpRequest, timeout_ms: Option<u32>) -> Result<Operation, TransportError> {
    let (upload, files, on_progress) = match &request.upload {
        Some(upload) => {
            let (spec, files, on_progress) = describe(upload)?;
            (Some(spec), files, on_progress)
        }
        None => (None, JsValue::UNDEFINED, JsValue::UNDEFINED),
    };
    Ok(Operation::new(io::send(
        request.method.as_str(),
        &request.url,
        &headers_json(&request.headers),
        request.body.as_deref(),
        upload.as_deref(),
        &files,
        &on_progress,
        timeout_ms,
    )))
}

/// The response in the runtime's answer: `[status, statusText, contentType, retryAfter,
/// body]`, `['timeout']` or `['network', message]`.
fn read_answer(answer: JsValue) -> Result<HttpResponse, TransportError> {
    let answer: Array = answer.unchecked_into();
    let text = |i: u32| text_at(&answer, i);
    match answer.get(0).as_f64() {
        Some(status) => Ok(HttpResponse {
            status: status as u16,
            status_text: text(1).unwrap_or_default(),
            content_type: text(2),
            retry_after: text(3),
            body: held_body(answer.get(4)),
        }),
        None if text(0).as_deref() == Some("timeout") => Err(TransportError::Timeout),
        None => Err(TransportError::Network(text(1).unwrap_or_default())),
    }
}

/// A response text left in JS: the string of the runtime's answer. It crosses into the wasm
/// only when the core reads it ([`HeldText::text`]: Auth API answers); a Marketplace API
/// answer goes back to `decodeAnswer` as the same JS string ([`JsText::of`]).
pub struct JsText(JsValue);

impl JsText {
    /// The JS string of a body the transport gave, or the text as a new JS string.
    pub fn of(body: &Body) -> JsValue {
        match body {
            Body::Held(held) => match held.as_any().downcast_ref::<JsText>() {
                Some(text) => text.0.clone(),
                None => JsValue::from_str(&held.text()),
            },
            Body::Text(text) => JsValue::from_str(text),
        }
    }
}

impl HeldText for JsText {
    fn is_empty(&self) -> bool {
        self.0.unchecked_ref::<JsString>().length() == 0
    }

    fn text(&self) -> String {
        self.0.as_string().unwrap_or_default()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The answer's body, kept in JS; an empty text when the runtime gave no string.
fn held_body(body: JsValue) -> Body {
    if body.is_string() {
        Body::Held(Rc::new(JsText(body)))
    } else {
        Body::Text(String::new())
    }
}

/// The string at `index` of the runtime's answer, if it is one; compiled once for the fields.
#[inline(never)]
fn text_at(answer: &Array, index: u32) -> Option<String> {
    answer.get(index).as_string()
}
