//! git-brief turns a window of a repository's history into an
//! outcome-focused brief for people who are not engineers: what was
//! delivered, what needs attention, and a few numbers with their trend.
//!
//! The pipeline has one module per step, and data flows one way:
//!
//! ```text
//! window → history → conventional + refs → classify → brief → render
//! ```
//!
//! [`brief`](fn@brief) runs it from a [`Request`] to a [`Brief`]; [`render::render`]
//! turns the brief into Markdown, HTML, text or JSON.

pub mod brief;
pub mod classify;
pub mod config;
pub mod cli;
pub mod conventional;
pub mod history;
pub mod output;
pub mod refs;
pub mod remote;
pub mod render;
pub mod window;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use thiserror::Error;

pub use brief::Brief;

/// Everything a brief depends on, resolved from the command line.
#[derive(Debug, Clone)]
pub struct Request {
    /// A path inside the repository.
    pub repository: PathBuf,
    /// The branch to look back from; `HEAD` when `None`.
    pub branch: Option<String>,
    pub window: window::WindowRequest,
    /// An IANA zone name; the local zone when `None`.
    pub timezone: Option<String>,
    /// The instant "the last 7 days" end at.
    pub now: DateTime<Utc>,
    /// Also read the previous window, for trends.
    pub compare: bool,
    /// Tracker key prefixes (`PAY` for `PAY-77`).
    pub issue_keys: Vec<String>,
    pub max_items: usize,
}

/// Builds the brief a request asks for.
pub fn brief(request: &Request) -> Result<Brief, Error> {
    let zone = window::zone(request.timezone.as_deref())?;
    let window = window::Window::resolve(&request.window, request.now, zone)?;
    let repo = history::open(&request.repository)?;
    let tip = history::tip(&repo, request.branch.as_deref())?;
    let history = history::collect(&repo, tip, &window, request.compare)?;

    let repository = remote::describe(&repo, request.branch.as_deref());
    let origin = remote::origin(&repo).map(|r| r.path);
    let refs = refs::RefReader::new(&request.issue_keys, origin.as_deref())?;
    let rules = classify::Rules::default();
    let current = classify::classify(history.current, &refs, &rules);
    let previous = history.previous.map(|span| classify::classify(span, &refs, &rules));

    let setting = brief::Setting {
        repository,
        timezone: zone,
        title: None,
        max_items: request.max_items,
        areas: BTreeMap::new(),
    };
    Ok(brief::assemble(&window, &current, previous.as_ref(), &setting))
}

/// Every way git-brief can fail, each with what to do about it.
#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Window(#[from] window::WindowError),
    #[error(transparent)]
    History(#[from] history::HistoryError),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error("{0}; fix the value given to --issue-key")]
    IssueKey(#[from] refs::BadKey),
}

impl Error {
    /// The documented exit code: 2 for usage and configuration errors (the
    /// user can fix the command), 1 for runtime failures (git, I/O).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Window(_) | Error::IssueKey(_) => 2,
            Error::History(e) => match e {
                history::HistoryError::UnknownRef { .. } | history::HistoryError::NotACommit { .. } => 2,
                _ => 1,
            },
            Error::Render(e) if e.is_usage() => 2,
            Error::Render(_) | Error::Output(_) => 1,
        }
    }
}
