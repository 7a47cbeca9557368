//! The few JS built-ins the wasm side names, declared here instead of taken from js-sys.
//!
//! Why not js-sys: version 0.3.107 exports a JSPI task entry (`__wbg_jspi_task_poll`) from
//! every module that links it. wasm-bindgen drops that export later, but the task's waker
//! vtable stays in the data and function table, and with it a `RefCell` panic, its `Display`
//! and `core::fmt`'s padding code. Without js-sys and with the core's aborting borrows
//! (`crate::core::cell`) the package's wasm is 1,425 B smaller (gzip -9, `cargo xtask build`);
//! without the export alone (a scratch build), 239 B. The browser suites still use js-sys (a
//! dev dependency).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A JS array.
    pub type Array;

    /// `new Array()`.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Array;

    /// `array[index]`.
    #[wasm_bindgen(method, structural, indexing_getter)]
    pub fn get(this: &Array, index: u32) -> JsValue;

    /// A JS object.
    pub type Object;

    /// `new Object()`.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Object;

    /// A promise (what every SDK method returns).
    #[derive(Clone, Debug)]
    pub type Promise;

    /// `Promise.reject(value)`.
    #[wasm_bindgen(static_method_of = Promise)]
    pub fn reject(value: &JsValue) -> Promise;

    /// A function (`onUploadProgress`); `dyn_into` tests `instanceof Function`.
    pub type Function;

    /// A JS string, read without copying it into the wasm.
    #[wasm_bindgen(js_name = String)]
    pub type JsString;

    /// `string.length`, in UTF-16 units.
    #[wasm_bindgen(method, getter, structural)]
    pub fn length(this: &JsString) -> u32;

    /// A JS `Error`.
    pub type Error;

    /// `new Error(message)`.
    #[wasm_bindgen(constructor)]
    pub fn new(message: &str) -> Error;

    /// `error.name = name`.
    #[wasm_bindgen(method, setter, structural)]
    pub fn set_name(this: &Error, name: &str);
}

/// `Reflect.get`, `Reflect.set` and `Reflect.has`; each fails with what the target threw.
pub mod reflect {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// `Reflect.get(target, key)`.
        #[wasm_bindgen(js_namespace = Reflect, catch)]
        pub fn get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;

        /// `Reflect.set(target, key, value)`.
        #[wasm_bindgen(js_namespace = Reflect, catch)]
        pub fn set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;

        /// `Reflect.has(target, key)`.
        #[wasm_bindgen(js_namespace = Reflect, catch)]
        pub fn has(target: &JsValue, key: &JsValue) -> Result<bool, JsValue>;
    }
}
