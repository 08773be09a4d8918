//! git-brief turns a window of a repository's history into an
//! outcome-focused brief for people who are not engineers: what was
//! delivered, what needs attention, and a few numbers with their trend.
//!
//! The pipeline has one module per step, and data flows one way:
//!
//! ```text
//! window → history → read + refs → group → classify → brief → render
//! ```
//!
//! [`brief`](fn@brief) runs it from a [`Request`] to a [`Brief`]; [`render::render`]
//! turns the brief into Markdown, HTML, text or JSON.

pub mod alert;
pub mod brief;
pub mod classify;
pub mod cli;
pub mod config;
pub mod files;
pub mod format;
pub mod group;
pub mod history;
pub mod http;
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
pub mod tracked;
pub mod tracker;
pub mod window;

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

/// Builds the brief a request asks for: the whole pipeline.
pub fn brief(repo: &Repository, request: &Request) -> Result<Brief, Error> {
    let zone = window::zone(request.timezone.as_deref())?;
    let window = window::Window::resolve(&request.window, request.now, zone)?;
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
    let history = history::collect(repo, tip, &window, options)?;
    let warnings = shallow::check(&history, &window, request)?;

    let origin = remote::origin(repo);
    let refs = refs::RefReader::new(&request.issue_keys, origin.as_ref().map(|r| r.path.as_str()))?
        .on_gitlab(origin.as_ref().is_some_and(|o| o.forge == Some(remote::Forge::GitLab)));
    let mut rules = request.rules.clone();
    rules.keys.extend(request.issue_keys.iter().cloned());
    let range_label = match &window {
        window::Window::Range(range) => {
            Some(range_words(repo, range, request.pull_request.as_ref(), &history.current))
        }
        window::Window::Time { .. } => None,
    };
    let paths = history::ChangedPaths::new(repo, &history.replaced);
    let spans = std::iter::once(&history.current)
        .chain(&history.previous)
        .chain(history.earlier.iter().map(|e| &e.1));
    paths.know(spans.flat_map(|span| span.commits.iter().chain(&span.merges)));
    let mut current = classify::classify(history.current, &refs, &rules, &paths);
    let mut previous = history.previous.map(|span| classify::classify(span, &refs, &rules, &paths));
    let mut earlier: Vec<(window::Window, classify::Changes)> = history
        .earlier
        .into_iter()
        .map(|(w, span)| (w, classify::classify(span, &refs, &rules, &paths)))
        .collect();
    let mut warnings = warnings;
    // A failure of the tracker or of Prometheus is one plain sentence for
    // the stakeholder; the server's own words are the engineer's detail.
    let mut details = Vec::new();
    let all = std::iter::once(&current).chain(previous.as_ref()).chain(earlier.iter().map(|(_, c)| c));
    let answer = enrich(request, origin.as_ref(), all);
    if let Some(warning) = &answer.warning {
        warnings.push(answer.summary.clone().unwrap_or_else(|| warning.clone()));
        details.push(warning.clone());
    }
    let all =
        std::iter::once(&mut current).chain(previous.as_mut()).chain(earlier.iter_mut().map(|(_, c)| c));
    for changes in all {
        classify::labels::apply(changes, &answer.items, &rules.labels);
    }
    let pull_request = request.pull_request.as_ref().map(|pull| {
        classify::labels::apply_pull_request(&mut current, &pull.labels, &rules.labels);
        // Its description's closing references are its own: `Fixes #12`.
        let text = format!("{}\n\n{}", pull.title, pull.body);
        let mut closes: Vec<String> = Vec::new();
        for r in refs.read(&text) {
            if r.action == refs::Action::Closes && r.kind == refs::RefKind::Issue && !closes.contains(&r.id) {
                closes.push(r.id);
            }
        }
        brief::PullRequestRecord {
            number: pull.number.clone(),
            title: pull.title.clone(),
            draft: pull.draft,
            labels: pull.labels.clone(),
            base: pull.base_ref.clone(),
            head: pull.head_ref.clone(),
            closes,
        }
    });
    let outside = numbers(request, &window, &earlier, zone);
    for reading in &outside {
        match (&reading.summary, &reading.warning) {
            (Some(summary), Some(warning)) => {
                warnings.push(summary.clone());
                details.push(warning.clone());
            }
            (None, Some(warning)) => warnings.push(warning.clone()),
            (_, None) => {}
        }
    }

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
        unreadable: history.unreadable,
        damaged: history.damaged,
        warnings,
        details,
        outside,
        paths: request.paths.clone(),
        pull_request,
        range_label,
    };
    Ok(brief::assemble(&window, &current, previous.as_ref(), &earlier, &setting))
}

/// A ref range in words, never by commit ids: `Changes on feature/pay
/// compared with main` when both ends are branches (or the pull request
/// names them), else `12 commits`.
fn range_words(
    repo: &Repository,
    range: &window::RangeSpec,
    pull: Option<&pull::PullRequest>,
    span: &history::Span,
) -> String {
    let base = branch_at(repo, &range.from).or_else(|| pull.and_then(|p| p.base_ref.clone()));
    let head = branch_at(repo, &range.to).or_else(|| pull.and_then(|p| p.head_ref.clone()));
    let count = match span.commits.iter().filter(|c| !span.outside.contains(&c.id)).count() {
        1 => "one commit".to_string(),
        n => format!("{n} commits"),
    };
    match (base, head) {
        (Some(base), Some(head)) if base != head => format!("Changes on {head} compared with {base}"),
        (_, Some(head)) => format!("{count} on {head}"),
        // A detached HEAD, a commit id: the branch it is on, else its tag.
        (_, None) => match containing(repo, &range.to) {
            Some(Place::Branch(branch)) => format!("{count} on {branch}"),
            Some(Place::Tag(tag)) => format!("{count} up to {tag}"),
            None => count,
        },
    }
}

