//! `GET /images/<id>/<variant>.svg`: small generated pictures standing in for the image CDN,
//! sized like the requested variant and labelled with the image's caption.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::domain::data::IMAGE_VARIANTS;
use crate::state::SharedSandbox;

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Serves one image variant as SVG; 404 for an unknown image or variant.
pub async fn serve(
    State(sandbox): State<SharedSandbox>,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let variant = file.strip_suffix(".svg").unwrap_or("");
    let state = sandbox.lock();
    let image = state.data.images.iter().find(|i| i.id == id);
    let size = IMAGE_VARIANTS
        .iter()
        .find(|(name, _, _)| *name == variant)
        .map(|&(_, w, h)| (w, h));
    let (Some(image), Some((width, height))) = (image, size) else {
        return (StatusCode::NOT_FOUND, "No such image or variant").into_response();
    };
    let font = (width.min(height) / 12).max(10);
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"><rect width="100%" height="100%" fill="hsl({hue},55%,62%)"/><text x="50%" y="50%" dominant-baseline="middle" text-anchor="middle" font-family="sans-serif" font-size="{font}" fill="#fff">{label}</text></svg>"##,
        hue = image.hue,
        label = escape_xml(&image.label),
    );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        svg,
    )
        .into_response()
}
