//! The request log tests read through `GET /_sandbox/requests`. It records what was asked and
//! how it was authenticated, never the credentials themselves.
//!
//! Each entry carries enough to compare two clients on the wire (the conformance suite does):
//! method, path, raw query string, request content type, the decoded body of a Marketplace API
//! command in a neutral tagged JSON form ([`tagged_body`]), the field names of an Auth API form
//! ([`FormSummary`]) and which kind of token authorised the call.

use sharetribe_sdk::core::value::Value;
use sharetribe_sdk::core::{json, query, transit};

use axum::body::Bytes;

use crate::multipart;
use crate::params::media_type;

/// How a request was authenticated, as far as the sandbox could tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// No `Authorization` header.
    None,
    /// A valid anonymous access token.
    Anonymous,
    /// A valid user access token.
    User,
    /// A malformed, unknown, revoked or expired token.
    Invalid,
}

impl AuthKind {
    /// The name used in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthKind::None => "none",
            AuthKind::Anonymous => "anonymous",
            AuthKind::User => "user",
            AuthKind::Invalid => "invalid",
        }
    }
}

/// One logged request.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// Sequence number, used to fill in the status once the response is known.
    id: u64,
    /// What was known when the request arrived.
    pub arrival: Arrival,
    /// Response status, or `None` when the connection was dropped by a fault.
    pub status: Option<u16>,
}

/// What the log keeps of an Auth API form (`application/x-www-form-urlencoded`) body: the field
/// names in the order sent, and the values of the two fields that are never secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormSummary {
    /// Every field name, in order, repeated names included.
    pub fields: Vec<String>,
    /// The `grant_type` value, if given.
    pub grant_type: Option<String>,
    /// The `scope` value, if given.
    pub scope: Option<String>,
}

impl FormSummary {
    /// Reads a URL-encoded form body, keeping only names and the `grant_type`/`scope` values;
    /// passwords, tokens, client secrets and PKCE verifiers are dropped here, before anything
    /// is stored.
    pub fn of(body: &[u8]) -> FormSummary {
        let mut summary = FormSummary::default();
        for (name, value) in query::parse_query_string(&String::from_utf8_lossy(body)) {
            match name.as_str() {
                "grant_type" => summary.grant_type = Some(value),
                "scope" => summary.scope = Some(value),
                _ => {}
            }
            summary.fields.push(name);
        }
        summary
    }
}

/// The decoded body of a Marketplace API request as the log shows it, in a tagged JSON form
/// that keeps the SDK's types apart from plain data:
///
/// | decoded value | logged as |
/// |---|---|
/// | UUID | `{"$uuid": "…"}` |
/// | keyword | `{"$keyword": "…"}` |
/// | instant (JS `Date`) | `{"$date": "2024-01-01T00:00:00.000Z"}` |
/// | Money | `{"$money": {"amount": 1000, "currency": "USD"}}` |
/// | LatLng | `{"$latlng": {"lat": 1.5, "lng": 2}}` |
/// | LatLngBounds | `{"$latlngBounds": {"ne": {"lat", "lng"}, "sw": {"lat", "lng"}}}` |
/// | BigDecimal | `{"$bigdecimal": "1.25"}` |
///
/// Strings, numbers, booleans, null, arrays and maps stay as they are. The value of any map key
/// naming a secret (containing `password`, `token` or `secret`, in any case) is replaced by
/// `{"$redacted": "<what it was>"}`, so passwords and reset tokens never reach the log.
///
/// Bodies are read as the request's content type says: Transit for `application/transit+json`,
/// JSON for `application/json`. An empty body is `null`; a body that cannot be read, or of any
/// other type, is `{"$unreadable": "<why>"}` (the handler answers such requests with its own
/// error; the log only describes them).
pub fn tagged_body(content_type: Option<&str>, body: &[u8]) -> Value {
    if body.is_empty() {
        return Value::Null;
    }
    let unreadable = |why: String| Value::map([("$unreadable", Value::String(why))]);
    let Ok(text) = std::str::from_utf8(body) else {
        return unreadable("body is not UTF-8".to_owned());
    };
    let media_type = media_type(content_type);
    let decoded = match media_type.as_str() {
        "application/transit+json" => transit::decode(text).map_err(|e| e.to_string()),
        "application/json" => json::parse(text).map_err(|e| format!("invalid JSON: {}", e.message)),
        other => Err(format!("body of content type '{other}' is not decoded")),
    };
    match decoded {
        Ok(value) => tag(&value),
        Err(why) => unreadable(why),
    }
}

