//! The size budget: what a browser loads from the package (the `.wasm` and every browser JS
//! module, [`crate::package::BROWSER_FILES`]), compressed as a server or CDN would send it, and
//! a committed budget (`xtask/size-budget.json`) that the total gzip size must not pass by more
//! than [`TOLERANCE_PERCENT`]. Bytes are deterministic (same sources, same tools, same bytes),
//! so this is a test; timing never is.
//!
//! - `cargo xtask test`: the stage after the package build ([`check`]), one counted test.
//! - `cargo xtask size`: prints the table for the built `pkg/`; `--update` writes the budget.

use std::io::Write;
use std::path::{Path, PathBuf};

/// How far past the budget the total gzip size may go, in percent, before the check fails.
pub const TOLERANCE_PERCENT: u64 = 2;

/// One runtime file's sizes in bytes.
pub struct FileSize {
    /// The file's name in `pkg/`.
    pub name: String,
    /// As built.
    pub raw: u64,
    /// gzip level 9 (zlib-rs, a port of zlib's deflate; Node's `zlib.gzipSync` at level 9, which
    /// uses Chromium's zlib, differs by about 0.1 %).
    pub gzip: u64,
    /// brotli quality 11, window 22 (Node's defaults at quality 11).
    pub brotli: u64,
}

/// The committed budget file.
fn budget_path(root: &Path) -> PathBuf {
    root.join("xtask/size-budget.json")
}

/// gzip -9 of `bytes`, in bytes.
fn gzip_size(bytes: &[u8]) -> Result<u64, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(encoder.finish().map_err(|e| e.to_string())?.len() as u64)
}

/// brotli quality 11 (window 2^22) of `bytes`, in bytes.
fn brotli_size(bytes: &[u8]) -> Result<u64, String> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(out.len() as u64)
}

/// Measures every runtime file of the package in `pkg`. Fails naming a file that is missing
/// (the package is not built, or the list of browser files is out of date).
pub fn measure(pkg: &Path) -> Result<Vec<FileSize>, String> {
    crate::package::BROWSER_FILES
        .iter()
        .map(|name| {
            let bytes = std::fs::read(pkg.join(name)).map_err(|e| {
                format!(
                    "{}: {e} (build the package first: `cargo xtask build`)",
                    pkg.join(name).display()
                )
            })?;
            Ok(FileSize {
                name: (*name).to_owned(),
                raw: bytes.len() as u64,
                gzip: gzip_size(&bytes)?,
                brotli: brotli_size(&bytes)?,
            })
        })
        .collect()
}

/// The sum of every column, as a row named `total`.
fn total(files: &[FileSize]) -> FileSize {
    FileSize {
        name: "total".to_owned(),
        raw: files.iter().map(|f| f.raw).sum(),
        gzip: files.iter().map(|f| f.gzip).sum(),
        brotli: files.iter().map(|f| f.brotli).sum(),
    }
}

/// Prints the per-file table (file, raw, gzip -9, brotli 11) and the total.
pub fn print_table(files: &[FileSize]) {
    println!(
        "{:<28} {:>10} {:>10} {:>10}",
        "runtime file (browser)", "raw", "gzip -9", "brotli 11"
    );
    for f in files.iter().chain([&total(files)]) {
        println!(
            "{:<28} {:>10} {:>10} {:>10}",
            f.name, f.raw, f.gzip, f.brotli
        );
    }
}

/// The budget's total gzip bytes, from the committed file. Fails when it is missing or has no
/// `gzip_total` number.
fn read_budget(root: &Path) -> Result<u64, String> {
    let path = budget_path(root);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    value["gzip_total"]
        .as_u64()
        .ok_or_else(|| format!("{}: no `gzip_total` number", path.display()))
}

