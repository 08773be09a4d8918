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
#[derive(Debug)]
pub struct Words(meta::Regex);

impl Words {
    /// The pattern compiled; a pattern of the program's own that does not
    /// compile is a bug the tests catch, never a user's error.
    pub fn new(pattern: &str) -> Words {
        let built = meta::Regex::builder()
            .configure(meta::Config::new().auto_prefilter(false))
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .build(pattern);
        match built {
            Ok(regex) => Words(regex),
            Err(e) => unreachable!("{e}"),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text.as_bytes())
    }

    /// The matches that are whole characters of `text` (a pattern of ASCII
    /// words only ever yields those).
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = &'t str> + 't {
        self.0.find_iter(text.as_bytes()).filter_map(move |m| text.get(m.range()))
    }
}
