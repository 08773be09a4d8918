//! The shared floor: a value someone gave, made safe to quote in a message
//! (on one line, control characters escaped, cut to a readable length). Every
//! step's errors and the settings' use it. And the matcher of English words
//! that the readers and classifiers of messages share.

use std::sync::{Mutex, OnceLock};

use regex_automata::dfa::{dense, Automaton};
use regex_automata::nfa::thompson;
use regex_automata::{hybrid, meta, Input};

mod constant;
#[cfg(test)]
pub(crate) mod oracle;
mod pattern;

pub use constant::{Constant, Groups};

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
/// `\w`, `\s` and `\b` are ASCII's, and no literal prefilter is built.
///
/// A pattern that opens with the `i` flag (`(?i)…`, `(?ix)…`) is compiled
/// in lower case without it and matched against the text in lower case:
/// ASCII case folding is exactly that, and a pattern without case classes
/// to build is smaller.
///
/// The program's own patterns are declared with [`words!`]: the build
/// (build.rs) compiles each into full DFAs, and a run only loads them.
/// Compiling them at run time was 43% of the instructions of a quiet week,
/// since a run matches each against a few short messages. A large
/// alternation is compiled as a few DFAs, one for each group of its
/// alternatives (a text matches the pattern if it matches one of them),
/// because its single DFA would be the product of its branches' states.
///
/// A pattern given at run time ([`Words::new`], the tests) is answered by
/// a lazy DFA over its forward automaton. Either way the general engine,
/// which also compiles the pattern backwards to find where a match starts,
/// is built only when [`Words::find_iter`] asks where a match is, or if
/// a DFA gives up.
#[derive(Debug)]
pub struct Words {
    pattern: String,
    engine: Engine,
    regex: OnceLock<meta::Regex>,
    lower: bool,
    /// The pattern as written, for the tests that compare it with case folding.
    #[cfg(test)]
    source: String,
}

