//! `git rev-list to ^base`, reading each commit object once.
//!
//! libgit2's revwalk parses every commit it passes and hands out only ids, so
//! reading a window through it inflated each commit twice (once in the walk,
//! once to read the message). This walk parses each commit once, newest first
//! by committer time, and stops as git does: when every commit still queued
//! is reachable from `base` and a few more steps (git's "slop", for clock
//! skew) have found nothing new.
//!
//! A commit libgit2 cannot parse (a date beyond its range, say) does not stop
//! the walk: its parents are read from the raw object, and the commit itself
//! is left out and counted, for the brief to say so.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use git2::{Oid, Repository};

use super::{HistoryError, OidMap, OidSet};

/// How many more commits to read once only hidden ones are queued: git's
/// `SLOP`, room for a commit dated before its parent.
const SLOP: usize = 5;

/// One commit as read from the object database.
pub(crate) enum Read<'r> {
    /// Parsed: everything the pipeline needs.
    Parsed(git2::Commit<'r>),
    /// Unparsable by libgit2; only its parents are known, from the raw object.
    Damaged { parents: Vec<Oid> },
}

impl Read<'_> {
    pub(crate) fn parents(&self, id: Oid, grafts: &OidSet) -> Vec<Oid> {
        if grafts.contains(&id) {
            return Vec::new();
        }
        match self {
            Read::Parsed(commit) => commit.parent_ids().collect(),
            Read::Damaged { parents } => parents.clone(),
        }
    }

    /// The committer time, or `fallback` (the child's) when it cannot be read.
    pub(crate) fn time(&self, fallback: i64) -> i64 {
        match self {
            Read::Parsed(commit) => commit.time().seconds(),
            Read::Damaged { .. } => fallback,
        }
    }
}

/// Commits `git replace` has replaced: the original's id, the replacement's.
pub(crate) type Replaced = OidMap<Oid>;

/// Reads commit `id` (its replacement's content when it is replaced, as git
/// shows it): parsed when libgit2 can, else its parent lines. A missing
/// object is an error (the caller decides what a missing parent means).
pub(crate) fn read<'r>(repo: &'r Repository, replaced: &Replaced, id: Oid) -> Result<Read<'r>, git2::Error> {
    let id = replaced.get(&id).copied().unwrap_or(id);
    match repo.find_commit(id) {
        Ok(commit) => Ok(Read::Parsed(commit)),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Err(e),
        Err(e) => {
            let odb = repo.odb()?;
            let object = odb.read(id).map_err(|_| e)?;
            if object.kind() != git2::ObjectType::Commit {
                return Err(git2::Error::from_str("the object is not a commit"));
            }
            Ok(Read::Damaged { parents: raw_parents(object.data()) })
        }
    }
}

/// The `parent` lines of a raw commit object's header.
fn raw_parents(data: &[u8]) -> Vec<Oid> {
    data.split(|&b| b == b'\n')
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.strip_prefix(b"parent "))
        .filter_map(|hex| std::str::from_utf8(hex).ok().and_then(|hex| Oid::from_str(hex.trim()).ok()))
        .collect()
}

/// What the walk knows of a commit; a parent gets flags before it is read,
/// as in git, where marking a commit's parents hidden marks them unread.
#[derive(Default)]
struct Node {
    /// Committer time and parents, once read.
    read: Option<(i64, Vec<Oid>)>,
    hidden: bool,
    /// Queued once (git's `SEEN`).
    seen: bool,
    /// Its parents have been queued (git's `ADDED`).
    added: bool,
    /// In the queue now.
    queued: bool,
}

/// A commit read before the walk (the first-parent chain): its time,
/// parents and record, which the walk takes instead of reading it again.
pub(crate) struct Known<T> {
    pub time: i64,
    pub parents: Vec<Oid>,
    /// `None` once taken by a walk, or when the commit could not be parsed.
    pub record: Option<T>,
    pub damaged: bool,
}

/// What a walk found: the commits reachable from `to` and not from `base`,
/// in the order they were read, and those that could not be parsed.
pub(crate) struct Walked<T> {
    pub commits: Vec<T>,
    pub damaged: Vec<Oid>,
}

/// The walk's state: git's `limit_list` over a date-ordered queue.
struct Walker<'a, 'r, T, F> {
    repo: &'r Repository,
    grafts: &'a OidSet,
    known: &'a mut OidMap<Known<T>>,
    replaced: &'a Replaced,
    keep: F,
    nodes: OidMap<Node>,
    /// Newest first; equal times leave in the order they came, as in git.
    queue: BinaryHeap<(i64, Reverse<u64>, Oid)>,
    pushed: u64,
    /// Queued commits not hidden.
    live: usize,
    kept: Vec<(Oid, T)>,
    damaged: Vec<Oid>,
}

