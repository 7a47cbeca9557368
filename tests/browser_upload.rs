//! Uploads in a real browser against the sandbox: `images.upload` as multipart (with and
//! without progress events), the 401 → refresh → retry path for uploads, bad input refused
//! before any request, and the `file` helpers (`metadata`, `upload`) through the whole
//! register → upload → download flow.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Array, Function, Promise};
use sharetribe_sdk::js;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/js/io.js")]
extern "C" {
    /// The runtime's progress figures for one request: `(event, nowMs) => progress object`.
    #[wasm_bindgen(js_name = progressReporter)]
    fn progress_reporter() -> Function;
}

/// Reports `{ loaded, total, lengthComputable }` at `now` ms through `report`.
fn report(report: &Function, loaded: f64, total: Option<f64>, now: f64) -> JsValue {
    let event = obj(&format!(
        "{{ loaded: {loaded}, total: {}, lengthComputable: {} }}",
        total.unwrap_or(0.0),
        total.is_some()
    ));
    report
        .call2(&JsValue::NULL, &event, &JsValue::from(now))
        .unwrap()
}

#[wasm_bindgen_test]
fn progress_figures_are_computed_as_axios_computes_them() {
    let tracker = progress_reporter();
    let number = |v: &JsValue, key: &str| get(v, key).as_f64();
    let first = report(&tracker, 100.0, Some(1000.0), 0.0);
    assert_eq!(number(&first, "loaded"), Some(100.0));
    assert_eq!(number(&first, "bytes"), Some(100.0));
    assert_eq!(number(&first, "progress"), Some(0.1));
    assert_eq!(
        number(&first, "rate"),
        None,
        "no rate before 250 ms of reports"
    );
    assert_eq!(get(&first, "upload"), JsValue::TRUE);
    let second = report(&tracker, 600.0, Some(1000.0), 500.0);
    assert_eq!(number(&second, "bytes"), Some(500.0));
    assert_eq!(
        number(&second, "rate"),
        Some(1200.0),
        "600 bytes over 0.5 s"
    );
    assert_eq!(number(&second, "estimated"), Some(400.0 / 1200.0));
    let last = report(&tracker, 5000.0, Some(1000.0), 600.0);
    assert_eq!(number(&last, "loaded"), Some(1000.0), "clamped to total");
    assert_eq!(number(&last, "progress"), Some(1.0));
    let unknown = report(&progress_reporter(), 10.0, None, 0.0);
    assert_eq!(
        (number(&unknown, "total"), number(&unknown, "progress")),
        (None, None)
    );
    assert_eq!(get(&unknown, "lengthComputable"), JsValue::FALSE);
}

/// A `File` of `size` bytes (`fill` repeated).
fn file(name: &str, mime: &str, size: usize) -> JsValue {
    obj(&format!(
        "new File(['x'.repeat({size})], '{name}', {{ type: '{mime}' }})"
    ))
}

/// The request log entries for `path`.
async fn logged(path: &str) -> Vec<JsValue> {
    requests()
        .await
        .into_iter()
        .filter(|r| get(r, "path").as_string().as_deref() == Some(path))
        .collect()
}

/// `JSON.stringify(value)`.
fn json(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).unwrap().as_string().unwrap()
}

async fn rejection(result: Result<JsValue, JsValue>) -> (String, String) {
    let error = result.expect_err("the call rejects");
    (
        get(&error, "code").as_string().unwrap_or_default(),
        get(&error, "message").as_string().unwrap_or_default(),
    )
}

#[wasm_bindgen_test]
async fn images_upload_sends_multipart_and_resolves_the_image() {
    fresh_start().await;
    let sdk = sdk();
    login(&sdk, "alice").await;
    let params = js_sys::Object::new();
    js_sys::Reflect::set(
        &params,
        &"image".into(),
        &file("bike.png", "image/png", 1234),
    )
    .unwrap();
    let response = call(
        &sdk,
        "images.upload",
        &[params.into(), obj("{ expand: true }")],
    )
    .await
    .expect("upload succeeds");
    assert_eq!(get(&response, "status").as_f64(), Some(200.0));
    assert_eq!(
        at(&response, "data.data.type").as_string().as_deref(),
        Some("image")
    );
    assert!(is_instance(&at(&response, "data.data.id"), "UUID"));
    let url = at(&response, "data.data.attributes.variants.square-small.url")
        .as_string()
        .unwrap();
    assert!(
        url.starts_with(sandbox()) && url.ends_with("/square-small/240x240.png"),
        "{url}"
    );

    let sent = logged("/v1/api/images/upload").await;
    assert_eq!(sent.len(), 1);
    let entry = &sent[0];
    assert_eq!(get(entry, "method").as_string().as_deref(), Some("POST"));
    assert_eq!(
        get(entry, "query").as_string().as_deref(),
        Some("expand=true")
    );
    assert_eq!(
        get(entry, "accept").as_string().as_deref(),
        Some("application/transit+json")
    );
    let content_type = get(entry, "contentType").as_string().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    assert_eq!(
        json(&get(entry, "body")),
        r#"{"$multipart":[{"name":"image","filename":"bike.png","contentType":"image/png","size":1234}]}"#
    );
    assert_eq!(get(entry, "auth").as_string().as_deref(), Some("user"));
}

