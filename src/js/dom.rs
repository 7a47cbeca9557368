//! The few browser classes the value conversion checks caller values against (`File`, `Blob`,
//! `FormData`), declared here rather than through web-sys: only these shims are needed.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A `Blob` (and so a `File`) given by the caller.
    #[derive(Clone, Debug)]
    pub type Blob;

    /// `blob.size`, in bytes.
    #[wasm_bindgen(method, getter)]
    pub fn size(this: &Blob) -> f64;

    /// `blob.type`, the MIME type (empty when unknown).
    #[wasm_bindgen(method, getter, js_name = type)]
    pub fn type_(this: &Blob) -> String;

    /// A `File`: a `Blob` with a name.
    #[wasm_bindgen(extends = Blob)]
    #[derive(Clone, Debug)]
    pub type File;

    /// `file.name`.
    #[wasm_bindgen(method, getter)]
    pub fn name(this: &File) -> String;

    /// A `FormData` given as upload params.
    #[derive(Clone, Debug)]
    pub type FormData;
}
