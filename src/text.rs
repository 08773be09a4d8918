//! The shared floor: a value someone gave, made safe to quote in a message
//! (on one line, control characters escaped, cut to a readable length). Every
//! step's errors and the settings' use it.

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
