//! Validated SDK settings.
//!
//! [`Config::from_value`] checks the object given to `createInstance` strictly: a typo in a key
//! or a value of the wrong type fails at once with a message naming the key, rather than
//! surfacing later as a confusing API error.

use crate::core::error::SdkError;
use crate::core::text;
use crate::core::value::Value;
use crate::prelude::*;

/// The real API's host, the default `baseUrl`.
pub const DEFAULT_BASE_URL: &str = "https://flex-api.sharetribe.com";

/// The API version path segment used when the config names none.
pub const DEFAULT_VERSION: &str = "v1";

/// Settings of one SDK instance, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The Marketplace API client ID (`clientId`).
    pub client_id: String,
    /// Without a trailing slash.
    pub base_url: String,
    /// API version path segment, `v1` by default.
    pub version: String,
    /// Whether cookies are written with `Secure`.
    pub secure: bool,
    /// Ask the API for verbose Transit (`X-Transit-Verbose: true`).
    pub transit_verbose: bool,
    /// Timeout of a whole call in milliseconds; `None` waits as long as the browser does.
    pub timeout_ms: Option<u32>,
    /// How many times a query (GET) is sent again after 429, 502, 503, 504 or a network
    /// error (config `retry`: `true` is 3, a number 0–10 that many; off by default).
    pub retries: u32,
    /// The Asset Delivery API host (`assetCdnBaseUrl`), without a trailing slash.
    pub asset_cdn_base_url: String,
}

/// The Asset Delivery API's host, the default `assetCdnBaseUrl`.
pub const DEFAULT_ASSET_CDN_BASE_URL: &str = "https://cdn.st-api.com";

/// Every key the config may hold, in three runs: the keys this SDK reads (the first
/// [`SUPPORTED`], in the order the unknown-key message lists them), the two client secret
/// switches, and keys of the official SDK's config that mean nothing in a browser build (Node
/// agents, axios adapters, deprecation switches) or that the JS layer handles itself
/// (`tokenStore`, `typeHandlers`). The last run is accepted and ignored so that an existing
/// config keeps working. One table, searched once per key: a `match` on the key text compiles
/// a comparison per arm.
const KEYS: [&str; 16] = [
    "clientId",
    "baseUrl",
    "version",
    "secure",
    "transitVerbose",
    "timeout",
    "assetCdnBaseUrl",
    "retry",
    "clientSecret",
    "dangerouslyAllowClientSecretInBrowser",
    "typeHandlers",
    "adapter",
    "httpAgent",
    "httpsAgent",
    "disableDeprecationWarnings",
    "tokenStore",
];

/// How many of [`KEYS`] are read: `clientId` to `retry`.
const SUPPORTED: usize = 8;
/// Where the ignored keys begin in [`KEYS`], after the two secret switches.
const IGNORED_FROM: usize = SUPPORTED + 2;

/// Why a client secret is refused. Never includes the secret itself.
const NO_SECRET: &str = "a client secret must never be shipped to a browser, where anyone can \
     read it; this SDK only supports what needs no secret (no token exchange, no login with an \
     identity provider, no Integration API). Remove the setting and keep the secret on a server";

impl Config {
    /// Validates the plain-data part of the JS config object (the JS layer removes `tokenStore`
    /// and other function-valued keys first). `Null` values count as not given, as the official
    /// SDK's defaults are `null`.
    ///
    /// Fails with `InvalidConfig` naming the key when `clientId` is missing or empty; when a
    /// `clientSecret` is given (whatever its value) or `dangerouslyAllowClientSecretInBrowser`
    /// is anything but `false`; when `baseUrl` is not an absolute http(s) URL or points at the
    /// Integration API; when `version` is empty or contains `/`; when `secure` or
    /// `transitVerbose` is not a boolean; when `timeout` is not a whole number of milliseconds
    /// (0 means none, as in axios); for any key it does not know, suggesting the nearest known
    /// key; or when `value` is not a map.
    pub fn from_value(value: &Value) -> Result<Config, SdkError> {
        checked(value).map_err(SdkError::InvalidConfig)
    }

