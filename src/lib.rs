//! git-brief turns a window of a repository's history into an
//! outcome-focused brief for people who are not engineers: what was
//! delivered, what needs attention, and a few numbers with their trend.
//!
//! The pipeline has one module per step, and data flows one way:
//!
//! ```text
//! window → history → read + refs → group → enrich → classify → brief → render
//! ```
//!
//! [`brief`](fn@brief) runs it from a [`Request`] to a [`Brief`]; [`render::render`]
//! turns the brief into Markdown, HTML, text or JSON.
//!
//! # Floors: what may import what
//!
//! The top-level modules stand on floors. A module imports only from the
//! floors below its own, never from its own floor or one above: a later step
//! uses what the earlier ones made, the settings use no step, and every module
//! may use the shared floor of plain types. So there is no import circle.
//! `tests/architecture.rs` reads the sources and fails on an import that goes
//! up or sideways, on a circle, and on a module given no floor.
//!
//! ```text
//! 14  cli                                   the command line: parses, runs, maps errors
//! 13  output                                writes a rendered brief (file, step summary)
//! 12  render                                step 8: Markdown, HTML, text, JSON, chat, e-mail
//! 11  alert, merge                          what reads a finished brief
//! 10  brief                                 step 7: the brief, its numbers, its words
//!  9  classify                              step 6: buckets, evidence, labels
//!  8  tracker, metrics                      step 5, enrich: the tracker, numbers from outside git
//!  7  http                                  the one HTTP client of step 5
//!  6  group, remote                         step 4: units of work; where the repository lives
//!  5  read, refs, pull                      step 3: conventions, references; the pull request
//!  4  shallow                               what a shallow clone's history leaves out
//!  3  history                               step 2: the commits of the windows
//!  2  window                                step 1: which commits
//!  1  config                                the settings, read and checked
//!  0  bucket, files, format, keys, numbers,  the shared floor: plain types and checks
//!     text, tracked, zone_names
//! ```
//!
//! A type two floors need lives on the lower one, or on the shared floor when
//! it is a plain name every step may say (an output [`format::Format`], a
//! [`bucket::Bucket`], a tracker's [`tracked::Item`], the ids of the built-in
//! [`numbers`]).

pub mod alert;
pub mod brief;
pub mod bucket;
pub mod classify;
pub mod cli;
pub mod config;
pub mod files;
pub mod format;
pub mod group;
pub mod history;
pub mod http;
pub mod keys;
pub mod merge;
pub mod metrics;
pub mod numbers;
pub mod output;
pub mod pull;
pub mod read;
pub mod refs;
pub mod remote;
pub mod render;
mod shallow;
pub mod text;
pub mod tracked;
pub mod tracker;
pub mod window;
pub mod zone_names;

use chrono::{DateTime, Utc};
use git2::Repository;
use thiserror::Error;

pub use brief::Brief;
pub use read::conventional;

/// Everything a brief depends on besides the repository, resolved from the
/// command line and the configuration.
#[derive(Clone)]
pub struct Request<'a> {
    /// The branch to look back from; `HEAD` when `None`.
    pub branch: Option<String>,
    pub window: window::WindowRequest,
    /// An IANA zone name; the local zone when `None`.
    pub timezone: Option<String>,
    /// The instant "the last 7 days" end at.
    pub now: DateTime<Utc>,
    /// Also read the previous window, for trends.
    pub compare: bool,
    /// Also read this many windows before the previous one (`--trend N`).
    pub trend: usize,
    /// Compute lines and files changed.
    pub stats: bool,
    /// `--path`: only the commits that touch these paths (git pathspecs,
    /// relative to the repository's root).
    pub paths: Vec<String>,
    /// Tracker key prefixes (`PAY` for `PAY-77`).
    pub issue_keys: Vec<String>,
    /// Where issues live, with `{id}` for the number or key; default: the
    /// `origin` remote's forge.
    pub issue_url: Option<String>,
    /// Brief what a too-shallow clone shows, with a warning, instead of failing.
    pub allow_shallow: bool,
    /// Told how far a long walk has got, for a person waiting at a terminal.
    pub progress: Option<&'a dyn history::Progress>,
    pub rules: classify::Rules,
    pub style: brief::Style,
    /// Which issue tracker to ask for titles, labels and state.
    pub tracker: tracker::Choice,
    pub tracker_limits: tracker::Limits,
    /// Where the tracker's answers are cached; `None`: not cached.
    pub tracker_cache: Option<std::path::PathBuf>,
    /// Numbers from outside git (`[[kpi]]`), and where to read them.
    pub outside: Vec<metrics::Definition>,
    /// The pull request the brief is about, when it runs in one's job.
    pub pull_request: Option<pull::PullRequest>,
    pub metrics: metrics::Settings,
}

