//! The test suites, the package build and the sandbox runner.

use crate::browsers::{self, Engine, EngineRun};
use crate::package::wasm_pack_build;
use crate::programs::{run, run_captured, run_capturing};
use crate::sandbox_server::{start_sandbox, Sandbox};
use crate::setup::ensure_tools;
use crate::setup::wasm_opt_path;
use crate::timing::Stages;
use std::path::Path;

/// Passed and failed test counts, summed over suites.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Adds the counts of node's test runner summary (`ℹ pass N`, `ℹ fail N`).
    fn add_node_results(&mut self, output: &str) {
        for line in output.lines() {
            let mut words = line.trim().trim_start_matches('ℹ').split_whitespace();
            match (
                words.next(),
                words.next().and_then(|n| n.parse::<u64>().ok()),
            ) {
                (Some("pass"), Some(n)) => self.passed += n,
                (Some("fail"), Some(n)) => self.failed += n,
                _ => {}
            }
        }
    }

    /// Adds the counts of every `test result: ... N passed; M failed` line in `output`.
    fn add_cargo_results(&mut self, output: &str) {
        for line in output.lines() {
            let Some(rest) = line.trim().strip_prefix("test result: ") else {
                continue;
            };
            for part in rest.split([';', '.']) {
                let mut words = part.split_whitespace();
                match (
                    words.next().and_then(|n| n.parse::<u64>().ok()),
                    words.next(),
                ) {
                    (Some(n), Some("passed")) => self.passed += n,
                    (Some(n), Some("failed")) => self.failed += n,
                    _ => {}
                }
            }
        }
    }
}

/// Builds the npm package into `pkg/`: wasm-pack's output plus the files in `pkg-template/`.
pub fn build_package(root: &Path) -> Result<(), String> {
    wasm_pack_build(root, "pkg", &[])?;
    // wasm-opt from binaryen on npm, in the tools folder (the setup step installs it): Debian's
    // binaryen 108 miscompiles the externref table of this wasm-bindgen version, so wasm-pack's
    // own wasm-opt step is off. `--converge` repeats -Oz while it still shrinks the module
    // (~0.1 KB gzip for a few seconds).
    let wasm = root.join("pkg/sharetribe_sdk_bg.wasm");
    let wasm = wasm.to_string_lossy();
    let wasm_opt = wasm_opt_path(root);
    let mut args = vec!["-Oz", "--converge"];
    args.extend(crate::setup::WASM_OPT_FEATURES);
    args.extend(["--strip-debug", "--strip-producers", &wasm, "-o", &wasm]);
    run(root, &wasm_opt.to_string_lossy(), &args)?;
    crate::package::assemble(root)?;
    report_size(root)
}

/// Prints the size of every file a browser loads, raw, gzip -9 and brotli 11.
fn report_size(root: &Path) -> Result<(), String> {
    crate::size_budget::print_table(&crate::size_budget::measure(&root.join("pkg"))?);
    Ok(())
}

/// The browser test files: every `tests/*.rs`. Each must configure `run_in_browser`.
fn browser_test_targets(root: &Path) -> Result<Vec<String>, String> {
    let mut targets = Vec::new();
    for entry in std::fs::read_dir(root.join("tests")).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            if !text.contains("wasm_bindgen_test_configure!(run_in_browser)") {
                return Err(format!(
                    "{} does not configure run_in_browser; wasm-pack would skip it",
                    path.display()
                ));
            }
            targets.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    targets.sort();
    Ok(targets)
}

/// `cargo xtask test`: every suite, then the time each stage took and one summary line.
pub fn test_all(root: &Path) -> Result<(), String> {
    let mut stages = Stages::default();
    let mut tally = Tally::default();
    crate::scratch::report_free_space(root);
    crate::scratch::enter(root)?;
    let result = run_all_suites(root, &mut stages, &mut tally);
    crate::scratch::leave(root);
    stages.print();
    println!("\ntotal: {} passed, {} failed", tally.passed, tally.failed);
    result?;
    if tally.failed > 0 {
        return Err("some tests failed".to_owned());
    }
    Ok(())
}

