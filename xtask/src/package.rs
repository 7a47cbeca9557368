//! Assembling `pkg/` after wasm-pack: the files of `pkg-template/`, the wasm-bindgen snippet
//! moved to a stable name (`sdk.js`), the endpoint table for SDK objects made before the module
//! has loaded (`endpoints.js`), the CommonJS build for Node and Jest (`index.cjs`), and the
//! browser entry bundled with its modules into one minified `index.js`.

use crate::setup::run;
use sharetribe_sdk::core::endpoints::{BodyKind, ENDPOINTS};
use std::path::Path;

/// Copies `pkg-template/` into `pkg/`, moves the snippet to `pkg/sdk.js`, writes
/// `pkg/endpoints.js`, bundles `pkg/index.cjs`, then bundles the browser entry `pkg/index.js`.
/// Fails naming the file it could not handle.
pub fn assemble(root: &Path) -> Result<(), String> {
    assemble_into(root, &root.join("pkg"))?;
    bundle_browser_entry(root)
}

/// [`assemble`] into the wasm-pack output folder `pkg` (a test build's too), without bundling
/// the browser's modules: each stays a file of its own.
pub fn assemble_into(root: &Path, pkg: &Path) -> Result<(), String> {
    let template = root.join("pkg-template");
    for entry in std::fs::read_dir(&template).map_err(|e| format!("pkg-template: {e}"))? {
        let entry = entry.map_err(|e| e.to_string())?;
        std::fs::copy(entry.path(), pkg.join(entry.file_name()))
            .map_err(|e| format!("copying {:?}: {e}", entry.file_name()))?;
    }
    move_snippet(pkg)?;
    add_instance_reset(&pkg.join("sharetribe_sdk.js"))?;
    declare_instance_reset(&pkg.join("sharetribe_sdk.d.ts"))?;
    std::fs::write(pkg.join("endpoints.js"), endpoints_module())
        .map_err(|e| format!("writing endpoints.js: {e}"))?;
    bundle_cjs(root, pkg)
}

/// Every file a browser loads from the package: the `.wasm` and `index.js`, the browser entry
/// with all its modules bundled in (what `cargo xtask build` reports, the size budget counts and
/// the bench compares). `index.cjs` and `node.mjs` are Node's and not counted.
pub const BROWSER_FILES: [&str; 2] = ["sharetribe_sdk_bg.wasm", "index.js"];

/// The wasm-bindgen glue and its snippet, kept beside the bundle on their own (minified) for
/// tests and tools that call the wasm exports directly; importing them makes an instance of
/// their own. No browser loads them through `index.js`, and the npm tarball leaves them out.
/// (Every snippet stays, unminified if not listed here, since the glue imports them, and so does
/// the generated `endpoints.js`; the modules of `pkg-template/` other than the entry go once
/// bundled.)
const STANDALONE_GLUE: [&str; 2] = ["sharetribe_sdk.js", "sdk.js"];

/// Bundles the browser entry `index.js` with every module it imports (glue and snippet
/// included) into one minified ES module (esbuild, ES2020), replacing it: one request instead
/// of a chain of three (index.js, then its modules, then the glue) before the `.wasm` can
/// start, and about half the gzip size of the sources (comments, long local names). Imports
/// stay ES modules, there is no top-level await, and the glue's
/// `new URL('sharetribe_sdk_bg.wasm', import.meta.url)` that bundlers look for is kept as it
/// is. The sources in `pkg-template/` and `js/` keep their comments; `index.cjs` (Node) stays
/// readable for server stack traces.
fn bundle_browser_entry(root: &Path) -> Result<(), String> {
    let esbuild = crate::setup::esbuild_path(root);
    let esbuild = esbuild.to_string_lossy();
    let pkg = root.join("pkg");
    let common = [
        "--minify",
        "--format=esm",
        "--target=es2020",
        "--log-level=error",
    ];
    let mut args = vec!["index.js", "--bundle", "--outfile=index.bundle.js"];
    args.extend(common);
    run(&pkg, &esbuild, &args)?;
    std::fs::rename(pkg.join("index.bundle.js"), pkg.join("index.js"))
        .map_err(|e| format!("replacing index.js with the bundle: {e}"))?;
    // The entry's own modules from pkg-template/ are in the bundle now (Node's index.cjs was
    // bundled from them before); the wasm-bindgen snippets stay for the standalone glue.
    let template = root.join("pkg-template");
    for entry in std::fs::read_dir(&template).map_err(|e| format!("pkg-template: {e}"))? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let bundled = pkg.join(&name);
        if name != "index.js" && bundled.extension().is_some_and(|e| e == "js") && bundled.exists()
        {
            std::fs::remove_file(&bundled)
                .map_err(|e| format!("removing {}: {e}", name.to_string_lossy()))?;
        }
    }
    for file in STANDALONE_GLUE {
        let out = format!("--outfile={file}");
        let mut args = vec![file, "--allow-overwrite", out.as_str()];
        args.extend(common);
        run(&pkg, &esbuild, &args)?;
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

/// What `pkg-template/loader.js` needs to replace a trapped instance, added to the glue, which
/// otherwise refuses a second instantiation: `__compiledModule()` (the compiled module, for a
/// fresh synchronous instance) and `__forgetInstance()` (drops the instance). The glue's
/// finalizers free wasm objects through whatever instance is current, so each registration
/// records the instance generation and a finalizer of an older generation does nothing (its
/// memory went with its instance). Fails when the glue lacks a line this relies on.
fn add_instance_reset(glue_path: &Path) -> Result<(), String> {
    let glue = std::fs::read_to_string(glue_path).map_err(|e| format!("{e}"))?;
    for needed in [GLUE_INSTANCE_VARS, GLUE_INIT_PROMISE, GLUE_REGISTRY] {
        if !glue.contains(needed) {
            return Err(format!(
                "the wasm-bindgen glue has no `{needed}`: trap recovery needs updating"
            ));
        }
    }
    let glue = glue.replace(GLUE_REGISTRY, "__wbgGenerationRegistry(");
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
}
";
    std::fs::write(glue_path, format!("{reset}{glue}")).map_err(|e| format!("{e}"))
}

/// Declares what [`add_instance_reset`] adds to the glue in the glue's `.d.ts`, so the runtime
/// modules that import it type-check (`tests/node/runtime_types.test.mjs`). Fails when the
/// `.d.ts` cannot be read or written.
fn declare_instance_reset(dts_path: &Path) -> Result<(), String> {
    let dts = std::fs::read_to_string(dts_path).map_err(|e| format!("{e}"))?;
    let added = "
// Added by `cargo xtask build` (xtask/src/package.rs) for loader.js's trap recovery.
/** The compiled module of the current instance (undefined before the first instantiation). */
export function __compiledModule(): WebAssembly.Module | undefined;
/** Drops the current instance, so the next initialisation makes a fresh one. */
export function __forgetInstance(): void;
";
    std::fs::write(dts_path, dts + added).map_err(|e| format!("{e}"))
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
