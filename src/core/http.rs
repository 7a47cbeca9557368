//! The HTTP exchange as the core sees it, and the [`Transport`] trait that sends it.
//!
//! The browser implements `Transport` with `fetch`; tests implement it with a fake or a real
//! socket. The core never touches the network itself. An upload's body is described here too
//! ([`Upload`]), by file slot: `multipart` builds it, the transport assembles it.

use crate::core::LocalBoxFuture;
use crate::prelude::*;
use ::core::any::Any;
use alloc::rc::Rc;

/// The HTTP methods the APIs use (`PUT` only for `file.upload` to a storage URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: queries.
    Get,
    /// `POST`: commands, token requests and uploads.
    Post,
    /// `PUT`: `file.upload` to a storage URL.
    Put,
}

impl Method {
    /// The method's name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// A request ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: Method,
    /// Absolute URL including the query string.
    pub url: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body text (Transit or form-encoded), if any.
    pub body: Option<String>,
    /// An upload body the browser assembles from the caller's files (multipart form or one
    /// file), instead of `body`. The transport sets no `content-type` for a form: the browser
    /// writes it with the boundary. Shared, so a retry clones only the pointer.
    pub upload: Option<Rc<Upload>>,
}

impl HttpRequest {
    /// The value of header `name` (lower case), if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A header as [`HttpRequest::headers`] holds it, from its (lower-case) name and value. Not
/// inlined: one copy of the two allocations serves every header the core writes (a smaller
/// wasm). Never fails.
#[inline(never)]
pub fn header(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

/// The value of one multipart field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// A text field.
    Text(String),
    /// A file field: the slot of the caller's `File`/`Blob`, appended without a file name so
    /// the browser writes `File.name` (or `blob`) and the blob's type, like the official SDK.
    File(usize),
}

/// One field of a multipart form, in body order.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The form field name, e.g. `image`.
    pub name: String,
    /// Its value.
    pub value: FieldValue,
}

/// What an upload request's body is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadBody {
    /// A `multipart/form-data` form (`images.upload`).
    Form(Vec<Field>),
    /// One file sent as the whole body (`file.upload`), by slot.
    File(usize),
}

/// An upload body and where its files are: carried by [`HttpRequest::upload`]. Cloning it
/// clones only this description, so a request retried after a token refresh sends the same
/// files again.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    /// The JS layer's handle of the call's files (and progress callback).
    pub attachments: u32,
    /// The body.
    pub body: UploadBody,
    /// True when the caller asked for progress events (`onUploadProgress`): the transport
    /// then uses XMLHttpRequest, as `fetch` cannot report upload progress.
    pub progress: bool,
}

/// A response body: its text, or a text the transport left where it arrived.
///
/// In the browser the answer's text is a JS string, and a Marketplace API answer is decoded
/// by the JS runtime itself: copying it into the wasm and back out would walk every character
/// twice (1–2 ms for a 282 KB page of 100 listings, measured in Chromium), for a text the core
/// only passes on. So the transport hands over a [`HeldText`]; the core reads the text only
/// where it decides on it (Auth API answers, a few hundred bytes).
#[derive(Clone)]
pub enum Body {
    /// The text itself (tests, native transports).
    Text(String),
    /// A text kept by the transport's runtime.
    Held(Rc<dyn HeldText>),
}

/// A response text kept outside the core (a JS string), read only on demand.
pub trait HeldText {
    /// Whether the text is empty (no body).
    fn is_empty(&self) -> bool;
    /// A copy of the text.
    fn text(&self) -> String;
    /// The transport's own type, for the layer that hands the text on undecoded.
    fn as_any(&self) -> &dyn Any;
}

impl Body {
    /// Whether there is no body.
    pub fn is_empty(&self) -> bool {
        match self {
            Body::Text(text) => text.is_empty(),
            Body::Held(held) => held.is_empty(),
        }
    }

    /// The body text (copied from the runtime when it is held there).
    pub fn into_text(self) -> String {
        match self {
            Body::Text(text) => text,
            Body::Held(held) => held.text(),
        }
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Self {
        Body::Text(text.to_owned())
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::Text(text)
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Self) -> bool {
        self.clone().into_text() == other.clone().into_text()
    }
}

impl ::core::fmt::Debug for Body {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        self.clone().into_text().fmt(f)
    }
}

/// A response as received.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    /// The HTTP status, e.g. 200.
    pub status: u16,
    /// The HTTP status text, e.g. `OK` (empty over HTTP/2).
    pub status_text: String,
    /// The `content-type` header, if the server sent one.
    pub content_type: Option<String>,
    /// The `retry-after` header, if the server sent one (429 and 503 answers).
    pub retry_after: Option<String>,
    /// The body (empty when there is none).
    pub body: Body,
}

/// Why a request got no response.
#[derive(Debug, Clone, PartialEq)]
pub enum TransportError {
    /// No connection, a dropped connection, or a CORS refusal. The text is for humans.
    Network(String),
    /// No answer within the timeout.
    Timeout,
}

/// Sends HTTP requests. Implementations must not retry by themselves: retry policy is the core's.
pub trait Transport {
    /// Sends `request` and resolves with the response, whatever its status.
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'_, Result<HttpResponse, TransportError>>;

    /// Waits `ms` milliseconds (between retries). The default does not wait, for transports
    /// without a clock.
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'_, ()> {
        let _ = ms;
        Box::pin(async {})
    }
}

impl From<TransportError> for crate::core::error::SdkError {
    fn from(error: TransportError) -> Self {
        match error {
            TransportError::Network(message) => crate::core::error::SdkError::Network(message),
            TransportError::Timeout => crate::core::error::SdkError::Timeout,
        }
    }
}
