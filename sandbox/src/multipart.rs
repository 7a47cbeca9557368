//! Reading `multipart/form-data` bodies (uploads) with `multer` (the parser behind axum's
//! multipart extractor), shared by the API and the request log.

use axum::body::{Body, Bytes};

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
    let boundary = multer::parse_boundary(content_type.unwrap_or("")).map_err(|e| e.to_string())?;
    // The body is whole already, and its size was checked by whoever read it: no limits here.
    let stream = Body::from(body).into_data_stream();
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().map(str::to_owned);
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.as_ref().to_owned());
        let content = field.bytes().await.map_err(|e| e.to_string())?.to_vec();
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