impl<T, F: FnMut(Oid, &git2::Commit) -> Result<T, HistoryError>> Walker<'_, '_, T, F> {
    /// Reads `id` unless it has been read: its record is kept unless hidden.
    fn parse(&mut self, id: Oid, child_time: i64) -> Result<(), HistoryError> {
        if self.nodes.get(&id).is_some_and(|n| n.read.is_some()) {
            return Ok(());
        }
        if let Some(known) = self.known.get_mut(&id) {
            let node = self.nodes.entry(id).or_default();
            if !node.hidden {
                match known.record.take() {
                    Some(record) => self.kept.push((id, record)),
                    None if known.damaged => self.damaged.push(id),
                    None => {}
                }
            }
            node.read = Some((known.time, known.parents.clone()));
            return Ok(());
        }
        let read = read(self.repo, self.replaced, id)?;
        let time = read.time(child_time);
        let node = self.nodes.entry(id).or_default();
        match &read {
            Read::Parsed(commit) if !node.hidden => self.kept.push((id, (self.keep)(id, commit)?)),
            Read::Damaged { .. } if !node.hidden => self.damaged.push(id),
            _ => {}
        }
        let parents = read.parents(id, self.grafts);
        self.nodes.entry(id).or_default().read = Some((time, parents));
        Ok(())
    }

    /// Queues a read commit (git's `commit_list_insert_by_date`).
    fn push(&mut self, id: Oid) {
        let Some(node) = self.nodes.get_mut(&id) else { return };
        let Some((time, _)) = node.read else { return };
        node.seen = true;
        node.queued = true;
        self.live += usize::from(!node.hidden);
        self.pushed += 1;
        self.queue.push((time, Reverse(self.pushed), id));
    }

    /// git's `mark_parents_uninteresting`: hides the parents of `id` and,
    /// through commits already read, everything behind them.
    fn hide_parents(&mut self, id: Oid) {
        let mut stack: Vec<Oid> = self.parents(id);
        while let Some(id) = stack.pop() {
            let node = self.nodes.entry(id).or_default();
            if node.hidden {
                continue;
            }
            node.hidden = true;
            if node.queued {
                self.live -= 1;
            }
            stack.extend(self.parents(id));
        }
    }

    fn parents(&self, id: Oid) -> Vec<Oid> {
        self.nodes.get(&id).and_then(|n| n.read.as_ref()).map(|(_, p)| p.clone()).unwrap_or_default()
    }

    /// git's `process_parents`: reads and queues the unseen parents of a
    /// commit taken from the queue, hiding them when it is hidden.
    fn add_parents(&mut self, id: Oid) -> Result<(), HistoryError> {
        let node = self.nodes.entry(id).or_default();
        if node.added {
            return Ok(());
        }
        node.added = true;
        let hidden = node.hidden;
        let Some((time, parents)) = node.read.clone() else { return Ok(()) };
        for parent in parents {
            if hidden {
                let node = self.nodes.entry(parent).or_default();
                if !node.hidden {
                    node.hidden = true;
                    if node.queued {
                        self.live -= 1;
                    }
                }
            }
            match self.parse(parent, time) {
                Ok(()) => {}
                // Behind a hidden commit nothing is listed: a missing object
                // there (history a shallow clone does not have) changes nothing.
                Err(HistoryError::Git(e)) if hidden && e.code() == git2::ErrorCode::NotFound => continue,
                Err(e) => return Err(e),
            }
            if hidden {
                self.hide_parents(parent);
            }
            if !self.nodes[&parent].seen {
                self.push(parent);
            }
        }
        Ok(())
    }
}

