//! Sending an upload with `XMLHttpRequest`, used only when the caller asked for progress
//! events (`onUploadProgress`): `fetch` cannot report upload progress. The figures of each
//! event come from the core's [`ProgressTracker`]; this module only wires the browser's events.

use crate::core::http::{HttpRequest, HttpResponse, TransportError};
use crate::core::multipart::{ProgressReport, ProgressTracker};
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, FormData, ProgressEvent, XmlHttpRequest};

/// An upload body built by the transport.
pub enum Payload {
    /// A multipart form: the browser writes `multipart/form-data` and the boundary.
    Form(FormData),
    /// One file as the whole body.
    Blob(Blob),
}

/// Sends `request` with `payload` as its body, calling `on_progress` with an axios-shaped
/// progress object (`loaded`, `total`, `progress`, `bytes`, `rate`, `estimated`, `event`,
/// `lengthComputable`, `upload: true`) for each upload progress event. Aborts after
/// `timeout_ms`. Fails with `Timeout`, or `Network` when no response arrived.
pub async fn send(
    request: &HttpRequest,
    payload: &Payload,
    on_progress: &Function,
    timeout_ms: Option<u32>,
) -> Result<HttpResponse, TransportError> {
    let xhr = XmlHttpRequest::new().map_err(network)?;
    xhr.open_with_async(request.method.as_str(), &request.url, true)
        .map_err(network)?;
    for (name, value) in &request.headers {
        xhr.set_request_header(name, value).map_err(network)?;
    }
    if let Some(ms) = timeout_ms {
        xhr.set_timeout(ms);
    }

    let tracker = RefCell::new(ProgressTracker::new());
    let callback = on_progress.clone();
    let on_upload_progress =
        Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            let total = event.length_computable().then(|| event.total());
            let report = tracker
                .borrow_mut()
                .report(event.loaded(), total, js_sys::Date::now());
            // An exception in the caller's callback must not break the upload.
            let _ = callback.call1(&JsValue::NULL, &progress_object(&report, &event));
        });
    xhr.upload()
        .map_err(network)?
        .set_onprogress(Some(on_upload_progress.as_ref().unchecked_ref()));

    let timed_out = Rc::new(Cell::new(false));
    let flag = timed_out.clone();
    let on_timeout = Closure::<dyn FnMut()>::new(move || flag.set(true));
    xhr.set_ontimeout(Some(on_timeout.as_ref().unchecked_ref()));

    // `loadend` follows load, error, timeout and abort alike: one place to resume.
    let resolver: Rc<RefCell<Option<Function>>> = Rc::default();
    let finished = Promise::new(&mut |resolve, _reject| {
        *resolver.borrow_mut() = Some(resolve);
    });
    let on_end = Closure::<dyn FnMut()>::new(move || {
        if let Some(resolve) = resolver.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));

    match payload {
        Payload::Form(form) => xhr.send_with_opt_form_data(Some(form)),
        Payload::Blob(blob) => xhr.send_with_opt_blob(Some(blob)),
    }
    .map_err(network)?;
    let _ = JsFuture::from(finished).await;
    xhr.set_onloadend(None);
    xhr.set_ontimeout(None);
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(None);
    }
    drop((on_upload_progress, on_timeout, on_end));

    if timed_out.get() {
        return Err(TransportError::Timeout);
    }
    let status = xhr.status().map_err(network)?;
    if status == 0 {
        return Err(TransportError::Network(
            "the upload got no response (connection failed or refused by CORS)".to_owned(),
        ));
    }
    Ok(HttpResponse {
        status,
        status_text: xhr.status_text().unwrap_or_default(),
        content_type: xhr.get_response_header("content-type").ok().flatten(),
        retry_after: None,
        body: xhr.response_text().ok().flatten().unwrap_or_default(),
    })
}

/// The object the caller's `onUploadProgress` receives.
fn progress_object(report: &ProgressReport, event: &ProgressEvent) -> JsValue {
    let object = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &value);
    };
    let number = |n: Option<f64>| n.map_or(JsValue::UNDEFINED, JsValue::from_f64);
    set("loaded", JsValue::from_f64(report.loaded));
    set("total", number(report.total));
    set("progress", number(report.progress));
    set("bytes", JsValue::from_f64(report.bytes));
    set("rate", number(report.rate));
    set("estimated", number(report.estimated));
    set("event", event.into());
    set(
        "lengthComputable",
        JsValue::from_bool(report.total.is_some()),
    );
    set("upload", JsValue::TRUE);
    object.into()
}

fn network(error: JsValue) -> TransportError {
    TransportError::Network(format!("{error:?}"))
}
