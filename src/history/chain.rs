//! The window walk: the first-parent chain from the tip, read once and only
//! as far as the oldest bound of the windows, which turns each time window
//! into the ref range `A..B` of the work that landed in it.

use std::collections::{HashMap, HashSet};

use git2::{Oid, Repository};

use super::{walk, Commit, HistoryError};

/// The first-parent chain from the tip, as far as the oldest bound.
pub(super) struct Chain {
    /// First-parent commits, newest first, with their committer times.
    pub(super) ids: Vec<(Oid, i64)>,
    /// For each bound (newest first), the index in `ids` of the newest
    /// commit strictly older than it; `ids.len()` when the chain ended first.
    pub(super) ends: Vec<usize>,
    /// The chain ended at a commit whose parent is missing (a shallow clone)
    /// before every bound was passed.
    pub(super) cut_short: bool,
    /// The chain's commits as read, for the walks not to read them again.
    pub(super) known: HashMap<Oid, walk::Known<Commit>>,
}

/// Walks the first-parent chain from `tip` once and, for each bound (newest
/// first), finds the newest first-parent commit whose committer time is
/// strictly before it. Stops as soon as the oldest bound is passed.
pub(super) fn first_parents(
    repo: &Repository,
    tip: Oid,
    bounds: &[i64],
    grafts: &HashSet<Oid>,
    replaced: &walk::Replaced,
    mut keep: impl FnMut(Oid, &git2::Commit) -> Result<Commit, HistoryError>,
) -> Result<Chain, HistoryError> {
    let mut chain = Chain {
        ids: Vec::new(),
        ends: Vec::with_capacity(bounds.len()),
        cut_short: false,
        known: HashMap::new(),
    };
    let mut id = tip;
    // A tip whose date cannot be read landed last: just inside the newest bound.
    let mut newer = bounds.first().map_or(i64::MAX, |until| until - 1);
    let mut commit = walk::read(repo, replaced, id)?;
    loop {
        // A commit whose date cannot be read sits where its child does.
        let time = commit.time(newer);
        newer = time;
        while chain.ends.len() < bounds.len() && time < bounds[chain.ends.len()] {
            chain.ends.push(chain.ids.len());
        }
        chain.ids.push((id, time));
        let parents = commit.parents(id, grafts);
        let record = match &commit {
            walk::Read::Parsed(parsed) => Some(keep(id, parsed)?),
            walk::Read::Damaged { .. } => None,
        };
        let damaged = record.is_none();
        chain.known.insert(id, walk::Known { time, parents: parents.clone(), record, damaged });
        if chain.ends.len() == bounds.len() {
            return Ok(chain);
        }
        let parent = match parents.first() {
            Some(&parent) => Some((parent, walk::read(repo, replaced, parent)?)),
            None => None,
        };
        match parent {
            Some((parent, read)) => (id, commit) = (parent, read),
            None => {
                chain.cut_short = grafts.contains(&id);
                while chain.ends.len() < bounds.len() {
                    chain.ends.push(chain.ids.len());
                }
                return Ok(chain);
            }
        }
    }
}
