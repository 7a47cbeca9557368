//! The test run's scratch folder and the disk space it needs.
//!
//! ChromeDriver leaves a 20 MB browser profile (`org.chromium.Chromium.scoped_dir.*`) in the
//! temporary folder for every session the wasm test runner ends by killing it, and the test
//! apps make temporary folders of their own: about 200 MB per `cargo xtask test`, never
//! removed. On a machine that keeps its disk between runs that fills the disk, and a build that
//! runs out of space fails in the middle of a compile with little to say why. So the run points
//! `TMPDIR` (which Chromium, Firefox, the WebDriver servers and Node's `os.tmpdir()` all follow)
//! at `target/test-tmp/`, empties it first and removes it at the end.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a first build of every target of the test command takes on disk: the debug and release
/// builds, the wasm test builds, the tools and the test apps' `node_modules` (a fresh clone's
/// `target/` and test folders measured 3.6 GB).
const FRESH_BUILD_BYTES: u64 = 4_500_000_000;

/// The scratch folder of a test run, `target/test-tmp/`.
fn scratch_dir(root: &Path) -> PathBuf {
    root.join("target/test-tmp")
}

/// Empties the scratch folder and makes it the `TMPDIR` of this process and everything it
/// starts. Fails when the folder cannot be made.
pub fn enter(root: &Path) -> Result<(), String> {
    let dir = scratch_dir(root);
    // A folder left by an interrupted run is stale: no process of this run uses it yet.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    // Set before any thread or child starts, so every child inherits it.
    std::env::set_var("TMPDIR", &dir);
    Ok(())
}

/// Removes the scratch folder; what cannot be removed (a browser still exiting) is left for the
/// next run's [`enter`].
pub fn leave(root: &Path) {
    let _ = std::fs::remove_dir_all(scratch_dir(root));
}

/// Says how much space is free on the disk that holds `target/`, and warns when it is less than
/// a fresh build takes, so a run that fails in a compile for want of space says why first.
pub fn report_free_space(root: &Path) {
    let Some(free) = free_bytes(root) else {
        return;
    };
    let gb = |bytes: u64| bytes as f64 / 1e9;
    if free < FRESH_BUILD_BYTES {
        eprintln!(
            "xtask: warning: only {:.1} GB free on the disk of {}; a first build of the test \
             command takes about {:.1} GB",
            gb(free),
            root.display(),
            gb(FRESH_BUILD_BYTES)
        );
    } else {
        eprintln!(
            "xtask: {:.1} GB free on the disk of {}",
            gb(free),
            root.display()
        );
    }
}

/// The bytes free for this user on the file system of `path`, from `df`; `None` when `df` is
/// missing or says something else.
fn free_bytes(path: &Path) -> Option<u64> {
    let output = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(path)
        .output()
        .ok()?;
    // A header line, then the figure.
    String::from_utf8(output.stdout)
        .ok()?
        .lines()
        .nth(1)?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_free_space_of_this_disk_is_read() {
        let free = free_bytes(Path::new(env!("CARGO_MANIFEST_DIR")));
        assert!(free.is_some_and(|bytes| bytes > 0), "got {free:?}");
    }
}
