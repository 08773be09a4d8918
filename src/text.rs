//! The shared floor: a value someone gave, made safe to quote in a message
//! (on one line, control characters escaped, cut to a readable length). Every
//! step's errors and the settings' use it. And the matcher of English words
//! that the readers and classifiers of messages share.

use std::sync::{Mutex, OnceLock};

use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{hybrid, meta, Input};

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
///
/// Whether a text matches is answered by a lazy DFA over the pattern's
/// forward automaton alone. The general engine also compiles the pattern
/// backwards (to find where a match starts) and tries three more engines
/// on it: half of what compiling cost, and a question only
/// [`Words::find_iter`] asks, so that engine is built when it is first
/// asked.
#[derive(Debug)]
pub struct Words {
    pattern: String,
    /// `None` when the lazy DFA cannot be built for the pattern: the
    /// general engine answers then.
    matcher: Option<Matcher>,
    regex: OnceLock<meta::Regex>,
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
        let nfa = thompson::Compiler::new()
            .syntax(syntax_config())
            .configure(thompson::Config::new().which_captures(WhichCaptures::None))
            .build(&pattern)
            .unwrap_or_else(|e| unreachable!("{e}"));
        // As the general engine does: a DFA that keeps clearing its cache
        // for little progress (a hostile message) gives up, and the general
        // engine, which then runs a slower but steady one, answers.
        let thrashing =
            hybrid::dfa::Config::new().minimum_cache_clear_count(Some(3)).minimum_bytes_per_state(Some(10));
        let matcher = hybrid::dfa::DFA::builder()
            .configure(thrashing)
            .build_from_nfa(nfa)
            .ok()
            .map(|dfa| Matcher { cache: Mutex::new(dfa.create_cache()), dfa });
        Words {
            pattern: pattern.into_owned(),
            matcher,
            regex: OnceLock::new(),
            lower,
            #[cfg(test)]
            source: written,
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.on(text, |bytes| {
            let answer = self.matcher.as_ref().and_then(|m| m.is_match(bytes));
            answer.unwrap_or_else(|| self.regex().is_match(bytes))
        })
    }

    /// The general engine, compiled when first needed.
    fn regex(&self) -> &meta::Regex {
        self.regex.get_or_init(|| {
            meta::Regex::builder()
                .configure(meta::Config::new().auto_prefilter(false))
                .syntax(syntax_config())
                .build(&self.pattern)
                .unwrap_or_else(|e| unreachable!("{e}"))
        })
    }

    /// The matches that are whole characters of `text` (a pattern of ASCII
    /// words only ever yields those). Lower-casing ASCII keeps every byte
    /// where it was, so a match in the lower-cased text is one in `text`.
    pub fn find_iter<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let ranges: Vec<std::ops::Range<usize>> =
            self.on(text, |bytes| self.regex().find_iter(bytes).map(|m| m.range()).collect());
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

/// ASCII's `\w`, `\s`, `\b` and case, on bytes.
fn syntax_config() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

/// A lazy DFA and its cache: the states it has built so far, shared by the
/// searches of every thread in turn (the patterns are statics, and only
/// one thread reads messages).
struct Matcher {
    dfa: hybrid::dfa::DFA,
    cache: Mutex<hybrid::dfa::Cache>,
}

impl Matcher {
    /// Whether `bytes` has a match; `None` if the DFA gave up (its cache
    /// cleared too often for too little progress).
    fn is_match(&self, bytes: &[u8]) -> Option<bool> {
        let mut cache = self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let input = Input::new(bytes).earliest(true);
        self.dfa.try_search_fwd(&mut cache, &input).ok().map(|found| found.is_some())
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher").finish_non_exhaustive()
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

    /// The quoted strings of a source file longer than three characters, each
    /// as written, upper-cased and capitalised word by word: texts to compare
    /// a file's patterns on.
    pub(crate) fn quoted_variants(source: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for text in source.split('"').filter(|t| t.len() > 3) {
            let capitalised: Vec<String> = text
                .split(' ')
                .map(|w| w.get(..1).unwrap_or("").to_ascii_uppercase() + w.get(1..).unwrap_or(""))
                .collect();
            texts.extend([text.to_string(), text.to_ascii_uppercase(), capitalised.join(" ")]);
        }
        texts
    }

    /// Whether `words` matches as the folded pattern does, where it does, on every text.
    pub(crate) fn agrees(pattern: &str, texts: &[&str]) {
        let (words, before) = (Words::new(pattern), folded(pattern));
        assert!(words.matcher.is_some(), "{pattern}: answered by its lazy DFA");
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

    #[test]
    fn whether_a_text_matches_is_answered_as_the_general_engine_answers() {
        let texts = [
            "",
            "fix",
            "Fix: the totals\nbump v1.2 to v1.3\n",
            "\nfix\n",
            "préfix fixé fix\u{e9} éfix",
            "a fix_it fix-it fix9 fix.",
            "ÉCOLE\tfix\r\nFIX",
            "x".repeat(600).as_str(),
        ]
        .map(str::to_string);
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        for pattern in [
            r"(?-u:\b)fix(?-u:\b)",
            r"\bfix\b",
            r"^fix",
            r"fix$",
            r"(?m)^fix$",
            r"(?m)^bump v[0-9]+\.[0-9]+",
            r"[^a-z\s]+",
            r"x*",
            r"(?s).{300}x",
            r"(?:fix|bump)\W+(?:v?\d)",
            r"(?i)^(?:fix|Éc)",
        ] {
            agrees(pattern, &texts);
        }
    }
}
