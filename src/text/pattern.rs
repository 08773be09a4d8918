// How a word pattern is compiled: shared with the build (build.rs), which
// compiles the program's word patterns ahead of time exactly as the program
// compiles a pattern at run time. Keep it to what both need.

use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;

/// ASCII's `\w`, `\s`, `\b` and case, on bytes.
pub(super) fn syntax_config() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

/// A forward automaton without capture states: only whether a text
/// matches is asked of it.
pub(super) fn nfa_config() -> thompson::Config {
    thompson::Config::new().which_captures(WhichCaptures::None)
}

/// `pattern` without a leading `i` flag and with its letters in lower case,
/// if it opens with that flag. An escape's letter keeps its case (`\S` is
/// not `\s`); the program's patterns use no `\p{…}` classes, whose names
/// would not survive.
pub(super) fn caseless(pattern: &str) -> Option<String> {
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
