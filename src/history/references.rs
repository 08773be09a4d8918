//! The repository's references, read once for a brief. libgit2 copies its
//! whole packed-refs cache for every listing, however narrow the glob: a
//! clone with GitHub's pull request refs (11,000 in spring-boot's) paid that
//! copy once for the replace refs, once for the other branches and three
//! times for the tags, a third of a week's brief.

use std::borrow::Cow;

use git2::{Oid, Repository};

/// One reference as listed: where it points, and the peel packed-refs records.
#[derive(Clone)]
pub(super) struct Listed {
    pub name: Vec<u8>,
    /// `None` for a symbolic reference.
    pub target: Option<Oid>,
    pub peeled: Option<Oid>,
}

/// Every reference, listed once; `None` when one could not be read, and then
/// each question lists its own as before, so that a damaged reference costs
/// what it cost then.
pub(super) struct References(Option<Vec<Listed>>);

impl References {
    pub fn read(repo: &Repository) -> References {
        let listed = repo.references().ok().and_then(|all| {
            all.map(|r| {
                r.map(|r| Listed {
                    name: r.name_bytes().to_vec(),
                    target: r.target(),
                    peeled: r.target_peel(),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .ok()
        });
        References(listed)
    }

    /// The references whose names start with `prefix`, in libgit2's order:
    /// a listing of `prefix*`. Listed again, one that cannot be read is an
    /// error when `strict`, else skipped.
    pub fn under(&self, repo: &Repository, prefix: &str, strict: bool) -> Result<Vec<Listed>, git2::Error> {
        match &self.0 {
            // A glob character in the prefix would make it a pattern.
            Some(all) if !prefix.contains(['*', '?', '[', '\\']) => Ok(all
                .iter()
                .filter(|r| r.name.len() > prefix.len() && r.name.starts_with(prefix.as_bytes()))
                .cloned()
                .collect()),
            _ => {
                let mut found = Vec::new();
                for r in repo.references_glob(&format!("{prefix}*"))? {
                    let r = match r {
                        Ok(r) => r,
                        Err(e) if strict => return Err(e),
                        Err(_) => continue,
                    };
                    found.push(Listed {
                        name: r.name_bytes().to_vec(),
                        target: r.target(),
                        peeled: r.target_peel(),
                    });
                }
                Ok(found)
            }
        }
    }

    /// Every reference, skipping those that cannot be read.
    pub fn all(&self, repo: &Repository) -> Result<Cow<'_, [Listed]>, git2::Error> {
        match &self.0 {
            Some(all) => Ok(Cow::Borrowed(all)),
            None => Ok(Cow::Owned(
                repo.references()?
                    .flatten()
                    .map(|r| Listed {
                        name: r.name_bytes().to_vec(),
                        target: r.target(),
                        peeled: r.target_peel(),
                    })
                    .collect(),
            )),
        }
    }
}
