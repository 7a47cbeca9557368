//! The `image` resource: an image with its variants, served by the sandbox under `/images/`.

use sharetribe_sdk::core::value::Value;

use super::{string, Kind, Renderer};
use crate::domain::data::{Data, IMAGE_VARIANTS};

/// An image (type `image`) with its variants, served by the sandbox under `/images/`.
pub static IMAGE: Kind = Kind {
    type_name: "image",
    id: |data: &Data, i| data.images[i].id.clone(),
    attributes: image_attributes,
    relation: |_, _, _| None,
};

fn image_attributes(r: &Renderer, i: usize) -> Value {
    let id = &r.data.images[i].id;
    let variants = IMAGE_VARIANTS.iter().map(|&(name, width, height)| {
        let url = format!("{}/images/{id}/{name}.svg", r.base_url);
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