/// The stages of `cargo xtask test` in order. The browser stages run once per engine; a failed
/// engine stage does not stop the next engine, every other failure stops the run.
fn run_all_suites(root: &Path, stages: &mut Stages, tally: &mut Tally) -> Result<(), String> {
    stages.time("setup", || ensure_tools(root))?;
    stages.time("fmt and clippy", || lints(root))?;
    let mut failed = Vec::new();
    stages.time("cargo test", || native_tests(root, tally))?;
    stages.time("package build", || build_package(root))?;
    if let Err(e) = stages.time("size budget", || size_budget_stage(root, tally)) {
        failed.push(format!("size budget: {e}"));
    }

    // Strict refresh: a reused refresh token fails at once, so the single-flight tests
    // (tests/browser_auth.rs, browser_upload.rs, the multi-tab suite) fail if two refreshes go
    // out. No HTTP cache: the conformance suite makes each asset call twice, once per SDK, and
    // both must reach the request log.
    let sandbox = start_sandbox(root, &["--strict-refresh", "--no-http-cache"])?;
    eprintln!("sandbox at {}", sandbox.url);
    browsers::write_sandbox_url(root, &sandbox.url)?;
    for engine in Engine::ALL {
        let run = match browsers::prepare(root, engine) {
            Ok(run) => run,
            Err(e) => {
                failed.push(format!("{engine}: {e}"));
                continue;
            }
        };
        let stage = format!("wasm browser suites, {engine}");
        if let Err(e) = stages.time(&stage, || wasm_browser_suites(root, &run, tally)) {
            failed.push(format!("{stage}: {e}"));
        }
        let stage = format!("node browser suites, {engine}");
        if let Err(e) = stages.time(&stage, || node_browser_suites(root, &sandbox, &run, tally)) {
            failed.push(format!("{stage}: {e}"));
        }
    }
    let stage = "trap recovery (target/pkg-trap)";
    if let Err(e) = stages.time(stage, || {
        counted(
            tally,
            Counts::Node,
            crate::trap_recovery::run(root, &sandbox.url),
        )
    }) {
        failed.push(format!("{stage}: {e}"));
    }
    let stage = "environments (tests/env)";
    if let Err(e) = stages.time(stage, || environment_suites(root, &sandbox.url, tally)) {
        failed.push(format!("{stage}: {e}"));
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

/// The environment suites (`tests/env`: webpack SSR, Vite, Node ESM/CJS, Jest), counted into
/// the tally; fails when they ran nothing.
fn environment_suites(root: &Path, sandbox_url: &str, tally: &mut Tally) -> Result<(), String> {
    counted(
        tally,
        Counts::Node,
        crate::env_suite::run(root, sandbox_url),
    )
}

/// The size budget check (`crate::size_budget`), counted as one test.
fn size_budget_stage(root: &Path, tally: &mut Tally) -> Result<(), String> {
    let ((passed, failed), result) = crate::size_budget::check(root);
    tally.passed += passed;
    tally.failed += failed;
    result
}

/// `cargo fmt --check` and clippy with `-D warnings`, for the host and for wasm32 (every target,
/// and the library as the package builds it).
fn lints(root: &Path) -> Result<(), String> {
    run(root, "cargo", &["fmt", "--all", "--", "--check"])?;
    let host = ["clippy", "--quiet", "--workspace", "--all-targets"];
    let wasm = [
        "clippy",
        "--quiet",
        "-p",
        "sharetribe-sdk",
        "--target",
        "wasm32-unknown-unknown",
    ];
    // Every target, and the library alone, without the dev-dependencies' `std-panic`: the
    // `no_std` build the package ships.
    let wasm_all = [&wasm[..], &["--all-targets"]].concat();
    let wasm_lib = [&wasm[..], &["--lib"]].concat();
    for args in [&host[..], &wasm_all[..], &wasm_lib[..]] {
        let mut args = args.to_vec();
        args.extend(["--", "-D", "warnings"]);
        run(root, "cargo", &args)?;
    }
    Ok(())
}

/// `cargo test --workspace`, including the tests ignored in a bare clone because they need
/// what the setup step installs (`#[ignore = "needs cargo xtask setup"]`: Node peers).
fn native_tests(root: &Path, tally: &mut Tally) -> Result<(), String> {
    let args = [
        "test",
        "--workspace",
        "--color",
        "never",
        "--",
        "--include-ignored",
    ];
    counted(
        tally,
        Counts::Cargo,
        run_capturing(root, "cargo", &args, &[], &[]),
    )
}

/// The wasm browser suites (`tests/*.rs`) in one engine, through `wasm-pack test`. Fails if
/// wasm-pack skipped a suite or none ran.
fn wasm_browser_suites(root: &Path, run: &EngineRun, tally: &mut Tally) -> Result<(), String> {
    let targets = browser_test_targets(root)?;
    let mut args: Vec<&str> = vec!["test"];
    args.extend(run.wasm_pack_args.iter().map(String::as_str));
    args.extend(["--mode", "no-install", "--"]);
    for target in &targets {
        args.extend(["--test", target.as_str()]);
    }
    let env = env_pairs(&run.env);
    // The test runner takes the first driver variable it finds (geckodriver's first), so only
    // this engine's may be set.
    let mut run = run_capturing(root, "wasm-pack", &args, &env, &browsers::DRIVER_VARIABLES);
    // The test runner gives a WebDriver a few seconds to listen and kills it otherwise ("driver
    // failed to bind port during startup"), which a loaded machine sometimes makes it do. That
    // is no test result: run the engine's suites once more, counting only the second run.
    if run.1.is_err() && run.0.contains("driver failed to bind port") {
        eprintln!("xtask: the WebDriver did not start in time; running these suites again");
        run = run_capturing(root, "wasm-pack", &args, &env, &browsers::DRIVER_VARIABLES);
    }
    if run.0.to_lowercase().contains("skipping") {
        return Err("wasm-pack skipped a test suite (see 'skipping' above)".to_owned());
    }
    counted(tally, Counts::Cargo, run)
}

/// The node suites that drive a browser (`tests/node`), in one engine. In Chromium all of
/// them; Firefox and WebKit run those written against `tests/node/browser.mjs`, the one module
/// that drives every engine (the rest use Playwright, which drives Chromium only).
fn node_browser_suites(
    root: &Path,
    sandbox: &Sandbox,
    run: &EngineRun,
    tally: &mut Tally,
) -> Result<(), String> {
    let every_engine = ["example.test.mjs", "conformance.test.mjs"];
    let chromium_only = [
        "file_helpers.test.mjs",
        "type_handlers.test.mjs",
        "package.test.mjs",
        "multitab.test.mjs",
        "memory.test.mjs",
        "fuzz.test.mjs",
        "transit_read.test.mjs",
        "runtime_types.test.mjs",
    ];
    let mut args = vec![
        "--test",
        "--test-reporter=spec",
        // The files reset the one sandbox and read its request log: one at a time.
        "--test-concurrency=1",
    ];
    args.extend(every_engine);
    if run.engine == Engine::Chromium {
        args.extend(chromium_only);
    }
    let output_dir = root.join("test-output");
    let output_dir = output_dir.to_string_lossy();
    let mut env = env_pairs(&run.env);
    env.extend([
        ("SANDBOX_URL", sandbox.url.as_str()),
        ("TEST_OUTPUT_DIR", &*output_dir),
    ]);
    let run = run_capturing(&root.join("tests/node"), "node", &args, &env, &[]);
    counted(tally, Counts::Node, run)
}

/// Which summary lines a suite prints.
enum Counts {
    /// `test result: ok. N passed; M failed`
    Cargo,
    /// node's `ℹ pass N` / `ℹ fail N`
    Node,
}

/// Adds a suite's counts to `tally` (also when it failed, so the total shows its failures);
/// fails when the suite failed or ran no test.
fn counted(
    tally: &mut Tally,
    counts: Counts,
    (output, status): (String, Result<(), String>),
) -> Result<(), String> {
    let before = (tally.passed, tally.failed);
    match counts {
        Counts::Cargo => tally.add_cargo_results(&output),
        Counts::Node => tally.add_node_results(&output),
    }
    status?;
    if (tally.passed, tally.failed) == before {
        return Err("the suite ran no test".to_owned());
    }
    Ok(())
}

/// Borrows owned environment pairs as `(&str, &str)`.
fn env_pairs(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// `cargo xtask bench`: builds the package, starts a sandbox and runs `tests/node/bench.mjs`,
/// which prints size and speed tables against the official SDK. Timing never fails the command.
pub fn bench(root: &Path) -> Result<(), String> {
    ensure_tools(root)?;
    build_package(root)?;
    let sandbox = start_sandbox(root, &[])?;
    let pkg = root.join("pkg");
    run_captured(
        &root.join("tests/node"),
        "node",
        &["bench.mjs"],
        &[
            ("SANDBOX_URL", &sandbox.url),
            ("PKG_DIR", &pkg.to_string_lossy()),
            // The files the size table counts: the ones the size budget counts.
            (
                "PKG_BROWSER_FILES",
                &crate::package::BROWSER_FILES.join(","),
            ),
        ],
    )
    .map(|_| ())
}