#[wasm_bindgen_test]
async fn a_blob_a_formdata_and_extra_fields_are_sent_as_formdata_would() {
    fresh_start().await;
    let sdk = sdk();
    login(&sdk, "alice").await;
    let blob = obj("{ image: new Blob(['abc'], { type: 'image/jpeg' }), note: 'front', n: 2 }");
    call(&sdk, "images.upload", &[blob])
        .await
        .expect("a Blob uploads");
    let form = obj(
        "(() => { const f = new FormData(); f.append('image', new Blob(['abcd'], { type: 'image/gif' }), 'g.gif'); return f; })()",
    );
    call(&sdk, "images.upload", &[form])
        .await
        .expect("a FormData uploads");
    let sent = logged("/v1/api/images/upload").await;
    assert_eq!(
        json(&get(&sent[0], "body")),
        r#"{"$multipart":[{"name":"image","filename":"blob","contentType":"image/jpeg","size":3},{"name":"note","filename":null,"contentType":null,"size":5},{"name":"n","filename":null,"contentType":null,"size":1}]}"#
    );
    assert_eq!(
        json(&get(&sent[1], "body")),
        r#"{"$multipart":[{"name":"image","filename":"g.gif","contentType":"image/gif","size":4}]}"#
    );
    assert!(get(&sent[0], "query").is_null());
}

#[wasm_bindgen_test]
async fn on_upload_progress_reports_axios_shaped_events_up_to_the_total() {
    fresh_start().await;
    let sdk = sdk();
    login(&sdk, "alice").await;
    let events = Array::new();
    let collect = Function::new_with_args("events", "return (e) => events.push(e);")
        .call1(&JsValue::NULL, &events)
        .unwrap();
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"onUploadProgress".into(), &collect).unwrap();
    let params = js_sys::Object::new();
    let size = 2 * 1024 * 1024;
    js_sys::Reflect::set(
        &params,
        &"image".into(),
        &file("big.png", "image/png", size),
    )
    .unwrap();
    let response = call(
        &sdk,
        "images.upload",
        &[params.into(), JsValue::UNDEFINED, opts.into()],
    )
    .await
    .expect("upload with progress succeeds");
    assert_eq!(get(&response, "status").as_f64(), Some(200.0));
    assert!(events.length() >= 1, "at least one progress event");
    let last = events.get(events.length() - 1);
    let total = get(&last, "total")
        .as_f64()
        .expect("the browser knows the total");
    assert!(total > size as f64, "the whole multipart body: {total}");
    assert_eq!(get(&last, "loaded").as_f64(), Some(total));
    assert_eq!(get(&last, "progress").as_f64(), Some(1.0));
    assert_eq!(get(&last, "upload"), JsValue::TRUE);
    assert_eq!(get(&last, "lengthComputable"), JsValue::TRUE);
    assert!(
        get(&last, "event").is_object(),
        "the browser's ProgressEvent"
    );
    let sum: f64 = events
        .iter()
        .map(|e| get(&e, "bytes").as_f64().unwrap())
        .sum();
    assert_eq!(sum, total, "bytes add up to the total");
    let sent = logged("/v1/api/images/upload").await;
    assert_eq!(sent.len(), 1);
    assert!(json(&get(&sent[0], "body")).contains(&format!("\"size\":{size}")));
}

#[wasm_bindgen_test]
async fn an_upload_is_sent_again_after_a_refresh_with_and_without_progress() {
    for with_progress in [false, true] {
        fresh_start().await;
        let sdk = sdk();
        login(&sdk, "alice").await;
        control("POST", "expire-access-tokens", None).await;
        let params = js_sys::Object::new();
        js_sys::Reflect::set(
            &params,
            &"image".into(),
            &file("again.png", "image/png", 100),
        )
        .unwrap();
        let opts = if with_progress {
            obj("{ onUploadProgress: () => {} }")
        } else {
            JsValue::UNDEFINED
        };
        let response = call(
            &sdk,
            "images.upload",
            &[params.into(), JsValue::UNDEFINED, opts],
        )
        .await
        .expect("the retry succeeds");
        assert_eq!(get(&response, "status").as_f64(), Some(200.0));
        let sent = logged("/v1/api/images/upload").await;
        assert_eq!(
            sent.len(),
            2,
            "first try and retry (progress: {with_progress})"
        );
        assert_eq!(get(&sent[0], "status").as_f64(), Some(401.0));
        assert_eq!(get(&sent[1], "status").as_f64(), Some(200.0));
        assert_eq!(get(&sent[1], "auth").as_string().as_deref(), Some("user"));
        assert_eq!(
            json(&get(&sent[0], "body")),
            json(&get(&sent[1], "body")),
            "the same file again"
        );
        assert_eq!(token_requests("refresh_token").await, 1);
    }
}

