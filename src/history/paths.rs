//! `--path`: the brief of one part of a monorepo. The windows stay what
//! landed on the branch; only the commits are filtered, with git's pathspec
//! meaning and its default history simplification, so that a window's
//! commits are exactly `git rev-list --no-merges A..B -- PATHS`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::{Oid, Repository, Tree};

use super::{walk, Commit, HistoryError, Span};

/// Pathspecs as libgit2 reads them: `services/api`, `*.md`, and `!docs` for
/// git's `:(exclude)docs`, `:!docs` and `:^docs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pathspec {
    specs: Vec<String>,
}

impl Pathspec {
    /// Reads git pathspecs; `None` for none. Relative to the repository's root.
    pub fn parse(raw: &[String]) -> Result<Option<Pathspec>, HistoryError> {
        if raw.is_empty() {
            return Ok(None);
        }
        let mut specs = Vec::new();
        for spec in raw {
            let bad = |why: &str| HistoryError::BadPath { spec: spec.clone(), why: why.to_string() };
            let (exclude, path) = if let Some(rest) = spec.strip_prefix(":(exclude)") {
                (true, rest)
            } else if let Some(rest) = spec.strip_prefix(":!").or_else(|| spec.strip_prefix(":^")) {
                (true, rest)
            } else if let Some(rest) = spec.strip_prefix(":/").or_else(|| spec.strip_prefix(":(top)")) {
                (false, rest)
            } else if spec.starts_with(":(") {
                return Err(bad("only the exclude and top magic words are understood"));
            } else {
                (false, spec.as_str())
            };
            if path.split('/').any(|part| part == "..") || path.starts_with('/') {
                return Err(bad("it must be relative to the repository's root, without .."));
            }
            // As git reads it: `.` is the whole tree, and `a/./b`, `a//b`
            // and `dir/.` are `a/b` and `dir`.
            let path = normal(path);
            if path.chars().any(char::is_control) {
                return Err(bad("it holds a control character"));
            }
            match (exclude, path.is_empty()) {
                (true, true) => return Err(bad("it excludes nothing")),
                (true, false) => specs.push(format!("!{path}")),
                // The whole tree: no filter from this one.
                (false, true) => specs.push("*".to_string()),
                (false, false) => specs.push(path),
            }
        }
        // libgit2 takes the first pattern that matches a path, where git
        // lets an exclusion win wherever it is written: exclusions first.
        specs.sort_by_key(|s| !s.starts_with('!'));
        // Only exclusions mean everything else, as in git.
        if specs.iter().all(|s| s.starts_with('!')) {
            specs.push("*".to_string());
        }
        Ok(Some(Pathspec { specs }))
    }

    /// The paths, when every spec is a plain path (no glob, no exclusion):
    /// then a commit changes them exactly when the tree or blob at one of
    /// them differs from its parent's, found without a diff.
    fn plain(&self) -> Option<Vec<&Path>> {
        let plain = |s: &String| !s.starts_with('!') && !s.contains(['*', '?', '[', '\\']);
        self.specs.iter().all(plain).then(|| self.specs.iter().map(Path::new).collect())
    }

    fn matcher(&self) -> Result<git2::Pathspec, HistoryError> {
        Ok(git2::Pathspec::new(self.specs.iter())?)
    }
}

/// A path without its empty and `.` parts: the spelling the trees use.
fn normal(path: &str) -> String {
    path.split('/').filter(|part| !part.is_empty() && *part != ".").collect::<Vec<_>>().join("/")
}

