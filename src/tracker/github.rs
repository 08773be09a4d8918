//! GitHub's GraphQL API: one request asks for up to 100 issues or pull
//! requests by number, each under an alias (`n412: issueOrPullRequest(number: 412)`).

use std::time::Instant;

use serde::Deserialize;

use super::{web, Fetched, Item, ItemKind, ItemState, TrackerError};
use crate::http::{self, Limits};

/// References per request: GitHub's limit for a list of nodes.
const BATCH: usize = 100;

const FIELDS: &str = "title state url labels(first: 20) { nodes { name } } milestone { title dueOn url open: issues(states: OPEN) { totalCount } closed: issues(states: CLOSED) { totalCount } }";

/// `#412` → 412.
pub(super) fn number(id: &str) -> Option<u64> {
    id.strip_prefix('#').filter(|n| !n.starts_with('0')).and_then(|n| n.parse().ok())
}

/// The GraphQL endpoint for a REST API base: `https://api.github.com` has it
/// at `/graphql`, GitHub Enterprise's `https://HOST/api/v3` at `/api/graphql`.
pub fn graphql_url(api: &str) -> String {
    let api = api.trim_end_matches('/');
    match api.strip_suffix("/api/v3") {
        Some(host) => format!("{host}/api/graphql"),
        None => format!("{api}/graphql"),
    }
}

/// Asks for `ids` (`#N`) of `owner/name`, in batches, before `deadline`.
pub(super) fn fetch(
    api: &str,
    owner: &str,
    name: &str,
    token: &str,
    ids: &[String],
    limits: &Limits,
    deadline: Instant,
) -> Fetched {
    let url = graphql_url(api);
    let numbers: Vec<u64> = ids.iter().filter_map(|id| number(id)).collect();
    let mut items = Vec::new();
    let mut requests = 0;
    for batch in numbers.chunks(BATCH) {
        requests += 1;
        let body = query(owner, name, batch);
        let answer = http::post(&url, &format!("bearer {token}"), &body, limits, deadline)
            .map_err(TrackerError::from)
            .and_then(|bytes| parse(&bytes, batch));
        match answer {
            Ok(found) => items.extend(found),
            Err(e) => return Fetched { result: Err(e), requests },
        }
    }
    Fetched { result: Ok(items), requests }
}

/// The request body: the query, with the repository as variables (never
/// spliced into the query text).
fn query(owner: &str, name: &str, numbers: &[u64]) -> String {
    let mut q =
        String::from("query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {");
    for n in numbers {
        q.push_str(&format!(
            " n{n}: issueOrPullRequest(number: {n}) {{ __typename ... on Issue {{ {FIELDS} }} ... on PullRequest {{ {FIELDS} }} }}"
        ));
    }
    q.push_str(" } }");
    serde_json::json!({ "query": q, "variables": { "owner": owner, "name": name } }).to_string()
}

#[derive(Deserialize)]
struct Response {
    data: Option<Data>,
    #[serde(default)]
    errors: Vec<GraphQlError>,
}

#[derive(Deserialize)]
struct Data {
    repository: Option<std::collections::HashMap<String, Option<Node>>>,
}

#[derive(Deserialize)]
struct GraphQlError {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Node {
    #[serde(rename = "__typename")]
    typename: String,
    title: String,
    state: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    labels: Option<Labels>,
    #[serde(default)]
    milestone: Option<GitHubMilestone>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GitHubMilestone {
    title: String,
    #[serde(default)]
    due_on: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    open: Option<Count>,
    #[serde(default)]
    closed: Option<Count>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Count {
    total_count: u32,
}

#[derive(Deserialize)]
struct Labels {
    nodes: Vec<Option<Label>>,
}

#[derive(Deserialize)]
struct Label {
    name: String,
}

/// The items of one answer. A number GitHub does not know is left out; an
/// answer with errors and no data is an error.
pub(super) fn parse(bytes: &[u8], asked: &[u64]) -> Result<Vec<Item>, TrackerError> {
    let response: Response = serde_json::from_slice(bytes)
        .map_err(|e| TrackerError::Malformed(format!("not GitHub's JSON: {e}")))?;
    let Some(repository) = response.data.and_then(|d| d.repository) else {
        let first = response.errors.iter().find(|e| e.kind.as_deref() != Some("NOT_FOUND"));
        let why = first.or(response.errors.first()).map_or("no data".to_string(), |e| {
            crate::window::one_line(&crate::http::redact(&e.message), 160)
        });
        return Err(TrackerError::Http(format!("GitHub answered: {why}")));
    };
    let mut items = Vec::new();
    for n in asked {
        let Some(Some(node)) = repository.get(&format!("n{n}")) else { continue };
        let kind = if node.typename == "PullRequest" { ItemKind::PullRequest } else { ItemKind::Issue };
        let state = match node.state.as_str() {
            "OPEN" => ItemState::Open,
            "MERGED" => ItemState::Merged,
            _ => ItemState::Closed,
        };
        let labels = node
            .labels
            .as_ref()
            .map(|l| l.nodes.iter().flatten().map(|label| label.name.clone()).collect())
            .unwrap_or_default();
        let url = web(node.url.clone());
        let milestone = node.milestone.as_ref().map(|m| super::Milestone {
            title: m.title.clone(),
            due: m.due_on.as_deref().and_then(super::date),
            open: m.open.as_ref().map(|c| c.total_count),
            closed: m.closed.as_ref().map(|c| c.total_count),
            url: web(m.url.clone()),
        });
        items.push(Item {
            id: format!("#{n}"),
            kind,
            title: node.title.clone(),
            labels,
            state,
            url,
            milestone,
        });
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_graphql_endpoint_follows_the_rest_base() {
        assert_eq!(graphql_url("https://api.github.com"), "https://api.github.com/graphql");
        assert_eq!(graphql_url("https://ghe.example.com/api/v3/"), "https://ghe.example.com/api/graphql");
    }

    #[test]
    fn the_repository_is_a_variable_not_query_text() {
        let body = query("acme\" } evil", "shop", &[12, 7]);
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(value["variables"]["owner"], "acme\" } evil");
        assert!(!value["query"].as_str().unwrap().contains("evil"));
        assert!(value["query"].as_str().unwrap().contains("n12: issueOrPullRequest(number: 12)"));
    }

    #[test]
    fn an_answer_reads_into_items_and_skips_unknown_numbers() {
        let answer = br#"{"data":{"repository":{
            "n12":{"__typename":"PullRequest","title":"Pay with Apple Pay","state":"MERGED","url":"https://github.com/acme/shop/pull/12","labels":{"nodes":[{"name":"feature"}]}},
            "n7":null}},
            "errors":[{"type":"NOT_FOUND","path":["repository","n7"],"message":"Could not resolve"}]}"#;
        let items = parse(answer, &[12, 7]).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].id, "#12");
        assert_eq!(items[0].kind, ItemKind::PullRequest);
        assert_eq!(items[0].state, ItemState::Merged);
        assert_eq!(items[0].labels, ["feature"]);
        assert!(parse(b"{\"data\":null,\"errors\":[{\"message\":\"Bad credentials\"}]}", &[1]).is_err());
        assert!(parse(b"<html>", &[1]).is_err());
    }
}
