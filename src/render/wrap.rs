//! The text brief at a terminal: long lines wrap at word boundaries, with the
//! continuation indented under the item's text, instead of breaking mid-word at
//! the terminal's edge.

/// Wraps every line of `text` longer than `width` columns. A line's hanging
/// indent is its leading spaces plus a bullet (`* `, `! `, `- `) when it has one.
/// Terminal colour codes take no columns. A word longer than the line stays whole.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if visible(line) <= width {
            out.push_str(line);
            continue;
        }
        let indent = hanging_indent(line);
        let mut column = 0;
        for (i, word) in line.split(' ').enumerate() {
            let w = visible(word);
            if i > 0 && column > indent && column + 1 + w > width {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                column = indent;
            } else if i > 0 {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += w;
        }
    }
    out
}

/// Columns before an item's text: leading spaces, then a one-character bullet and a space.
fn hanging_indent(line: &str) -> usize {
    let plain = strip_colour(line);
    let spaces = plain.len() - plain.trim_start_matches(' ').len();
    let rest = &plain[spaces..];
    let bullet =
        ["* ", "! ", "- ", "• "].iter().find(|b| rest.starts_with(*b)).map_or(0, |b| b.chars().count());
    spaces + bullet
}

/// Columns a piece of text takes: its characters, less terminal colour codes.
fn visible(text: &str) -> usize {
    strip_colour(text).chars().count()
}

fn strip_colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_items_wrap_at_words_under_their_text() {
        let line = "  * Checkout — Customers can pay with Apple Pay and Google Pay at checkout (#412)";
        let wrapped = wrap(line, 40);
        assert_eq!(
            wrapped,
            "  * Checkout — Customers can pay with\n    Apple Pay and Google Pay at checkout\n    (#412)"
        );
        assert!(wrapped.lines().all(|l| l.chars().count() <= 40), "{wrapped}");
        assert_eq!(wrap("short\nlines stay", 40), "short\nlines stay");
    }

    #[test]
    fn colour_takes_no_columns_and_long_words_stay_whole() {
        let coloured = "\u{1b}[1mTitle\u{1b}[0m of a brief";
        assert_eq!(wrap(coloured, 20), coloured);
        let url = format!("  * {}", "x".repeat(50));
        assert_eq!(wrap(&url, 30), url);
    }
}
