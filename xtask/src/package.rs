//! Assembling `pkg/` after wasm-pack: the files of `pkg-template/`, the wasm-bindgen snippet
//! moved to a stable name (`sdk.js`), the endpoint table for SDK objects made before the module
//! has loaded (`endpoints.js`), the CommonJS build for Node and Jest (`index.cjs`), and the
//! browser entry bundled with its modules into one minified `index.js`.

use crate::programs::run;
use sharetribe_sdk::core::endpoints::{Endpoint, ENDPOINTS};
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
    minify_boundary_names(root, pkg)?;
    std::fs::write(pkg.join("endpoints.js"), endpoints_module())
        .map_err(|e| format!("writing endpoints.js: {e}"))?;
    bundle_cjs(root, pkg)
}

/// Every file a browser loads from the package: the `.wasm` and `index.js`, the browser entry
/// with all its modules bundled in (what `cargo xtask build` reports, the size budget counts and
/// the bench compares). `index.cjs` and `node.mjs` are Node's and not counted.
pub const BROWSER_FILES: [&str; 2] = ["sharetribe_sdk_bg.wasm", "index.js"];

/// The wasm-bindgen glue and its snippets, kept beside the bundle on their own (minified) for
/// tests and tools that call the wasm exports directly; importing them makes an instance of
/// their own. No browser loads them through `index.js`, and the npm tarball leaves them out.
/// (Every snippet stays, unminified if not listed here, since the glue imports them, and so does
/// the generated `endpoints.js`; the modules of `pkg-template/` other than the entry go once
/// bundled.)
const STANDALONE_GLUE: [&str; 4] = ["sharetribe_sdk.js", "sdk.js", "io.js", "transit_read.js"];

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

/// The glue's import object, whose keys (the wasm's import names) this step renames.
const GLUE_IMPORTS_START: &str = "    const import0 = {\n        __proto__: null,\n";
/// The object `__wbg_get_imports` returns: the import modules by the names compiled into the
/// wasm (`./sharetribe_sdk_bg.js`, the snippets' paths), one line each, up to `    };`.
const GLUE_IMPORTS_RETURN: &str = "    return {\n        __proto__: null,\n";
/// The one import module binaryen gives every import when it minifies the module names.
const MINIFIED_IMPORT_MODULE: &str = "a";

