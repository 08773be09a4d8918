//! Tags: `[Feature] …`, `[FIX] …`, `[Bugfix] …`, `[Docs] …`, and the same words before a
//! colon (`Hotfix: …`, `WIP: …`). A bracketed word that is no tag names a component, as
//! LLVM and PyTorch write (`[LoopVectorize] …`, `[inductor] …`); a bracket with spaces
//! (`[ci skip]`) says nothing about the change and is passed over.

use std::sync::LazyLock;

use regex::Regex;

use super::conventional::{captures, group, Pattern};

static BRACKET: Pattern = LazyLock::new(|| Regex::new(r"^\[([^\[\]]+)\]\s*(\S.*)$").ok());
static WORD_COLON: Pattern = LazyLock::new(|| Regex::new(r"^([A-Za-z][A-Za-z-]{1,20}):\s+(\S.*)$").ok());

/// What a tag says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag<'s> {
    Kind(&'static str),
    Area(&'s str),
    Ignored,
}

/// The tag words read before a colon.
const COLON_TAGS: &[&str] = &[
    "feature",
    "features",
    "enhancement",
    "bugfix",
    "bug",
    "hotfix",
    "wip",
    "breaking",
    "cleanup",
    "typo",
    "misc",
];

/// The kind a tag word states.
fn kind(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "feature" | "features" | "feat" | "new" | "enhancement" | "improvement" | "add" | "added" => "feat",
        "fix" | "fixed" | "bugfix" | "bug" | "bugs" => "fix",
        "hotfix" => "hotfix",
        "security" | "sec" => "security",
        "docs" | "doc" | "documentation" | "typo" => "docs",
        "test" | "tests" | "testing" => "test",
        "refactor" | "refactoring" | "cleanup" | "clean-up" => "refactor",
        "chore" | "misc" | "maintenance" => "chore",
        "wip" => "wip",
        "perf" | "performance" => "perf",
        "ci" => "ci",
        "build" => "build",
        "deps" | "dependencies" | "dependency" => "deps",
        "release" => "release",
        "revert" => "revert",
        "breaking" => "breaking",
        "style" | "lint" => "style",
        _ => return None,
    })
}

/// The tag heading `subject` and the rest.
pub(super) fn split(subject: &str) -> Option<(Tag<'_>, &str)> {
    if let Some(parts) = captures(&BRACKET, subject) {
        let inner = group(&parts, 1).trim();
        if inner.chars().count() > 40 {
            return None;
        }
        let rest = group(&parts, 2);
        let tag = match kind(inner) {
            Some(kind) => Tag::Kind(kind),
            None if inner.chars().all(|c| c.is_alphanumeric() || "_-./+".contains(c)) => Tag::Area(inner),
            None => Tag::Ignored,
        };
        return Some((tag, rest));
    }
    let parts = captures(&WORD_COLON, subject)?;
    // Before a colon only the words no team uses as an area name: `add:` and `test:`
    // are areas in git's history, `Hotfix:` never is.
    let word = group(&parts, 1);
    let tag_word = COLON_TAGS.iter().any(|t| t.eq_ignore_ascii_case(word));
    let stated = kind(word).filter(|_| tag_word)?;
    Some((Tag::Kind(stated), group(&parts, 2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_areas_and_noise() {
        assert_eq!(split("[Feature] Export"), Some((Tag::Kind("feat"), "Export")));
        assert_eq!(split("[inductor] Fuse loops"), Some((Tag::Area("inductor"), "Fuse loops")));
        assert_eq!(split("[ci skip] Fix typo"), Some((Tag::Ignored, "Fix typo")));
        assert_eq!(split("Hotfix: restore checkout"), Some((Tag::Kind("hotfix"), "restore checkout")));
        assert_eq!(split("Bugfix: totals"), Some((Tag::Kind("fix"), "totals")));
        assert_eq!(split("http: avoid"), None);
    }
}
