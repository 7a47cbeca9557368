//! Uploads as the core sees them: which files and fields a `multipart/form-data` body holds
//! (`images.upload`), what `file.upload` sends to a storage URL, and `file.metadata`. (The
//! figures of upload progress events are the JS runtime's, `progressReporter` in js/io.js.)
//!
//! The bytes never enter the core: the JS layer describes each `File`/`Blob` the caller passed
//! as a [`FileRef`] (its slot in a list the JS layer keeps, name, type, size), the core
//! validates the call and describes the body (an [`Upload`], a request body kind of `http`),
//! and the transport assembles it from the slots with the browser's own `FormData`, so the wire format (boundary, part headers,
//! file names) is the browser's, exactly as with the official SDK.

use crate::core::endpoints::Endpoint;
use crate::core::error::SdkError;
use crate::core::http::{header, Field, FieldValue, HttpRequest, Method, Upload, UploadBody};
use crate::core::number::{JsNumber, Num};
use crate::core::text;
use crate::core::value::Value;
use crate::prelude::*;

/// A `File` or `Blob` the caller passed, described by the JS layer.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRef {
    /// Its index in the call's file list (kept by the JS layer).
    pub slot: usize,
    /// `File.name`; `None` for a `Blob` that is not a `File`.
    pub name: Option<String>,
    /// `Blob.type`, possibly empty.
    pub mime_type: String,
    /// `Blob.size` in bytes.
    pub size: f64,
}

/// What the caller passed where an object or a file was expected.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<T> {
    /// `undefined` or `null`.
    Missing,
    /// The expected kind of value.
    Given(T),
    /// Something else, described for the error message (`"a string"`, `"an array"`, ...).
    Other(&'static str),
}

/// One value of an upload's parameter object.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A plain value (sent as its text, as `FormData` would).
    Value(Value),
    /// A `File` or `Blob`.
    File(FileRef),
}

/// The parameters of an upload call: the object's entries in order (or a `FormData`'s).
pub type Inputs = Vec<(String, Input)>;

/// The file fields each multipart endpoint requires.
const REQUIRED_FILES: &[(&str, &str)] = &[("images/upload", "image")];

fn method_name(endpoint: &Endpoint<'_>) -> String {
    text::concat(&[&endpoint.namespace(), ".", &endpoint.method_name()])
}

fn invalid(message: String) -> SdkError {
    SdkError::InvalidParams(message)
}

/// The multipart form for `endpoint` from the caller's parameters, fields in the order given.
///
/// Fails with `InvalidParams`, before anything is sent, when the parameters are missing or
/// not an object (or `FormData`), when a required file field (`image` for `images/upload`) is
/// missing or not a `File`/`Blob`, or when another field's value is not a string, number or
/// boolean (`FormData` would send an object as `[object Object]`).
pub fn form(endpoint: &Endpoint<'_>, params: Arg<Inputs>) -> Result<Vec<Field>, SdkError> {
    let call = method_name(endpoint);
    let required = REQUIRED_FILES
        .iter()
        .find(|(path, _)| *path == endpoint.path)
        .map(|&(_, field)| field);
    let example = match required {
        Some(field) => text::concat(&["{ ", field, ": file }"]),
        None => "{ field: value }".to_owned(),
    };
    let inputs = match params {
        Arg::Given(inputs) => inputs,
        Arg::Missing => {
            return Err(invalid(text::concat(&[
                "`",
                &call,
                "` needs an object such as `",
                &example,
                "` (a File or Blob), got nothing",
            ])))
        }
        Arg::Other(what) => {
            return Err(invalid(text::concat(&[
                "`",
                &call,
                "` takes an object such as `",
                &example,
                "` (a File or Blob), got ",
                what,
            ])))
        }
    };
    if let Some(field) = required {
        match inputs.iter().find(|(name, _)| name == field) {
            Some((_, Input::File(_))) => {}
            None | Some((_, Input::Value(Value::Null))) => {
                return Err(invalid(text::concat(&[
                    "`",
                    field,
                    "` is required: the File or Blob to upload with `",
                    &call,
                    "`",
                ])))
            }
            Some((_, Input::Value(other))) => {
                return Err(invalid(text::concat(&[
                    "`",
                    field,
                    "` must be a File or Blob, got ",
                    describe(other),
                ])))
            }
        }
    }
    // A plain loop: smaller in the wasm than collecting an iterator of results.
    let mut fields = Vec::with_capacity(inputs.len());
    for (name, input) in inputs {
        let value = match input {
            Input::File(file) => FieldValue::File(file.slot),
            Input::Value(value) => FieldValue::Text(field_text(&name, &value)?),
        };
        fields.push(Field { name, value });
    }
    Ok(fields)
}

