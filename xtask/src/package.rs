//! Assembling `pkg/` after wasm-pack: the files of `pkg-template/`, the wasm-bindgen snippet
//! moved to a stable name (`sdk.js`), the endpoint table for SDK objects made before the module
//! has loaded (`endpoints.js`), the CommonJS build for Node and Jest (`index.cjs`), and the
//! browser's modules minified.

use crate::setup::run;
use sharetribe_sdk::core::endpoints::{BodyKind, ENDPOINTS};
use std::path::Path;

/// Copies `pkg-template/` into `pkg/`, moves the snippet to `pkg/sdk.js`, writes
/// `pkg/endpoints.js` and bundles `pkg/index.cjs`. Fails naming the file it could not handle.
pub fn assemble(root: &Path) -> Result<(), String> {
    assemble_into(root, &root.join("pkg"))?;
    minify_browser_modules(root)
}

/// [`assemble`] into the wasm-pack output folder `pkg` (a test build's too), without the
/// minification of the browser's modules.
pub fn assemble_into(root: &Path, pkg: &Path) -> Result<(), String> {
    let template = root.join("pkg-template");
    for entry in std::fs::read_dir(&template).map_err(|e| format!("pkg-template: {e}"))? {
        let entry = entry.map_err(|e| e.to_string())?;
        std::fs::copy(entry.path(), pkg.join(entry.file_name()))
            .map_err(|e| format!("copying {:?}: {e}", entry.file_name()))?;
    }
    move_snippet(pkg)?;
    add_instance_reset(&pkg.join("sharetribe_sdk.js"))?;
    std::fs::write(pkg.join("endpoints.js"), endpoints_module())
        .map_err(|e| format!("writing endpoints.js: {e}"))?;
    bundle_cjs(root, pkg)
}

/// The ES modules a browser loads besides the `.wasm` (what `cargo xtask build` measures).
pub const BROWSER_MODULES: [&str; 7] = [
    "sharetribe_sdk.js",
    "sdk.js",
    "index.js",
    "loader.js",
    "token_stores.js",
    "endpoints.js",
    "transit_read.js",
];

/// Minifies [`BROWSER_MODULES`] in place (esbuild, ES2020): about half their gzip size is
/// comments and long local names. The sources in `pkg-template/` and `js/` keep them;
/// `index.cjs` (Node) stays readable for server stack traces. Imports, exports and the
/// `new URL('…wasm', import.meta.url)` that bundlers look for are kept as they are.
fn minify_browser_modules(root: &Path) -> Result<(), String> {
    let esbuild = crate::setup::esbuild_path(root);
    for file in BROWSER_MODULES {
        run(
            &root.join("pkg"),
            &esbuild.to_string_lossy(),
            &[
                file,
                "--minify",
                "--format=esm",
                "--target=es2020",
                "--log-level=error",
                "--allow-overwrite",
                &format!("--outfile={file}"),
            ],
        )?;
    }
    Ok(())
}

/// wasm-bindgen puts `js/sdk.js` under `snippets/<crate>-<hash>/`; the package's own modules
/// import it by a stable name, so it moves to `sdk.js` and the glue's imports follow. Exactly
/// one snippet folder is expected.
fn move_snippet(pkg: &Path) -> Result<(), String> {
    let snippets = pkg.join("snippets");
    let dirs: Vec<_> = std::fs::read_dir(&snippets)
        .map_err(|e| format!("pkg/snippets: {e}"))?
        .flatten()
        .collect();
    let [dir] = dirs.as_slice() else {
        return Err(format!(
            "expected one snippet folder in pkg/snippets, found {}",
            dirs.len()
        ));
    };
    let old = format!("./snippets/{}/js/sdk.js", dir.file_name().to_string_lossy());
    std::fs::rename(dir.path().join("js/sdk.js"), pkg.join("sdk.js"))
        .map_err(|e| format!("moving the snippet: {e}"))?;
    std::fs::remove_dir_all(&snippets).map_err(|e| format!("removing pkg/snippets: {e}"))?;
    let glue_path = pkg.join("sharetribe_sdk.js");
    let glue = std::fs::read_to_string(&glue_path).map_err(|e| format!("{e}"))?;
    // Only the `import` statements change: the keys of the wasm's import object keep the
    // snippet path, which is the import module name compiled into the wasm.
    let mut moved = 0;
    let lines: Vec<String> = glue
        .lines()
        .map(|line| {
            if line.starts_with("import ") && line.contains(&old) {
                moved += 1;
                line.replace(&old, "./sdk.js")
            } else {
                line.to_owned()
            }
        })
        .collect();
    if moved == 0 {
        return Err(format!("the glue does not import {old}"));
    }
    std::fs::write(&glue_path, lines.join("\n") + "\n").map_err(|e| format!("{e}"))
}

