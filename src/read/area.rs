//! `area: summary` subjects, as git, Linux, Go and many Rust projects write them:
//! `http: avoid closing index-pack input twice`, `net/http: …`, `runtime, cmd/go: …`.
//!
//! The area names the part of the product; the summary is read for the kind. A few
//! areas are themselves a kind of work (`doc:`, `t1234:`, `ci:`), and say so.

use super::scan::{rest_of_line, word_end};

/// A word, or a path of words, or a comma list of them, then `: ` and a summary; an
/// optional `(scope)` after the area is allowed and dropped (lengths are checked
/// after): the areas and the summary, as the pattern
/// `^([0-9A-Za-z_][0-9A-Za-z_.+/-]*(?:[ \t]*,[ \t]*[0-9A-Za-z_][0-9A-Za-z_.+/-]*)*)(?:\([^()]*\))?!?:[ \t]+(\S.*)$`
/// reads them (the tests hold them to the same answers), without compiling it.
fn areas(subject: &str) -> Option<(&str, &str)> {
    let bytes = subject.as_bytes();
    let starts = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let name_end =
        |from: usize| word_end(bytes, from, starts, |b| starts(b) || matches!(b, b'.' | b'+' | b'/' | b'-'));
    let blanks = |from: usize| {
        from + bytes
            .get(from..)
            .map_or(0, |rest| rest.iter().take_while(|&&b| b == b' ' || b == b'\t').count())
    };
    let mut end = name_end(0)?;
    // Each further name after a comma; what cannot be one ends the list.
    let comma = |end: usize| Some(blanks(end)).filter(|&at| bytes.get(at) == Some(&b','));
    while let Some(next) = comma(end).and_then(|at| name_end(blanks(at + 1))) {
        end = next;
    }
    let mut at = end;
    if bytes.get(at) == Some(&b'(') {
        let inside = bytes[at + 1..].iter().take_while(|&&b| b != b'(' && b != b')').count();
        if bytes.get(at + 1 + inside) != Some(&b')') {
            return None;
        }
        at += inside + 2;
    }
    at += usize::from(bytes.get(at) == Some(&b'!'));
    if bytes.get(at) != Some(&b':') || blanks(at + 1) == at + 1 {
        return None;
    }
    let summary = &subject[blanks(at + 1)..];
    Some((&subject[..end], rest_of_line(summary, false).filter(|rest| rest.len() == summary.len())?))
}

/// The area (the first of a comma list) and the summary of `subject`.
pub(super) fn split(subject: &str) -> Option<(&str, &str)> {
    let (areas, summary) = areas(subject)?;
    let first = areas.split(',').next()?.trim();
    if first.chars().all(|c| c.is_ascii_digit() || c == '.') || first.len() > 40 || areas.len() > 120 {
        return None; // `2.0: …`, a version, not an area; or too long to be one
    }
    Some((first, summary))
}

/// The kind an area states by itself: documentation, tests, CI, build, dependencies.
pub(super) fn kind(area: &str) -> Option<&'static str> {
    let lower = area.to_ascii_lowercase();
    let head = lower.split('/').next().unwrap_or("");
    let is_test_file =
        head.len() > 1 && head.starts_with('t') && head[1..].chars().all(|c| c.is_ascii_digit());
    Some(match head {
        "doc" | "docs" | "documentation" | "readme" | "man" | "changelog" => "docs",
        "t" | "test" | "tests" | "testing" | "testsuite" | "test-lib" | "selftests" => "test",
        _ if is_test_file => "test",
        "ci" | "github" | ".github" | "workflows" | "gitlab-ci" => "ci",
        "build" | "cmake" | "makefile" | "meson" | "bazel" => "build",
        "deps" | "dependencies" | "vendor" => "deps",
        "style" | "lint" | "fmt" => "style",
        "wip" => "wip",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::oracle::{atoms, pattern};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn areas_read_as_their_pattern_reads_them(text in atoms()) {
            let area = pattern(
                r"^([0-9A-Za-z_][0-9A-Za-z_.+/-]*(?:[ \t]*,[ \t]*[0-9A-Za-z_][0-9A-Za-z_.+/-]*)*)(?:\([^()]*\))?!?:[ \t]+(\S.*)$",
            );
            let expected = area.captures(&text).map(|c| (c[1].to_string(), c[2].to_string()));
            prop_assert_eq!(areas(&text).map(|(a, b)| (a.to_string(), b.to_string())), expected);
        }
    }

    #[test]
    fn areas_read_as_their_pattern_reads_them_at_the_edges() {
        let area = pattern(
            r"^([0-9A-Za-z_][0-9A-Za-z_.+/-]*(?:[ \t]*,[ \t]*[0-9A-Za-z_][0-9A-Za-z_.+/-]*)*)(?:\([^()]*\))?!?:[ \t]+(\S.*)$",
        );
        for text in [
            "a,:: x",
            "a, : x",
            "a ,b: x",
            "a,\tb , c: x",
            "a, b,: x",
            "a(b): x",
            "a(b(c)): x",
            "a(b\nc): x",
            "a!: x",
            "a(b)!: x",
            "a!!: x",
            "a:x",
            "a:\u{a0}x",
            "a: \u{3000}x",
            "a: x\ny",
            "a:\t\tx",
            ".a: x",
            "a/b.c+d-e: x",
        ] {
            let expected = area.captures(text).map(|c| (c[1].to_string(), c[2].to_string()));
            assert_eq!(areas(text).map(|(a, b)| (a.to_string(), b.to_string())), expected, "{text:?}");
        }
    }

    #[test]
    fn areas_and_summaries() {
        assert_eq!(split("http: avoid closing twice"), Some(("http", "avoid closing twice")));
        assert_eq!(split("builtin/add: learn --resolved"), Some(("builtin/add", "learn --resolved")));
        assert_eq!(split("runtime, cmd/go: handle EINTR"), Some(("runtime", "handle EINTR")));
        assert_eq!(split("cargo-util: add a helper"), Some(("cargo-util", "add a helper")));
        assert_eq!(split("2.0: the plan"), None);
        assert_eq!(split("Fix the bug in the parser: it was wrong"), None);
        assert_eq!(split("https://example.com is down"), None);
        assert_eq!(kind("t7004"), Some("test"));
        assert_eq!(kind("Documentation"), Some("docs"));
        assert_eq!(kind("http"), None);
    }
}
