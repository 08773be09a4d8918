//! The pull request a brief is about, when it runs in a pull request's CI
//! job: GitHub's event file (`$GITHUB_EVENT_PATH` for `pull_request` and
//! `pull_request_target` events, or `--pull-request FILE`) or GitLab's
//! merge-request variables. Its title names the brief, its description's
//! closing references are its own, its labels classify its work, and a draft
//! is said to be one. Everything in it is untrusted text.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

/// The longest description read for references: a description longer than
/// GitHub allows is cut here, never refused.
const MAX_BODY: usize = 65_536;
/// The longest title kept.
const MAX_TITLE: usize = 256;
/// The largest event file read.
const MAX_EVENT: u64 = 8 << 20;

/// What the brief knows of its pull request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullRequest {
    /// `#412` (GitHub) or `!412` (GitLab).
    pub number: Option<String>,
    pub title: String,
    /// The description, cut to [`MAX_BODY`] characters.
    pub body: String,
    pub labels: Vec<String>,
    pub draft: bool,
    pub base_ref: Option<String>,
    pub head_ref: Option<String>,
    pub base_sha: Option<String>,
    pub head_sha: Option<String>,
}

/// An event file that cannot be read as a pull request's.
#[derive(Debug, Error)]
pub enum PullError {
    #[error("cannot read the pull request's event file {}: {reason}; give the file GitHub Actions names in $GITHUB_EVENT_PATH", path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{} is not a pull request's event ({reason}); give a pull_request event's JSON", path.display())]
    NotAPullRequest { path: PathBuf, reason: String },
}

#[derive(Deserialize)]
struct Event {
    pull_request: Option<GitHubPull>,
}

#[derive(Deserialize)]
struct GitHubPull {
    number: u64,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    labels: Vec<Label>,
    #[serde(default)]
    draft: bool,
    base: Option<Side>,
    head: Option<Side>,
}

#[derive(Deserialize)]
struct Label {
    name: String,
}

#[derive(Deserialize)]
struct Side {
    #[serde(rename = "ref")]
    name: Option<String>,
    sha: Option<String>,
}

/// A GitHub event file as a pull request.
pub fn from_event_file(path: &Path) -> Result<PullRequest, PullError> {
    let text = crate::files::read_regular(path, MAX_EVENT)
        .map_err(|e| PullError::Read { path: path.to_path_buf(), reason: e.to_string() })?;
    let not = |reason: String| PullError::NotAPullRequest { path: path.to_path_buf(), reason };
    let event: Event =
        serde_json::from_str(&text).map_err(|e| not(crate::window::one_line(&e.to_string(), 160)))?;
    let pull = event.pull_request.ok_or_else(|| not("it has no pull_request".into()))?;
    let (base, head) = (pull.base, pull.head);
    Ok(PullRequest {
        number: Some(format!("#{}", pull.number)),
        title: cut(pull.title.as_deref().unwrap_or(""), MAX_TITLE),
        body: cut(pull.body.as_deref().unwrap_or(""), MAX_BODY),
        labels: pull.labels.into_iter().map(|l| cut(&l.name, MAX_TITLE)).collect(),
        draft: pull.draft,
        base_ref: base.as_ref().and_then(|s| s.name.clone()),
        head_ref: head.as_ref().and_then(|s| s.name.clone()),
        base_sha: base.and_then(|s| s.sha).filter(|s| is_id(s)),
        head_sha: head.and_then(|s| s.sha).filter(|s| is_id(s)),
    })
}

