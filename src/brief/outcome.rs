//! From units of work to the items a stakeholder reads: outcomes grouped by
//! area and by issue, roadblocks with their reason, releases, and the issues
//! still in progress.

use std::collections::{HashMap, HashSet};

use super::{words, Link, MilestoneRecord, Outcome, Release, Roadblock, Style, Tracked, Tracker, WindowInfo};
use crate::classify::{revert, Bucket, Changes, Reason, Work};
use crate::history::Tag;
use crate::read;
use crate::refs::{Action, RefKind};
use crate::remote::Links;

/// The outcomes of one bucket, one per unit of work. Units that are one
/// piece of work by their issue (an issue the window closes, or the same
/// tracker key heading their subjects) become one outcome, worded after the
/// unit that closes it (else the first one); units that cite an issue still
/// open stay apart, each a piece of what was done towards it. Outcomes are
/// grouped by area, `General` last, each area in the order the work landed.
pub fn outcomes(changes: &Changes, bucket: Bucket, style: &Style) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut closed_by_lead: Vec<bool> = Vec::new();
    let mut by_issue: HashMap<&str, usize> = HashMap::new();
    let closed: HashSet<&str> = changes
        .work
        .iter()
        .flat_map(|w| &w.refs)
        .filter(|r| r.action == Action::Closes)
        .map(|r| r.id.as_str())
        .collect();
    for work in changes.work.iter().rev().filter(|w| w.bucket == bucket) {
        let issues: Vec<&str> = work
            .refs
            .iter()
            .filter(|r| r.kind == RefKind::Issue)
            .filter(|r| closed.contains(r.id.as_str()) || Some(&r.id) == work.message.key.as_ref())
            .map(|r| r.id.as_str())
            .collect();
        let fresh = outcome(work, changes, style);
        match issues.iter().find_map(|id| by_issue.get(id).copied()) {
            Some(k) => {
                let existing = &mut outcomes[k];
                if work.closes_issue() && !closed_by_lead[k] {
                    existing.area = fresh.area;
                    existing.text = fresh.text;
                    closed_by_lead[k] = true;
                }
                for r in fresh.refs {
                    if !existing.refs.contains(&r) {
                        existing.refs.push(r);
                    }
                }
                existing.commits.extend(fresh.commits);
                for id in issues {
                    by_issue.entry(id).or_insert(k);
                }
            }
            None => {
                for id in issues {
                    by_issue.insert(id, outcomes.len());
                }
                closed_by_lead.push(work.closes_issue());
                outcomes.push(fresh);
            }
        }
    }
    // Stable: within an area, the order the work landed.
    outcomes.sort_by(|a, b| (a.area == words::GENERAL, &a.area).cmp(&(b.area == words::GENERAL, &b.area)));
    outcomes
}

/// The references an item cites: its own number first, then its issues,
/// each once.
fn cited(work: &Work) -> Vec<String> {
    let mut refs: Vec<String> = work.number.iter().cloned().collect();
    for r in work.refs.iter().filter(|r| r.kind == RefKind::Issue || work.number.is_none()) {
        if !refs.contains(&r.id) {
            refs.push(r.id.clone());
        }
    }
    refs
}

/// The unit's commits, oldest first: the order the work was done.
fn commit_ids(work: &Work, changes: &Changes) -> Vec<String> {
    work.commits
        .iter()
        .rev()
        .filter_map(|&i| changes.listed.get(i))
        .map(|c| c.commit.id.to_string())
        .collect()
}

fn outcome(work: &Work, changes: &Changes, style: &Style) -> Outcome {
    Outcome {
        repository: None,
        area: words::area(work.message.area.as_deref(), &style.areas),
        text: words::outcome_text(
            work.release_text.as_deref().unwrap_or(&work.message.description),
            &style.rewrites,
        ),
        refs: cited(work),
        links: Vec::new(),
        commits: commit_ids(work, changes),
        tracker: Tracker::of(work.tracker.as_deref()),
    }
}

