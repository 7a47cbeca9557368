//! Middleware in front of the Auth and Marketplace APIs: records each request in the log and
//! picks the armed fault rule's action for it.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::access::authenticate;
use crate::params::media_type;
use crate::request_log::{multipart_parts, tagged_body, Arrival, FormSummary};
use crate::responses::{self, wants_verbose, ApiError};
use crate::state::SharedSandbox;

/// Largest request body read for the log: axum's default body limit, which the handlers'
/// `Bytes` extractors would apply anyway.
const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Largest upload read for the log: the Marketplace API's 20 MB image limit.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// Which part of a request's body the log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoggedBody {
    /// Nothing: queries and other bodyless methods.
    None,
    /// An Auth API form: field names, grant type and scope.
    Form,
    /// A Marketplace API command body, decoded and tagged.
    Decoded,
    /// A Marketplace API upload: its parts' names, file names, types and sizes.
    Multipart,
}

impl LoggedBody {
    /// How many bytes of such a body are read at most.
    fn limit(self) -> usize {
        match self {
            LoggedBody::Multipart => MAX_UPLOAD_BYTES,
            _ => MAX_BODY_BYTES,
        }
    }
}

/// Decides what of the body of a request to `path` is logged.
fn body_to_log(path: &str, method: &Method, content_type: Option<&str>) -> LoggedBody {
    if *method != Method::POST {
        LoggedBody::None
    } else if path.starts_with("/v1/auth/") {
        LoggedBody::Form
    } else if path.starts_with("/v1/api/") && media_type(content_type).starts_with("multipart/") {
        LoggedBody::Multipart
    } else if path.starts_with("/v1/api/") {
        LoggedBody::Decoded
    } else {
        LoggedBody::None
    }
}

/// 413 for a body larger than `limit`, in the error format of the API it was sent to
/// (`request-upload-over-limit` for an upload, as the Marketplace API answers).
fn too_large(path: &str, kind: LoggedBody) -> Response {
    let limit = kind.limit();
    let title = format!("Request body is larger than {limit} bytes");
    let code = if kind == LoggedBody::Multipart {
        "request-upload-over-limit"
    } else {
        "request-too-large"
    };
    if path.starts_with("/v1/api/") {
        ApiError::new(413, code, title).into_response()
    } else {
        responses::plain(413, &title)
    }
}

