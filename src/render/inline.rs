//! Outcome text as each format shows it. Commit subjects often quote code in
//! backticks (`` `--resolved` ``): Markdown and HTML show such a span as code, plain
//! text as the words alone. The prose around it is escaped only where a character
//! would otherwise act as markup, so that a stakeholder reading the raw Markdown (an
//! e-mail, a chat message) sees no backslashes: `snake_case` stays as it is, while
//! `*both*` stars, a `](` that would make a link and a `<` that would open HTML are
//! still neutralised.

use super::{html, is_invisible_control, is_line_break, markdown_mention, terminal, Format};

/// A piece of outcome text: prose, or a code span's content.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'t> {
    Prose(&'t str),
    Code(&'t str),
}

/// Splits text at code spans: a run of backticks closed by a run of the same length.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut prose_start = 0;
    let mut at = 0;
    let bytes = text.as_bytes();
    while at < bytes.len() {
        if bytes[at] != b'`' {
            at += 1;
            continue;
        }
        let run = bytes[at..].iter().take_while(|&&b| b == b'`').count();
        let open_end = at + run;
        let mut search = open_end;
        let mut close = None;
        while search < bytes.len() {
            if bytes[search] == b'`' {
                let len = bytes[search..].iter().take_while(|&&b| b == b'`').count();
                if len == run {
                    close = Some(search);
                    break;
                }
                search += len;
            } else {
                search += 1;
            }
        }
        match close {
            Some(close) if !text[open_end..close].trim().is_empty() => {
                if prose_start < at {
                    out.push(Piece::Prose(&text[prose_start..at]));
                }
                out.push(Piece::Code(&text[open_end..close]));
                at = close + run;
                prose_start = at;
            }
            _ => at = open_end,
        }
    }
    if prose_start < text.len() {
        out.push(Piece::Prose(&text[prose_start..]));
    }
    out
}

/// Renders outcome text for `format`; the result is safe to write as it is.
pub(super) fn render(text: &str, format: Format) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for piece in pieces(text) {
        match (piece, format) {
            (Piece::Prose(p), Format::Markdown) => out.push_str(&markdown_prose(p)),
            (Piece::Code(c), Format::Markdown) => out.push_str(&markdown_code(c)),
            (Piece::Prose(p), Format::Html) => out.push_str(&html(p)),
            (Piece::Code(c), Format::Html) => {
                out.push_str("<code>");
                out.push_str(&html(c));
                out.push_str("</code>");
            }
            (Piece::Prose(p) | Piece::Code(p), _) => out.push_str(&terminal(p)),
        }
    }
    out
}

/// A code span whose fence is longer than any backtick run inside it.
fn markdown_code(code: &str) -> String {
    let clean: String = code
        .chars()
        .map(|c| if is_line_break(c) { ' ' } else { c })
        .filter(|&c| !(c.is_control() || is_invisible_control(c)))
        .collect();
    let longest = clean.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if clean.starts_with('`') || clean.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{clean}{pad}{fence}")
}

/// Prose, escaped only where a character would be markup.
fn markdown_prose(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if is_line_break(c) { ' ' } else { c })
        .filter(|&c| !(c.is_control() || is_invisible_control(c)))
        .collect();
    let stars = can_pair(&chars, '*');
    let tildes = chars.iter().filter(|&&c| c == '~').count() >= 2;
    let underscores = can_pair(&chars, '_');
    let mut out = String::with_capacity(chars.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        match c {
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => out.push_str("\\\\"),
            '*' if stars => out.push_str("\\*"),
            '~' if tildes => out.push_str("\\~"),
            '_' if underscores => out.push_str("\\_"),
            ']' if matches!(next, Some('(' | '[' | ':')) => out.push_str("\\]"),
            '`' => out.push_str("\\`"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if entity_follows(&chars[i + 1..]) => out.push_str("&amp;"),
            '@' => markdown_mention(&mut out, next),
            '|' => out.push_str("\\|"),
            c => out.push(c),
        }
    }
    out
}

/// Whether runs of `mark` could make emphasis: some run that can open comes
/// before some run that can close, by CommonMark's flanking rules.
fn can_pair(chars: &[char], mark: char) -> bool {
    let is_space = |c: Option<&char>| c.is_none_or(|c| c.is_whitespace());
    let is_punct = |c: Option<&char>| {
        c.is_some_and(|c| c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace()))
    };
    let mut opened = false;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != mark {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == mark {
            i += 1;
        }
        let before = start.checked_sub(1).and_then(|b| chars.get(b));
        let after = chars.get(i);
        let left = !is_space(after) && (!is_punct(after) || is_space(before) || is_punct(before));
        let right = !is_space(before) && (!is_punct(before) || is_space(after) || is_punct(after));
        let (opens, closes) = if mark == '_' {
            (left && (!right || is_punct(before)), right && (!left || is_punct(after)))
        } else {
            (left, right)
        };
        if closes && opened {
            return true;
        }
        opened |= opens;
    }
    false
}

/// `#64;`, `amp;`: what would make `&` start an entity.
fn entity_follows(rest: &[char]) -> bool {
    let name: Vec<&char> = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '#').collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_are_code_and_prose_keeps_its_characters() {
        assert_eq!(render("add `--resolved` option", Format::Markdown), "add `--resolved` option");
        assert_eq!(render("add `--resolved` option", Format::Text), "add --resolved option");
        assert_eq!(render("add `<b>` tag", Format::Html), "add <code>&lt;b&gt;</code> tag");
        assert_eq!(render("use snake_case names", Format::Markdown), "use snake_case names");
        assert_eq!(render("a ``x ` y`` b", Format::Markdown), "a ``x ` y`` b");
        assert_eq!(render("an unclosed ` tick", Format::Markdown), "an unclosed \\` tick");
    }

    #[test]
    fn markup_is_still_neutralised() {
        assert_eq!(render("*bold* text", Format::Markdown), "\\*bold\\* text");
        assert_eq!(render("2*3", Format::Markdown), "2*3");
        assert_eq!(render("SET/INCR*/DECR*/APPEND", Format::Markdown), "SET/INCR*/DECR*/APPEND");
        assert_eq!(render("a*b*c", Format::Markdown), "a\\*b\\*c");
        assert_eq!(render("snake_case and foo_bar", Format::Markdown), "snake_case and foo_bar");
        assert_eq!(render("_em_ text", Format::Markdown), "\\_em\\_ text");
        assert_eq!(render("[x](https://t.example)", Format::Markdown), "[x\\](https://t.example)");
        assert_eq!(render("<script>", Format::Markdown), "&lt;script&gt;");
        assert_eq!(render("&#64;all and R&D", Format::Markdown), "&amp;#64;all and R&D");
        assert_eq!(render("ping @team", Format::Markdown), "ping @\u{200B}team");
        assert_eq!(render("a\nb", Format::Markdown), "a b");
    }
}
