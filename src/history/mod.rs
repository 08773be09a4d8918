//! Reading the commits of a window from the repository.
//!
//! A window means the work that *landed* on the branch in it. The landings are
//! the first-parent commits whose committer time falls in the window; each one
//! brings in every commit it introduced, whatever dates those carry. So a time
//! window becomes a ref range `A..B`, with `A` and `B` the newest first-parent
//! commits before `since` and before `until`, and the commit set is exactly
//! `git rev-list --no-merges A..B`.
//!
//! Cost grows with the window, never with the repository: the first-parent
//! chain is walked from the tip only until it passes the oldest bound, and
//! `A..B` is collected by a walk that reads each commit once and stops, as
//! git's does, when only commits reachable from `A` are left (`walk`).

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::{DateTime, FixedOffset};
use git2::{Oid, Repository};
use thiserror::Error;

use crate::window::{RangeSpec, Window};

mod chain;
mod changed;
mod landing;
mod open;
mod paths;
mod reader;
mod ref_files;
mod references;
mod replace;
mod side;
mod stats;
mod tags;
mod trees;
mod walk;

pub use changed::{ChangedPaths, CHANGELOG_STEMS};

/// A map keyed by object id. Ids are hashes already, and a history puts
/// tens of thousands in maps: a fast, randomly seeded hash (foldhash)
/// rather than SipHash, which cost 3-6% of a year's brief.
pub type OidMap<V> = std::collections::HashMap<Oid, V, foldhash::fast::RandomState>;
/// A set of object ids, hashed as [`OidMap`]'s keys are.
pub type OidSet = std::collections::HashSet<Oid, foldhash::fast::RandomState>;
pub use landing::landings;
pub use paths::Pathspec;
pub use side::SideRelease;

/// A commit's parents: one, as nearly every commit has, held without a heap block.
pub type Parents = smallvec::SmallVec<[Oid; 1]>;

use chain::{first_parents, Chain};
use landing::attribute;
use reader::{commit_time, Reader};
use replace::shallow_boundary;

/// One commit as the rest of the pipeline sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: Oid,
    /// Author name after the repository's mailmap (one text for each
    /// author's commits: a long history has thousands of commits per author).
    pub author: Rc<str>,
    /// Author email after the repository's mailmap, as written (not lower-cased).
    pub email: Rc<str>,
    /// Committer time, with the committer's own offset.
    pub time: DateTime<FixedOffset>,
    /// Author time (when the change was first written), with the author's offset.
    pub authored: DateTime<FixedOffset>,
    /// The author made the commit too (the same e-mail, as written): no one
    /// else applied, rebased or squashed it.
    pub by_author: bool,
    /// When the commit reached the branch: the committer time of the
    /// first-parent commit that brought it in (its own, unless a merge did).
    pub landed: DateTime<FixedOffset>,
    /// The message, decoded lossily: a message that is not UTF-8 is shown, never an error.
    pub message: String,
    /// The parents' ids, first parent first (held inline: one, nearly always).
    pub parent_ids: Parents,
    /// The tree it left (its replacement's, when it is replaced).
    pub tree: Oid,
    /// The first-parent commit that brought this one onto the branch: itself for a
    /// commit made on the branch, the merge for a merged branch's commits.
    pub landing: Oid,
    /// Lines and files changed; computed only when asked (boxed: a
    /// commit without is 48 bytes smaller, and a long window holds tens of
    /// thousands).
    pub stats: Option<Box<Stats>>,
}

/// What a commit changed, as `git log --shortstat` counts it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stats {
    pub files: usize,
    pub insertions: usize,
    pub deletions: usize,
    /// The paths changed, for counting distinct files across a window.
    pub paths: Vec<String>,
}

/// A tag on a commit of the window: a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub commit: Oid,
    pub time: DateTime<FixedOffset>,
    /// The first-parent commit that brought the tagged commit onto the
    /// branch: the merge of a release branch brought back, say. The commit
    /// itself for a release tagged on the branch or on another one.
    pub landing: Oid,
}

