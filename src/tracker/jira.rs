//! Jira's REST search: `key in (PAY-1, PAY-7, …)`, up to 100 keys per
//! request. Jira Cloud (an e-mail and an API token) answers at
//! `/rest/api/3/search/jql`; Jira Data Center (a personal access token, as
//! a bearer token) at `/rest/api/2/search`. A fix version is the milestone.

use std::time::Instant;

use serde::Deserialize;

use super::{web, Fetched, Item, ItemKind, ItemState, Milestone, TrackerError};
use crate::http::{self, Limits};

const BATCH: usize = 100;

/// How Jira is signed in to.
#[derive(Clone)]
pub enum Credential {
    /// Jira Cloud: `JIRA_EMAIL` and `JIRA_API_TOKEN`, as HTTP basic auth.
    Cloud { email: String, token: String },
    /// Jira Data Center: a personal access token.
    Bearer(String),
}

impl Credential {
    fn header(&self) -> String {
        match self {
            Credential::Cloud { email, token } => {
                use base64::Engine;
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(format!("{email}:{token}"))
                )
            }
            Credential::Bearer(token) => format!("Bearer {token}"),
        }
    }

    fn search_path(&self) -> &'static str {
        match self {
            Credential::Cloud { .. } => "/rest/api/3/search/jql",
            Credential::Bearer(_) => "/rest/api/2/search",
        }
    }
}

/// `PAY-77`: a Jira key.
pub(super) fn is_key(id: &str) -> bool {
    let Some((project, number)) = id.split_once('-') else { return false };
    project.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && project.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
}

pub(super) fn fetch(
    base: &str,
    credential: &Credential,
    ids: &[String],
    limits: &Limits,
    deadline: Instant,
) -> Fetched {
    let url = format!("{}{}", base.trim_end_matches('/'), credential.search_path());
    let keys: Vec<&String> = ids.iter().filter(|id| is_key(id)).collect();
    let mut items = Vec::new();
    let mut requests = 0;
    for batch in keys.chunks(BATCH) {
        requests += 1;
        let list: Vec<&str> = batch.iter().map(|k| k.as_str()).collect();
        let body = serde_json::json!({
            "jql": format!("key in ({})", list.join(", ")),
            "fields": ["summary", "status", "labels", "fixVersions", "issuetype"],
            "maxResults": BATCH,
        })
        .to_string();
        let answer = http::post(&url, &credential.header(), &body, limits, deadline)
            .map_err(TrackerError::from)
            .and_then(|bytes| parse(&bytes, base));
        match answer {
            Ok(found) => items.extend(found),
            Err(e) => return Fetched { result: Err(e), requests },
        }
    }
    Fetched { result: Ok(items), requests }
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    issues: Vec<Issue>,
}

#[derive(Deserialize)]
struct Issue {
    key: String,
    fields: Fields,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Fields {
    #[serde(default)]
    summary: String,
    #[serde(default)]
    status: Option<Status>,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    fix_versions: Vec<Version>,
    #[serde(default)]
    issuetype: Option<IssueType>,
}

#[derive(Deserialize)]
struct IssueType {
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Status {
    #[serde(default)]
    status_category: Option<Category>,
}

#[derive(Deserialize)]
struct Category {
    key: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Version {
    name: String,
    #[serde(default)]
    release_date: Option<String>,
}

pub(super) fn parse(bytes: &[u8], base: &str) -> Result<Vec<Item>, TrackerError> {
    let answer: Answer = serde_json::from_slice(bytes)
        .map_err(|e| TrackerError::Malformed(format!("not Jira's JSON: {e}")))?;
    let linked = web(Some(base.to_string())).is_some();
    Ok(answer
        .issues
        .into_iter()
        .filter(|issue| is_key(&issue.key))
        .map(|issue| {
            let done = issue
                .fields
                .status
                .as_ref()
                .and_then(|s| s.status_category.as_ref())
                .is_some_and(|c| c.key == "done");
            Item {
                url: linked.then(|| format!("{}/browse/{}", base.trim_end_matches('/'), issue.key)),
                id: issue.key,
                kind: ItemKind::Issue,
                title: issue.fields.summary,
                // The issue type (Story, Bug) places work as a label does.
                labels: issue
                    .fields
                    .issuetype
                    .map(|t| t.name)
                    .into_iter()
                    .chain(issue.fields.labels)
                    .collect(),
                state: if done { ItemState::Closed } else { ItemState::Open },
                milestone: issue.fields.fix_versions.into_iter().next().map(|v| Milestone {
                    title: v.name,
                    due: v.release_date.as_deref().and_then(super::date),
                    open: None,
                    closed: None,
                    url: None,
                }),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_basic_auth() {
        assert!(
            is_key("PAY-77") && is_key("OPS2-1") && !is_key("#12") && !is_key("pay-7") && !is_key("PAY-")
        );
        let cloud = Credential::Cloud { email: "ada@example.com".into(), token: "t0ken".into() };
        assert_eq!(cloud.header(), "Basic YWRhQGV4YW1wbGUuY29tOnQwa2Vu");
    }
}
