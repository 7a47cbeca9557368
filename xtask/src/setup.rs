//! Installs the tools the tests need when they are missing, so a fresh machine (CI) gets the
//! same set-up as a developer's: the wasm32 target; from Debian, Chromium, Firefox ESR and
//! WebKitGTK's WebDriver with Xvfb (see `browsers`); wasm-bindgen-cli at exactly the version in
//! Cargo.lock and wasm-pack; into the tools folder (`target/tools/`), geckodriver and binaryen's
//! wasm-opt and esbuild for the package build; and the Node test tools (`npm ci` in `tests/node`: the
//! official SDK as reference peer, playwright-core, and what the test apps build with).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::browsers;

/// Runs `program args` in `dir`, failing with the command line when it does not succeed.
pub fn run(dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// The trimmed stdout of `program args`, or `None` if it cannot run or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The full path of `program` if it is on PATH.
fn which(program: &str) -> Option<String> {
    output("sh", &["-c", &format!("command -v {program}")]).filter(|p| !p.is_empty())
}

fn on_path(program: &str) -> bool {
    which(program).is_some()
}

/// The program the environment variable `env` names, else the first of `names` on PATH.
/// Fails saying what is missing and how to get it.
pub fn find_program(what: &str, env: &str, names: &[&str]) -> Result<String, String> {
    if let Some(path) = std::env::var_os(env) {
        return Ok(path.to_string_lossy().into_owned());
    }
    names.iter().find_map(|name| which(name)).ok_or_else(|| {
        format!(
            "{what} not found (set {env}, or put one of {} on PATH; `cargo xtask setup` installs it)",
            names.join(", ")
        )
    })
}

/// The project's tools folder, `target/tools/`: programs the setup step installs that neither
/// Debian nor PATH provide at the wanted version (geckodriver, binaryen's wasm-opt, esbuild). Inside the
/// project so nothing is written elsewhere, and gone with `cargo clean` like any build output.
pub fn tools_dir(root: &Path) -> PathBuf {
    root.join("target/tools")
}

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

/// `cargo install krate [--version v] extra...`, locked when the registry allows.
pub fn cargo_install(
    root: &Path,
    krate: &str,
    version: Option<&str>,
    extra: &[&str],
) -> Result<(), String> {
    let mut args = vec!["install", krate];
    if let Some(version) = version {
        args.extend(["--version", version]);
    }
    args.extend(extra);
    // `--locked` can fail when the registry lacks a locked dependency version; retry without.
    let mut locked = args.clone();
    locked.push("--locked");
    run(root, "cargo", &locked).or_else(|_| run(root, "cargo", &args))
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