impl Commit {
    /// A merge brings in other commits; it is counted, never listed.
    pub fn is_merge(&self) -> bool {
        self.parent_ids.len() > 1
    }

    /// The first line of the message.
    pub fn subject(&self) -> &str {
        self.message.trim_start().lines().next().unwrap_or("").trim_end()
    }

    /// The first paragraph on one line, as git's `%s` shows it: a subject
    /// wrapped onto a second line (`… search\n(#1759).`) is one title.
    pub fn title(&self) -> String {
        let lines: Vec<&str> =
            self.message.trim_start().lines().take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
        lines.join(" ")
    }
}

/// The commits of one window.
#[derive(Debug, Clone, Default)]
pub struct Span {
    /// Non-merge commits, newest first.
    pub commits: Vec<Commit>,
    /// Merge commits, newest first.
    pub merges: Vec<Commit>,
    /// True when the history ended at a shallow-clone boundary before the
    /// window's start was found: the span may be missing work.
    pub truncated: bool,
    /// Tags on the span's commits: releases.
    pub tags: Vec<Tag>,
    /// Tags on the span's commits made well before its window: releases a
    /// merged branch brought back, told when they shipped, or, if the
    /// classify step finds them a security release reaching the branch only
    /// now (a fix kept under embargo), told now.
    pub earlier_tags: Vec<Tag>,
    /// Tags made in the window on other branches' commits: maintenance
    /// releases (the current window's span only, when asked).
    pub side_tags: Vec<SideRelease>,
    /// With `--path`: the commits of `commits` that touch none of the paths,
    /// kept in the span so that the units they belong to stay whole, and
    /// left out of the brief.
    pub outside: OidSet,
}

impl Span {
    fn push(&mut self, commit: Commit) {
        if commit.is_merge() {
            self.merges.push(commit);
        } else {
            self.commits.push(commit);
        }
    }

    /// Newest first by landing, then by committer time: the brief's order.
    fn sort(&mut self) {
        let key = |c: &Commit| std::cmp::Reverse((c.landed, c.time));
        self.commits.sort_by_key(key);
        self.merges.sort_by_key(key);
    }
}

/// The commits of a window and, for trends, of the window before it.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub current: Span,
    pub previous: Option<Span>,
    /// The windows before the previous one (`--trend N`), newest first, each
    /// with its commits: read by the same first-parent walk.
    pub earlier: Vec<(Window, Span)>,
    /// Whether the repository is a shallow clone.
    pub shallow: bool,
    /// When a span was cut short by a shallow clone: the committer time of
    /// the oldest commit that could be read, so the brief can say what it
    /// could not see.
    pub boundary: Option<DateTime<FixedOffset>>,
    /// Commits whose changes could not be counted because their objects are
    /// missing (a partial clone): their stats are `None`.
    pub unreadable: usize,
    /// Commits of the windows that could not be parsed (a date out of
    /// range, a broken header): left out of the brief, which says so.
    pub damaged: usize,
    /// The commits `git replace` replaced, as the windows were read.
    pub replaced: walk::Replaced,
    /// How many first-parent commits were read to find the window (none for
    /// a ref range): it grows with the window, never with the repository.
    pub walked: usize,
}

