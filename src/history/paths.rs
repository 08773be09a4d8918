//! `--path`: the brief of one part of a monorepo. The windows stay what
//! landed on the branch; only the commits are filtered, with git's pathspec
//! meaning and its default history simplification, so that a window's
//! commits are exactly `git rev-list --no-merges A..B -- PATHS`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::{Oid, Repository, Tree};

use super::{walk, Commit, HistoryError, OidMap, OidSet, Span};

/// git pathspecs, read: `services/api`, `*.md`, and git's `:(exclude)docs`,
/// `:!docs` and `:^docs`. A path is in the brief when no exclusion matches
/// it and an inclusion does (or there is none: the whole tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pathspec {
    include: Vec<Spec>,
    exclude: Vec<Spec>,
    /// An inclusion names the whole tree (`.`), or there is none.
    whole: bool,
}

/// One pathspec's path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Spec {
    /// As the trees spell it: no `./`, `//` or trailing `/`.
    path: String,
    /// A glob (`*.md`), matched by libgit2; else a literal path, matching
    /// itself and everything under it.
    glob: bool,
    /// As the user wrote it, for an error to quote.
    given: String,
}

impl Spec {
    fn new(path: String, given: &str) -> Spec {
        let glob = path.contains(['*', '?', '[', '\\']);
        Spec { path, glob, given: given.to_string() }
    }
}

/// A [`Pathspec`] ready to match paths: its globs compiled.
pub(super) struct Matcher<'a> {
    spec: &'a Pathspec,
    include: Vec<Option<git2::Pathspec>>,
    exclude: Vec<Option<git2::Pathspec>>,
}

impl Matcher<'_> {
    /// Whether the file at `path` is in the brief.
    fn matches(&self, path: &str) -> bool {
        let hit = |spec: &Spec, glob: &Option<git2::Pathspec>| match glob {
            Some(glob) => glob.matches_path(Path::new(path), git2::PathspecFlags::DEFAULT),
            None => path == spec.path || path.strip_prefix(&spec.path).is_some_and(|r| r.starts_with('/')),
        };
        let excluded = self.spec.exclude.iter().zip(&self.exclude).any(|(s, g)| hit(s, g));
        let included = self.spec.whole || self.spec.include.iter().zip(&self.include).any(|(s, g)| hit(s, g));
        included && !excluded
    }
}

impl Pathspec {
    /// Reads git pathspecs; `None` for none. Relative to the repository's root.
    pub fn parse(raw: &[String]) -> Result<Option<Pathspec>, HistoryError> {
        if raw.is_empty() {
            return Ok(None);
        }
        let mut spec = Pathspec { include: Vec::new(), exclude: Vec::new(), whole: false };
        for given in raw {
            let bad = |why: &str| HistoryError::BadPath { spec: given.clone(), why: why.to_string() };
            let (exclude, path) = if let Some(rest) = given.strip_prefix(":(exclude)") {
                (true, rest)
            } else if let Some(rest) = given.strip_prefix(":!").or_else(|| given.strip_prefix(":^")) {
                (true, rest)
            } else if let Some(rest) = given.strip_prefix(":/").or_else(|| given.strip_prefix(":(top)")) {
                (false, rest)
            } else if given.starts_with(":(") {
                return Err(bad("only the exclude and top magic words are understood"));
            } else {
                (false, given.as_str())
            };
            if given.is_empty() {
                return Err(bad(
                    "it is empty (git's \"empty string is not a valid pathspec\"); use . for the whole tree",
                ));
            }
            if path.split('/').any(|part| part == "..") || path.starts_with('/') {
                return Err(bad("it must be relative to the repository's root, without .."));
            }
            if path.chars().any(char::is_control) {
                return Err(bad("it holds a control character"));
            }
            // As git reads it: `.` is the whole tree, and `a/./b`, `a//b`
            // and `dir/.` are `a/b` and `dir`.
            let path = normal(path);
            match (exclude, path.is_empty()) {
                (true, true) => return Err(bad("it excludes nothing")),
                (true, false) => spec.exclude.push(Spec::new(path, given)),
                (false, true) => spec.whole = true,
                (false, false) => spec.include.push(Spec::new(path, given)),
            }
        }
        // Only exclusions mean everything else, as in git.
        if spec.include.is_empty() {
            spec.whole = true;
        }
        Ok(Some(spec))
    }

    /// Takes a spec with glob characters as the literal path when the tree
    /// at `tip` has that path (`app/[id]`, a Next.js route), as git matches a
    /// literal name before a pattern.
    pub fn prefer_literal(&mut self, repo: &Repository, tip: Oid) {
        let Some(tree) = repo.find_commit(tip).ok().and_then(|c| c.tree().ok()) else { return };
        for spec in self.include.iter_mut().chain(self.exclude.iter_mut()).filter(|s| s.glob) {
            if tree.get_path(Path::new(&spec.path)).is_ok() {
                spec.glob = false;
            }
        }
    }

    /// The part of the tree in words, for a title: `services/api,
    /// services/web`, `services without services/legacy`, `without docs`;
    /// `None` for the whole tree.
    pub fn describe(&self) -> Option<String> {
        let list = |specs: &[Spec]| specs.iter().map(|s| s.path.as_str()).collect::<Vec<_>>().join(", ");
        let without = (!self.exclude.is_empty()).then(|| format!("without {}", list(&self.exclude)));
        match (self.whole, without) {
            (true, without) => without,
            (false, None) => Some(list(&self.include)),
            (false, Some(without)) => Some(format!("{} {without}", list(&self.include))),
        }
    }