/// Whether a file under the paths differs between two trees: only the
/// subtrees whose ids differ are opened, so the cost is that of what the
/// commit changed, and the first match ends the search.
fn differs(
    repo: &Repository,
    old: Option<&Tree>,
    new: Option<&Tree>,
    prefix: &str,
    matcher: &git2::Pathspec,
) -> Result<bool, HistoryError> {
    let entries = |tree: Option<&Tree>| -> HashMap<Vec<u8>, (Oid, bool)> {
        tree.map(|t| {
            t.iter()
                .map(|e| (e.name_bytes().to_vec(), (e.id(), e.kind() == Some(git2::ObjectType::Tree))))
                .collect()
        })
        .unwrap_or_default()
    };
    let (before, after) = (entries(old), entries(new));
    let mut names: Vec<&Vec<u8>> = before.keys().chain(after.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let (was, is) = (before.get(name), after.get(name));
        if was.map(|e| e.0) == is.map(|e| e.0) {
            continue;
        }
        let path = format!("{prefix}{}", String::from_utf8_lossy(name));
        let subtree = |entry: Option<&(Oid, bool)>| -> Option<Tree<'_>> {
            entry.filter(|e| e.1).and_then(|e| repo.find_tree(e.0).ok())
        };
        let (old_tree, new_tree) = (subtree(was), subtree(is));
        if (old_tree.is_some() || new_tree.is_some())
            && differs(repo, old_tree.as_ref(), new_tree.as_ref(), &format!("{path}/"), matcher)?
        {
            return Ok(true);
        }
        // A file on either side (a file may have become a directory).
        let file = was.is_some_and(|e| !e.1) || is.is_some_and(|e| !e.1);
        if file && matcher.matches_path(Path::new(&path), git2::PathspecFlags::DEFAULT) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The commits of `span` that the brief of `spec` leaves out: those git's
/// default simplification would not show (`rev-list --no-merges` with the
/// paths), read from the span's heads down. A merge that changes nothing
/// under the paths against one of its parents in the span is followed
/// through that parent only; a non-merge commit is kept when it changes
/// something under the paths. Only the span's commits are compared.
pub(super) fn outside(
    repo: &Repository,
    span: &Span,
    spec: &Pathspec,
    replaced: &walk::Replaced,
) -> Result<HashSet<Oid>, HistoryError> {
    let by_id: HashMap<Oid, &Commit> = span.commits.iter().chain(&span.merges).map(|c| (c.id, c)).collect();
    let children: HashSet<Oid> = by_id.values().flat_map(|c| c.parent_ids.iter().copied()).collect();
    let mut heads: Vec<&Commit> = by_id.values().copied().filter(|c| !children.contains(&c.id)).collect();
    heads.sort_by_key(|c| (c.landed, c.time));
    let matcher = spec.matcher()?;
    let plain = spec.plain();
    let tree = |id: Oid| -> Option<Tree<'_>> {
        let id = replaced.get(&id).copied().unwrap_or(id);
        repo.find_commit(id).ok()?.tree().ok()
    };
    let changes = |old: Option<&Tree>, new: Option<&Tree>| -> Result<bool, HistoryError> {
        if let Some(paths) = &plain {
            // The object at each path, or none: a directory's tree id
            // changes exactly when something under it does.
            let at =
                |tree: Option<&Tree>, path: &Path| tree.and_then(|t| t.get_path(path).ok()).map(|e| e.id());
            return Ok(paths.iter().any(|path| at(old, path) != at(new, path)));
        }
        differs(repo, old, new, "", &matcher)
    };
    let mut kept = HashSet::new();
    let mut seen = HashSet::new();
    let mut stack: Vec<Oid> = heads.iter().map(|c| c.id).collect();
    while let Some(id) = stack.pop() {
        let Some(commit) = by_id.get(&id).copied().filter(|_| seen.insert(id)) else { continue };
        let own = tree(id);
        if commit.parent_ids.len() > 1 {
            let mut same = None;
            for &parent in commit.parent_ids.iter().filter(|p| by_id.contains_key(p)) {
                if !changes(tree(parent).as_ref(), own.as_ref())? {
                    same = Some(parent);
                    break;
                }
            }
            match same {
                Some(parent) => stack.push(parent),
                None => stack.extend(commit.parent_ids.iter().rev()),
            }
        } else {
            // A parent whose tree cannot be read (a shallow boundary) is
            // taken as changing everything, as git compares with nothing.
            let parent = commit.parent_ids.first().and_then(|&p| tree(p));
            if changes(parent.as_ref(), own.as_ref())? {
                kept.insert(id);
            }
            stack.extend(commit.parent_ids.iter().copied());
        }
    }
    Ok(span.commits.iter().map(|c| c.id).filter(|id| !kept.contains(id)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &[&str]) -> Result<Option<Pathspec>, HistoryError> {
        Pathspec::parse(&raw.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn git_pathspecs_become_libgit2_ones() {
        let specs = |raw: &[&str]| parse(raw).unwrap().unwrap().specs;
        assert_eq!(specs(&["services/api/", "./docs"]), ["services/api", "docs"]);
        assert_eq!(
            specs(&["services", ":(exclude)services/legacy", ":!*.md"]),
            ["!services/legacy", "!*.md", "services"]
        );
        assert_eq!(specs(&[":^vendor"]), ["!vendor", "*"]);
        assert_eq!(
            specs(&["services/./api", "services//web", "docs/.", ":!a/./b/"]),
            ["!a/b", "services/api", "services/web", "docs"]
        );
        assert_eq!(specs(&["."]), ["*"]);
        assert!(parse(&[]).unwrap().is_none());
        for bad in ["../other", "/etc", ":(icase)API", ":!"] {
            assert!(parse(&[bad]).is_err(), "{bad}");
        }
    }
}
