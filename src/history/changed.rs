//! The files a commit changed, for the classify step: asked only for the
//! units whose bucket depends on them, and read as far as the question
//! needs (trees compared in place, subtrees opened only where ids differ).

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use git2::{Oid, Repository};

use super::trees::{differing, within, Entry, Kind, RawTree};
use super::{walk, OidMap};

/// The names (before any extension) of the files a project's changelog is kept in.
pub const CHANGELOG_STEMS: &[&str] =
    &["changelog", "changes", "news", "history", "release-notes", "release_notes"];

/// The files a commit changed against its first parent, read from the trees
/// alone (no file contents): cheap enough to ask for the few commits whose
/// wording is ambiguous.
pub struct ChangedPaths<'r> {
    repo: &'r Repository,
    replaced: &'r walk::Replaced,
    fragments: OnceCell<bool>,
    /// The paths of the commits asked for already: a unit's paths are asked
    /// by more than one rule.
    known: RefCell<OidMap<Option<Rc<[String]>>>>,
    /// Each commit's tree and first parent, as the walk read them, sorted
    /// by id (a list has no empty buckets: 5 MiB for git.git's whole
    /// history, where a map took 8): a commit object is inflated again only
    /// for a parent outside the spans, kept in `outside`.
    walked: Vec<(Oid, Oid, Option<Oid>)>,
    outside: RefCell<OidMap<(Oid, Option<Oid>)>>,
    /// The texts of the last few blobs read: one release's new notes are
    /// the next release's old ones.
    texts: RefCell<std::collections::VecDeque<(Oid, Option<Rc<str>>)>>,
    parsed: RefCell<Parsed>,
}

impl<'r> ChangedPaths<'r> {
    /// The changed paths of `repo`'s commits, replaced as the history read them.
    pub fn new(repo: &'r Repository, replaced: &'r walk::Replaced) -> Self {
        ChangedPaths {
            repo,
            replaced,
            fragments: OnceCell::new(),
            known: Default::default(),
            walked: Vec::new(),
            outside: Default::default(),
            texts: Default::default(),
            parsed: Default::default(),
        }
    }

    /// The tree `id`, read once while it is read again.
    fn tree(&self, id: Oid) -> Result<Rc<RawTree>, git2::Error> {
        self.parsed.borrow_mut().get(self.repo, id)
    }

