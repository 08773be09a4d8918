//! Tags: `[Feature] …`, `[FIX] …`, `[Bugfix] …`, `[Docs] …`, and the same words before a
//! colon (`Hotfix: …`, `WIP: …`). A bracketed word that is no tag names a component, as
//! LLVM and PyTorch write (`[LoopVectorize] …`, `[inductor] …`); a bracket with spaces
//! (`[ci skip]`) says nothing about the change and is passed over.

use super::scan::{rest_of_line, word_end};

/// `[inner] rest`, as the pattern `^\[([^\[\]]+)\]\s*(\S.*)$` reads it (the
/// tests hold them to the same answers), without compiling it.
fn bracket(subject: &str) -> Option<(&str, &str)> {
    let inside = subject.strip_prefix('[')?;
    let close = inside.find(['[', ']']).filter(|&at| at > 0 && inside[at..].starts_with(']'))?;
    Some((&inside[..close], rest_of_line(&inside[close + 1..], false)?))
}

/// `Word: rest` (a word of 2 to 21 ASCII letters and `-`), as the pattern
/// `^([A-Za-z][A-Za-z-]{1,20}):\s+(\S.*)$` reads it, without compiling it.
fn word_colon(subject: &str) -> Option<(&str, &str)> {
    let bytes = subject.as_bytes();
    let word = word_end(bytes, 0, |b| b.is_ascii_alphabetic(), |b| b.is_ascii_alphabetic() || b == b'-')?;
    if !(2..=21).contains(&word) || bytes.get(word) != Some(&b':') {
        return None;
    }
    Some((&subject[..word], rest_of_line(&subject[word + 1..], true)?))
}

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
    if let Some((inner, rest)) = bracket(subject) {
        let inner = inner.trim();
        if inner.chars().count() > 40 {
            return None;
        }
        let tag = match kind(inner) {
            Some(kind) => Tag::Kind(kind),
            None if inner.chars().all(|c| c.is_alphanumeric() || "_-./+".contains(c)) => Tag::Area(inner),
            None => Tag::Ignored,
        };
        return Some((tag, rest));
    }
    let (word, rest) = word_colon(subject)?;
    // Before a colon only the words no team uses as an area name: `add:` and `test:`
    // are areas in git's history, `Hotfix:` never is.
    let tag_word = COLON_TAGS.iter().any(|t| t.eq_ignore_ascii_case(word));
    let stated = kind(word).filter(|_| tag_word)?;
    Some((Tag::Kind(stated), rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::oracle::{atoms, pattern};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn tags_read_as_their_patterns_read_them(text in atoms()) {
            let brackets = pattern(r"^\[([^\[\]]+)\]\s*(\S.*)$");
            let expected = brackets.captures(&text).map(|c| (c[1].to_string(), c[2].to_string()));
            prop_assert_eq!(bracket(&text).map(|(a, b)| (a.to_string(), b.to_string())), expected);
            let colon = pattern(r"^([A-Za-z][A-Za-z-]{1,20}):\s+(\S.*)$");
            let expected = colon.captures(&text).map(|c| (c[1].to_string(), c[2].to_string()));
            prop_assert_eq!(word_colon(&text).map(|(a, b)| (a.to_string(), b.to_string())), expected);
        }
    }

    #[test]
    fn tags_read_as_their_patterns_read_them_at_the_edges() {
        let colon = pattern(r"^([A-Za-z][A-Za-z-]{1,20}):\s+(\S.*)$");
        let brackets = pattern(r"^\[([^\[\]]+)\]\s*(\S.*)$");
        let long = "abcdefghijklmnopqrstu";
        for text in [
            format!("{long}: x"),
            format!("{long}v: x"),
            "a: x".to_string(),
            "ab:\u{a0}x".to_string(),
            "ab: \nx".to_string(),
            "ab: x\ny".to_string(),
            "[] x".to_string(),
            "[a]\u{2028}x".to_string(),
            "[a[b]] x".to_string(),
            "[a\nb] x".to_string(),
        ] {
            let expected = colon.captures(&text).map(|c| (c[1].to_string(), c[2].to_string()));
            assert_eq!(word_colon(&text).map(|(a, b)| (a.to_string(), b.to_string())), expected, "{text:?}");
            let expected = brackets.captures(&text).map(|c| (c[1].to_string(), c[2].to_string()));
            assert_eq!(bracket(&text).map(|(a, b)| (a.to_string(), b.to_string())), expected, "{text:?}");
        }
    }

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