/// Walks `to ^base`; `keep` turns each parsed commit that is not (yet) known
/// to be hidden into the caller's record. A parent that is absent ends the
/// walk there when its child is a shallow-clone boundary, and is an error
/// (a damaged repository) otherwise.
pub(crate) fn walk<T>(
    repo: &Repository,
    to: Oid,
    base: Option<Oid>,
    grafts: &OidSet,
    known: &mut OidMap<Known<T>>,
    replaced: &Replaced,
    keep: impl FnMut(Oid, &git2::Commit) -> Result<T, HistoryError>,
) -> Result<Walked<T>, HistoryError> {
    let mut w = Walker {
        repo,
        grafts,
        known,
        replaced,
        keep,
        nodes: OidMap::default(),
        queue: BinaryHeap::new(),
        pushed: 0,
        live: 0,
        kept: Vec::new(),
        damaged: Vec::new(),
    };
    // As `git rev-list base..to` starts: `base` hidden, with its parents.
    if let Some(base) = base {
        w.nodes.entry(base).or_default().hidden = true;
        w.parse(base, i64::MAX)?;
        w.hide_parents(base);
        w.push(base);
    }
    w.parse(to, i64::MAX)?;
    if !w.nodes[&to].seen {
        w.push(to);
    }
    // git's `limit_list`: after each hidden commit, go on while the newest
    // queued commit is no older than the last listed one or anything queued
    // is still listed; then a few more (git's slop, for clock skew).
    let mut slop = SLOP;
    let mut listed = i64::MAX;
    while let Some((time, _, id)) = w.queue.pop() {
        let node = w.nodes.entry(id).or_default();
        node.queued = false;
        if !node.hidden {
            w.live -= 1;
        }
        w.add_parents(id)?;
        if !w.nodes[&id].hidden {
            listed = time;
            continue;
        }
        w.hide_parents(id);
        let newest = w.queue.peek().map(|&(time, _, _)| time);
        slop = match newest {
            None => 0,
            Some(newest) if listed <= newest || w.live > 0 => SLOP,
            Some(_) => slop - 1,
        };
        if slop == 0 {
            break;
        }
    }
    let shown = |id: &Oid| w.nodes.get(id).is_some_and(|n| !n.hidden);
    let mut commits = Vec::with_capacity(w.kept.len());
    for (id, record) in w.kept {
        if shown(&id) {
            commits.push(record);
        } else if let Some(known) = w.known.get_mut(&id) {
            // Hidden after all: another walk (the window before) may list it.
            known.record = Some(record);
        }
    }
    let damaged = w.damaged.into_iter().filter(|id| shown(id)).collect();
    Ok(Walked { commits, damaged })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A history of topic branches merged onto a main line, with some
    /// commits dated before their parents (clock skew), from a fixed seed.
    fn tangled(seed: u64) -> (tempfile::TempDir, Repository, Vec<Oid>) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let mut ids = Vec::new();
        {
            let tree = repo.find_tree(repo.index().unwrap().write_tree().unwrap()).unwrap();
            let mut state = seed;
            let mut next = move |n: u64| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (state >> 33) % n
            };
            let mut time = 1_700_000_000i64;
            let mut main: Option<Oid> = None;
            for n in 0..120 {
                time += 3600;
                // Now and then a commit dated a day before its parent.
                let skew = if next(7) == 0 { -86_400 } else { 0 };
                let sig = git2::Signature::new("A", "a@x", &git2::Time::new(time + skew, 0)).unwrap();
                let mut parents: Vec<Oid> = main.into_iter().collect();
                if n > 10 && next(4) == 0 {
                    // Merge a side branch forked from an older commit.
                    let fork = ids[next(ids.len() as u64) as usize];
                    let mut side = fork;
                    for k in 0..=next(4) {
                        let parent = repo.find_commit(side).unwrap();
                        side = repo
                            .commit(None, &sig, &sig, &format!("side {n}.{k}"), &tree, &[&parent])
                            .unwrap();
                        ids.push(side);
                    }
                    parents.push(side);
                }
                let parents: Vec<git2::Commit> =
                    parents.iter().map(|&p| repo.find_commit(p).unwrap()).collect();
                let parents: Vec<&git2::Commit> = parents.iter().collect();
                let id = repo.commit(None, &sig, &sig, &format!("main {n}"), &tree, &parents).unwrap();
                main = Some(id);
                ids.push(id);
            }
        }
        (dir, repo, ids)
    }

    #[test]
    fn walks_what_git_rev_list_lists() {
        for seed in 1..=10 {
            let (dir, repo, ids) = tangled(seed);
            for (to, base) in
                [(ids.len() - 1, ids.len() / 2), (ids.len() - 1, 5), (ids.len() / 2, ids.len() - 1)]
            {
                let (to, base) = (ids[to], ids[base]);
                let walked = walk(
                    &repo,
                    to,
                    Some(base),
                    &OidSet::default(),
                    &mut OidMap::default(),
                    &OidMap::default(),
                    |id, _| Ok(id),
                )
                .unwrap();
                let mut ours: Vec<String> = walked.commits.iter().map(Oid::to_string).collect();
                let out = std::process::Command::new("git")
                    .args(["rev-list", &to.to_string(), &format!("^{base}")])
                    .current_dir(dir.path())
                    .output()
                    .unwrap();
                let mut git: Vec<String> =
                    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect();
                ours.sort();
                git.sort();
                assert_eq!(ours, git, "seed {seed}: {to}..{base}");
            }
        }
    }

    #[test]
    fn raw_parents_reads_the_header_only() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let raw = format!("tree {a}\nparent {a}\nparent {b}\nauthor x\n\nparent {b}\n");
        assert_eq!(raw_parents(raw.as_bytes()), vec![Oid::from_str(&a).unwrap(), Oid::from_str(&b).unwrap()]);
    }
}