/// Failures reading the repository.
#[derive(Debug, Error)]
pub enum HistoryError {
    #[error(
        "--path {}: {why}; give a directory or file of the repository, or :(exclude)DIR",
        crate::window::quote(spec)
    )]
    BadPath { spec: String, why: String },
    #[error(
        "the path {} names nothing at the branch's tip nor in the window's history: check its spelling in --path or [brief] paths (relative to the repository's root, as `git ls-files` prints them)",
        crate::window::quote(spec)
    )]
    NamesNothing { spec: String },
    #[error("{path} is not inside a git repository: run git-brief in a repository, or pass -C PATH")]
    NotARepository { path: PathBuf },
    #[error("the directory {path} given to -C does not exist: check the path")]
    MissingDirectory { path: PathBuf },
    #[error("{path}, given to -C, is not a directory: pass the repository's directory")]
    NotADirectory { path: PathBuf },
    #[error(
        "GIT_DIR names {path}, which is not a git repository: fix or unset GIT_DIR (or git's --git-dir)"
    )]
    NotAGitDir { path: PathBuf },
    #[error("the repository at {path} belongs to another user, and git refuses such a repository until it is trusted (dubious ownership): if you trust it, run `git config --global --add safe.directory {}`", open::shell_word(.path))]
    DubiousOwnership { path: PathBuf },
    #[error("the repository at {path} uses {what}, which git-brief cannot read: {fix}")]
    Unsupported { path: PathBuf, what: String, fix: String },
    #[error("the repository at {path} has no commits yet: commit something first, or pass -C PATH to another repository")]
    Empty { path: PathBuf },
    #[error("the current branch '{branch}' has no commits yet: commit something, or pass --branch {other}")]
    Unborn { branch: String, other: String },
    #[error("unknown {what} '{name}': check the name with `git branch -a` or `git log -1 {name}`")]
    UnknownRef { what: &'static str, name: String },
    #[error("cannot read {what} '{name}' ({detail}): a commit on the way to it is damaged; run `git fsck` to find it, and name a commit that does not pass through it")]
    Unreadable { what: &'static str, name: String, detail: String },
    #[error("{what} '{name}' does not point at a commit: name a branch, tag or commit")]
    NotACommit { what: &'static str, name: String },
    #[error("cannot read the repository: {0}")]
    Git(#[from] git2::Error),
    #[error("a thread computing lines changed failed: rerun without --stats, and please report it")]
    Thread,
    #[error("the repository is missing an object its history needs ({detail}): it is damaged, not a shallow clone; run `git fsck` to see what is missing, then fetch it again or clone the repository anew")]
    Missing { detail: String },
}

/// Opens the repository containing `path` (a work tree, a bare repository or
/// a worktree), or the one git's environment names (`GIT_DIR`).
pub fn open(path: &Path) -> Result<Repository, HistoryError> {
    open::open(path)
}

/// The commit the brief looks back from: `branch`, else `HEAD`.
pub fn tip(repo: &Repository, branch: Option<&str>) -> Result<Oid, HistoryError> {
    match branch {
        Some(name) => resolve(repo, "--branch", name),
        None => match repo.head() {
            Ok(head) => match head.peel_to_commit() {
                Ok(commit) => Ok(commit.id()),
                // A commit libgit2 cannot parse is still the tip: the walk
                // reads past it and the brief says it was left out.
                Err(e) => head
                    .resolve()
                    .ok()
                    .and_then(|r| r.target())
                    .filter(|&id| is_commit(repo, id))
                    .ok_or(e)
                    .map_err(HistoryError::Git),
            },
            Err(e) if matches!(e.code(), git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound) => {
                Err(unborn(repo))
            }
            Err(e) => Err(HistoryError::Git(e)),
        },
    }
}

/// Told how many commits a walk has read so far.
pub trait Progress {
    fn commits_read(&self, count: usize);
}

/// What to read besides the commits themselves.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    /// Also read the window before, for trends.
    pub compare: bool,
    /// Also read this many windows before the previous one (`--trend N`);
    /// only with `compare`.
    pub earlier: usize,
    /// Compute lines and files changed per commit (a diff per commit: only
    /// when asked).
    pub stats: bool,
    /// `--path`: only the commits that touch these paths.
    pub paths: Option<&'a Pathspec>,
    /// Told every thousand commits.
    pub progress: Option<&'a dyn Progress>,
    /// Also find the releases tagged on other branches in a time window.
    pub side_releases: bool,
}

/// Collects the commits of `window` looking back from `tip`, and those of the
/// window before it when asked and the window has one.
pub fn collect(
    repo: &Repository,
    tip: Oid,
    window: &Window,
    options: Options,
) -> Result<History, HistoryError> {
    collect_from(repo, tip, window, options).map_err(|e| match e {
        // A shallow clone's boundary is handled where it is met; any other
        // missing object is damage.
        HistoryError::Git(e)
            if e.code() == git2::ErrorCode::NotFound && e.class() == git2::ErrorClass::Odb =>
        {
            HistoryError::Missing { detail: e.message().to_string() }
        }
        e => e,
    })
}

fn collect_from(
    repo: &Repository,
    tip: Oid,
    window: &Window,
    options: Options,
) -> Result<History, HistoryError> {
    // Set when the repository was opened (`open`); here too for a
    // repository opened otherwise.
    open::read_settings();
    let mailmap = repo.mailmap()?;
    let shallow = repo.is_shallow();
    let grafts = if shallow { shallow_boundary(repo) } else { OidSet::default() };
    let references = references::References::read(repo);
    let replaced = replace::replacements(repo, &references);
    let reader = Reader {
        repo,
        mailmap: &mailmap,
        grafts: &grafts,
        replaced: &replaced,
        progress: options.progress,
        read: Cell::new(0),
        damaged: RefCell::new(Vec::new()),
        names: RefCell::default(),
    };
    let mut boundary = None;
    // The commits the window starts and ends at: where a path must be, or
    // in the window's commits.
    let ends: Vec<Oid>;
    // A time window's bounds, newest first: span `i` is `[bounds[i + 1], bounds[i])`.
    let mut bounds: Vec<i64> = Vec::new();
    let (mut current, previous, mut earlier, walked) = match window {
        Window::Range(range) => {
            let (from, to) = range_ends(repo, range)?;
            ends = from.into_iter().chain([to]).collect();
            let mut span = reader.range(from, to)?;
            // A walk that reached a shallow boundary may have missed the
            // commits that would have told it where to stop.
            let cut: Vec<&Commit> =
                span.commits.iter().chain(&span.merges).filter(|c| grafts.contains(&c.id)).collect();
            boundary = cut.iter().map(|c| c.time).min();
            span.truncated = !cut.is_empty();
            (span, None, Vec::new(), 0)
        }
        Window::Time { since, until, .. } => {
            // The previous window and the ones before it, newest first.
            let mut before: Vec<Window> = Vec::new();
            let mut next = if options.compare { window.previous() } else { None };
            while let Some(w) = next.take().filter(|_| before.len() <= options.earlier) {
                next = w.previous();
                before.push(w);
            }
            bounds = vec![until.timestamp(), since.timestamp()];
            for w in &before {
                if let Window::Time { since, .. } = w {
                    bounds.push(since.timestamp());
                }
            }
            let mut chain = first_parents(repo, tip, &bounds, &grafts, &replaced, |id, commit| {
                reader.read(id, commit, commit.time().seconds())
            })?;
            if chain.cut_short {
                boundary = chain
                    .ids
                    .last()
                    .and_then(|&(_, time)| DateTime::from_timestamp(time, 0))
                    .map(|t| t.fixed_offset());
            }
            ends = chain.ends.iter().take(2).filter_map(|&i| chain.ids.get(i)).map(|&(id, _)| id).collect();
            let current = reader.landed(&mut chain, 0)?;
            let mut spans = Vec::with_capacity(before.len());
            for (i, w) in before.into_iter().enumerate() {
                spans.push((w, reader.landed(&mut chain, i + 1)?));
            }
            let mut spans = spans.into_iter();
            let previous = spans.next().map(|(_, span)| span);
            (current, previous, spans.collect(), chain.ids.len())
        }
    };
    // A commit of a span cut from its parents by a shallow clone (a merged
    // branch cut half-way, say) means work of the span may be missing.
    let mut previous = previous;
    let spans =
        std::iter::once(&mut current).chain(previous.as_mut()).chain(earlier.iter_mut().map(|(_, s)| s));
    for span in spans {
        let cut =
            span.commits.iter().chain(&span.merges).filter(|c| grafts.contains(&c.id)).map(|c| c.time).min();
        if let Some(time) = cut {
            span.truncated = true;
            boundary = Some(boundary.map_or(time, |b: DateTime<FixedOffset>| b.min(time)));
        }
    }
    let mut spans: Vec<&mut Span> = std::iter::once(&mut current)
        .chain(previous.as_mut())
        .chain(earlier.iter_mut().map(|(_, s)| s))
        .collect();
    if let Some(spec) = options.paths {
        for span in spans.iter_mut() {
            span.outside = paths::outside(repo, span, spec, &replaced)?;
        }
        let ends: Vec<Oid> = std::iter::once(tip).chain(ends).collect();
        paths::check_named(repo, spec, &ends, spans[0])?;
    }
    if options.side_releases && !bounds.is_empty() {
        side::of_spans(repo, &references, tip, &bounds, &mut spans);
    }
    tags::of_spans(repo, &references, &bounds, &mut spans)?;
    let unreadable = if options.stats {
        let mut all: Vec<&mut Commit> = spans
            .into_iter()
            .flat_map(|s| {
                let outside = &s.outside;
                s.commits.iter_mut().filter(move |c| !outside.contains(&c.id))
            })
            .collect();
        stats::fill(repo.path(), &mut all, &grafts, &replaced)?
    } else {
        0
    };
    let damaged = reader.damaged.into_inner().len();
    Ok(History { current, previous, earlier, shallow, boundary, unreadable, damaged, replaced, walked })
}

/// The ends of a range. A start of zeros before a root commit (a push's
/// "before" when the push made the repository's first commit) is no start:
/// the range is that commit alone.
fn range_ends(repo: &Repository, range: &RangeSpec) -> Result<(Option<Oid>, Oid), HistoryError> {
    let to = resolve(repo, "--range end", &range.to)?;
    let zeros = range.from.len() >= 40 && range.from.chars().all(|c| c == '0');
    if zeros && repo.find_commit(to).is_ok_and(|c| c.parent_count() == 0) {
        return Ok((None, to));
    }
    let from = resolve(repo, "--range start", &range.from)?;
    Ok((Some(from), to))
}

fn resolve(repo: &Repository, what: &'static str, name: &str) -> Result<Oid, HistoryError> {
    let object = match repo.revparse_single(name) {
        Ok(object) => object,
        Err(e) => {
            // A reference to a commit libgit2 cannot parse still names it.
            let damaged =
                repo.resolve_reference_from_short_name(name).ok().and_then(|r| r.resolve().ok()?.target());
            return match damaged.filter(|&id| is_commit(repo, id)) {
                Some(id) => Ok(id),
                None if matches!(
                    e.code(),
                    git2::ErrorCode::NotFound | git2::ErrorCode::InvalidSpec | git2::ErrorCode::Ambiguous
                ) =>
                {
                    Err(HistoryError::UnknownRef { what, name: name.to_string() })
                }
                None => Err(HistoryError::Unreadable {
                    what,
                    name: name.to_string(),
                    detail: e.message().to_string(),
                }),
            };
        }
    };
    match object.peel_to_commit() {
        Ok(commit) => Ok(commit.id()),
        Err(_) if is_commit(repo, object.id()) => Ok(object.id()),
        Err(_) => Err(HistoryError::NotACommit { what, name: name.to_string() }),
    }
}

/// Whether `id` is a commit object, read from its header alone (it may be
/// one libgit2 cannot parse).
fn is_commit(repo: &Repository, id: Oid) -> bool {
    repo.odb().and_then(|odb| odb.read_header(id)).is_ok_and(|(_, kind)| kind == git2::ObjectType::Commit)
}

/// HEAD names a branch without commits: an empty repository, or a new
/// branch in one that has others (then say which to use instead).
fn unborn(repo: &Repository) -> HistoryError {
    let other = repo
        .branches(Some(git2::BranchType::Local))
        .ok()
        .and_then(|mut branches| branches.find_map(|b| b.ok()?.0.name().ok().flatten().map(str::to_string)));
    let branch = repo.find_reference("HEAD").ok().and_then(|head| {
        head.symbolic_target().ok().flatten().map(|t| t.trim_start_matches("refs/heads/").to_string())
    });
    match (branch, other) {
        (Some(branch), Some(other)) => HistoryError::Unborn { branch, other },
        _ => HistoryError::Empty { path: repo_path(repo) },
    }
}

fn repo_path(repo: &Repository) -> PathBuf {
    repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::reader::decode;
    use super::*;
    use crate::window::WindowRequest;
    use chrono::{DateTime, Utc};

    const DAY: i64 = 24 * 3600;
    const NOW: i64 = 1_795_392_000; // 2026-11-23T00:00:00Z

    /// A linear history of `days` commits, one a day, the newest at NOW - 1h.
    fn linear(days: i64) -> (tempfile::TempDir, Repository) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        {
            let tree = repo.find_tree(repo.index().unwrap().write_tree().unwrap()).unwrap();
            let mut parent: Option<git2::Commit> = None;
            for n in 0..days {
                let when = git2::Time::new(NOW - 3600 - (days - 1 - n) * DAY, 60);
                let sig = git2::Signature::new("Ada", "ada@example.com", &when).unwrap();
                let parents: Vec<&git2::Commit> = parent.iter().collect();
                let id = repo
                    .commit(Some("HEAD"), &sig, &sig, &format!("feat: day {n}"), &tree, &parents)
                    .unwrap();
                parent = Some(repo.find_commit(id).unwrap());
            }
        }
        (dir, repo)
    }

    fn last_week(repo: &Repository, compare: bool) -> History {
        let now = DateTime::<Utc>::from_timestamp(NOW, 0).unwrap();
        let window = Window::resolve(&WindowRequest::default(), now, chrono_tz::Tz::UTC).unwrap();
        let head = repo.head().unwrap().target().unwrap();
        collect(
            repo,
            head,
            &window,
            Options { compare, earlier: 0, stats: false, paths: None, progress: None, side_releases: false },
        )
        .unwrap()
    }

    #[test]
    fn a_week_reads_a_week_of_first_parent_commits_not_the_history() {
        let (_dir, repo) = linear(400);
        let history = last_week(&repo, true);
        assert_eq!(history.current.commits.len(), 7);
        assert_eq!(history.previous.as_ref().map(|p| p.commits.len()), Some(7));
        // Two weeks of landings, the commit just before them, and the four
        // before it whose dates place it.
        assert_eq!(history.walked, 19);
        assert_eq!(last_week(&repo, false).walked, 12);
        let newest = &history.current.commits[0];
        assert_eq!(newest.landed, newest.time);
    }

    #[test]
    fn messages_decode_as_their_encoding_says() {
        assert_eq!(decode("café".as_bytes(), None), "café");
        assert_eq!(decode(b"caf\xe9", Some("ISO-8859-1")), "café");
        assert_eq!(decode(b"caf\xe9", None), "caf\u{FFFD}");
    }

    #[test]
    fn commit_times_keep_their_offset() {
        let (_dir, repo) = linear(2);
        let history = last_week(&repo, false);
        let newest = &history.current.commits[0];
        assert_eq!(newest.time.to_rfc3339(), "2026-11-23T00:00:00+01:00");
        assert_eq!(newest.subject(), "feat: day 1");
        assert!(!newest.is_merge());
    }

    #[test]
    fn a_history_younger_than_the_window_is_read_whole() {
        let (_dir, repo) = linear(3);
        let history = last_week(&repo, true);
        assert_eq!(history.current.commits.len(), 3);
        assert_eq!(history.previous.map(|p| p.commits.len()), Some(0));
        assert!(!history.current.truncated);
    }
}