    /// The paths, when every spec is a literal inclusion: then a commit
    /// changes them exactly when the tree or blob at one of them differs
    /// from its parent's, found without a diff.
    fn plain(&self) -> Option<Vec<&Path>> {
        let plain = !self.whole && self.exclude.is_empty() && self.include.iter().all(|s| !s.glob);
        plain.then(|| self.include.iter().map(|s| Path::new(&s.path)).collect())
    }

    pub(super) fn matcher(&self) -> Result<Matcher<'_>, HistoryError> {
        let compile = |specs: &[Spec]| -> Result<Vec<Option<git2::Pathspec>>, HistoryError> {
            specs
                .iter()
                .map(|s| Ok(if s.glob { Some(git2::Pathspec::new([&s.path])?) } else { None }))
                .collect()
        };
        Ok(Matcher { spec: self, include: compile(&self.include)?, exclude: compile(&self.exclude)? })
    }

    /// The first inclusion that names nothing in `trees` (the tip's, the
    /// window's end's, its commits'): a misspelt path, which would
    /// otherwise be a quiet week every week. Exclusions may name nothing,
    /// as in git.
    pub(super) fn unmatched(
        &self,
        repo: &Repository,
        trees: impl IntoIterator<Item = Oid>,
    ) -> Option<String> {
        let mut left: Vec<&Spec> = self.include.iter().collect();
        let mut seen = HashSet::new();
        for id in trees {
            if left.is_empty() {
                return None;
            }
            let Some(tree) = repo.find_tree(id).ok().filter(|_| seen.insert(id)) else { continue };
            left.retain(|spec| !names_something(&tree, spec));
        }
        left.first().map(|spec| spec.given.clone())
    }
}

/// Fails when an inclusion of `spec` names nothing at the commits `ends`
/// (the branch's tip, the window's end and start) nor in any commit of
/// `span`: a
/// misspelt path, as git's "pathspec did not match".
pub(super) fn check_named(
    repo: &Repository,
    spec: &Pathspec,
    ends: &[Oid],
    span: &Span,
) -> Result<(), HistoryError> {
    // One path that a commit of the window touches names something: no
    // tree need be searched (a glob's search reads the whole tree).
    if !spec.whole && spec.include.len() == 1 && span.commits.iter().any(|c| !span.outside.contains(&c.id)) {
        return Ok(());
    }
    let ends = ends.iter().filter_map(|&id| repo.find_commit(id).ok().map(|c| c.tree_id()));
    let trees = ends.chain(span.commits.iter().chain(&span.merges).map(|c| c.tree));
    match spec.unmatched(repo, trees) {
        Some(given) => Err(HistoryError::NamesNothing { spec: given }),
        None => Ok(()),
    }
}

/// Whether `spec` names a file or directory of `tree`.
fn names_something(tree: &Tree, spec: &Spec) -> bool {
    if !spec.glob {
        return tree.get_path(Path::new(&spec.path)).is_ok();
    }
    let Ok(glob) = git2::Pathspec::new([&spec.path]) else { return false };
    let named = glob.match_tree(tree, git2::PathspecFlags::NO_MATCH_ERROR).is_ok();
    named
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
    matcher: &Matcher,
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
        if file && matcher.matches(&path) {
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
) -> Result<OidSet, HistoryError> {
    let by_id: OidMap<&Commit> = span.commits.iter().chain(&span.merges).map(|c| (c.id, c)).collect();
    let children: OidSet = by_id.values().flat_map(|c| c.parent_ids.iter().copied()).collect();
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
    fn git_pathspecs_are_read_as_git_reads_them() {
        // Exclusions as `!path`, then inclusions, then `*` for the whole tree.
        let specs = |raw: &[&str]| {
            let spec = parse(raw).unwrap().unwrap();
            let mut shown: Vec<String> = spec.exclude.iter().map(|s| format!("!{}", s.path)).collect();
            shown.extend(spec.include.iter().map(|s| s.path.clone()));
            if spec.whole {
                shown.push("*".to_string());
            }
            shown
        };
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
        assert_eq!(specs(&[":/"]), ["*"]);
        assert!(parse(&[]).unwrap().is_none());
        let spec = parse(&["services", "docs/*.md", ":!services/legacy", ":!*.lock"]).unwrap().unwrap();
        let matcher = spec.matcher().unwrap();
        for (path, shown) in [
            ("services/api/main.rs", true),
            ("services", true),
            ("servicesx/a", false),
            ("services/legacy/a.rs", false),
            ("services/Cargo.lock", false),
            ("docs/a.md", true),
            ("docs/a.txt", false),
        ] {
            assert_eq!(matcher.matches(path), shown, "{path}");
        }
        let described = |raw: &[&str]| parse(raw).unwrap().unwrap().describe();
        assert_eq!(described(&["services/api/", "./web"]).as_deref(), Some("services/api, web"));
        assert_eq!(
            described(&["services", ":!services/legacy"]).as_deref(),
            Some("services without services/legacy")
        );
        assert_eq!(described(&[":!docs"]).as_deref(), Some("without docs"));
        assert_eq!(described(&[".", "services"]), None);
        for bad in ["../other", "/etc", ":(icase)API", ":!", "", ":(exclude)"] {
            assert!(parse(&[bad]).is_err(), "{bad}");
        }
    }
}
