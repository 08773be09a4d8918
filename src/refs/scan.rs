//! The most common reference shapes read by hand: `#12`, `owner/repo#12`,
//! a subject's `(#12)` suffix, and the closing keywords. They are in almost
//! every message, so their patterns were compiled on every run (a tenth of a
//! quiet week's brief) and run on every message; each reader answers as its
//! pattern did (the tests hold it to the pattern, kept there).

use std::ops::Range;

use crate::text::after_caseless;

/// A reference found: where it starts (`#`, `GH-`, the owner of
/// `owner/repo#12`) and where its number is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hit {
    pub start: usize,
    pub num: Range<usize>,
}

impl Hit {
    /// Where the reference ends: with its number.
    pub fn end(&self) -> usize {
        self.num.end
    }
}

/// The length of the run of ASCII digits that opens `text`.
fn digits(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// The start of the run of ASCII digits that ends `text`.
fn digits_before(text: &str) -> usize {
    text.len() - text.bytes().rev().take_while(u8::is_ascii_digit).count()
}

/// A subject's squash suffix, `(#12)` or `(!12)` (then `.` and white
/// space at most): the sigil, the reference and where the `(` is.
/// `\((#|!)([0-9]+)\)\.?\s*$`.
fn suffix(subject: &str) -> Option<(char, Hit, usize)> {
    let trimmed = subject.trim_end();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let inside = trimmed.strip_suffix(')')?;
    let num = digits_before(inside)..inside.len();
    let before = inside[..num.start].strip_suffix(['#', '!']).filter(|_| !num.is_empty())?;
    let open = before.strip_suffix('(')?.len();
    Some((inside[before.len()..].chars().next()?, Hit { start: before.len(), num }, open))
}

/// GitHub's squash or rebase merge subject, `Title (#123)`:
/// `\((#[0-9]+)\)\.?\s*$`.
pub(super) fn squash(subject: &str) -> Option<Hit> {
    suffix(subject).filter(|(sigil, _, _)| *sigil == '#').map(|(_, hit, _)| hit)
}

/// A squash or rebase merge's suffix, `Title (#123)` (`(!123)` on GitLab),
/// of a number as written (ten digits at most, the first not a zero):
/// `\((#|!)([1-9][0-9]{0,9})\)\.?\s*$`.
pub(super) fn squash_suffix(subject: &str) -> Option<(char, Hit, usize)> {
    suffix(subject).filter(|(_, hit, _)| hit.num.len() <= 10 && !subject[hit.num.clone()].starts_with('0'))
}

/// `#12` and `GH-12`, left to right: `(?:#|GH-)([0-9]+)`.
pub(super) fn shorts(text: &str) -> impl Iterator<Item = Hit> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() {
            let start = at + memchr::memchr2(b'#', b'G', &text.as_bytes()[at..])?;
            let sigil = if text[start..].starts_with("GH-") {
                3
            } else {
                usize::from(text[start..].starts_with('#'))
            };
            let count = if sigil > 0 { digits(&text[start + sigil..]) } else { 0 };
            if count == 0 {
                at = start + 1;
                continue;
            }
            let num = start + sigil..start + sigil + count;
            at = num.end;
            return Some(Hit { start, num });
        }
        None
    })
}

/// A character of an owner's or a repository's name: `[A-Za-z0-9_.-]`.
fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// `owner/repo#12`, left to right, with where its path ends:
/// `([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#([0-9]+)`.
pub(super) fn crosses(text: &str) -> impl Iterator<Item = (Hit, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let slash = at + memchr::memchr(b'/', &bytes[at..])?;
            let owner = bytes[at..slash].iter().rev().take_while(|&&b| is_name(b)).count();
            let repository = bytes[slash + 1..].iter().take_while(|&&b| is_name(b)).count();
            let hash = slash + 1 + repository;
            let count = if bytes.get(hash) == Some(&b'#') { digits(&text[hash + 1..]) } else { 0 };
            if owner == 0 || repository == 0 || count == 0 {
                at = slash + 1;
                continue;
            }
            let hit = Hit { start: slash - owner, num: hash + 1..hash + 1 + count };
            at = hit.end();
            return Some((hit, hash));
        }
        None
    })
}

/// Where each closing keyword and what follows it end, left to right:
/// `(?i)\b(?:close[sd]?|fix(?:es|ed)?|resolve[sd]?)(?::\s*|\s+)`.
pub(super) fn closers(text: &str) -> Vec<usize> {
    const CLOSE: &[&str] = &["closes", "closed", "close"];
    const FIX: &[&str] = &["fixes", "fixed", "fix"];
    const RESOLVE: &[&str] = &["resolves", "resolved", "resolve"];
    let bytes = text.as_bytes();
    let mut ends = Vec::new();
    let mut at = 0;
    // A keyword starts with one of these letters, in either case.
    while let Some(found) = bytes[at..].iter().position(|b| matches!(b | 0x20, b'c' | b'f' | b'r')) {
        let start = at + found;
        at = start + 1;
        if text[..start].chars().next_back().is_some_and(regex_syntax::is_word_character) {
            continue;
        }
        let forms = match bytes[start] | 0x20 {
            b'c' => CLOSE,
            b'f' => FIX,
            _ => RESOLVE,
        };
        if let Some(end) = forms.iter().find_map(|form| closer(text, start, form)) {
            ends.push(end);
            at = end;
        }
    }
    ends
}

