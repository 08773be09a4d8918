//! Plain sentences: the kind of a subject that follows no convention, read from
//! its leading verb (`Fix crash when …`, `Add support for …`, `Don't retry …`) and,
//! when the verb says nothing, from telling phrases anywhere in it (`"git log"
//! learned --since-as-filter`, `… no longer crashes`).
//!
//! A guess is a guess: [`kind`] answers `other` rather than stretch, and
//! [`is_ambiguous`] tells the caller when the changed paths may settle it.

use super::conventional::autosquash_kind;
use crate::text::words;

include!("plain_words.rs");

/// Whether a speed-up told in plain words says what a user gains: "faster",
/// a measure, what got quicker. "optimize setopt use" says only that code
/// was tuned, which is maintenance until someone measures it.
pub fn is_felt(description: &str) -> bool {
    let lower = description.to_lowercase();
    PERF_PHRASE.is_match(&lower) || FELT.is_match(&lower)
}

/// Guesses a kind from a non-conventional subject's leading words.
///
/// Words are compared lower-cased with surrounding punctuation stripped, so `[WIP]`,
/// `Fix:` and `fix:nospace` are read as `wip`, `fix` and `fix`; words with no letter or
/// digit at all (emoji, `-`) are skipped. The near-miss conventional types `feat`,
/// `feature`, `perf` and `chore` map to themselves, so `feat (x): y` is still a feature.
/// `Merge` is a merge only as git and the forges write it (`Merge branch …`, `Merge pull
/// request …`); `Merge if statements` is a clean-up.
pub(crate) fn kind(subject: &str) -> &'static str {
    if let Some(kind) = autosquash_kind(subject) {
        return kind;
    }
    let lower = subject.to_lowercase();
    let mut words = lower
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty());
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    let third = words.next().unwrap_or("");
    if VERSION.is_match(first) {
        return "release";
    }
    let verb = first.split(|c: char| !c.is_alphanumeric() && c != '\'').next().unwrap_or("");
    let phrase: Vec<&str> = lower
        .split_whitespace()
        .skip(1)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .take_while(|w| !PREPOSITIONS.contains(w))
        .take(6)
        .collect();
    let by_verb = verb_kind(verb, second, third, &lower, &phrase);
    let kind = if by_verb != "other" {
        by_verb
    } else if REFACTOR_PHRASE.is_match(&lower) {
        "refactor"
    } else if PERF_PHRASE.is_match(&lower) {
        "perf"
    } else if FIX_PHRASE.is_match(&lower) {
        "fix"
    } else if FEATURE_PHRASE.is_match(&lower) {
        "feat"
    } else {
        "other"
    };
    let kind = match kind {
        "other" | "fix" => housekeeping(&lower).unwrap_or(kind),
        "feat" | "perf" if GROUNDWORK.is_match(&lower) => "refactor",
        _ => kind,
    };
    tooling(kind, &lower).unwrap_or(kind)
}

/// Words anywhere in a title that make it housekeeping whatever its verb:
/// `hostname related cleanups`, `syntax and code nits`, `Fix duplicated
/// word in a comment`, `fix typos`.
fn housekeeping(lower: &str) -> Option<&'static str> {
    let words: Vec<&str> =
        lower.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    let has = |w: &str| words.contains(&w);
    if ["cleanup", "cleanups", "clean-up", "clean-ups", "nits", "nit", "tidy-up", "refactoring", "whitespace"]
        .iter()
        .any(|w| has(w))
    {
        return Some("refactor");
    }
    let last = words.last().copied().unwrap_or("");
    if ["typo", "typos", "spelling", "grammar"].iter().any(|w| has(w))
        || matches!(last, "comment" | "comments" | "docstring" | "docstrings")
        || lower.contains("duplicated word")
    {
        return Some("docs");
    }
    None
}

/// Words that end a verb's object (`Fix crash *in* tests` is a fix, not test work).
const PREPOSITIONS: &[&str] = &[
    "in", "on", "for", "to", "when", "with", "by", "from", "of", "at", "if", "after", "before", "during",
    "via", "so",
];

