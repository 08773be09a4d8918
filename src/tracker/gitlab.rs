//! GitLab's REST API v4: a project's issues (`#12`) and merge requests
//! (`!12`) by iid, up to 100 per request (`?iids[]=12&iids[]=7`).

use std::time::Instant;

use serde::Deserialize;

use super::{web, Fetched, Item, ItemKind, ItemState, Milestone, TrackerError};
use crate::http::{self, Limits};

const BATCH: usize = 100;

/// `#12` → (issue, 12); `!12` → (merge request, 12).
pub(super) fn reference(id: &str) -> Option<(ItemKind, u64)> {
    let (kind, number) = match id.chars().next()? {
        '#' => (ItemKind::Issue, &id[1..]),
        '!' => (ItemKind::PullRequest, &id[1..]),
        _ => return None,
    };
    number.parse().ok().filter(|_| !number.starts_with('0')).map(|n| (kind, n))
}

/// The token header: a personal or project token, or CI's job token.
#[derive(Clone)]
pub enum Credential {
    Private(String),
    Job(String),
}

impl Credential {
    fn header(&self) -> (&'static str, &str) {
        match self {
            Credential::Private(token) => ("PRIVATE-TOKEN", token),
            Credential::Job(token) => ("JOB-TOKEN", token),
        }
    }
}

/// Asks `api` (`https://gitlab.com/api/v4`) for the references of `project`
/// (`group/sub/project`), issues and merge requests apart, in batches.
pub(super) fn fetch(
    api: &str,
    project: &str,
    credential: &Credential,
    ids: &[String],
    limits: &Limits,
    deadline: Instant,
) -> Fetched {
    let project_id: String = project
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let mut items = Vec::new();
    let mut requests = 0;
    for (kind, what, sigil) in
        [(ItemKind::Issue, "issues", '#'), (ItemKind::PullRequest, "merge_requests", '!')]
    {
        let numbers: Vec<u64> =
            ids.iter().filter_map(|id| reference(id)).filter(|(k, _)| *k == kind).map(|(_, n)| n).collect();
        for batch in numbers.chunks(BATCH) {
            requests += 1;
            let query: Vec<String> = batch.iter().map(|n| format!("iids[]={n}")).collect();
            let url = format!(
                "{}/projects/{project_id}/{what}?{}&per_page={BATCH}&scope=all",
                api.trim_end_matches('/'),
                query.join("&")
            );
            let answer = http::get(&url, Some(credential.header()), limits, deadline)
                .map_err(TrackerError::from)
                .and_then(|bytes| parse(&bytes, kind, sigil));
            match answer {
                Ok(found) => items.extend(found),
                Err(e) => return Fetched { result: Err(e), requests },
            }
        }
    }
    Fetched { result: Ok(items), requests }
}

#[derive(Deserialize)]
struct Entry {
    iid: u64,
    title: String,
    state: String,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    web_url: Option<String>,
    #[serde(default)]
    milestone: Option<GitLabMilestone>,
}

#[derive(Deserialize)]
struct GitLabMilestone {
    title: String,
    #[serde(default)]
    due_date: Option<String>,
    #[serde(default)]
    web_url: Option<String>,
}

pub(super) fn parse(bytes: &[u8], kind: ItemKind, sigil: char) -> Result<Vec<Item>, TrackerError> {
    let entries: Vec<Entry> = serde_json::from_slice(bytes)
        .map_err(|e| TrackerError::Malformed(format!("not GitLab's JSON: {e}")))?;
    Ok(entries
        .into_iter()
        .map(|e| Item {
            id: format!("{sigil}{}", e.iid),
            kind,
            title: e.title,
            labels: e.labels,
            state: match e.state.as_str() {
                "opened" | "open" => ItemState::Open,
                "merged" => ItemState::Merged,
                _ => ItemState::Closed,
            },
            url: web(e.web_url),
            milestone: e.milestone.map(|m| Milestone {
                title: m.title,
                due: m.due_date.as_deref().and_then(super::date),
                open: None,
                closed: None,
                url: web(m.web_url),
            }),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_and_merge_requests_are_told_apart() {
        assert_eq!(reference("#12"), Some((ItemKind::Issue, 12)));
        assert_eq!(reference("!7"), Some((ItemKind::PullRequest, 7)));
        assert_eq!(reference("PAY-7"), None);
        assert_eq!(reference("#012"), None);
    }
}