/// The tracker's milestones that the window's work belongs to (its own
/// pull requests and the issues it cites), soonest due first.
pub fn milestones(
    changes: &Changes,
    items: &HashMap<String, crate::tracked::Item>,
    today: chrono::NaiveDate,
) -> Vec<MilestoneRecord> {
    let mut seen: Vec<&crate::tracked::Milestone> = Vec::new();
    for work in &changes.work {
        let ids = work.number.iter().chain(work.refs.iter().map(|r| &r.id));
        for milestone in ids.filter_map(|id| items.get(id)?.milestone.as_ref()) {
            if !seen.iter().any(|m| m.title == milestone.title) {
                seen.push(milestone);
            }
        }
    }
    let mut records: Vec<MilestoneRecord> = seen
        .into_iter()
        .map(|m| {
            // The counts are the tracker's: a sum past u32 is no count at all.
            let total = m.open.zip(m.closed).and_then(|(open, closed)| open.checked_add(closed));
            let percent = total
                .filter(|&t| t > 0)
                .zip(m.closed)
                .map(|(t, closed)| (u64::from(closed) * 100 / u64::from(t)) as u32);
            let due = m.due.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let overdue = due.is_some_and(|d| d < today) && m.open.is_some_and(|open| open > 0);
            MilestoneRecord {
                repository: None,
                title: m.title.clone(),
                text: words::milestone(&m.title, m.closed, total, percent, due, overdue),
                done: m.closed,
                total,
                percent,
                due: m.due.clone(),
                overdue,
                url: m.url.clone(),
            }
        })
        .collect();
    records.sort_by(|a, b| (a.due.is_none(), &a.due, &a.title).cmp(&(b.due.is_none(), &b.due, &b.title)));
    records
}

/// Tags on the window's commits, as milestones.
pub fn releases(tags: &[Tag]) -> Vec<Release> {
    tags.iter()
        .map(|tag| Release {
            repository: None,
            tag: tag.name.clone(),
            text: words::release(&tag.name),
            commit: tag.commit.to_string(),
        })
        .collect()
}

/// The releases tagged in the window on other branches: plain ones as
/// releases, and those whose notes name advisories as one Needs attention
/// line per set of advisories (three maintenance lines closing the same
/// vulnerabilities are one security release to a reader).
pub fn side_releases(current: &Changes, style: &Style) -> (Vec<Release>, Vec<Roadblock>) {
    let mut plain = Vec::new();
    let mut secured: Vec<(&[String], Vec<&Tag>)> = Vec::new();
    for (tag, advisories) in &current.side_releases {
        if advisories.is_empty() {
            plain.extend(releases(std::slice::from_ref(tag)));
        } else if let Some((_, tags)) = secured.iter_mut().find(|(ids, _)| *ids == advisories.as_slice()) {
            tags.push(tag);
        } else {
            secured.push((advisories, vec![tag]));
        }
    }
    let attention = secured
        .into_iter()
        .map(|(ids, tags)| {
            let closes = match (tags.len(), ids.len()) {
                (1, 1) => "a security release closes a known vulnerability".to_string(),
                (1, n) => format!("a security release closes {n} known vulnerabilities"),
                (_, 1) => "security releases close a known vulnerability".to_string(),
                (_, n) => format!("security releases close {n} known vulnerabilities"),
            };
            let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
            Roadblock {
                repository: None,
                area: words::area(None, &style.areas),
                reason: Reason::Security,
                note: format!("{closes} ({})", ids.join(", ")),
                text: words::releases(&names),
                refs: Vec::new(),
                links: Vec::new(),
                commits: tags.iter().map(|t| t.commit.to_string()).collect(),
            }
        })
        .collect();
    (plain, attention)
}

