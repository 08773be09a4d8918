//! Releases: the tags on a window's commits (those made on the repository's
//! other branches are `side`'s).
//!
//! Cost grows with the window. Only the tags that can point into it are
//! read (`tagged`).

use std::collections::HashSet;

use git2::{Oid, Repository};

use chrono::{DateTime, FixedOffset};

use super::references::References;
use super::{HistoryError, OidMap, Span, Tag};

/// Dates out of order by up to this much are still walked past.
pub(super) const SLACK: i64 = 24 * 3600;

/// Tags that point at a commit of a span: the releases of each window.
/// With the windows' `bounds` (as for [`super::side::of_spans`]), a tag on a commit
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
pub(super) fn one_per_version<'t>(tags: impl Iterator<Item = &'t Tag>) -> HashSet<String> {
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
pub(super) fn tagged(
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