/// Middleware: logs the request (its body read and handed on unchanged), picks the armed
/// fault rule's action for it if the rule matches (applied by [`crate::faults::apply`]), then
/// records the response's status.
pub async fn log_requests(
    State(sandbox): State<SharedSandbox>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let verbose = wants_verbose(request.headers());
    let auth = authenticate(&sandbox, request.headers()).log_kind();
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let mut arrival = Arrival {
        method: request.method().to_string(),
        path: path.clone(),
        query: request.uri().query().map(str::to_owned),
        grant_type: None,
        content_type: content_type.clone(),
        accept: request
            .headers()
            .get(header::ACCEPT)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        transit_verbose: verbose,
        body: None,
        form: None,
        auth,
    };
    let request = match body_to_log(&path, request.method(), content_type.as_deref()) {
        LoggedBody::None => request,
        kind => {
            // The body is read here and handed on unchanged. Of an Auth API form only the field
            // names and the grant type and scope are kept (never passwords or tokens); of a
            // command its decoded value with secret fields redacted.
            let (parts, body) = request.into_parts();
            let bytes = match axum::body::to_bytes(body, kind.limit()).await {
                Ok(bytes) => bytes,
                Err(_) => return too_large(&path, kind),
            };
            match kind {
                LoggedBody::Form => {
                    let form = FormSummary::of(&bytes);
                    arrival.grant_type = form.grant_type.clone();
                    arrival.form = Some(form);
                }
                LoggedBody::Multipart => {
                    arrival.body =
                        Some(multipart_parts(content_type.as_deref(), bytes.clone()).await)
                }
                _ => arrival.body = Some(tagged_body(content_type.as_deref(), &bytes)),
            }
            Request::from_parts(parts, Body::from(bytes))
        }
    };
    let (entry, fault) = {
        let mut state = sandbox.lock();
        let entry = state.log.start(arrival);
        // Picked under the same lock as the log entry, so the request logged first is the one
        // a `count: 1` rule hits.
        let fault = state.fault.as_mut().and_then(|f| f.take(&path));
        (entry, fault)
    };
    let mut request = request;
    if let Some(fault) = fault {
        request.extensions_mut().insert(fault);
    }
    let response = next.run(request).await;
    sandbox.lock().log.finish(entry, response.status().as_u16());
    response
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use sharetribe_sdk::core::json;
    use sharetribe_sdk::core::value::Value;
    use tower::ServiceExt;

    use crate::options::Options;
    use crate::server::app;

    async fn send(router: &axum::Router, request: Request<Body>) -> (u16, String) {
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    fn post(path: &str, content_type: &str, body: &str) -> Request<Body> {
        Request::post(path)
            .header("content-type", content_type)
            .body(Body::from(body.to_owned()))
            .unwrap()
    }

    #[tokio::test]
    async fn logs_forms_by_name_and_commands_decoded_and_hands_bodies_on() {
        let router = app(Options::default());
        let form = "client_id=sandbox-client-id&grant_type=password&username=alice%40example.com&password=alice-password&scope=user";
        let (status, token) = send(
            &router,
            post("/v1/auth/token", "application/x-www-form-urlencoded", form),
        )
        .await;
        assert_eq!(status, 200, "the handler still read the form: {token}");
        let access = json::parse(&token).unwrap();
        let access = access.get("access_token").and_then(Value::as_str).unwrap();
        let command = Request::post("/v1/api/own_listings/create?expand=true")
            .header("content-type", "application/transit+json")
            .header("authorization", format!("Bearer {access}"))
            .header("accept", "application/transit+json")
            .header("x-transit-verbose", "true")
            .body(Body::from(
                r#"["^ ","~:title","Bike","~:price",["~#mn",[1000,"USD"]],"~:newPassword","pw-secret"]"#,
            ))
            .unwrap();
        send(&router, command).await;

        let (_, log) = send(
            &router,
            Request::get("/_sandbox/requests")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(!log.contains("alice-password"), "{log}");
        assert!(!log.contains("alice@example.com"), "{log}");
        assert!(!log.contains("pw-secret"), "{log}");
        assert!(!log.contains(access), "{log}");
        let Value::Array(entries) = json::parse(&log).unwrap() else {
            panic!("{log}")
        };
        let token_entry = &entries[0];
        assert_eq!(
            token_entry.get("formFields"),
            Some(&Value::Array(
                ["client_id", "grant_type", "username", "password", "scope"]
                    .map(Value::from)
                    .to_vec()
            ))
        );
        assert_eq!(token_entry.get("grantType"), Some(&Value::from("password")));
        assert_eq!(token_entry.get("scope"), Some(&Value::from("user")));
        assert_eq!(token_entry.get("body"), Some(&Value::Null));
        assert_eq!(
            token_entry.get("contentType"),
            Some(&Value::from("application/x-www-form-urlencoded"))
        );

        let command_entry = &entries[1];
        assert_eq!(
            command_entry.get("query"),
            Some(&Value::from("expand=true"))
        );
        assert_eq!(command_entry.get("auth"), Some(&Value::from("user")));
        assert_eq!(
            command_entry.get("contentType"),
            Some(&Value::from("application/transit+json"))
        );
        assert_eq!(
            json::write(command_entry.get("body").unwrap()),
            r#"{"title":"Bike","price":{"$money":{"amount":1000,"currency":"USD"}},"newPassword":{"$redacted":"string"}}"#
        );
        assert_eq!(command_entry.get("formFields"), Some(&Value::Null));
        assert_eq!(
            command_entry.get("accept"),
            Some(&Value::from("application/transit+json"))
        );
        assert_eq!(
            command_entry.get("transitVerbose"),
            Some(&Value::Bool(true))
        );
        assert_eq!(token_entry.get("transitVerbose"), Some(&Value::Bool(false)));
    }

    #[tokio::test]
    async fn queries_log_no_body_and_oversized_bodies_are_refused() {
        let router = app(Options::default());
        send(
            &router,
            Request::get("/v1/api/marketplace/show?include=x")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        let upload = "--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\npixels\r\n--b--\r\n";
        send(
            &router,
            post(
                "/v1/api/images/upload",
                "multipart/form-data; boundary=b",
                upload,
            ),
        )
        .await;
        let huge = "x".repeat(super::MAX_BODY_BYTES + 1);
        let (status, _) = send(
            &router,
            post("/v1/api/messages/send", "application/json", &huge),
        )
        .await;
        assert_eq!(status, 413);
        let (_, log) = send(
            &router,
            Request::get("/_sandbox/requests")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        let Value::Array(entries) = json::parse(&log).unwrap() else {
            panic!("{log}")
        };
        assert_eq!(entries[0].get("body"), Some(&Value::Null));
        assert_eq!(entries[0].get("contentType"), Some(&Value::Null));
        assert_eq!(entries[0].get("query"), Some(&Value::from("include=x")));
        assert_eq!(
            json::write(entries[1].get("body").unwrap()),
            r#"{"$multipart":[{"name":"image","filename":"a.png","contentType":"image/png","size":6}]}"#
        );
        assert_eq!(
            entries.len(),
            2,
            "a refused oversized body is not logged: {log}"
        );
    }
}
