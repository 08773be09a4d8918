//! Compiles the program's word patterns (`src/**/*_words.rs`, declared with
//! `text::words!`) into full DFAs, serialised for the target's byte order,
//! so that a run loads them instead of compiling them: compiling was 43% of
//! the instructions of a quiet week's brief. The patterns are compiled
//! exactly as `text::Words::new` compiles a pattern at run time (the same
//! `src/text/pattern.rs`); the tests check each against the general engine.

use std::fmt::Write as _;
use std::path::Path;

use regex_automata::dfa::{dense, StartKind};
use regex_automata::nfa::thompson;
use regex_syntax::hir::{Hir, HirKind};

mod pattern {
    include!("src/text/pattern.rs");
}

/// Each file's module and its patterns, by name.
macro_rules! words {
    ($module:ident; $($(#[$doc:meta])* $name:ident = $pattern:literal;)*) => {
        (stringify!($module), &[$((stringify!($name), $pattern)),*])
    };
}

const FILES: [&str; 2] = ["src/classify/evidence_words.rs", "src/read/plain_words.rs"];
const PATTERNS: [(&str, &[(&str, &str)]); 2] =
    [include!("src/classify/evidence_words.rs"), include!("src/read/plain_words.rs")];

/// A DFA's table beyond this many bytes is split: its pattern's branches
/// are compiled in groups, each group's DFA under the limit where a branch
/// alone allows it. One DFA for an alternation of phrases with gaps
/// (`escape\s+(?:\S+\s+){1,3}in …`) would hold the product of their states.
const GROUP_LIMIT: usize = 300_000;
/// A group's DFA beyond this many bytes is minimised (a second or so of
/// build time, a third of the size).
const MINIMISE_ABOVE: usize = 200_000;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/text/pattern.rs");
    for file in FILES {
        println!("cargo::rerun-if-changed={file}");
    }
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let dir = Path::new(&out).join("words");
    std::fs::create_dir_all(&dir).expect("OUT_DIR is writable");
    let (mut code, mut all) = (String::new(), Vec::new());
    for (module, patterns) in PATTERNS {
        writeln!(code, "pub mod {module} {{\n    use super::Aligned;").unwrap();
        for (name, written) in patterns {
            let mut items = Vec::new();
            for (i, dfa) in dfas(written).iter().enumerate() {
                // The first `pad` bytes aligned the DFA in that buffer; `Aligned` aligns it in ours.
                let (bytes, pad) =
                    if big_endian { dfa.to_bytes_big_endian() } else { dfa.to_bytes_little_endian() };
                let path = dir.join(format!("{module}.{name}.{i}.dfa"));
                std::fs::write(&path, &bytes[pad..]).expect("OUT_DIR is writable");
                let path = path.to_str().expect("OUT_DIR is UTF-8");
                items.push(format!("&Aligned {{ align: [], bytes: *include_bytes!({path:?}) }}"));
            }
            writeln!(code, "    pub static {name}: &[&Aligned<[u8]>] = &[{}];", items.join(", ")).unwrap();
            all.push(format!("({:?}, {module}::{name})", format!("{module}::{name}")));
        }
        code.push_str("}\n");
    }
    writeln!(code, "#[cfg(test)]\npub static ALL: &[(&str, &[&Aligned<[u8]>])] = &[{}];", all.join(", "))
        .unwrap();
    std::fs::write(Path::new(&out).join("words.rs"), code).expect("OUT_DIR is writable");
}

/// The DFAs of a pattern as written: one, or one for each group of its
/// top-level alternatives when one would be too large.
fn dfas(written: &str) -> Vec<dense::DFA<Vec<u32>>> {
    let lowered = pattern::caseless(written);
    let compiled = lowered.as_deref().unwrap_or(written);
    let hir = regex_automata::util::syntax::parse_with(compiled, &pattern::syntax_config())
        .unwrap_or_else(|e| panic!("{written}: {e}"));
    let whole = dfa(&hir, false);
    if whole.memory_usage() <= GROUP_LIMIT {
        return vec![whole];
    }
    let branches = match hir.kind() {
        HirKind::Alternation(branches) => branches.clone(),
        _ => vec![hir],
    };
    let mut groups: Vec<Vec<Hir>> = vec![Vec::new()];
    for branch in branches {
        let group = groups.last_mut().expect("never empty");
        group.push(branch);
        if group.len() > 1 && dfa(&Hir::alternation(group.clone()), false).memory_usage() > GROUP_LIMIT {
            let branch = group.pop().expect("just pushed");
            groups.push(vec![branch]);
        }
    }
    groups
        .into_iter()
        .map(|group| {
            let hir = Hir::alternation(group);
            let built = dfa(&hir, false);
            if built.memory_usage() > MINIMISE_ABOVE {
                dfa(&hir, true)
            } else {
                built
            }
        })
        .collect()
}

/// The DFA `Words` would search with: unanchored, earliest match.
fn dfa(hir: &Hir, minimise: bool) -> dense::DFA<Vec<u32>> {
    let nfa = thompson::Compiler::new()
        .configure(pattern::nfa_config())
        .build_from_hir(hir)
        .unwrap_or_else(|e| panic!("{hir:?}: {e}"));
    dense::Builder::new()
        .configure(dense::Config::new().start_kind(StartKind::Unanchored).minimize(minimise))
        .build_from_nfa(&nfa)
        .unwrap_or_else(|e| panic!("{hir:?}: {e}"))
}
