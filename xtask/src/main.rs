//! The project's commands: `cargo xtask <command>`.
//!
//! - `test`: installs what is missing, then runs every test suite (formatting and lints, the
//!   native tests, the browser tests in Chromium, Firefox and WebKit against a sandbox started
//!   here) and prints the time each stage took and a summary.
//! - `setup`: only the install step.
//! - `build`: builds the npm package into `pkg/`.
//! - `sandbox [flags]`: runs the API sandbox, serving `www-example/` and `pkg/`.
//! - `demo [flags]`: builds the package, then runs the sandbox with the example app and prints
//!   its URL (http://127.0.0.1:4000/ unless `--port` says otherwise).
//! - `size [--update]`: the size of every file a browser loads from the built `pkg/` (raw, gzip,
//!   brotli) against the budget in `xtask/size-budget.json`; `--update` rewrites the budget.
//! - `bench`: benchmarks against the official SDK in headless Chromium; prints tables.
//! - `transit-reference`: the Rust Transit reader over stdin, for the JS reader's differential
//!   test.

mod browsers;
mod env_suite;
mod package;
mod programs;
mod sandbox_server;
mod scratch;
mod setup;
mod size_budget;
mod suites;
mod timing;
mod transit_reference;
mod trap_recovery;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("test") => suites::test_all(&root),
        Some("setup") => setup::ensure_tools(&root),
        Some("build") => setup::ensure_tools(&root).and_then(|_| suites::build_package(&root)),
        Some("sandbox") => sandbox_server::run_sandbox(&root, &args[1..]),
        Some("demo") => setup::ensure_tools(&root)
            .and_then(|_| suites::build_package(&root))
            .and_then(|_| {
                let port = args
                    .iter()
                    .position(|a| a == "--port")
                    .and_then(|i| args.get(i + 1))
                    .map_or("4000", String::as_str);
                println!(
                    "\nThe example app: http://127.0.0.1:{port}/ (demo users alice, bob and carol \
                     @example.com, password <name>-password; Ctrl-C stops it)\n"
                );
                sandbox_server::run_sandbox(&root, &args[1..])
            }),
        Some("size") => size_budget::command(&root, &args[1..]),
        Some("bench") => suites::bench(&root),
        Some("transit-reference") => transit_reference::run(),
        Some("test-trap") => setup::ensure_tools(&root).and_then(|_| trap_recovery::test(&root)),
        _ => {
            eprintln!(
                "usage: cargo xtask <test | test-trap | setup | build | size [--update] | bench | demo | sandbox [sandbox flags]>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's folder).
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}
