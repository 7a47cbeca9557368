//! The table of Marketplace API methods. Adding a method is adding one row.

use crate::core::http::Method;

/// How a command sends its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body: a query (`GET`), parameters go in the query string.
    None,
    /// A Transit body (`POST` commands).
    Transit,
    /// `multipart/form-data` (image upload).
    Multipart,
}

/// One Marketplace API method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// The path under `/v1/api/`, e.g. `current_user/change_password`.
    pub path: &'static str,
    pub method: Method,
    pub body: BodyKind,
}

impl Endpoint {
    /// The JS namespace, e.g. `currentUser` for `current_user/change_password`.
    pub fn namespace(&self) -> String {
        todo!()
    }

    /// The JS method name within the namespace, e.g. `changePassword`.
    pub fn method_name(&self) -> String {
        todo!()
    }
}

/// Every Marketplace API method of `sharetribe-flex-sdk` 1.24.2.
pub static ENDPOINTS: &[Endpoint] = &[];

/// Looks an endpoint up by its path (`listings/query`).
pub fn find(path: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.path == path)
}
