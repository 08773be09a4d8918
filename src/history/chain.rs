//! The window walk: the first-parent chain from the tip, read once and only
//! as far as the oldest bound of the windows, which turns each time window
//! into the ref range `A..B` of the work that landed in it.

use git2::{Oid, Repository};

use super::{walk, Commit, HistoryError, OidMap, OidSet};

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
    pub(super) known: OidMap<walk::Known<Commit>>,
}

/// Neighbours on each side whose dates place a first-parent commit.
const NEIGHBOURS: usize = 4;

/// Walks the first-parent chain from `tip` once and, for each bound (newest
/// first), finds the newest first-parent commit that landed strictly before
/// it. Stops as soon as the oldest bound is passed.
///
/// A commit's landing time is its committer time held between those of its
/// [`NEIGHBOURS`] on each side along the chain (see [`land`]): with dates in
/// order that is its own time, but a commit rebased or published with its
/// old date (one dated 2022 between commits of 2025, as mirrored
/// repositories have) neither ends the walk nor leaves its window.
pub(super) fn first_parents(
    repo: &Repository,
    tip: Oid,
    bounds: &[i64],
    grafts: &OidSet,
    replaced: &walk::Replaced,
    mut keep: impl FnMut(Oid, &git2::Commit) -> Result<Commit, HistoryError>,
) -> Result<Chain, HistoryError> {
    let mut chain = Chain {
        ids: Vec::new(),
        ends: Vec::with_capacity(bounds.len()),
        cut_short: false,
        known: OidMap::default(),
    };
    // The committer times as read; `chain.ids` gets each landing time once
    // the neighbours after it are read.
    let mut times: Vec<i64> = Vec::new();
    let mut id = tip;
    // A tip whose date cannot be read landed last: just inside the newest bound.
    let mut newer = bounds.first().map_or(i64::MAX, |until| until - 1);
    let mut commit = walk::read(repo, replaced, id)?;
    loop {
        // A commit whose date cannot be read sits where its child does.
        let time = commit.time(newer);
        newer = time;
        times.push(time);
        chain.ids.push((id, time));
        let parents = commit.parents(id, grafts);
        let record = match &commit {
            walk::Read::Parsed(parsed) => Some(keep(id, parsed)?),
            walk::Read::Damaged { .. } => None,
        };
        let damaged = record.is_none();
        chain.known.insert(id, walk::Known { time, parents: parents.clone(), record, damaged });
        if let Some(placed) = times.len().checked_sub(NEIGHBOURS + 1) {
            land(&mut chain, &times, placed, bounds);
            if chain.ends.len() == bounds.len() {
                return Ok(chain);
            }
        }
        let parent = match parents.first() {
            Some(&parent) => Some((parent, walk::read(repo, replaced, parent)?)),
            None => None,
        };
        match parent {
            Some((parent, read)) => (id, commit) = (parent, read),
            None => {
                chain.cut_short = grafts.contains(&id);
                let first = times.len().saturating_sub(NEIGHBOURS);
                for placed in first..times.len() {
                    if chain.ends.len() < bounds.len() {
                        land(&mut chain, &times, placed, bounds);
                    }
                }
                while chain.ends.len() < bounds.len() {
                    chain.ends.push(chain.ids.len());
                }
                return Ok(chain);
            }
        }
    }
}

/// Places commit `i` of the chain: its landing time, and the bounds it is
/// the first commit older than. A commit lands no earlier than the commits
/// before it on the branch and no later than those after it: its committer
/// time, held between the median of its [`NEIGHBOURS`] on each side (the
/// newer ones as they landed). Dates
/// in order are left as they are; only a date out of step with both sides
/// moves.
fn land(chain: &mut Chain, times: &[i64], i: usize, bounds: &[i64]) {
    // At most NEIGHBOURS times, sorted in place: once per first-parent
    // commit, so no allocation.
    let median = |side: &mut dyn Iterator<Item = i64>, upper: bool| {
        let mut buffer = [0i64; NEIGHBOURS];
        let mut n = 0;
        for (slot, time) in buffer.iter_mut().zip(side) {
            *slot = time;
            n += 1;
        }
        let side = &mut buffer[..n];
        side.sort_unstable();
        side.get(if upper { n / 2 } else { (n.max(1) - 1) / 2 }).copied()
    };
    // The newer side as it landed: two old dates in a row move no commit after them.
    let newer = median(&mut chain.ids[i.saturating_sub(NEIGHBOURS)..i].iter().map(|&(_, t)| t), false)
        .unwrap_or(i64::MAX);
    let older = median(&mut times[i + 1..times.len().min(i + 1 + NEIGHBOURS)].iter().copied(), true)
        .unwrap_or(i64::MIN);
    let landed = times[i].max(older).min(newer);
    chain.ids[i].1 = landed;
    while chain.ends.len() < bounds.len() && landed < bounds[chain.ends.len()] {
        chain.ends.push(i);
    }
}
