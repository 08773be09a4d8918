//! Grouping commits into units of work: the pull requests, merged topic branches
//! and single commits a stakeholder thinks in.
//!
//! The first-parent chain of a window is its landings. A landing that is a merge
//! of a pull request (GitHub's merge button, a GitLab merge request, Bitbucket,
//! Azure, bors) or of a topic branch is one unit with every commit it brought in;
//! a sync or integration merge (`Merge branch 'main' of …`, a release branch) is no
//! unit itself, and what it brought in is grouped the same way along its own
//! first-parent chain. A commit that landed alone is a unit, a pull request when
//! its subject ends in a squash suffix `(#12)`. Units that name the same pull
//! request are one.

pub mod merge;

use std::collections::HashMap;

use git2::Oid;
use serde::{Deserialize, Serialize};

use crate::history::{landings, Commit, OidMap, OidSet};
use crate::refs::RefReader;
pub use merge::{Merge, MergeKind};

/// What a unit of work is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    PullRequest,
    Branch,
    Commit,
}

/// Commits that were one piece of work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub kind: UnitKind,
    /// `#12`, or `!12` for a merge request.
    pub number: Option<String>,
    /// The pull request's title or the topic's summary, as written; `None` when
    /// the unit's text is to come from its commits.
    pub title: Option<String>,
    /// The merge message after the title, for references.
    pub body: Option<String>,
    /// The merged branch.
    pub branch: Option<String>,
    /// The merge commit, for a merged unit.
    pub merge: Option<Oid>,
    /// The unit's non-merge commits, in the order of the span (newest first).
    pub commits: Vec<Oid>,
}

/// The units of a span: `commits` (non-merge, newest first) and `merges`.
/// Every commit of `commits` is in exactly one unit; units are newest first.
/// `refs` says what a squash suffix names on the repository's forge.
pub fn group(commits: &[Commit], merges: &[Commit], refs: &RefReader) -> Vec<Unit> {
    let parents: OidMap<&[Oid]> =
        commits.iter().chain(merges).map(|c| (c.id, c.parent_ids.as_slice())).collect();
    let by_id: OidMap<&Commit> = commits.iter().chain(merges).map(|c| (c.id, c)).collect();
    let order: OidMap<usize> = commits.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let children: OidSet = parents.values().flat_map(|p| p.iter()).copied().collect();
    // The heads: commits no other commit of the span descends from (one, for A..B).
    let mut heads: Vec<&Commit> =
        commits.iter().chain(merges).filter(|c| !children.contains(&c.id)).collect();
    heads.sort_by_key(|c| std::cmp::Reverse((c.landed, c.time)));
    let mut grouping =
        Grouping { parents: &parents, by_id: &by_id, refs, claimed: OidSet::default(), units: Vec::new() };
    for head in heads {
        grouping.decompose(head.id);
    }
    let mut units = grouping.units;
    for unit in &mut units {
        unit.commits.sort_by_key(|id| order.get(id).copied().unwrap_or(usize::MAX));
    }
    units.retain(|u| !u.commits.is_empty());
    units.sort_by_key(|u| u.commits.first().and_then(|id| order.get(id)).copied().unwrap_or(usize::MAX));
    // A revert or a reapply cites the number of the work it undoes or redoes.
    let undoes = |unit: &Unit| {
        unit.commits.iter().filter_map(|id| by_id.get(id)).any(|c| {
            let subject = c.subject().trim_start().to_ascii_lowercase();
            subject.starts_with("revert") || subject.starts_with("reapply")
        })
    };
    fold_same_number(units, undoes)
}

struct Grouping<'a> {
    parents: &'a OidMap<&'a [Oid]>,
    by_id: &'a OidMap<&'a Commit>,
    refs: &'a RefReader,
    claimed: OidSet,
    units: Vec<Unit>,
}