/// The parts of a `multipart/form-data` body as the log shows them: `{"$multipart": [{"name",
/// "filename", "contentType", "size"}]}` in body order, `filename` and `contentType` `null` for
/// plain fields. Part contents are never logged (an upload is a user's file). A body without a
/// `boundary` parameter, or with no part, is `{"$unreadable": "<why>"}`.
pub async fn multipart_parts(content_type: Option<&str>, body: Bytes) -> Value {
    match multipart::parse(content_type, body).await {
        Err(why) => Value::map([("$unreadable", Value::from(why))]),
        Ok(parts) => {
            let opt = |v: Option<String>| v.map(Value::String).unwrap_or(Value::Null);
            let parts = parts.into_iter().map(|part| {
                Value::map([
                    ("name", opt(part.name)),
                    ("filename", opt(part.filename)),
                    ("contentType", opt(part.content_type)),
                    ("size", Value::Int(part.content.len() as i64)),
                ])
            });
            Value::map([("$multipart", Value::Array(parts.collect()))])
        }
    }
}

/// Whether a body map key names a secret whose value must not be logged.
fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["password", "token", "secret"]
        .iter()
        .any(|word| key.contains(word))
}

/// What kind of value a redacted secret was, so a log reader still sees its shape.
fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) | Value::Float(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Map(_) => "map",
        _ => "sdk-type",
    }
}

fn tagged(tag: &str, payload: Value) -> Value {
    Value::map([(tag, payload)])
}

fn lat_lng(lat: f64, lng: f64) -> Value {
    Value::map([("lat", Value::Float(lat)), ("lng", Value::Float(lng))])
}

/// Rewrites a decoded value into the log's tagged form (see [`tagged_body`]).
fn tag(value: &Value) -> Value {
    match value {
        Value::Uuid(s) => tagged("$uuid", Value::String(s.clone())),
        Value::Keyword(s) => tagged("$keyword", Value::String(s.clone())),
        Value::BigDecimal(s) => tagged("$bigdecimal", Value::String(s.clone())),
        Value::Instant(ms) => {
            let mut iso = String::new();
            sharetribe_sdk::core::iso8601::write(&mut iso, *ms);
            tagged("$date", Value::String(iso))
        }
        Value::Money { amount, currency } => tagged(
            "$money",
            Value::map([
                ("amount", Value::Int(*amount)),
                ("currency", Value::String(currency.clone())),
            ]),
        ),
        Value::LatLng { lat, lng } => tagged("$latlng", lat_lng(*lat, *lng)),
        Value::LatLngBounds { ne, sw } => tagged(
            "$latlngBounds",
            Value::map([("ne", lat_lng(ne.0, ne.1)), ("sw", lat_lng(sw.0, sw.1))]),
        ),
        Value::Array(items) => Value::Array(items.iter().map(tag).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(key, value)| {
                    let logged = if is_secret_key(key) {
                        tagged("$redacted", Value::from(kind_name(value)))
                    } else {
                        tag(value)
                    };
                    (key.clone(), logged)
                })
                .collect(),
        ),
        plain => plain.clone(),
    }
}

fn opt_string(value: &Option<String>) -> Value {
    value.clone().map(Value::String).unwrap_or(Value::Null)
}

/// The log of requests received on `/v1/...`, oldest first.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Vec<LogEntry>,
    next_id: u64,
}

/// Handle to a log entry whose response is still pending.
#[derive(Debug, Clone, Copy)]
pub struct PendingEntry(u64);

/// What is known about a request when it arrives.
#[derive(Debug, Clone)]
pub struct Arrival {
    /// HTTP method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Raw query string.
    pub query: Option<String>,
    /// Grant type of a token request.
    pub grant_type: Option<String>,
    /// The `Content-Type` header as sent.
    pub content_type: Option<String>,
    /// The `Accept` header as sent.
    pub accept: Option<String>,
    /// Whether `X-Transit-Verbose: true` was sent.
    pub transit_verbose: bool,
    /// A Marketplace API command's body in the log's tagged form ([`tagged_body`]) or an
    /// upload's parts ([`multipart_parts`]); `None` when the body was not read (queries, Auth
    /// API forms).
    pub body: Option<Value>,
    /// An Auth API form's field names and non-secret values.
    pub form: Option<FormSummary>,
    /// How it was authenticated.
    pub auth: AuthKind,
}

impl RequestLog {
    /// Records an arriving request (status still unknown), keeping arrival order.
    pub fn start(&mut self, arrival: Arrival) -> PendingEntry {
        let id = self.next_id;
        self.next_id += 1;
        self.entries.push(LogEntry {
            id,
            arrival,
            status: None,
        });
        PendingEntry(id)
    }

    /// Fills in the response status of an entry; does nothing if the log was cleared since.
    pub fn finish(&mut self, entry: PendingEntry, status: u16) {
        if let Some(e) = self.entries.iter_mut().rev().find(|e| e.id == entry.0) {
            e.status = Some(status);
        }
    }

    /// Forgets every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The log as the control API's JSON array.
    pub fn to_value(&self) -> Value {
        Value::Array(self.entries.iter().map(LogEntry::to_value).collect())
    }
}

