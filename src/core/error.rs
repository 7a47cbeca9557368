//! The one error type of the SDK. Every kind has a stable `code` that the JS layer copies onto
//! the JavaScript `Error` it rejects with.
//!
//! Messages never contain tokens, passwords or secrets: they are built from parameter names,
//! statuses and fixed text only.

use crate::core::text;
use crate::core::value::Value;
use crate::prelude::*;
use ::core::fmt;

/// Everything that can go wrong in an SDK call.
#[derive(Debug, Clone, PartialEq)]
pub enum SdkError {
    /// `createInstance` was given a config it cannot use (missing `clientId`, a `clientSecret`,
    /// a bad `baseUrl`, ...). The message names the setting and the reason.
    InvalidConfig(String),
    /// Call parameters that cannot be sent (an object as a query parameter, a value of a type the
    /// API cannot take, an unknown method). Raised before any request is sent.
    InvalidParams(String),
    /// The request could not reach the server, or the connection dropped before an answer.
    Network(String),
    /// The server did not answer within the configured timeout.
    Timeout,
    /// The API answered with a non-success status. `data` is the decoded body (for the
    /// Marketplace API the `{ errors: [...] }` envelope).
    Api {
        /// The HTTP status, e.g. 404.
        status: u16,
        /// The HTTP status text, e.g. `Not Found`.
        status_text: String,
        /// The decoded error body (its text when it is not JSON or Transit).
        data: Value,
    },
    /// The server answered with a body the SDK could not decode.
    InvalidResponse(String),
    /// A token store failed (threw or rejected). The [`Cause`] carries what it threw, for the
    /// JS error's `cause`.
    TokenStore(String, Cause),
    /// The caller's `AbortSignal` aborted the call.
    Aborted,
}

impl SdkError {
    /// The stable machine-readable code of this error kind, e.g. `"network"`.
    pub fn code(&self) -> &'static str {
        match self {
            SdkError::InvalidConfig(_) => "invalid-config",
            SdkError::InvalidParams(_) => "invalid-params",
            SdkError::Network(_) => "network",
            SdkError::Timeout => "timeout",
            SdkError::Api { .. } => "api-error",
            SdkError::InvalidResponse(_) => "invalid-response",
            SdkError::TokenStore(..) => "token-store",
            SdkError::Aborted => "aborted",
        }
    }

    /// The HTTP status when the server answered, else `None`.
    pub fn status(&self) -> Option<u16> {
        match self {
            SdkError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// True for failures that say nothing about the validity of a token: the network, a timeout
    /// or a server error (5xx). A session must survive these.
    pub fn is_transient(&self) -> bool {
        match self {
            SdkError::Network(_) | SdkError::Timeout => true,
            SdkError::Api { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}

impl SdkError {
    /// The error's message, as its `Display` writes it (`Invalid parameters: ...`, `Request
    /// failed with status 404`). Built by concatenation rather than through `to_string`, whose
    /// formatting machinery costs the wasm more.
    pub fn message(&self) -> String {
        let (lead, detail) = match self {
            SdkError::InvalidConfig(msg) => ("Invalid SDK config: ", msg.as_str()),
            SdkError::InvalidParams(msg) => ("Invalid parameters: ", msg.as_str()),
            SdkError::Network(msg) => ("Network error: ", msg.as_str()),
            SdkError::Timeout => ("Request timed out", ""),
            SdkError::Api {
                status,
                status_text,
                ..
            } => {
                if status_text.is_empty() {
                    let mut message = String::from("Request failed with status ");
                    text::push_int(&mut message, (*status).into());
                    return message;
                }
                (status_text.as_str(), "")
            }
            SdkError::InvalidResponse(msg) => ("Invalid response: ", msg.as_str()),
            SdkError::TokenStore(msg, _) => ("Token store failed: ", msg.as_str()),
            SdkError::Aborted => ("Request aborted", ""),
        };
        text::concat(&[lead, detail])
    }
}

impl fmt::Display for SdkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl ::core::error::Error for SdkError {}

/// What a failing component threw, carried with the error it became, opaque to the core (the JS
/// layer puts a JS exception in it and takes it out for the JS error's `cause`). Causes take no
/// part in comparing errors and print as `Cause`.
#[derive(Clone, Default)]
pub struct Cause(Option<alloc::rc::Rc<dyn ::core::any::Any>>);

impl Cause {
    /// A cause holding `value`.
    pub fn new<T: ::core::any::Any>(value: T) -> Cause {
        Cause(Some(alloc::rc::Rc::new(value)))
    }

    /// The value, when there is one of type `T`.
    pub fn get<T: ::core::any::Any>(&self) -> Option<&T> {
        self.0.as_ref()?.downcast_ref()
    }
}

impl PartialEq for Cause {
    fn eq(&self, _: &Cause) -> bool {
        true
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cause")
    }
}
