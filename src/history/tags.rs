//! Releases: the tags on a window's commits, and those made in the window on
//! the repository's other branches (a maintenance release tagged on `7.4`
//! while the brief reads `unstable`: a security release often ships that way
//! first, and reaches the main branch weeks later, if at all).
//!
//! Cost grows with the window. Only the tags that can point into it are
//! read (`tagged`). For the other branches, from the tip of each the walk
//! reads commits newest first, never one of the briefed branch's or one read
//! already, and stops where commits are older than the window (a day of
//! slack for commits whose dates are out of order).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use git2::{Oid, Repository};

use chrono::{DateTime, FixedOffset};

use super::references::References;
use super::{commit_time, HistoryError, Span, Tag};

/// Dates out of order by up to this much are still walked past.
const SLACK: i64 = 24 * 3600;
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
pub(super) fn side_of_spans(
    repo: &Repository,
    references: &References,
    tip: Oid,
    bounds: &[i64],
    spans: &mut [&mut Span],
) {
    let on_branch: HashSet<Oid> =
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
    on_branch: &HashSet<Oid>,
) -> Result<Vec<SideRelease>, HistoryError> {
    let mut seen: HashSet<Oid> = on_branch.clone();
    seen.insert(tip);
    // Newest first; each commit queued with its parents, read once.
    let mut queue: BinaryHeap<(i64, Reverse<Oid>, Vec<Oid>)> = BinaryHeap::new();
    let push = |queue: &mut BinaryHeap<(i64, Reverse<Oid>, Vec<Oid>)>, id: Oid| {
        if let Ok(commit) = repo.find_commit(id) {
            let time = commit.time().seconds();
            if time >= since - SLACK {
                queue.push((time, Reverse(id), commit.parent_ids().collect()));
            }
        }
    };
    for reference in references.all(repo)?.iter() {
        let name = &reference.name;
        if !name.starts_with(b"refs/heads/") && !name.starts_with(b"refs/remotes/") {
            continue;
        }
        // A symbolic reference (`origin/HEAD`) has no target of its own.
        if let Some(id) = reference.target.filter(|id| !seen.contains(id)) {
            push(&mut queue, id);
        }
    }
    // The other branches' commits of the window, with their times.
    let mut side: HashMap<Oid, i64> = HashMap::new();
    let mut read = 0;
    while let Some((time, Reverse(id), parents)) = queue.pop() {
        if !seen.insert(id) || read >= MOST {
            continue;
        }
        read += 1;
        if (since..until).contains(&time) {
            side.insert(id, time);
        }
        for parent in parents.into_iter().filter(|p| !seen.contains(p)) {
            push(&mut queue, parent);
        }
    }
    if side.is_empty() {
        return Ok(Vec::new());
    }
    let mut releases = Vec::new();
    for (name, commit) in tagged(repo, references, &|id| side.contains_key(&id))? {
        let time = repo.find_commit(commit)?.time();
        let tag = Tag { name, commit, time: commit_time(time) };
        releases.push(SideRelease { commits: first_parents(repo, commit), tag });
    }
    // Each release's commits end where the one before it was tagged.
    let chains: HashSet<Oid> = releases.iter().flat_map(|r| r.commits.iter().skip(1).map(|c| c.0)).collect();
    let tagged_before: HashSet<Oid> =
        tagged(repo, references, &|id| chains.contains(&id))?.into_iter().map(|(_, id)| id).collect();
    for release in &mut releases {
        if let Some(end) = release.commits.iter().skip(1).position(|(id, _)| tagged_before.contains(id)) {
            release.commits.truncate(end + 1);
        }
    }
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

/// Tags that point at a commit of a span: the releases of each window.
pub(super) fn of_spans(
    repo: &Repository,
    references: &References,
    spans: &mut [&mut Span],
) -> Result<(), HistoryError> {
    // Each window commit, with its time and the span it belongs to.
    let commits: HashMap<Oid, (DateTime<FixedOffset>, usize)> = spans
        .iter()
        .enumerate()
        .flat_map(|(i, span)| span.commits.iter().chain(&span.merges).map(move |c| (c.id, (c.time, i))))
        .collect();
    if commits.is_empty() {
        return Ok(());
    }
    for (name, commit) in tagged(repo, references, &|id| commits.contains_key(&id))? {
        let (time, span) = commits[&commit];
        spans[span].tags.push(Tag { name, commit, time });
    }
    for span in spans.iter_mut() {
        span.tags.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    }
    Ok(())
}

/// The tags that point at a commit `wanted` accepts, with that commit. Only
/// the tags that can point at one are read: a packed tag's peeled id comes
/// with the ref, a lightweight tag's id is the commit's, and only an
/// annotated tag whose peel git did not record has its object read.
fn tagged(
    repo: &Repository,
    references: &References,
    wanted: &dyn Fn(Oid) -> bool,
) -> Result<Vec<(String, Oid)>, HistoryError> {
    let odb = repo.odb()?;
    let unpeeled = unpeeled_packed_tags(repo);
    let mut found = Vec::new();
    for reference in &references.under(repo, "refs/tags/", true)? {
        let peeled = reference.peeled;
        let mut target = peeled.or(reference.target);
        // What packed-refs says is trusted: a recorded peel is the object
        // the tag names in the end, and a packed tag without one is no tag
        // object. Only a loose tag (or one from a packed-refs file that
        // does not record every peel) has its object read.
        let known = peeled.is_some() || target.is_some_and(|t| unpeeled.get(&reference.name) == Some(&t));
        if known {
            target = target.filter(|&id| wanted(id));
        }
        // An annotated tag (or a tag of a tag) not peeled in packed-refs.
        while let Some(id) = target.filter(|&id| !wanted(id)) {
            match odb.read_header(id) {
                Ok((_, git2::ObjectType::Tag)) => target = repo.find_tag(id).ok().map(|t| t.target_id()),
                _ => target = None,
            }
        }
        if let Some(commit) = target {
            let shorthand = reference.name.strip_prefix(b"refs/tags/").unwrap_or(&reference.name);
            found.push((String::from_utf8_lossy(shorthand).into_owned(), commit));
        }
    }
    Ok(found)
}

/// The tags packed-refs holds without a peeled line, with their targets,
/// when git wrote it `fully-peeled`: git then records the peel of every
/// annotated tag it packs, so these are lightweight tags of the object they
/// name. Empty when the file is missing or does not say so.
fn unpeeled_packed_tags(repo: &Repository) -> HashMap<Vec<u8>, Oid> {
    let Ok(text) = std::fs::read(repo.commondir().join("packed-refs")) else { return HashMap::new() };
    let mut lines = text.split(|&b| b == b'\n');
    let fully_peeled = lines.next().is_some_and(|header| {
        header.starts_with(b"# pack-refs with:") && header.split(|&b| b == b' ').any(|w| w == b"fully-peeled")
    });
    let mut found = HashMap::new();
    if !fully_peeled {
        return found;
    }
    let mut last: Option<&[u8]> = None;
    for line in lines {
        if line.starts_with(b"^") {
            if let Some(name) = last.take() {
                found.remove(name);
            }
            continue;
        }
        last = None;
        let Some((hex, name)) = line.split_at_checked(40) else { continue };
        let Some(name) = name.strip_prefix(b" ").filter(|n| n.starts_with(b"refs/tags/")) else { continue };
        let Some(id) = std::str::from_utf8(hex).ok().and_then(|hex| Oid::from_str(hex).ok()) else {
            continue;
        };
        found.insert(name.to_vec(), id);
        last = Some(name);
    }
    found
}
