//! Test helpers: a sandbox in this process, called through its router with tower's `oneshot`
//! (or, for what needs a real connection, such as drop faults and the binary, over TCP with a
//! tiny HTTP/1.1 client).

#![allow(dead_code)]

use std::fmt;
use std::net::SocketAddr;

use axum::body::Body;
use axum::Router;
use sandbox::Options;
use sharetribe_sdk::core::value::Value;
use sharetribe_sdk::core::{json, transit};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// Where requests go: a sandbox's router in this process, or a sandbox listening on a socket.
/// Shown as the `host:port` the requests name in their `Host` header.
#[derive(Clone, Copy)]
pub enum Addr {
    /// Called in-process; `host` is only what the requests say in `Host`.
    Router {
        router: &'static Router,
        host: SocketAddr,
    },
    /// A real socket.
    Tcp(SocketAddr),
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Addr::Router { host, .. } | Addr::Tcp(host) => write!(f, "{host}"),
        }
    }
}

impl fmt::Debug for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl From<SocketAddr> for Addr {
    fn from(addr: SocketAddr) -> Addr {
        Addr::Tcp(addr)
    }
}

impl From<([u8; 4], u16)> for Addr {
    fn from(addr: ([u8; 4], u16)) -> Addr {
        Addr::Tcp(addr.into())
    }
}

/// A sandbox for one test.
pub struct Running {
    pub addr: Addr,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// A sandbox with `options`, called in-process. Its router lives until the test ends.
pub async fn start(options: Options) -> Running {
    let router: &'static Router = Box::leak(Box::new(sandbox::app(options)));
    let host = SocketAddr::from(([127, 0, 0, 1], 8088));
    Running {
        addr: Addr::Router { router, host },
        task: None,
    }
}

/// A sandbox with `options` serving on a free loopback port (drop faults need a connection).
pub async fn start_tcp(options: Options) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(sandbox::serve(listener, options));
    Running {
        addr: Addr::Tcp(addr),
        task: Some(task),
    }
}

/// Starts a sandbox with default options.
pub async fn start_default() -> Running {
    start(Options::default()).await
}

/// A received HTTP response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The body as received, for binary answers such as images.
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn transit(&self) -> Value {
        transit::decode(&self.body).unwrap_or_else(|e| panic!("not transit ({e:?}): {}", self.body))
    }

    pub fn json(&self) -> Value {
        json::parse(&self.body).unwrap_or_else(|e| panic!("not JSON ({e:?}): {}", self.body))
    }

    /// The `code` of the first error in a Transit error envelope.
    pub fn error_code(&self) -> String {
        let body = self.transit();
        let Some(Value::Array(errors)) = body.get("errors") else {
            panic!("no errors in {}", self.body)
        };
        errors[0]
            .get("code")
            .and_then(Value::as_str)
            .unwrap()
            .to_owned()
    }
}

/// Sends one request and reads the whole response. Over TCP, fails when the connection closes
/// before a status line arrives.
pub async fn request(
    addr: Addr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, &str)>,
) -> std::io::Result<Reply> {
    match addr {
        Addr::Router { router, host } => {
            Ok(oneshot(router, host, method, path, headers, body).await)
        }
        Addr::Tcp(addr) => tcp_request(addr, method, path, headers, body).await,
    }
}

async fn oneshot(
    router: &Router,
    host: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, &str)>,
) -> Reply {
    let mut request = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", host.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = match body {
        Some((content_type, text)) => request
            .header("content-type", content_type)
            .body(Body::from(text.to_owned())),
        None => request.body(Body::empty()),
    }
    .expect("a well-formed request");
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a readable body");
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes: bytes.to_vec(),
    }
}

/// Sends one request on a fresh TCP connection and reads the whole response.
async fn tcp_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, &str)>,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body_text = match body {
        Some((content_type, text)) => {
            head.push_str(&format!(
                "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
                text.len()
            ));
            text
        }
        None => {
            if method == "POST" {
                head.push_str("Content-Length: 0\r\n");
            }
            ""
        }
    };
    head.push_str("\r\n");
    head.push_str(body_text);
    stream.write_all(head.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> std::io::Result<Reply> {
    let broken =
        |what: &str| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, what.to_owned());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| broken("connection closed before a complete response head"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| broken("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Ok(Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        bytes: body,
    })
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size =
            usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}

