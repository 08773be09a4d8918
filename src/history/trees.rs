//! Two trees compared entry by entry, in place: each tree is read as git
//! stores it (`<mode> <name>\0<id>` entries), indexed once where its entries
//! lie (no name is copied), and only the pairs whose ids or modes differ
//! come out. Both the line counts of `--stats` and the changed paths of
//! the classify step walk trees this way.

use std::cmp::Ordering;

use git2::{FileMode, ObjectType, Oid, Repository};

/// What an entry is, as a comparison needs it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Tree,
    Blob,
    Submodule,
}

/// A tree object's bytes and where each entry lies in them, read once:
/// libgit2's parse builds a similar list, reading every mode with `strtol`,
/// and wraps it in an object of its own; a comparison here reads the
/// entries where they lie and makes an [`Oid`] only for those it follows.
pub(super) struct RawTree {
    data: Box<[u8]>,
    slots: Vec<Slot>,
}

/// Where an entry's name lies in a tree's bytes (its id follows the NUL
/// after it), and what the entry is.
struct Slot {
    name: u32,
    end: u32,
    mode: i32,
    kind: Kind,
}

impl RawTree {
    /// The tree `id` of `repo`; an error, as libgit2's own read gives,
    /// when the object is not a tree or an entry is malformed.
    pub fn find(repo: &Repository, id: Oid) -> Result<RawTree, git2::Error> {
        let odb = repo.odb()?;
        let object = odb.read(id)?;
        if object.kind() != ObjectType::Tree {
            return Err(git2::Error::from_str(&format!("object {id} is not a tree")));
        }
        let data: Box<[u8]> = object.data().into();
        // An entry of a real tree takes 30 to 50 bytes: one allocation, seldom two.
        let mut slots = Vec::with_capacity(data.len() / 32 + 1);
        let mut at = 0;
        while at < data.len() {
            let (slot, next) =
                slot(&data, at).ok_or_else(|| git2::Error::from_str(&format!("tree {id} is malformed")))?;
            slots.push(slot);
            at = next;
        }
        Ok(RawTree { data, slots })
    }

    /// What the tree holds in memory.
    pub fn size(&self) -> usize {
        self.data.len() + self.slots.capacity() * std::mem::size_of::<Slot>()
    }

    /// Where the `i`th entry starts: where the one before it ends.
    fn start(&self, i: usize) -> usize {
        match i.checked_sub(1).and_then(|before| self.slots.get(before)) {
            Some(slot) => slot.end as usize + 21,
            None => 0,
        }
    }

    /// How many entries from the `i`th on end within `len` bytes of its start.
    fn within(&self, i: usize, len: usize) -> usize {
        let limit = self.start(i) + len;
        self.slots.get(i..).map_or(0, |rest| rest.partition_point(|slot| slot.end as usize + 21 <= limit))
    }

    /// The `i`th entry.
    pub fn entry(&self, i: usize) -> Option<Entry<'_>> {
        self.slots.get(i).and_then(|slot| self.entry_of(slot))
    }

    fn entry_of(&self, slot: &Slot) -> Option<Entry<'_>> {
        let (name, end) = (slot.name as usize, slot.end as usize);
        Some(Entry {
            name: self.data.get(name..end)?,
            id: self.data.get(end + 1..end + 21)?.try_into().ok()?,
            mode: slot.mode,
            kind: slot.kind,
        })
    }

    /// The entries, in the tree's order.
    #[cfg(test)]
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        (0..self.slots.len()).filter_map(|i| self.entry(i))
    }

    /// The entry named `name`: searched for in git's order as a file's
    /// name and as a folder's, as the entry's kind is not known. A tree
    /// out of git's order (git never writes one) may hide an entry.
    pub fn get(&self, name: &[u8]) -> Option<Entry<'_>> {
        [false, true].into_iter().find_map(|folder| {
            let i = self.slots.partition_point(|slot| {
                self.entry_of(slot).is_some_and(|e| order(e.name, e.kind == Kind::Tree, name, folder).is_lt())
            });
            self.entry(i).filter(|e| e.name == name)
        })
    }
}

