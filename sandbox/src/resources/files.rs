//! The `ownFile` and `file` resources.

use sharetribe_sdk::core::value::Value;

use super::{string, Kind, Related, Renderer};
use crate::domain::data::Data;

/// The owner's view of a file.
pub static OWN_FILE: Kind = Kind {
    type_name: "ownFile",
    id: |data: &Data, i| data.files[i].id.clone(),
    attributes: own_file_attributes,
    relation: |_, _, _| None::<Related>,
};

/// Anyone's view of a file.
pub static FILE: Kind = Kind {
    type_name: "file",
    id: |data: &Data, i| data.files[i].id.clone(),
    attributes: file_attributes,
    relation: |_, _, _| None::<Related>,
};

fn own_file_attributes(r: &Renderer, i: usize) -> Value {
    let file = &r.data.files[i];
    Value::map([
        ("name", string(&file.name)),
        ("size", Value::Int(file.size)),
        ("state", string(file.state)),
        ("createdAt", Value::Instant(file.created_at)),
        ("stateUpdatedAt", Value::Instant(file.state_updated_at)),
    ])
}

fn file_attributes(r: &Renderer, i: usize) -> Value {
    let file = &r.data.files[i];
    Value::map([
        ("name", string(&file.name)),
        ("size", Value::Int(file.size)),
        ("state", string(file.state)),
        ("deleted", Value::Bool(false)),
    ])
}