/// Renames the wasm's imports and exports to one or two letters (binaryen's
/// `--minify-imports-and-exports-and-modules`) and the glue's uses with them: wasm-bindgen
/// names each import `__wbg_<name>_<16 hex digits>` under `./sharetribe_sdk_bg.js`, and every
/// name is spelled in full in both the wasm and the glue, where gzip cannot shrink the hashes
/// (about 1.8 KB gzip in all). The glue's import object becomes one module `a` holding every
/// import (the snippets' functions the wasm imports directly included); `wasm.<export>`
/// becomes `wasm.<minified>`. `sharetribe_sdk_bg.wasm.d.ts`, which would list the old export
/// names, goes. Fails naming the name or glue line it could not rewrite.
fn minify_boundary_names(root: &Path, pkg: &Path) -> Result<(), String> {
    let wasm = pkg.join("sharetribe_sdk_bg.wasm");
    let wasm = wasm.to_string_lossy();
    let wasm_opt = crate::setup::wasm_opt_path(root);
    eprintln!(
        "$ {} --minify-imports-and-exports-and-modules {wasm}",
        wasm_opt.display()
    );
    let output = std::process::Command::new(&wasm_opt)
        .arg("--minify-imports-and-exports-and-modules")
        .args(crate::setup::WASM_OPT_FEATURES)
        .args([&*wasm, "-o", &wasm])
        .output()
        .map_err(|e| format!("running wasm-opt: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "wasm-opt --minify-imports-and-exports-and-modules failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let map: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("reading wasm-opt's name map: {e}"))?;
    let rows = |key: &str| -> Result<Vec<Vec<String>>, String> {
        map[key]
            .as_array()
            .ok_or_else(|| format!("wasm-opt's name map has no `{key}`"))?
            .iter()
            .map(|row| {
                row.as_array()
                    .map(|cells| {
                        cells
                            .iter()
                            .filter_map(|c| c.as_str().map(str::to_owned))
                            .collect()
                    })
                    .ok_or_else(|| format!("wasm-opt's name map: bad `{key}` row {row}"))
            })
            .collect()
    };
    let glue_path = pkg.join("sharetribe_sdk.js");
    let mut glue = std::fs::read_to_string(&glue_path).map_err(|e| format!("{e}"))?;

    // The modules by the name compiled into the wasm, as the glue's returned object names them.
    let returned_at = glue
        .find(GLUE_IMPORTS_RETURN)
        .ok_or("the glue's import object is not returned as expected")?;
    let end = returned_at
        + glue[returned_at..]
            .find("\n    };\n")
            .ok_or("the glue's returned import object does not end as expected")?;
    let mut modules = Vec::new();
    for line in glue[returned_at + GLUE_IMPORTS_RETURN.len()..end].lines() {
        let (module, variable) = line
            .trim()
            .trim_end_matches(',')
            .split_once(": ")
            .ok_or_else(|| format!("unexpected line in the glue's import object: {line}"))?;
        modules.push((module.trim_matches('"').to_owned(), variable.to_owned()));
    }
    glue.replace_range(
        returned_at..end + "\n    };".len(),
        &format!("    return {{ __proto__: null, {MINIFIED_IMPORT_MODULE}: import0 }};"),
    );

    let mut direct = String::new();
    for row in rows("imports")? {
        let [module, name, short] = row.as_slice() else {
            return Err(format!("wasm-opt's name map: bad import {row:?}"));
        };
        let variable = &modules
            .iter()
            .find(|(m, _)| m == module)
            .ok_or_else(|| format!("the glue has no import module {module}"))?
            .1;
        if variable == "import0" {
            let old = format!("\n        {name}: function(");
            if glue.matches(&old).count() != 1 {
                return Err(format!("the glue does not define the import {name} once"));
            }
            glue = glue.replace(&old, &format!("\n        {short}: function("));
        } else {
            direct.push_str(&format!("        {short}: {variable}.{name},\n"));
        }
    }
    let start = glue
        .find(GLUE_IMPORTS_START)
        .ok_or("the glue's import object does not start as expected")?
        + GLUE_IMPORTS_START.len();
    glue.insert_str(start, &direct);

    for row in rows("exports")? {
        let [name, short] = row.as_slice() else {
            return Err(format!("wasm-opt's name map: bad export {row:?}"));
        };
        let old = format!("wasm.{name}");
        let mut out = String::with_capacity(glue.len());
        let mut rest = glue.as_str();
        while let Some(at) = rest.find(&old) {
            let after = &rest[at + old.len()..];
            out.push_str(&rest[..at]);
            if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
                out.push_str(&old);
            } else {
                out.push_str("wasm.");
                out.push_str(short);
            }
            rest = after;
        }
        out.push_str(rest);
        glue = out;
    }
    std::fs::write(&glue_path, glue).map_err(|e| format!("{e}"))?;
    let declarations = pkg.join("sharetribe_sdk_bg.wasm.d.ts");
    if declarations.exists() {
        std::fs::remove_file(&declarations)
            .map_err(|e| format!("removing sharetribe_sdk_bg.wasm.d.ts: {e}"))?;
    }
    Ok(())
}

/// Snippets the glue does not import itself: `js/sdk.js` imports them.
const SNIPPETS_IMPORTED_BY_SNIPPETS: [&str; 1] = ["/js/transit_read.js"];