/// `n` as JS `String(n)` writes it.
fn js_text(n: &Num) -> String {
    let mut out = String::new();
    n.write_js(&mut out);
    out
}

/// A value as `FormData.append` writes it (`String(value)`), for the values it writes usefully.
fn field_text(name: &str, value: &Value) -> Result<String, SdkError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(if *b { "true" } else { "false" }.to_owned()),
        Value::Int(n) => Ok(text::int(*n)),
        Value::Float(f) => Ok(js_text(f)),
        other => Err(invalid(text::concat(&[
            "`",
            name,
            "` is ",
            describe(other),
            "; a multipart field takes a string, number, boolean or File",
        ]))),
    }
}

/// "a string", "null", ... for error messages; never the value itself (it may be private).
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::Float(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Map(_) => "an object",
        _ => "an SDK type instance",
    }
}

/// What `file.metadata(file)` returns: the fields `ownFiles.create` takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    /// `File.name`; `None` for a plain `Blob` (the official SDK returns `undefined` then).
    pub name: Option<String>,
    /// `Blob.type`, or `application/octet-stream` when the browser knows none.
    pub mime_type: String,
    /// Size in bytes.
    pub size: f64,
}

/// `file.metadata(file)`. Fails with `InvalidParams` ("file is required") when `file` is
/// missing, and when it is not a `File` or `Blob`.
pub fn metadata(file: Arg<FileRef>) -> Result<Metadata, SdkError> {
    let file = required_file("file.metadata", &file)?;
    Ok(Metadata {
        name: file.name.clone(),
        mime_type: if file.mime_type.is_empty() {
            "application/octet-stream".to_owned()
        } else {
            file.mime_type.clone()
        },
        size: file.size,
    })
}

fn required_file<'a>(call: &str, file: &'a Arg<FileRef>) -> Result<&'a FileRef, SdkError> {
    match file {
        Arg::Given(file) => Ok(file),
        Arg::Missing => Err(invalid(text::concat(&[
            "file is required: `",
            call,
            "` takes a File or Blob",
        ]))),
        Arg::Other(what) => Err(invalid(text::concat(&[
            "`file` must be a File or Blob, got ",
            what,
        ]))),
    }
}

/// The arguments of `file.upload({ method, url, headers, file, onUploadProgress })`, as the
/// JS layer read them.
#[derive(Debug, Clone, PartialEq)]
pub struct FileUploadArgs {
    /// `method`: `Null` for the default `PUT`.
    pub method: Value,
    /// `url`: the storage URL from `fileUploads.create`.
    pub url: Value,
    /// `headers`: an object of header values, or `Null`.
    pub headers: Value,
    /// `file`.
    pub file: Arg<FileRef>,
    /// Whether `onUploadProgress` was given.
    pub progress: bool,
}

/// The `Accept` header axios sends by default, which the official `file.upload` keeps.
const DEFAULT_ACCEPT: &str = "application/json, text/plain, */*";

