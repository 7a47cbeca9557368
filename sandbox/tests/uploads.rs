//! `images.upload` and the file endpoints over a real socket: multipart uploads become image
//! resources with served variants; files go through register → upload URL → PUT → download.

mod support;

use sharetribe_sdk::core::value::Value;
use support::*;

const BOUNDARY: &str = "----sandboxtest";

/// A part: field name, `(filename, content type)` for a file part, content.
type Part<'a> = (&'a str, Option<(&'a str, &'a str)>, &'a str);

fn multipart(parts: &[Part]) -> String {
    let mut body = String::new();
    for (name, file, content) in parts {
        body.push_str(&format!("--{BOUNDARY}\r\n"));
        match file {
            Some((filename, content_type)) => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )),
            None => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"
            )),
        }
        body.push_str(content);
        body.push_str("\r\n");
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    body
}

async fn upload_image(addr: support::Addr, token: &str, query: &str, body: &str) -> Reply {
    let auth = format!("Bearer {token}");
    request(
        addr,
        "POST",
        &format!("/v1/api/images/upload{query}"),
        &[
            ("Authorization", &auth),
            ("Accept", "application/transit+json"),
        ],
        Some((&format!("multipart/form-data; boundary={BOUNDARY}"), body)),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn an_uploaded_image_becomes_an_image_with_served_variants() {
    let sb = start_default().await;
    let (access, _) = login(sb.addr, "alice").await;
    let body = multipart(&[("image", Some(("my bike.png", "image/png")), "PNG bytes")]);

    let small = upload_image(sb.addr, &access, "", &body).await;
    assert_eq!(small.status, 200, "{}", small.body);
    let doc = small.transit();
    assert_eq!(at(&doc, &["data", "type"]), &Value::Keyword("image".into()));
    assert!(
        doc.get("data").unwrap().get("attributes").is_none(),
        "no expand: id and type only"
    );

    let full = upload_image(sb.addr, &access, "?expand=true", &body)
        .await
        .transit();
    let Value::Uuid(id) = at(&full, &["data", "id"]).clone() else {
        panic!("an image id")
    };
    assert!(id.starts_with("30000000-"), "{id}");
    let url = str_at(
        &full,
        &["data", "attributes", "variants", "square-small", "url"],
    );
    let path = format!("/images/{id}/square-small/240x240.png");
    assert_eq!(url, format!("http://{}{path}", sb.addr));
    // The uploaded picture is served back as uploaded.
    let served = request(sb.addr, "GET", &path, &[], None).await.unwrap();
    assert_eq!(served.status, 200);
    assert_eq!(served.header("content-type"), Some("image/png"));
    assert_eq!(served.body, "PNG bytes", "the uploaded bytes come back");

    // The request log shows the parts without their contents.
    let log = control(sb.addr, "GET", "/_sandbox/requests", None)
        .await
        .json();
    let Value::Array(entries) = log else { panic!() };
    let upload = entries
        .iter()
        .rev()
        .find(|e| e.get("path").and_then(Value::as_str) == Some("/v1/api/images/upload"))
        .unwrap();
    assert!(!format!("{upload:?}").contains("PNG bytes"));
}

#[tokio::test]
async fn a_large_image_under_the_limit_is_accepted_and_logged_with_its_size() {
    let sb = start_default().await;
    let (access, _) = login(sb.addr, "alice").await;
    // Above axum's 2 MB default body limit, below the API's 20 MB image limit.
    let pixels = "p".repeat(3 * 1024 * 1024);
    let body = multipart(&[("image", Some(("big.png", "image/png")), pixels.as_str())]);
    let reply = upload_image(sb.addr, &access, "", &body).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let log = control(sb.addr, "GET", "/_sandbox/requests", None)
        .await
        .json();
    let Value::Array(entries) = log else { panic!() };
    let upload = entries.last().unwrap();
    let parts = at(upload, &["body", "$multipart"]);
    let Value::Array(parts) = parts else {
        panic!("{parts:?}")
    };
    assert_eq!(int_at(&parts[0], &["size"]), 3 * 1024 * 1024);
}

#[tokio::test]
async fn bad_image_uploads_get_the_documented_errors() {
    let sb = start_default().await;
    let (access, _) = login(sb.addr, "alice").await;
    let cases = [
        (
            multipart(&[("picture", Some(("a.png", "image/png")), "x")]),
            400,
            "validation-missing-key",
        ),
        (
            multipart(&[("image", None, "just text")]),
            400,
            "image-invalid",
        ),
        (
            multipart(&[("image", Some(("a.png", "image/png")), "")]),
            400,
            "image-invalid",
        ),
        (
            multipart(&[("image", Some(("a.pdf", "application/pdf")), "%PDF")]),
            400,
            "image-invalid-content",
        ),
    ];
    for (body, status, code) in cases {
        let reply = upload_image(sb.addr, &access, "", &body).await;
        assert_eq!(
            (reply.status, reply.error_code()),
            (status, code.to_owned()),
            "{}",
            reply.body
        );
    }
    let anonymous = anonymous_token(sb.addr).await;
    let body = multipart(&[("image", Some(("a.png", "image/png")), "x")]);
    assert_eq!(
        upload_image(sb.addr, &anonymous, "", &body).await.status,
        403
    );

    let huge = "x".repeat(20 * 1024 * 1024 + 1);
    let body = multipart(&[("image", Some(("big.png", "image/png")), &huge)]);
    let reply = upload_image(sb.addr, &access, "", &body).await;
    assert_eq!(
        (reply.status, reply.error_code()),
        (413, "request-upload-over-limit".to_owned())
    );
}

#[tokio::test]
async fn a_file_is_registered_uploaded_and_downloaded() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let (bob, _) = login(sb.addr, "bob").await;
    let content = "%PDF-1.4 terms";
    let created = api_post(
        sb.addr,
        "/v1/api/own_files/create?expand=true",
        &alice,
        &Value::map([
            ("name", Value::from("terms.pdf")),
            ("mimeType", Value::from("application/pdf")),
            ("size", Value::Int(content.len() as i64)),
        ]),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let created = created.transit();
    assert_eq!(
        at(&created, &["data", "type"]),
        &Value::Keyword("ownFile".into())
    );
    assert_eq!(
        str_at(&created, &["data", "attributes", "state"]),
        "pendingUpload"
    );
    let file_id = at(&created, &["data", "id"]).clone();
    let Value::Uuid(id) = &file_id else { panic!() };

    let shown = api_get(sb.addr, &format!("/v1/api/own_files/show?id={id}"), &alice).await;
    assert_eq!(shown.status, 200);
    assert_eq!(
        api_get(sb.addr, &format!("/v1/api/own_files/show?id={id}"), &bob)
            .await
            .status,
        404
    );

    let by_file = Value::map([("fileId", file_id.clone())]);
    let early = api_post(
        sb.addr,
        "/v1/api/own_file_downloads/create",
        &alice,
        &by_file,
    )
    .await;
    assert_eq!(
        (early.status, early.error_code()),
        (409, "file-invalid-state".to_owned())
    );

    let upload = api_post(sb.addr, "/v1/api/file_uploads/create", &alice, &by_file)
        .await
        .transit();
    assert_eq!(
        at(&upload, &["data", "type"]),
        &Value::Keyword("fileUpload".into())
    );
    assert_eq!(str_at(&upload, &["data", "attributes", "method"]), "PUT");
    assert_eq!(
        str_at(&upload, &["data", "attributes", "headers", "Content-Type"]),
        "application/pdf"
    );
    let url = str_at(&upload, &["data", "attributes", "url"]).to_owned();
    let path = url
        .strip_prefix(&format!("http://{}", sb.addr))
        .unwrap()
        .to_owned();

    let wrong_key = path.replace("key=", "key=0");
    let refused = request(
        sb.addr,
        "PUT",
        &wrong_key,
        &[],
        Some(("application/pdf", content)),
    )
    .await
    .unwrap();
    assert_eq!(refused.status, 403);
    let short = request(sb.addr, "PUT", &path, &[], Some(("application/pdf", "x")))
        .await
        .unwrap();
    assert_eq!(short.status, 400, "the size must match");
    let put = request(
        sb.addr,
        "PUT",
        &path,
        &[],
        Some(("application/pdf", content)),
    )
    .await
    .unwrap();
    assert_eq!(put.status, 200, "{}", put.body);

    let shown = api_get(sb.addr, &format!("/v1/api/files/show?id={id}"), &bob)
        .await
        .transit();
    assert_eq!(
        at(&shown, &["data", "type"]),
        &Value::Keyword("file".into())
    );
    assert_eq!(
        str_at(&shown, &["data", "attributes", "state"]),
        "available"
    );

    let download = api_post(sb.addr, "/v1/api/file_downloads/create", &bob, &by_file)
        .await
        .transit();
    assert_eq!(
        at(&download, &["data", "type"]),
        &Value::Keyword("fileDownload".into())
    );
    let url = str_at(&download, &["data", "attributes", "url"]).to_owned();
    let path = url
        .strip_prefix(&format!("http://{}", sb.addr))
        .unwrap()
        .to_owned();
    let got = request(sb.addr, "GET", &path, &[], None).await.unwrap();
    assert_eq!((got.status, got.body.as_str()), (200, content));
    assert_eq!(got.header("content-type"), Some("application/pdf"));

    let again = api_post(sb.addr, "/v1/api/file_uploads/create", &alice, &by_file).await;
    assert_eq!(again.status, 409);
    let own = api_post(sb.addr, "/v1/api/own_file_downloads/create", &bob, &by_file).await;
    assert_eq!(own.status, 404, "only the owner has ownFileDownloads");
}

#[tokio::test]
async fn file_registration_is_validated() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let file = |name: &str, mime: &str, size: i64| {
        Value::map([
            ("name", Value::from(name)),
            ("mimeType", Value::from(mime)),
            ("size", Value::Int(size)),
        ])
    };
    let cases = [
        (
            Value::map([("name", Value::from("a"))]),
            "validation-missing-key",
        ),
        (
            file("a.exe", "application/x-msdownload", 10),
            "validation-invalid-value",
        ),
        (
            file("a.pdf", "application/pdf", 0),
            "validation-invalid-value",
        ),
        (
            file("a.pdf", "application/pdf", 1024 * 1024 * 1024),
            "validation-invalid-value",
        ),
        (file("", "application/pdf", 10), "validation-invalid-value"),
    ];
    for (body, code) in cases {
        let reply = api_post(sb.addr, "/v1/api/own_files/create", &alice, &body).await;
        assert_eq!(
            (reply.status, reply.error_code()),
            (400, code.to_owned()),
            "{body:?}"
        );
    }
    let anonymous = anonymous_token(sb.addr).await;
    let reply = api_post(
        sb.addr,
        "/v1/api/own_files/create",
        &anonymous,
        &file("a.pdf", "application/pdf", 3),
    )
    .await;
    assert_eq!(reply.status, 403);
}

#[tokio::test]
async fn custom_image_variants_come_in_the_asked_size_and_bad_ones_are_refused() {
    let sb = start_default().await;
    let token = anonymous_token(sb.addr).await;
    let reply = api_get(
        sb.addr,
        "/v1/api/listings/query?perPage=1&include=images&fields.image=variants.listing-card,variants.square-small\
         &imageVariant.listing-card=w%3A400%3Bh%3A300%3Bfit%3Acrop",
        &token,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.transit();
    let image = &array_at(&body, &["included"])[0];
    let variants = at(image, &["attributes", "variants"]);
    let Value::Map(entries) = variants else {
        panic!("variants map")
    };
    let names: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names.len(),
        2,
        "sparse fields keep only the asked variants: {names:?}"
    );
    let card = at(variants, &["listing-card"]);
    assert_eq!(
        (int_at(card, &["width"]), int_at(card, &["height"])),
        (400, 300)
    );
    let prefix = format!("http://{}", sb.addr);
    let url = str_at(card, &["url"]);
    let png = request(sb.addr, "GET", &url[prefix.len()..], &[], None)
        .await
        .unwrap();
    assert_eq!(png.header("content-type"), Some("image/png"));
    assert_eq!(png_size(&png.bytes), (400, 300));

    for bad in [
        "w%3A0%3Bh%3A10",
        "w%3A5000%3Bh%3A10",
        "w%3A10",
        "w%3A10%3Bh%3A10%3Bfit%3Astretch",
    ] {
        let reply = api_get(
            sb.addr,
            &format!("/v1/api/listings/query?perPage=1&imageVariant.x={bad}"),
            &token,
        )
        .await;
        assert_eq!(reply.status, 400, "{bad}");
        assert_eq!(reply.error_code(), "validation-invalid-value");
        assert!(reply.body.contains("imageVariant.x"), "{}", reply.body);
    }
    // Unknown images and sizes beyond the cap are 404.
    let missing = request(
        sb.addr,
        "GET",
        "/images/30000000-0000-4000-8000-00000000ffff/default/10x10.png",
        &[],
        None,
    )
    .await
    .unwrap();
    assert_eq!(missing.status, 404);
}
