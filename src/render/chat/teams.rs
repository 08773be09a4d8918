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
    // An address longer than any forge's would only make the card too large.
    match url.filter(|u| (u.starts_with("https://") || u.starts_with("http://")) && u.len() <= 2000) {
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
/// `TextRun`s only. The card is kept under Teams' payload limit: fewer items
/// a section (with "…and N more"), then shorter texts, fewer references and
/// fewer numbers, until it fits.
pub fn teams(brief: &Brief) -> Value {
    let mut limits =
        Limits { per_section: brief.max_items.max(1), text: 2000, refs: 20, numbers: brief.kpis.len() };
    loop {
        let card = teams_card(brief, limits);
        if card.to_string().len() <= MAX_TEAMS_BYTES {
            return card;
        }
        match limits.tighter() {
            Some(tighter) => limits = tighter,
            None => return too_large(brief),
        }
    }
}

/// How much of the brief a card shows.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// Items a section.
    per_section: usize,
    /// Characters of any one text from the brief (a title, an outcome, a label).
    text: usize,
    /// References a line.
    refs: usize,
    numbers: usize,
}

impl Limits {
    /// The next, smaller card; `None` when there is none smaller.
    fn tighter(self) -> Option<Limits> {
        if self.per_section > 1 {
            Some(Limits { per_section: self.per_section / 2, ..self })
        } else if self.text > 60 {
            Some(Limits { text: self.text / 2, ..self })
        } else if self.refs > 1 {
            Some(Limits { refs: self.refs / 2, ..self })
        } else if self.numbers > 1 {
            Some(Limits { numbers: self.numbers / 2, ..self })
        } else {
            None
        }
    }
}

/// The last resort, when even one short item a section does not fit: the
/// title, and where to read the brief.
fn too_large(brief: &Brief) -> Value {
    message(vec![
        json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": crate::render::terminal(&cut(&brief.title, 200)), "size": "Large", "weight": "Bolder"}]}),
        json!({"type": "RichTextBlock", "inlines": [run("This brief is too large for a Teams card; the JSON brief (--format json) has all of it.")]}),
    ])
}

