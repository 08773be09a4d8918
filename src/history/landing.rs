//! Landing: which first-parent commit brought each commit onto the branch
//! (itself, or the merge that brought its branch in).

use chrono::DateTime;
use git2::Oid;

use super::{Commit, OidMap, OidSet};

/// Sets each commit's landing (and, where `time` knows the landing, when it
/// landed) from the first-parent chain that starts at `head`.
pub(super) fn attribute(head: Oid, commits: &mut [Commit], time: impl Fn(Oid) -> Option<i64>) {
    let parents: OidMap<&[Oid]> = commits.iter().map(|c| (c.id, c.parent_ids.as_slice())).collect();
    let links = landings(head, &parents, &mut OidSet::default());
    let index: OidMap<usize> = commits.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    for (landing, brought) in links {
        let landed = time(landing).and_then(|t| DateTime::from_timestamp(t, 0));
        for id in brought {
            if let Some(commit) = index.get(&id).and_then(|&i| commits.get_mut(i)) {
                commit.landing = landing;
                if let Some(landed) = landed {
                    commit.landed = landed.with_timezone(commit.time.offset());
                }
            }
        }
    }
}

/// The first-parent chain from `head` through `parents` (the commits of a
/// span and their parents' ids), newest first, each link with the commits
/// it brought in: itself, and for a merge what is reachable from it and not
/// from its first parent. Commits in `claimed` are taken already and are
/// claimed as they are handed out, so the lists never overlap; together they
/// hold every commit reachable from `head` among `parents`. Linear in the
/// number of commits: each is visited once.
pub fn landings(head: Oid, parents: &OidMap<&[Oid]>, claimed: &mut OidSet) -> Vec<(Oid, Vec<Oid>)> {
    let mut chain = Vec::new();
    let mut at = Some(head);
    while let Some(id) = at.filter(|id| parents.contains_key(id) && !claimed.contains(id)) {
        chain.push(id);
        at = parents.get(&id).and_then(|p| p.first().copied());
    }
    let mut out = Vec::with_capacity(chain.len());
    for &landing in chain.iter().rev() {
        let mut brought = Vec::new();
        let mut stack = vec![landing];
        while let Some(id) = stack.pop() {
            let Some(next) = parents.get(&id) else { continue };
            if claimed.insert(id) {
                brought.push(id);
                stack.extend(next.iter().rev().copied());
            }
        }
        out.push((landing, brought));
    }
    out.reverse();
    out
}