/// `POST /v1/auth/token` with a form body.
pub async fn token_request(addr: Addr, form: &str) -> Reply {
    request(
        addr,
        "POST",
        "/v1/auth/token",
        &[("Accept", "application/json")],
        Some(("application/x-www-form-urlencoded", form)),
    )
    .await
    .expect("token request")
}

/// A fresh anonymous access token.
pub async fn anonymous_token(addr: Addr) -> String {
    let reply = token_request(
        addr,
        "client_id=sandbox-client-id&grant_type=client_credentials&scope=public-read",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    str_at(&reply.json(), &["access_token"]).to_owned()
}

/// Logs `login` (e.g. "alice") in; returns (access token, refresh token).
pub async fn login(addr: Addr, login: &str) -> (String, String) {
    let reply = token_request(
        addr,
        &format!(
            "client_id=sandbox-client-id&grant_type=password&username={login}%40example.com&password={login}-password&scope=user"
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    (
        str_at(&body, &["access_token"]).to_owned(),
        str_at(&body, &["refresh_token"]).to_owned(),
    )
}

/// `GET` a Marketplace API path with an access token.
pub async fn api_get(addr: Addr, path: &str, token: &str) -> Reply {
    let auth = format!("Bearer {token}");
    request(
        addr,
        "GET",
        path,
        &[
            ("Authorization", &auth),
            ("Accept", "application/transit+json"),
        ],
        None,
    )
    .await
    .expect("api request")
}

/// A control API call.
pub async fn control(addr: Addr, method: &str, path: &str, body: Option<&str>) -> Reply {
    let reply = request(
        addr,
        method,
        path,
        &[],
        body.map(|b| ("application/json", b)),
    )
    .await
    .expect("control request");
    assert_eq!(reply.status, 200, "{method} {path}: {}", reply.body);
    reply
}

/// The value at a path of map keys.
pub fn at<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(value, |v, key| {
        v.get(key)
            .unwrap_or_else(|| panic!("no key '{key}' in {v:?}"))
    })
}

/// The string at a path of map keys.
pub fn str_at<'a>(value: &'a Value, path: &[&str]) -> &'a str {
    at(value, path)
        .as_str()
        .unwrap_or_else(|| panic!("not a string at {path:?}"))
}

/// The array at a path of map keys.
pub fn array_at<'a>(value: &'a Value, path: &[&str]) -> &'a [Value] {
    match at(value, path) {
        Value::Array(items) => items,
        other => panic!("not an array at {path:?}: {other:?}"),
    }
}

/// The integer at a path of map keys.
pub fn int_at(value: &Value, path: &[&str]) -> i64 {
    at(value, path)
        .as_i64()
        .unwrap_or_else(|| panic!("not an integer at {path:?}"))
}

/// `POST` a Transit body to a Marketplace API path (with its query string) as the holder of
/// `token`.
pub async fn api_post(addr: Addr, path: &str, token: &str, body: &Value) -> Reply {
    let auth = format!("Bearer {token}");
    let text = sharetribe_sdk::core::transit::encode(body);
    request(
        addr,
        "POST",
        path,
        &[
            ("Authorization", &auth),
            ("Accept", "application/transit+json"),
        ],
        Some(("application/transit+json", &text)),
    )
    .await
    .expect("api request")
}

/// `POST` a multipart upload of one file part (`field`, `filename`, `content`).
pub async fn api_upload(
    addr: Addr,
    path: &str,
    token: &str,
    field: &str,
    filename: &str,
    content: &str,
) -> Reply {
    let auth = format!("Bearer {token}");
    let body = format!(
        "--XBOUNDARYX\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: image/png\r\n\r\n{content}\r\n--XBOUNDARYX--\r\n"
    );
    request(
        addr,
        "POST",
        path,
        &[
            ("Authorization", &auth),
            ("Accept", "application/transit+json"),
        ],
        Some(("multipart/form-data; boundary=XBOUNDARYX", &body)),
    )
    .await
    .expect("upload request")
}

/// Width and height of a PNG body; panics when it does not decode as PNG.
pub fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes.to_vec()));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a sized PNG")];
    reader.next_frame(&mut pixels).expect("PNG pixel data");
    let info = reader.info();
    (info.width, info.height)
}
