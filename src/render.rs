//! Rendering a [`Brief`] as Markdown, HTML, plain text or JSON.
//!
//! The three text formats are handlebars templates from `templates/`,
//! embedded in the binary; `--template FILE` replaces the one for the chosen
//! format. Everything a commit author wrote is untrusted: each format has its
//! own escape function, applied to every `{{value}}` of its template, so a
//! template cannot forget it.

use std::path::{Path, PathBuf};

use handlebars::{handlebars_helper, no_escape, Handlebars, JsonValue};
use serde::Serialize;
use thiserror::Error;

use crate::brief::Brief;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// For pull-request comments, the CI step summary and chat.
    Markdown,
    /// One self-contained page, ready to paste into an email.
    Html,
    /// For a terminal.
    Text,
    /// The full brief for other tools (`schema_version` 1).
    Json,
}

impl Format {
    fn builtin(self) -> Option<&'static str> {
        match self {
            Format::Markdown => Some(include_str!("../templates/brief.md.hbs")),
            Format::Html => Some(include_str!("../templates/brief.html.hbs")),
            Format::Text => Some(include_str!("../templates/brief.txt.hbs")),
            Format::Json => None,
        }
    }
}

/// Failures rendering a brief.
#[derive(Debug, Error)]
pub enum RenderError {
    #[error("cannot read template {}: {source}; check the path given to --template", path.display())]
    ReadTemplate { path: PathBuf, source: std::io::Error },
    #[error("template {name}{}: {reason}; fix the template, or drop --template to use the built-in one", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Template { name: String, line: Option<usize>, reason: String },
    #[error("--template does not apply to --format json: JSON is always the whole brief")]
    TemplateForJson,
    #[error("cannot write the brief as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl RenderError {
    /// A broken user template is a usage error; the rest are failures.
    pub fn is_usage(&self) -> bool {
        !matches!(self, RenderError::Json(_))
    }
}

/// Renders `brief` in `format`, with the user's template when one is given.
pub fn render(brief: &Brief, format: Format, template: Option<&Path>) -> Result<String, RenderError> {
    let (name, source) = match (format.builtin(), template) {
        (None, Some(_)) => return Err(RenderError::TemplateForJson),
        (None, None) => return Ok(serde_json::to_string_pretty(brief)? + "\n"),
        (Some(builtin), None) => (format!("built-in {format:?}").to_lowercase(), builtin.to_string()),
        (Some(_), Some(path)) => {
            let source = std::fs::read_to_string(path)
                .map_err(|source| RenderError::ReadTemplate { path: path.to_path_buf(), source })?;
            (path.display().to_string(), source)
        }
    };
    let mut hb = Handlebars::new();
    hb.set_strict_mode(false);
    hb.register_escape_fn(match format {
        Format::Html => html,
        Format::Markdown => markdown,
        Format::Text => terminal,
        Format::Json => no_escape,
    });
    hb.register_helper("take", Box::new(take));
    hb.register_helper("more", Box::new(more));
    hb.register_helper("join", Box::new(join));
    hb.register_template_string(&name, &source).map_err(|e| RenderError::Template {
        name: name.clone(),
        line: e.pos().map(|(line, _)| line),
        reason: e.reason().to_string(),
    })?;
    hb.render(&name, brief).map_err(|e| RenderError::Template {
        name: name.clone(),
        line: e.line_no,
        reason: e.reason().to_string(),
    })
}

handlebars_helper!(take: |list: JsonValue, n: u64| match list {
    JsonValue::Array(items) => JsonValue::Array(items.iter().take(n as usize).cloned().collect()),
    _ => JsonValue::Array(Vec::new()),
});

handlebars_helper!(more: |list: JsonValue, n: u64| match list {
    JsonValue::Array(items) => JsonValue::from(items.len().saturating_sub(n as usize)),
    _ => JsonValue::from(0),
});

handlebars_helper!(join: |list: JsonValue, separator: str| match list {
    JsonValue::Array(items) => JsonValue::String(
        items.iter().map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).collect::<Vec<_>>().join(separator),
    ),
    other => other.clone(),
});

/// Characters that reorder text on screen (bidirectional overrides) have no
/// place in a brief: they can make a line read differently from what it is.
fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// HTML: escape markup and strip reordering characters.
fn html(value: &str) -> String {
    let clean: String = value.chars().filter(|&c| !is_invisible_control(c)).collect();
    handlebars::html_escape(&clean)
}

/// Markdown: the value stays one line of inline text. Markup characters are
/// backslash-escaped (no emphasis, code, links, images or table breaks; `#12`
/// stays as it is, so that forges still link it), `<` and
/// `&` become entities (no raw HTML, no smuggled entities), and `@name` gets
/// a zero-width space after the `@` so that it mentions nobody.
fn markdown(value: &str) -> String {
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
            '@' => {
                out.push('@');
                if chars.peek().is_some_and(|n| n.is_alphanumeric()) {
                    out.push('\u{200B}');
                }
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() || is_invisible_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Plain text for a terminal: no control character from commit text reaches
/// it (no colour codes, cursor moves or window-title changes), and a value
/// stays on its line.
fn terminal(value: &str) -> String {
    value
        .chars()
        .filter_map(|c| match c {
            '\r' | '\n' | '\t' => Some(' '),
            c if c.is_control() || is_invisible_control(c) => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escape_neutralises_markup_and_mentions() {
        assert_eq!(markdown("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(markdown("ping @everyone"), "ping @\u{200B}everyone");
        assert_eq!(markdown("![x](https://t.example/p)"), "!\\[x\\](https://t.example/p)");
        assert_eq!(markdown("a | b"), "a \\| b");
        assert_eq!(markdown("line\nbreak"), "line break");
        assert_eq!(markdown("&#64;all"), "&amp;#64;all");
        assert_eq!(markdown("closes #12"), "closes #12");
        assert_eq!(markdown("mail ada@ or @"), "mail ada@ or @");
    }

    #[test]
    fn html_escape_and_plain_text_strip_dangerous_characters() {
        assert_eq!(html("<b>\u{202E}x"), "&lt;b&gt;x");
        assert_eq!(terminal("a\u{1b}[31mred\nb"), "a[31mred b");
    }
}
