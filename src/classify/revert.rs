//! Pairing reverts with the work they undid, and reapplies with their reverts.
//!
//! A revert is a `revert:` commit, git's `Revert "…"` subject, any commit whose
//! body says `This reverts commit <id>`, or a pull request titled so (GitHub's
//! revert button writes `Reverts owner/repo#12` in its body). When the reverted
//! work is in the same window, it was never really delivered: both become one
//! roadblock ("rolled back"). A later `Reapply "…"` restores the work: the
//! original is delivered after all, and the revert and the reapply cancel out.

use std::collections::HashMap;
use std::sync::LazyLock;

use git2::Oid;

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

/// The units each revert may have undone, found in one pass over the
/// window instead of one per revert: a long history holds hundreds of
/// reverts and tens of thousands of units.
///
/// For each target, in order, the units it names, oldest last: by a
/// member's commit id when the revert cites ids (and then only so), else by
/// the pull request number or by the subject (the unit's title, a member's
/// subject or description).
fn named<'a>(work: &'a [Work], listed: &'a [Change], targets: &'a [(usize, Target)]) -> Vec<Vec<usize>> {
    let members = |w: &'a Work| w.commits.iter().filter_map(|&i| listed.get(i));
    let mut named = vec![Vec::new(); targets.len()];
    let by_id = targets.iter().any(|(_, t)| !t.ids.is_empty());
    if by_id {
        let mut ids: Vec<(Oid, usize)> =
            work.iter().enumerate().flat_map(|(j, w)| members(w).map(move |c| (c.commit.id, j))).collect();
        ids.sort_unstable();
        for ((_, target), named) in targets.iter().zip(&mut named) {
            for prefix in &target.ids {
                named.extend(starting_with(&ids, prefix));
            }
        }
    }
    // Numbers and subjects, for the targets that cite no id: the units
    // naming each, found by one look-up per unit and text.
    let unnamed = || targets.iter().zip(0..).filter(|((_, t), _)| t.ids.is_empty());
    let mut numbers: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut subjects: HashMap<&str, Vec<usize>> = HashMap::new();
    for ((_, target), _) in unnamed() {
        numbers.extend(target.number.as_deref().map(|n| (n, Vec::new())));
        subjects.extend(target.subject.as_deref().map(|s| (s, Vec::new())));
    }
    if !numbers.is_empty() || !subjects.is_empty() {
        for (j, w) in work.iter().enumerate() {
            if let Some(units) = w.number.as_deref().and_then(|n| numbers.get_mut(n)) {
                units.push(j);
            }
            let texts = std::iter::once(w.title.as_str())
                .chain(members(w).flat_map(|c| [c.commit.subject(), c.message.description.as_str()]));
            for text in texts {
                if let Some(units) = subjects.get_mut(text) {
                    units.push(j);
                }
            }
        }
        for ((_, target), t) in unnamed() {
            let by_number = target.number.as_deref().and_then(|n| numbers.get(n));
            let by_subject = target.subject.as_deref().and_then(|s| subjects.get(s));
            named[t].extend(by_number.into_iter().chain(by_subject).flatten());
        }
    }
    for named in &mut named {
        named.sort_unstable();
        named.dedup();
    }
    named
}

/// The units of `ids` (sorted) whose commit id starts with `prefix`, an
/// abbreviated id in lower case.
fn starting_with<'a>(ids: &'a [(Oid, usize)], prefix: &'a str) -> impl Iterator<Item = usize> + 'a {
    // A prefix longer than an id begins none: no id's digits equal it.
    let digits: Option<Vec<u8>> = prefix.chars().map(|c| c.to_digit(16).map(|d| d as u8)).collect();
    let start = digits.as_ref().map_or(ids.len(), |digits| {
        ids.partition_point(|(id, _)| nibbles(id).take(digits.len()).lt(digits.iter().copied()))
    });
    ids[start..]
        .iter()
        .take_while(move |(id, _)| {
            digits.as_ref().is_some_and(|d| nibbles(id).take(d.len()).eq(d.iter().copied()))
        })
        .map(|&(_, j)| j)
}

/// An id's hexadecimal digits, as numbers.
fn nibbles(id: &Oid) -> impl Iterator<Item = u8> + '_ {
    id.as_bytes().iter().flat_map(|b| [b >> 4, b & 0xf])
}

/// Marks each revert unit of this window and the unit of this window it undid,
/// then lets each reapply cancel the revert it answers. `work` is newest first;
/// a revert can only undo older work.
pub(crate) fn pair(work: &mut [Work], listed: &[Change]) {
    let targets: Vec<(usize, Target)> =
        work.iter().enumerate().filter_map(|(i, w)| Some((i, target(w, listed)?))).collect();
    if targets.is_empty() {
        return;
    }
    let named = named(work, listed, &targets);
    for (&(i, _), named) in targets.iter().zip(&named) {
        let undone = named
            .iter()
            .copied()
            .find(|&j| j > i && work[j].reverted_by.is_none() && work[j].natural.1 != Some(Reason::Reverted));
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
        let answered = targets.iter().find(|(j, t)| {
            *j > i
                && work[*j].reason == Some(Reason::Reverted)
                && t.subject.as_deref() == Some(restored.as_str())
        });
        let Some(&(j, _)) = answered else { continue };
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
