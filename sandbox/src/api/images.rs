//! `images.upload`: a multipart upload with the file in field `image`. The sandbox keeps the
//! file's name as the image's label; its variants are the generated pictures under `/images/`.

use sharetribe_sdk::core::value::Value;

use super::listings::IMAGE;
use super::{Ctx, Route};
use crate::data::{kind, Image};
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[Route::post("images/upload", upload)];

/// Largest accepted image, as the real API has it.
pub const MAX_IMAGE_BYTES: usize = 20 * 1024 * 1024;

fn upload(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let part = ctx
        .body
        .part("image")
        .ok_or_else(|| ApiError::missing_body_param("image"))?;
    if part.content.len() > MAX_IMAGE_BYTES {
        return Err(ApiError::new(
            413,
            "request-upload-over-limit",
            "The image is larger than 20 MB",
        ));
    }
    if part.content.is_empty() {
        return Err(ApiError::new(
            400,
            "image-invalid",
            "The image file is empty",
        ));
    }
    let label = part
        .filename
        .clone()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "upload".to_owned());
    // A stable colour per upload, from the content, so the same file looks the same.
    let hue = (part.content.iter().map(|&b| b as u32).sum::<u32>() % 360) as u16;
    let id = ctx.new_id(kind::IMAGE);
    ctx.data.images.push(Image {
        id,
        label,
        hue,
        owner: Some(user),
    });
    let i = ctx.data.images.len() - 1;
    Ok(ctx.command_result(ResourceRef::new(&IMAGE, i)))
}
