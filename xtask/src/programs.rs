//! Finding, running and installing programs: how every command starts a process (echoing the
//! command line, failing with it), and the project's tools folder.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// Whether `program` is on PATH.
pub fn on_path(program: &str) -> bool {
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

/// Runs a command, echoing its output while capturing it. Fails if it exits non-zero.
pub fn run_captured(
    dir: &Path,
    program: &str,
    args: &[&str],
    envs: &[(&str, &str)],
) -> Result<String, String> {
    let (output, status) = run_capturing(dir, program, args, envs, &[]);
    status.map(|()| output)
}

/// Runs a command with `envs` set and the variables `unset` removed, echoing its output while
/// capturing it. Returns the output also when the command fails, beside the failure.
pub fn run_capturing(
    dir: &Path,
    program: &str,
    args: &[&str],
    envs: &[(&str, &str)],
    unset: &[&str],
) -> (String, Result<(), String>) {
    eprintln!("$ {program} {}", args.join(" "));
    let mut command = Command::new(program);
    for name in unset {
        command.env_remove(name);
    }
    let spawned = command
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => return (String::new(), Err(format!("cannot start {program}: {e}"))),
    };
    // Echo stderr from a thread so neither pipe fills up and blocks the child.
    let mut stderr = child.stderr.take().expect("piped stderr");
    let echo_err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        eprint!("{text}");
        text
    });
    let mut captured = String::new();
    for line in BufReader::new(child.stdout.take().expect("piped stdout")).lines() {
        let line = line.unwrap_or_default();
        println!("{line}");
        captured.push_str(&line);
        captured.push('\n');
    }
    captured.push_str(&echo_err.join().unwrap_or_default());
    let status = match child.wait() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("`{program} {}` failed ({status})", args.join(" "))),
        Err(e) => Err(e.to_string()),
    };
    (captured, status)
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

/// The project's tools folder, `target/tools/`: programs the setup step installs that neither
/// Debian nor PATH provide at the wanted version (geckodriver, binaryen's wasm-opt, esbuild). Inside the
/// project so nothing is written elsewhere, and gone with `cargo clean` like any build output.
pub fn tools_dir(root: &Path) -> PathBuf {
    root.join("target/tools")
}
