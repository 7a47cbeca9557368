//! `ownFiles.*`, `fileUploads`, `fileDownloads`, `ownFileDownloads`, `files.show`, and the
//! sandbox's stand-in for cloud storage.
//!
//! The flow is the real one: `ownFiles.create` registers a file (`pendingUpload`),
//! `fileUploads.create` hands out a storage URL, the client `PUT`s the bytes there
//! ([`storage`], `/v1/storage/<file id>?key=...`), and the file becomes `available`;
//! `ownFileDownloads.create` / `fileDownloads.create` hand out a URL to `GET` them back.
//! Storage URLs carry a key (deterministic, like every sandbox id) standing in for a
//! signature; a wrong key gets 403. The sandbox keeps no file attachments: `fileDownloads`
//! and `files.show` take the file's id (`fileId`, `fileAttachmentId` or `id`) and are open to
//! any logged-in user.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::data::{kind, StoredFile};
use crate::params::QueryParams;
use crate::resources::files::{FILE, OWN_FILE};
use crate::resources::{empty_map, string, ResourceRef};
use crate::responses::ApiError;
use crate::state::SharedSandbox;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .post("own_files/create", own_files_create)
        .get("own_files/show", own_files_show)
        .post("file_uploads/create", file_uploads_create)
        .post("own_file_downloads/create", own_file_downloads_create)
        .post("file_downloads/create", file_downloads_create)
        .get("files/show", files_show)
}

/// Largest file `ownFiles.create` accepts: under 1 GB, as documented.
pub const MAX_FILE_BYTES: i64 = 1024 * 1024 * 1024;

/// How long a storage URL is valid, as `expiresAt` says (the sandbox does not expire them).
const URL_LIFETIME_MS: i64 = 15 * 60 * 1000;

/// MIME types refused as the documentation says: executables, scripts and disk images.
const BLOCKED_TYPES: &[&str] = &[
    "application/x-msdownload",
    "application/x-msdos-program",
    "application/vnd.microsoft.portable-executable",
    "application/x-executable",
    "application/x-elf",
    "application/x-mach-binary",
    "application/x-sh",
    "application/x-csh",
    "application/x-bat",
    "application/javascript",
    "text/javascript",
    "application/x-apple-diskimage",
    "application/x-iso9660-image",
];

fn own_files_create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let owner = ctx.user()?;
    let name = ctx.required_body_string("name")?;
    if name.trim().is_empty() {
        return Err(ApiError::invalid_body_value("name", "must not be empty"));
    }
    let mime_type = ctx.required_body_string("mimeType")?.to_ascii_lowercase();
    if !mime_type.contains('/') {
        return Err(ApiError::invalid_body_value(
            "mimeType",
            "must be a MIME type such as application/pdf",
        ));
    }
    if BLOCKED_TYPES.contains(&mime_type.as_str()) {
        return Err(ApiError::invalid_body_value(
            "mimeType",
            "executables, scripts and disk images are not allowed",
        ));
    }
    let size = match ctx.required_body("size")? {
        Value::Int(n) => *n,
        _ => return Err(ApiError::invalid_body_value("size", "must be an integer")),
    };
    if !(1..MAX_FILE_BYTES).contains(&size) {
        return Err(ApiError::invalid_body_value(
            "size",
            "must be at least 1 byte and under 1 GB",
        ));
    }
    let id = ctx.new_id(kind::FILE);
    let now = ctx.now_ms();
    ctx.data.files.push(StoredFile {
        id,
        owner,
        name,
        mime_type,
        size,
        state: "pendingUpload",
        created_at: now,
        state_updated_at: now,
        content: Vec::new(),
        upload_key: None,
        download_key: None,
    });
    let index = ctx.data.files.len() - 1;
    Ok(ctx.command_result(ResourceRef::new(&OWN_FILE, index)))
}

/// The index of the file `id` names; 404 when there is none.
fn find_file(ctx: &Ctx, id: &str) -> Result<usize, ApiError> {
    ctx.data
        .files
        .iter()
        .position(|f| f.id == id)
        .ok_or_else(|| ApiError::not_found(format!("No file with id {id}")))
}

/// The caller's own file named by body parameter `fileId`; 404 for another user's.
fn own_file_from_body(ctx: &Ctx) -> Result<usize, ApiError> {
    let user = ctx.user()?;
    let index = find_file(ctx, &ctx.required_body_uuid("fileId")?)?;
    if ctx.data.files[index].owner != user {
        return Err(ApiError::not_found("No such file among your own files"));
    }
    Ok(index)
}

fn own_files_show(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let index = find_file(ctx, &ctx.required_uuid("id")?)?;
    if ctx.data.files[index].owner != user {
        return Err(ApiError::not_found("No such file among your own files"));
    }
    Ok(ctx.show(ResourceRef::new(&OWN_FILE, index)))
}

/// A storage key: deterministic like every sandbox id, different for each URL handed out.
fn new_key(ctx: &mut Ctx) -> String {
    ctx.new_id(kind::OTHER).replace('-', "")
}

fn storage_url(ctx: &Ctx, file: usize, key: &str) -> String {
    format!(
        "{}/v1/storage/{}?key={key}",
        ctx.base_url, ctx.data.files[file].id
    )
}

