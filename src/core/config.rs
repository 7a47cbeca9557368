//! Validated SDK settings.

use crate::core::error::SdkError;
use crate::core::value::Value;

/// The real API's host, the default `baseUrl`.
pub const DEFAULT_BASE_URL: &str = "https://flex-api.sharetribe.com";

/// Settings of one SDK instance, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub client_id: String,
    /// Without a trailing slash.
    pub base_url: String,
    /// API version path segment, `v1` by default.
    pub version: String,
    /// Whether cookies are written with `Secure`.
    pub secure: bool,
    /// Ask the API for verbose Transit (`X-Transit-Verbose: true`).
    pub transit_verbose: bool,
    /// Per-request timeout in milliseconds; `None` waits as long as the browser does.
    pub timeout_ms: Option<u32>,
}

impl Config {
    /// Validates the plain-data part of the JS config object (the JS layer removes `tokenStore`
    /// and other function-valued keys first). Fails with `InvalidConfig` naming the key.
    pub fn from_value(value: &Value) -> Result<Config, SdkError> {
        let _ = value;
        todo!()
    }

    /// Full URL of a Marketplace API path, e.g. `listings/query` →
    /// `https://…/v1/api/listings/query`.
    pub fn api_url(&self, path: &str) -> String {
        format!("{}/{}/api/{}", self.base_url, self.version, path)
    }

    /// Full URL of an Auth API path, e.g. `token` → `https://…/v1/auth/token`.
    pub fn auth_url(&self, path: &str) -> String {
        format!("{}/{}/auth/{}", self.base_url, self.version, path)
    }
}
