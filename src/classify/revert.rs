//! Pairing reverts with the work they undid.
//!
//! A revert is a `revert:` commit, git's `Revert "…"` subject, or any commit
//! whose body says `This reverts commit <id>`. When the reverted commit is
//! in the same window, the work was never really delivered: both commits
//! become one roadblock ("rolled back") and neither counts as delivered.

use std::sync::LazyLock;

use regex::Regex;

use super::{Bucket, Change, Reason};

static REVERTS_COMMIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bThis reverts commit ([0-9a-f]{7,64})\b").unwrap_or_else(|e| unreachable!("{e}"))
});

/// What a revert says it undid.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Target {
    /// A full or abbreviated commit id from the body.
    pub id: Option<String>,
    /// The subject of the reverted commit (`feat(auth): remember this device`).
    pub subject: Option<String>,
}

/// A revert by type (`revert:`, git's `Revert "…"`) or by its body.
pub(crate) fn is_revert(kind: &str, message: &str) -> bool {
    kind == "revert" || REVERTS_COMMIT.is_match(message)
}

/// Reads what `change` reverts; `None` when it is not a revert.
pub(crate) fn target(change: &Change) -> Option<Target> {
    if !is_revert(&change.message.kind, &change.commit.message) {
        return None;
    }
    let id = REVERTS_COMMIT.captures(&change.commit.message).map(|c| c[1].to_ascii_lowercase());
    Some(Target { id, subject: reverted_subject(change.commit.subject(), &change.message.description) })
}

/// The subject a revert names: git's `Revert "subject"`, or the description
/// of `revert: subject`.
pub(crate) fn reverted_subject(subject: &str, description: &str) -> Option<String> {
    let quoted = subject
        .trim()
        .strip_prefix("Revert")
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix('"'))
        .and_then(|rest| rest.rfind('"').map(|end| rest[..end].to_string()));
    quoted.or_else(|| {
        let d = description.trim();
        (!d.is_empty()).then(|| d.to_string())
    })
}

/// Marks each revert of this window and the commit of this window it undid.
/// `changes` is newest first; a revert can only undo an older commit.
pub(crate) fn pair(changes: &mut [Change]) {
    for i in 0..changes.len() {
        let Some(target) = target(&changes[i]) else { continue };
        let undone = (i + 1..changes.len()).find(|&j| {
            let candidate = &changes[j];
            candidate.reverted_by.is_none()
                && match (&target.id, &target.subject) {
                    (Some(id), _) => candidate.commit.id.to_string().starts_with(id.as_str()),
                    (None, Some(subject)) => candidate.commit.subject() == subject,
                    (None, None) => false,
                }
        });
        if let Some(j) = undone {
            let (revert, original) = (changes[i].commit.id, changes[j].commit.id);
            changes[i].reverts = Some(original);
            changes[j].reverted_by = Some(revert);
            changes[j].bucket = Bucket::Attention;
            changes[j].reason = Some(Reason::RolledBack);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Rules;
    use crate::history::Commit;
    use crate::refs::RefReader;
    use chrono::DateTime;
    use git2::Oid;

    fn change(id: &str, message: &str) -> Change {
        let time = DateTime::parse_from_rfc3339("2026-11-18T10:00:00+01:00").unwrap();
        let commit = Commit {
            id: Oid::from_str(id).unwrap(),
            author: "Ada".into(),
            email: "ada@example.com".into(),
            time,
            landed: time,
            message: message.into(),
            parents: 1,
            stats: None,
        };
        Change::read(commit, &RefReader::new(&[], None).unwrap(), &Rules::default())
    }

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const C: &str = "cccccccccccccccccccccccccccccccccccccccc";

    #[test]
    fn git_reverts_pair_by_the_id_in_their_body() {
        let mut changes = vec![
            change(B, &format!("Revert \"feat(auth): remember this device\"\n\nThis reverts commit {A}.\n")),
            change(C, "feat(auth): remember this device"),
            change(A, "feat(auth): remember this device"),
        ];
        pair(&mut changes);
        assert_eq!(changes[0].reverts, Some(Oid::from_str(A).unwrap()));
        assert_eq!((changes[2].bucket, changes[2].reason), (Bucket::Attention, Some(Reason::RolledBack)));
        // Same subject, but not the commit the body names.
        assert_eq!(changes[1].bucket, Bucket::Delivered);
    }

    #[test]
    fn abbreviated_ids_and_subjects_pair_too() {
        let mut by_prefix =
            vec![change(B, "revert: undo it\n\nThis reverts commit aaaaaaa."), change(A, "feat: it")];
        pair(&mut by_prefix);
        assert_eq!(by_prefix[1].reverted_by, Some(Oid::from_str(B).unwrap()));

        let mut by_subject =
            vec![change(B, "revert: feat(search): filters"), change(A, "feat(search): filters")];
        pair(&mut by_subject);
        assert_eq!(by_subject[0].reverts, Some(Oid::from_str(A).unwrap()));
        assert_eq!(by_subject[1].reason, Some(Reason::RolledBack));
    }

    #[test]
    fn a_revert_of_older_work_stays_alone() {
        let mut changes =
            vec![change(B, "Revert \"feat: search suggestions\""), change(A, "feat: other work")];
        pair(&mut changes);
        assert_eq!((changes[0].reverts, changes[0].reason), (None, Some(Reason::Reverted)));
        assert_eq!(changes[1].bucket, Bucket::Delivered);
        assert_eq!(target(&changes[0]).unwrap().subject.as_deref(), Some("feat: search suggestions"));
        assert_eq!(target(&changes[1]), None);
    }
}