/// The entry at byte `at` of a tree's bytes and where the next one starts;
/// `None` where the bytes are not an entry. As libgit2 reads one: a mode
/// of octal digits (a sign allowed, at most 16 bits, not negative), a
/// space, a name of 1 to 65,535 bytes, a NUL and the 20 bytes of the id.
fn slot(data: &[u8], at: usize) -> Option<(Slot, usize)> {
    let rest = data.get(at..)?;
    // The five modes git writes, read without the general loop.
    let (attr, space) = match rest.first_chunk::<7>() {
        Some(b"100644 ") => (0o100644, 6),
        Some(b"100755 ") => (0o100755, 6),
        Some(b"120000 ") => (0o120000, 6),
        Some(b"160000 ") => (0o160000, 6),
        Some([b'4', b'0', b'0', b'0', b'0', b' ', _]) => (0o040000, 5),
        _ => mode(rest)?,
    };
    let name = at + space + 1;
    let end = name + memchr::memchr(0, data.get(name..)?)?;
    let next = end + 1 + 20;
    if end == name || end - name > usize::from(u16::MAX) || next > data.len() {
        return None;
    }
    let kind = match attr & 0o170000 {
        0o040000 => Kind::Tree,
        0o160000 => Kind::Submodule,
        _ => Kind::Blob,
    };
    let slot =
        Slot { name: u32::try_from(name).ok()?, end: u32::try_from(end).ok()?, mode: normalized(attr), kind };
    Some((slot, next))
}

/// An entry's mode as libgit2 reads it (octal digits, a sign allowed, at
/// most 16 bits, not negative) and where the space after it lies.
fn mode(rest: &[u8]) -> Option<(u32, usize)> {
    let signed = matches!(rest.first(), Some(b'+' | b'-'));
    let digits = usize::from(signed);
    let mut attr = 0u32;
    let mut space = digits;
    loop {
        match *rest.get(space)? {
            b' ' if space > digits => break,
            digit @ b'0'..=b'7' => attr = attr * 8 + u32::from(digit - b'0'),
            _ => return None,
        }
        if attr > u32::from(u16::MAX) {
            return None;
        }
        space += 1;
    }
    if rest[0] == b'-' && attr != 0 {
        return None;
    }
    Some((attr, space))
}

/// A mode as libgit2's `git_tree_entry_filemode` gives it: any tree is a
/// tree, any mode whose owner may execute it an executable file (git's
/// own reading: `100654` is a plain file).
fn normalized(attr: u32) -> i32 {
    let mode = match attr & 0o170000 {
        0o040000 => FileMode::Tree,
        _ if attr & 0o100 != 0 => FileMode::BlobExecutable,
        0o160000 => FileMode::Commit,
        0o120000 => FileMode::Link,
        _ => FileMode::Blob,
    };
    i32::from(mode)
}

/// An entry of a tree, borrowed from it.
pub(super) struct Entry<'t> {
    name: &'t [u8],
    /// The id's bytes: an [`Oid`] is made only for the entries read further.
    id: &'t [u8; 20],
    pub mode: i32,
    pub kind: Kind,
}

impl Entry<'_> {
    pub fn name(&self) -> &[u8] {
        self.name
    }

    pub fn id(&self) -> Oid {
        // Always twenty bytes, the length `from_bytes` requires: it cannot fail.
        Oid::from_bytes(self.id).unwrap_or(Oid::ZERO_SHA1)
    }

    pub fn is_link(&self) -> bool {
        self.mode == i32::from(FileMode::Link)
    }
}

/// Git orders tree entries by name, a subtree's name as if it ended in '/'.
fn order(x: &[u8], x_tree: bool, y: &[u8], y_tree: bool) -> Ordering {
    let common = x.len().min(y.len());
    match x[..common].cmp(&y[..common]) {
        Ordering::Equal => {
            let next = |name: &[u8], tree: bool| match name.get(common) {
                Some(&byte) => Some(byte),
                None => tree.then_some(b'/'),
            };
            next(x, x_tree).cmp(&next(y, y_tree))
        }
        other => other,
    }
}

/// The pairs of entries that differ between two trees, in git's order: an
/// entry on one side only comes with `None` for the other; a file that
/// became a directory comes as two pairs, as git lists it.
pub(super) struct Differing<'a> {
    old: Option<&'a RawTree>,
    new: Option<&'a RawTree>,
    i: usize,
    j: usize,
}