/// Where a commit that no branch points at is.
enum Place {
    Branch(String),
    Tag(String),
}

/// The branch that contains `end` nearest its tip (a local branch before a
/// remote one), else a tag at it; never a commit id.
fn containing(repo: &Repository, end: &str) -> Option<Place> {
    let id = repo.revparse_single(end).ok()?.peel_to_commit().ok()?.id();
    let short = |name: &str| name.strip_prefix("origin/").unwrap_or(name).to_string();
    let mut best: Option<(usize, bool, String)> = None;
    for reference in repo.references().ok()?.flatten().filter(|r| r.is_branch() || r.is_remote()) {
        let (Some(tip), Ok(name)) = (reference.target(), reference.shorthand()) else { continue };
        if name == "HEAD" || name.ends_with("/HEAD") {
            continue;
        }
        if tip != id && !repo.graph_descendant_of(tip, id).unwrap_or(false) {
            continue;
        }
        let ahead = repo.graph_ahead_behind(tip, id).map_or(usize::MAX, |(ahead, _)| ahead);
        let candidate = (ahead, reference.is_remote(), short(name));
        if best.as_ref().is_none_or(|b| candidate < *b) {
            best = Some(candidate);
        }
    }
    if let Some((_, _, branch)) = best {
        return Some(Place::Branch(branch));
    }
    let tags = repo.tag_names(None).ok()?;
    let mut at: Vec<String> = (0..tags.len())
        .filter_map(|i| tags.get(i).ok().flatten())
        .filter(|tag| {
            repo.revparse_single(&format!("refs/tags/{tag}"))
                .ok()
                .and_then(|o| o.peel_to_commit().ok())
                .is_some_and(|c| c.id() == id)
        })
        .map(str::to_string)
        .collect();
    at.sort();
    at.pop().map(Place::Tag)
}

/// The branch an end of a range names: the name itself (without `origin/`)
/// when it is one, else a branch that points at the commit it resolves to;
/// never a commit id.
fn branch_at(repo: &Repository, end: &str) -> Option<String> {
    let short = |name: &str| name.strip_prefix("origin/").unwrap_or(name).to_string();
    if let Ok((_, Some(reference))) = repo.revparse_ext(end) {
        if reference.is_branch() || reference.is_remote() {
            return reference.shorthand().ok().map(short);
        }
        if reference.name().ok() == Some("HEAD") {
            return repo.head().ok().filter(|h| h.is_branch()).and_then(|h| h.shorthand().ok().map(short));
        }
    }
    let id = repo.revparse_single(end).ok()?.peel_to_commit().ok()?.id();
    let mut names: Vec<String> = repo
        .references()
        .ok()?
        .flatten()
        .filter(|r| r.is_branch() || r.is_remote())
        .filter(|r| r.target() == Some(id))
        .filter_map(|r| r.shorthand().ok().map(short))
        .filter(|name| name != "HEAD" && !name.ends_with("/HEAD"))
        .collect();
    names.sort_by_key(|n| (n.len(), n.clone()));
    names.into_iter().next()
}

/// Step 5: asks the tracker about the references of every window read.
fn enrich<'c>(
    request: &Request,
    origin: Option<&remote::Remote>,
    windows: impl Iterator<Item = &'c classify::Changes>,
) -> tracker::Answer {
    let source = match tracker::source(&request.tracker, origin) {
        Ok(Some(source)) => source,
        Ok(None) => return tracker::Answer::default(),
        Err(why) => {
            return tracker::Answer {
                warning: Some(format!("The issue tracker was not used: {why}.")),
                summary: Some(tracker::UNUSABLE.to_string()),
                ..tracker::Answer::default()
            }
        }
    };
    let mut ids: Vec<String> = Vec::new();
    for work in windows.flat_map(|c| &c.work) {
        ids.extend(work.number.iter().cloned());
        ids.extend(work.refs.iter().map(|r| r.id.clone()));
    }
    tracker::enrich(&source, &ids, &request.tracker_limits, request.tracker_cache.clone())
}

/// Step 5 too: the numbers from outside git, for every window of the brief
/// (oldest first, ending with this one). A ref range (a pull request's) has
/// no dates to ask about and numbers of its own: none are read.
fn numbers(
    request: &Request,
    window: &window::Window,
    earlier: &brief::Earlier,
    zone: chrono_tz::Tz,
) -> Vec<metrics::Reading> {
    if request.outside.is_empty() {
        return Vec::new();
    }
    let previous = if request.compare { window.previous() } else { None };
    let windows =
        earlier.iter().rev().map(|(w, _)| w).chain(previous.as_ref()).chain(std::iter::once(window));
    let periods: Vec<metrics::Period> = windows
        .filter_map(|w| match w {
            window::Window::Time { since, until, .. } => {
                Some(metrics::Period { since: since.to_utc(), until: until.to_utc() })
            }
            window::Window::Range(_) => None,
        })
        .collect();
    if periods.is_empty() {
        return Vec::new();
    }
    metrics::read(&request.outside, &periods, &request.metrics, zone)
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
