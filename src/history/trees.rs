//! Two trees compared entry by entry, in place: the entries are read where
//! libgit2 parsed them (no name is copied, no list is built), and only the
//! pairs whose ids or modes differ come out. Both the line counts of
//! `--stats` and the changed paths of the classify step walk trees this way.

use std::cmp::Ordering;

use git2::{FileMode, ObjectType, Oid, Tree, TreeEntry};

/// What an entry is, as a comparison needs it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Tree,
    Blob,
    Submodule,
}

/// An entry of a tree, borrowed from it.
pub(super) struct Entry<'t> {
    entry: TreeEntry<'t>,
    pub id: Oid,
    pub mode: i32,
    pub kind: Kind,
}

impl<'t> Entry<'t> {
    fn new(entry: TreeEntry<'t>) -> Self {
        let kind = match entry.kind() {
            Some(ObjectType::Tree) => Kind::Tree,
            Some(ObjectType::Commit) => Kind::Submodule,
            _ => Kind::Blob,
        };
        Entry { id: entry.id(), mode: entry.filemode(), kind, entry }
    }

    pub fn name(&self) -> &[u8] {
        self.entry.name_bytes()
    }

    pub fn is_link(&self) -> bool {
        self.mode == i32::from(FileMode::Link)
    }
}

/// Git orders tree entries by name, a subtree's name as if it ended in '/'.
fn order(a: &Entry, b: &Entry) -> Ordering {
    let (x, y) = (a.name(), b.name());
    let common = x.len().min(y.len());
    match x[..common].cmp(&y[..common]) {
        Ordering::Equal => {
            let next = |name: &[u8], e: &Entry| match name.get(common) {
                Some(&byte) => Some(byte),
                None => (e.kind == Kind::Tree).then_some(b'/'),
            };
            next(x, a).cmp(&next(y, b))
        }
        other => other,
    }
}

/// The pairs of entries that differ between two trees, in git's order: an
/// entry on one side only comes with `None` for the other; a file that
/// became a directory comes as two pairs, as git lists it.
pub(super) struct Differing<'a> {
    old: Option<&'a Tree<'a>>,
    new: Option<&'a Tree<'a>>,
    i: usize,
    j: usize,
}

pub(super) fn differing<'a>(old: Option<&'a Tree<'a>>, new: Option<&'a Tree<'a>>) -> Differing<'a> {
    Differing { old, new, i: 0, j: 0 }
}

impl<'a> Iterator for Differing<'a> {
    type Item = (Option<Entry<'a>>, Option<Entry<'a>>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let a = self.old.and_then(|t| t.get(self.i)).map(Entry::new);
            let b = self.new.and_then(|t| t.get(self.j)).map(Entry::new);
            let step = match (&a, &b) {
                (Some(a), Some(b)) => order(a, b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => return None,
            };
            match step {
                Ordering::Less => {
                    self.i += 1;
                    return Some((a, None));
                }
                Ordering::Greater => {
                    self.j += 1;
                    return Some((None, b));
                }
                Ordering::Equal => {
                    self.i += 1;
                    self.j += 1;
                    let (a, b) = (a?, b?);
                    if a.id != b.id || a.mode != b.mode {
                        return Some((Some(a), Some(b)));
                    }
                }
            }
        }
    }
}

/// Runs `f` with `name/` appended to `path`, and takes it off again.
pub(super) fn within<T>(path: &mut Vec<u8>, name: &[u8], f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    let len = path.len();
    path.extend_from_slice(name);
    path.push(b'/');
    let result = f(path);
    path.truncate(len);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::Repository;

    #[test]
    fn only_what_differs_comes_out_in_git_order() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = |text: &str| repo.blob(text.as_bytes()).unwrap();
        let tree = |entries: &[(&str, Oid, i32)]| {
            let mut builder = repo.treebuilder(None).unwrap();
            for (name, id, mode) in entries {
                builder.insert(name, *id, *mode).unwrap();
            }
            repo.find_tree(builder.write().unwrap()).unwrap()
        };
        let (one, two) = (blob("1"), blob("2"));
        let sub = tree(&[("x", one, 0o100644)]);
        let old =
            tree(&[("a", one, 0o100644), ("b", one, 0o100644), ("c", one, 0o100644), ("d", one, 0o100644)]);
        // "a" same, "b" changed, "c" made executable, "d" became a directory,
        // "d.txt" (sorted before "d/") new.
        let new = tree(&[
            ("a", one, 0o100644),
            ("b", two, 0o100644),
            ("c", one, 0o100755),
            ("d", sub.id(), 0o040000),
            ("d.txt", one, 0o100644),
        ]);
        let seen: Vec<(String, bool, bool)> = differing(Some(&old), Some(&new))
            .map(|(a, b)| {
                let name = a.as_ref().or(b.as_ref()).map(|e| String::from_utf8_lossy(e.name()).into_owned());
                (name.unwrap(), a.is_some(), b.is_some())
            })
            .collect();
        let expected = [
            ("b", true, true),
            ("c", true, true),
            ("d", true, false),
            ("d.txt", false, true),
            ("d", false, true),
        ];
        assert_eq!(seen, expected.map(|(n, a, b)| (n.to_string(), a, b)));
        assert_eq!(differing(Some(&old), Some(&old)).count(), 0);
        assert_eq!(differing(None, Some(&old)).count(), 4);
    }
}
