//! Step 5, *enrich*: the titles, labels and state of the issues and pull
//! requests a window references, from the team's tracker.
//!
//! Optional and never fatal. Only the window's references are asked for, in
//! batches, within one time limit; answers are cached on disk for an hour. A
//! failure of any kind leaves the brief as it would be without a tracker, with
//! one warning. Tokens come from the environment, are sent only to the API
//! host they belong to, and never reach an output, an error or the cache.

mod cache;
mod file;
mod github;
mod gitlab;
mod jira;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use crate::http::Limits;

pub use crate::tracked::{Item, ItemKind, ItemState, Milestone};

/// Where the items come from.
pub use gitlab::Credential as GitLabCredential;
pub use jira::Credential as JiraCredential;

#[derive(Clone)]
pub enum Source {
    /// GitHub's GraphQL API: `api` is the REST base (`https://api.github.com`,
    /// or `GITHUB_API_URL` on GitHub Enterprise).
    GitHub { api: String, owner: String, name: String, token: String },
    /// GitLab's REST API v4 (`https://gitlab.com/api/v4`, or `CI_API_V4_URL`).
    GitLab { api: String, project: String, credential: GitLabCredential },
    /// Jira's REST search at `base` (`JIRA_BASE_URL`).
    Jira { base: String, credential: JiraCredential },
    /// Files as `gh issue list --json …` and `gh pr list --json …` print them.
    Files(Vec<PathBuf>),
}

impl Source {
    pub fn provider(&self) -> &'static str {
        match self {
            Source::GitHub { .. } => "github",
            Source::GitLab { .. } => "gitlab",
            Source::Jira { .. } => "jira",
            Source::Files(_) => "file",
        }
    }
}

/// What the tracker said of the references asked.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// The provider that answered (`github`, `file`), `None` when none was asked.
    pub provider: Option<&'static str>,
    /// By reference (`#12`).
    pub items: HashMap<String, Item>,
    /// How many references were asked for.
    pub asked: usize,
    /// How many of them were fetched now (the rest came from the cache).
    pub fetched: usize,
    /// Requests made.
    pub requests: usize,
    /// Why the tracker could not be used, in one line, as an engineer
    /// needs it (the server's own words): for stderr and the appendix.
    pub warning: Option<String>,
    /// The same in one plain sentence, for the stakeholder part.
    pub summary: Option<String>,
}

/// What one provider's fetch found, and how many requests it made.
pub(super) struct Fetched {
    pub result: Result<Vec<Item>, TrackerError>,
    pub requests: usize,
}

/// One provider's fetch of some references.
type Fetch<'a> = Box<dyn Fn(&[String], &Limits, Instant) -> Fetched + 'a>;

/// An address from a tracker's answer, kept only when it is a web page.
fn web(url: Option<String>) -> Option<String> {
    url.filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// Why a tracker could not answer. The messages never hold a token.
#[derive(Debug, thiserror::Error)]
pub enum TrackerError {
    /// The tracker did not answer: no connection, or not in time.
    #[error("{0}")]
    Unreachable(String),
    #[error("{0}")]
    Http(String),
    #[error("the tracker's answer could not be read ({0})")]
    Malformed(String),
    #[error("cannot read the tracker file {path}: {reason}")]
    File { path: String, reason: String },
}

impl From<crate::http::HttpError> for TrackerError {
    fn from(e: crate::http::HttpError) -> Self {
        match e.status {
            None => TrackerError::Unreachable(e.message),
            Some(_) => TrackerError::Http(e.message),
        }
    }
}

impl TrackerError {
    /// The failure in one sentence a stakeholder understands; the error
    /// itself is the engineer's detail.
    pub fn plain(&self) -> &'static str {
        match self {
            TrackerError::Unreachable(_) => UNREACHABLE,
            TrackerError::File { .. } => {
                "The issue tracker's export could not be read; items are named by their commits."
            }
            TrackerError::Http(_) | TrackerError::Malformed(_) => UNUSABLE,
        }
    }
}

/// What the stakeholder part says when the tracker did not answer.
pub const UNREACHABLE: &str = "The issue tracker could not be reached; items are named by their commits.";
/// What it says when the tracker answered with an error, or could not be asked.
pub const UNUSABLE: &str = "The issue tracker could not be used; items are named by their commits.";

