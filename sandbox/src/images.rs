//! The image CDN stand-in: `GET /images/<id>/<variant>/<width>x<height>.png` answers a
//! generated PNG of exactly that size (a gradient in the image's hue), for seed images, image
//! assets and any variant, standard or custom (`imageVariant.*`). An uploaded image is served
//! back as the uploaded bytes, at every variant URL, with its declared type (the sandbox does
//! not decode or resize pictures). 404 for an unknown image or a malformed size; sides are
//! capped at [`MAX_SIDE`](crate::domain::data::MAX_IMAGE_SIDE) like the real API's variants.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::domain::data::MAX_IMAGE_SIDE as MAX_SIDE;
use crate::state::SharedSandbox;

/// Parses `<width>x<height>.png`, each side 1 to [`MAX_SIDE`].
fn parse_size(file: &str) -> Option<(u32, u32)> {
    let (w, h) = file.strip_suffix(".png")?.split_once('x')?;
    let (w, h): (u32, u32) = (w.parse().ok()?, h.parse().ok()?);
    let side = 1..=MAX_SIDE;
    (side.contains(&w) && side.contains(&h)).then_some((w, h))
}

/// RGB of `hue` (0–359) at saturation 55 % and lightness `l` (0–1).
fn hsl_to_rgb(hue: u16, l: f32) -> [u8; 3] {
    let s = 0.55;
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let h = f32::from(hue % 360) / 60.0;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    [r, g, b].map(|v| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8)
}

/// A `width` × `height` PNG: a top-to-bottom gradient in `hue`.
pub fn generate_png(width: u32, height: u32, hue: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder
        .write_header()
        .expect("writing a PNG header to memory cannot fail");
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        let l = 0.72 - 0.3 * (y as f32 / height.max(2) as f32);
        let rgb = hsl_to_rgb(hue, l);
        for _ in 0..width {
            pixels.extend_from_slice(&rgb);
        }
    }
    writer
        .write_image_data(&pixels)
        .expect("the pixel buffer matches the header");
    writer
        .finish()
        .expect("finishing a PNG in memory cannot fail");
    out
}

/// Serves one variant of an image; 404 for an unknown image or a malformed size.
pub async fn serve(
    State(sandbox): State<SharedSandbox>,
    Path((id, _variant, file)): Path<(String, String, String)>,
) -> Response {
    let Some((width, height)) = parse_size(&file) else {
        return (StatusCode::NOT_FOUND, "No such image size").into_response();
    };
    let found = {
        let state = sandbox.lock();
        match state.data.images.iter().find(|i| i.id == id) {
            Some(image) => Some((image.hue, image.upload.clone())),
            None => crate::assets::asset_image(&id).map(|image| (image.hue, None)),
        }
    };
    let Some((hue, upload)) = found else {
        return (StatusCode::NOT_FOUND, "No such image").into_response();
    };
    let (content_type, body) = match upload {
        Some(upload) => (upload.media_type.clone(), upload.bytes.to_vec()),
        None => ("image/png".to_owned(), generate_png(width, height, hue)),
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(&content_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_within_the_cap() {
        assert_eq!(parse_size("400x267.png"), Some((400, 267)));
        assert_eq!(parse_size("0x10.png"), None);
        assert_eq!(parse_size("3073x10.png"), None);
        assert_eq!(parse_size("10x10.svg"), None);
    }

    #[test]
    fn generated_pngs_decode_to_the_asked_size() {
        let bytes = generate_png(37, 5, 200);
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (37, 5));
    }
}