    /// Full URL of a Marketplace API path, e.g. `listings/query` →
    /// `https://…/v1/api/listings/query`.
    pub fn api_url(&self, path: &str) -> String {
        text::concat(&[&self.base_url, "/", &self.version, "/api/", path])
    }

    /// Full URL of an Auth API path, e.g. `token` → `https://…/v1/auth/token`.
    pub fn auth_url(&self, path: &str) -> String {
        text::concat(&[&self.base_url, "/", &self.version, "/auth/", path])
    }
}

/// [`Config::from_value`] with the message of its `InvalidConfig` error alone: the checks pass
/// a message (three words) rather than the whole `SdkError`, which is converted once.
fn checked(value: &Value) -> Result<Config, String> {
    let Value::Map(entries) = value else {
        return Err(invalid("the config must be an object such as { clientId }"));
    };
    // Checked in document order, so the first bad key is the one named; the texts stay
    // borrowed until every key passed.
    let mut client_id = None;
    let mut base_url = DEFAULT_BASE_URL;
    let mut version = DEFAULT_VERSION;
    let mut asset_cdn_base_url = DEFAULT_ASSET_CDN_BASE_URL;
    let mut secure = false;
    let mut transit_verbose = false;
    let mut timeout_ms = None;
    let mut retries = 0;
    for (key, value) in entries {
        if matches!(value, Value::Null) {
            continue;
        }
        // Each arm gives a `Result<(), String>` and one `?` passes an error on, rather than a
        // `?` (an error written out) in each arm.
        let step = match KEYS.iter().position(|known| known == key) {
            Some(0) => string(key, value).map(|s| client_id = Some(s)),
            Some(1) => string(key, value)
                .and_then(checked_base_url)
                .map(|s| base_url = s),
            Some(2) => string(key, value)
                .and_then(checked_version)
                .map(|s| version = s),
            Some(3) => boolean(key, value).map(|b| secure = b),
            Some(4) => boolean(key, value).map(|b| transit_verbose = b),
            Some(5) => timeout(value).map(|ms| timeout_ms = ms),
            Some(6) => string(key, value)
                .and_then(checked_asset_cdn_base_url)
                .map(|s| asset_cdn_base_url = s),
            Some(7) => checked_retries(value).map(|n| retries = n),
            // `clientSecret` whatever its value; the switch unless `false`.
            Some(8) => Err(secret_given(key)),
            Some(9) if !matches!(value, Value::Bool(false)) => Err(secret_given(key)),
            Some(_) => Ok(()),
            None => Err(unknown_key(key)),
        };
        step?;
    }
    let Some(client_id) = client_id else {
        return Err(invalid(
            "`clientId` is required: the client ID of your Marketplace API application",
        ));
    };
    // What `str::trim` would leave empty (`text::trim` is in the wasm anyway).
    if text::trim(client_id).is_empty() {
        return Err(invalid("`clientId` must not be empty"));
    }
    Ok(Config {
        client_id: owned(client_id),
        base_url: owned(base_url),
        version: owned(version),
        secure,
        transit_verbose,
        timeout_ms,
        retries,
        asset_cdn_base_url: owned(asset_cdn_base_url),
    })
}

/// An `InvalidConfig` message.
fn invalid(message: &str) -> String {
    owned(message)
}

/// `text.to_owned()`, compiled once for the settings and the messages rather than inlined at
/// each.
#[inline(never)]
fn owned(text: &str) -> String {
    text.to_owned()
}

/// The message built from `parts`. Messages are built with `push_str`
/// rather than `format!`: each `format!` site costs wasm bytes.
fn invalid_of(parts: &[&str]) -> String {
    text::concat(parts)
}

/// The refusal of a client secret setting `key`.
fn secret_given(key: &str) -> String {
    invalid_of(&["`", key, "` given: ", NO_SECRET])
}

