//! The brief as a Microsoft Teams message: an Adaptive Card whose
//! untrusted text is in `TextRun`s only, under Teams' payload limit.

use serde_json::{json, Value};

use super::{cut, number, numbers_heading};
use crate::alert::{Alert, AlertItem};
use crate::brief::{Brief, Link};

/// Teams' limit for a card's payload, about 28 KB; kept below it.
const MAX_TEAMS_BYTES: usize = 27_000;

/// A run of plain text: a `TextRun` is never read as Markdown, so commit
/// and tracker text in one can format, mention and link nothing.
fn run(text: &str) -> Value {
    json!({"type": "TextRun", "text": crate::render::terminal(text)})
}

fn bold(text: &str) -> Value {
    json!({"type": "TextRun", "text": crate::render::terminal(text), "weight": "Bolder"})
}

/// A reference as a run, opening the address git-brief built for it.
fn reference_run(id: &str, links: &[Link]) -> Value {
    let url = links.iter().find(|l| l.id == id).and_then(|l| l.url.as_deref());
    match url.filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
        Some(url) => {
            json!({"type": "TextRun", "text": crate::render::terminal(id), "selectAction": {"type": "Action.OpenUrl", "url": url}})
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

/// A section's heading. A run, not a `TextBlock`: Teams reads a text
/// block's text as Markdown, and the numbers' heading holds a period that
/// `merge` takes from a JSON brief.
fn heading(text: &str) -> Value {
    json!({"type": "RichTextBlock", "spacing": "Medium", "inlines": [
        {"type": "TextRun", "text": crate::render::terminal(text), "weight": "Bolder", "size": "Medium"},
    ]})
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
        json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": crate::render::terminal(&brief.title), "size": "Large", "weight": "Bolder"}]}),
        json!({"type": "RichTextBlock", "inlines": [run(&brief.headline)]}),
    ];
    for warning in brief.warnings.iter().take(3) {
        body.push(json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": crate::render::terminal(warning), "color": "Warning", "isSubtle": true}]}));
    }
    for (title, items) in sections.iter().filter(|(_, items)| !items.is_empty()) {
        body.push(heading(title));
        body.extend(items.iter().take(per_section).cloned());
        if items.len() > per_section {
            body.push(line(vec![run(&format!("…and {} more", items.len() - per_section))], &[], &[]));
        }
    }
    // One line a number, not a `FactSet`: Teams reads a fact's title and
    // value as Markdown, and `merge` takes both from JSON briefs.
    body.push(heading(&numbers_heading(brief)));
    body.extend(
        brief
            .kpis
            .iter()
            .map(|k| line(vec![bold(&k.label), run(&format!(": {}", number(brief, k)))], &[], &[])),
    );
    body.push(json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": crate::render::terminal(&format!("{} · {}", brief.repository.name, brief.window.label)), "isSubtle": true, "size": "Small"}]}));
    message(body)
}

/// A Teams message holding one Adaptive Card (version 1.5), as Teams
/// workflows and incoming webhooks take it.
fn message(body: Vec<Value>) -> Value {
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

/// An item's own text in an alert: a commit subject or tracker title can
/// be any length, an alert line should not.
const MAX_ALERT_TEXT: usize = 1000;
/// References shown on an alert line.
const MAX_ALERT_REFS: usize = 5;

/// An alert as a Teams message: its title and window, then every critical
/// item that fits under Teams' payload limit, whole, and "…and N more"
/// for the rest.
pub fn alert(alert: &Alert) -> Value {
    let mut body = vec![
        json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": crate::render::terminal(&cut(&alert.title, 300)), "weight": "Bolder", "size": "Large"}]}),
        json!({"type": "RichTextBlock", "inlines": [run(&cut(&alert.window, 300))]}),
    ];
    let lines: Vec<Value> = alert.items.iter().map(alert_line).collect();
    let note = |n: usize| line(vec![run(&format!("…and {n} more"))], &[], &[]);
    // Each line adds its own size and a comma to the card's JSON.
    let mut used = message(body.clone()).to_string().len() + note(lines.len()).to_string().len() + 1;
    let mut shown = 0;
    for item in &lines {
        let size = item.to_string().len() + 1;
        if used + size > MAX_TEAMS_BYTES {
            break;
        }
        used += size;
        body.push(item.clone());
        shown += 1;
    }
    if shown < lines.len() {
        body.push(note(lines.len() - shown));
    }
    message(body)
}

/// `• Security — a security fix shipped: “Escape the search box” (#12)`.
fn alert_line(item: &AlertItem) -> Value {
    let mut runs = vec![bold(&cut(&item.area, 100)), run(&format!(" — {}", item.note))];
    if !item.text.is_empty() {
        runs.push(run(&format!(": “{}”", cut(&item.text, MAX_ALERT_TEXT))));
    }
    let mut refs: Vec<String> = item.refs.iter().take(MAX_ALERT_REFS).map(|r| cut(r, 100)).collect();
    if item.refs.len() > MAX_ALERT_REFS {
        refs.push(format!("and {} more", item.refs.len() - MAX_ALERT_REFS));
    }
    line(runs, &refs, &item.links)
}
