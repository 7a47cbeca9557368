//! The request log tests read through `GET /_sandbox/requests`. It records what was asked and
//! how it was authenticated, never the credentials themselves.

use sharetribe_sdk::core::value::Value;

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
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Path without the query string.
    pub path: String,
    /// Raw query string, if any (the API never puts secrets there).
    pub query: Option<String>,
    /// `grant_type` of a `/v1/auth/token` request; the rest of the form is not recorded.
    pub grant_type: Option<String>,
    /// How the request was authenticated.
    pub auth: AuthKind,
    /// Response status, or `None` when the connection was dropped by a fault.
    pub status: Option<u16>,
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
            method: arrival.method,
            path: arrival.path,
            query: arrival.query,
            grant_type: arrival.grant_type,
            auth: arrival.auth,
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
        Value::map([
            ("method", Value::String(self.method.clone())),
            ("path", Value::String(self.path.clone())),
            ("query", opt_string(&self.query)),
            ("grantType", opt_string(&self.grant_type)),
            ("auth", Value::String(self.auth.as_str().to_owned())),
            (
                "status",
                self.status
                    .map(|s| Value::Int(s.into()))
                    .unwrap_or(Value::Null),
            ),
        ])
    }
}