/// The request `file.upload` sends: the file as the whole body, with the caller's `method`
/// (default `PUT`) and `headers`, straight to `url` (no Marketplace API token).
///
/// Fails with `InvalidParams` before anything is sent when `url` is missing or not an
/// absolute `http(s)` URL ("url is required"), `file` is missing or not a `File`/`Blob`
/// ("file is required"), `method` is not `PUT` or `POST`, or `headers` is not an object of
/// strings and numbers.
pub fn file_upload_request(
    args: &FileUploadArgs,
    attachments: u32,
) -> Result<HttpRequest, SdkError> {
    let url = match &args.url {
        Value::String(url) if !url.is_empty() => url.clone(),
        Value::Null => {
            return Err(invalid(
                "url is required: `file.upload` takes the `url` from `fileUploads.create`"
                    .to_owned(),
            ))
        }
        Value::String(_) => return Err(invalid("url is required: `url` is empty".to_owned())),
        other => {
            return Err(invalid(text::concat(&[
                "`url` must be a string, got ",
                describe(other),
            ])))
        }
    };
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(invalid(
            "`url` must be an absolute http(s) URL, such as the one `fileUploads.create` returns"
                .to_owned(),
        ));
    }
    let file = required_file("file.upload", &args.file)?;
    let method = match &args.method {
        Value::Null => Method::Put,
        Value::String(m) if m.eq_ignore_ascii_case("put") => Method::Put,
        Value::String(m) if m.eq_ignore_ascii_case("post") => Method::Post,
        _ => {
            return Err(invalid(
                "`method` must be \"PUT\" or \"POST\" (the `method` from `fileUploads.create`)"
                    .to_owned(),
            ))
        }
    };
    let mut headers = vec![header("accept", DEFAULT_ACCEPT)];
    match &args.headers {
        Value::Null => {}
        Value::Map(entries) => {
            for (name, value) in entries {
                let value = match value {
                    Value::String(s) => s.clone(),
                    Value::Int(n) => text::int(*n),
                    Value::Float(f) => js_text(f),
                    Value::Null => continue,
                    _ => {
                        return Err(invalid(text::concat(&[
                            "`headers.",
                            name,
                            "` must be a string or number",
                        ])))
                    }
                };
                let name = name.to_ascii_lowercase();
                headers.retain(|(n, _)| *n != name);
                headers.push((name, value));
            }
        }
        other => {
            return Err(invalid(text::concat(&[
                "`headers` must be an object of header values, got ",
                describe(other),
            ])))
        }
    }
    Ok(HttpRequest {
        method,
        url,
        headers,
        body: None,
        upload: Some(alloc::rc::Rc::new(Upload {
            attachments,
            body: UploadBody::File(file.slot),
            progress: args.progress,
        })),
    })
}

