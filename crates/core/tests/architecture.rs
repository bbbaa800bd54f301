//! The layout ARCHITECTURE.md promises: core's modules import one another without cycles.
//! The test reads the sources: every `crate::` path (and `super::` path to a sibling) outside
//! comments is an import of the module it names; a name the crate root re-exports counts as
//! an import of the module it comes from.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Core's modules by path (`scenarios::chess`), each with its source.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        let mut entries: Vec<_> = fs::read_dir(dir).expect("core's sources are readable").flatten().collect();
        entries.sort_by_key(|entry| entry.path());
        for entry in entries {
            let path = entry.path();
            let name = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default().to_string();
            let joined = if prefix.is_empty() { name.clone() } else { format!("{prefix}::{name}") };
            if path.is_dir() {
                walk(&path, &joined, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let source = fs::read_to_string(&path).expect("a source file is readable");
                let module = match name.as_str() {
                    "lib" => "crate".to_string(),
                    "mod" => prefix.to_string(),
                    _ => joined,
                };
                out.insert(module, source);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "", &mut out);
    out
}

/// The source without comments (line comments and doc comments name paths without importing).
fn code_lines(source: &str) -> impl Iterator<Item = &str> {
    source.lines().map(|line| line.split("//").next().unwrap_or_default())
}

/// The paths after each `marker` in `code`: `crate::a::b` gives `a::b`; a group
/// `crate::{a::b, c}` gives `a::b` and `c`.
fn paths_after(code: &str, marker: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for (start, _) in code.match_indices(marker) {
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[start + marker.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or_default();
            paths.extend(inner.split(',').map(|item| path_prefix(item.trim())));
        } else {
            paths.push(path_prefix(rest));
        }
    }
    paths.retain(|path| !path.is_empty());
    paths
}

/// The leading `a::b::c` of `text`.
fn path_prefix(text: &str) -> String {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(text.len());
    text[..end].trim_end_matches(':').to_string()
}

/// The longest module that `path` (relative to the crate root) starts with; a root re-export
/// resolves to its module.
fn module_of(
    path: &str,
    modules: &BTreeMap<String, String>,
    reexports: &BTreeMap<String, String>,
) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|candidate| modules.contains_key(candidate))
        .or_else(|| reexports.get(parts[0]).cloned())
}

/// Names the crate root re-exports (`pub use ctx::{Ctx, Run}`), with their modules.
fn root_reexports(root: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for line in code_lines(root) {
        let Some(rest) = line.trim().strip_prefix("pub use ") else { continue };
        let Some((module, items)) = rest.split_once("::") else { continue };
        let items = items.trim_end_matches(';').trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let name = item.trim().rsplit(" as ").next().unwrap_or_default().trim();
            if !name.is_empty() {
                names.insert(name.to_string(), module.to_string());
            }
        }
    }
    names
}

fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let reexports = root_reexports(&modules["crate"]);
    let mut graph = BTreeMap::new();
    for (module, source) in &modules {
        if module == "crate" {
            continue;
        }
        let parent = module.rsplit_once("::").map_or("", |(parent, _)| parent);
        let mut targets = BTreeSet::new();
        for line in code_lines(source) {
            let mut paths = paths_after(line, "crate::");
            // `super::name` from a module file is a sibling; from a test module inside the
            // file it is the file's own module, which is no import.
            for path in paths_after(line, "super::") {
                if path != "*" {
                    paths.push(if parent.is_empty() { path } else { format!("{parent}::{path}") });
                }
            }
            for path in paths {
                if let Some(target) = module_of(&path, &modules, &reexports) {
                    if &target != module && target != "crate" {
                        targets.insert(target);
                    }
                }
            }
        }
        graph.insert(module.clone(), targets);
    }
    graph
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|on_path| on_path == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn core_modules_import_one_another_without_cycles() {
    let graph = imports();
    // The reader sees the imports it must: a scenario uses the context, a job the games.
    assert!(graph["scenarios::chess"].contains("ctx"), "{:?}", graph["scenarios::chess"]);
    assert!(graph["job"].contains("chess_games"), "{:?}", graph["job"]);
    assert!(graph["page_state"].contains("freeze_limits"), "{:?}", graph["page_state"]);
    if let Some(cycle) = find_cycle(&graph) {
        panic!("core's modules import in a cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"]), ("d", vec![])]
            .into_iter()
            .map(|(node, next)| (node.to_string(), next.into_iter().map(str::to_string).collect()))
            .collect();
    let cycle = find_cycle(&graph).expect("a cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4);
    assert_eq!(paths_after("use crate::{a::b, c};", "crate::"), vec!["a::b", "c"]);
    assert_eq!(paths_after("x(crate::job::Job::Sleep)", "crate::"), vec!["job::Job::Sleep"]);
    assert!(paths_after("playground_crate::x", "crate::").is_empty());
}
