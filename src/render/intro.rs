//! The sender's own words (`--intro`, `[brief] intro`): Markdown, shown
//! under the headline in each format as that format's reader reads it. In
//! the pull-request workflow the file can come from the pull request's own
//! tree, so it is treated as any other untrusted text: no raw HTML, no
//! script link, no remote image (a tracking pixel) reaches a reader.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::Format;

/// The largest intro read: a few paragraphs, not a document.
pub const MAX_INTRO: u64 = 16 * 1024;

/// `text` for a template of `format`: HTML for the page and the e-mail,
/// Markdown with its raw HTML escaped for Markdown, plain text otherwise.
pub fn render(text: &str, format: Format) -> String {
    match format {
        Format::Html => html(text),
        Format::Markdown => text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"),
        _ => plain(text),
    }
}

fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// The Markdown as HTML: raw HTML shown as text, a link kept only to an
/// http(s) or mail address, an image as its description.
fn html(text: &str) -> String {
    let mut open_links: Vec<bool> = Vec::new();
    let events = Parser::new(text).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { dest_url, title, id, link_type }) => {
            let safe = safe_link(&dest_url);
            open_links.push(safe);
            safe.then_some(Event::Start(Tag::Link { dest_url, title, id, link_type }))
        }
        Event::End(TagEnd::Link) => open_links.pop().filter(|safe| *safe).map(|_| Event::End(TagEnd::Link)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// The Markdown as plain text: paragraphs apart, list items as bullets,
/// no markup.
pub fn plain(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(text) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Item) => out.push_str("• "),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                out.push('\n')
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => {}
            _ => {}
        }
    }
    let lines: Vec<String> =
        out.lines().filter(|l| !l.trim().is_empty()).map(|l| super::escape::terminal(l.trim_end())).collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_the_senders_formatting_and_drops_what_could_harm() {
        let text = "A **good** week: see [the plan](https://example.com/plan).\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) ![pixel](https://t.example/p.gif)";
        let out = html(text);
        assert!(out.contains("<strong>good</strong>"), "{out}");
        assert!(out.contains("<a href=\"https://example.com/plan\">the plan</a>"), "{out}");
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{out}");
        assert!(!out.contains("javascript:") && !out.contains("<img") && !out.contains("<script"), "{out}");
        assert!(out.contains("click"), "the link's words stay: {out}");
    }

    #[test]
    fn plain_text_has_no_markup() {
        let text = "Hello **team**.\n\n- one\n- two `code`\n";
        assert_eq!(plain(text), "Hello team.\n• one\n• two code");
    }

    #[test]
    fn markdown_escapes_raw_html_only() {
        assert_eq!(
            render("**Ship** <b>it</b> & go", Format::Markdown),
            "**Ship** &lt;b&gt;it&lt;/b&gt; &amp; go"
        );
    }
}
