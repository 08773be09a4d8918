//! `area: summary` subjects, as git, Linux, Go and many Rust projects write them:
//! `http: avoid closing index-pack input twice`, `net/http: …`, `runtime, cmd/go: …`.
//!
//! The area names the part of the product; the summary is read for the kind. A few
//! areas are themselves a kind of work (`doc:`, `t1234:`, `ci:`), and say so.

use std::sync::LazyLock;

use regex::Regex;

use super::conventional::{captures, group, Pattern};

/// A word, or a path of words, or a comma list of them, then `: ` and a summary; an
/// optional `(scope)` after the area is allowed and dropped. ASCII classes and
/// unbounded repetition keep the compiled pattern small (lengths are checked after).
static AREA: Pattern = LazyLock::new(|| {
    Regex::new(r"^([0-9A-Za-z_][0-9A-Za-z_.+/-]*(?:[ \t]*,[ \t]*[0-9A-Za-z_][0-9A-Za-z_.+/-]*)*)(?:\([^()]*\))?!?:[ \t]+(\S.*)$")
        .ok()
});

/// The area (the first of a comma list) and the summary of `subject`.
pub(super) fn split(subject: &str) -> Option<(&str, &str)> {
    let parts = captures(&AREA, subject)?;
    let areas = group(&parts, 1);
    let first = areas.split(',').next()?.trim();
    if first.chars().all(|c| c.is_ascii_digit() || c == '.') || first.len() > 40 || areas.len() > 120 {
        return None; // `2.0: …`, a version, not an area; or too long to be one
    }
    Some((first, group(&parts, 2)))
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