/// A short description of a value's type, for "expected X, got Y" messages. Never the value
/// itself, which might be a secret pasted into the wrong key.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::Float(_) => "a number",
        Value::String(_) | Value::Keyword(_) => "a string",
        Value::Array(_) => "an array",
        Value::Map(_) => "an object",
        Value::Instant(_) => "a Date",
        Value::Uuid(_) => "a types.UUID",
        Value::LatLng { .. } => "a types.LatLng",
        Value::LatLngBounds { .. } => "a types.LatLngBounds",
        Value::Money { .. } => "a types.Money",
        Value::BigDecimal(_) => "a types.BigDecimal",
    }
}

fn wrong_type(key: &str, expected: &str, value: &Value) -> String {
    invalid_of(&["`", key, "` must be ", expected, ", got ", type_name(value)])
}

fn string<'a>(key: &str, value: &'a Value) -> Result<&'a str, String> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(wrong_type(key, "a string", other)),
    }
}

fn boolean(key: &str, value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(wrong_type(key, "a boolean", other)),
    }
}

/// What follows `https://` or `http://` (ASCII case ignored) at the start of `url`.
fn after_scheme(url: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|scheme| {
        let head = url.as_bytes().get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme.as_bytes())
            .then(|| text::from(url, scheme.len()))
    })
}

/// `url` without its trailing slashes.
fn trim_slashes(url: &str) -> &str {
    let mut end = url.len();
    while end > 0 && url.as_bytes()[end - 1] == b'/' {
        end -= 1;
    }
    text::slice(url, 0, end)
}

/// Checks `assetCdnBaseUrl` (an absolute http(s) URL) and trims its trailing slashes.
fn checked_asset_cdn_base_url(url: &str) -> Result<&str, String> {
    if after_scheme(url).is_none() || url.as_bytes().contains(&b' ') {
        return Err(invalid(
            "`assetCdnBaseUrl` must be an absolute http(s) URL such as https://cdn.st-api.com",
        ));
    }
    Ok(trim_slashes(url))
}

/// Checks `baseUrl` and trims its trailing slashes, as the official SDK does.
fn checked_base_url(url: &str) -> Result<&str, String> {
    let rest = after_scheme(url).ok_or_else(|| {
        invalid("`baseUrl` must be an absolute http(s) URL such as https://flex-api.sharetribe.com")
    })?;
    // No host: nothing, or a path, right after the scheme.
    if matches!(rest.as_bytes().first(), None | Some(b'/'))
        || url.contains(|c: char| text::is_whitespace(c) || c == '?' || c == '#')
    {
        return Err(invalid(
            "`baseUrl` must be an absolute http(s) URL with a host and no spaces, query or \
             fragment, such as https://flex-api.sharetribe.com",
        ));
    }
    if has_substring(url, "integ-api") || has_substring(rest, "/integration_api") {
        return Err(invalid(
            "`baseUrl` points at the Integration API, which needs a client secret and is not \
             supported by this browser SDK",
        ));
    }
    Ok(trim_slashes(url))
}

