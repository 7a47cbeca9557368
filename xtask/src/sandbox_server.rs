//! The sandbox as the commands run it: built, started on a free port, stopped when dropped.

use crate::programs::run;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running sandbox, stopped when dropped.
pub struct Sandbox {
    child: Child,
    /// `http://127.0.0.1:<port>`
    pub url: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds and starts the sandbox on a free port, serving `www-example/` and `pkg/`.
pub fn start_sandbox(root: &Path, extra: &[&str]) -> Result<Sandbox, String> {
    run(root, "cargo", &["build", "--quiet", "-p", "sandbox"])?;
    let mut args = vec![
        "--port",
        "0",
        "--static-dir",
        "www-example",
        "--pkg-dir",
        "pkg",
    ];
    args.extend(extra);
    let mut child = Command::new(root.join("target/debug/sandbox"))
        .args(&args)
        .current_dir(root)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the sandbox: {e}"))?;
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    stdout.read_line(&mut line).map_err(|e| e.to_string())?;
    let url = line
        .trim()
        .strip_prefix("sandbox listening on ")
        .map(str::to_owned);
    // Keep draining stdout so the sandbox never blocks on a full pipe.
    std::thread::spawn(move || for _ in stdout.lines() {});
    match url {
        Some(url) => Ok(Sandbox { child, url }),
        None => {
            let _ = child.kill();
            Err(format!(
                "the sandbox did not report its address (got {line:?})"
            ))
        }
    }
}

/// `cargo xtask sandbox`: runs the sandbox in the foreground on port 4000 unless told otherwise.
pub fn run_sandbox(root: &Path, args: &[String]) -> Result<(), String> {
    let mut all = vec![
        "run",
        "--quiet",
        "-p",
        "sandbox",
        "--",
        "--static-dir",
        "www-example",
        "--pkg-dir",
        "pkg",
    ];
    if !args.iter().any(|a| a == "--port") {
        all.extend(["--port", "4000"]);
    }
    all.extend(args.iter().map(String::as_str));
    run(root, "cargo", &all)
}
