//! Lines that tie an issue to the work: `Refs #12`, `Part of PAY-7`,
//! `Blocked-by: #3`, `Related to #9`, `See #4`: a keyword, then the
//! reference itself (`Re-lands the queue from #7757` is no such line).
//!
//! Read by hand: compiling the pattern this reads as (kept in the tests)
//! was a twentieth of a quiet week's brief, and it ran on every line of
//! every message that names a number its subject does not.

use crate::text::{after_caseless as after_keyword, fold_to_ascii as fold};

/// The keywords, each spelled out: `refs?` is `ref` and `refs`.
const KEYWORDS: [&str; 20] = [
    "ref",
    "refs",
    "reference",
    "references",
    "part of",
    "related",
    "related to",
    "relates to",
    "towards",
    "issue",
    "issues",
    "ticket",
    "tickets",
    "see",
    "see also",
    "blocked-by",
    "blocked by",
    "depends-on",
    "depends on",
    "re",
];

/// Whether `line` opens, after any white space, with a keyword and then,
/// after white space and a colon, a reference: `#` or `!`, a tracker key
/// (`PAY-7`), an address, or `owner/repo#12`. Letters are compared as a
/// caseless pattern compares them: the Kelvin sign is a `k`, the long s
/// an `s`.
pub(super) fn is_work_line(line: &str) -> bool {
    let rest = line.trim_start();
    // Most lines start with no keyword's first letter.
    let first = rest.chars().next().map(fold);
    if !first.is_some_and(|c| matches!(c, 'r' | 'p' | 't' | 'i' | 's' | 'b' | 'd')) {
        return false;
    }
    KEYWORDS.iter().filter_map(|keyword| after_keyword(rest, keyword)).any(reference_follows)
}

/// A letter of `[A-Za-z]` compared caselessly.
fn is_letter(c: char) -> bool {
    fold(c).is_ascii_lowercase()
}

/// Whether white space, a colon, white space and then a reference open `text`.
fn reference_follows(text: &str) -> bool {
    let text = text.trim_start();
    let text = text.strip_prefix(':').unwrap_or(text).trim_start();
    let Some(first) = text.chars().next() else { return false };
    if matches!(first, '#' | '!') {
        return true;
    }
    is_key(text) || is_address(text) || is_repository(text)
}

/// `[A-Za-z][A-Za-z0-9_]*-[0-9]`.
fn is_key(text: &str) -> bool {
    let mut chars = text.chars();
    if !chars.next().is_some_and(is_letter) {
        return false;
    }
    let rest = chars.as_str();
    let end = rest.find(|c: char| !(is_letter(c) || c.is_ascii_digit() || c == '_')).unwrap_or(rest.len());
    let mut tail = rest[end..].chars();
    tail.next() == Some('-') && tail.next().is_some_and(|c| c.is_ascii_digit())
}

/// `https?://`.
fn is_address(text: &str) -> bool {
    ["http://", "https://"].iter().any(|scheme| after_keyword(text, scheme).is_some())
}

/// `[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+[#!]`.
fn is_repository(text: &str) -> bool {
    let name = |c: char| is_letter(c) || c.is_ascii_digit() || matches!(c, '_' | '.' | '-');
    let owner = text.find(|c: char| !name(c)).unwrap_or(text.len());
    let Some(rest) = text[owner..].strip_prefix('/').filter(|_| owner > 0) else { return false };
    let repository = rest.find(|c: char| !name(c)).unwrap_or(rest.len());
    repository > 0 && rest[repository..].starts_with(['#', '!'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::oracle::{compiled, texts};
    use proptest::prelude::*;
    use regex::Regex;

    /// The pattern this reads as.
    fn pattern() -> &'static Regex {
        compiled!(
            r"(?i)^\s*(?:refs?|references?|part of|related(?: to)?|relates to|towards|issues?|tickets?|see(?: also)?|blocked[- ]by|depends[- ]on|re)\s*:?\s*(?:#|!|[A-Za-z][A-Za-z0-9_]*-[0-9]|https?://|[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+[#!])"
        )
    }

    /// Lines made of what the pattern turns on.
    fn lines() -> impl Strategy<Value = String> {
        const ATOMS: [&str; 43] = [
            "refs",
            "Ref",
            "REFERENCES",
            "part of",
            "Part  of",
            "related",
            " to",
            "relates to",
            "towards",
            "issue",
            "Tickets",
            "see",
            " also",
            "blocked",
            "-",
            " ",
            "by",
            "depends",
            "on",
            "re",
            ":",
            "#",
            "!",
            "\t",
            "\u{a0}",
            "\u{3000}",
            "PAY",
            "a",
            "Z",
            "_",
            "7",
            "http",
            "s",
            "://",
            "/",
            ".",
            "\u{212A}",
            "\u{17F}",
            "é",
            "rust-lang",
            "\u{85}",
            "\u{2028}",
            "\u{1680}",
        ];
        texts(&ATOMS, 9)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]
        #[test]
        fn a_work_line_reads_as_its_pattern_reads_it(line in lines()) {
            prop_assert_eq!(is_work_line(&line), pattern().is_match(&line), "{:?}", line);
        }
    }

    #[test]
    fn a_work_line_reads_as_its_pattern_reads_it_at_the_edges() {
        let pattern = pattern();
        let mut matched = 0;
        for line in [
            "Refs #12",
            "  refs: #12",
            "Ref:#12",
            "References !3",
            "Part of PAY-7",
            "part of PAY-x",
            "Part of P-7",
            "Part of 9-7",
            "Part of _A-7",
            "Part  of #7",
            "Blocked-by: #3",
            "blocked by owner/repo#3",
            "Blocked_by #3",
            "Related to #9",
            "Related #9",
            "Relates #9",
            "See #4",
            "See also https://example.com/4",
            "See http:/x",
            "see HTTPS://x",
            "Re-lands the queue from #7757",
            "Re: #7757",
            "re #1",
            "Towards rust-lang/rust!5",
            "Towards rust-lang/!5",
            "Towards /rust#5",
            "Towards a/b/c#5",
            "Issue",
            "Issues:",
            "Tickets : \u{a0}#1",
            "\u{3000}Refs #1",
            "Ticket\u{212A}-1",
            "\u{212A}",
            "Ticket \u{212A}EY-1",
            "\u{17F}ee #1",
            "Depends-on é-1",
            "Depends on A\u{17F}-1",
            "tickets #",
            "",
        ] {
            assert_eq!(is_work_line(line), pattern.is_match(line), "{line:?}");
            matched += usize::from(is_work_line(line));
        }
        assert!(matched > 15, "{matched}");
    }
}