pub(super) fn differing<'a>(old: Option<&'a RawTree>, new: Option<&'a RawTree>) -> Differing<'a> {
    Differing { old, new, i: 0, j: 0 }
}

impl<'a> Iterator for Differing<'a> {
    type Item = (Option<Entry<'a>>, Option<Entry<'a>>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            // Entries whose bytes are the same on both sides are equal: a
            // run of them is passed over at once, not an entry at a time
            // (two versions of a folder mostly differ in one entry).
            if let (Some(old), Some(new)) = (self.old, self.new) {
                let (a, b) = (old.data.get(old.start(self.i)..), new.data.get(new.start(self.j)..));
                let same = old.within(self.i, common_prefix(a.unwrap_or(&[]), b.unwrap_or(&[])));
                self.i += same;
                self.j += same;
            }
            let a = self.old.and_then(|t| t.entry(self.i));
            let b = self.new.and_then(|t| t.entry(self.j));
            let step = match (&a, &b) {
                (Some(a), Some(b)) => order(a.name, a.kind == Kind::Tree, b.name, b.kind == Kind::Tree),
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

/// How many bytes `a` and `b` begin with alike.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 32;
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + CHUNK <= len && a[at..at + CHUNK] == b[at..at + CHUNK] {
        at += CHUNK;
    }
    at + a[at..len].iter().zip(&b[at..len]).take_while(|(x, y)| x == y).count()
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
            builder.write().unwrap()
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
            ("d", sub, 0o040000),
            ("d.txt", one, 0o100644),
        ]);
        let (old, new) = (RawTree::find(&repo, old).unwrap(), RawTree::find(&repo, new).unwrap());
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

    /// A differing pair by its names.
    type Named = (Option<Vec<u8>>, Option<Vec<u8>>);