/// Whether `needle` (lower case) occurs in `haystack`, ASCII case ignored. A plain window scan
/// rather than `str::contains(&str)`: std's substring search (Two-Way) costs about 2 KB of
/// wasm, and these texts are a URL long.
fn has_substring(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

fn checked_version(version: &str) -> Result<&str, String> {
    if version.is_empty() || version.as_bytes().contains(&b'/') {
        return Err(invalid(
            "`version` must be an API version path segment such as `v1`, without `/`",
        ));
    }
    Ok(version)
}

/// Default retries for `retry: true`.
const DEFAULT_RETRIES: u32 = 3;
/// The most retries `retry` may ask for.
const MAX_RETRIES: i64 = 10;

fn checked_retries(value: &Value) -> Result<u32, String> {
    match value {
        Value::Bool(true) => Ok(DEFAULT_RETRIES),
        Value::Bool(false) => Ok(0),
        Value::Int(n) if (0..=MAX_RETRIES).contains(n) => Ok(*n as u32),
        _ => Err(invalid(
            "`retry` must be true, false or a number of retries from 0 to 10",
        )),
    }
}

fn timeout(value: &Value) -> Result<Option<u32>, String> {
    let ms = match value {
        Value::Int(_) | Value::Float(_) => value.as_i64(),
        other => return Err(wrong_type("timeout", "a number of milliseconds", other)),
    };
    match ms.map(u32::try_from) {
        Some(Ok(0)) => Ok(None),
        Some(Ok(ms)) => Ok(Some(ms)),
        _ => Err(invalid(
            "`timeout` must be a whole, non-negative number of milliseconds below 2^32 \
             (0 means no timeout)",
        )),
    }
}

fn unknown_key(key: &str) -> String {
    // The nearest key within two edits (the first of equals), ignoring ASCII case; the secret
    // switches are never suggested.
    let mut nearest: Option<(usize, &str)> = None;
    for (i, known) in KEYS.iter().enumerate() {
        if (SUPPORTED..IGNORED_FROM).contains(&i) {
            continue;
        }
        let distance = edit_distance(key, known);
        if distance <= 2 && nearest.is_none_or(|(best, _)| distance < best) {
            nearest = Some((distance, known));
        }
    }
    // Each message in as few appends as it takes: every `push_str` inlines a capacity check.
    if let Some((_, known)) = nearest {
        return text::concat(&["unknown setting `", key, "`; did you mean `", known, "`?"]);
    }
    let mut message = text::concat(&["unknown setting `", key, "`; the settings are `"]);
    for (i, known) in KEYS[..SUPPORTED].iter().enumerate() {
        message.push_str(if i > 0 { "`, `" } else { "" });
        message.push_str(known);
    }
    message.push('`');
    message
}

/// The longest key [`edit_distance`] compares with, and then some.
const MAX_KEY: usize = 39;

/// The Levenshtein distance between `a` and the known key `b` (ASCII, at most [`MAX_KEY`]
/// bytes; a longer one is cut there), counted in chars, ASCII case ignored. One row of the
/// table, on the stack, updated in place.
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let b = b.get(..MAX_KEY).unwrap_or(b);
    let mut row = [0usize; MAX_KEY + 1];
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j;
    }
    // A char of `a` by its first byte (continuation bytes skipped): no UTF-8 decoding, and a
    // non-ASCII char's first byte, like the char itself, equals no byte of an ASCII key.
    let chars = a.bytes().filter(|byte| byte & 0xc0 != 0x80);
    for (i, ca) in chars.enumerate() {
        let mut diagonal = i;
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            let substitution = diagonal + usize::from(!ca.eq_ignore_ascii_case(&cb));
            row[j + 1] = substitution.min(above + 1).min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

// Native only: the tests build values with `f64` numbers (see `core::number`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn config(entries: Vec<(&str, Value)>) -> Result<Config, SdkError> {
        Config::from_value(&Value::map(entries))
    }

    fn error_message(entries: Vec<(&str, Value)>) -> String {
        match config(entries) {
            Err(SdkError::InvalidConfig(message)) => message,
            other => panic!("expected InvalidConfig, got {other:?}"),
        }
    }

    #[test]
    fn needs_only_a_client_id_and_defaults_the_rest() {
        let c = config(vec![("clientId", "abc-123".into())]).unwrap();
        assert_eq!(
            c,
            Config {
                client_id: "abc-123".into(),
                base_url: DEFAULT_BASE_URL.into(),
                version: "v1".into(),
                secure: false,
                transit_verbose: false,
                timeout_ms: None,
                retries: 0,
                asset_cdn_base_url: DEFAULT_ASSET_CDN_BASE_URL.into(),
            }
        );
        assert_eq!(
            c.api_url("listings/query"),
            "https://flex-api.sharetribe.com/v1/api/listings/query"
        );
        assert_eq!(
            c.auth_url("token"),
            "https://flex-api.sharetribe.com/v1/auth/token"
        );
    }

    #[test]
    fn reads_every_supported_setting() {
        let c = config(vec![
            ("clientId", "abc".into()),
            ("baseUrl", "http://127.0.0.1:8088//".into()),
            ("version", "v2".into()),
            ("secure", Value::Bool(true)),
            ("transitVerbose", Value::Bool(true)),
            ("timeout", Value::Int(5000)),
        ])
        .unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:8088");
        assert_eq!(c.version, "v2");
        assert!(c.secure && c.transit_verbose);
        assert_eq!(c.timeout_ms, Some(5000));
        assert_eq!(
            c.api_url("users/show"),
            "http://127.0.0.1:8088/v2/api/users/show"
        );
    }

    #[test]
    fn requires_a_non_empty_string_client_id() {
        assert!(error_message(vec![]).contains("`clientId` is required"));
        assert!(error_message(vec![("clientId", Value::Null)]).contains("`clientId` is required"));
        assert!(error_message(vec![("clientId", "".into())]).contains("must not be empty"));
        // Whitespace as `str::trim` knows it, Unicode included.
        assert!(
            error_message(vec![("clientId", " \u{3000}\t".into())]).contains("must not be empty")
        );
        assert_eq!(
            error_message(vec![("clientId", Value::Int(5))]),
            "`clientId` must be a string, got a number"
        );
        match Config::from_value(&"abc".into()) {
            Err(SdkError::InvalidConfig(message)) => assert!(message.contains("object")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn refuses_any_client_secret_without_repeating_it() {
        for secret in ["s3cr3t-value", ""] {
            let message = error_message(vec![
                ("clientId", "abc".into()),
                ("clientSecret", secret.into()),
            ]);
            assert!(message.starts_with("`clientSecret` given"), "{message}");
            assert!(
                message.contains("never be shipped to a browser"),
                "{message}"
            );
            assert!(message.contains("Integration API"), "{message}");
            assert!(!message.contains("s3cr3t"), "{message}");
        }
        let message = error_message(vec![
            ("clientId", "abc".into()),
            ("dangerouslyAllowClientSecretInBrowser", Value::Bool(true)),
        ]);
        assert!(
            message.contains("dangerouslyAllowClientSecretInBrowser"),
            "{message}"
        );
        // The official defaults: no secret, not allowed.
        config(vec![
            ("clientId", "abc".into()),
            ("clientSecret", Value::Null),
            ("dangerouslyAllowClientSecretInBrowser", Value::Bool(false)),
        ])
        .unwrap();
    }

    #[test]
    fn secret_in_a_wrong_key_is_not_echoed() {
        let message = error_message(vec![("clientId", Value::Array(vec!["s3cr3t".into()]))]);
        assert!(!message.contains("s3cr3t"), "{message}");
    }

    #[test]
    fn checks_the_base_url() {
        for bad in [
            "flex-api.sharetribe.com",
            "ftp://x.test",
            "https://",
            "https:///v1",
            "https://a b.test",
            "https://x.test/?a=1",
            "https://x.test#f",
            "https://x\u{3000}.test",
            "httpé://x.test",
            "/relative",
        ] {
            let message = error_message(vec![("clientId", "abc".into()), ("baseUrl", bad.into())]);
            assert!(
                message.starts_with("`baseUrl` must be an absolute http(s) URL"),
                "{bad}: {message}"
            );
        }
        for integration in [
            "https://flex-integ-api.sharetribe.com",
            "https://proxy.test/integration_api",
            "HTTPS://FLEX-INTEG-API.SHARETRIBE.COM/",
        ] {
            let message = error_message(vec![
                ("clientId", "abc".into()),
                ("baseUrl", integration.into()),
            ]);
            assert!(
                message.contains("Integration API"),
                "{integration}: {message}"
            );
        }
        let c = config(vec![
            ("clientId", "abc".into()),
            ("baseUrl", "HTTPS://proxy.test/sharetribe/".into()),
        ])
        .unwrap();
        assert_eq!(c.base_url, "HTTPS://proxy.test/sharetribe");
        assert_eq!(
            error_message(vec![
                ("clientId", "abc".into()),
                ("baseUrl", Value::Bool(true))
            ]),
            "`baseUrl` must be a string, got a boolean"
        );
    }

    #[test]
    fn checks_the_version() {
        for bad in ["", "v1/api", "/v1"] {
            let message = error_message(vec![("clientId", "abc".into()), ("version", bad.into())]);
            assert!(message.starts_with("`version`"), "{bad}: {message}");
        }
    }

    #[test]
    fn checks_boolean_settings() {
        for key in ["secure", "transitVerbose"] {
            assert_eq!(
                error_message(vec![("clientId", "abc".into()), (key, "true".into())]),
                format!("`{key}` must be a boolean, got a string")
            );
        }
    }

    #[test]
    fn checks_the_timeout() {
        let timeout = |v: Value| config(vec![("clientId", "abc".into()), ("timeout", v)]);
        assert_eq!(
            timeout(Value::Float(2500.0)).unwrap().timeout_ms,
            Some(2500)
        );
        assert_eq!(timeout(Value::Int(0)).unwrap().timeout_ms, None);
        for bad in [Value::Int(-1), Value::Float(1.5), Value::Int(1 << 40)] {
            match timeout(bad.clone()) {
                Err(SdkError::InvalidConfig(m)) => assert!(m.starts_with("`timeout`"), "{m}"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        assert_eq!(
            timeout("1000".into()),
            Err(SdkError::InvalidConfig(
                "`timeout` must be a number of milliseconds, got a string".into()
            ))
        );
    }

    #[test]
    fn ignores_official_settings_that_mean_nothing_in_a_browser() {
        let c = config(vec![
            ("clientId", "abc".into()),
            ("assetCdnBaseUrl", "https://cdn.st-api.com".into()),
            ("typeHandlers", Value::Array(vec![])),
            ("adapter", Value::map([("x", Value::Int(1))])),
            ("httpAgent", Value::map::<&str>([])),
            ("httpsAgent", Value::map::<&str>([])),
            ("disableDeprecationWarnings", Value::Bool(true)),
            ("tokenStore", Value::map::<&str>([])),
        ])
        .unwrap();
        assert_eq!(c.client_id, "abc");
    }

    #[test]
    fn refuses_unknown_keys_suggesting_the_nearest() {
        let cases = [
            ("clientID", "clientId"),
            ("baseURL", "baseUrl"),
            ("basUrl", "baseUrl"),
            ("transitverbose", "transitVerbose"),
            ("timout", "timeout"),
            ("tokenstore", "tokenStore"),
        ];
        for (typo, known) in cases {
            let message = error_message(vec![("clientId", "abc".into()), (typo, Value::Int(1))]);
            assert_eq!(
                message,
                format!("unknown setting `{typo}`; did you mean `{known}`?")
            );
        }
        let message = error_message(vec![
            ("clientId", "abc".into()),
            ("marketplace", Value::Int(1)),
        ]);
        assert_eq!(
            message,
            "unknown setting `marketplace`; the settings are `clientId`, `baseUrl`, `version`, \
             `secure`, `transitVerbose`, `timeout`, `assetCdnBaseUrl`, `retry`"
        );
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("timeout", "timeout"), 0);
        assert_eq!(edit_distance("héllo", "hello"), 1);
        // Counted in chars whatever their UTF-8 length; no non-ASCII char matches.
        assert_eq!(edit_distance("tíméout", "timeout"), 2);
        assert_eq!(edit_distance("\u{1f600}", ""), 1);
        assert_eq!(edit_distance("a\u{1f600}\u{e9}", "ae"), 2);
        assert_eq!(edit_distance("\u{c9}", "e"), 1);
    }

    #[test]
    fn checks_retry() {
        let retry = |v: Value| config(vec![("clientId", "abc".into()), ("retry", v)]);
        assert_eq!(retry(Value::Bool(true)).unwrap().retries, 3);
        assert_eq!(retry(Value::Bool(false)).unwrap().retries, 0);
        assert_eq!(retry(Value::Int(5)).unwrap().retries, 5);
        for bad in [
            Value::Int(11),
            Value::Int(-1),
            Value::from("3"),
            Value::Float(1.5),
        ] {
            assert!(retry(bad).is_err());
        }
        assert_eq!(config(vec![("clientId", "abc".into())]).unwrap().retries, 0);
    }
}
