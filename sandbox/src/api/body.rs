//! Reading a command's request body: Transit, JSON or a multipart upload.

use axum::body::Bytes;
use sharetribe_sdk::core::value::Value;
use sharetribe_sdk::core::{json, transit};

use crate::multipart::{self, Part};
use crate::params::media_type;
use crate::responses::ApiError;

/// A parsed request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// The decoded Transit or JSON body; an empty map for an empty or multipart body.
    pub value: Value,
    /// The parts of a `multipart/form-data` body (uploads); empty otherwise.
    pub parts: Vec<Part>,
}

impl Body {
    /// No body (queries).
    pub fn empty() -> Body {
        Body {
            value: Value::Map(Vec::new()),
            parts: Vec::new(),
        }
    }

    /// The multipart part named `name`, if any.
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.name.as_deref() == Some(name))
    }
}

/// Reads a POST body: Transit (`application/transit+json`), JSON (`application/json`),
/// `multipart/form-data`, or nothing. Fails with 400 `unsupported-content-type` for other
/// types and 400 `bad-request` for a body that does not parse.
pub async fn parse(content_type: Option<&str>, body: Bytes) -> Result<Body, ApiError> {
    if body.is_empty() {
        return Ok(Body::empty());
    }
    let media_type = media_type(content_type);
    if media_type == "multipart/form-data" {
        let parts = multipart::parse(content_type, body.clone())
            .await
            .map_err(|why| {
                ApiError::new(400, "bad-request", format!("Unreadable upload: {why}"))
            })?;
        return Ok(Body {
            value: Value::Map(Vec::new()),
            parts,
        });
    }
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::new(400, "bad-request", "Request body is not UTF-8"))?;
    let value = match media_type.as_str() {
        "application/transit+json" => transit::decode(text).map_err(|e| {
            ApiError::new(
                400,
                "bad-request",
                format!("Unreadable Transit body: {}", e.0),
            )
        })?,
        "application/json" => json::parse(text).map_err(|e| {
            ApiError::new(
                400,
                "bad-request",
                format!("Unreadable JSON body: {}", e.message),
            )
        })?,
        other => {
            return Err(ApiError::new(
                400,
                "unsupported-content-type",
                format!("Unsupported request content type '{other}'"),
            ))
        }
    };
    Ok(Body {
        value,
        parts: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn body_content_types() {
        let empty = parse(None, Bytes::new()).await.unwrap();
        assert_eq!(empty.value, Value::Map(Vec::new()));
        let text = parse(Some("text/plain"), Bytes::from_static(b"x")).await;
        assert_eq!(text.unwrap_err().code, "unsupported-content-type");
        let json = parse(Some("application/json"), Bytes::from_static(br#"{"a":1}"#))
            .await
            .unwrap();
        assert_eq!(json.value.get("a"), Some(&Value::Int(1)));
    }
}