/// The glue's lines this step relies on, so a wasm-bindgen upgrade that changes them fails the
/// build instead of breaking trap recovery.
const GLUE_INSTANCE_VARS: &str = "let wasmModule, wasmInstance, wasm;";
const GLUE_INIT_PROMISE: &str = "let __wbg_init_promise;";
const GLUE_REGISTRY: &str = "new FinalizationRegistry(";
/// Where every Rust closure handed to JS (promise callbacks, the futures task queue, timers,
/// events) is made; the three lines below are inside it.
const GLUE_MAKE_CLOSURE: &str = "function makeMutClosure(arg0, arg1, f) {";
const GLUE_CLOSURE_CALL: &str = "    const real = (...args) => {";
const GLUE_CLOSURE_UNREF: &str = "    real._wbg_cb_unref = () => {";

/// What `pkg-template/loader.js` needs to replace a trapped instance, added to the glue, which
/// otherwise refuses a second instantiation: `__compiledModule()` (the compiled module, for a
/// fresh synchronous instance) and `__forgetInstance()` (drops the instance). The glue's
/// finalizers free wasm objects through whatever instance is current, so each registration
/// records the instance generation and a finalizer of an older generation does nothing (its
/// memory went with its instance).
///
/// A trap can also happen after an export returned, in a closure the browser or Node calls
/// (an async task polled after a fetch resolved). The loader cannot see those, so every
/// closure is wrapped: `__intoWasm(call)` (the loader's `guarded`) counts the calls into the
/// module on the stack, and a closure that traps with none below it hands the trap to the
/// handler set with `__onAsyncTrap(handler)` instead of throwing it into the event loop (an
/// uncaught exception would end a Node process). A trap below an export or another closure is
/// rethrown to it, and noted in case JS swallowed it on the way (a promise executor): the
/// loader asks `__takeNestedTrap()` after each export, an outermost closure when it returns.
/// Closures of an older instance do nothing when called: their pointers mean nothing in the
/// new one. Fails when the glue lacks a line this relies on.
fn add_instance_reset(glue_path: &Path) -> Result<(), String> {
    let glue = std::fs::read_to_string(glue_path).map_err(|e| format!("{e}"))?;
    for needed in [
        GLUE_INSTANCE_VARS,
        GLUE_INIT_PROMISE,
        GLUE_REGISTRY,
        GLUE_MAKE_CLOSURE,
        GLUE_CLOSURE_CALL,
        GLUE_CLOSURE_UNREF,
    ] {
        if !glue.contains(needed) {
            return Err(format!(
                "the wasm-bindgen glue has no `{needed}`: trap recovery needs updating"
            ));
        }
    }
    for once in [GLUE_MAKE_CLOSURE, GLUE_CLOSURE_CALL, GLUE_CLOSURE_UNREF] {
        if glue.matches(once).count() != 1 {
            return Err(format!(
                "the wasm-bindgen glue has `{once}` more than once: trap recovery needs updating"
            ));
        }
    }
    let glue = glue
        .replace(GLUE_REGISTRY, "__wbgGenerationRegistry(")
        .replace(
            GLUE_MAKE_CLOSURE,
            &format!(
                "{GLUE_MAKE_CLOSURE}\n    const born = __wbgGeneration;\n    f = __wbgTrapNet(f);"
            ),
        )
        .replace(
            GLUE_CLOSURE_CALL,
            &format!("{GLUE_CLOSURE_CALL}\n        if (born !== __wbgGeneration) return;"),
        )
        .replace(
            GLUE_CLOSURE_UNREF,
            &format!("{GLUE_CLOSURE_UNREF}\n        if (born !== __wbgGeneration) return;"),
        );
    let reset = "\
// Added by `cargo xtask build` (xtask/src/package.rs) for loader.js's trap recovery.
let __wbgGeneration = 0;
function __wbgGenerationRegistry(free) {
    const registry = new FinalizationRegistry(([generation, held]) => {
        if (generation === __wbgGeneration) free(held);
    });
    return {
        register: (target, held, token) => registry.register(target, [__wbgGeneration, held], token),
        unregister: (token) => registry.unregister(token),
    };
}
export function __compiledModule() {
    return wasmModule;
}
export function __forgetInstance() {
    wasm = undefined;
    wasmInstance = undefined;
    __wbg_init_promise = undefined;
    __wbgGeneration++;
    __wbgNestedTrap = undefined;
}
let __wbgDepth = 0;
let __wbgNestedTrap;
let __wbgAsyncTrapHandler = (error) => { throw error; };
export function __intoWasm(call) {
    __wbgDepth++;
    try {
        return call();
    } finally {
        __wbgDepth--;
    }
}
export function __onAsyncTrap(handler) {
    __wbgAsyncTrapHandler = handler;
}
export function __takeNestedTrap() {
    const trap = __wbgNestedTrap;
    __wbgNestedTrap = undefined;
    return trap;
}
function __wbgTrapNet(f) {
    return function () {
        __wbgDepth++;
        try {
            const result = f.apply(this, arguments);
            // A trap under this closure that JS swallowed on its way up.
            if (__wbgDepth === 1 && __wbgNestedTrap !== undefined) {
                __wbgAsyncTrapHandler(__takeNestedTrap());
            }
            return result;
        } catch (error) {
            if (!(error instanceof WebAssembly.RuntimeError)) throw error;
            if (__wbgDepth > 1) {
                __wbgNestedTrap = error;
                throw error;
            }
            __wbgAsyncTrapHandler(error);
        } finally {
            __wbgDepth--;
        }
    };
}
";
    std::fs::write(glue_path, format!("{reset}{glue}")).map_err(|e| format!("{e}"))?;
    declare_instance_reset(&glue_path.with_extension("d.ts"))
}