/// Where a closing keyword `form` at `start` and what follows it end: a
/// colon and any white space, or some white space.
fn closer(text: &str, start: usize, form: &str) -> Option<usize> {
    let rest = after_caseless(&text[start..], form)?;
    let after = rest.strip_prefix(':').unwrap_or(rest);
    let tail = after.trim_start();
    (after.len() < rest.len() || tail.len() < after.len()).then(|| text.len() - tail.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::oracle::{compiled, texts};
    use proptest::prelude::*;

    /// Texts made of what the patterns turn on.
    fn messages() -> impl Strategy<Value = String> {
        const ATOMS: [&str; 45] = [
            "#",
            "!",
            "GH-",
            "GH",
            "G",
            "-",
            "(",
            ")",
            ".",
            "/",
            "a",
            "Z",
            "_",
            "0",
            "1",
            "12",
            " ",
            "\t",
            "\n",
            ":",
            "\u{a0}",
            "\u{3000}",
            "é",
            "\u{17F}",
            "\u{212A}",
            "close",
            "Fix",
            "ES",
            "d",
            "resolve",
            "s",
            "owner",
            "re.po",
            "x-y",
            "3a",
            "ǅ",
            "\u{130}",
            "\u{131}",
            "1234567890",
            "!0",
            "\u{85}",
            "\u{2028}",
            "\u{1680}",
            "\u{200D}",
            "\u{301}",
        ];
        texts(&ATOMS, 10)
    }

    fn squash_by_pattern(text: &str) -> Option<Hit> {
        let c = compiled!(r"\((?P<ref>#(?P<num>[0-9]+))\)\.?\s*$").captures(text)?;
        Some(Hit { start: c.name("ref").unwrap().start(), num: c.name("num").unwrap().range() })
    }

    fn squash_suffix_by_pattern(text: &str) -> Option<(char, Hit, usize)> {
        let c = compiled!(r"\((?P<ref>(?P<sigil>#|!)(?P<num>[1-9][0-9]{0,9}))\)\.?\s*$").captures(text)?;
        let num = c.name("num").unwrap().range();
        Some((
            c["sigil"].chars().next()?,
            Hit { start: c.name("ref").unwrap().start(), num },
            c.get(0)?.start(),
        ))
    }

    fn shorts_by_pattern(text: &str) -> Vec<Hit> {
        let hits = compiled!(r"(?P<ref>(?:#|GH-)(?P<num>[0-9]+))").captures_iter(text);
        hits.map(|c| Hit { start: c.get(0).unwrap().start(), num: c.name("num").unwrap().range() }).collect()
    }

    fn crosses_by_pattern(text: &str) -> Vec<(Hit, usize)> {
        let hits = compiled!(r"(?P<ref>(?P<path>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#(?P<num>[0-9]+))")
            .captures_iter(text);
        hits.map(|c| {
            let hit = Hit { start: c.get(0).unwrap().start(), num: c.name("num").unwrap().range() };
            (hit, c.name("path").unwrap().end())
        })
        .collect()
    }

    fn closers_by_pattern(text: &str) -> Vec<usize> {
        let pattern = compiled!(r"(?i)\b(?:close[sd]?|fix(?:es|ed)?|resolve[sd]?)(?::\s*|\s+)");
        pattern.find_iter(text).map(|m| m.end()).collect()
    }

    /// Each reader against its pattern.
    fn check(text: &str) {
        assert_eq!(squash(text), squash_by_pattern(text), "squash of {text:?}");
        assert_eq!(squash_suffix(text), squash_suffix_by_pattern(text), "suffix of {text:?}");
        assert_eq!(shorts(text).collect::<Vec<_>>(), shorts_by_pattern(text), "shorts of {text:?}");
        assert_eq!(crosses(text).collect::<Vec<_>>(), crosses_by_pattern(text), "crosses of {text:?}");
        assert_eq!(closers(text), closers_by_pattern(text), "closers of {text:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]
        #[test]
        fn each_reader_reads_as_its_pattern_reads(text in messages()) {
            check(&text);
        }
    }

    #[test]
    fn each_reader_reads_as_its_pattern_reads_at_the_edges() {
        let mut found = 0;
        for text in [
            "Add a queue (#12)",
            "Add a queue (#12).",
            "Add a queue (#12). \u{a0}",
            "Add a queue (#12)..",
            "Add a queue (#12) .",
            "Add a queue (!12)\r",
            "Add a queue (#)",
            "Add a queue #12)",
            "(#(#12)",
            "((#012)",
            "Add a queue (#12345678901)",
            "Add a queue (!1234567890)",
            "##12 #GH-3 GH-4 GH-x #",
            "a/b#1 a/b/c#2 /x#3 x/#4 x/y# xy#5",
            "a/b#12/c#3",
            "owner/re.po#7abc a_b/c-d#8",
            "x/ye/z#9",
            "fixes #1, Fixes: #2 closed\t#3 resolve:#4 fix",
            "prefixes #1 hotfix #2 \u{17F}fix #3 clo\u{17F}e #4 éfix #5",
            "fixes:fixes #1",
            "Fixed\n#1 RESOLVED\u{3000}#2 closex #3 fixe #4",
            "close",
            "fix:",
            "",
        ] {
            check(text);
            found +=
                usize::from(squash_suffix(text).is_some()) + shorts(text).count() + crosses(text).count();
            found += closers(text).len();
        }
        assert!(found > 30, "{found}");
    }
}
