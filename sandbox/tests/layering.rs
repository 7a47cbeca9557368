//! The sandbox's layers and their import direction, read from the source: `api/` (handlers)
//! may use `resources/` (rendering) and `domain/` (records and rules); `resources/` may use
//! `domain/`; `domain/` uses neither, nor the server around them. No layer has an import
//! cycle among its files.
//!
//! A file's imports are the `crate::…` and `super::…` paths in its code (outside its test
//! module), and, in a file with submodules, paths through those submodules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules at the crate root that every layer may use: plain helpers with no state.
const SHARED: &[&str] = &["params", "responses", "random", "multipart"];

struct Module {
    /// Path segments below the crate root, e.g. `["api", "listings"]`.
    path: Vec<String>,
    /// The code, without its `#[cfg(test)]` module and comments.
    code: String,
    /// Submodules it declares.
    children: Vec<String>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

fn without_tests_and_comments(text: &str) -> String {
    let code = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn load() -> Vec<Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .iter()
        .filter(|f| !f.ends_with("main.rs"))
        .map(|file| {
            let code = without_tests_and_comments(&std::fs::read_to_string(file).unwrap());
            let children = code
                .lines()
                .filter_map(|l| {
                    let l = l.trim().trim_start_matches("pub ");
                    l.strip_prefix("mod ")?.strip_suffix(';').map(str::to_owned)
                })
                .collect();
            Module {
                path: module_path(&src, file),
                code,
                children,
            }
        })
        .collect()
}

/// The identifier paths in `code` that start with `head` (`crate`, `super` or a submodule),
/// with `{a, b::c}` groups expanded, each as its segments after `head`.
fn paths_after(code: &str, head: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let needle = format!("{head}::");
    let mut from = 0;
    while let Some(at) = code[from..].find(&needle) {
        let start = from + at;
        from = start + needle.len();
        let preceded_by_ident = start > 0
            && (bytes[start - 1].is_ascii_alphanumeric()
                || bytes[start - 1] == b'_'
                || bytes[start - 1] == b':');
        if preceded_by_ident {
            continue;
        }
        expand(&code[from..], &mut Vec::new(), &mut found);
    }
    found
}

/// Reads one path (possibly a `{…}` group) at the start of `rest`, below `prefix`.
fn expand(rest: &str, prefix: &mut Vec<String>, found: &mut Vec<Vec<String>>) -> usize {
    let rest_trimmed = rest.trim_start();
    let skipped = rest.len() - rest_trimmed.len();
    if let Some(inner) = rest_trimmed.strip_prefix('{') {
        let mut used = 1;
        let mut tail = inner;
        loop {
            let n = expand(tail, &mut prefix.clone(), found);
            used += n;
            tail = &tail[n..];
            let t = tail.trim_start();
            used += tail.len() - t.len();
            tail = t;
            if let Some(t) = tail.strip_prefix(',') {
                used += 1;
                tail = t;
            } else if let Some(t) = tail.strip_prefix('}') {
                let _ = t;
                return skipped + used + 1;
            } else {
                return skipped + used;
            }
        }
    }
    let ident: String = rest_trimmed
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if ident.is_empty() {
        // A glob (`render::*`) imports the module itself.
        found.push(prefix.clone());
        return skipped;
    }
    let after = &rest_trimmed[ident.len()..];
    if ident != "self" {
        prefix.push(ident.clone());
    }
    if let Some(next) = after.strip_prefix("::") {
        return skipped + ident.len() + 2 + expand(next, prefix, found);
    }
    found.push(prefix.clone());
    skipped + ident.len()
}

/// The module (a file) that `segments` (absolute, below the crate root) lands in: the longest
/// prefix that is a module.
fn resolve(modules: &BTreeSet<Vec<String>>, segments: &[String]) -> Option<Vec<String>> {
    (0..=segments.len())
        .rev()
        .map(|n| segments[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
}

/// Every file's imports, as module paths (the file itself left out).
fn imports() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules = load();
    let known: BTreeSet<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    let mut graph = BTreeMap::new();
    for module in &modules {
        let mut targets = BTreeSet::new();
        let parent: Vec<String> = module.path[..module.path.len().saturating_sub(1)].to_vec();
        let mut absolute: Vec<Vec<String>> = paths_after(&module.code, "crate");
        for p in paths_after(&module.code, "super") {
            let mut full = parent.clone();
            full.extend(p);
            absolute.push(full);
        }
        for child in &module.children {
            for p in paths_after(&module.code, child) {
                let mut full = module.path.clone();
                full.push(child.clone());
                full.extend(p);
                absolute.push(full);
            }
        }
        for segments in absolute {
            if let Some(target) = resolve(&known, &segments) {
                if target != module.path {
                    targets.insert(target);
                }
            }
        }
        graph.insert(module.path.clone(), targets);
    }
    graph
}

fn layer(path: &[String]) -> &str {
    match path.first().map(String::as_str) {
        Some(top @ ("api" | "resources" | "domain")) => top,
        Some(top) if SHARED.contains(&top) => "shared",
        _ => "server",
    }
}

/// Which layers a layer may import.
fn allowed(from: &str) -> &'static [&'static str] {
    match from {
        "shared" => &["shared"],
        "domain" => &["domain", "shared"],
        "resources" => &["resources", "domain", "shared"],
        "api" => &["api", "resources", "domain", "shared", "server"],
        _ => &["api", "resources", "domain", "shared", "server"],
    }
}

fn name(path: &[String]) -> String {
    if path.is_empty() {
        "crate".to_owned()
    } else {
        path.join("::")
    }
}

#[test]
fn imports_point_from_api_to_resources_to_domain() {
    let graph = imports();
    assert!(graph.len() > 40, "read too few modules: {}", graph.len());
    let mut wrong = Vec::new();
    for (from, targets) in &graph {
        for to in targets {
            if !allowed(layer(from)).contains(&layer(to)) {
                wrong.push(format!(
                    "{} ({}) imports {} ({})",
                    name(from),
                    layer(from),
                    name(to),
                    layer(to)
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_layer_has_an_import_cycle() {
    let graph = imports();
    // Depth-first search for a back edge among the files of each layer.
    fn visit(
        node: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if layer(next) != layer(node) || layer(node) == "server" {
                continue;
            }
            match state.get(next).copied().unwrap_or(0) {
                0 => visit(next, graph, state, stack, cycles),
                1 => {
                    let at = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle: Vec<String> = stack[at..].iter().map(|n| name(n)).collect();
                    cycle.push(name(next));
                    cycles.push(cycle.join(" -> "));
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for node in graph.keys() {
        if state.get(node).copied().unwrap_or(0) == 0 {
            visit(node, &graph, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_scanner_sees_grouped_and_relative_imports() {
    let code = "use crate::{api, domain::data::{kind, Data}};\nuse super::context::Ctx;\nlet x = crate::resources::string(\"a\");";
    let crate_paths = paths_after(code, "crate");
    assert!(
        crate_paths.contains(&vec!["api".to_owned()]),
        "{crate_paths:?}"
    );
    assert!(crate_paths.contains(&vec!["domain".into(), "data".into(), "kind".into()]));
    assert!(crate_paths.contains(&vec!["resources".into(), "string".into()]));
    let relative = paths_after(code, "super");
    assert_eq!(relative, vec![vec!["context".to_owned(), "Ctx".to_owned()]]);
    // And a real edge is found: the API's listings handlers render listings.
    let graph = imports();
    let listings = graph
        .get(&vec!["api".to_owned(), "listings".to_owned()])
        .unwrap();
    assert!(listings.contains(&vec!["resources".to_owned(), "listings".to_owned()]));
}
