//! The brief as a Slack message: a Block Kit payload for `chat.postMessage`
//! or an incoming webhook, within Slack's limits (50 blocks, a 150-character
//! header, 3,000 characters of section text, 10 fields of 2,000), trimmed with
//! a visible "and N more" rather than rejected. Every value from commits or a
//! tracker is escaped for Slack's mrkdwn (`&`, `<`, `>`), so no text can make
//! a mention (`<!channel>`, `<@U123>`) or a link of its own.

use serde_json::{json, Value};

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
            c if c.is_control() || super::is_invisible_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` cut to `max` characters, ending in `…` when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
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
    json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&text, MAX_SECTION)}})
}

/// A KPI's value as the chat messages show it: `6 (was 2) ▲`.
fn number(brief: &Brief, kpi: &crate::brief::Kpi) -> String {
    let value = match &brief.window.previous_period {
        Some(_) => format!("{} (was {}) {}", kpi.display, kpi.previous_display, kpi.arrow),
        None => kpi.display.clone(),
    };
    match kpi.sparkline.as_str() {
        "" => value,
        line => format!("{} {line}", value.trim_end()),
    }
}

/// The heading of the numbers: `Numbers (this week, against last week)`.
fn numbers_heading(brief: &Brief) -> String {
    let against =
        brief.window.previous_period.as_deref().map(|p| format!(", against {p}")).unwrap_or_default();
    format!("Numbers ({}{against})", brief.window.period)
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
        blocks.push(json!({"type": "context", "elements": [{"type": "mrkdwn", "text": cut(&format!(":warning: {}", escape(warning)), MAX_SECTION)}]}));
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
            json!({"type": "mrkdwn", "text": cut(&text, MAX_FIELD)})
        })
        .collect();
    if !fields.is_empty() {
        let heading = format!("*{}*", escape(&numbers_heading(brief)));
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&heading, MAX_SECTION)}, "fields": fields}));
    }
    let mut context = format!("{} · {}", escape(&brief.repository.name), escape(&brief.window.label));
    if let Some(branch) = &brief.repository.branch {
        context.push_str(&format!(" · {}", escape(branch)));
    }
    blocks.push(
        json!({"type": "context", "elements": [{"type": "mrkdwn", "text": cut(&context, MAX_SECTION)}]}),
    );
    if blocks.len() > MAX_BLOCKS {
        let context = blocks.pop();
        blocks.truncate(MAX_BLOCKS - 1);
        blocks.extend(context);
    }
    // The notification text is read as mrkdwn too: a pull request's title
    // could otherwise mention the channel.
    json!({"text": cut(&escape(&format!("{}: {}", brief.title, brief.headline)), MAX_SECTION), "blocks": blocks})
}

/// Teams' limit for a card's payload, about 28 KB; kept below it.
const MAX_TEAMS_BYTES: usize = 27_000;

/// A run of plain text: a `TextRun` is never read as Markdown, so commit
/// and tracker text in one can format, mention and link nothing.
fn run(text: &str) -> Value {
    json!({"type": "TextRun", "text": super::terminal(text)})
}

fn bold(text: &str) -> Value {
    json!({"type": "TextRun", "text": super::terminal(text), "weight": "Bolder"})
}

/// A reference as a run, opening the address git-brief built for it.
fn reference_run(id: &str, links: &[Link]) -> Value {
    let url = links.iter().find(|l| l.id == id).and_then(|l| l.url.as_deref());
    match url.filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
        Some(url) => {
            json!({"type": "TextRun", "text": super::terminal(id), "selectAction": {"type": "Action.OpenUrl", "url": url}})
        }
        None => run(id),
    }
}

fn line(mut runs: Vec<Value>, refs: &[String], links: &[Link]) -> Value {
    if !refs.is_empty() {
        runs.push(run(" ("));
        for (i, r) in refs.iter().enumerate() {
            if i > 0 {
                runs.push(run(", "));
            }
            runs.push(reference_run(r, links));
        }
        runs.push(run(")"));
    }
    runs.insert(0, run("• "));
    json!({"type": "RichTextBlock", "inlines": runs})
}

fn heading(text: &str) -> Value {
    json!({"type": "TextBlock", "text": text, "weight": "Bolder", "size": "Medium", "wrap": true, "spacing": "Medium"})
}

/// The brief as a Teams message with an Adaptive Card (version 1.5), as
/// Teams workflows and incoming webhooks take it. Untrusted text is in
/// `TextRun`s only; sections are cut, with "…and N more", to stay under
/// Teams' payload limit.
pub fn teams(brief: &Brief) -> Value {
    let sections = teams_sections(brief);
    // Fewer items per section until the card fits.
    let mut per_section = brief.max_items.max(1);
    loop {
        let card = teams_card(brief, &sections, per_section);
        if card.to_string().len() <= MAX_TEAMS_BYTES || per_section == 1 {
            return card;
        }
        per_section = (per_section / 2).max(1);
    }
}

type Section = (&'static str, Vec<Value>);

fn teams_sections(brief: &Brief) -> Vec<Section> {
    let outcome = |area: &str, text: &str, refs: &[String], links: &[Link]| {
        let mut runs = Vec::new();
        if area != crate::brief::GENERAL {
            runs.push(bold(area));
            runs.push(run(" — "));
        }
        runs.push(run(text));
        line(runs, refs, links)
    };
    let mut delivered: Vec<Value> =
        brief.delivered.iter().map(|o| outcome(&o.area, &o.text, &o.refs, &o.links)).collect();
    delivered.extend(brief.releases.iter().map(|r| line(vec![run(&r.text)], &[], &[])));
    vec![
        ("Milestones", brief.milestones.iter().map(|m| line(vec![run(&m.text)], &[], &[])).collect()),
        ("Delivered", delivered),
        ("Fixed", brief.fixed.iter().map(|o| outcome(&o.area, &o.text, &o.refs, &o.links)).collect()),
        (
            "Needs attention",
            brief
                .attention
                .iter()
                .map(|r| {
                    let mut runs = vec![bold(&r.area), run(&format!(" — {}", r.note))];
                    if !r.text.is_empty() {
                        runs.push(run(&format!(": “{}”", r.text)));
                    }
                    line(runs, &r.refs, &r.links)
                })
                .collect(),
        ),
        (
            "In progress",
            brief
                .in_progress
                .iter()
                .map(|t| match &t.tracker.title {
                    Some(title) => line(vec![run(&format!("{title} ({})", t.reference))], &[], &[]),
                    None => line(vec![run(&t.reference)], &[], &[]),
                })
                .collect(),
        ),
    ]
}

fn teams_card(brief: &Brief, sections: &[Section], per_section: usize) -> Value {
    let mut body = vec![
        json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": super::terminal(&brief.title), "size": "Large", "weight": "Bolder"}]}),
        json!({"type": "RichTextBlock", "inlines": [run(&brief.headline)]}),
    ];
    for warning in brief.warnings.iter().take(3) {
        body.push(json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": super::terminal(warning), "color": "Warning", "isSubtle": true}]}));
    }
    for (title, items) in sections.iter().filter(|(_, items)| !items.is_empty()) {
        body.push(heading(title));
        body.extend(items.iter().take(per_section).cloned());
        if items.len() > per_section {
            body.push(line(vec![run(&format!("…and {} more", items.len() - per_section))], &[], &[]));
        }
    }
    body.push(heading(&super::terminal(&numbers_heading(brief))));
    let facts: Vec<Value> =
        brief.kpis.iter().map(|k| json!({"title": k.label, "value": number(brief, k)})).collect();
    body.push(json!({"type": "FactSet", "facts": facts}));
    body.push(json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": super::terminal(&format!("{} · {}", brief.repository.name, brief.window.label)), "isSubtle": true, "size": "Small"}]}));
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.5",
                "msteams": {"width": "Full"},
                "body": body,
            },
        }],
    })
}