/// A feature or a fix that is about the team's tools is maintenance of them.
fn tooling(kind: &'static str, lower: &str) -> Option<&'static str> {
    if !matches!(kind, "feat" | "fix" | "perf") {
        return None;
    }
    if STYLE_TOOLS.is_match(lower) {
        Some("style")
    } else if TOOLING.is_match(lower) {
        Some("ci")
    } else {
        None
    }
}

/// Whether a guessed kind is weak enough that the changed paths should decide: the
/// wording said nothing (`other`) or only "update" (`chore`).
pub(crate) fn is_ambiguous(kind: &str) -> bool {
    matches!(kind, "other" | "chore")
}

/// The kind a leading verb gives, with the next words for the verbs whose meaning
/// depends on their object (`Add tests for …` is test work, `Update README` docs).
fn verb_kind(verb: &str, second: &str, third: &str, lower: &str, phrase: &[&str]) -> &'static str {
    let object = phrase.iter().find_map(|w| object_kind(w));
    match verb {
        "merge" | "merged" if matches!(second, "branch" | "pull" | "remote-tracking" | "tag" | "commit") => {
            "merge"
        }
        "merge" | "merged" | "merges" => "refactor",
        "revert" | "reverts" | "reverted" | "rollback" => "revert",
        "roll" | "rolled" if second == "back" => "revert",
        "update" | "updates" | "updated" | "upgrade" | "upgrades" | "upgraded"
            if DEPENDENCY_UPDATE.is_match(lower) =>
        {
            "deps"
        }
        "update" | "updates" | "updated" | "add" | "adds" | "added" | "improve" | "improves" | "improved"
        | "fix" | "fixes" | "fixed" | "remove" | "removes" | "removed" | "rewrite" | "rewrites" | "split"
        | "clarify" | "cover" | "enable" | "disable"
            if object.is_some() =>
        {
            object.unwrap_or("other")
        }
        // A new module, crate or helper is how the code is arranged, not
        // what users can do (`core: add `index` module`).
        "add" | "adds" | "added" | "introduce" | "introduces" | "introduced" | "create" | "creates"
        | "created"
            if phrase.iter().any(|w| STRUCTURE.contains(w)) =>
        {
            "refactor"
        }
        "update" | "updates" | "updated" if lower.contains("translation") => "i18n",
        "avoid" | "avoids" | "reduce" | "reduces" | "reduced" | "remove" | "removes" | "eliminate"
        | "eliminates" | "skip" | "skips"
            if COST.is_match(lower) =>
        {
            "perf"
        }
        "update" | "updates" | "updated" | "tweak" | "tweaks" | "tweaked" | "adjust" | "adjusts"
        | "adjusted" | "change" | "changes" | "changed" => "chore",
        "prepare" if second == "release" || (second == "for" && third == "release") => "release",
        "bump" | "bumps" | "bumped"
            if (second == "version" && matches!(third, "" | "to")) || VERSION.is_match(second) =>
        {
            "release"
        }
        "add" | "adds" | "added" | "adding" | "implement" | "implements" | "implemented" | "introduce"
        | "introduces" | "introduced" | "create" | "creates" | "created" | "support" | "supports"
        | "allow" | "allows" | "enable" | "enables" | "new" | "improve" | "improves" | "improved"
        | "feat" | "feature" | "provide" | "provides" | "expose" | "exposes" | "teach" | "teaches"
        | "extend" | "extends" | "offer" | "offers" | "let" | "lets" | "show" | "shows" | "display"
        | "displays" | "accept" | "accepts" | "permit" | "permits" => "feat",
        "fix" | "fixes" | "fixed" | "fixing" | "correct" | "corrects" | "corrected" | "repair"
        | "repairs" | "repaired" | "resolve" | "resolves" | "resolved" | "patch" | "patches" | "patched"
        | "bugfix" | "avoid" | "avoids" | "prevent" | "prevents" | "handle" | "handles" | "reject"
        | "rejects" | "respect" | "respects" | "don't" | "dont" | "do" | "never" | "stop" | "stops"
        | "guard" | "guards" | "ensure" | "ensures" | "restore" | "restores" | "unbreak" | "workaround"
        | "clamp" | "clamps" | "wake" | "wakes" | "work" | "catch" | "catches" | "sanitize" | "sanitise"
        | "escape" | "escapes" | "validate" | "validates" | "honor" | "honour" | "honors" | "honours"
        | "keep" | "keeps" | "plug" | "plugs" | "mitigate" | "mitigates"
            if verb != "do" || second == "not" =>
        {
            if matches!(verb, "work") && second != "around" {
                "other"
            } else {
                "fix"
            }
        }
        "hotfix" => "hotfix",
        "optimize" | "optimizes" | "optimized" | "optimise" | "optimises" | "optimised" | "speed"
        | "faster" | "perf" | "accelerate" | "cache" | "caches" => "perf",
        "reduce" | "reduces" | "reduced" if lower.contains("memory") || lower.contains("time") => "perf",
        "bump" | "bumps" | "bumped" | "upgrade" | "upgrades" | "upgraded" | "pin" | "pins" | "unpin"
        | "downgrade" | "downgrades" => "deps",
        "refactor" | "refactors" | "refactored" | "rename" | "renames" | "renamed" | "move" | "moves"
        | "moved" | "extract" | "extracts" | "extracted" | "simplify" | "simplifies" | "simplified"
        | "clean" | "cleans" | "cleaned" | "cleanup" | "tidy" | "restructure" | "restructures"
        | "restructured" | "reorganize" | "reorganizes" | "reorganized" | "reorganise" | "reorganises"
        | "reorganised" | "split" | "splits" | "inline" | "inlines" | "unify" | "unifies" | "consolidate"
        | "consolidates" | "rewrite" | "rewrites" | "rework" | "reworks" | "reworked" | "deduplicate"
        | "dedupe" | "replace" | "replaces" | "replaced" | "convert" | "converts" | "converted"
        | "migrate" | "migrates" | "use" | "uses" | "make" | "polish" | "polishes" | "polished"
            if !(verb == "make" && lower.contains("faster")) =>
        {
            "refactor"
        }
        "make" => "perf",
        "remove" | "removes" | "removed" | "delete" | "deletes" | "deleted" | "drop" | "drops"
        | "dropped" | "chore" | "deprecate" | "deprecates" | "initial" | "misc" => "chore",
        "doc" | "docs" | "document" | "documents" | "documented" | "readme" | "typo" | "typos"
        | "clarify" | "clarifies" | "comment" | "comments" | "changelog" | "spelling" => "docs",
        "test" | "tests" | "tested" | "testing" => "test",
        "lint" | "format" | "formatting" | "reformat" | "style" => "style",
        "ci" => "ci",
        "build" => "build",
        "release" | "releases" | "released" => "release",
        "wip" => "wip",
        _ => "other",
    }
}