#[wasm_bindgen_test]
async fn bad_upload_input_is_refused_before_any_request() {
    fresh_start().await;
    let sdk = sdk();
    let png = "new File(['x'], 'a.png', { type: 'image/png' })";
    let cases: &[(&str, &str)] = &[
        ("undefined", "got nothing"),
        ("'bike.png'", "got a string"),
        (png, "got a File or Blob itself"),
        (&format!("[{png}]"), "got an array"),
        ("{}", "`image` is required"),
        ("{ image: null }", "`image` is required"),
        (
            "{ image: 'a.png' }",
            "`image` must be a File or Blob, got a string",
        ),
        (
            &format!("{{ image: {png}, meta: {{ a: 1 }} }}"),
            "`meta` is an object",
        ),
    ];
    for (params, expected) in cases {
        let (code, message) = rejection(call(&sdk, "images.upload", &[obj(params)]).await).await;
        assert_eq!(code, "invalid-params", "{params}");
        assert!(message.contains(expected), "{params}: {message}");
    }
    let good = obj(&format!("{{ image: {png} }}"));
    let (code, message) = rejection(
        call(
            &sdk,
            "images.upload",
            &[good, JsValue::UNDEFINED, obj("{ onUploadProgress: 5 }")],
        )
        .await,
    )
    .await;
    assert_eq!(code, "invalid-params");
    assert!(message.contains("onUploadProgress"), "{message}");
    let (code, message) = rejection(
        call(
            &sdk,
            "ownListings.create",
            &[obj(&format!("{{ title: 'x', image: {png} }}"))],
        )
        .await,
    )
    .await;
    assert_eq!(code, "invalid-params");
    assert!(
        message.contains("only `images.upload` takes a file"),
        "{message}"
    );
    assert!(
        requests().await.is_empty(),
        "nothing was sent, not even a token request"
    );
}

#[wasm_bindgen_test]
async fn an_upload_that_times_out_or_fails_reports_it() {
    fresh_start().await;
    let config = config();
    js_sys::Reflect::set(&config, &"timeout".into(), &JsValue::from(300)).unwrap();
    js_sys::Reflect::set(&config, &"tokenStore".into(), &js::memory_store()).unwrap();
    let sdk = js::create_instance(config).unwrap();
    login(&sdk, "alice").await;
    for opts in ["undefined", "{ onUploadProgress: () => {} }"] {
        inject_faults(1, "/v1/api/images/upload", "\"delayMs\": 1500").await;
        let params = obj("{ image: new File(['x'], 'a.png', { type: 'image/png' }) }");
        let (code, _) = rejection(
            call(
                &sdk,
                "images.upload",
                &[params, JsValue::UNDEFINED, obj(opts)],
            )
            .await,
        )
        .await;
        assert_eq!(code, "timeout", "{opts}");
        inject_faults(1, "/v1/api/images/upload", "\"status\": 503").await;
        let params = obj("{ image: new File(['x'], 'a.png', { type: 'image/png' }) }");
        let error = call(
            &sdk,
            "images.upload",
            &[params, JsValue::UNDEFINED, obj(opts)],
        )
        .await
        .unwrap_err();
        assert_eq!(get(&error, "status").as_f64(), Some(503.0), "{opts}");
    }
    assert!(is_user_session(&sdk).await, "the session survives");
}

#[wasm_bindgen_test]
fn file_metadata_describes_a_file_and_requires_one() {
    let metadata = js::file_metadata(file("terms.pdf", "application/pdf", 42)).unwrap();
    assert_eq!(
        json(&metadata),
        r#"{"name":"terms.pdf","mimeType":"application/pdf","size":42}"#
    );
    let blob = js::file_metadata(obj("new Blob(['abc'])")).unwrap();
    assert!(get(&blob, "name").is_undefined());
    assert_eq!(
        get(&blob, "mimeType").as_string().as_deref(),
        Some("application/octet-stream")
    );
    for (arg, expected) in [
        ("undefined", "file is required"),
        ("'a.pdf'", "must be a File or Blob"),
    ] {
        let error = js::file_metadata(obj(arg)).unwrap_err();
        assert_eq!(
            get(&error, "code").as_string().as_deref(),
            Some("invalid-params")
        );
        let message = get(&error, "message").as_string().unwrap();
        assert!(message.contains(expected), "{message}");
    }
}

