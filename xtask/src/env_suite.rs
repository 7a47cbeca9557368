//! The environment stage of `cargo xtask test`: the package loaded the ways marketplace
//! frontends load it (`tests/env`): Node scripts with `import` and `require` and transit with
//! typeHandlers against the official SDK, Jest with jsdom, the Vite dev server and Vite SSR,
//! `init(...)`, failed loads and a Content-Security-Policy in Chromium, and
//! a webpack 5 + Express SSR + @loadable/component app hydrated in Chromium. Every file makes
//! real calls against the sandbox at `sandbox_url`.

use crate::programs::run_capturing;
use std::path::Path;

/// The suite's files, run one at a time (they reset the one sandbox).
const FILES: [&str; 5] = [
    "node.test.mjs",
    "jest.test.mjs",
    "vite.test.mjs",
    "init.test.mjs",
    "ssr.test.mjs",
];

/// Runs the environment suites; returns node's test runner output for the tally, beside the
/// runner's exit status.
pub fn run(root: &Path, sandbox_url: &str) -> (String, Result<(), String>) {
    let mut args = vec!["--test", "--test-reporter=spec", "--test-concurrency=1"];
    args.extend(FILES);
    run_capturing(
        &root.join("tests/env"),
        "node",
        &args,
        &[("SANDBOX_URL", sandbox_url)],
        &[],
    )
}