/// Objects of "add" that arrange code rather than give users something.
const STRUCTURE: &[&str] =
    &["module", "modules", "submodule", "crate", "crates", "routine", "routines", "helper", "helpers"];

/// What a verb's object says the work is: `tests`, `docs`, `CI`, a changelog.
fn object_kind(word: &str) -> Option<&'static str> {
    Some(match word {
        "test" | "tests" | "testcase" | "testcases" | "unittest" | "unittests" | "spec" | "specs"
        | "flaky" | "testsuite" | "benchmark" | "benchmarks" | "benchmarking" | "bench" | "benches" => "test",
        "doc" | "docs" | "documentation" | "readme" | "changelog" | "comment" | "comments" | "docstring"
        | "javadoc" | "javadocs" | "rustdoc" | "jsdoc" | "docstrings" | "typo" | "typos" | "example"
        | "examples" | "manual" | "man" | "doc-comment" | "doc-comments" | "doccomment" | "doccomments" => {
            "docs"
        }
        "ci" | "workflow" | "workflows" | "pipeline" => "ci",
        "dependency" | "dependencies" | "deps" | "lockfile" => "deps",
        "copyright" | "license" | "gitignore" | "mailmap" | "authors" | "contributors" => "chore",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Words;
    use std::sync::LazyLock;

    /// Every word pattern of this file.
    const PATTERNS: [&LazyLock<Words>; 11] = [
        &REFACTOR_PHRASE,
        &VERSION,
        &DEPENDENCY_UPDATE,
        &FIX_PHRASE,
        &FEATURE_PHRASE,
        &PERF_PHRASE,
        &TOOLING,
        &STYLE_TOOLS,
        &COST,
        &GROUNDWORK,
        &FELT,
    ];

    #[test]
    fn patterns_compile() {
        for pattern in PATTERNS {
            LazyLock::force(pattern);
        }
    }

    /// Each pattern answers as the general engine answers its pattern as
    /// written, on the subjects of this file's tests as written, upper-cased
    /// and capitalised.
    #[test]
    fn the_patterns_match_as_the_general_engine_does() {
        let source = [include_str!("plain.rs"), include_str!("plain_words.rs")].concat();
        let mut texts = crate::text::tests::quoted_variants(&source);
        texts.extend(["v2.0.1 is out".to_string(), "1.2".to_string()]);
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        for pattern in PATTERNS {
            let written = crate::text::tests::source(pattern);
            crate::text::tests::agrees(written, &texts);
            crate::text::tests::built_agrees(pattern, &texts);
            assert!(texts.iter().any(|t| pattern.is_match(t)), "nothing here matches {written}");
        }
        assert!(texts.len() > 300, "{}", texts.len());
    }

    #[test]
    fn words_of_repair_are_fixes() {
        for subject in [
            "avoid closing index-pack input twice",
            "Prevent a double free on shutdown",
            "Handle empty carts at checkout",
            "Reject names longer than 64 characters",
            "Respect the proxy settings",
            "Don't retry on 4xx responses",
            "Do not crash on an empty config",
            "Stop leaking file handles",
            "Never send the token twice",
            "Keep the cursor from jumping",
            "Ensure the cache is flushed",
            "Work around a compiler bug",
        ] {
            assert_eq!(kind(subject), "fix", "{subject}");
        }
    }

    #[test]
    fn verbs_of_capability_are_features_and_objects_decide_add_and_update() {
        for subject in ["introduce '--resolved' option", "Support Apple Pay", "Expose the metrics endpoint"] {
            assert_eq!(kind(subject), "feat", "{subject}");
        }
        assert_eq!(kind("Add tests for the parser"), "test");
        assert_eq!(kind("Add a test for refunds"), "test");
        assert_eq!(kind("Add benchmark for trim buckets"), "test");
        assert_eq!(kind("Add benchmarking"), "test");
        assert_eq!(kind("add doc-comments for some variance stuff"), "docs");
        assert_eq!(kind("Update README"), "docs");
        // Code arranged for later is not something users can do yet.
        assert_eq!(kind("add `index` module"), "refactor");
        assert_eq!(kind("add grep-index crate"), "refactor");
        assert_eq!(kind("Add some initial indexing scaffolding"), "refactor");
        assert_eq!(kind("Add base for \"all symbols\" implementation"), "refactor");
        assert_eq!(kind("avoid shadowing checkpoint metadata"), "style");
        assert_eq!(kind("skip re-attaching shadow roots during view transitions"), "other");
        assert_eq!(kind("Update the changelog"), "docs");
        assert_eq!(kind("Update the landing page"), "chore");
        assert_eq!(kind("Merge if statements"), "refactor");
        assert_eq!(kind("Merge branch 'x'"), "merge");
        assert_eq!(kind("Make the import faster"), "perf");
        assert_eq!(kind("Bump version to 1.2.0"), "release");
        assert_eq!(kind("Add more SAT resolver tests"), "test");
        assert_eq!(kind("Fix flaky replication tests"), "test");
        assert_eq!(kind("Fix a crash in tests of the parser"), "fix");
        assert_eq!(kind("Fix testing documentation to show teardown"), "docs");
        assert_eq!(kind("Update German translation"), "i18n");
        assert_eq!(kind("Avoid overhead of function pointer calls"), "perf");
        assert_eq!(kind("Enable stylecheck tox run on Azure pipelines"), "style");
        assert_eq!(kind("Add pre-commit config for flake8"), "style");
        assert_eq!(kind("Fix style issues using Black"), "style");
    }

    #[test]
    fn phrases_decide_when_the_first_word_does_not() {
        assert_eq!(kind("\"git log\" learned --since-as-filter"), "feat");
        assert_eq!(kind("git am no longer loses the author"), "fix");
        assert_eq!(kind("The importer is 3x faster"), "perf");
        assert_eq!(kind("Various things"), "other");
        assert_eq!(kind("Object housekeeping in 'git gc' has been refactored to be pluggable"), "refactor");
        assert_eq!(kind("When the push remote is a URL, its refspec is now used"), "feat");
    }

    #[test]
    fn a_speed_up_is_felt_when_it_says_what_users_gain() {
        assert!(is_felt("Speed up the cart page 3x"));
        assert!(is_felt("reduce memory use of the index"));
        assert!(is_felt("Make startup 40% quicker"));
        assert!(!is_felt("optimize setopt use"));
        assert!(!is_felt("optimized env lookups"));
    }
}
