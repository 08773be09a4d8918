//! Pairing reverts with the work they undid, and reapplies with their reverts.
//!
//! A revert is a `revert:` commit, git's `Revert "…"` subject, any commit whose
//! body says `This reverts commit <id>`, or a pull request titled so (GitHub's
//! revert button writes `Reverts owner/repo#12` in its body). When the reverted
//! work is in the same window, it was never really delivered: both become one
//! roadblock ("rolled back"). A later `Reapply "…"` restores the work: the
//! original is delivered after all, and the revert and the reapply cancel out.

use std::sync::LazyLock;

use crate::text::Constant;

use super::{Bucket, Change, Reason, Work};

static REVERTS_COMMIT: LazyLock<Constant> =
    LazyLock::new(|| Constant::new(r"(?i)(?-u:\b)This reverts commit ([0-9a-f]{7,64})(?-u:\b)"));

static REVERTS_PULL_REQUEST: LazyLock<Constant> = LazyLock::new(|| {
    Constant::new(r"(?im)^\s*Reverts\s+(?:[0-9A-Za-z_.-]+/[0-9A-Za-z_.-]+)?#([1-9][0-9]{0,9})(?-u:\b)")
});

/// What a revert says it undid.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Target {
    /// Full or abbreviated commit ids from the bodies.
    pub ids: Vec<String>,
    /// The pull request it reverts (`#12`).
    pub number: Option<String>,
    /// The subject of the reverted work (`feat(auth): remember this device`).
    pub subject: Option<String>,
}

/// A revert by type (`revert:`, git's `Revert "…"`) or by its body.
pub(crate) fn is_revert(kind: &str, message: &str) -> bool {
    kind == "revert" || REVERTS_COMMIT.is_match(message)
}

/// Reads what a revert unit undid; `None` when it is not a revert.
pub(crate) fn target(work: &Work, listed: &[Change]) -> Option<Target> {
    if work.natural.1 != Some(Reason::Reverted) {
        return None;
    }
    let members = work.commits.iter().filter_map(|&i| listed.get(i));
    let ids = members
        .flat_map(|c| {
            REVERTS_COMMIT
                .captures_iter(&c.commit.message)
                .map(|m| m[1].to_ascii_lowercase())
                .collect::<Vec<_>>()
        })
        .collect();
    let number = REVERTS_PULL_REQUEST.captures(&work.title).map(|c| format!("#{}", &c[1])).or_else(|| {
        work.message
            .body
            .as_deref()
            .and_then(|b| REVERTS_PULL_REQUEST.captures(b))
            .map(|c| format!("#{}", &c[1]))
    });
    Some(Target { ids, number, subject: reverted_subject(&work.title, &work.message.description) })
}

/// The subject a revert names: git's `Revert "subject"`, or the description
/// of `revert: subject`.
pub(crate) fn reverted_subject(subject: &str, description: &str) -> Option<String> {
    quoted(subject, "Revert").or_else(|| {
        let d = description.trim();
        (!d.is_empty() && d != subject.trim()).then(|| d.to_string())
    })
}

/// `Word "subject"`: the quoted subject.
fn quoted(subject: &str, word: &str) -> Option<String> {
    let rest = subject.trim().strip_prefix(word)?.trim_start().strip_prefix('"')?;
    rest.rfind('"').map(|end| rest[..end].to_string())
}

/// Whether `work` is what `target` names.
fn is_target(work: &Work, target: &Target, listed: &[Change]) -> bool {
    let members = || work.commits.iter().filter_map(|&i| listed.get(i));
    let by_id =
        target.ids.iter().any(|id| members().any(|c| c.commit.id.to_string().starts_with(id.as_str())));
    let by_number = target.number.is_some() && target.number == work.number;
    let by_subject = target.subject.as_deref().is_some_and(|s| {
        work.title == s || members().any(|c| c.commit.subject() == s || c.message.description == s)
    });
    if target.ids.is_empty() {
        by_number || by_subject
    } else {
        by_id
    }
}

/// Marks each revert unit of this window and the unit of this window it undid,
/// then lets each reapply cancel the revert it answers. `work` is newest first;
/// a revert can only undo older work.
pub(crate) fn pair(work: &mut [Work], listed: &[Change]) {
    for i in 0..work.len() {
        let Some(target) = target(&work[i], listed) else { continue };
        let undone = (i + 1..work.len()).find(|&j| {
            work[j].reverted_by.is_none()
                && work[j].natural.1 != Some(Reason::Reverted)
                && is_target(&work[j], &target, listed)
        });
        if let Some(j) = undone {
            work[i].reverts = Some(j);
            work[j].reverted_by = Some(i);
            // A revert of internal work (its paths said so) rolls back
            // nothing a stakeholder had.
            if work[i].reason != Some(Reason::Reverted) {
                continue;
            }
            work[j].bucket = Bucket::Attention;
            work[j].reason = Some(Reason::RolledBack);
        }
    }
    for i in 0..work.len() {
        if !work[i].message.reapply {
            continue;
        }
        let restored = quoted(&work[i].title, "Reapply");
        let Some(restored) = restored else { continue };
        let answered = (i + 1..work.len()).find(|&j| {
            work[j].reason == Some(Reason::Reverted)
                && target(&work[j], listed).and_then(|t| t.subject).as_deref() == Some(restored.as_str())
        });
        let Some(j) = answered else { continue };
        if let Some(k) = work[j].reverts {
            (work[k].bucket, work[k].reason) = work[k].natural;
            work[k].reverted_by = None;
        }
        for n in [i, j] {
            work[n].bucket = Bucket::Noise;
            work[n].reason = None;
        }
        work[j].reverts = None;
    }
}
