//! Replace refs (`git replace`) and the cut of a shallow clone: the objects
//! git shows in place of those stored.

use git2::{Oid, Repository};

use super::references::References;
use super::{walk, OidSet};

/// The commits `git replace` replaced, which git shows with their
/// replacement's message, author and parents (libgit2 reads objects as
/// stored): read from `refs/replace/` (or `$GIT_REPLACE_REF_BASE`) unless
/// `GIT_NO_REPLACE_OBJECTS` or `core.useReplaceRefs = false` say not to, as
/// git does. A replacement of a replacement is followed, as far as git does.
pub(super) fn replacements(repo: &Repository, references: &References) -> walk::Replaced {
    let off = std::env::var_os("GIT_NO_REPLACE_OBJECTS").is_some()
        || repo.config().and_then(|c| c.get_bool("core.useReplaceRefs")).is_ok_and(|on| !on);
    if off {
        return walk::Replaced::default();
    }
    let base = std::env::var("GIT_REPLACE_REF_BASE").unwrap_or_else(|_| "refs/replace/".to_string());
    let base = if base.ends_with('/') { base } else { format!("{base}/") };
    let mut replaced = walk::Replaced::default();
    let Ok(references) = references.under(repo, &base, false) else { return replaced };
    for reference in &references {
        let name = std::str::from_utf8(&reference.name).ok();
        let original = name.and_then(|n| n.strip_prefix(base.as_str())).and_then(|h| Oid::from_str(h).ok());
        // A symbolic replace ref is resolved, as git does.
        let replacement = reference
            .target
            .or_else(|| name.and_then(|n| repo.find_reference(n).ok()?.resolve().ok()?.target()));
        if let (Some(original), Some(replacement)) = (original, replacement) {
            replaced.insert(original, replacement);
        }
    }
    // git follows up to five replacements of a replacement.
    let direct = replaced.clone();
    for target in replaced.values_mut() {
        for _ in 0..5 {
            match direct.get(target) {
                Some(&next) => *target = next,
                None => break,
            }
        }
    }
    replaced
}

/// The commits at which a shallow clone's history was cut (git lists them in
/// `shallow`): libgit2 shows them without parents, like root commits.
pub(super) fn shallow_boundary(repo: &Repository) -> OidSet {
    std::fs::read_to_string(repo.commondir().join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| Oid::from_str(line.trim()).ok())
        .collect()
}
