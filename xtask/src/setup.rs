//! Installs the tools the tests need when they are missing, so a fresh machine (CI) gets the
//! same set-up as a developer's: the wasm32 target, Chromium and ChromeDriver from Debian,
//! wasm-bindgen-cli at exactly the version in Cargo.lock, wasm-pack, and the Node tools
//! (`tests/node`: the official SDK as reference peer, playwright-core, binaryen's wasm-opt).

use std::path::Path;
use std::process::Command;

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

fn on_path(program: &str) -> bool {
    output("sh", &["-c", &format!("command -v {program}")]).is_some_and(|p| !p.is_empty())
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

fn cargo_install(root: &Path, krate: &str, version: Option<&str>) -> Result<(), String> {
    let mut args = vec!["install", krate];
    if let Some(version) = version {
        args.extend(["--version", version]);
    }
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

    let debian = [
        ("chromium", "chromium"),
        ("chromedriver", "chromium-driver"),
        ("wasm-opt", "binaryen"),
    ];
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
        cargo_install(root, "wasm-bindgen-cli", Some(&wanted))?;
    }
    if !on_path("wasm-pack") {
        cargo_install(root, "wasm-pack", None)?;
    }

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
