//! `cargo xtask transit-reference`: the Rust Transit reader for the JS reader's differential
//! test (tests/node/transit_read.test.mjs). The package no longer carries a Rust reader (its
//! answers are read in JS), so the reference runs natively: the transcoder the wasm used before
//! (`core::transcode`, over the key cache and tag rules of `core::transit`).
//!
//! Reads a JSON array of documents from stdin and writes one line per document: `T` or `P`
//! followed by the tagged JSON of the value (`T` when it holds `_sdkType` objects), or `!` and
//! the error.

use sharetribe_sdk::core::transcode::decode_to_tagged_json;
use std::io::{Read, Write};

/// Reads the documents from stdin and writes the reference reader's results to stdout. Fails
/// when stdin is not a JSON array of strings or stdout cannot be written.
pub fn run() -> Result<(), String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("reading stdin: {e}"))?;
    let documents: Vec<String> = serde_json::from_str(&input)
        .map_err(|e| format!("stdin is no JSON array of strings: {e}"))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for text in &documents {
        let line = match decode_to_tagged_json(text) {
            Ok(doc) => format!("{}{}", if doc.has_types { 'T' } else { 'P' }, doc.text),
            // One line: an error message never holds a newline of its own, but be sure.
            Err(e) => format!("!{}", e.0.replace('\n', " ")),
        };
        writeln!(out, "{line}").map_err(|e| format!("writing stdout: {e}"))?;
    }
    out.flush().map_err(|e| format!("writing stdout: {e}"))
}
