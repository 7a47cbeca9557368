//! The trap-recovery suite (issue 9, point 3): the package built with the `test-trap` cargo
//! feature into `target/pkg-trap/` (never into `pkg/`, so the published package has no trap
//! path), then `tests/node/trap_recovery.test.mjs` against it and the sandbox.

use crate::programs::run_capturing;
use std::path::Path;

/// Where the test build goes, relative to the workspace root.
const OUT_DIR: &str = "target/pkg-trap";

/// Builds the test package and runs the suite; returns its output (node's summary lines) and
/// whether it passed. Fails naming the step: the build, or the suite.
pub fn run(root: &Path, sandbox_url: &str) -> (String, Result<(), String>) {
    let built = crate::package::wasm_pack_build(root, OUT_DIR, &["test-trap"])
        .and_then(|()| crate::package::assemble_into(root, &root.join(OUT_DIR)));
    if let Err(e) = built {
        return (String::new(), Err(format!("building {OUT_DIR}: {e}")));
    }
    let pkg = root.join(OUT_DIR);
    let pkg = pkg.to_string_lossy();
    run_capturing(
        &root.join("tests/node"),
        "node",
        &["--test", "--test-reporter=spec", "trap_recovery.test.mjs"],
        &[("SANDBOX_URL", sandbox_url), ("TRAP_PKG_DIR", &pkg)],
        &[],
    )
}

/// `cargo xtask test-trap`: this suite alone, against a sandbox of its own.
pub fn test(root: &Path) -> Result<(), String> {
    let sandbox = crate::sandbox_server::start_sandbox(root, &["--strict-refresh"])?;
    // The suite's output is shown as it runs.
    run(root, &sandbox.url).1
}
