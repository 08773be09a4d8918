//! The brief as a Slack message: a Block Kit payload for `chat.postMessage`
//! or an incoming webhook, within Slack's limits (50 blocks, a 150-character
//! header, 3,000 characters of section text, 10 fields of 2,000), trimmed with
//! a visible "and N more" rather than rejected. Every value from commits or a
//! tracker is escaped for Slack's mrkdwn (`&`, `<`, `>`), so no text can make
//! a mention (`<!channel>`, `<@U123>`) or a link of its own.

use serde_json::{json, Value};

use super::{cut, number, numbers_heading};
use crate::brief::{Brief, Link};

const MAX_BLOCKS: usize = 50;
const MAX_HEADER: usize = 150;
const MAX_SECTION: usize = 3000;
const MAX_FIELDS: usize = 10;
const MAX_FIELD: usize = 2000;

/// Slack's mrkdwn escaping: the three characters that start its markup,
/// and no control characters.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() || crate::render::is_invisible_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A mrkdwn text object that Slack takes as it is: without `verbatim`,
/// Slack turns a bare address or a `#channel` in commit text into a link.
/// Only the markup git-brief writes itself (`*bold*`, `<url|text>`) acts.
pub fn mrkdwn(text: String) -> Value {
    json!({"type": "mrkdwn", "text": text, "verbatim": true})
}

/// A reference, linked when git-brief built an address for it (an
/// http(s) address with nothing that could end Slack's `<url|text>`).
fn reference(id: &str, links: &[Link]) -> String {
    let url = links.iter().find(|l| l.id == id).and_then(|l| l.url.as_deref());
    match url.filter(|u| {
        (u.starts_with("https://") || u.starts_with("http://")) && !u.contains(['<', '>', '|', ' ', '\n'])
    }) {
        Some(url) => format!("<{url}|{}>", escape(id)),
        None => escape(id),
    }
}

/// One section's text: a bold heading and bullet lines, whole lines only,
/// within Slack's limit, with "…and N more" when lines were left out.
fn list(heading: &str, lines: &[String], max_items: usize) -> String {
    let mut text = format!("*{heading}*");
    let mut shown = 0;
    for line in lines.iter().take(max_items) {
        let more = format!("\n• …and {} more", lines.len() - shown);
        if text.chars().count() + 1 + line.chars().count() + more.chars().count() > MAX_SECTION {
            break;
        }
        text.push('\n');
        text.push_str(line);
        shown += 1;
    }
    if shown < lines.len() {
        text.push_str(&format!("\n• …and {} more", lines.len() - shown));
    }
    text
}

fn section(text: String) -> Value {
    json!({"type": "section", "text": mrkdwn(cut(&text, MAX_SECTION))})
}

/// The Block Kit payload of `brief`.
pub fn slack(brief: &Brief) -> Value {
    let mut blocks = vec![
        // A pull request's title is untrusted: escaped as every text is,
        // though a header's plain text renders no mention or link.
        json!({"type": "header", "text": {"type": "plain_text", "text": cut(&escape(&brief.title), MAX_HEADER), "emoji": true}}),
        section(escape(&brief.headline)),
    ];
    for warning in brief.warnings.iter().take(3) {
        blocks.push(json!({"type": "context", "elements": [mrkdwn(cut(&format!(":warning: {}", escape(warning)), MAX_SECTION))]}));
    }
    let outcome = |area: &str, text: &str, refs: &[String], links: &[Link]| {
        let refs: Vec<String> = refs.iter().map(|r| reference(r, links)).collect();
        let area =
            if area == crate::brief::GENERAL { String::new() } else { format!("*{}* — ", escape(area)) };
        let refs = if refs.is_empty() { String::new() } else { format!(" ({})", refs.join(", ")) };
        format!("• {area}{}{refs}", escape(text))
    };
    let max = brief.max_items.max(1);
    if !brief.milestones.is_empty() {
        let lines: Vec<String> = brief.milestones.iter().map(|m| format!("• {}", escape(&m.text))).collect();
        blocks.push(section(list("Milestones", &lines, max)));
    }
    let mut delivered: Vec<String> =
        brief.delivered.iter().map(|o| outcome(&o.area, &o.text, &o.refs, &o.links)).collect();
    delivered.extend(brief.releases.iter().map(|r| format!("• {}", escape(&r.text))));
    for (heading, lines) in [
        ("Delivered", delivered),
        ("Fixed", brief.fixed.iter().map(|o| outcome(&o.area, &o.text, &o.refs, &o.links)).collect()),
        (
            "Needs attention",
            brief
                .attention
                .iter()
                .map(|r| {
                    let what = if r.text.is_empty() {
                        String::new()
                    } else {
                        format!(": “{}”", escape(&r.text))
                    };
                    let refs: Vec<String> = r.refs.iter().map(|id| reference(id, &r.links)).collect();
                    let refs =
                        if refs.is_empty() { String::new() } else { format!(" ({})", refs.join(", ")) };
                    format!("• *{}* — {}{what}{refs}", escape(&r.area), escape(&r.note))
                })
                .collect(),
        ),
        (
            "In progress",
            brief
                .in_progress
                .iter()
                .map(|t| match &t.tracker.title {
                    Some(title) => format!("• {} ({})", escape(title), escape(&t.reference)),
                    None => format!("• {}", escape(&t.reference)),
                })
                .collect(),
        ),
    ] {
        if !lines.is_empty() {
            blocks.push(section(list(heading, &lines, max)));
        }
    }
    let fields: Vec<Value> = brief
        .kpis
        .iter()
        .take(MAX_FIELDS)
        .map(|k| {
            let text = format!("*{}*\n{}", escape(&k.label), escape(&number(brief, k)));
            mrkdwn(cut(&text, MAX_FIELD))
        })
        .collect();
    if !fields.is_empty() {
        let heading = format!("*{}*", escape(&numbers_heading(brief)));
        blocks.push(json!({"type": "section", "text": mrkdwn(cut(&heading, MAX_SECTION)), "fields": fields}));
    }
    let mut context = format!("{} · {}", escape(&brief.repository.name), escape(&brief.window.label));
    if let Some(branch) = &brief.repository.branch {
        context.push_str(&format!(" · {}", escape(branch)));
    }
    blocks.push(json!({"type": "context", "elements": [mrkdwn(cut(&context, MAX_SECTION))]}));
    if blocks.len() > MAX_BLOCKS {
        let context = blocks.pop();
        blocks.truncate(MAX_BLOCKS - 1);
        blocks.extend(context);
    }
    // The notification text is read as mrkdwn too: a pull request's title
    // could otherwise mention the channel.
    json!({"text": cut(&escape(&format!("{}: {}", brief.title, brief.headline)), MAX_SECTION), "blocks": blocks})
}
