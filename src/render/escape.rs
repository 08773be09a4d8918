//! Escaping what a commit author wrote for each format: every `{{value}}` of
//! a template goes through its format's function, so that a template cannot
//! forget it.

/// Characters that reorder text on screen (bidirectional overrides, isolates
/// and marks), invisible tag characters that can smuggle text past a reader,
/// and the line and paragraph separators that break a value's line: none has
/// a place in a brief, where each could make a line read differently from
/// what it is.
pub(super) fn is_invisible_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// A character that ends a line: it becomes a space, so a value stays on its line.
pub(super) fn is_line_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}')
}

/// HTML: escape markup; drop control characters (a parse error in HTML,
/// and obeyed by a terminal that shows the file) and reordering characters.
pub(super) fn html(value: &str) -> String {
    let clean: String = value
        .chars()
        .map(|c| if matches!(c, '\u{2028}' | '\u{2029}') { ' ' } else { c })
        .filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || is_invisible_control(c)))
        .collect();
    handlebars::html_escape(&clean)
}

/// Markdown: the value stays one line of inline text. Markup characters are
/// backslash-escaped (no emphasis, code, links, images or table breaks; `#12`
/// stays as it is, so that forges still link it), `<` and
/// `&` become entities (no raw HTML, no smuggled entities), and `@name` gets
/// a zero-width space after the `@` so that it mentions nobody.
pub(super) fn markdown(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => markdown_mention(&mut out, chars.peek().copied()),
            c if is_line_break(c) => out.push(' '),
            c if c.is_control() || is_invisible_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// `@` that mentions nobody: a zero-width space after it when a name follows.
pub(super) fn markdown_mention(out: &mut String, next: Option<char>) {
    out.push('@');
    if next.is_some_and(|n| n.is_alphanumeric()) {
        out.push('\u{200B}');
    }
}

/// Plain text for a terminal: no control character from commit text reaches
/// it (no colour codes, cursor moves or window-title changes), and a value
/// stays on its line.
pub(super) fn terminal(value: &str) -> String {
    value
        .chars()
        .filter_map(|c| match c {
            c if is_line_break(c) => Some(' '),
            c if c.is_control() || is_invisible_control(c) => None,
            c => Some(c),
        })
        .collect()
}
