//! The brief as a Slack message: a Block Kit payload for `chat.postMessage`
//! or an incoming webhook, within Slack's limits (50 blocks, a 150-character
//! header, 3,000 characters of section text, 10 fields of 2,000), trimmed with
//! a visible "and N more" rather than rejected. Every value from commits or a
//! tracker is escaped for Slack's mrkdwn (`&`, `<`, `>`), so no text can make
//! a mention (`<!channel>`, `<@U123>`) or a link of its own.

use serde_json::{json, Value};

use super::{cut, number, numbers_heading};
use crate::alert::{Alert, AlertItem};
use crate::brief::{Brief, Link};

const MAX_BLOCKS: usize = 50;
const MAX_HEADER: usize = 150;
const MAX_SECTION: usize = 3000;
const MAX_FIELDS: usize = 10;
const MAX_FIELD: usize = 2000;

/// Slack's mrkdwn escaping: the three characters that start its markup,
/// and no control characters.
fn escape(text: &str) -> String {
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
fn mrkdwn(text: String) -> Value {
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

/// The numbers as sections of ten fields, headed, in at most `max_blocks`
/// blocks; when they need more, the last block says how many were left out.
fn numbers(brief: &Brief, max_blocks: usize) -> Vec<Value> {
    let fields: Vec<Value> = brief
        .kpis
        .iter()
        .map(|k| {
            let text = format!("*{}*\n{}", escape(&k.label), escape(&number(brief, k)));
            mrkdwn(cut(&text, MAX_FIELD))
        })
        .collect();
    let needed = fields.len().div_ceil(MAX_FIELDS);
    let sections = if needed <= max_blocks { needed } else { max_blocks.saturating_sub(1).max(1) };
    let mut blocks: Vec<Value> = fields
        .chunks(MAX_FIELDS)
        .take(sections)
        .map(|fields| json!({"type": "section", "fields": fields}))
        .collect();
    if let Some(first) = blocks.first_mut() {
        first["text"] = mrkdwn(cut(&format!("*{}*", escape(&numbers_heading(brief))), MAX_SECTION));
    }
    let shown = (sections * MAX_FIELDS).min(fields.len());
    if shown < fields.len() {
        let note = format!("…and {} more numbers: the JSON brief has them all", fields.len() - shown);
        blocks.push(json!({"type": "context", "elements": [mrkdwn(note)]}));
    }
    blocks
}

/// The Block Kit payload of `brief`.
pub fn slack(brief: &Brief) -> Value {
    let mut blocks = vec![
        // A pull request's title is untrusted: escaped as every text is,
        // though a header's plain text renders no mention or link.
        json!({"type": "header", "text": {"type": "plain_text", "text": cut(&escape(&brief.title), MAX_HEADER), "emoji": true}}),
        section(escape(&brief.headline)),
    ];
    if let Some(intro) = &brief.intro {
        blocks.push(section(escape(&super::super::intro::plain(intro))));
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
                    // A security item is the loudest line of the message.
                    match r.reason {
                        crate::brief::Reason::Security => {
                            format!(
                                ":rotating_light: *{}* — *{}*{what}{refs}",
                                escape(&r.area),
                                escape(&r.note)
                            )
                        }
                        _ => format!("• *{}* — {}{what}{refs}", escape(&r.area), escape(&r.note)),
                    }
                })
                .collect(),
        ),
        ("Delivered", delivered),
        ("Fixed", brief.fixed.iter().map(|o| outcome(&o.area, &o.text, &o.refs, &o.links)).collect()),
        (
            "In progress",
            brief
                .in_progress
                .iter()
                .map(|t| {
                    let link = Link { id: t.reference.clone(), url: t.tracker.url.clone() };
                    let reference = reference(&t.reference, std::slice::from_ref(&link));
                    match &t.tracker.title {
                        Some(title) => format!("• {} ({reference})", escape(title)),
                        None if t.reference.starts_with('#') => format!("• issue {reference}"),
                        None => format!("• {reference}"),
                    }
                })
                .collect(),
        ),
    ] {
        if !lines.is_empty() {
            blocks.push(section(list(heading, &lines, max)));
        }
    }
    // Ten fields a section: the numbers take as many sections as they need,
    // within the blocks left beside the three closing contexts (behind the
    // scenes, the notes, the repository).
    let room = MAX_BLOCKS.saturating_sub(blocks.len() + 3).max(2);
    blocks.extend(numbers(brief, room));
    if brief.maintenance.total > 0 {
        let line = format!("*Behind the scenes:* {}", escape(&brief.maintenance.summary));
        blocks.push(json!({"type": "context", "elements": [mrkdwn(cut(&line, MAX_SECTION))]}));
    }
    // The notes (estimates, a shallow clone) come last and quietest.
    let notes: Vec<Value> = brief
        .warnings
        .iter()
        .take(3)
        .map(|w| mrkdwn(cut(&format!("Note: {}", escape(w)), MAX_SECTION)))
        .collect();
    if !notes.is_empty() {
        blocks.push(json!({"type": "context", "elements": notes}));
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

/// Sections of item lines in an alert: beyond them, a channel alert is
/// read by nobody (the JSON alert has every item).
const MAX_ALERT_SECTIONS: usize = 10;
/// An item's own text in an alert, in characters once escaped: a commit
/// subject or tracker title can be any length, an alert line should not.
const MAX_ALERT_TEXT: usize = 1000;
/// References shown on an alert line.
const MAX_ALERT_REFS: usize = 5;

/// `text` escaped for mrkdwn and cut to `max` characters at a whole
/// character of the escaped text, so no entity (`&amp;`) is cut in two.
fn escape_cut(text: &str, max: usize) -> String {
    let escaped = escape(text);
    if escaped.chars().count() <= max {
        return escaped;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let piece = escape(&c.to_string());
        let len = piece.chars().count();
        if used + len > max.saturating_sub(1) {
            break;
        }
        out.push_str(&piece);
        used += len;
    }
    out + "…"
}

/// Whole lines packed into at most `max_sections` texts of Slack's
/// section limit; when lines are left out, the last text ends with
/// "• …and N more". Each line must be well under the limit.
fn pack(lines: &[String], max_sections: usize) -> Vec<String> {
    let note = |n: usize| format!("• …and {n} more");
    let reserve = note(lines.len()).chars().count() + 1;
    let mut sections: Vec<String> = Vec::new();
    let (mut current, mut current_len) = (String::new(), 0);
    let mut shown = 0;
    for line in lines {
        let len = line.chars().count();
        let last = sections.len() + 1 >= max_sections;
        let room = if last { MAX_SECTION - reserve } else { MAX_SECTION };
        let needed = if current.is_empty() { len } else { current_len + 1 + len };
        if needed > room {
            if last || current.is_empty() {
                break;
            }
            sections.push(std::mem::take(&mut current));
            current_len = 0;
            let last = sections.len() + 1 >= max_sections;
            if len > if last { MAX_SECTION - reserve } else { MAX_SECTION } {
                break;
            }
        }
        if !current.is_empty() {
            current.push('\n');
            current_len += 1;
        }
        current.push_str(line);
        current_len += len;
        shown += 1;
    }
    if shown < lines.len() {
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(&note(lines.len() - shown));
    }
    if !current.is_empty() {
        sections.push(current);
    }
    sections
}

/// An alert as a Slack message: its title and window, then every critical
/// item on a line of its own, whole, over as many sections as it takes, and
/// "…and N more" when even those are not enough.
pub fn alert(alert: &Alert) -> Value {
    let lines: Vec<String> = alert.items.iter().map(alert_line).collect();
    let mut blocks = vec![json!({"type": "section", "text": mrkdwn(cut(
        &format!("*{}*\n{}", escape(&alert.title), escape(&alert.window)),
        MAX_SECTION,
    ))})];
    blocks.extend(
        pack(&lines, MAX_ALERT_SECTIONS.min(MAX_BLOCKS - 1))
            .into_iter()
            .map(|text| json!({"type": "section", "text": mrkdwn(text)})),
    );
    // The notification is read as mrkdwn too: a branch or repository
    // name could otherwise mention the channel.
    json!({"text": cut(&escape(&alert.title), MAX_SECTION), "blocks": blocks})
}

/// `• *Security* — a security fix shipped: “Escape the search box” (#12)`.
fn alert_line(item: &AlertItem) -> String {
    let text = if item.text.is_empty() {
        String::new()
    } else {
        format!(": “{}”", escape_cut(&item.text, MAX_ALERT_TEXT))
    };
    let mut refs: Vec<String> = item
        .refs
        .iter()
        .take(MAX_ALERT_REFS)
        .map(|r| if r.chars().count() <= 100 { reference(r, &item.links) } else { escape_cut(r, 100) })
        .collect();
    if item.refs.len() > MAX_ALERT_REFS {
        refs.push(format!("and {} more", item.refs.len() - MAX_ALERT_REFS));
    }
    let refs = if refs.is_empty() { String::new() } else { format!(" ({})", refs.join(", ")) };
    format!("• *{}* — {}{text}{refs}", escape_cut(&item.area, 100), escape(&item.note))
}

/// An edited brief (`git-brief publish`) as a Slack message: its title as
/// the header, each section's heading and lines packed into sections within
/// Block Kit's limits, "…and N more" where they end.
pub fn draft(draft: &crate::render::draft::Draft) -> Value {
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": cut(&escape(&draft.title), MAX_HEADER), "emoji": true}}),
    ];
    for part in &draft.sections {
        let mut lines: Vec<String> =
            part.heading.iter().map(|h| format!("*{}*", escape_cut(h, 200))).collect();
        lines.extend(part.lines.iter().map(|l| {
            let bullet = if l.bullet { "• " } else { "" };
            format!("{bullet}{}", escape_cut(&l.text, MAX_ALERT_TEXT))
        }));
        let room = MAX_BLOCKS.saturating_sub(blocks.len());
        if room == 0 {
            break;
        }
        blocks.extend(pack(&lines, room.min(MAX_ALERT_SECTIONS)).into_iter().map(section));
    }
    json!({"text": cut(&escape(&draft.title), MAX_SECTION), "blocks": blocks})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_text_is_cut_between_entities_never_inside_one() {
        assert_eq!(escape_cut("a&b", 10), "a&amp;b");
        assert_eq!(escape_cut("ab&cd", 5), "ab…");
        assert_eq!(escape_cut("ab&cd", 8), "ab&amp;…");
    }

    #[test]
    fn lines_are_packed_whole_and_the_last_section_says_how_many_more() {
        let lines: Vec<String> = (0..100).map(|n| format!("• {n} {}", "x".repeat(290))).collect();
        let sections = pack(&lines, 2);
        assert_eq!(sections.len(), 2);
        assert!(sections.iter().all(|s| s.chars().count() <= MAX_SECTION));
        let shown = sections.iter().flat_map(|s| s.lines()).filter(|l| l.ends_with('x')).count();
        assert!(sections[1].ends_with(&format!("• …and {} more", 100 - shown)), "{}", sections[1]);
        assert_eq!(pack(&lines[..3], 2), [lines[..3].join("\n")]);
        assert!(pack(&[], 2).is_empty());
    }

    #[test]
    fn numbers_take_as_many_sections_as_they_need_and_say_what_did_not_fit() {
        let mut brief: Brief =
            serde_json::from_str(include_str!("../../../tests/fixtures/brief.json")).unwrap();
        let kpi = brief.kpis[0].clone();
        brief.kpis = (0..25).map(|_| kpi.clone()).collect();
        let blocks = numbers(&brief, 5);
        assert_eq!(blocks.len(), 3);
        assert!(blocks.iter().all(|b| b["fields"].as_array().unwrap().len() <= MAX_FIELDS));
        assert!(blocks[0]["text"]["text"].as_str().unwrap().starts_with("*Numbers ("));
        brief.kpis = (0..500).map(|_| kpi.clone()).collect();
        let blocks = numbers(&brief, 5);
        assert_eq!(blocks.len(), 5);
        assert_eq!(blocks[4]["elements"][0]["text"], "…and 460 more numbers: the JSON brief has them all");
    }
}
