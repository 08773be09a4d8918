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
use std::collections::{BinaryHeap, HashSet};

use git2::{Oid, Repository};

use chrono::{DateTime, FixedOffset};

use super::references::References;
use super::{commit_time, HistoryError, OidMap, OidSet, Span, Tag};

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

/// Tags that point at a commit of a span: the releases of each window.
/// With the windows' `bounds` (as for [`side_of_spans`]), a tag on a commit
/// made well before its window is left out: a release branch merged back
/// brings releases that shipped, and were briefed, weeks before.
pub(super) fn of_spans(
    repo: &Repository,
    references: &References,
    bounds: &[i64],
    spans: &mut [&mut Span],
) -> Result<(), HistoryError> {
    // Each window commit, with its time, landing and the span it belongs to.
    let commits: OidMap<(DateTime<FixedOffset>, Oid, usize)> = spans
        .iter()
        .enumerate()
        .flat_map(|(i, span)| {
            span.commits.iter().chain(&span.merges).map(move |c| (c.id, (c.time, c.landing, i)))
        })
        .collect();
    if commits.is_empty() {
        return Ok(());
    }
    for (name, commit, object) in tagged(repo, references, &|id| commits.contains_key(&id))? {
        let (time, landing, span) = commits[&commit];
        // A release prepared before its week (a security fix under embargo)
        // is dated by its annotated tag, read only for such a commit.
        let tagged_at = |since: i64| {
            object
                .and_then(|id| repo.find_tag(id).ok())
                .and_then(|t| t.tagger().map(|who| who.when().seconds()))
                .unwrap_or(since)
        };
        let shipped_before = bounds.get(span + 1).is_some_and(|&since| {
            time.timestamp() < since - SLACK && tagged_at(time.timestamp()) < since - SLACK
        });
        let tag = Tag { name, commit, time, landing };
        match shipped_before {
            true => spans[span].earlier_tags.push(tag),
            false => spans[span].tags.push(tag),
        }
    }
    for span in spans.iter_mut() {
        let kept = one_per_version(span.tags.iter().chain(&span.earlier_tags));
        span.earlier_tags.retain(|t| kept.contains(&t.name));
        span.tags.retain(|t| kept.contains(&t.name));
        span.tags.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    }
    Ok(())
}

/// The names of the releases to tell: of the plain version tags on one
/// commit (`v3.13.2` and its Go module's `v0.313.2`), the highest; every
/// other tag (`astro@4.1.0`, `@astrojs/node@7.0.0`) is a release of its own.
fn one_per_version<'t>(tags: impl Iterator<Item = &'t Tag>) -> HashSet<String> {
    let mut highest: OidMap<(Vec<u64>, &str)> = OidMap::default();
    let mut kept = HashSet::new();
    for tag in tags {
        match version_of(&tag.name) {
            Some(version) => {
                let best = highest.entry(tag.commit).or_insert((version.clone(), &tag.name));
                if version > best.0 {
                    *best = (version, &tag.name);
                }
            }
            None => {
                kept.insert(tag.name.clone());
            }
        }
    }
    kept.extend(highest.into_values().map(|(_, name)| name.to_string()));
    kept
}

/// `v3.13.2` → `[3, 13, 2]`; `None` for anything but a plain version.
fn version_of(name: &str) -> Option<Vec<u64>> {
    let digits = name.strip_prefix('v').unwrap_or(name);
    digits.split('.').map(|part| part.parse().ok()).collect::<Option<Vec<u64>>>().filter(|v| v.len() >= 2)
}

/// The tags that point at a commit `wanted` accepts, with that commit and,
/// for an annotated tag, the tag object's id. Only
/// the tags that can point at one are read: a packed tag's peeled id comes
/// with the ref, a lightweight tag's id is the commit's, and only an
/// annotated tag whose peel git did not record has its object read.
fn tagged(
    repo: &Repository,
    references: &References,
    wanted: &dyn Fn(Oid) -> bool,
) -> Result<Vec<(String, Oid, Option<Oid>)>, HistoryError> {
    let odb = repo.odb()?;
    let unpeeled = references.unpeeled_tags(repo);
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
            let object = reference.target.filter(|&id| id != commit);
            found.push((String::from_utf8_lossy(shorthand).into_owned(), commit, object));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str, commit: u8) -> Tag {
        let commit = Oid::from_bytes(&[commit; 20]).unwrap();
        let time = DateTime::parse_from_rfc3339("2026-07-30T12:00:00+00:00").unwrap();
        Tag { name: name.to_string(), commit, time, landing: commit }
    }

    #[test]
    fn a_commit_with_two_version_tags_is_one_release_the_highest() {
        let tags = [tag("v0.313.2", 1), tag("v3.13.2", 1), tag("v3.12.9", 2), tag("astro@4.1.0", 1)];
        let mut kept: Vec<String> = one_per_version(tags.iter()).into_iter().collect();
        kept.sort();
        assert_eq!(kept, ["astro@4.1.0", "v3.12.9", "v3.13.2"]);
        assert_eq!(version_of("v3.13.2"), Some(vec![3, 13, 2]));
        assert_eq!(version_of("3.10"), Some(vec![3, 10]));
        assert_eq!(version_of("v1"), None);
        assert_eq!(version_of("v1.2.0-rc1"), None);
    }
}
