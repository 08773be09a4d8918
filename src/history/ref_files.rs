//! The references a brief reads, from the files git keeps them in: the
//! loose ones under `refs/` and `packed-refs`, in the order libgit2 lists
//! them (loose references depth first, each directory's entries sorted as
//! paths with a directory's name ending in `/`; then the packed ones not
//! shadowed by a loose one, sorted by name). Only the namespaces in
//! [`READ`] are read: a mirror's 5,000 pull request refs are passed over
//! in one scan of `packed-refs`, where libgit2 sorts and copies them all.
//!
//! Anything this reader does not know (a case-insensitive or Unicode-
//! composing configuration, another reference or object format, a symbolic
//! link or an odd entry among the refs, a packed-refs line libgit2 would
//! refuse) makes it answer `None`, and libgit2 lists them instead.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use git2::{Oid, Repository};

use super::references::Listed;

/// The namespaces a brief reads, sorted: branches, remote branches,
/// replace refs and tags.
pub(super) const READ: [&str; 4] = ["refs/heads/", "refs/remotes/", "refs/replace/", "refs/tags/"];

/// Whether a reference (or a prefix of names) is in a namespace a brief reads.
pub(super) fn is_read(name: &[u8]) -> bool {
    READ.iter().any(|namespace| name.starts_with(namespace.as_bytes()))
}

/// What the files say: the references of [`READ`] in libgit2's order, and
/// the tags `packed-refs` holds without a peel when git wrote it
/// `fully-peeled` (lightweight tags, with their targets; see
/// [`super::references::References::unpeeled_tags`]).
pub(super) struct Read {
    pub listed: Vec<Listed>,
    pub unpeeled_tags: ByName<Oid>,
}

/// A map keyed by reference name, hashed as [`super::OidMap`]'s keys are:
/// a clone's packed-refs can hold thousands of tags.
pub(super) type ByName<V> = HashMap<Vec<u8>, V, foldhash::fast::RandomState>;

/// What the files say; `None` when libgit2 should list the references.
pub(super) fn read(repo: &Repository) -> Option<Read> {
    let config = repo.config().ok()?;
    let on = |key: &str| config.get_bool(key).unwrap_or(false);
    let set = |key: &str| config.get_entry(key).is_ok();
    if on("core.ignorecase") || on("core.precomposeunicode") {
        return None;
    }
    if set("extensions.refstorage") || config.get_string("extensions.objectformat").is_ok_and(|f| f != "sha1")
    {
        return None;
    }
    let common = repo.commondir();
    let mut listed = Vec::new();
    for namespace in READ {
        loose(&common.join(namespace), namespace, &mut listed)?;
    }
    let shadowed: HashSet<&[u8], foldhash::fast::RandomState> =
        listed.iter().map(|r| r.name.as_slice()).collect();
    let Packed { mut read, fully_peeled } = packed(&common.join("packed-refs"))?;
    let unpeeled_tags = match fully_peeled {
        true => read
            .iter()
            .filter(|r| r.peeled.is_none() && r.name.starts_with(b"refs/tags/"))
            .filter_map(|r| Some((r.name.clone(), r.target?)))
            .collect(),
        false => ByName::default(),
    };
    read.retain(|r| !shadowed.contains(r.name.as_slice()));
    listed.extend(read);
    Some(Read { listed, unpeeled_tags })
}

/// The loose references under `dir`, named `prefix` and their path, depth
/// first in libgit2's order; a file that is no reference is passed over,
/// as libgit2 does.
fn loose(dir: &Path, prefix: &str, into: &mut Vec<Listed>) -> Option<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Some(()),
        Err(_) => return None,
    };
    let mut sorted: Vec<(String, bool)> = Vec::new();
    for entry in entries {
        let entry = entry.ok()?;
        let kind = entry.file_type().ok()?;
        let name = entry.file_name().into_string().ok()?;
        if name.starts_with('.') || !(kind.is_dir() || kind.is_file()) {
            return None;
        }
        sorted.push(match kind.is_dir() {
            true => (format!("{name}/"), true),
            false => (name, false),
        });
    }
    sorted.sort_unstable();
    for (name, is_dir) in sorted {
        let path = format!("{prefix}{name}");
        if is_dir {
            loose(&dir.join(&name), &path, into)?;
        } else if !name.ends_with(".lock") {
            let content = fs::read(dir.join(&name)).ok()?;
            if let Some(target) = loose_target(&content) {
                into.push(Listed { name: path.into_bytes(), target, peeled: None });
            }
        }
    }
    Some(())
}