    /// The pairs an entry-by-entry walk of both trees gives.
    fn one_at_a_time(old: &RawTree, new: &RawTree) -> Vec<Named> {
        let (a, b): (Vec<Entry>, Vec<Entry>) = (old.entries().collect(), new.entries().collect());
        let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
        let key = |e: &Entry| (e.name().to_vec(), e.id(), e.mode);
        while i < a.len() || j < b.len() {
            let step = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => order(x.name, x.kind == Kind::Tree, y.name, y.kind == Kind::Tree),
                (Some(_), None) => Ordering::Less,
                _ => Ordering::Greater,
            };
            match step {
                Ordering::Less => pairs.push((Some(a[i].name().to_vec()), None)),
                Ordering::Greater => pairs.push((None, Some(b[j].name().to_vec()))),
                Ordering::Equal if key(&a[i]) != key(&b[j]) => {
                    pairs.push((Some(a[i].name().to_vec()), Some(b[j].name().to_vec())));
                }
                Ordering::Equal => {}
            }
            i += usize::from(step.is_le());
            j += usize::from(step.is_ge());
        }
        pairs
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Runs of equal entries are passed over at once: what comes out is
        /// what comparing every entry in turn gives, wherever the runs end.
        #[test]
        fn runs_of_equal_entries_come_out_as_one_at_a_time(
            base in proptest::collection::btree_map("[a-e]{1,6}", (0u8..3, 0u8..4), 0..60),
            edits in proptest::collection::vec(("[a-e]{1,6}", proptest::option::of((0u8..3, 0u8..4))), 0..8),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let repo = Repository::init(dir.path()).unwrap();
            let blobs: Vec<Oid> = (0..3).map(|n| repo.blob(&[n]).unwrap()).collect();
            let sub = repo.treebuilder(None).unwrap().write().unwrap();
            let write = |entries: &std::collections::BTreeMap<String, (u8, u8)>| {
                let mut builder = repo.treebuilder(None).unwrap();
                for (name, &(content, kind)) in entries {
                    let (id, mode) = match kind {
                        0 => (blobs[usize::from(content)], 0o100644),
                        1 => (blobs[usize::from(content)], 0o100755),
                        2 => (blobs[usize::from(content)], 0o120000),
                        _ => (sub, 0o040000),
                    };
                    builder.insert(name, id, mode).unwrap();
                }
                RawTree::find(&repo, builder.write().unwrap()).unwrap()
            };
            let mut changed = base.clone();
            for (name, edit) in edits {
                match edit {
                    Some(entry) => changed.insert(name, entry),
                    None => changed.remove(&name),
                };
            }
            let (old, new) = (write(&base), write(&changed));
            let name = |e: Option<Entry>| e.map(|e| e.name().to_vec());
            let seen: Vec<_> = differing(Some(&old), Some(&new)).map(|(a, b)| (name(a), name(b))).collect();
            proptest::prop_assert_eq!(seen, one_at_a_time(&old, &new));
        }
    }

    #[test]
    fn a_tree_reads_as_libgit2_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let odb = repo.odb().unwrap();
        let (blob, sub) = (repo.blob(b"x").unwrap(), repo.treebuilder(None).unwrap().write().unwrap());
        let id = |oid: Oid| oid.as_bytes().to_vec();
        // Modes as old gits wrote them too (group-writable, zero-padded
        // directory), names that are not UTF-8, a submodule, and names
        // that sort around a folder's ("e.txt" < "e/" < "e0").
        let mut bytes = Vec::new();
        for (mode, name, oid) in [
            ("100644", &b"a.txt"[..], blob),
            ("100664", b"b", blob),
            ("100755", b"c\xff", blob),
            ("120000", b"d", blob),
            ("100644", b"e.txt", blob),
            ("40000", b"e", sub),
            ("100644", b"e0", blob),
            ("040000", b"f", sub),
            ("160000", b"g", blob),
            ("0100644", b"h", blob),
            ("+100755", b"i", blob),
            ("-0", b"j", blob),
            ("100654", b"k", blob),
            ("100645", b"l", blob),
            ("100744", b"m", blob),
        ] {
            bytes.extend_from_slice(format!("{mode} ").as_bytes());
            bytes.extend_from_slice(name);
            bytes.push(0);
            bytes.extend(id(oid));
        }
        let tree_id = odb.write(ObjectType::Tree, &bytes).unwrap();
        let raw = RawTree::find(&repo, tree_id).unwrap();
        let theirs = repo.find_tree(tree_id).unwrap();
        let ours: Vec<(Vec<u8>, Oid, i32, Kind)> =
            raw.entries().map(|e| (e.name().to_vec(), e.id(), e.mode, e.kind)).collect();
        let kind = |k: Option<ObjectType>| match k {
            Some(ObjectType::Tree) => Kind::Tree,
            Some(ObjectType::Commit) => Kind::Submodule,
            _ => Kind::Blob,
        };
        let expected: Vec<(Vec<u8>, Oid, i32, Kind)> =
            theirs.iter().map(|e| (e.name_bytes().to_vec(), e.id(), e.filemode(), kind(e.kind()))).collect();
        assert_eq!(ours, expected);
        assert_eq!(raw.get(b"e").map(|e| e.id()), Some(sub));
        assert!(raw.get(b"n").is_none());
        for (name, ..) in &expected {
            assert_eq!(raw.get(name).map(|e| e.name().to_vec()).as_ref(), Some(name));
        }

        // What libgit2 will not parse is not read either.
        for broken in [
            &b"100644 a"[..],
            b"10x644 a\0",
            b"100644 a\0short",
            b"1000000 a\0",
            b" 100644 a\0",
            b"100644 \0",
            b"-1 a\0",
            b"+ a\0",
        ] {
            let mut bytes = broken.to_vec();
            if broken.ends_with(b"\0") {
                bytes.extend(id(blob));
            }
            let tree_id = odb.write(ObjectType::Tree, &bytes).unwrap();
            assert!(repo.find_tree(tree_id).is_err(), "libgit2 reads {broken:?}");
            assert!(RawTree::find(&repo, tree_id).is_err(), "{broken:?}");
        }
        let mut long = b"100644 ".to_vec();
        long.extend(std::iter::repeat_n(b'x', 1 << 16));
        long.push(0);
        long.extend(id(blob));
        let long = odb.write(ObjectType::Tree, &long).unwrap();
        assert!(repo.find_tree(long).is_err() && RawTree::find(&repo, long).is_err());
        assert!(RawTree::find(&repo, blob).is_err());
    }
}
