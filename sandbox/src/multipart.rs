//! Reading `multipart/form-data` bodies (uploads) with axum's multipart extractor (multer),
//! shared by the API and the request log.

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request};
use axum::http::header;
use tower::{Layer, ServiceExt};

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The form field name (`name` of `Content-Disposition`).
    pub name: Option<String>,
    /// The file name, for file parts.
    pub filename: Option<String>,
    /// The part's `Content-Type`, if given.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub content: Vec<u8>,
}

/// Splits a multipart body into its parts, in body order. Fails with the reason when the
/// content type has no `boundary` parameter, the body is malformed or it holds no part.
pub async fn parse(content_type: Option<&str>, body: Bytes) -> Result<Vec<Part>, String> {
    let request = Request::builder()
        .header(header::CONTENT_TYPE, content_type.unwrap_or(""))
        .body(Body::from(body))
        .map_err(|e| e.to_string())?;
    // The body is already in memory, read under the caller's limit (20 MB for uploads). A
    // request built here has no body limit of its own, so the extractor would apply axum's
    // 2 MB default and refuse bigger uploads: lift it.
    let read = tower::service_fn(|request: Request| async move {
        Ok::<_, std::convert::Infallible>(read_parts(request).await)
    });
    match DefaultBodyLimit::disable()
        .layer(read)
        .oneshot(request)
        .await
    {
        Ok(parts) => parts,
        Err(never) => match never {},
    }
}

async fn read_parts(request: Request) -> Result<Vec<Part>, String> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| e.body_text())?;
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
        let name = field.name().map(str::to_owned);
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let content = field.bytes().await.map_err(|e| e.body_text())?.to_vec();
        parts.push(Part {
            name,
            filename,
            content_type,
            content,
        });
    }
    if parts.is_empty() {
        return Err("multipart body with no part".to_owned());
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn parts_with_names_files_and_contents() {
        let body = "--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B--\r\n";
        let bytes = || Bytes::from(body.as_bytes().to_vec());
        let parts = parse(Some("multipart/form-data; boundary=B"), bytes())
            .await
            .unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name.as_deref(), Some("image"));
        assert_eq!(parts[0].filename.as_deref(), Some("a.png"));
        assert_eq!(parts[0].content_type.as_deref(), Some("image/png"));
        assert_eq!(parts[0].content, b"PNG");
        assert_eq!(parts[1].content, b"1");
        assert!(parse(Some("multipart/form-data"), bytes()).await.is_err());
        assert!(parse(
            Some("multipart/form-data; boundary=B"),
            Bytes::from_static(b"--B--\r\n")
        )
        .await
        .is_err());
    }
}