/// Declares what [`add_instance_reset`] added in the glue's `.d.ts`, so that `tsc --checkJs`
/// of `loader.js` knows the functions it imports. Fails when the file cannot be read or
/// written.
fn declare_instance_reset(types_path: &Path) -> Result<(), String> {
    let types = std::fs::read_to_string(types_path).map_err(|e| format!("{e}"))?;
    let added = "\
// Added by `cargo xtask build` (xtask/src/package.rs) for loader.js's trap recovery.
export function __compiledModule(): WebAssembly.Module | undefined;
export function __forgetInstance(): void;
export function __intoWasm<T>(call: () => T): T;
export function __onAsyncTrap(handler: (error: unknown) => void): void;
export function __takeNestedTrap(): unknown;
";
    std::fs::write(types_path, format!("{types}{added}")).map_err(|e| format!("{e}"))
}

/// `export default [[namespace, method, path, isQuery], ...]`, from the core's table.
fn endpoints_module() -> String {
    let rows: Vec<String> = ENDPOINTS
        .iter()
        .map(|e| {
            format!(
                "[\"{}\",\"{}\",\"{}\",{}]",
                e.namespace(),
                e.method_name(),
                e.path,
                e.body == BodyKind::None
            )
        })
        .collect();
    format!(
        "// Generated by `cargo xtask build` from src/core/endpoints.rs: \
         [namespace, method, path, isQuery].\nexport default [\n{}\n];\n",
        rows.join(",\n")
    )
}

/// `index.cjs`: `node.js` and everything it imports as one CommonJS file (esbuild from the
/// tools folder), for `require` in Node and Jest. `import.meta.url` becomes the bundle's own URL.
fn bundle_cjs(root: &Path, pkg: &Path) -> Result<(), String> {
    let esbuild = crate::setup::esbuild_path(root);
    run(
        pkg,
        &esbuild.to_string_lossy(),
        &[
            "node.js",
            "--bundle",
            "--format=cjs",
            "--platform=node",
            "--target=node20",
            "--log-level=error",
            "--define:import.meta.url=__import_meta_url",
            // Node's own TextEncoder/TextDecoder: Jest's jsdom environment has neither.
            "--banner:js=const __import_meta_url = require('node:url').pathToFileURL(__filename).href; \
             const { TextDecoder, TextEncoder } = require('node:util');",
            "--outfile=index.cjs",
        ],
    )?;
    std::fs::remove_file(pkg.join("node.js")).map_err(|e| format!("removing node.js: {e}"))
}
