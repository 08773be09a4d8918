//! A tracker exported to files: the JSON that `gh issue list --json
//! number,title,labels,state,url` and `gh pr list --json …` print (an array
//! of objects), one file or several. For air-gapped runs, and for teams that
//! export from any other tracker into the same shape.

use std::path::PathBuf;

use serde::Deserialize;

use super::{Item, ItemKind, ItemState, TrackerError};

/// The largest file read: an export of tens of thousands of issues.
const MAX_FILE: u64 = 64 << 20;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    number: u64,
    title: String,
    #[serde(default)]
    labels: Vec<Label>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    milestone: Option<FileMilestone>,
    // Fields only a pull request has, in `gh pr list --json`.
    #[serde(default)]
    head_ref_name: Option<serde_json::Value>,
    #[serde(default)]
    merged_at: Option<serde_json::Value>,
    #[serde(default)]
    is_draft: Option<serde_json::Value>,
}

/// `gh`'s milestone: its title and due date; its progress is counted from
/// the export's own issues.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileMilestone {
    title: String,
    #[serde(default)]
    due_on: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Label {
    Named { name: String },
    Plain(String),
}

/// Every item of every file.
pub(super) fn read(paths: &[PathBuf]) -> Result<Vec<Item>, TrackerError> {
    let mut items = Vec::new();
    for path in paths {
        let shown = crate::window::quote(&path.display().to_string());
        let text = crate::files::read_regular(path, MAX_FILE)
            .map_err(|e| TrackerError::File { path: shown.clone(), reason: e.to_string() })?;
        items.extend(entries(&text, &shown)?);
    }
    count_milestones(&mut items);
    Ok(items)
}

/// The items of one file's `text`; `shown` names the file in an error.
pub(super) fn entries(text: &str, shown: &str) -> Result<Vec<Item>, TrackerError> {
    // An export saved by an editor on Windows may start with a BOM, as
    // the configuration and a KPI file may.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let entries: Vec<Entry> = serde_json::from_str(text).map_err(|e| TrackerError::File {
        path: shown.to_string(),
        reason: format!("not an array as `gh issue list --json number,title,labels,state` prints ({e})"),
    })?;
    Ok(entries.into_iter().map(item).collect())
}

/// Each milestone's progress, from the issues of the export that belong to it.
pub(super) fn count_milestones(items: &mut [Item]) {
    let mut counts: std::collections::HashMap<String, (u32, u32)> = std::collections::HashMap::new();
    for item in items.iter().filter(|i| i.kind == ItemKind::Issue) {
        if let Some(m) = &item.milestone {
            let count = counts.entry(m.title.clone()).or_default();
            match item.state {
                ItemState::Open => count.0 += 1,
                _ => count.1 += 1,
            }
        }
    }
    for item in items {
        if let Some(m) = item.milestone.as_mut() {
            let (open, closed) = counts.get(&m.title).copied().unwrap_or_default();
            (m.open, m.closed) = (Some(open), Some(closed));
        }
    }
}

fn item(entry: Entry) -> Item {
    let state = entry.state.as_deref().unwrap_or("OPEN").to_ascii_uppercase();
    let pull = entry.head_ref_name.is_some()
        || entry.merged_at.is_some()
        || entry.is_draft.is_some()
        || state == "MERGED"
        || entry.url.as_deref().is_some_and(|u| u.contains("/pull/"));
    Item {
        id: format!("#{}", entry.number),
        kind: if pull { ItemKind::PullRequest } else { ItemKind::Issue },
        title: entry.title,
        labels: entry
            .labels
            .into_iter()
            .map(|label| match label {
                Label::Named { name } | Label::Plain(name) => name,
            })
            .collect(),
        state: match state.as_str() {
            "OPEN" => ItemState::Open,
            "MERGED" => ItemState::Merged,
            _ => ItemState::Closed,
        },
        url: super::web(entry.url),
        milestone: entry.milestone.map(|m| super::Milestone {
            title: m.title,
            due: m.due_on.as_deref().and_then(super::date),
            open: None,
            closed: None,
            url: None,
        }),
    }
}
