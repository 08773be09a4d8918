//! The shared floor: a value someone gave, made safe to quote in a message
//! (on one line, control characters escaped, cut to a readable length). Every
//! step's errors and the settings' use it. And the matcher of English words
//! that the readers and classifiers of messages share.

use regex_automata::meta;
use regex_automata::util::syntax;

/// A value the user gave, for an error message: in quotes, on one line
/// (control characters escaped, so that a newline in a config value cannot
/// forge a line of CI log such as `::error::`), and cut to 80 characters so
/// that a 10 MB value makes a readable message, not a 10 MB line.
pub fn quote(value: &str) -> String {
    format!("'{}'", one_line(value, 80))
}

/// `text` with control and invisible formatting characters escaped, cut to
/// `max` characters (then ending in `…`).
pub fn one_line(text: &str, max: usize) -> String {
    let mut line = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            line.push('…');
            break;
        }
        if c.is_control() || is_invisible_format(c) {
            line.extend(c.escape_default());
        } else {
            line.push(c);
        }
    }
    line
}

/// Characters that reorder or hide text on a terminal (bidirectional
/// controls, line and paragraph separators, zero-width marks).
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// A pattern of English words, matched byte by byte: case-insensitivity,
/// `\w`, `\s` and `\b` are ASCII's, and no literal prefilter is built. A
/// run compiles each pattern once and matches it against a few short
/// messages, so compiling is the cost: this way a large alternation of
/// case-insensitive words compiles in a fifth of the time it takes as a
/// Unicode `regex::Regex`, and every word it looks for is ASCII anyway.
///
/// A pattern that opens with the `i` flag (`(?i)…`, `(?ix)…`) is compiled
/// in lower case without it and matched against the text in lower case:
/// ASCII case folding is exactly that, and a pattern without case classes
/// to build compiles in two thirds of the time.
#[derive(Debug)]
pub struct Words {
    regex: meta::Regex,
    lower: bool,
    /// The pattern as written, for the tests that compare it with case folding.
    #[cfg(test)]
    source: String,
}

thread_local! {
    /// The lower-cased text of the last match, its buffer reused.
    static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Words {
    /// The pattern compiled; a pattern of the program's own that does not
    /// compile is a bug the tests catch, never a user's error.
    pub fn new(pattern: &str) -> Words {
        #[cfg(test)]
        let written = pattern.to_string();
        let (pattern, lower) = match caseless(pattern) {
            Some(lowered) => (std::borrow::Cow::Owned(lowered), true),
            None => (std::borrow::Cow::Borrowed(pattern), false),
        };
        let built = meta::Regex::builder()
            .configure(meta::Config::new().auto_prefilter(false))
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .build(&pattern);
        match built {
            Ok(regex) => Words {
                regex,
                lower,
                #[cfg(test)]
                source: written,
            },
            Err(e) => unreachable!("{e}"),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.on(text, |bytes| self.regex.is_match(bytes))
    }

    /// The matches that are whole characters of `text` (a pattern of ASCII
    /// words only ever yields those). Lower-casing ASCII keeps every byte
    /// where it was, so a match in the lower-cased text is one in `text`.
    pub fn find_iter<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let ranges: Vec<std::ops::Range<usize>> =
            self.on(text, |bytes| self.regex.find_iter(bytes).map(|m| m.range()).collect());
        ranges.into_iter().filter_map(|range| text.get(range)).collect()
    }

    /// `search` run on the bytes this pattern matches: `text`'s own, or a
    /// lower-cased copy in a reused buffer when the pattern is caseless and
    /// `text` has an upper-case letter.
    fn on<R>(&self, text: &str, search: impl FnOnce(&[u8]) -> R) -> R {
        if !self.lower || !text.bytes().any(|b| b.is_ascii_uppercase()) {
            return search(text.as_bytes());
        }
        LOWER.with_borrow_mut(|lower| {
            lowered(text, lower);
            search(lower)
        })
    }
}

fn lowered(text: &str, into: &mut Vec<u8>) {
    into.clear();
    into.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
}

/// `pattern` without a leading `i` flag and with its letters in lower case,
/// if it opens with that flag. An escape's letter keeps its case (`\S` is
/// not `\s`); the program's patterns use no `\p{…}` classes, whose names
/// would not survive.
fn caseless(pattern: &str) -> Option<String> {
    let rest = pattern.strip_prefix("(?")?;
    let close = rest.find(')')?;
    let flags = &rest[..close];
    if !flags.contains('i') || !flags.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let kept: String = flags.chars().filter(|&c| c != 'i').collect();
    let mut out = if kept.is_empty() { String::new() } else { format!("(?{kept})") };
    let mut escaped = false;
    for c in rest[close + 1..].chars() {
        if escaped {
            if matches!(c, 'p' | 'P') {
                unreachable!("a caseless word pattern with a Unicode class");
            }
            out.push(c);
            escaped = false;
        } else {
            escaped = c == '\\';
            out.push(c.to_ascii_lowercase());
        }
    }
    Some(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The pattern as written.
    pub(crate) fn source(words: &Words) -> &str {
        &words.source
    }

    /// The pattern as compiled before: ASCII case folding by the `i` flag.
    pub(crate) fn folded(pattern: &str) -> meta::Regex {
        meta::Regex::builder()
            .configure(meta::Config::new().auto_prefilter(false))
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .build(pattern)
            .unwrap()
    }

    /// Whether `words` matches as the folded pattern does, where it does, on every text.
    pub(crate) fn agrees(pattern: &str, texts: &[&str]) {
        let (words, before) = (Words::new(pattern), folded(pattern));
        for text in texts {
            let found: Vec<&str> =
                before.find_iter(text.as_bytes()).filter_map(|m| text.get(m.range())).collect();
            assert_eq!(words.is_match(text), before.is_match(text.as_bytes()), "{pattern} on {text:?}");
            assert_eq!(words.find_iter(text), found, "{pattern} on {text:?}");
        }
    }

    #[test]
    fn a_caseless_pattern_is_lowered_but_its_escapes_are_not() {
        assert_eq!(caseless(r"(?i)CVE-\d{4}\S+\W"), Some(r"cve-\d{4}\S+\W".to_string()));
        assert_eq!(caseless("(?ix)^Release # Comment"), Some("(?x)^release # comment".to_string()));
        assert_eq!(caseless(r"(?i)a\\B"), Some(r"a\\b".to_string()));
        assert_eq!(caseless("(?x)Release"), None);
        assert_eq!(caseless("(?-u:\\b)Fix"), None);
        assert_eq!(caseless("Fix (?i)"), None);
    }

    #[test]
    fn a_caseless_pattern_finds_what_case_folding_found_where_it_found_it() {
        let texts = [
            "Fixes CVE-2024-31449 and cve-2023-1234; GHSA-abcd-EFGH-1234",
            "ÉCOLE: Ärger über CVE-2024-0001 — Straße",
            "Release v2.0 (#12)",
            "release   V2.0",
            "RELEASE\tTHE\tSCHEDULER",
            "",
            "x\\S",
        ];
        agrees(r"(?i)(?-u:\b)(?:CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3})(?-u:\b)", &texts);
        agrees(r"(?ix)^release\s+ (?:the\s+)? (?:v?\d+(?:\.\d+)+ | \S+)   # a release", &texts);
        agrees(r"(?i)[A-Z]+\S\W", &texts);
        agrees(r"(?i)x\\S", &texts);
        agrees(r"(?i)[^a-z ]+", &texts);
    }
}
