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
//! `A..B` is collected with an unsorted revwalk, which libgit2 runs lazily
//! (any sorted walk reads the whole history before yielding a commit).

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Offset, Utc};
use git2::{Mailmap, Oid, Repository, Sort};
use thiserror::Error;

use crate::window::{RangeSpec, Window};

/// One commit as the rest of the pipeline sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: Oid,
    /// Author name after the repository's mailmap.
    pub author: String,
    /// Author email after the repository's mailmap, as written (not lower-cased).
    pub email: String,
    /// Committer time, with the committer's own offset.
    pub time: DateTime<FixedOffset>,
    /// The message, decoded lossily: a message that is not UTF-8 is shown, never an error.
    pub message: String,
    pub parents: usize,
}

impl Commit {
    /// A merge brings in other commits; it is counted, never listed.
    pub fn is_merge(&self) -> bool {
        self.parents > 1
    }

    /// The first line of the message.
    pub fn subject(&self) -> &str {
        self.message.trim_start().lines().next().unwrap_or("").trim_end()
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
}

/// The commits of a window and, for trends, of the window before it.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub current: Span,
    pub previous: Option<Span>,
    /// Whether the repository is a shallow clone.
    pub shallow: bool,
    /// How many first-parent commits were read to find the window: it
    /// grows with the window, never with the repository.
    pub walked: usize,
}