impl Request<'_> {
    /// The default brief (the last 7 days up to `now`, with trends).
    pub fn new(now: DateTime<Utc>) -> Self {
        Request {
            branch: None,
            window: window::WindowRequest::default(),
            timezone: None,
            now,
            compare: true,
            trend: 0,
            stats: false,
            paths: Vec::new(),
            issue_keys: Vec::new(),
            issue_url: None,
            allow_shallow: false,
            progress: None,
            rules: classify::Rules::default(),
            style: brief::Style::default(),
            tracker: tracker::Choice::Off,
            tracker_limits: tracker::default_limits(),
            tracker_cache: None,
            outside: Vec::new(),
            metrics: metrics::Settings::default(),
            pull_request: None,
        }
    }
}

/// Builds the brief a request asks for: the whole pipeline, a step a line.
pub fn brief(repo: &Repository, request: &Request) -> Result<Brief, Error> {
    // 1. window
    let zone = window::zone(request.timezone.as_deref())?;
    let window = window::Window::resolve(&request.window, request.now, zone)?;
    // 2. history
    let history = walk(repo, request, &window)?;
    let mut notes = Notes { warnings: shallow::check(&history, &window, request)?, details: Vec::new() };
    // 3. read, 4. group, 6. classify (5, enrich, adds the tracker's labels)
    let origin = remote::origin(repo);
    let (refs, rules) = reading(request, origin.as_ref())?;
    let range_label = brief::range_label(repo, &window, request.pull_request.as_ref(), &history.current);
    let (unreadable, damaged) = (history.unreadable, history.damaged);
    let mut windows = classify_all(repo, history, &refs, &rules);
    // 5. enrich: the tracker, then the numbers from outside git
    let answer = enrich(request, origin.as_ref(), &windows, &mut notes);
    windows.label(&answer.items, &rules.labels);
    let pull_request = request.pull_request.as_ref().map(|pull| {
        classify::labels::apply_pull_request(&mut windows.current, &pull.labels, &rules.labels);
        brief::PullRequestRecord::of(pull, &refs)
    });
    let earlier_windows = windows.earlier.iter().map(|(w, _)| w);
    let outside = metrics::read_windows(
        &request.outside,
        &window,
        request.compare,
        earlier_windows,
        &request.metrics,
        zone,
    );
    notes.outside(&outside);
    // 7. brief (8, render, is the caller's: `render::render`)
    let setting = brief::Setting {
        repository: remote::describe(repo, origin.as_ref(), request.branch.as_deref()),
        timezone: zone,
        style: request.style.clone(),
        stats: request.stats,
        links: remote::Links::new(origin.as_ref(), request.issue_url.as_deref()),
        tracker: brief::TrackerInfo::of(&answer),
        items: answer.items,
        labels: rules.labels.clone(),
        today: request.now.with_timezone(&zone).date_naive(),
        unreadable,
        damaged,
        warnings: notes.warnings,
        details: notes.details,
        outside,
        paths: request.paths.clone(),
        pull_request,
        range_label,
    };
    let Windows { current, previous, earlier } = windows;
    Ok(brief::assemble(&window, current, previous.as_ref(), &earlier, &setting))
}

/// Step 2: the commits of the window (and of those before it, for trends)
/// as the request limits them.
fn walk(repo: &Repository, request: &Request, window: &window::Window) -> Result<history::History, Error> {
    let tip = history::tip(repo, request.branch.as_deref())?;
    let mut paths = history::Pathspec::parse(&request.paths)?;
    if let Some(paths) = paths.as_mut() {
        paths.prefer_literal(repo, tip);
    }
    let options = history::Options {
        compare: request.compare,
        earlier: request.trend,
        stats: request.stats,
        paths: paths.as_ref(),
        progress: request.progress,
        // The checked-out branch's brief tells of the releases its team made
        // on the others; a part of the repository (`--path`) or another
        // branch's brief does not.
        side_releases: request.branch.is_none() && paths.is_none() && request.pull_request.is_none(),
    };
    Ok(history::collect(repo, tip, window, options)?)
}

/// Step 3: how references are read (the tracker keys, this repository's
/// forge), and the rules that classify with them.
fn reading(
    request: &Request,
    origin: Option<&remote::Remote>,
) -> Result<(refs::RefReader, classify::Rules), Error> {
    let refs = refs::RefReader::new(&request.issue_keys, origin.map(|r| r.path.as_str()))?
        .on_gitlab(origin.is_some_and(|o| o.forge == Some(remote::Forge::GitLab)));
    let mut rules = request.rules.clone();
    rules.keys.extend(request.issue_keys.iter().cloned());
    Ok((refs, rules))
}