impl Grouping<'_> {
    fn decompose(&mut self, head: Oid) {
        // A published mirror's flattened merge (kubectl's "Merge pull request
        // #N" with one parent) names the pull request of the commits under
        // it, up to the next such marker.
        let mut flattened: Option<Unit> = None;
        for (landing, brought) in landings(head, self.parents, &mut self.claimed) {
            let Some(commit) = self.by_id.get(&landing).copied() else { continue };
            if !commit.is_merge() {
                if let Some(marker) = self.flattened_merge(commit) {
                    self.units.extend(flattened.replace(marker));
                    continue;
                }
                let unit = single(commit, self.refs);
                match flattened.as_mut() {
                    Some(open) if unit.number.is_none() => open.commits.push(commit.id),
                    _ => {
                        self.units.extend(flattened.take());
                        self.units.push(unit);
                    }
                }
                continue;
            }
            self.units.extend(flattened.take());
            let merge = merge::read(&commit.message);
            let nested_pull_request = brought.iter().any(|id| {
                *id != landing
                    && self.by_id.get(id).is_some_and(|c| {
                        c.is_merge() && merge::read(&c.message).kind == MergeKind::PullRequest
                    })
            });
            let octopus = commit.parent_ids.len() > 2;
            match merge.kind {
                MergeKind::PullRequest => {
                    self.units.push(self.unit(UnitKind::PullRequest, merge, commit, &brought))
                }
                MergeKind::Topic if octopus && !nested_pull_request => {
                    // Each branch of an octopus merge is a topic of its own.
                    for id in brought.iter().filter(|id| **id != landing) {
                        self.claimed.remove(id);
                    }
                    for &parent in commit.parent_ids.iter().skip(1) {
                        let branch = self.claim_from(parent);
                        let topic = Merge {
                            kind: MergeKind::Topic,
                            number: None,
                            branch: None,
                            title: None,
                            body: None,
                        };
                        self.units.push(self.unit(UnitKind::Branch, topic, commit, &branch));
                    }
                }
                MergeKind::Topic if !nested_pull_request => {
                    self.units.push(self.unit(UnitKind::Branch, merge, commit, &brought))
                }
                _ => {
                    // No unit itself: its work is told along its own chains.
                    for id in brought.iter().filter(|id| **id != landing) {
                        self.claimed.remove(id);
                    }
                    for &parent in commit.parent_ids.iter().skip(1) {
                        self.decompose(parent);
                    }
                }
            }
        }
        self.units.extend(flattened.take());
    }

    /// The pull request a single-parent commit stands for when it reads as
    /// a pull request's merge: a mirror flattened it, with its own change
    /// (the publisher's sync of versions) at most.
    fn flattened_merge(&self, commit: &Commit) -> Option<Unit> {
        let [_] = commit.parent_ids.as_slice() else { return None };
        let merge = merge::read(&commit.message);
        (merge.kind == MergeKind::PullRequest).then(|| Unit {
            kind: UnitKind::PullRequest,
            number: merge.number,
            title: merge.title,
            body: merge.body,
            branch: merge.branch,
            merge: None,
            commits: vec![commit.id],
        })
    }

    /// Claims everything reachable from `head` that is not claimed yet.
    fn claim_from(&mut self, head: Oid) -> Vec<Oid> {
        let mut brought = Vec::new();
        let mut stack = vec![head];
        while let Some(id) = stack.pop() {
            let Some(next) = self.parents.get(&id) else { continue };
            if self.claimed.insert(id) {
                brought.push(id);
                stack.extend(next.iter().copied());
            }
        }
        brought
    }

    fn unit(&self, kind: UnitKind, merge: Merge, commit: &Commit, brought: &[Oid]) -> Unit {
        let commits =
            brought.iter().filter(|id| self.by_id.get(id).is_some_and(|c| !c.is_merge())).copied().collect();
        Unit {
            kind,
            number: merge.number,
            title: merge.title,
            body: merge.body,
            branch: merge.branch,
            merge: Some(commit.id),
            commits,
        }
    }
}

/// A commit that landed alone: a pull request when a squash suffix names one.
/// A revert's suffix names the work it reverts (`revert: x (#12)`), unless it
/// follows the quoted subject of a squash-merged revert (`Revert "x" (#14)`).
fn single(commit: &Commit, refs: &RefReader) -> Unit {
    let title = commit.title();
    let subject = title.as_str();
    let revert = subject.trim_start().to_ascii_lowercase().starts_with("revert");
    let number = refs
        .squash_suffix(subject)
        .filter(|(_, start)| !revert || subject[..*start].trim_end().ends_with('"'))
        .map(|(number, _)| number);
    Unit {
        kind: if number.is_some() { UnitKind::PullRequest } else { UnitKind::Commit },
        number,
        title: None,
        body: None,
        branch: None,
        merge: None,
        commits: vec![commit.id],
    }
}

/// Two units that name the same pull request (a squash commit and a backport of
/// it, a merge and a changelog commit citing it) are one, at the place of the
/// first; a unit that `undoes` work keeps to itself.
fn fold_same_number(units: Vec<Unit>, undoes: impl Fn(&Unit) -> bool) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut by_number: HashMap<String, usize> = HashMap::new();
    for unit in units {
        if undoes(&unit) {
            out.push(unit);
            continue;
        }
        match unit.number.as_ref().and_then(|n| by_number.get(n)).copied() {
            Some(i) => {
                let kept = &mut out[i];
                kept.commits.extend(unit.commits);
                if kept.title.is_none() {
                    kept.title = unit.title;
                }
                if kept.merge.is_none() {
                    kept.merge = unit.merge;
                    kept.branch = unit.branch;
                }
            }
            None => {
                if let Some(number) = &unit.number {
                    by_number.insert(number.clone(), out.len());
                }
                out.push(unit);
            }
        }
    }
    out
}