/// Everything that needs attention, most serious first: rollbacks,
/// breaking changes, security fixes, unstable areas, blocked work.
pub fn roadblocks(
    current: &Changes,
    previous: Option<&Changes>,
    style: &Style,
    window: &WindowInfo,
) -> Vec<Roadblock> {
    let mut roadblocks: Vec<Roadblock> = Vec::new();
    for work in current.work.iter().rev().filter(|w| w.bucket == Bucket::Attention) {
        let Some(reason) = work.reason else { continue };
        let m = &work.message;
        let item = |note: String, text: String, area: String| Roadblock {
            repository: None,
            area,
            reason,
            note,
            text,
            refs: cited(work),
            links: Vec::new(),
            commits: commit_ids(work, current),
        };
        let area = || words::area(m.area.as_deref(), &style.areas);
        let text =
            || words::outcome_text(work.release_text.as_deref().unwrap_or(&m.description), &style.rewrites);
        roadblocks.push(match reason {
            // Listed once, with the revert that undid it.
            Reason::RolledBack | Reason::Unstable => continue,
            Reason::Reverted => match work.reverts.and_then(|k| current.work.get(k)) {
                Some(original) => {
                    let mut pair = item(
                        "a change was rolled back".to_string(),
                        words::outcome_text(&original.message.description, &style.rewrites),
                        words::area(original.message.area.as_deref(), &style.areas),
                    );
                    for r in cited(original) {
                        if !pair.refs.contains(&r) {
                            pair.refs.push(r);
                        }
                    }
                    pair.commits.splice(0..0, commit_ids(original, current));
                    pair
                }
                None => {
                    let undone = revert::reverted_subject(&work.title, &m.description)
                        .map(|subject| read::read(&subject, &read::Lexicon::default()))
                        .unwrap_or_else(|| m.clone());
                    let mut earlier = item(
                        "earlier work was rolled back".to_string(),
                        words::outcome_text(&undone.description, &style.rewrites),
                        words::area(undone.area.as_deref().or(m.area.as_deref()), &style.areas),
                    );
                    // The pull request that was rolled back, when its subject names it.
                    earlier.refs.extend(words::squash_reference(&undone.description));
                    earlier
                }
            },
            Reason::Breaking => {
                item("a breaking change that users of the system must adapt to".into(), text(), area())
            }
            Reason::Security => {
                // The ids the line itself does not already name.
                let line = text();
                let ids: Vec<&str> =
                    work.advisories.iter().map(String::as_str).filter(|id| !line.contains(id)).collect();
                let ids = match ids.is_empty() {
                    true => String::new(),
                    false => format!(" ({})", ids.join(", ")),
                };
                let closes = |what: &str| match work.advisories.len() {
                    1 => format!("{what} closes a known vulnerability{ids}"),
                    n => format!("{what} closes {n} known vulnerabilities{ids}"),
                };
                if work.security_release {
                    // A release is the whole product's, whatever its first fix touched.
                    item(closes("a security release"), line, words::area(None, &style.areas))
                } else if work.kind_of_work() == "deps" && !work.advisories.is_empty() {
                    item(closes("a dependency update"), line, area())
                } else {
                    item(format!("a security fix shipped{ids}"), line, area())
                }
            }
            Reason::Deprecated => item("deprecated: users should move away from it".into(), text(), area()),
            Reason::Critical => item("marked critical in the issue tracker".into(), text(), area()),
            // Added from the milestones, not from a unit of work.
            Reason::Overdue => continue,
            Reason::Blocked => {
                let by = m.footers.iter().find(|f| f.token.to_ascii_lowercase().contains("block"));
                let note = match by {
                    Some(footer) => {
                        format!("blocked by {}", footer.value.lines().next().unwrap_or("").trim())
                    }
                    None => "marked as unfinished".to_string(),
                };
                item(note, text(), area())
            }
        });
    }
    roadblocks.extend(unstable_areas(current, previous, style, window));
    roadblocks.sort_by_key(rank);
    roadblocks
}

/// Where a roadblock stands in Needs attention: most important first, so
/// that "…and N more" drops the least.
pub fn rank(roadblock: &Roadblock) -> u8 {
    match roadblock.reason {
        Reason::Critical => 0,
        Reason::Security => 1,
        Reason::Reverted | Reason::RolledBack => 2,
        Reason::Breaking => 3,
        Reason::Deprecated => 4,
        Reason::Overdue | Reason::Unstable => 5,
        Reason::Blocked => 6,
    }
}