/// The classified changes of every window read: this one, the previous one,
/// and the earlier ones of `--trend`.
struct Windows {
    current: classify::Changes,
    previous: Option<classify::Changes>,
    earlier: Vec<(window::Window, classify::Changes)>,
}

impl Windows {
    fn all(&self) -> impl Iterator<Item = &classify::Changes> {
        std::iter::once(&self.current)
            .chain(self.previous.as_ref())
            .chain(self.earlier.iter().map(|(_, c)| c))
    }

    /// The tracker's labels applied to every window.
    fn label(
        &mut self,
        items: &std::collections::HashMap<String, tracker::Item>,
        labels: &classify::labels::Labels,
    ) {
        let all = std::iter::once(&mut self.current)
            .chain(self.previous.as_mut())
            .chain(self.earlier.iter_mut().map(|(_, c)| c));
        for changes in all {
            classify::labels::apply(changes, items, labels);
        }
    }
}

/// Steps 4 and 6: each window's commits grouped into units of work and
/// classified, the paths they touch read once for all.
fn classify_all(
    repo: &Repository,
    history: history::History,
    refs: &refs::RefReader,
    rules: &classify::Rules,
) -> Windows {
    let mut paths = history::ChangedPaths::new(repo, &history.replaced);
    let spans = std::iter::once(&history.current)
        .chain(&history.previous)
        .chain(history.earlier.iter().map(|e| &e.1));
    paths.know(spans.flat_map(|span| span.commits.iter().chain(&span.merges)));
    Windows {
        current: classify::classify(history.current, refs, rules, &paths),
        previous: history.previous.map(|span| classify::classify(span, refs, rules, &paths)),
        earlier: history
            .earlier
            .into_iter()
            .map(|(w, span)| (w, classify::classify(span, refs, rules, &paths)))
            .collect(),
    }
}

/// Step 5: the tracker asked about the references of every window read.
fn enrich(
    request: &Request,
    origin: Option<&remote::Remote>,
    windows: &Windows,
    notes: &mut Notes,
) -> tracker::Answer {
    let ids = classify::references(windows.all());
    let answer =
        tracker::ask(&request.tracker, origin, &ids, &request.tracker_limits, request.tracker_cache.clone());
    if let Some(warning) = &answer.warning {
        notes.warnings.push(answer.summary.clone().unwrap_or_else(|| warning.clone()));
        notes.details.push(warning.clone());
    }
    answer
}

/// What the brief warns about. A failure of the tracker or of Prometheus is
/// one plain sentence for the stakeholder; the server's own words are the
/// engineer's detail.
struct Notes {
    warnings: Vec<String>,
    details: Vec<String>,
}

impl Notes {
    /// The warnings of the numbers from outside git.
    fn outside(&mut self, readings: &[metrics::Reading]) {
        for reading in readings {
            match (&reading.summary, &reading.warning) {
                (Some(summary), Some(warning)) => {
                    self.warnings.push(summary.clone());
                    self.details.push(warning.clone());
                }
                (None, Some(warning)) => self.warnings.push(warning.clone()),
                (_, None) => {}
            }
        }
    }
}

/// Every way git-brief can fail, each with what to do about it.
#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Window(#[from] window::WindowError),
    #[error(transparent)]
    History(#[from] history::HistoryError),
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error("{0}; fix the value given to --issue-key")]
    IssueKey(#[from] refs::BadKey),
    #[error(transparent)]
    Shallow(#[from] shallow::ShallowError),
    #[error(transparent)]
    Merge(#[from] merge::MergeError),
    #[error(transparent)]
    PullRequest(#[from] pull::PullError),
    /// A combination of options that cannot work together.
    #[error("{0}")]
    Usage(String),
    /// `alert --exit-code` found something critical: exit 3, no message.
    #[error("something critical was found")]
    Critical,
}

impl Error {
    /// The documented exit code: 2 for usage and configuration errors (the
    /// user can fix the command or the file), 1 for runtime failures (git, I/O).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Window(_)
            | Error::IssueKey(_)
            | Error::Config(_)
            | Error::Usage(_)
            | Error::Merge(_)
            | Error::PullRequest(_) => 2,
            Error::History(e) => match e {
                history::HistoryError::UnknownRef { .. }
                | history::HistoryError::NotACommit { .. }
                | history::HistoryError::BadPath { .. }
                | history::HistoryError::NamesNothing { .. } => 2,
                _ => 1,
            },
            Error::Render(e) if e.is_usage() => 2,
            Error::Output(output::OutputError::NoStepSummary) => 2,
            Error::Render(_) | Error::Output(_) | Error::Shallow(_) => 1,
            Error::Critical => 3,
        }
    }
}