/// Writes the budget file with `files`' totals (gzip is what the check compares; the rest is
/// there to read in a diff).
fn write_budget(root: &Path, files: &[FileSize]) -> Result<(), String> {
    let sum = total(files);
    let per_file: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|f| (f.name.clone(), serde_json::json!(f.gzip)))
        .collect();
    let budget = serde_json::json!({
        "about": format!(
            "What a browser loads from the package, gzip -9 bytes. `cargo xtask test` fails when \
             the total passes gzip_total by more than {TOLERANCE_PERCENT} %; `cargo xtask size \
             --update` rewrites this file from the built pkg/."
        ),
        "gzip_total": sum.gzip,
        "brotli_total": sum.brotli,
        "raw_total": sum.raw,
        "gzip_per_file": per_file,
    });
    let text = serde_json::to_string_pretty(&budget).map_err(|e| e.to_string())? + "\n";
    let path = budget_path(root);
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {} (gzip total {} B)", path.display(), sum.gzip);
    Ok(())
}

/// Compares the measured total with the budget: `Ok` with a line saying where it stands, or
/// `Err` when the total passes the budget by more than the tolerance.
fn verdict(gzip_total: u64, budget: u64) -> Result<String, String> {
    let limit = budget + budget * TOLERANCE_PERCENT / 100;
    if gzip_total > limit {
        return Err(format!(
            "the runtime files are {gzip_total} B gzip, over the budget of {budget} B by more \
             than {TOLERANCE_PERCENT} % (limit {limit} B): make them smaller, or if the growth is \
             wanted, `cargo xtask size --update` and commit xtask/size-budget.json"
        ));
    }
    let mut line = format!("size budget: {gzip_total} B gzip, budget {budget} B (limit {limit} B)");
    if gzip_total * 100 < budget * (100 - TOLERANCE_PERCENT) {
        line.push_str(
            "; smaller than the budget by more than the tolerance: `cargo xtask size --update` \
             locks the gain in",
        );
    }
    Ok(line)
}

/// The test-command stage: measures `pkg/`, prints the table, and returns 1 passed or 1 failed
/// beside the result (a failure names the sizes and the limit).
pub fn check(root: &Path) -> ((u64, u64), Result<(), String>) {
    let result = measure(&root.join("pkg")).and_then(|files| {
        print_table(&files);
        let budget = read_budget(root)?;
        verdict(total(&files).gzip, budget).map(|line| println!("{line}"))
    });
    match result {
        Ok(()) => ((1, 0), Ok(())),
        Err(e) => ((0, 1), Err(e)),
    }
}

/// `cargo xtask size [--update]`: the table for the built `pkg/`, then the budget comparison,
/// or with `--update` the budget rewritten from it.
pub fn command(root: &Path, args: &[String]) -> Result<(), String> {
    let files = measure(&root.join("pkg"))?;
    print_table(&files);
    match args.first().map(String::as_str) {
        Some("--update") => write_budget(root, &files),
        None => {
            let line = verdict(total(&files).gzip, read_budget(root)?)?;
            println!("{line}");
            Ok(())
        }
        Some(other) => Err(format!(
            "cargo xtask size: unknown argument {other:?} (only --update)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_may_pass_the_budget_by_the_tolerance_and_no_more() {
        assert!(verdict(10_200, 10_000).is_ok());
        let err = verdict(10_201, 10_000).unwrap_err();
        assert!(
            err.contains("10201 B") && err.contains("limit 10200 B"),
            "{err}"
        );
    }

    #[test]
    fn a_much_smaller_package_passes_and_says_to_lock_the_gain_in() {
        let line = verdict(9_000, 10_000).unwrap();
        assert!(line.contains("--update"), "{line}");
        assert!(!verdict(9_900, 10_000).unwrap().contains("--update"));
    }

    #[test]
    fn compression_shrinks_repetitive_text_and_is_deterministic() {
        let text = "export function createInstance(config) { return config; }\n".repeat(50);
        let (gz, br) = (
            gzip_size(text.as_bytes()).unwrap(),
            brotli_size(text.as_bytes()).unwrap(),
        );
        assert!(
            gz < text.len() as u64 / 10 && br < gz,
            "gzip {gz}, brotli {br}"
        );
        assert_eq!(gz, gzip_size(text.as_bytes()).unwrap());
    }
}
