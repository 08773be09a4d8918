//! `--path`: the brief of one part of a monorepo. The windows stay what
//! landed on the branch; only the commits are filtered, with git's pathspec
//! meaning and its default history simplification, so that a window's
//! commits are exactly `git rev-list --no-merges A..B -- PATHS`.

use std::collections::{HashMap, HashSet};

use git2::{DiffOptions, Oid, Repository, Tree};

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
            let path = path.trim_start_matches("./").trim_end_matches('/');
            if path.split('/').any(|part| part == "..") || path.starts_with('/') {
                return Err(bad("it must be relative to the repository's root, without .."));
            }
            if path.chars().any(char::is_control) {
                return Err(bad("it holds a control character"));
            }
            match (exclude, path.is_empty()) {
                (true, true) => return Err(bad("it excludes nothing")),
                (true, false) => specs.push(format!("!{path}")),
                // The whole tree: no filter from this one.
                (false, true) => specs.push("*".to_string()),
                (false, false) => specs.push(path.to_string()),
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

    fn options(&self) -> DiffOptions {
        let mut options = DiffOptions::new();
        for spec in &self.specs {
            options.pathspec(spec);
        }
        options
    }
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
    let mut options = spec.options();
    let tree = |id: Oid| -> Option<Tree<'_>> {
        let id = replaced.get(&id).copied().unwrap_or(id);
        repo.find_commit(id).ok()?.tree().ok()
    };
    let mut changes = |old: Option<&Tree>, new: Option<&Tree>| -> Result<bool, HistoryError> {
        let diff = repo.diff_tree_to_tree(old, new, Some(&mut options))?;
        Ok(diff.deltas().len() > 0)
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
        assert!(parse(&[]).unwrap().is_none());
        for bad in ["../other", "/etc", ":(icase)API", ":!"] {
            assert!(parse(&[bad]).is_err(), "{bad}");
        }
    }
}
