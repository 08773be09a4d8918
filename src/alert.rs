//! `git brief alert`: only what cannot wait for Monday. From the brief of a
//! push (or any window), the units of work that are critical: a rollback, a
//! shipped security fix, a breaking change, work the tracker labels
//! critical, a hotfix, and the team's own markers. Nothing critical, nothing
//! printed.

use serde::Serialize;

use crate::brief::{Brief, Link, Outcome, Reason};

/// The critical items of a brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    /// `Critical changes — acme/shop (main)`.
    pub title: String,
    /// The window, as the brief names it.
    pub window: String,
    pub items: Vec<AlertItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertItem {
    /// `rolled_back`, `security`, `breaking`, `critical`, `hotfix` or `marker`.
    pub reason: String,
    /// What it means (`a change was rolled back`).
    pub note: String,
    pub area: String,
    /// The work, in plain language.
    pub text: String,
    pub refs: Vec<String>,
    pub links: Vec<Link>,
    pub commits: Vec<String>,
}

/// The critical items of `brief`; `markers` are words that make a unit
/// critical when its title holds them (`[alert] markers`).
pub fn of(brief: &Brief, markers: &[String]) -> Alert {
    let mut items: Vec<AlertItem> = Vec::new();
    for roadblock in &brief.attention {
        let reason = match roadblock.reason {
            Reason::Reverted | Reason::RolledBack => "rolled_back",
            Reason::Security => "security",
            Reason::Breaking => "breaking",
            Reason::Critical => "critical",
            Reason::Blocked | Reason::Unstable | Reason::Overdue | Reason::Deprecated => continue,
        };
        items.push(AlertItem {
            reason: reason.to_string(),
            note: roadblock.note.clone(),
            area: roadblock.area.clone(),
            text: roadblock.text.clone(),
            refs: roadblock.refs.clone(),
            links: roadblock.links.clone(),
            commits: roadblock.commits.clone(),
        });
    }
    let outcomes: Vec<&Outcome> = brief.delivered.iter().chain(&brief.fixed).collect();
    for unit in &brief.units {
        let title = unit.title.to_lowercase();
        let hotfix = unit.kind_of_work == "hotfix"
            || unit.branch.as_deref().is_some_and(|b| b.to_lowercase().starts_with("hotfix/"))
            || title.split(|c: char| !c.is_alphanumeric()).any(|w| w == "hotfix");
        let marker =
            markers.iter().find(|m| !m.trim().is_empty() && title.contains(&m.trim().to_lowercase()));
        let (reason, note) = match (hotfix, marker) {
            (true, _) => ("hotfix", "a hotfix reached the branch".to_string()),
            (false, Some(marker)) => ("marker", format!("marked {}", marker.trim())),
            (false, None) => continue,
        };
        let Some(first) = unit.commits.first() else { continue };
        if items.iter().any(|i| i.commits.contains(first)) {
            continue;
        }
        let item = match outcomes.iter().find(|o| o.commits.contains(first)) {
            Some(outcome) => AlertItem {
                reason: reason.to_string(),
                note,
                area: outcome.area.clone(),
                text: outcome.text.clone(),
                refs: outcome.refs.clone(),
                links: outcome.links.clone(),
                commits: outcome.commits.clone(),
            },
            // Maintenance has no outcome line: its title, read without its prefix.
            None => AlertItem {
                reason: reason.to_string(),
                note,
                area: unit.area.clone(),
                text: plain(&unit.title),
                refs: unit.number.iter().cloned().collect(),
                links: Vec::new(),
                commits: unit.commits.clone(),
            },
        };
        items.push(item);
    }
    let branch = brief.repository.branch.as_deref().map(|b| format!(" ({b})")).unwrap_or_default();
    Alert {
        title: format!("Critical changes — {}{branch}", brief.repository.name),
        window: brief.window.label.clone(),
        items,
    }
}

/// A title without its `type(scope):` prefix, starting with a capital.
fn plain(title: &str) -> String {
    let lexicon = crate::classify::Rules::default().lexicon();
    let description = crate::read::read(title, &lexicon).description;
    let mut chars = description.trim().chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
