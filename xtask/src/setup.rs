//! Installs the tools the tests need when they are missing, so a fresh machine (CI) gets the
//! same set-up as a developer's: the wasm32 target; from Debian, Chromium, Firefox ESR and
//! WebKitGTK's WebDriver with Xvfb (see `browsers`); wasm-bindgen-cli at exactly the version in
//! Cargo.lock and wasm-pack; into the tools folder (`target/tools/`), geckodriver and binaryen's
//! wasm-opt and esbuild for the package build; and the Node test tools (`npm ci` in `tests/node`: the
//! official SDK as reference peer, playwright-core, and what the test apps build with).

use std::path::{Path, PathBuf};

use crate::browsers;
use crate::programs::{cargo_install, on_path, output, run, tools_dir};

/// The binaryen release whose `wasm-opt` the package build runs (from npm: Debian's binaryen
/// 108 breaks the externref table this wasm-bindgen version emits).
const BINARYEN_VERSION: &str = "132.0.0";

/// The esbuild release that minifies the package's browser modules and bundles `index.cjs`.
const ESBUILD_VERSION: &str = "0.28.2";

/// The wasm features this wasm-bindgen's output uses, which every `wasm-opt` run must enable
/// (binaryen refuses or miscompiles the module without them).
pub const WASM_OPT_FEATURES: [&str; 6] = [
    "--enable-reference-types",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-multivalue",
];

/// binaryen's `wasm-opt` in the tools folder.
pub fn wasm_opt_path(root: &Path) -> PathBuf {
    tools_dir(root).join("binaryen/node_modules/.bin/wasm-opt")
}

/// esbuild in the tools folder.
pub fn esbuild_path(root: &Path) -> PathBuf {
    tools_dir(root).join("esbuild/node_modules/.bin/esbuild")
}

/// Installs the npm package `name@version` into `target/tools/<name>` unless that version is
/// there with its program `bin`. The package build uses these, so it needs no test folder's
/// `node_modules`.
fn ensure_npm_tool(root: &Path, name: &str, version: &str, bin: &Path) -> Result<(), String> {
    let dir = tools_dir(root).join(name);
    let manifest = dir.join("node_modules").join(name).join("package.json");
    let installed = std::fs::read_to_string(&manifest).unwrap_or_default();
    if installed.contains(&format!("\"version\": \"{version}\"")) && bin.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let prefix = dir.to_string_lossy();
    let package = format!("{name}@{version}");
    run(
        root,
        "npm",
        &[
            "install",
            "--prefix",
            &prefix,
            "--no-audit",
            "--no-fund",
            "--save-exact",
            &package,
        ],
    )
}

/// The wasm-bindgen version pinned in Cargo.lock.
pub fn locked_wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".to_owned())
}

/// Installs whatever of the tool set is missing. Idempotent and quick when all is there.
pub fn ensure_tools(root: &Path) -> Result<(), String> {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|t| t == "wasm32-unknown-unknown") {
        run(root, "rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }

    let debian = browsers::debian_packages();
    let missing: Vec<&str> = debian
        .iter()
        .filter(|(program, _)| !on_path(program))
        .map(|(_, package)| *package)
        .collect();
    if !missing.is_empty() {
        run(root, "apt-get", &["update", "-qq"])?;
        let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
        args.extend(&missing);
        run(root, "apt-get", &args)?;
    }

    let wanted = locked_wasm_bindgen_version(root)?;
    let installed = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if installed.split_whitespace().nth(1) != Some(wanted.as_str()) {
        cargo_install(root, "wasm-bindgen-cli", Some(&wanted), &[])?;
    }
    if !on_path("wasm-pack") {
        cargo_install(root, "wasm-pack", None, &[])?;
    }
    browsers::ensure_geckodriver(root)?;
    ensure_npm_tool(root, "binaryen", BINARYEN_VERSION, &wasm_opt_path(root))?;
    ensure_npm_tool(root, "esbuild", ESBUILD_VERSION, &esbuild_path(root))?;

    npm_ci(&root.join("tests/node"))?;
    // The environment apps' tools (webpack, Jest, Vite, React, Express): tests/env.
    npm_ci(&root.join("tests/env"))
}

/// `npm ci` in `dir` when its node_modules is missing or older than the lock file.
fn npm_ci(dir: &Path) -> Result<(), String> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let installed = modified(&dir.join("node_modules/.package-lock.json"));
    let locked = modified(&dir.join("package-lock.json"));
    if installed.is_none() || installed < locked {
        run(dir, "npm", &["ci", "--no-audit", "--no-fund"])?;
    }
    Ok(())
}
