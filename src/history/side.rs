//! Releases made in the window on the repository's other branches: a
//! maintenance release tagged on `7.4` while the brief reads `unstable` (a
//! security release often ships that way first, and reaches the main branch
//! weeks later, if at all).
//!
//! Cost grows with the window. From the tip of each other branch the walk
//! reads commits newest first, never one of the briefed branch's or one read
//! already, and stops where commits are older than the window (a day of
//! slack for commits whose dates are out of order).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use git2::{Oid, Repository};

use super::references::References;
use super::tags::{one_per_version, tagged, SLACK};
use super::{commit_time, HistoryError, OidMap, OidSet, Span, Tag};

/// The most commits read: a clone with thousands of busy branches gets the
/// releases of the newest of them, not a walk of minutes.
const MOST: usize = 20_000;

/// A release tagged on another branch, with the commits since the release
/// before it on that branch (newest first, at most a few): where its notes
/// were written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideRelease {
    pub tag: Tag,
    /// The commits with their subjects: a release's notes are written by
    /// its release commits, which the subject tells.
    pub commits: Vec<(Oid, String)>,
}

/// The releases tagged on other branches in each span's window (`bounds`,
/// newest first: span `i` is `[bounds[i + 1], bounds[i])`), as its
/// `side_tags`. Best effort: a damaged branch elsewhere costs these
/// releases, not the brief.
pub(super) fn of_spans(
    repo: &Repository,
    references: &References,
    tip: Oid,
    bounds: &[i64],
    spans: &mut [&mut Span],
) {
    let on_branch: OidSet =
        spans.iter().flat_map(|s| s.commits.iter().chain(&s.merges)).map(|c| c.id).collect();
    let (Some(&until), Some(&oldest)) = (bounds.first(), bounds.last()) else { return };
    for release in side(repo, references, tip, oldest, until, &on_branch).unwrap_or_default() {
        let time = release.tag.time.timestamp();
        if let Some(i) = bounds.windows(2).position(|w| (w[1]..w[0]).contains(&time)) {
            spans[i].side_tags.push(release);
        }
    }
}

/// The tags made in `[since, until)` on commits of branches other than the
/// briefed one, whose commits (`on_branch`, with its tip `tip`) are left out.
fn side(
    repo: &Repository,
    references: &References,
    tip: Oid,
    since: i64,
    until: i64,
    on_branch: &OidSet,
) -> Result<Vec<SideRelease>, HistoryError> {
    // Newest first; each commit read and queued once, with its parents,
    // when first named: a branch and its remote-tracking twin, or two
    // branches' common parent, are read for the first only.
    let mut seen: OidSet = on_branch.clone();
    seen.insert(tip);
    let mut queue: BinaryHeap<(i64, Reverse<Oid>, Vec<Oid>)> = BinaryHeap::new();
    let push = |seen: &mut OidSet, queue: &mut BinaryHeap<(i64, Reverse<Oid>, Vec<Oid>)>, id: Oid| {
        if !seen.insert(id) {
            return;
        }
        if let Ok(commit) = repo.find_commit(id) {
            let time = commit.time().seconds();
            if time >= since - SLACK {
                queue.push((time, Reverse(id), commit.parent_ids().collect()));
            }
        }
    };
    let mut branches = references.under(repo, "refs/heads/", false)?;
    branches.extend(references.under(repo, "refs/remotes/", false)?);
    // A symbolic reference (`origin/HEAD`) has no target of its own.
    for id in branches.iter().filter_map(|reference| reference.target) {
        push(&mut seen, &mut queue, id);
    }
    // The other branches' commits of the window, with their times.
    let mut side: OidMap<i64> = OidMap::default();
    let mut read = 0;
    while let Some((time, Reverse(id), parents)) = queue.pop() {
        if read >= MOST {
            break;
        }
        read += 1;
        if (since..until).contains(&time) {
            side.insert(id, time);
        }
        for parent in parents {
            push(&mut seen, &mut queue, parent);
        }
    }
    if side.is_empty() {
        return Ok(Vec::new());
    }
    let mut releases = Vec::new();
    for (name, commit, _) in tagged(repo, references, &|id| side.contains_key(&id))? {
        let time = repo.find_commit(commit)?.time();
        let tag = Tag { name, commit, time: commit_time(time), landing: commit };
        releases.push(SideRelease { commits: first_parents(repo, commit), tag });
    }
    // Each release's commits end where the one before it was tagged.
    let chains: OidSet = releases.iter().flat_map(|r| r.commits.iter().skip(1).map(|c| c.0)).collect();
    let tagged_before: OidSet =
        tagged(repo, references, &|id| chains.contains(&id))?.into_iter().map(|(_, id, _)| id).collect();
    for release in &mut releases {
        if let Some(end) = release.commits.iter().skip(1).position(|(id, _)| tagged_before.contains(id)) {
            release.commits.truncate(end + 1);
        }
    }
    let kept = one_per_version(releases.iter().map(|r| &r.tag));
    releases.retain(|r| kept.contains(&r.tag.name));
    releases.sort_by(|a, b| a.tag.time.cmp(&b.tag.time).then_with(|| a.tag.name.cmp(&b.tag.name)));
    Ok(releases)
}

/// The first-parent chain from `id`, newest first, as far as a release's
/// notes are written: a release commit and the few before it.
fn first_parents(repo: &Repository, id: Oid) -> Vec<(Oid, String)> {
    const NOTES: usize = 16;
    let mut chain = Vec::new();
    let mut next = Some(id);
    while let Some(commit) = next.filter(|_| chain.len() < NOTES).and_then(|id| repo.find_commit(id).ok()) {
        let subject = String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned();
        next = commit.parent_id(0).ok();
        chain.push((commit.id(), subject));
    }
    chain
}
