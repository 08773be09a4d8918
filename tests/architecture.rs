//! The shape of the crate: imports between its top-level modules point one
//! way, from a later step of the pipeline to an earlier one or down to the
//! shared floor of plain types (see the crate's documentation in `src/lib.rs`).
//! This reads the sources as text (`crate::x`, `use crate::{x, y}`, and
//! `super::` chains that climb to the crate's root), so it needs no parser, and
//! fails on a circle by naming it and the files that make each of its arrows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The shared floor: plain types every step may use, which import nothing but
/// one another.
const FLOOR: &[&str] = &["bucket", "files", "format", "keys", "numbers", "text", "tracked", "zone_names"];

/// The floors of the crate's documentation (`src/lib.rs`), lowest first: a
/// module imports only from floors below its own.
const FLOORS: &[&[&str]] = &[
    FLOOR,
    &["config"],
    &["window"],
    &["history"],
    &["shallow"],
    &["read", "refs", "pull"],
    &["group", "remote"],
    &["http"],
    &["tracker", "metrics"],
    &["classify"],
    &["brief"],
    &["alert", "merge"],
    &["render"],
    &["output"],
    &["cli"],
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|floor| floor.contains(&module))
}

/// Which top-level module imports which, with the files that do.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The crate's top-level modules: `src/x.rs` and `src/x/`.
fn modules(src: &Path) -> BTreeSet<String> {
    std::fs::read_dir(src)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_string();
            (p.is_dir() || p.extension().is_some_and(|e| e == "rs")).then_some(name)
        })
        .filter(|name| name != "lib" && name != "main")
        .collect()
}