// Native only: the tests build values with `f64` numbers (see `core::number`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::endpoints;

    fn images_upload() -> &'static Endpoint<'static> {
        endpoints::find("images/upload").unwrap()
    }

    fn png(slot: usize) -> FileRef {
        FileRef {
            slot,
            name: Some("bike.png".to_owned()),
            mime_type: "image/png".to_owned(),
            size: 16.0,
        }
    }

    fn message(error: SdkError) -> String {
        assert_eq!(error.code(), "invalid-params");
        error.to_string()
    }

    #[test]
    fn an_image_upload_is_its_fields_in_order() {
        let inputs = vec![
            ("image".to_owned(), Input::File(png(0))),
            ("note".to_owned(), Input::Value(Value::from("front"))),
            ("n".to_owned(), Input::Value(Value::Int(3))),
            ("x".to_owned(), Input::Value(Value::Float(1.5))),
            ("b".to_owned(), Input::Value(Value::Bool(true))),
        ];
        let fields = form(images_upload(), Arg::Given(inputs)).unwrap();
        let text = |name: &str, t: &str| Field {
            name: name.to_owned(),
            value: FieldValue::Text(t.to_owned()),
        };
        assert_eq!(
            fields,
            vec![
                Field {
                    name: "image".to_owned(),
                    value: FieldValue::File(0)
                },
                text("note", "front"),
                text("n", "3"),
                text("x", "1.5"),
                text("b", "true"),
            ]
        );
    }

    #[test]
    fn an_image_upload_without_a_file_is_refused_naming_the_problem() {
        let m = message(form(images_upload(), Arg::Missing).unwrap_err());
        assert!(
            m.contains("images.upload")
                && m.contains("{ image: file }")
                && m.contains("got nothing"),
            "{m}"
        );

        let m = message(form(images_upload(), Arg::Other("a string")).unwrap_err());
        assert!(m.contains("got a string"), "{m}");

        let m = message(form(images_upload(), Arg::Given(vec![])).unwrap_err());
        assert!(m.contains("`image` is required"), "{m}");

        let null = vec![("image".to_owned(), Input::Value(Value::Null))];
        let m = message(form(images_upload(), Arg::Given(null)).unwrap_err());
        assert!(m.contains("`image` is required"), "{m}");

        let text = vec![("image".to_owned(), Input::Value(Value::from("/tmp/a.png")))];
        let m = message(form(images_upload(), Arg::Given(text)).unwrap_err());
        assert!(
            m.contains("`image` must be a File or Blob, got a string"),
            "{m}"
        );
        assert!(!m.contains("/tmp/a.png"), "the value is not echoed: {m}");
    }

    #[test]
    fn a_field_that_formdata_would_mangle_is_refused() {
        let inputs = vec![
            ("image".to_owned(), Input::File(png(0))),
            (
                "meta".to_owned(),
                Input::Value(Value::map([("a", Value::Int(1))])),
            ),
        ];
        let m = message(form(images_upload(), Arg::Given(inputs)).unwrap_err());
        assert!(m.contains("`meta` is an object"), "{m}");
    }

    #[test]
    fn number_fields_are_written_as_js_string_writes_them() {
        let text = |n: f64| field_text("n", &Value::Float(n)).unwrap();
        assert_eq!(text(1.5), "1.5");
        assert_eq!(text(2.0), "2");
        assert_eq!(text(1e21), "1e+21");
        assert_eq!(text(1e-6), "0.000001");
        assert_eq!(text(f64::NAN), "NaN");
    }

    #[test]
    fn metadata_defaults_the_type_and_requires_a_file() {
        assert_eq!(
            metadata(Arg::Given(png(0))).unwrap(),
            Metadata {
                name: Some("bike.png".to_owned()),
                mime_type: "image/png".to_owned(),
                size: 16.0
            }
        );
        let blob = FileRef {
            slot: 0,
            name: None,
            mime_type: String::new(),
            size: 0.0,
        };
        let m = metadata(Arg::Given(blob)).unwrap();
        assert_eq!(m.mime_type, "application/octet-stream");
        assert_eq!(m.name, None);
        assert!(message(metadata(Arg::Missing).unwrap_err()).contains("file is required"));
        assert!(message(metadata(Arg::Other("a string")).unwrap_err())
            .contains("must be a File or Blob, got a string"));
    }

    fn upload_args() -> FileUploadArgs {
        FileUploadArgs {
            method: Value::Null,
            url: Value::from("http://127.0.0.1:1/v1/storage/x?sig=1"),
            headers: Value::Null,
            file: Arg::Given(png(0)),
            progress: false,
        }
    }

    #[test]
    fn file_upload_puts_the_file_with_the_given_headers() {
        let request = file_upload_request(
            &FileUploadArgs {
                headers: Value::map([
                    ("Content-Type", Value::from("application/pdf")),
                    ("X-Size", Value::Int(16)),
                ]),
                progress: true,
                ..upload_args()
            },
            7,
        )
        .unwrap();
        assert_eq!(request.method, Method::Put);
        assert_eq!(request.url, "http://127.0.0.1:1/v1/storage/x?sig=1");
        assert_eq!(request.header("accept"), Some(DEFAULT_ACCEPT));
        assert_eq!(request.header("content-type"), Some("application/pdf"));
        assert_eq!(request.header("x-size"), Some("16"));
        assert_eq!(request.header("authorization"), None);
        assert_eq!(
            request.upload.as_deref(),
            Some(&Upload {
                attachments: 7,
                body: UploadBody::File(0),
                progress: true
            })
        );
        let post = FileUploadArgs {
            method: Value::from("post"),
            ..upload_args()
        };
        assert_eq!(file_upload_request(&post, 1).unwrap().method, Method::Post);
    }

    #[test]
    fn file_upload_refuses_bad_arguments_before_sending() {
        let cases = [
            (
                FileUploadArgs {
                    url: Value::Null,
                    ..upload_args()
                },
                "url is required",
            ),
            (
                FileUploadArgs {
                    url: Value::from("/relative"),
                    ..upload_args()
                },
                "absolute http(s) URL",
            ),
            (
                FileUploadArgs {
                    file: Arg::Missing,
                    ..upload_args()
                },
                "file is required",
            ),
            (
                FileUploadArgs {
                    file: Arg::Other("a string"),
                    ..upload_args()
                },
                "`file` must be a File or Blob",
            ),
            (
                FileUploadArgs {
                    method: Value::from("DELETE"),
                    ..upload_args()
                },
                "`method` must be",
            ),
            (
                FileUploadArgs {
                    headers: Value::from("x"),
                    ..upload_args()
                },
                "`headers` must be an object",
            ),
        ];
        for (args, expected) in cases {
            let m = message(file_upload_request(&args, 1).unwrap_err());
            assert!(m.contains(expected), "{m} should contain {expected}");
        }
    }
}