/// The references a tracker can be asked about: `#12` for GitHub, all of
/// them for a file.
fn askable(source: &Source, ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = ids
        .iter()
        .filter(|id| match source {
            Source::GitHub { .. } => github::number(id).is_some(),
            Source::GitLab { .. } => gitlab::reference(id).is_some(),
            Source::Jira { .. } => jira::is_key(id),
            Source::Files(_) => true,
        })
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Step 5: asks the tracker `choice` names (or the `origin` remote's) about
/// `ids`, the references of every window read. A tracker that cannot be used
/// is one warning, never a failure.
pub fn ask(
    choice: &Choice,
    origin: Option<&crate::remote::Remote>,
    ids: &[String],
    limits: &Limits,
    cache_dir: Option<PathBuf>,
) -> Answer {
    let source = match source(choice, origin) {
        Ok(Some(source)) => source,
        Ok(None) => return Answer::default(),
        Err(why) => {
            return Answer {
                warning: Some(format!("The issue tracker was not used: {why}.")),
                summary: Some(UNUSABLE.to_string()),
                ..Answer::default()
            }
        }
    };
    enrich(&source, ids, limits, cache_dir)
}

/// Asks `source` about `ids` within `limits`, through the cache in
/// `cache_dir` (none: no cache). Never fails: a failure is the answer's warning.
pub fn enrich(source: &Source, ids: &[String], limits: &Limits, cache_dir: Option<PathBuf>) -> Answer {
    let started = Instant::now();
    let wanted = askable(source, ids);
    let mut answer = Answer { provider: Some(source.provider()), asked: wanted.len(), ..Answer::default() };
    if wanted.is_empty() {
        return answer;
    }
    let result = match source {
        Source::Files(paths) => file::read(paths).map(|items| {
            items
                .into_iter()
                .filter(|item| wanted.contains(&item.id))
                .map(|item| (item.id.clone(), item))
                .collect()
        }),
        networked => {
            let (repository, fetch): (String, Fetch) = match networked {
                Source::GitHub { api, owner, name, token } => (
                    format!("{owner}/{name}"),
                    Box::new(move |ids: &[String], limits: &Limits, deadline| {
                        github::fetch(api, owner, name, token, ids, limits, deadline)
                    }),
                ),
                Source::GitLab { api, project, credential } => (
                    project.clone(),
                    Box::new(move |ids: &[String], limits: &Limits, deadline| {
                        gitlab::fetch(api, project, credential, ids, limits, deadline)
                    }),
                ),
                Source::Jira { base, credential } => (
                    base.clone(),
                    Box::new(move |ids: &[String], limits: &Limits, deadline| {
                        jira::fetch(base, credential, ids, limits, deadline)
                    }),
                ),
                Source::Files(_) => unreachable!("files are read above"),
            };
            let cache = cache_dir.map(|dir| cache::Cache::open(dir, networked.provider(), &repository));
            let mut items = HashMap::new();
            let mut missing = Vec::new();
            for id in &wanted {
                match cache.as_ref().and_then(|c| c.get(id)) {
                    Some(Some(item)) => {
                        items.insert(id.clone(), item);
                    }
                    // Asked within the hour, and the tracker did not know it.
                    Some(None) => {}
                    None => missing.push(id.clone()),
                }
            }
            if missing.is_empty() {
                answer.items = items;
                return answer;
            }
            let Fetched { result, requests } = fetch(&missing, limits, started + limits.total);
            answer.requests = requests;
            result.map(|mut found| {
                answer.fetched = missing.len();
                scrub(&mut found);
                if let Some(cache) = &cache {
                    cache.put(&missing, &found);
                }
                items.extend(found.into_iter().map(|item| (item.id.clone(), item)));
                items
            })
        }
    };
    match result {
        Ok(items) => answer.items = items,
        Err(e) => {
            answer.warning = Some(warning(source.provider(), &e));
            answer.summary = Some(e.plain().to_string());
        }
    }
    answer
}

/// A networked tracker's items fit to be quoted in the brief and kept in the
/// cache: without a token the tracker echoed. A text has the token replaced;
/// an address that holds one is left out, as a link to it would be no use.
fn scrub(items: &mut [Item]) {
    let unlink = |url: &mut Option<String>| {
        if url.as_deref().is_some_and(|u| crate::http::redact_tokens(u) != u) {
            *url = None;
        }
    };
    for item in items {
        item.title = crate::http::redact_tokens(&item.title);
        item.labels.iter_mut().for_each(|label| *label = crate::http::redact_tokens(label));
        unlink(&mut item.url);
        if let Some(milestone) = &mut item.milestone {
            milestone.title = crate::http::redact_tokens(&milestone.title);
            unlink(&mut milestone.url);
        }
    }
}

/// The warning of a run whose tracker `provider` could not be used.
fn warning(provider: &str, e: &TrackerError) -> String {
    let why = crate::http::redact(&e.to_string());
    format!("The issue tracker ({provider}) was not used: {why}.")
}

/// What [`enrich`] makes of one answer's body, for the fuzz targets in
/// `fuzz/`: the provider's own parser, then the same redaction (networked
/// trackers) or milestone counting (files), and the same warning on failure.
/// Not a stable API.
#[doc(hidden)]
pub mod answer {
    use super::{Item, ItemKind};

    /// GitHub's GraphQL answer to a query for the issues and pull requests `asked`.
    pub fn github(body: &[u8], asked: &[u64]) -> Result<Vec<Item>, String> {
        networked("github", super::github::parse(body, asked))
    }

    /// GitLab's answer to a request for issues (`#N`) or merge requests (`!N`).
    pub fn gitlab(body: &[u8], kind: ItemKind) -> Result<Vec<Item>, String> {
        let sigil = match kind {
            ItemKind::Issue => '#',
            ItemKind::PullRequest => '!',
        };
        networked("gitlab", super::gitlab::parse(body, kind, sigil))
    }

    /// Jira's answer to a search, from the Jira at `base`.
    pub fn jira(body: &[u8], base: &str) -> Result<Vec<Item>, String> {
        networked("jira", super::jira::parse(body, base))
    }

    /// A tracker file's text, as the only file given; `shown` is its name.
    pub fn file(text: &str, shown: &str) -> Result<Vec<Item>, String> {
        super::file::entries(text, shown)
            .map(|mut items| {
                super::file::count_milestones(&mut items);
                items
            })
            .map_err(|e| super::warning("file", &e))
    }

    fn networked(
        provider: &str,
        result: Result<Vec<Item>, super::TrackerError>,
    ) -> Result<Vec<Item>, String> {
        result
            .map(|mut items| {
                super::scrub(&mut items);
                items
            })
            .map_err(|e| super::warning(provider, &e))
    }
}

/// The date of an ISO 8601 timestamp (`2026-12-01T00:00:00Z` → `2026-12-01`).
fn date(timestamp: &str) -> Option<String> {
    let day = timestamp.get(..10)?;
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok().map(|d| d.format("%Y-%m-%d").to_string())
}

/// The default limits: 10 seconds for the whole enrichment.
pub fn default_limits() -> Limits {
    Limits { total: Duration::from_secs(10), max_body: 8 << 20 }
}

/// The cache directory: `$XDG_CACHE_HOME/git-brief`, else `~/.cache/git-brief`.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("git-brief"))
}

/// What the run asks of the tracker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Choice {
    /// `--tracker off`, `--offline`: no tracker.
    Off,
    /// The provider the `origin` remote names, when a token for it is present.
    #[default]
    Auto,
    /// A provider by name (`[tracker] provider`, `--tracker`).
    Named(String),
    /// `--tracker-file` (or `[tracker] files`).
    Files(Vec<PathBuf>),
}