/// The open tracker items the window's work is tied to that the tracker
/// labels blocked or critical (`blocked`, `critical`, `P0`, `sev1`,
/// `incident`, and the team's own `[classify] labels`): taken out of
/// `in_progress`, as roadblocks. Work that is stuck or urgent is what a
/// stakeholder must hear about, not one name in a list of open issues.
pub fn flagged(
    in_progress: &mut Vec<Tracked>,
    changes: &Changes,
    labels: &crate::classify::labels::Labels,
    style: &Style,
) -> Vec<Roadblock> {
    let reason_of = |tracked: &Tracked| {
        let reasons = tracked.tracker.labels.iter().filter_map(|label| label_reason(labels, label));
        reasons
            .filter(|r| matches!(r, Reason::Critical | Reason::Blocked))
            .min_by_key(|r| *r != Reason::Critical)
    };
    let mut roadblocks = Vec::new();
    in_progress.retain(|tracked| {
        let Some(reason) = reason_of(tracked) else { return true };
        // The area of the work that cites it, as its outcome would show.
        let work = changes
            .work
            .iter()
            .find(|w| tracked.commits.first().is_some_and(|first| commit_ids(w, changes).contains(first)));
        let note = match reason {
            Reason::Critical => "marked critical in the issue tracker, and not closed yet",
            _ => "blocked in the issue tracker",
        };
        roadblocks.push(Roadblock {
            repository: None,
            area: words::area(work.and_then(|w| w.message.area.as_deref()), &style.areas),
            reason,
            note: note.to_string(),
            text: tracked.tracker.title.clone().unwrap_or_else(|| tracked.reference.clone()),
            refs: vec![tracked.reference.clone()],
            links: Vec::new(),
            commits: tracked.commits.clone(),
        });
        false
    });
    roadblocks
}

/// The reason for attention a tracker label gives: as written (`P0`),
/// else its last word after `:` or `/` (`priority/P0`), as the
/// classification reads the labels of merged work.
fn label_reason(labels: &crate::classify::labels::Labels, label: &str) -> Option<Reason> {
    labels.of(label).and_then(|placement| placement.reason)
}

fn is_fix(work: &Work) -> bool {
    work.bucket == Bucket::Fixed || work.reason == Some(Reason::Security)
}

/// Fixes per area, and all the area's units of work (noise left out).
fn fixes_by_area<'c>(changes: &'c Changes, style: &Style) -> Vec<(String, Vec<&'c Work>, usize)> {
    let mut areas: Vec<(String, Vec<&Work>, usize)> = Vec::new();
    for work in changes.work.iter().rev().filter(|w| w.bucket != Bucket::Noise) {
        let area = words::area(work.message.area.as_deref(), &style.areas);
        let at = match areas.iter().position(|(a, _, _)| *a == area) {
            Some(at) => at,
            None => {
                areas.push((area, Vec::new(), 0));
                areas.len() - 1
            }
        };
        areas[at].2 += 1;
        if is_fix(work) {
            areas[at].1.push(work);
        }
    }
    areas
}

/// Areas whose fixes are unusual for them: at least `fix_streak`, at least
/// twice as many as in the previous window (when there is one), and at
/// least half of the area's own work. A busy area that always fixes a lot
/// is not unstable, nor is `General`, an area nobody owns.
fn unstable_areas(
    current: &Changes,
    previous: Option<&Changes>,
    style: &Style,
    window: &WindowInfo,
) -> Vec<Roadblock> {
    let period = &window.period;
    let before: HashMap<String, usize> = previous
        .map(|p| fixes_by_area(p, style).into_iter().map(|(area, fixes, _)| (area, fixes.len())).collect())
        .unwrap_or_default();
    fixes_by_area(current, style)
        .into_iter()
        .filter(|(area, fixes, total)| {
            let was = before.get(area).copied().unwrap_or(0);
            area != words::GENERAL
                && fixes.len() >= style.fix_streak
                && (previous.is_none() || fixes.len() >= 2 * was.max(1))
                && fixes.len() * 2 >= *total
        })
        .map(|(area, fixes, _)| {
            let mut refs: Vec<String> = Vec::new();
            for r in fixes.iter().flat_map(|w| cited(w)) {
                if !refs.contains(&r) {
                    refs.push(r);
                }
            }
            let fixes_now = words::plural(fixes.len() as u64, "fix", "fixes");
            let note = match (&window.previous_period, before.get(&area).copied().unwrap_or(0)) {
                (Some(earlier), 0) => {
                    format!("{fixes_now} {period}, against none {earlier}: the area looks unstable")
                }
                (Some(earlier), was) => {
                    format!("{fixes_now} {period}, against {was} {earlier}: the area looks unstable")
                }
                (None, _) => format!("{fixes_now} {period}: the area looks unstable"),
            };
            Roadblock {
                repository: None,
                area,
                reason: Reason::Unstable,
                note,
                text: String::new(),
                refs,
                links: Vec::new(),
                commits: fixes.iter().flat_map(|w| commit_ids(w, current)).collect(),
            }
        })
        .collect()
}