/// The code of a file without its comments, so that prose naming a module is
/// not an import.
fn code(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The top-level modules a file's code names, read from the crate's root.
fn imports(relative: &Path, text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let ident = regex::Regex::new(r"^[A-Za-z_][A-Za-z0-9_]*").unwrap();
    let rooted = regex::Regex::new(r"\bcrate::(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)").unwrap();
    let climbed = regex::Regex::new(r"\b((?:super::)+)(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)").unwrap();
    // How many `super::` reach the root from this file: `src/x.rs` and
    // `src/x/mod.rs` are one below it, `src/x/y.rs` two.
    let parts: Vec<_> = relative.components().collect();
    let depth =
        if relative.file_name().is_some_and(|n| n == "mod.rs") { parts.len() - 1 } else { parts.len() };
    let mut named = BTreeSet::new();
    let mut add = |target: &str| {
        if target.starts_with('{') {
            for item in target.trim_matches(|c| c == '{' || c == '}').split(',') {
                if let Some(m) = ident.find(item.trim()) {
                    named.insert(m.as_str().to_string());
                }
            }
        } else {
            named.insert(target.to_string());
        }
    };
    let code = code(text);
    for c in rooted.captures_iter(&code) {
        add(&c[1]);
    }
    for c in climbed.captures_iter(&code) {
        if c[1].matches("super::").count() >= depth {
            add(&c[2]);
        }
    }
    named.retain(|m| modules.contains(m));
    named
}

fn graph(src: &Path) -> Graph {
    let modules = modules(src);
    let mut files = Vec::new();
    sources(src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap().to_path_buf();
        let first = relative.components().next().unwrap().as_os_str().to_str().unwrap();
        let top = first.trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        let node = graph.entry(top.clone()).or_default();
        for target in imports(&relative, &text, &modules) {
            if target != top {
                node.entry(target).or_default().insert(relative.display().to_string());
            }
        }
    }
    graph
}

/// A circle for each knot of the graph (modules that all reach one another),
/// as the modules along it, with all the modules of its knot.
fn circles(graph: &Graph) -> Vec<(Vec<String>, Vec<String>)> {
    // Tarjan's strongly connected components; a component of more than one
    // module holds a circle, found by a breadth-first search back to its start.
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        components: Vec<Vec<&'g str>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flat_map(|m| m.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            s.components.push(component);
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        components: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    let mut found = Vec::new();
    for component in s.components.into_iter().filter(|c| c.len() > 1) {
        let inside: BTreeSet<&str> = component.iter().copied().collect();
        let start = *inside.iter().next().unwrap();
        // The shortest way from `start` back to itself inside the component.
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        'search: while let Some(v) = queue.pop_front() {
            for w in graph[v].keys().map(String::as_str).filter(|w| inside.contains(w)) {
                if w == start {
                    came_from.insert(start, v);
                    break 'search;
                }
                if !came_from.contains_key(w) {
                    came_from.insert(w, v);
                    queue.push_back(w);
                }
            }
        }
        let mut circle = vec![start.to_string()];
        let mut at = came_from[start];
        while at != start {
            circle.push(at.to_string());
            at = came_from[at];
        }
        circle.push(start.to_string());
        circle.reverse();
        let mut knot: Vec<String> = inside.iter().map(|m| m.to_string()).collect();
        knot.sort();
        found.push((circle, knot));
    }
    found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_circle_between_top_level_modules() {
    let graph = graph(&src());
    let circles = circles(&graph);
    let described: Vec<String> = circles
        .iter()
        .map(|(circle, knot)| {
            let arrows: Vec<String> = circle
                .windows(2)
                .map(|pair| {
                    let files: Vec<&str> = graph[&pair[0]][&pair[1]].iter().map(String::as_str).collect();
                    format!("  {} → {} ({})", pair[0], pair[1], files.join(", "))
                })
                .collect();
            format!(
                "circle: {}\n{}\n  (and all of these reach one another: {})",
                circle.join(" → "),
                arrows.join("\n"),
                knot.join(", ")
            )
        })
        .collect();
    assert!(
        circles.is_empty(),
        "the top-level modules import one another in a circle; move the type a lower step \
         needs down to it or to the shared floor:\n{}",
        described.join("\n")
    );
}

#[test]
fn every_import_goes_down_a_floor() {
    let graph = graph(&src());
    let mut wrong = Vec::new();
    for module in modules(&src()) {
        if floor_of(&module).is_none() {
            wrong.push(format!("  {module} has no floor: add it to the crate's documentation and to FLOORS"));
        }
    }
    for (from, targets) in &graph {
        for (to, files) in targets {
            if let (Some(a), Some(b)) = (floor_of(from), floor_of(to)) {
                if b >= a && !(a == 0 && b == 0) {
                    let files = files.iter().cloned().collect::<Vec<_>>().join(", ");
                    wrong.push(format!("  {from} (floor {a}) → {to} (floor {b}) ({files})"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports that do not go down a floor:\n{}", wrong.join("\n"));
}

#[test]
fn the_shared_floor_imports_nothing_above_it() {
    let graph = graph(&src());
    let mut above = Vec::new();
    for floor in FLOOR {
        for (target, files) in graph.get(*floor).into_iter().flatten() {
            if !FLOOR.contains(&target.as_str()) {
                above.push(format!(
                    "  {floor} → {target} ({})",
                    files.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    assert!(above.is_empty(), "the shared floor reaches up into the steps:\n{}", above.join("\n"));
}

#[test]
fn the_settings_import_no_step() {
    // `config` reads the file; what a step makes of a setting is the step's.
    let graph = graph(&src());
    let steps: Vec<String> = graph
        .get("config")
        .into_iter()
        .flatten()
        .filter(|(target, _)| !FLOOR.contains(&target.as_str()))
        .map(|(target, files)| {
            format!("  config → {target} ({})", files.iter().cloned().collect::<Vec<_>>().join(", "))
        })
        .collect();
    assert!(steps.is_empty(), "the settings reach into a step:\n{}", steps.join("\n"));
}

#[test]
fn the_check_sees_a_circle_and_a_climb_to_the_root() {
    let modules: BTreeSet<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let text = "use crate::{b, c::Thing};\n// crate::a in a comment is not an import\nfn f() { super::super::a::g() }";
    let found = imports(Path::new("a/x.rs"), text, &modules);
    assert_eq!(found, ["a", "b", "c"].iter().map(|s| s.to_string()).collect());
    let mut graph = Graph::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a")] {
        graph.entry(from.into()).or_default().entry(to.into()).or_default().insert(format!("{from}.rs"));
    }
    let found = circles(&graph);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, ["a", "b", "c", "a"]);
    assert_eq!(found[0].1, ["a", "b", "c"]);
    graph.get_mut("c").unwrap().clear();
    assert!(circles(&graph).is_empty());
}
