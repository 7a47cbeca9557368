//! Reading `multipart/form-data` bodies (uploads), shared by the API and the request log.

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
/// content type has no `boundary` parameter or the body holds no part.
pub fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Vec<Part>, &'static str> {
    let boundary = content_type
        .unwrap_or("")
        .split(';')
        .skip(1)
        .find_map(|param| {
            let (key, value) = param.split_once('=')?;
            (key.trim().eq_ignore_ascii_case("boundary")).then(|| value.trim().trim_matches('"'))
        });
    let Some(boundary) = boundary.filter(|b| !b.is_empty()) else {
        return Err("multipart body without a boundary parameter");
    };
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    // Each part sits between two delimiters: CRLF, headers, a blank line, then the content
    // and the CRLF that belongs to the next delimiter.
    let chunks = split_bytes(body, delimiter.as_bytes());
    for chunk in chunks.iter().skip(1) {
        if chunk.starts_with(b"--") {
            break;
        }
        let chunk = chunk.strip_prefix(b"\r\n").unwrap_or(chunk);
        let Some(split) = find_bytes(chunk, b"\r\n\r\n") else {
            continue;
        };
        let headers = String::from_utf8_lossy(&chunk[..split]);
        let content = &chunk[split + 4..];
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);
        let mut part = Part {
            name: None,
            filename: None,
            content_type: None,
            content: content.to_vec(),
        };
        for line in headers.split("\r\n") {
            let Some((header, value)) = line.split_once(':') else {
                continue;
            };
            if header.trim().eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_owned());
            } else if header.trim().eq_ignore_ascii_case("content-disposition") {
                for param in value.split(';').skip(1) {
                    if let Some((key, v)) = param.split_once('=') {
                        let v = Some(v.trim().trim_matches('"').to_owned());
                        match key.trim() {
                            "name" => part.name = v,
                            "filename" => part.filename = v,
                            _ => {}
                        }
                    }
                }
            }
        }
        parts.push(part);
    }
    if parts.is_empty() {
        return Err("multipart body with no part");
    }
    Ok(parts)
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut rest: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    while let Some(at) = find_bytes(rest, delimiter) {
        pieces.push(&rest[..at]);
        rest = &rest[at + delimiter.len()..];
    }
    pieces.push(rest);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_with_names_files_and_contents() {
        let body = "--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B--\r\n";
        let parts = parse(Some("multipart/form-data; boundary=B"), body.as_bytes()).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name.as_deref(), Some("image"));
        assert_eq!(parts[0].filename.as_deref(), Some("a.png"));
        assert_eq!(parts[0].content_type.as_deref(), Some("image/png"));
        assert_eq!(parts[0].content, b"PNG");
        assert_eq!(parts[1].content, b"1");
        assert!(parse(Some("multipart/form-data"), body.as_bytes()).is_err());
    }
}