impl LogEntry {
    /// The entry as the control API's JSON object.
    pub fn to_value(&self) -> Value {
        let arrival = &self.arrival;
        Value::map([
            ("method", Value::String(arrival.method.clone())),
            ("path", Value::String(arrival.path.clone())),
            ("query", opt_string(&arrival.query)),
            ("grantType", opt_string(&arrival.grant_type)),
            ("contentType", opt_string(&arrival.content_type)),
            ("accept", opt_string(&arrival.accept)),
            ("transitVerbose", Value::Bool(arrival.transit_verbose)),
            ("body", arrival.body.clone().unwrap_or(Value::Null)),
            (
                "formFields",
                arrival
                    .form
                    .as_ref()
                    .map(|f| Value::Array(f.fields.iter().cloned().map(Value::String).collect()))
                    .unwrap_or(Value::Null),
            ),
            (
                "scope",
                opt_string(&arrival.form.as_ref().and_then(|f| f.scope.clone())),
            ),
            ("auth", Value::String(arrival.auth.as_str().to_owned())),
            (
                "status",
                self.status
                    .map(|s| Value::Int(s.into()))
                    .unwrap_or(Value::Null),
            ),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_keep_names_and_grant_type_and_scope_only() {
        let form = FormSummary::of(
            b"client_id=c&grant_type=password&username=a%40b.c&password=hunter2&scope=user",
        );
        assert_eq!(
            form.fields,
            ["client_id", "grant_type", "username", "password", "scope"]
        );
        assert_eq!(form.grant_type.as_deref(), Some("password"));
        assert_eq!(form.scope.as_deref(), Some("user"));
        let mut log = RequestLog::default();
        log.start(Arrival {
            method: "POST".into(),
            path: "/v1/auth/token".into(),
            query: None,
            grant_type: form.grant_type.clone(),
            content_type: Some("application/x-www-form-urlencoded".into()),
            accept: None,
            transit_verbose: false,
            body: None,
            form: Some(form),
            auth: AuthKind::None,
        });
        let text = json::write(&log.to_value());
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains("a@b.c"), "{text}");
        assert!(
            text.contains(
                r#""formFields":["client_id","grant_type","username","password","scope"]"#
            ),
            "{text}"
        );
        assert!(text.contains(r#""scope":"user""#), "{text}");
    }

    #[test]
    fn transit_bodies_are_tagged_by_type() {
        let body = r#"["^ ","~:listingId","~u2000-0000-4000-8000-000000000001","~:transition","~:transition/request-payment","~:params",["^ ","~:bookingStart","~m1704067200000","~:price",["~#mn",[1000,"USD"]],"~:location",["~#geo",[1.5,2]],"~:rate","~f1.25","~:quantity",2,"~:note","hi"]]"#;
        let logged = tagged_body(Some("application/transit+json"), body.as_bytes());
        let expected = r#"{"listingId":{"$uuid":"2000-0000-4000-8000-000000000001"},"transition":{"$keyword":"transition/request-payment"},"params":{"bookingStart":{"$date":"2024-01-01T00:00:00.000Z"},"price":{"$money":{"amount":1000,"currency":"USD"}},"location":{"$latlng":{"lat":1.5,"lng":2}},"rate":{"$bigdecimal":"1.25"},"quantity":2,"note":"hi"}}"#;
        assert_eq!(json::write(&logged), expected);
    }

    #[test]
    fn secrets_in_bodies_are_redacted_wherever_they_are() {
        let body = r#"{"currentPassword":"old-secret","newPassword":"new-secret","nested":[{"passwordResetToken":"t0k3n"}],"email":"a@b.c"}"#;
        let text = json::write(&tagged_body(
            Some("application/json; charset=utf-8"),
            body.as_bytes(),
        ));
        for secret in ["old-secret", "new-secret", "t0k3n"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert!(
            text.contains(r#""currentPassword":{"$redacted":"string"}"#),
            "{text}"
        );
        assert!(text.contains(r#""email":"a@b.c""#), "{text}");
    }

    #[tokio::test]
    async fn multipart_uploads_log_part_names_types_and_sizes_never_contents() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"bike.png\"\r\nContent-Type: image/png\r\n\r\nsecret pixels\r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--XyZ--\r\n";
        let bytes = || Bytes::from(body.as_bytes().to_vec());
        let logged = multipart_parts(Some("multipart/form-data; boundary=XyZ"), bytes()).await;
        assert_eq!(
            json::write(&logged),
            r#"{"$multipart":[{"name":"image","filename":"bike.png","contentType":"image/png","size":13},{"name":"note","filename":null,"contentType":null,"size":2}]}"#
        );
        assert!(multipart_parts(Some("multipart/form-data"), bytes())
            .await
            .get("$unreadable")
            .is_some());
    }

    #[test]
    fn empty_unreadable_and_undecoded_bodies_are_described() {
        assert_eq!(tagged_body(Some("application/json"), b""), Value::Null);
        let unreadable = |v: Value| v.get("$unreadable").is_some();
        assert!(unreadable(tagged_body(
            Some("application/transit+json"),
            b"[\"^ \""
        )));
        assert!(unreadable(tagged_body(Some("text/plain"), b"hello")));
        assert!(unreadable(tagged_body(None, b"hello")));
    }
}