/// wasm-bindgen puts the snippets (`js/sdk.js`, `js/io.js`, `js/transit_read.js`) under
/// `snippets/<crate>-<hash>/js/`; the package's own modules import them by stable names, so they
/// move to the package root and the glue's imports follow. Exactly one snippet folder is
/// expected.
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
    let mut moves = Vec::new();
    for file in std::fs::read_dir(dir.path().join("js")).map_err(|e| format!("{e}"))? {
        let name = file.map_err(|e| format!("{e}"))?.file_name();
        let name = name.to_string_lossy().into_owned();
        std::fs::rename(dir.path().join("js").join(&name), pkg.join(&name))
            .map_err(|e| format!("moving the snippet {name}: {e}"))?;
        let old = format!("./snippets/{}/js/{name}", dir.file_name().to_string_lossy());
        moves.push((old, format!("./{name}")));
    }
    std::fs::remove_dir_all(&snippets).map_err(|e| format!("removing pkg/snippets: {e}"))?;
    let glue_path = pkg.join("sharetribe_sdk.js");
    let glue = std::fs::read_to_string(&glue_path).map_err(|e| format!("{e}"))?;
    // Only the `import` statements change: the keys of the wasm's import object keep the
    // snippet path, which is the import module name compiled into the wasm.
    // Snippets that only other snippets import (sdk.js imports the Transit reader).
    let mut unused: Vec<&str> = moves
        .iter()
        .map(|(old, _)| old.as_str())
        .filter(|old| {
            !SNIPPETS_IMPORTED_BY_SNIPPETS
                .iter()
                .any(|f| old.ends_with(f))
        })
        .collect();
    let lines: Vec<String> = glue
        .lines()
        .map(|line| {
            let mut line = line.to_owned();
            if line.starts_with("import ") {
                for (old, new) in &moves {
                    if line.contains(old.as_str()) {
                        unused.retain(|u| u != old);
                        line = line.replace(old.as_str(), new);
                    }
                }
            }
            line
        })
        .collect();
    if !unused.is_empty() {
        return Err(format!("the glue does not import {unused:?}"));
    }
    std::fs::write(&glue_path, lines.join("\n") + "\n").map_err(|e| format!("{e}"))
}

/// The glue's lines this step relies on, so a wasm-bindgen upgrade that changes them fails the
/// build instead of breaking trap recovery.
const GLUE_INSTANCE_VARS: &str = "let wasmModule, wasmInstance, wasm;";
const GLUE_INIT_PROMISE: &str = "let __wbg_init_promise;";
const GLUE_REGISTRY: &str = "new FinalizationRegistry(";
/// Where every Rust closure handed to JS is made (the one the SDK's executor, src/js/exec.rs,
/// hands settled promises through); the three lines below are inside it.
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
/// (an async task polled after a fetch resolved, through the executor's closure). The loader cannot see those, so every
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

/// `export default "<path> <path>? <path>! ..."`, from the core's table: every endpoint's entry
/// (`Endpoint::entry`), in the table's order, separated by spaces: its path, a query's (no
/// body) followed by `?`, an upload's by `!`. Each call hands the wasm its entry, which
/// `Endpoint::of_entry` reads, so the wasm carries no copy of the table. `js/sdk.js`
/// `buildSdk` camel-cases the two segments into the namespace and method, as
/// `Endpoint::namespace` and `Endpoint::method_name` do (checked here), which saves the browser
/// bundle the names spelled out. Panics on a path the format cannot carry (a build-time table).
fn endpoints_module() -> String {
    let entries: Vec<String> = ENDPOINTS
        .iter()
        .map(|e| {
            let (namespace, method) = e.path.split_once('/').expect("an endpoint path has a '/'");
            assert!(
                Endpoint::of_entry(&e.entry()) == Some(*e),
                "endpoint path {} cannot go into endpoints.js",
                e.path
            );
            let camel = |s: &str| {
                let mut out = String::new();
                let mut chars = s.chars().peekable();
                while let Some(c) = chars.next() {
                    match chars.peek() {
                        Some(&n) if c == '_' && (n.is_ascii_alphanumeric() || n == '_') => {
                            out.push(n.to_ascii_uppercase());
                            chars.next();
                        }
                        _ => out.push(c),
                    }
                }
                out
            };
            assert_eq!(
                (camel(namespace), camel(method)),
                (e.namespace(), e.method_name()),
                "endpoints.js's camel-casing differs from the core's for {}",
                e.path
            );
            e.entry()
        })
        .collect();
    format!(
        "// Generated by `cargo xtask build` from src/core/endpoints.rs: the paths, a query's \
         followed by `?`, an upload's by `!` (js/sdk.js buildSdk; the wasm reads each call's \
         entry).\nexport default {:?};\n",
        entries.join(" ")
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

/// `wasm-pack build --release` into `out_dir` (relative to `root`), with cargo `features`.
pub fn wasm_pack_build(root: &Path, out_dir: &str, features: &[&str]) -> Result<(), String> {
    let mut args = vec![
        "build",
        "--release",
        "--target",
        "web",
        "--mode",
        "no-install",
        "--no-pack",
        "--out-dir",
        out_dir,
        "--out-name",
        "sharetribe_sdk",
    ];
    let features = features.join(",");
    if !features.is_empty() {
        args.extend(["--", "--features", &features]);
    }
    run(root, "wasm-pack", &args)
}