/// GitLab CI's merge-request variables, read through `var`.
pub fn from_gitlab(var: impl Fn(&str) -> Option<String>) -> Option<PullRequest> {
    let iid = var("CI_MERGE_REQUEST_IID").filter(|v| !v.trim().is_empty())?;
    let title = var("CI_MERGE_REQUEST_TITLE").unwrap_or_default();
    // GitLab marks a draft in the title itself.
    let draft =
        ["Draft:", "[Draft]", "(Draft)", "WIP:", "[WIP]"].iter().any(|p| title.trim_start().starts_with(p));
    Some(PullRequest {
        number: Some(format!("!{}", iid.trim())),
        title: cut(&title, MAX_TITLE),
        body: cut(&var("CI_MERGE_REQUEST_DESCRIPTION").unwrap_or_default(), MAX_BODY),
        labels: var("CI_MERGE_REQUEST_LABELS")
            .map(|l| {
                l.split(',').map(str::trim).filter(|l| !l.is_empty()).map(|l| cut(l, MAX_TITLE)).collect()
            })
            .unwrap_or_default(),
        draft,
        base_ref: var("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"),
        head_ref: var("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"),
        base_sha: var("CI_MERGE_REQUEST_DIFF_BASE_SHA").filter(|s| is_id(s)),
        head_sha: var("CI_COMMIT_SHA").filter(|s| is_id(s)),
    })
}

/// The pull request of this run: `--pull-request FILE` when given, else
/// the CI's own when it is a pull request's job.
pub fn detect(
    explicit: Option<&Path>,
    var: impl Fn(&str) -> Option<String>,
) -> Result<Option<PullRequest>, PullError> {
    if let Some(path) = explicit {
        return from_event_file(path).map(Some);
    }
    let event = var("GITHUB_EVENT_NAME").unwrap_or_default();
    if matches!(event.as_str(), "pull_request" | "pull_request_target") {
        if let Some(path) = var("GITHUB_EVENT_PATH").filter(|p| !p.is_empty()) {
            return from_event_file(Path::new(&path)).map(Some);
        }
    }
    Ok(from_gitlab(var))
}

impl PullRequest {
    /// The range it brings: base...head by commit, else by branch.
    pub fn range(&self) -> Option<String> {
        match (&self.base_sha, &self.head_sha, &self.base_ref) {
            (Some(base), Some(head), _) => Some(format!("{base}...{head}")),
            (_, _, Some(base)) => Some(format!("origin/{base}...HEAD")),
            _ => None,
        }
    }

    /// What to say when it names no base to brief from: where the base
    /// was looked for, and how to brief it anyway.
    pub fn without_base(&self) -> String {
        let number = self.number.as_deref().map(|n| format!(" {n}")).unwrap_or_default();
        let (what, looked) = if number.starts_with(" !") {
            ("merge request", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME is not set")
        } else {
            ("pull request", "its event names neither pull_request.base.sha nor pull_request.base.ref")
        };
        format!("the {what}{number} names no base to brief it from ({looked}); pass --range BASE...HEAD, such as --range origin/main...HEAD")
    }

    /// Whether a range given by hand ends at this pull request's head: at
    /// `HEAD`, its head commit, or its branch.
    pub fn ends_at_head(&self, range: &str) -> bool {
        let end = match range.split_once("...").or_else(|| range.split_once("..")) {
            Some((_, end)) => end.trim(),
            None => return false,
        };
        let branch =
            |name: &str| self.head_ref.as_deref() == Some(name.strip_prefix("origin/").unwrap_or(name));
        end.is_empty() || end == "HEAD" || self.head_sha.as_deref() == Some(end) || branch(end)
    }
}

/// Only full hexadecimal ids go into a range: the event file is untrusted.
fn is_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitlab_variables_make_a_merge_request() {
        let vars = |name: &str| match name {
            "CI_MERGE_REQUEST_IID" => Some("12".to_string()),
            "CI_MERGE_REQUEST_TITLE" => Some("Draft: faster search".to_string()),
            "CI_MERGE_REQUEST_LABELS" => Some("bug, backend".to_string()),
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME" => Some("main".to_string()),
            "CI_COMMIT_SHA" => Some("not-an-id".to_string()),
            _ => None,
        };
        let mr = from_gitlab(vars).unwrap();
        assert_eq!((mr.number.as_deref(), mr.draft), (Some("!12"), true));
        assert_eq!(mr.labels, ["bug", "backend"]);
        assert_eq!(mr.head_sha, None, "only ids go into a range");
        assert_eq!(mr.range().as_deref(), Some("origin/main...HEAD"));
        assert!(from_gitlab(|_| None).is_none());
        assert!(mr.ends_at_head("origin/main...HEAD") && mr.ends_at_head("main.."));
        assert!(!mr.ends_at_head("v1.2..v1.3"));
    }
}