/// What a loose reference file says: `Some(None)` for a symbolic reference,
/// `Some(Some(id))` for a direct one, `None` for a file libgit2 refuses.
fn loose_target(content: &[u8]) -> Option<Option<Oid>> {
    if let Some(target) = content.strip_prefix(b"ref: ") {
        return (!target.trim_ascii_end().is_empty()).then_some(None);
    }
    let id = object_id(content)?;
    match content.get(40) {
        // libgit2 reads the file as a C string: a NUL ends it.
        None | Some(0 | b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') => Some(Some(id)),
        Some(_) => None,
    }
}

/// The object id the first 40 bytes spell in hexadecimal.
fn object_id(text: &[u8]) -> Option<Oid> {
    Oid::from_str(std::str::from_utf8(hex_id(text)?).ok()?).ok()
}

/// The first 40 bytes, if they are hexadecimal digits.
fn hex_id(text: &[u8]) -> Option<&[u8]> {
    let hex: &[u8; 40] = text.get(..40)?.try_into().ok()?;
    // Every byte checked without a branch, so that the compiler checks
    // them many at a time: a mirror's packed-refs has tens of thousands.
    let digits = hex.iter().fold(true, |all, &b| {
        let letter = b | 0x20;
        all & ((b.wrapping_sub(b'0') < 10) | (letter.wrapping_sub(b'a') < 6))
    });
    digits.then_some(hex)
}

/// A line of `packed-refs`: a name, its target and the peel recorded
/// after it, in hexadecimal.
struct Line<'t> {
    name: &'t [u8],
    target: &'t [u8],
    peel: Option<&'t [u8]>,
}

/// The references of [`READ`] that `packed-refs` holds, and whether its
/// header says `fully-peeled`.
struct Packed {
    read: Vec<Listed>,
    fully_peeled: bool,
}

/// The references of [`READ`] that `packed-refs` holds, sorted by name,
/// with the peel it records; empty without the file, `None` where libgit2
/// would refuse it (or it holds a name twice, which git never writes).
/// Every line is checked; only those of the namespaces read are kept and
/// their ids decoded (a mirror's pull request refs are most of the file).
fn packed(path: &Path) -> Option<Packed> {
    let text = match fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Some(Packed { read: Vec::new(), fully_peeled: false })
        }
        Err(_) => return None,
    };
    let mut rest = text.as_slice();
    let mut fully_peeled = false;
    if let Some(header) = rest.strip_prefix(b"# pack-refs with:") {
        let end = memchr::memchr(b'\n', header)?;
        fully_peeled = header[..end].split(|&b| b == b' ').any(|trait_| trait_ == b"fully-peeled");
        rest = &header[end + 1..];
    }
    while rest.first() == Some(&b'#') {
        rest = &rest[memchr::memchr(b'\n', rest)? + 1..];
    }
    let (mut kept, sorted) = lines(rest, false)?;
    // git writes the file sorted; any other order is sorted here, every
    // line of it, so that a name written twice is found.
    if !sorted {
        (kept, _) = lines(rest, true)?;
        kept.sort_unstable_by(|a, b| a.name.cmp(b.name));
        if kept.windows(2).any(|pair| pair[0].name == pair[1].name) {
            return None;
        }
    }
    let read = kept.into_iter().filter(|line| is_read(line.name)).map(|line| {
        Some(Listed {
            name: line.name.to_vec(),
            target: Some(object_id(line.target)?),
            peeled: match line.peel {
                Some(peel) => Some(object_id(peel)?).filter(|id| !id.is_zero()),
                None => None,
            },
        })
    });
    Some(Packed { read: read.collect::<Option<_>>()?, fully_peeled })
}

