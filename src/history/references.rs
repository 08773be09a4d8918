//! The repository's references, read once for a brief. libgit2 copies its
//! whole packed-refs cache for every listing, however narrow the glob: a
//! clone with GitHub's pull request refs (11,000 in spring-boot's) paid that
//! copy once for the replace refs, once for the other branches and three
//! times for the tags, a third of a week's brief. Even once, sorting and
//! copying 5,000 pull request refs a brief never looks at was a fifth of a
//! week's: the namespaces a brief reads are read from the files
//! ([`super::ref_files`]), in libgit2's order, and libgit2 lists them only
//! where those files hold something the reader does not know.

use std::cell::OnceCell;

use git2::{Oid, Reference, Repository};

use super::ref_files::{self, ByName};

/// One reference as listed: where it points, and the peel packed-refs records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Listed {
    pub name: Vec<u8>,
    /// `None` for a symbolic reference.
    pub target: Option<Oid>,
    pub peeled: Option<Oid>,
}

impl Listed {
    pub(super) fn of(reference: &Reference) -> Listed {
        Listed {
            name: reference.name_bytes().to_vec(),
            target: reference.target(),
            peeled: reference.target_peel(),
        }
    }
}

/// The references of the namespaces a brief reads ([`ref_files::READ`]),
/// listed once (`None` when one could not be read, and then each question
/// lists its own as before, so that a damaged reference costs what it cost
/// then), and packed-refs' unpeeled tags, read when first asked.
pub(super) struct References {
    listed: Option<Vec<Listed>>,
    unpeeled: OnceCell<ByName<Oid>>,
}

impl References {
    pub fn read(repo: &Repository) -> References {
        let unpeeled = OnceCell::new();
        if let Some(read) = ref_files::read(repo) {
            let _ = unpeeled.set(read.unpeeled_tags);
            return References { listed: Some(read.listed), unpeeled };
        }
        let listed = repo.references().ok().and_then(|all| {
            all.map(|r| r.map(|r| Listed::of(&r)))
                .filter(|r| r.as_ref().map_or(true, |r| ref_files::is_read(&r.name)))
                .collect::<Result<Vec<_>, _>>()
                .ok()
        });
        References { listed, unpeeled }
    }

    /// The references whose names start with `prefix`, in libgit2's order:
    /// a listing of `prefix*`. Listed again, one that cannot be read is an
    /// error when `strict`, else skipped.
    pub fn under(&self, repo: &Repository, prefix: &str, strict: bool) -> Result<Vec<Listed>, git2::Error> {
        match &self.listed {
            // A glob character in the prefix would make it a pattern.
            Some(all) if ref_files::is_read(prefix.as_bytes()) && !prefix.contains(['*', '?', '[', '\\']) => {
                Ok(all
                    .iter()
                    .filter(|r| r.name.len() > prefix.len() && r.name.starts_with(prefix.as_bytes()))
                    .cloned()
                    .collect())
            }
            _ => {
                let mut found = Vec::new();
                for r in repo.references_glob(&format!("{prefix}*"))? {
                    let r = match r {
                        Ok(r) => r,
                        Err(e) if strict => return Err(e),
                        Err(_) => continue,
                    };
                    found.push(Listed::of(&r));
                }
                Ok(found)
            }
        }
    }

    /// The tags packed-refs holds without a peeled line (see
    /// [`unpeeled_packed_tags`]): found with the references when they were
    /// read from the files, else read from packed-refs once a brief.
    pub fn unpeeled_tags(&self, repo: &Repository) -> &ByName<Oid> {
        self.unpeeled.get_or_init(|| unpeeled_packed_tags(repo))
    }
}

/// The tags packed-refs holds without a peeled line, with their targets,
/// when git wrote it `fully-peeled`: git then records the peel of every
/// annotated tag it packs, so these are lightweight tags of the object they
/// name. Empty when the file is missing or does not say so.
pub(super) fn unpeeled_packed_tags(repo: &Repository) -> ByName<Oid> {
    let Ok(text) = std::fs::read(repo.commondir().join("packed-refs")) else { return ByName::default() };
    let mut lines = text.split(|&b| b == b'\n');
    let fully_peeled = lines.next().is_some_and(|header| {
        header.starts_with(b"# pack-refs with:") && header.split(|&b| b == b' ').any(|w| w == b"fully-peeled")
    });
    let mut found = ByName::default();
    if !fully_peeled {
        return found;
    }
    let mut last: Option<&[u8]> = None;
    for line in lines {
        if line.starts_with(b"^") {
            if let Some(name) = last.take() {
                found.remove(name);
            }
            continue;
        }
        last = None;
        let Some((hex, name)) = line.split_at_checked(40) else { continue };
        let Some(name) = name.strip_prefix(b" ").filter(|n| n.starts_with(b"refs/tags/")) else { continue };
        let Some(id) = std::str::from_utf8(hex).ok().and_then(|hex| Oid::from_str(hex).ok()) else {
            continue;
        };
        found.insert(name.to_vec(), id);
        last = Some(name);
    }
    found
}
