//! A brief as its team edited it: the draft issue of `init --review`, whose
//! Markdown is read back into a title, sections and lines and written for
//! the channel that sends it (`git-brief publish`). Only the edited text is
//! sent, never a brief made again. Raw HTML (the engineering appendix's
//! `<details>`, the comment marker) is left out: the stakeholder's channels
//! never showed it. Links keep their words only; every format escapes the
//! text as it escapes a brief's, since the draft quotes commit messages.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The edited brief.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// The first top-level heading.
    pub title: String,
    /// The text before the first section's heading, then each section.
    pub sections: Vec<Section>,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Section {
    pub heading: Option<String>,
    pub lines: Vec<Line>,
}

/// A paragraph, a list item, or a table row (its cells joined).
#[derive(Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub bullet: bool,
}

/// Reads the edited Markdown.
pub fn read(markdown: &str) -> Draft {
    let mut draft = Draft::default();
    let mut section = Section::default();
    let (mut text, mut cells) = (String::new(), Vec::<String>::new());
    let (mut hidden, mut items, mut heading) = (0usize, 0usize, None::<HeadingLevel>);
    let push = |section: &mut Section, text: &mut String, bullet: bool| {
        let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
        text.clear();
        if !line.is_empty() {
            section.lines.push(Line { text: line, bullet });
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        if let Event::Html(raw) | Event::InlineHtml(raw) = &event {
            let lower = raw.to_ascii_lowercase();
            hidden += lower.matches("<details").count();
            hidden = hidden.saturating_sub(lower.matches("</details").count());
            continue;
        }
        if hidden > 0 {
            continue;
        }
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Heading { level, .. }) => {
                push(&mut section, &mut text, items > 0);
                heading = Some(level);
            }
            Event::End(TagEnd::Heading(_)) => {
                let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
                text.clear();
                if heading == Some(HeadingLevel::H1) && draft.title.is_empty() {
                    draft.title = words;
                } else if !words.is_empty() {
                    draft.sections.push(std::mem::take(&mut section));
                    section.heading = Some(words);
                }
                heading = None;
            }
            Event::Start(Tag::Item) => {
                push(&mut section, &mut text, items > 0);
                items += 1;
            }
            Event::End(TagEnd::Item) => {
                push(&mut section, &mut text, true);
                items = items.saturating_sub(1);
            }
            Event::End(TagEnd::Paragraph) if items == 0 => push(&mut section, &mut text, false),
            Event::End(TagEnd::TableCell) => cells.push(std::mem::take(&mut text)),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let row: Vec<String> =
                    cells.drain(..).map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
                text = row.join(" · ");
                push(&mut section, &mut text, true);
            }
            _ => {}
        }
    }
    push(&mut section, &mut text, items > 0);
    draft.sections.push(section);
    draft.sections.retain(|s| s.heading.is_some() || !s.lines.is_empty());
    draft
}

/// The draft in `format`: Slack's and Teams' messages, plain text, the
/// HTML of an e-mail, or the Markdown as edited; `None` for JSON, which an
/// edited text cannot give.
pub fn render(
    draft: &Draft,
    markdown: &str,
    format: super::Format,
) -> Result<Option<String>, super::RenderError> {
    use super::Format;
    Ok(Some(match format {
        Format::Slack => serde_json::to_string_pretty(&super::chat::slack_draft(draft))? + "\n",
        Format::Teams => serde_json::to_string(&super::chat::teams_draft(draft))? + "\n",
        Format::Text => text(draft),
        Format::Html | Format::Email => html(draft),
        Format::Markdown => markdown.to_string(),
        Format::Json => return Ok(None),
    }))
}

/// The draft as plain text: the title, then each section's heading and lines.
pub fn text(draft: &Draft) -> String {
    let mut out = format!("{}\n", crate::render::terminal(&draft.title));
    for section in &draft.sections {
        out.push('\n');
        if let Some(heading) = &section.heading {
            out.push_str(&format!("{}\n", crate::render::terminal(heading)));
        }
        for line in &section.lines {
            let bullet = if line.bullet { "• " } else { "" };
            out.push_str(&format!("{bullet}{}\n", crate::render::terminal(&line.text)));
        }
    }
    out
}

/// The draft as the HTML part of an e-mail: headings, paragraphs and lists
/// with inline styles, as mail clients render them.
pub fn html(draft: &Draft) -> String {
    let e = crate::render::escape::html;
    let mut out = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body style=\"margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;background-color:#ffffff\">\n<h1 style=\"font-size:20px;margin:0 0 12px 0\">{}</h1>\n",
        e(&draft.title),
        e(&draft.title)
    );
    for section in &draft.sections {
        if let Some(heading) = &section.heading {
            out.push_str(&format!("<h2 style=\"font-size:17px;margin:20px 0 8px 0\">{}</h2>\n", e(heading)));
        }
        let mut open = false;
        for line in &section.lines {
            match (line.bullet, open) {
                (true, false) => out.push_str("<ul style=\"margin:0 0 8px 0;padding-left:20px\">\n"),
                (false, true) => out.push_str("</ul>\n"),
                _ => {}
            }
            open = line.bullet;
            match line.bullet {
                true => out.push_str(&format!("<li style=\"margin:0 0 4px 0\">{}</li>\n", e(&line.text))),
                false => out.push_str(&format!("<p style=\"margin:0 0 8px 0\">{}</p>\n", e(&line.text))),
            }
        }
        if open {
            out.push_str("</ul>\n");
        }
    }
    out + "</body></html>\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_appendix_and_markup_are_left_out_and_lines_kept_whole() {
        let draft = read(
            "<!-- git-brief -->\n# Weekly brief — shop\n\nA good week: *checkout* shipped.\n\n## Delivered\n- **Cart** — Add [gift cards](https://x.test/1) (#12)\n- Faster\n  search\n\n## Numbers\n\n| | this week |\n|---|---|\n| Fixed | 3 |\n\n<details>\n<summary>Engineering detail</summary>\n\n- abc123 feat: secret\n\n</details>\n",
        );
        assert_eq!(draft.title, "Weekly brief — shop");
        let lines: Vec<(Option<&str>, &str, bool)> = draft
            .sections
            .iter()
            .flat_map(|s| s.lines.iter().map(move |l| (s.heading.as_deref(), l.text.as_str(), l.bullet)))
            .collect();
        assert_eq!(
            lines,
            [
                (None, "A good week: checkout shipped.", false),
                (Some("Delivered"), "Cart — Add gift cards (#12)", true),
                (Some("Delivered"), "Faster search", true),
                (Some("Numbers"), "this week", true),
                (Some("Numbers"), "Fixed · 3", true),
            ]
        );
    }
}
