//! The layers run one way. Every `crate::<module>` a file under `src/<module>` names must be a
//! module below it in [`LAYERS`]; and inside a module directory the files must not name each other
//! in a circle (`company/import.rs` and `company/output.rs` used to). The check reads the sources,
//! with line comments left out, so a new upward `use` fails here before it grows into a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules from the bottom up. A module may use only modules on an earlier
/// line; modules on one line do not use each other. `cli` (the binary) is above them all.
const LAYERS: &[&[&str]] = &[
    &["lang", "atomic"],
    // the base layer: the generic table and file formats, regions, industry codes, progress bars
    &["base", "industry", "region", "progress"],
    &["chain"],
    &["company"],
    // the synthetic national register: a company source for the demo, tests and benchmarks
    &["synth"],
    &["classify"],
    &["gaps"],
    &["leads"],
    // the task forces' pipeline of leads, in SQLite
    &["tracking"],
    // the trip planner, the project cards, and the streaming pipeline that feeds census and
    // prospects batch by batch
    &["trip", "projects", "pipeline"],
    &["render"],
    // the web workspace: the pages and the API over everything below
    &["serve"],
    &["cli"],
];

/// Names the crate root re-exports, and the module each comes from.
const REEXPORTS: &[(&str, &str)] = &[("Lang", "lang"), ("ChainSet", "chain")];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without line comments (doc links may name any module).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a source file is readable");
    // A module's own unit tests (at its end, as is the custom) may build test data with any part
    // of the crate; they are not part of the layers.
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segments after `prefix` (`crate::` or `super::`), including each name of a
/// braced list: `use crate::{a::x, b}` names `a` and `b`.
fn named_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(list) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in list.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.insert(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            names.insert(first_segment(&item));
        } else {
            names.insert(first_segment(rest));
        }
    }
    names.remove("");
    names
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn modules_use_only_the_layers_below() {
    let src = src();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut upward = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let top = rel.iter().next().and_then(|s| s.to_str()).expect("a name");
        let top = top.trim_end_matches(".rs");
        if matches!(top, "lib" | "main") {
            continue;
        }
        let Some(own) = rank(top) else {
            panic!("src/{top} is not in LAYERS: give it its place in tests/layers.rs");
        };
        for name in named_after(&code(file), "crate::") {
            let target = REEXPORTS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(name.as_str(), |(_, m)| *m);
            if target == top {
                continue;
            }
            match rank(target) {
                Some(r) if r < own => {}
                _ => upward.push(format!("{} uses crate::{name}", rel.display())),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that do not point down the layers {LAYERS:?}:\n{}",
        upward.join("\n")
    );
}

#[test]
fn files_of_a_module_do_not_use_each_other_in_a_circle() {
    let src = src();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    // module -> file -> the sibling files it names
    let mut graphs: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let parts: Vec<&str> = rel.iter().filter_map(|s| s.to_str()).collect();
        let [module, name] = parts[..] else { continue };
        let name = name.trim_end_matches(".rs");
        if matches!(name, "mod" | "tests") {
            continue;
        }
        let text = code(file);
        let mut uses = named_after(&text, "super::");
        uses.extend(named_after(&text, &format!("crate::{module}::")));
        uses.retain(|u| u != name);
        graphs
            .entry(module.to_string())
            .or_default()
            .insert(name.to_string(), uses);
    }
    for (module, graph) in &graphs {
        // Depth-first search for a path back to where it started.
        for start in graph.keys() {
            let mut stack = vec![(start.clone(), vec![start.clone()])];
            let mut seen = BTreeSet::new();
            while let Some((at, path)) = stack.pop() {
                for next in graph.get(&at).into_iter().flatten() {
                    if next == start {
                        panic!("src/{module}: {} -> {start} is a circle", path.join(" -> "));
                    }
                    if graph.contains_key(next) && seen.insert(next.clone()) {
                        let mut p = path.clone();
                        p.push(next.clone());
                        stack.push((next.clone(), p));
                    }
                }
            }
        }
    }
}

#[test]
fn the_check_sees_braced_and_plain_paths() {
    let code = "use crate::{gaps::Report, lang::Lang};\nfn f() -> crate::render::Table {}\n";
    let names = named_after(code, "crate::");
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["gaps", "lang", "render"]
    );
    assert!(rank("render") > rank("leads"));
}