    /// Remembers the trees of commits the walk has read.
    pub fn know<'a>(&mut self, commits: impl IntoIterator<Item = &'a super::Commit>) {
        self.walked.extend(commits.into_iter().map(|c| (c.id, c.tree, c.parent_ids.first().copied())));
        self.walked.sort_unstable_by_key(|&(id, ..)| id);
        self.walked.dedup_by_key(|&mut (id, ..)| id);
    }

    /// The tree and first parent of commit `id`.
    fn tree_of(&self, id: Oid) -> Option<(Oid, Option<Oid>)> {
        if let Ok(i) = self.walked.binary_search_by_key(&id, |&(id, ..)| id) {
            let (_, tree, parent) = self.walked[i];
            return Some((tree, parent));
        }
        if let Some(&known) = self.outside.borrow().get(&id) {
            return Some(known);
        }
        let commit = self.repo.find_commit(self.replaced.get(&id).copied().unwrap_or(id)).ok()?;
        let found = (commit.tree_id(), commit.parent_ids().next());
        self.outside.borrow_mut().insert(id, found);
        Some(found)
    }

    /// `path` in the tree `id` left, and in its first parent's (`None`: the
    /// file is new); text files of up to 256 KiB only.
    pub fn contents(&self, id: Oid, path: &str) -> Option<(Option<String>, String)> {
        let (tree, parent) = self.trees(id)?;
        Some((parent.as_ref().and_then(|parent| self.text(parent, path)), self.text(&tree, path)?))
    }

    /// `path` in the tree `id` left, alone: its parent's tree and file are
    /// not read, and the text is shared with the kept one, not copied.
    pub fn file(&self, id: Oid, path: &str) -> Option<Rc<str>> {
        let (tree, _) = self.tree_of(id)?;
        self.kept_text(&*self.tree(tree).ok()?, path)
    }

    /// [`Self::kept_text`], copied.
    fn text(&self, tree: &RawTree, path: &str) -> Option<String> {
        self.kept_text(tree, path).as_deref().map(str::to_string)
    }

    /// The text of `path` in `tree`, if a text file of up to 256 KiB; the
    /// last few read are kept, as a release's file is read as it was
    /// before and after.
    fn kept_text(&self, tree: &RawTree, path: &str) -> Option<Rc<str>> {
        const MAX: usize = 256 << 10;
        const KEPT: usize = 4;
        let id = self.entry_at_path(tree, path)?;
        if let Some((_, text)) = self.texts.borrow().iter().find(|(kept, _)| *kept == id) {
            return text.clone();
        }
        let blob = self.repo.find_blob(id).ok()?;
        let text: Option<Rc<str>> = (blob.size() <= MAX && !blob.is_binary()).then(|| lossy(blob.content()));
        let mut texts = self.texts.borrow_mut();
        if texts.len() == KEPT {
            texts.pop_front();
        }
        texts.push_back((id, text.clone()));
        text
    }

    /// The id of the entry at `path` under `tree`, as git2's `get_path`
    /// finds it: a path that starts at the root or with `.` or `..` is
    /// refused, then libgit2's `git_tree_entry_bypath` walks it, each
    /// folder on the way a tree.
    fn entry_at_path(&self, tree: &RawTree, path: &str) -> Option<Oid> {
        let first = path.split('/').next().unwrap_or_default();
        if path.starts_with('/') || matches!(first, "." | "..") {
            return None;
        }
        self.bypath(tree, path)
    }

    fn bypath(&self, tree: &RawTree, path: &str) -> Option<Oid> {
        let (name, rest) = path.split_once('/').map_or((path, None), |(name, rest)| (name, Some(rest)));
        let entry = tree.get(name.as_bytes()).filter(|_| !name.is_empty())?;
        match rest {
            None => Some(entry.id()),
            Some(_) if entry.kind != Kind::Tree => None,
            Some("") => Some(entry.id()),
            Some(rest) => self.bypath(&*self.tree(entry.id()).ok()?, rest),
        }
    }

    /// The changelog files at the root and the fragments in the fragment
    /// folders (`.changeset/`, `.changes/`, `newsfragments/`, `changelog.d/`,
    /// `changes/`, `news/`) that `id` changed against its first parent, and
    /// Maven's `src/changes/changes.xml`: entries compared in place, so the
    /// cost is that of the root tree, not of the whole change.
    pub fn note_files(&self, id: Oid) -> Vec<String> {
        const FOLDERS: &[&str] =
            &[".changeset", ".changes", "newsfragments", "changelog.d", "changes", "news"];
        let Some((tree, parent)) = self.trees(id) else { return Vec::new() };
        let mut found = Vec::new();
        for (old, new) in differing(parent.as_deref(), Some(&tree)) {
            let Some(entry) = new else { continue };
            let Ok(name) = std::str::from_utf8(entry.name()) else { continue };
            let lower = name.to_ascii_lowercase();
            if entry.kind != Kind::Tree {
                let stem = lower.split('.').next().unwrap_or(&lower);
                if CHANGELOG_STEMS.contains(&stem) {
                    found.push(name.to_string());
                }
            } else if FOLDERS.contains(&lower.as_str()) {
                let old = old.and_then(|o| self.tree(o.id()).ok());
                let Ok(new) = self.tree(entry.id()) else { continue };
                for (_, file) in differing(old.as_deref(), Some(&new)) {
                    if let Some(file) = file {
                        found.push(format!("{name}/{}", String::from_utf8_lossy(file.name())));
                    }
                }
            }
        }
        let maven = |t: &RawTree| self.entry_at_path(t, "src/changes/changes.xml");
        if let Some(now) = maven(&tree) {
            if parent.as_deref().and_then(maven) != Some(now) {
                found.push("src/changes/changes.xml".to_string());
            }
        }
        found
    }

    /// The tree `id` left and its first parent's (`None` for a root commit);
    /// `None` when either cannot be read (a shallow clone's boundary).
    fn trees(&self, id: Oid) -> Option<(Rc<RawTree>, Option<Rc<RawTree>>)> {
        let (tree, parent) = self.tree_of(id)?;
        let parent = match parent {
            Some(parent) => Some(self.tree(self.tree_of(parent)?.0).ok()?),
            None => None,
        };
        Some((self.tree(tree).ok()?, parent))
    }

    /// Whether the branch's tip keeps changelog fragments at its root:
    /// `.changeset/`, `.changes/`, `newsfragments/`, `changelog.d/`.
    pub fn has_fragments(&self) -> bool {
        *self.fragments.get_or_init(|| {
            let tree = self.repo.head().ok().and_then(|h| h.peel_to_tree().ok());
            tree.is_some_and(|tree| {
                [".changeset", ".changes", "newsfragments", "changelog.d"]
                    .iter()
                    .any(|dir| tree.get_name(dir).is_some_and(|e| e.kind() == Some(git2::ObjectType::Tree)))
            })
        })
    }

    /// The changed paths; `None` when the trees cannot be read (a shallow
    /// clone's boundary, a partial clone).
    pub fn of(&self, id: Oid) -> Option<Vec<String>> {
        if let Some(known) = self.known.borrow().get(&id) {
            return known.as_ref().map(|paths| paths.to_vec());
        }
        let found = self.read(id, &mut |_| false);
        self.known.borrow_mut().insert(id, found.as_ref().map(|paths| Rc::from(paths.as_slice())));
        found
    }

    /// The changed paths up to the first that `settled` accepts (all of them
    /// when none does): a question that one path answers costs that path.
    pub fn until(&self, id: Oid, settled: &mut dyn FnMut(&str) -> bool) -> Option<Vec<String>> {
        if let Some(known) = self.known.borrow().get(&id) {
            let known = known.as_ref()?;
            let end = known.iter().position(|p| settled(p)).map_or(known.len(), |i| i + 1);
            return Some(known[..end].to_vec());
        }
        self.read(id, settled)
    }

    /// The changed paths of `id` against its first parent, as far as
    /// `settled` lets the walk go; `None` past 500 paths, when so large a
    /// change says nothing by its paths alone.
    fn read(&self, id: Oid, settled: &mut dyn FnMut(&str) -> bool) -> Option<Vec<String>> {
        let (tree, parent) = self.trees(id)?;
        let mut walk = PathWalk { paths: self, out: Vec::new(), limit: 500, settled, done: false };
        walk.walk(parent.as_deref(), Some(&tree), &mut Vec::new()).ok()?.then_some(walk.out)
    }
}