#[wasm_bindgen_test]
async fn file_upload_runs_the_whole_register_upload_download_flow() {
    fresh_start().await;
    let sdk = sdk();
    login(&sdk, "alice").await;
    let content = "%PDF-1.4 the terms";
    let pdf = obj(&format!(
        "new File(['{content}'], 'terms.pdf', {{ type: 'application/pdf' }})"
    ));
    let metadata = js::file_metadata(pdf.clone()).unwrap();
    let own_file = call(
        &sdk,
        "ownFiles.create",
        &[metadata, obj("{ expand: true }")],
    )
    .await
    .expect("ownFiles.create");
    assert_eq!(
        at(&own_file, "data.data.attributes.state")
            .as_string()
            .as_deref(),
        Some("pendingUpload")
    );
    let file_id = at(&own_file, "data.data.id");
    let by_id = js_sys::Object::new();
    js_sys::Reflect::set(&by_id, &"fileId".into(), &file_id).unwrap();
    let upload = call(&sdk, "fileUploads.create", &[by_id.clone().into()])
        .await
        .expect("fileUploads.create");
    let attributes = at(&upload, "data.data.attributes");

    let events = Array::new();
    let args = js_sys::Object::new();
    for key in ["method", "url", "headers"] {
        js_sys::Reflect::set(&args, &key.into(), &get(&attributes, key)).unwrap();
    }
    js_sys::Reflect::set(&args, &"file".into(), &pdf).unwrap();
    let collect = Function::new_with_args("events", "return (e) => events.push(e);")
        .call1(&JsValue::NULL, &events)
        .unwrap();
    js_sys::Reflect::set(&args, &"onUploadProgress".into(), &collect).unwrap();
    let put: Promise = js::file_upload(args.into())
        .expect("valid arguments")
        .unchecked_into();
    let put = JsFuture::from(put)
        .await
        .expect("the storage accepts the file");
    assert_eq!(get(&put, "status").as_f64(), Some(200.0));
    assert_eq!(get(&put, "data").as_string().as_deref(), Some(""));
    assert!(events.length() >= 1, "progress events for file.upload too");

    let stored = logged(&format!(
        "/v1/storage/{}",
        at(&file_id, "uuid").as_string().unwrap()
    ))
    .await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        get(&stored[0], "method").as_string().as_deref(),
        Some("PUT")
    );
    assert_eq!(
        get(&stored[0], "contentType").as_string().as_deref(),
        Some("application/pdf")
    );
    assert_eq!(
        get(&stored[0], "auth").as_string().as_deref(),
        Some("none"),
        "no API token to storage"
    );

    let shown = call(
        &sdk,
        "ownFiles.show",
        &[obj(&format!(
            "{{ id: '{}' }}",
            at(&file_id, "uuid").as_string().unwrap()
        ))],
    )
    .await
    .unwrap();
    assert_eq!(
        at(&shown, "data.data.attributes.state")
            .as_string()
            .as_deref(),
        Some("available")
    );
    let download = call(&sdk, "ownFileDownloads.create", &[by_id.into()])
        .await
        .unwrap();
    let url = at(&download, "data.data.attributes.url")
        .as_string()
        .unwrap();
    let (status, got) = fetch_text(&url, "GET", None).await;
    assert_eq!((status, got.as_str()), (200.0, content));
}

#[wasm_bindgen_test]
fn file_upload_throws_at_once_for_bad_arguments() {
    let pdf = "new File(['x'], 'a.pdf', { type: 'application/pdf' })";
    let cases = [
        ("undefined".to_owned(), "takes an object"),
        (format!("{{ file: {pdf} }}"), "url is required"),
        (
            format!("{{ url: 'storage/x', file: {pdf} }}"),
            "absolute http(s) URL",
        ),
        (
            "{ url: 'http://127.0.0.1:1/x' }".to_owned(),
            "file is required",
        ),
        (
            format!("{{ url: 'http://127.0.0.1:1/x', file: {pdf}, method: 'DELETE' }}"),
            "`method` must be",
        ),
        (
            format!("{{ url: 'http://127.0.0.1:1/x', file: {pdf}, onUploadProgress: 'no' }}"),
            "onUploadProgress",
        ),
    ];
    for (args, expected) in cases {
        let error = js::file_upload(obj(&args)).expect_err(&args);
        assert_eq!(
            get(&error, "code").as_string().as_deref(),
            Some("invalid-params"),
            "{args}"
        );
        let message = get(&error, "message").as_string().unwrap();
        assert!(message.contains(expected), "{args}: {message}");
    }
}
