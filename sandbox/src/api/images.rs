//! `images.upload`: a `multipart/form-data` POST whose `image` part becomes a new `image`
//! resource owned by the uploader (`ownListings.addImage` and friends check that). Its variant
//! URLs (`/images/<id>/<variant>/<w>x<h>.png`) serve the uploaded bytes back. The sandbox
//! checks the part's declared type and size; it does not decode the picture.

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::data::{kind, Image, Upload};
use crate::params::media_type;
use crate::resources::images::IMAGE;
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new().post("images/upload", upload)
}

/// Largest accepted image, as the Marketplace API documents: 20 MB.
pub const MAX_IMAGE_BYTES: usize = 20 * 1024 * 1024;

/// Image types the sandbox accepts (by the part's `Content-Type`).
const IMAGE_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp"];

fn upload(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let part = ctx
        .body
        .part("image")
        .ok_or_else(|| ApiError::missing_body_param("image"))?;
    let Some(filename) = part.filename.clone() else {
        return Err(ApiError::new(
            400,
            "image-invalid",
            "The image part must be a file (a part with a filename)",
        ));
    };
    if part.content.is_empty() {
        return Err(ApiError::new(
            400,
            "image-invalid",
            "The image file is empty",
        ));
    }
    if part.content.len() > MAX_IMAGE_BYTES {
        return Err(ApiError::new(
            413,
            "request-upload-over-limit",
            format!("The image is larger than {MAX_IMAGE_BYTES} bytes"),
        ));
    }
    let media_type = media_type(part.content_type.as_deref());
    if !IMAGE_TYPES.contains(&media_type.as_str()) {
        return Err(ApiError::new(
            400,
            "image-invalid-content",
            format!(
                "Unsupported image type '{media_type}': use one of {}",
                IMAGE_TYPES.join(", ")
            ),
        ));
    }
    let bytes: std::sync::Arc<[u8]> = part.content.clone().into();
    let id = ctx.new_id(kind::IMAGE);
    let label = filename
        .rsplit_once('.')
        .map_or(filename.as_str(), |(stem, _)| stem)
        .to_owned();
    let hue = id.bytes().fold(0u16, |h, b| (h * 31 + u16::from(b)) % 360);
    ctx.data.images.push(Image {
        id,
        label,
        hue,
        upload: Some(Upload { media_type, bytes }),
        owner: Some(user),
    });
    let index = ctx.data.images.len() - 1;
    Ok(ctx.command_result(ResourceRef::new(&IMAGE, index)))
}