/// `bytes` as text, anything that is not UTF-8 replaced, as
/// `String::from_utf8_lossy` does; a file that is all UTF-8 (nearly every
/// one) is checked a word at a time rather than byte by byte: a long
/// changelog read for each release of a year.
fn lossy(bytes: &[u8]) -> Rc<str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => String::from_utf8_lossy(bytes).into(),
    }
}

/// The paths that differ between two trees, names only (no file is read),
/// descending only into subtrees whose ids differ, until `settled` says a
/// path settles the question asked (the paths up to and with that one).
struct PathWalk<'a, 'r> {
    paths: &'a ChangedPaths<'r>,
    out: Vec<String>,
    limit: usize,
    settled: &'a mut dyn FnMut(&str) -> bool,
    done: bool,
}

impl PathWalk<'_, '_> {
    /// Walks `old` against `new` under `prefix`; false past the limit.
    fn walk(
        &mut self,
        old: Option<&RawTree>,
        new: Option<&RawTree>,
        prefix: &mut Vec<u8>,
    ) -> Result<bool, git2::Error> {
        for (a, b) in differing(old, new) {
            // A pair is both trees, or both not; a file that became a
            // directory comes as two pairs.
            let Some(entry) = b.as_ref().or(a.as_ref()) else { continue };
            if entry.kind == Kind::Tree {
                let tree = |e: Option<&Entry>| e.map(|e| self.paths.tree(e.id())).transpose();
                let (this, other) = (tree(a.as_ref())?, tree(b.as_ref())?);
                if !within(prefix, entry.name(), |prefix| {
                    self.walk(this.as_deref(), other.as_deref(), prefix)
                })? {
                    return Ok(false);
                }
            } else {
                let mut path = prefix.clone();
                path.extend_from_slice(entry.name());
                let path = String::from_utf8_lossy(&path).into_owned();
                self.done = (self.settled)(&path);
                self.out.push(path);
                if self.out.len() > self.limit {
                    return Ok(false);
                }
            }
            if self.done {
                return Ok(true);
            }
        }
        Ok(true)
    }
}