#[derive(Debug)]
enum Engine {
    /// The DFAs the build compiled: a text matches if one of them matches.
    Built(Vec<dense::DFA<&'static [u32]>>),
    /// A lazy DFA, compiled at run time.
    Lazy(Box<Matcher>),
    /// No DFA could be had: the general engine answers.
    General,
}

/// Declares the word patterns of a module (its `*_words.rs` file) as
/// statics that load the DFAs the build compiled for them. build.rs reads
/// the same file with its own `words!`, so a pattern cannot be declared
/// without being compiled.
macro_rules! words {
    ($module:ident; $($(#[$doc:meta])* $name:ident = $pattern:literal;)*) => {
        $(
            $(#[$doc])*
            static $name: std::sync::LazyLock<$crate::text::Words> = std::sync::LazyLock::new(|| {
                $crate::text::Words::built($pattern, $crate::text::built::$module::$name)
            });
        )*
    };
}
pub(crate) use words;

/// The word patterns' DFAs, as the build serialised them.
pub(crate) mod built {
    /// A DFA's bytes, aligned for its table of 32-bit state ids.
    #[repr(C)]
    pub struct Aligned<B: ?Sized> {
        pub align: [u32; 0],
        pub bytes: B,
    }
    include!(concat!(env!("OUT_DIR"), "/words.rs"));
}

thread_local! {
    /// The lower-cased text of the last match, its buffer reused.
    static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Words {
    /// `pattern`, compiled now; a pattern of the program's own that does not
    /// compile is a bug the tests catch, never a user's error.
    pub fn new(pattern: &str) -> Words {
        let words = Words::unloaded(pattern);
        let nfa = thompson::Compiler::new()
            .syntax(pattern::syntax_config())
            .configure(pattern::nfa_config())
            .build(&words.pattern)
            .unwrap_or_else(|e| unreachable!("{e}"));
        // As the general engine does: a DFA that keeps clearing its cache
        // for little progress (a hostile message) gives up, and the general
        // engine, which then runs a slower but steady one, answers.
        let thrashing =
            hybrid::dfa::Config::new().minimum_cache_clear_count(Some(3)).minimum_bytes_per_state(Some(10));
        let engine = hybrid::dfa::DFA::builder()
            .configure(thrashing)
            .build_from_nfa(nfa)
            .map_or(Engine::General, |dfa| {
                Engine::Lazy(Box::new(Matcher { cache: Mutex::new(dfa.create_cache()), dfa }))
            });
        Words { engine, ..words }
    }

    /// `pattern` with the DFAs the build compiled for it.
    ///
    /// They are read without checking every transition: checking was
    /// a seventh of a quiet week's instructions (2 MB of tables), and these
    /// bytes are not input but part of the program, written by build.rs
    /// with the same regex-automata; the tests read each with the checks.
    /// Should one not load, the pattern is compiled now instead.
    pub fn built(pattern: &str, dfas: &'static [&'static built::Aligned<[u8]>]) -> Words {
        let loaded: Result<Vec<_>, _> = dfas
            .iter()
            // SAFETY: `from_bytes_unchecked` asks for bytes that
            // `DFA::to_bytes_*` wrote for this target's byte order with a
            // semver-compatible regex-automata: build.rs wrote these so,
            // with the version of Cargo.lock, and `Aligned` gives them the
            // alignment of the table. The checked reader accepts every one
            // of them (`the_built_dfas_read_with_every_check`).
            .map(|dfa| unsafe { dense::DFA::from_bytes_unchecked(&dfa.bytes) }.map(|(dfa, _)| dfa))
            .collect();
        match loaded {
            Ok(dfas) if !dfas.is_empty() => Words { engine: Engine::Built(dfas), ..Words::unloaded(pattern) },
            _ => Words::new(pattern),
        }
    }

    /// `pattern`, lower-cased if caseless, without an engine yet.
    fn unloaded(pattern: &str) -> Words {
        let (lowered, lower) = match pattern::caseless(pattern) {
            Some(lowered) => (lowered, true),
            None => (pattern.to_string(), false),
        };
        Words {
            pattern: lowered,
            engine: Engine::General,
            regex: OnceLock::new(),
            lower,
            #[cfg(test)]
            source: pattern.to_string(),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.on(text, |bytes| {
            let answer = match &self.engine {
                Engine::Built(dfas) => built_match(dfas, bytes),
                Engine::Lazy(matcher) => matcher.is_match(bytes),
                Engine::General => None,
            };
            answer.unwrap_or_else(|| self.regex().is_match(bytes))
        })
    }

    /// The general engine, compiled when first needed.
    fn regex(&self) -> &meta::Regex {
        self.regex.get_or_init(|| {
            meta::Regex::builder()
                .configure(meta::Config::new().auto_prefilter(false))
                .syntax(pattern::syntax_config())
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
        if !self.lower || !has_upper_case(text.as_bytes()) {
            return search(text.as_bytes());
        }
        LOWER.with_borrow_mut(|lower| {
            lowered(text, lower);
            search(lower)
        })
    }
}

/// Whether one of a pattern's DFAs matches `bytes`; `None` if one gave up
/// (a full DFA of ASCII words never does: it has no byte to quit on).
fn built_match(dfas: &[dense::DFA<&'static [u32]>], bytes: &[u8]) -> Option<bool> {
    let input = Input::new(bytes).earliest(true);
    for dfa in dfas {
        if dfa.try_search_fwd(&input).ok()?.is_some() {
            return Some(true);
        }
    }
    Some(false)
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

/// A character as a caseless pattern compares it with an ASCII letter:
/// the letter in lower case, and the two other characters Unicode folds to
/// one, the Kelvin sign (`k`) and the long s (`s`). A hand-written reader of
/// a caseless pattern of ASCII words compares with this.
pub fn fold_to_ascii(c: char) -> char {
    match c {
        '\u{212A}' => 'k',
        '\u{17F}' => 's',
        _ => c.to_ascii_lowercase(),
    }
}

/// `text` after `word` (ASCII letters and punctuation) when it opens with
/// it, letters compared as a caseless pattern compares them
/// ([`fold_to_ascii`]).
pub fn after_caseless<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let mut chars = text.chars();
    for expected in word.chars() {
        if fold_to_ascii(chars.next()?) != expected {
            return None;
        }
    }
    Some(chars.as_str())
}

/// Whether `bytes` has an ASCII upper-case letter: looked for 32 bytes at a
/// time without a branch in between, as most texts asked are in lower case
/// already and are read to their end.
fn has_upper_case(bytes: &[u8]) -> bool {
    let upper = |chunk: &[u8]| chunk.iter().fold(false, |any, b| any | b.is_ascii_uppercase());
    let mut chunks = bytes.chunks_exact(32);
    chunks.any(upper) || upper(chunks.remainder())
}

fn lowered(text: &str, into: &mut Vec<u8>) {
    into.clear();
    into.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
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
            .syntax(pattern::syntax_config())
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

    /// Whether `pattern`, compiled at run time, matches as the folded
    /// pattern does, where it does, on every text.
    pub(crate) fn agrees(pattern: &str, texts: &[&str]) {
        let words = Words::new(pattern);
        assert!(matches!(words.engine, Engine::Lazy(_)), "{pattern}: answered by its lazy DFA");
        answers_as_folded(&words, texts);
    }

    /// Whether a pattern the build compiled is answered by its DFAs, and
    /// matches as the folded pattern does, where it does, on every text.
    pub(crate) fn built_agrees(words: &Words, texts: &[&str]) {
        assert!(matches!(words.engine, Engine::Built(_)), "{}: answered by the build's DFAs", words.source);
        answers_as_folded(words, texts);
    }

    /// How many DFAs the build made of a pattern.
    pub(crate) fn built_dfas(words: &Words) -> usize {
        match &words.engine {
            Engine::Built(dfas) => dfas.len(),
            _ => 0,
        }
    }

    fn answers_as_folded(words: &Words, texts: &[&str]) {
        let before = folded(&words.source);
        for text in texts {
            let found: Vec<&str> =
                before.find_iter(text.as_bytes()).filter_map(|m| text.get(m.range())).collect();
            assert_eq!(
                words.is_match(text),
                before.is_match(text.as_bytes()),
                "{} on {text:?}",
                words.source
            );
            assert_eq!(words.find_iter(text), found, "{} on {text:?}", words.source);
        }
    }

    /// The checks `Words::built` skips: every DFA the build wrote reads
    /// with the checked reader, at the alignment `Aligned` gives it.
    #[test]
    fn the_built_dfas_read_with_every_check() {
        assert_eq!(built::ALL.len(), 24, "every pattern of the two word files");
        for (name, dfas) in built::ALL {
            assert!(!dfas.is_empty(), "{name}");
            for dfa in *dfas {
                assert_eq!(dfa.bytes.as_ptr() as usize % 4, 0, "{name}");
                let (_, read) = dense::DFA::from_bytes(&dfa.bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(read, dfa.bytes.len(), "{name}");
            }
        }
    }

    #[test]
    fn an_upper_case_letter_is_found_wherever_it_is() {
        for len in [0, 1, 31, 32, 33, 64, 95, 100] {
            let lower = "é".repeat(len / 2) + &"a".repeat(len % 2);
            assert!(!has_upper_case(lower.as_bytes()), "{len}");
            for at in 0..lower.len() {
                let mut bytes = lower.clone().into_bytes();
                let was = bytes[at];
                bytes[at] = b'Q';
                assert!(has_upper_case(&bytes), "{len} {at}");
                bytes[at] = was;
            }
        }
        assert!(!has_upper_case("\u{130}É".as_bytes()), "only ASCII letters are lowered");
    }

    #[test]
    fn a_caseless_pattern_is_lowered_but_its_escapes_are_not() {
        assert_eq!(pattern::caseless(r"(?i)CVE-\d{4}\S+\W"), Some(r"cve-\d{4}\S+\W".to_string()));
        assert_eq!(pattern::caseless("(?ix)^Release # Comment"), Some("(?x)^release # comment".to_string()));
        assert_eq!(pattern::caseless(r"(?i)a\\B"), Some(r"a\\b".to_string()));
        assert_eq!(pattern::caseless("(?x)Release"), None);
        assert_eq!(pattern::caseless("(?-u:\\b)Fix"), None);
        assert_eq!(pattern::caseless("Fix (?i)"), None);
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