fn teams_card(brief: &Brief, limits: Limits) -> Value {
    let short = |text: &str| cut(text, limits.text);
    // A line's references, at most `limits.refs`, then how many more.
    let refs = |refs: &[String]| -> Vec<String> {
        let mut shown: Vec<String> = refs.iter().take(limits.refs).map(|r| cut(r, 100)).collect();
        if refs.len() > limits.refs {
            shown.push(format!("and {} more", refs.len() - limits.refs));
        }
        shown
    };
    let outcome = |area: &str, text: &str, ids: &[String], links: &[Link]| {
        let mut runs = Vec::new();
        if area != crate::brief::GENERAL {
            runs.push(bold(&short(area)));
            runs.push(run(" — "));
        }
        runs.push(run(&short(text)));
        line(runs, &refs(ids), links)
    };
    let plain = |text: &str| line(vec![run(&short(text))], &[], &[]);
    let mut delivered: Vec<Value> =
        brief.delivered.iter().map(|o| outcome(&o.area, &o.text, &o.refs, &o.links)).collect();
    delivered.extend(brief.releases.iter().map(|r| plain(&r.text)));
    let sections: [(&str, Vec<Value>); 5] = [
        (
            "Needs attention",
            brief
                .attention
                .iter()
                .map(|r| {
                    // A security item is the loudest line of the card.
                    let note = match r.reason {
                        crate::brief::Reason::Security => json!({"type": "TextRun", "text": crate::render::terminal(&short(&r.note)), "weight": "Bolder", "color": "Attention"}),
                        _ => run(&short(&r.note)),
                    };
                    let mut runs = vec![bold(&short(&r.area)), run(" — "), note];
                    if !r.text.is_empty() {
                        runs.push(run(&format!(": “{}”", short(&r.text))));
                    }
                    line(runs, &refs(&r.refs), &r.links)
                })
                .collect(),
        ),
        ("Milestones", brief.milestones.iter().map(|m| plain(&m.text)).collect()),
        ("Delivered", delivered),
        ("Fixed", brief.fixed.iter().map(|o| outcome(&o.area, &o.text, &o.refs, &o.links)).collect()),
        (
            "In progress",
            brief
                .in_progress
                .iter()
                .map(|t| {
                    let link = Link { id: t.reference.clone(), url: t.tracker.url.clone() };
                    let links = std::slice::from_ref(&link);
                    match &t.tracker.title {
                        Some(title) => line(vec![run(&short(title))], std::slice::from_ref(&t.reference), links),
                        None if t.reference.starts_with('#') => {
                            line(vec![run("issue "), reference_run(&t.reference, links)], &[], &[])
                        }
                        None => line(vec![reference_run(&t.reference, links)], &[], &[]),
                    }
                })
                .collect(),
        ),
    ];

    let mut body = vec![
        json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": crate::render::terminal(&short(&brief.title)), "size": "Large", "weight": "Bolder"}]}),
        json!({"type": "RichTextBlock", "inlines": [run(&short(&brief.headline))]}),
    ];
    if let Some(intro) = &brief.intro {
        body.push(
            json!({"type": "RichTextBlock", "inlines": [run(&short(&super::super::intro::plain(intro)))]}),
        );
    }
    for (title, items) in sections.iter().filter(|(_, items)| !items.is_empty()) {
        body.push(heading(title));
        body.extend(items.iter().take(limits.per_section).cloned());
        if items.len() > limits.per_section {
            body.push(line(vec![run(&format!("…and {} more", items.len() - limits.per_section))], &[], &[]));
        }
    }
    // One line a number, not a `FactSet`: Teams reads a fact's title and
    // value as Markdown, and `merge` takes both from JSON briefs.
    if !brief.kpis.is_empty() {
        body.push(heading(&short(&numbers_heading(brief))));
        body.extend(brief.kpis.iter().take(limits.numbers).map(|k| {
            line(vec![bold(&short(&k.label)), run(&format!(": {}", short(&number(brief, k))))], &[], &[])
        }));
        if brief.kpis.len() > limits.numbers {
            let more = format!(
                "…and {} more numbers: the JSON brief has them all",
                brief.kpis.len() - limits.numbers
            );
            body.push(line(vec![run(&more)], &[], &[]));
        }
    }
    if brief.maintenance.total > 0 {
        let line = format!("Behind the scenes: {}", brief.maintenance.summary);
        body.push(json!({"type": "RichTextBlock", "spacing": "Medium", "inlines": [{"type": "TextRun", "text": crate::render::terminal(&short(&line)), "isSubtle": true}]}));
    }
    // The notes (estimates, a shallow clone) come last and quietest.
    for warning in brief.warnings.iter().take(3) {
        let note = format!("Note: {warning}");
        body.push(json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": crate::render::terminal(&short(&note)), "isSubtle": true, "size": "Small"}]}));
    }
    let footer = short(&format!("{} · {}", brief.repository.name, brief.window.label));
    body.push(json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": crate::render::terminal(&footer), "isSubtle": true, "size": "Small"}]}));
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

/// An edited brief (`git-brief publish`) as a Teams card: its title, each
/// section's heading and lines as plain runs, lines left out ("…and N
/// more") until the card fits Teams' limit.
pub fn draft(draft: &crate::render::draft::Draft) -> Value {
    let title = json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": crate::render::terminal(&cut(&draft.title, 200)), "size": "Large", "weight": "Bolder"}]});
    let lines: Vec<(Option<&str>, &crate::render::draft::Line)> = draft
        .sections
        .iter()
        .flat_map(|s| {
            s.lines
                .iter()
                .enumerate()
                .map(move |(i, l)| ((i == 0).then_some(s.heading.as_deref()).flatten(), l))
        })
        .collect();
    let mut shown = lines.len();
    loop {
        let mut body = vec![title.clone()];
        for (heading_of, line) in &lines[..shown] {
            if let Some(h) = heading_of {
                body.push(heading(&cut(h, 200)));
            }
            let bullet = if line.bullet { "• " } else { "" };
            body.push(json!({"type": "RichTextBlock", "inlines": [run(&format!("{bullet}{}", cut(&line.text, 2000)))]}));
        }
        if shown < lines.len() {
            body.push(json!({"type": "RichTextBlock", "inlines": [run(&format!("…and {} more", lines.len() - shown))]}));
        }
        let card = message(body);
        if card.to_string().len() <= MAX_TEAMS_BYTES || shown == 0 {
            return card;
        }
        shown = shown * 9 / 10;
    }
}