/// Trees read, kept while the next commits are likely to read them again
/// (the root, the folders most changes touch), in two generations: a tree
/// read from the older one moves to the newer, and when the newer holds
/// `BYTES` of trees the older is dropped. Memory follows this bound, not
/// the window.
#[derive(Default)]
struct Parsed {
    recent: OidMap<Rc<RawTree>>,
    older: OidMap<Rc<RawTree>>,
    bytes: usize,
}

impl Parsed {
    /// What a generation holds: git's root and `t/` trees (about 83 KB)
    /// many times over.
    const BYTES: usize = 2 << 20;

    fn get(&mut self, repo: &Repository, id: Oid) -> Result<Rc<RawTree>, git2::Error> {
        if let Some(tree) = self.recent.get(&id) {
            return Ok(tree.clone());
        }
        let tree = match self.older.remove(&id) {
            Some(tree) => tree,
            None => Rc::new(RawTree::find(repo, id)?),
        };
        self.bytes += tree.size();
        if self.bytes > Self::BYTES {
            self.older = std::mem::take(&mut self.recent);
            self.bytes = tree.size();
        }
        self.recent.insert(id, tree.clone());
        Ok(tree)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_found_as_libgit2_finds_it() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let odb = repo.odb().unwrap();
        let blob = repo.blob(b"x").unwrap();
        // Written byte by byte: names git itself would never write (".",
        // "..") sit beside ordinary ones, a file beside a folder.
        let tree = |entries: &[(&str, &str, Oid)]| {
            let mut bytes = Vec::new();
            for (mode, name, id) in entries {
                bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
                bytes.extend_from_slice(id.as_bytes());
            }
            odb.write(git2::ObjectType::Tree, &bytes).unwrap()
        };
        let inner = tree(&[("100644", ".", blob), ("100644", "..", blob), ("100644", "b", blob)]);
        let root = tree(&[
            ("100644", ".", blob),
            ("40000", "..", inner),
            ("40000", "a", inner),
            ("100644", "f", blob),
            ("160000", "m", blob),
        ]);
        let replaced = walk::Replaced::default();
        let paths = ChangedPaths::new(&repo, &replaced);
        let ours = paths.tree(root).unwrap();
        let theirs = repo.find_tree(root).unwrap();
        for path in [
            "a", "a/", "a/b", "a//b", "a/b/", "/a", "", "f", "f/", "f/x", "m", "m/x", "a/c", "c", ".", "..",
            "./a", "../b", "a/.", "a/..", "a/./b", "a/../b", ".//a", "//a",
        ] {
            let expected = theirs.get_path(std::path::Path::new(path)).ok().map(|e| e.id());
            assert_eq!(paths.entry_at_path(&ours, path), expected, "{path:?}");
        }
    }

    #[test]
    fn text_reads_as_from_utf8_lossy_reads_it() {
        let cases: [&[u8]; 6] = [
            b"",
            b"## 1.2.3\n\n- Fixed a crash (GHSA-xxxx-yyyy-zzzz) \xe2\x80\x94 caf\xc3\xa9\n",
            b"Latin-1 caf\xe9 and a NUL \0",
            b"cut short \xe2\x80",
            b"overlong \xc0\xaf and surrogate \xed\xa0\x80",
            b"\xff\xfe",
        ];
        for bytes in cases {
            assert_eq!(&*lossy(bytes), String::from_utf8_lossy(bytes), "{bytes:?}");
        }
    }
}