/// Issues the window's work is tied to in the team's own words (a subject,
/// a `Refs #12` line, a tracker key; not a mention in passing), that no unit
/// closed and that are not pull requests merged in it, oldest first. A
/// revert is not work on the issues it cites; another repository's issue is
/// not this team's work in progress; a ticket that heads a unit's subject
/// names work that landed.
pub fn in_progress(
    changes: &Changes,
    items: &HashMap<String, crate::tracked::Item>,
    closed_elsewhere: &[String],
) -> Vec<Tracked> {
    let live = || changes.work.iter().filter(|w| !w.bot && w.natural.1 != Some(Reason::Reverted));
    // Closed by the window's work, or by the pull request's own description.
    let closed: HashSet<&str> = live()
        .flat_map(|w| &w.refs)
        .filter(|r| r.action == Action::Closes)
        .map(|r| r.id.as_str())
        .chain(closed_elsewhere.iter().map(String::as_str))
        .collect();
    let merged: HashSet<&str> = changes.work.iter().filter_map(|w| w.number.as_deref()).collect();
    let shown: HashSet<&str> = live().filter_map(|w| w.message.key.as_deref()).collect();
    let mut tracked: Vec<Tracked> = Vec::new();
    for work in live().collect::<Vec<_>>().into_iter().rev() {
        for r in work.refs.iter().filter(|r| {
            let id = r.id.as_str();
            r.kind == RefKind::Issue
                && !closed.contains(id)
                && !merged.contains(id)
                && !shown.contains(id)
                && !id.contains('/')
                && work.tracked.iter().any(|t| t == id)
                // The tracker knows better: an issue closed (long ago, or
                // by other work) is not in progress.
                && items.get(id).is_none_or(|item| item.state == crate::tracked::ItemState::Open)
        }) {
            let ids = commit_ids(work, changes);
            match tracked.iter_mut().find(|t| t.reference == r.id) {
                Some(t) => t.commits.extend(ids),
                None => tracked.push(Tracked {
                    repository: None,
                    reference: r.id.clone(),
                    commits: ids,
                    tracker: Tracker::of(items.get(&r.id)),
                }),
            }
        }
    }
    tracked
}

/// Every reference of a window by id, to link the items that cite them.
pub fn references(changes: &Changes) -> HashMap<&str, &crate::refs::Reference> {
    let all = changes.work.iter().flat_map(|w| &w.refs).chain(changes.listed.iter().flat_map(|c| &c.refs));
    all.map(|r| (r.id.as_str(), r)).collect()
}

/// Fills in the web address of every reference an item cites.
pub fn link(refs: &[String], known: &HashMap<&str, &crate::refs::Reference>, links: &Links) -> Vec<Link> {
    refs.iter()
        .map(|id| {
            let url = match known.get(id.as_str()) {
                Some(reference) => links.url(reference),
                None => links.url(&crate::refs::Reference {
                    id: id.clone(),
                    kind: RefKind::PullRequest,
                    action: Action::Refs,
                }),
            };
            Link { id: id.clone(), url }
        })
        .collect()
}