/// Failures reading the repository.
#[derive(Debug, Error)]
pub enum HistoryError {
    #[error("{path} is not inside a git repository: run git-brief in a repository, or pass -C PATH")]
    NotARepository { path: PathBuf },
    #[error("the repository at {path} has no commits yet: commit something first, or pass -C PATH to another repository")]
    Empty { path: PathBuf },
    #[error("unknown {what} '{name}': check the name with `git branch -a` or `git log -1 {name}`")]
    UnknownRef { what: &'static str, name: String },
    #[error("{what} '{name}' does not point at a commit: name a branch, tag or commit")]
    NotACommit { what: &'static str, name: String },
    #[error("cannot read the repository: {0}")]
    Git(#[from] git2::Error),
}

/// Opens the repository containing `path` (a work tree, a bare repository or a worktree).
pub fn open(path: &Path) -> Result<Repository, HistoryError> {
    Repository::discover(path).map_err(|_| HistoryError::NotARepository { path: path.to_path_buf() })
}

/// The commit the brief looks back from: `branch`, else `HEAD`.
pub fn tip(repo: &Repository, branch: Option<&str>) -> Result<Oid, HistoryError> {
    match branch {
        Some(name) => resolve(repo, "--branch", name),
        None => match repo.head() {
            Ok(head) => head.peel_to_commit().map(|c| c.id()).map_err(HistoryError::Git),
            Err(e) if matches!(e.code(), git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound) => {
                Err(HistoryError::Empty { path: repo_path(repo) })
            }
            Err(e) => Err(HistoryError::Git(e)),
        },
    }
}

/// Collects the commits of `window` looking back from `tip`, and those of the
/// window before it when `compare` is set and the window has one.
pub fn collect(repo: &Repository, tip: Oid, window: &Window, compare: bool) -> Result<History, HistoryError> {
    let mailmap = repo.mailmap()?;
    let shallow = repo.is_shallow();
    let reader = Reader { repo, mailmap: &mailmap };
    match window {
        Window::Range(range) => {
            let (from, to) = range_ends(repo, range)?;
            let current = reader.span(from, Some(to))?;
            Ok(History { current, previous: None, shallow, walked: 0 })
        }
        Window::Time { since, until, .. } => {
            let previous = if compare { window.previous() } else { None };
            let mut bounds = vec![until.timestamp(), since.timestamp()];
            if let Some(Window::Time { since: previous_since, .. }) = &previous {
                bounds.push(previous_since.timestamp());
            }
            let found = landings(repo, tip, &bounds)?;
            let end = |i: usize| found.ends.get(i).copied().flatten();
            // A chain that stops at a shallow boundary, not at a root, may
            // hide commits older than the bound it did not reach.
            let truncated = |i: usize| end(i).is_none() && found.cut_short;
            let mut current = reader.span(end(1), end(0))?;
            current.truncated = truncated(1);
            let previous = match previous {
                Some(_) => {
                    let mut span = reader.span(end(2), end(1))?;
                    span.truncated = truncated(2);
                    Some(span)
                }
                None => None,
            };
            Ok(History { current, previous, shallow, walked: found.walked })
        }
    }
}

/// The result of one first-parent walk.
struct Landings {
    /// For each bound, the newest first-parent commit strictly older than it.
    ends: Vec<Option<Oid>>,
    /// The chain ended at a commit whose parent is missing (a shallow clone).
    cut_short: bool,
    walked: usize,
}

/// Walks the first-parent chain from `tip` once and, for each bound (newest
/// first), finds the newest first-parent commit whose committer time is
/// strictly before it. Stops as soon as the oldest bound is passed.
fn landings(repo: &Repository, tip: Oid, bounds: &[i64]) -> Result<Landings, HistoryError> {
    let mut ends = vec![None; bounds.len()];
    let mut next = 0;
    let mut commit = repo.find_commit(tip)?;
    let mut walked = 0;
    loop {
        walked += 1;
        let time = commit.time().seconds();
        while next < bounds.len() && time < bounds[next] {
            ends[next] = Some(commit.id());
            next += 1;
        }
        if next == bounds.len() {
            return Ok(Landings { ends, cut_short: false, walked });
        }
        let Some(parent) = commit.parent_ids().next() else {
            return Ok(Landings { ends, cut_short: repo.is_shallow(), walked });
        };
        commit = match repo.find_commit(parent) {
            Ok(parent) => parent,
            // A shallow clone's boundary: its parents are recorded but absent.
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                return Ok(Landings { ends, cut_short: true, walked });
            }
            Err(e) => return Err(e.into()),
        };
    }
}

fn range_ends(repo: &Repository, range: &RangeSpec) -> Result<(Option<Oid>, Oid), HistoryError> {
    let from = resolve(repo, "--range start", &range.from)?;
    let to = resolve(repo, "--range end", &range.to)?;
    Ok((Some(from), to))
}

fn resolve(repo: &Repository, what: &'static str, name: &str) -> Result<Oid, HistoryError> {
    let object =
        repo.revparse_single(name).map_err(|_| HistoryError::UnknownRef { what, name: name.to_string() })?;
    object
        .peel_to_commit()
        .map(|c| c.id())
        .map_err(|_| HistoryError::NotACommit { what, name: name.to_string() })
}

fn repo_path(repo: &Repository) -> PathBuf {
    repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf()
}

struct Reader<'r> {
    repo: &'r Repository,
    mailmap: &'r Mailmap,
}

impl Reader<'_> {
    /// The commits reachable from `to` and not from `from`.
    fn span(&self, from: Option<Oid>, to: Option<Oid>) -> Result<Span, HistoryError> {
        let mut span = Span::default();
        let Some(to) = to else { return Ok(span) };
        if Some(to) == from {
            return Ok(span);
        }
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::NONE)?;
        walk.push(to)?;
        if let Some(from) = from {
            walk.hide(from)?;
        }
        for id in walk {
            let commit = self.read(id?)?;
            if commit.is_merge() {
                span.merges.push(commit);
            } else {
                span.commits.push(commit);
            }
        }
        // The walk's order is libgit2's; the brief's is newest first, stable.
        span.commits.sort_by_key(|c| std::cmp::Reverse(c.time));
        span.merges.sort_by_key(|c| std::cmp::Reverse(c.time));
        Ok(span)
    }

    fn read(&self, id: Oid) -> Result<Commit, HistoryError> {
        let commit = self.repo.find_commit(id)?;
        let author = commit.author_with_mailmap(self.mailmap).unwrap_or_else(|_| commit.author().to_owned());
        Ok(Commit {
            id,
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            time: commit_time(commit.time()),
            message: String::from_utf8_lossy(commit.message_raw_bytes()).into_owned(),
            parents: commit.parent_count(),
        })
    }
}

/// A commit's time with its own offset. Dates git cannot represent in
/// chrono (far past or future) fall back to the epoch rather than fail.
fn commit_time(when: git2::Time) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(when.offset_minutes().saturating_mul(60)).unwrap_or(Utc.fix());
    DateTime::from_timestamp(when.seconds(), 0).unwrap_or(DateTime::UNIX_EPOCH).with_timezone(&offset)
}

#[cfg(test)]
mod tests {
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
        collect(repo, head, &window, compare).unwrap()
    }

    #[test]
    fn a_week_reads_a_week_of_first_parent_commits_not_the_history() {
        let (_dir, repo) = linear(400);
        let history = last_week(&repo, true);
        assert_eq!(history.current.commits.len(), 7);
        assert_eq!(history.previous.as_ref().map(|p| p.commits.len()), Some(7));
        // Two weeks of landings and the commit just before them.
        assert_eq!(history.walked, 15);
        assert_eq!(last_week(&repo, false).walked, 8);
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