/// A response document for a resource that lives only in the response (upload and download
/// URLs): always with its attributes, as the API returns them without `expand`.
fn link_document(ctx: &mut Ctx, type_name: &str, attributes: Vec<(&str, Value)>) -> Value {
    let id = ctx.new_id(kind::FILE + 0x10_0000);
    Value::map([
        (
            "data",
            Value::map([
                ("id", Value::Uuid(id)),
                ("type", Value::Keyword(type_name.to_owned())),
                ("attributes", Value::map(attributes)),
                ("relationships", empty_map()),
            ]),
        ),
        ("meta", empty_map()),
        ("included", Value::Array(Vec::new())),
    ])
}

fn file_uploads_create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let index = own_file_from_body(ctx)?;
    if ctx.data.files[index].state != "pendingUpload" {
        return Err(ApiError::conflict(
            "file-invalid-state",
            "The file has been uploaded already",
        ));
    }
    let key = new_key(ctx);
    let url = storage_url(ctx, index, &key);
    let expires = ctx.now_ms() + URL_LIFETIME_MS;
    let file = &mut ctx.data.files[index];
    file.upload_key = Some(key);
    let (id, mime_type) = (file.id.clone(), file.mime_type.clone());
    Ok(link_document(
        ctx,
        "fileUpload",
        vec![
            ("fileId", Value::Uuid(id)),
            ("url", Value::String(url)),
            ("method", string("PUT")),
            (
                "headers",
                Value::map([("Content-Type", Value::String(mime_type))]),
            ),
            ("expiresAt", Value::Instant(expires)),
        ],
    ))
}

/// The download document for file `index`, once it is available (else 409).
fn download(ctx: &mut Ctx, index: usize, type_name: &str) -> Result<Value, ApiError> {
    if ctx.data.files[index].state != "available" {
        return Err(ApiError::conflict(
            "file-invalid-state",
            "The file has not been uploaded yet",
        ));
    }
    let key = new_key(ctx);
    let url = storage_url(ctx, index, &key);
    let expires = ctx.now_ms() + URL_LIFETIME_MS;
    ctx.data.files[index].download_key = Some(key);
    let id = ctx.data.files[index].id.clone();
    Ok(link_document(
        ctx,
        type_name,
        vec![
            ("fileId", Value::Uuid(id)),
            ("url", Value::String(url)),
            ("expiresAt", Value::Instant(expires)),
        ],
    ))
}

fn own_file_downloads_create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let index = own_file_from_body(ctx)?;
    download(ctx, index, "ownFileDownload")
}

/// The file a body or query names with `fileAttachmentId`, `fileId` or `id`.
fn any_file_id(ctx: &Ctx, from_body: bool) -> Result<String, ApiError> {
    for name in ["fileAttachmentId", "fileId", "id"] {
        let given = if from_body {
            ctx.body_param(name).is_some()
        } else {
            ctx.params.get(name).is_some()
        };
        if given {
            return if from_body {
                ctx.required_body_uuid(name)
            } else {
                ctx.required_uuid(name)
            };
        }
    }
    Err(if from_body {
        ApiError::missing_body_param("fileId")
    } else {
        ApiError::missing_param("id")
    })
}

fn file_downloads_create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    ctx.user()?;
    let index = find_file(ctx, &any_file_id(ctx, true)?)?;
    download(ctx, index, "fileDownload")
}

fn files_show(ctx: &mut Ctx) -> Result<Value, ApiError> {
    ctx.user()?;
    let index = find_file(ctx, &any_file_id(ctx, false)?)?;
    Ok(ctx.show(ResourceRef::new(&FILE, index)))
}

fn plain(status: StatusCode, text: &str) -> Response {
    (status, text.to_owned()).into_response()
}

/// `/v1/storage/<file id>?key=...`: the sandbox's cloud storage. `PUT` with the key from
/// `fileUploads.create` stores the bytes (their length must be the declared size) and makes
/// the file `available`, answering 200 with an empty body; `GET` with the key from a download
/// URL returns them. A wrong key gets 403, an unknown file 404, a second upload 409.
pub async fn storage(
    State(sandbox): State<SharedSandbox>,
    method: Method,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    _headers: HeaderMap,
    body: Bytes,
) -> Response {
    let key = QueryParams::parse(query.as_deref())
        .get("key")
        .map(str::to_owned);
    let mut state = sandbox.lock();
    let data = &mut state.data;
    let Some(index) = data.files.iter().position(|f| f.id == id) else {
        return plain(StatusCode::NOT_FOUND, "No such file");
    };
    let file = &mut data.files[index];
    match method {
        Method::PUT => {
            if key.is_none() || key != file.upload_key {
                return plain(StatusCode::FORBIDDEN, "Invalid or missing upload key");
            }
            if file.state != "pendingUpload" {
                return plain(StatusCode::CONFLICT, "The file has been uploaded already");
            }
            if body.len() as i64 != file.size {
                return plain(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "The upload has {} bytes; the file was registered with {}",
                        body.len(),
                        file.size
                    ),
                );
            }
            file.content = body.to_vec();
            file.state = "available";
            file.upload_key = None;
            let now = data.sequence.now_ms();
            data.files[index].state_updated_at = now;
            StatusCode::OK.into_response()
        }
        Method::GET => {
            if key.is_none() || key != file.download_key {
                return plain(StatusCode::FORBIDDEN, "Invalid or missing download key");
            }
            let content_type = HeaderValue::from_str(&file.mime_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            ([(header::CONTENT_TYPE, content_type)], file.content.clone()).into_response()
        }
        _ => plain(StatusCode::METHOD_NOT_ALLOWED, "Use PUT or GET"),
    }
}