/// The reference lines of `packed-refs` (past its header), each checked as
/// libgit2 checks it: those of the namespaces read, or `all` of them; and
/// whether every name sorts after the one before (as git writes them, so
/// no name is there twice). `None` for a line libgit2 would refuse.
fn lines(mut rest: &[u8], all: bool) -> Option<(Vec<Line<'_>>, bool)> {
    let mut lines = Vec::new();
    let mut previous: &[u8] = &[];
    let mut sorted = true;
    while !rest.is_empty() {
        let target = hex_id(rest)?;
        let line = rest[40..].strip_prefix(b" ")?;
        // The line's end, or a NUL before it: a name with a NUL is refused.
        let end = memchr::memchr2(b'\n', 0, line)?;
        if line[end] == 0 {
            return None;
        }
        let name = line[..end].strip_suffix(b"\r").unwrap_or(&line[..end]);
        if name.is_empty() {
            return None;
        }
        let mut read = Line { name, target, peel: None };
        rest = &line[end + 1..];
        if let Some(peel) = rest.strip_prefix(b"^") {
            read.peel = Some(hex_id(peel)?);
            rest = &peel[40..];
            if !rest.is_empty() {
                rest = &rest[memchr::memchr(b'\n', rest)? + 1..];
            }
        }
        sorted &= previous < name;
        previous = name;
        if all || is_read(name) {
            lines.push(read);
        }
    }
    Some((lines, sorted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir)
            .env("GIT_AUTHOR_DATE", "2026-11-20T12:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-11-20T12:00:00Z")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// A repository made by git with `commits` empty commits on `main`.
    fn repository(commits: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q", "-b", "main"]);
        for n in 0..commits {
            let message = format!("commit {n}");
            let author = ["-c", "user.name=A", "-c", "user.email=a@x"];
            git(dir.path(), &[&author[..], &["commit", "-q", "--allow-empty", "-m", &message]].concat());
        }
        dir
    }

    /// What libgit2 lists of the namespaces read, in its order.
    fn by_libgit2(repo: &Repository) -> Vec<Listed> {
        let all = repo.references().unwrap().map(|r| Listed::of(&r.unwrap()));
        all.filter(|r| is_read(&r.name)).collect()
    }

    fn write(dir: &Path, path: &str, content: &[u8]) {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    #[test]
    fn the_files_list_what_libgit2_lists_in_its_order() {
        let dir = repository(2);
        let dir = dir.path();
        // Names whose order depends on a directory sorting as `name/`.
        for tag in ["v1", "v1.0", "a-b", "a/c", "a/b/d", "a0", "Z", "rel/2.0"] {
            git(dir, &["tag", tag, "HEAD~1"]);
        }
        git(dir, &["-c", "user.name=A", "-c", "user.email=a@x", "tag", "-a", "-m", "note", "v2"]);
        for pull in 1..50 {
            git(dir, &["update-ref", &format!("refs/pull/{pull}/head"), "HEAD"]);
        }
        git(dir, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
        git(dir, &["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main"]);
        git(dir, &["pack-refs", "--all"]);
        // Loose again after packing: one shadowing its packed self, one new,
        // one directory of them, one refused file, one lock.
        git(dir, &["update-ref", "refs/tags/v1", "HEAD"]);
        git(dir, &["update-ref", "refs/tags/a-c", "HEAD"]);
        git(dir, &["update-ref", "refs/tags/a/z", "HEAD"]);
        git(dir, &["update-ref", "refs/tags/a0x", "HEAD"]);
        git(dir, &["update-ref", "refs/heads/topic/x", "HEAD"]);
        git(dir, &["update-ref", "refs/replace/0000000000000000000000000000000000000001", "HEAD"]);
        write(dir, ".git/refs/tags/broken", b"not an id\n");
        write(dir, ".git/refs/tags/v9.lock", b"0123");
        let head = Repository::open(dir).unwrap().head().unwrap().target().unwrap();
        write(dir, ".git/refs/tags/spaced", format!("{head} trailing words\n").as_bytes());

        let repo = Repository::open(dir).unwrap();
        let mine = read(&repo).expect("read from the files").listed;
        assert_eq!(mine, by_libgit2(&repo));
        let names: Vec<&str> = mine.iter().map(|r| std::str::from_utf8(&r.name).unwrap()).collect();
        assert!(
            names.contains(&"refs/remotes/origin/HEAD") && names.contains(&"refs/tags/spaced"),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.starts_with("refs/pull/") || n.ends_with("broken")), "{names:?}");
        assert!(mine.iter().any(|r| r.name == b"refs/tags/v2" && r.peeled.is_some()));
    }

    /// The branch-free check of an id accepts what `is_ascii_hexdigit`
    /// accepts, every byte value at every position.
    #[test]
    fn an_id_is_forty_hexadecimal_digits_of_either_case() {
        for b in 0..=u8::MAX {
            for at in [0, 17, 39] {
                let mut id = *b"0123456789abcdefABCDEF0123456789abcdef01";
                id[at] = b;
                assert_eq!(hex_id(&id).is_some(), b.is_ascii_hexdigit(), "{b:#x} at {at}");
            }
        }
        assert!(hex_id(b"0123456789abcdefABCDEF0123456789abcdef0").is_none(), "39 digits");
    }

    #[test]
    fn packed_refs_in_any_order_list_as_libgit2_lists_them_and_every_line_is_checked() {
        let dir = repository(2);
        let dir = dir.path();
        for tag in ["v1", "v2", "v3"] {
            git(dir, &["tag", tag, "HEAD~1"]);
        }
        git(dir, &["-c", "user.name=A", "-c", "user.email=a@x", "tag", "-a", "-m", "note", "v4"]);
        for pull in 1..4 {
            git(dir, &["update-ref", &format!("refs/pull/{pull}/head"), "HEAD"]);
        }
        git(dir, &["pack-refs", "--all"]);
        let packed = fs::read_to_string(dir.join(".git/packed-refs")).unwrap();
        let (header, body) = packed.split_once('\n').unwrap();
        // Each reference with its peel line, in reverse order, one id in upper case.
        let mut entries: Vec<String> = Vec::new();
        for line in body.lines() {
            match line.strip_prefix('^') {
                Some(_) => *entries.last_mut().unwrap() += &format!("\n{line}"),
                None => entries.push(line.to_string()),
            }
        }
        entries.reverse();
        entries[0] = entries[0][..40].to_uppercase() + &entries[0][40..];
        let shuffled = format!("{header}\n{}\n", entries.join("\n"));
        write(dir, ".git/packed-refs", shuffled.as_bytes());
        let repo = Repository::open(dir).unwrap();
        let mine = read(&repo).expect("read from the files").listed;
        assert_eq!(mine, by_libgit2(&repo));
        assert_eq!(mine.len(), 5, "main and v1-v4: {mine:?}");
        // The lightweight tags, as packed-refs' own reading finds them.
        let unpeeled = read(&repo).unwrap().unpeeled_tags;
        assert_eq!(unpeeled, super::super::references::unpeeled_packed_tags(&repo));
        let mut names: Vec<&[u8]> = unpeeled.keys().map(Vec::as_slice).collect();
        names.sort();
        assert_eq!(names, [&b"refs/tags/v1"[..], b"refs/tags/v2", b"refs/tags/v3"]);
        assert!(mine.iter().any(|r| r.name == b"refs/tags/v4" && r.peeled.is_some()));
        // A name twice, or a bad peel, even among the refs not read: libgit2's turn.
        let pull = entries.iter().find(|e| e.contains("refs/pull/1/")).unwrap().clone();
        write(dir, ".git/packed-refs", format!("{shuffled}{pull}\n").as_bytes());
        assert!(read(&repo).is_none());
        write(dir, ".git/packed-refs", format!("{packed}{pull}\n^not-an-id\n").as_bytes());
        assert!(read(&repo).is_none());
        // A NUL in a name not read, before its line's end or after it.
        let id = &pull[..40];
        write(dir, ".git/packed-refs", format!("{packed}{id} refs/pull/8\0{id} refs/pull/9\n").as_bytes());
        assert!(read(&repo).is_none());
        write(dir, ".git/packed-refs", format!("{packed}{id} refs/pull/9/head\n\0").as_bytes());
        assert!(read(&repo).is_none());
    }

    #[test]
    fn what_the_reader_does_not_know_is_left_to_libgit2() {
        let dir = repository(1);
        let dir = dir.path();
        git(dir, &["tag", "v1"]);
        git(dir, &["pack-refs", "--all"]);
        let repo = Repository::open(dir).unwrap();
        assert!(read(&repo).is_some());
        // A line libgit2 refuses, a symbolic link, a case-insensitive configuration.
        let packed = fs::read_to_string(dir.join(".git/packed-refs")).unwrap();
        write(dir, ".git/packed-refs", format!("{packed}garbage\n").as_bytes());
        assert!(read(&repo).is_none());
        write(dir, ".git/packed-refs", packed.as_bytes());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join(".git/refs/heads"), dir.join(".git/refs/tags/linked"))
                .unwrap();
            assert!(read(&repo).is_none());
            fs::remove_file(dir.join(".git/refs/tags/linked")).unwrap();
        }
        git(dir, &["config", "core.ignorecase", "true"]);
        assert!(read(&Repository::open(dir).unwrap()).is_none());
    }
}