/// Reads an environment variable that holds a token: set and not blank.
fn token(names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
}

/// The source a choice means for a repository whose `origin` is `origin`:
/// `Ok(None)` when there is none to ask, `Err` (a warning) when the one
/// asked for cannot be used.
pub fn source(choice: &Choice, origin: Option<&crate::remote::Remote>) -> Result<Option<Source>, String> {
    use crate::remote::Forge;
    // A token goes to its forge's API host only. Without an API address from
    // the environment (GITHUB_API_URL, which Actions sets; CI_API_V4_URL,
    // which GitLab CI sets for its own host) that is github.com's or
    // gitlab.com's: a host that merely has the forge's name in it
    // (`github.attacker.example`) never gets one.
    let env = |name: &str| std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let host = origin.map(|o| o.host.to_ascii_lowercase());
    let server_host = |var: &str| {
        env(var).map(|url| {
            let url = url.to_ascii_lowercase();
            let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
            rest.split(['/', ':']).next().unwrap_or_default().to_string()
        })
    };
    // The forge the origin is on, as far as a token may be concerned: by its
    // exact host, or as the host the CI system says it serves.
    let forge = host.as_deref().and_then(|host| {
        if server_host("CI_SERVER_HOST").as_deref() == Some(host)
            || server_host("CI_SERVER_URL").as_deref() == Some(host)
        {
            Some(Forge::GitLab)
        } else if server_host("GITHUB_SERVER_URL").as_deref() == Some(host) {
            Some(Forge::GitHub)
        } else {
            Forge::from_host(host)
        }
    });
    let github = |explicit: bool| -> Result<Option<Source>, String> {
        let refuse = |why: &str| match explicit {
            true => Err(why.to_string()),
            false => Ok(None),
        };
        let api = match (env("GITHUB_API_URL"), host.as_deref()) {
            (Some(api), Some(_)) if forge == Some(Forge::GitHub) || (explicit && forge.is_none()) => api,
            (None, Some("github.com")) => "https://api.github.com".to_string(),
            (_, Some(_)) if explicit => {
                return refuse(
                    "the GitHub tracker needs an origin remote on GitHub: on github.com, or on your GitHub Enterprise host with GITHUB_API_URL naming its API",
                )
            }
            _ => return refuse("the GitHub tracker needs an origin remote on GitHub (owner/repository)"),
        };
        let parts: Option<(&str, &str)> = origin
            .and_then(|o| o.path.split_once('/'))
            .filter(|(owner, name)| !owner.is_empty() && !name.is_empty() && !name.contains('/'));
        let Some((owner, name)) = parts else {
            return refuse("the GitHub tracker needs an origin remote on GitHub (owner/repository)");
        };
        let Some(token) = token(&["GITHUB_TOKEN", "GH_TOKEN"]) else {
            return refuse("the GitHub tracker needs a token in GITHUB_TOKEN or GH_TOKEN");
        };
        Ok(Some(Source::GitHub { api, owner: owner.to_string(), name: name.to_string(), token }))
    };
    let gitlab = |explicit: bool| -> Result<Option<Source>, String> {
        let refuse = |why: &str| match explicit {
            true => Err(why.to_string()),
            false => Ok(None),
        };
        // GitLab CI names its own host; its API address is for that host only.
        let ci_host = env("CI_SERVER_HOST").map(|h| h.to_ascii_lowercase());
        let api = match host.as_deref() {
            Some(host) if ci_host.as_deref() == Some(host) => {
                env("CI_API_V4_URL").unwrap_or_else(|| format!("https://{host}/api/v4"))
            }
            Some(_)
                if ci_host.is_none()
                    && env("CI_API_V4_URL").is_some()
                    && (forge == Some(Forge::GitLab) || (explicit && forge.is_none())) =>
            {
                env("CI_API_V4_URL").unwrap_or_default()
            }
            Some("gitlab.com") => "https://gitlab.com/api/v4".to_string(),
            Some(_) if explicit => {
                return refuse(
                    "the GitLab tracker needs an origin remote on GitLab: on gitlab.com, or on your GitLab host in its own CI (CI_SERVER_HOST and CI_API_V4_URL)",
                )
            }
            _ => return refuse("the GitLab tracker needs an origin remote on GitLab (group/project)"),
        };
        let Some(project) = origin.map(|o| o.path.clone()).filter(|p| p.contains('/')) else {
            return refuse("the GitLab tracker needs an origin remote on GitLab (group/project)");
        };
        let credential = match (token(&["GITLAB_TOKEN"]), token(&["CI_JOB_TOKEN"])) {
            (Some(token), _) => GitLabCredential::Private(token),
            (None, Some(token)) => GitLabCredential::Job(token),
            (None, None) => {
                return refuse("the GitLab tracker needs a token in GITLAB_TOKEN or CI_JOB_TOKEN")
            }
        };
        Ok(Some(Source::GitLab { api, project, credential }))
    };
    let jira = || -> Result<Option<Source>, String> {
        let base = token(&["JIRA_BASE_URL"]).ok_or("the Jira tracker needs JIRA_BASE_URL")?;
        let credential = match (token(&["JIRA_EMAIL"]), token(&["JIRA_API_TOKEN"])) {
            (Some(email), Some(token)) => JiraCredential::Cloud { email, token },
            (None, Some(token)) => JiraCredential::Bearer(token),
            _ => return Err("the Jira tracker needs JIRA_API_TOKEN (and JIRA_EMAIL for Jira Cloud)".into()),
        };
        Ok(Some(Source::Jira { base: base.trim().to_string(), credential }))
    };
    match choice {
        Choice::Off => Ok(None),
        Choice::Files(paths) => Ok(Some(Source::Files(paths.clone()))),
        Choice::Auto => match forge {
            Some(Forge::GitLab) => gitlab(false),
            Some(Forge::GitHub) => github(false),
            _ => Ok(None),
        },
        Choice::Named(name) => match name.as_str() {
            "github" => github(true),
            "gitlab" => gitlab(true),
            "jira" => jira(),
            "off" => Ok(None),
            "file" => Err("the file tracker needs --tracker-file FILE (or [tracker] files)".into()),
            other => Err(format!("there is no tracker called {}", crate::window::quote(other))),
        },
    }
}
