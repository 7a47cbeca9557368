//! The `image` resource: an image with its variants, served by the sandbox under `/images/`.

use sharetribe_sdk::core::value::Value;

use super::{string, Kind, Renderer};
use crate::domain::data::{Data, IMAGE_VARIANTS};

/// An image (type `image`) with its variants, served by the sandbox under `/images/`: the
/// standard ones and the custom ones of the call's `imageVariant.*` (which win on a name).
pub static IMAGE: Kind = Kind {
    type_name: "image",
    id: |data: &Data, i| data.images[i].id.clone(),
    attributes: image_attributes,
    relation: |_, _, _| None,
};

/// The URL of variant `name` (`width` × `height`) of image `id`, under `base_url`: the
/// sandbox serves it (`crate::images`) as a PNG of that size.
pub fn url(base_url: &str, id: &str, name: &str, width: u32, height: u32) -> String {
    format!("{base_url}/images/{id}/{name}/{width}x{height}.png")
}

fn image_attributes(r: &Renderer, i: usize) -> Value {
    let id = &r.data.images[i].id;
    let custom = r
        .image_variants
        .iter()
        .map(|(n, w, h)| (n.as_str(), *w, *h));
    let all = IMAGE_VARIANTS
        .iter()
        .copied()
        .filter(|(name, _, _)| !r.image_variants.iter().any(|(custom, _, _)| custom == name));
    let variants = all.chain(custom).map(|(name, width, height)| {
        let url = url(&r.base_url, id, name, width, height);
        (
            name.to_owned(),
            Value::map([
                ("name", string(name)),
                ("width", Value::Int(width.into())),
                ("height", Value::Int(height.into())),
                ("url", Value::String(url)),
            ]),
        )
    });
    Value::map([("variants", Value::Map(variants.collect()))])
}
