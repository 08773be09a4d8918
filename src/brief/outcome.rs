//! From changes to the items a stakeholder reads: outcomes grouped by area
//! and by issue, roadblocks with their reason, releases, and the issues
//! still in progress.

use std::collections::{HashMap, HashSet};

use super::{words, Link, Outcome, Release, Roadblock, Style, Tracked};
use crate::classify::revert;
use crate::classify::{Bucket, Change, Reason};
use crate::conventional;
use crate::history::Tag;
use crate::refs::{Action, RefKind};
use crate::remote::Links;

/// The outcomes of one bucket. Commits that cite the same issue become one
/// outcome, worded after the commit that closes it (else the first one);
/// outcomes are grouped by area, `General` last, each area in the order the
/// work landed.
pub fn outcomes(changes: &[Change], bucket: Bucket, style: &Style) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut closed_by_lead: Vec<bool> = Vec::new();
    let mut by_issue: HashMap<&str, usize> = HashMap::new();
    for change in changes.iter().rev().filter(|c| c.bucket == bucket) {
        let issues: Vec<&str> =
            change.refs.iter().filter(|r| r.kind == RefKind::Issue).map(|r| r.id.as_str()).collect();
        let fresh = outcome(change, style);
        match issues.iter().find_map(|id| by_issue.get(id).copied()) {
            Some(k) => {
                let existing = &mut outcomes[k];
                if change.closes_issue() && !closed_by_lead[k] {
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
                closed_by_lead.push(change.closes_issue());
                outcomes.push(fresh);
            }
        }
    }
    // Stable: within an area, the order the work landed.
    outcomes.sort_by(|a, b| (a.area == words::GENERAL, &a.area).cmp(&(b.area == words::GENERAL, &b.area)));
    outcomes
}

fn outcome(change: &Change, style: &Style) -> Outcome {
    let m = &change.message;
    Outcome {
        area: words::area(m.scope.as_deref(), &style.areas),
        text: words::outcome_text(&m.description, &style.rewrites),
        refs: change.refs.iter().map(|r| r.id.clone()).collect(),
        links: Vec::new(),
        commits: vec![change.commit.id.to_string()],
    }
}

/// Tags on the window's commits, as milestones.
pub fn releases(tags: &[Tag]) -> Vec<Release> {
    tags.iter()
        .map(|tag| Release {
            tag: tag.name.clone(),
            text: words::release(&tag.name),
            commit: tag.commit.to_string(),
        })
        .collect()
}

/// Everything that needs attention, most serious first: rollbacks,
/// breaking changes, security fixes, unstable areas, blocked work.
pub fn roadblocks(changes: &[Change], style: &Style, period: &str) -> Vec<Roadblock> {
    let by_id: HashMap<git2::Oid, &Change> = changes.iter().map(|c| (c.commit.id, c)).collect();
    let mut roadblocks: Vec<Roadblock> = Vec::new();
    for change in changes.iter().rev().filter(|c| c.bucket == Bucket::Attention) {
        let Some(reason) = change.reason else { continue };
        let m = &change.message;
        let item = |note: String, text: String, area: String| Roadblock {
            area,
            reason,
            note,
            text,
            refs: change.refs.iter().map(|r| r.id.clone()).collect(),
            links: Vec::new(),
            commits: vec![change.commit.id.to_string()],
        };
        let area = || words::area(m.scope.as_deref(), &style.areas);
        let text = || words::outcome_text(&m.description, &style.rewrites);
        roadblocks.push(match reason {
            // Listed once, with the revert that undid it.
            Reason::RolledBack | Reason::Unstable => continue,
            Reason::Reverted => match change.reverts.and_then(|id| by_id.get(&id)) {
                Some(original) => {
                    let mut pair = item(
                        "a change was rolled back".to_string(),
                        words::outcome_text(&original.message.description, &style.rewrites),
                        words::area(original.message.scope.as_deref(), &style.areas),
                    );
                    for r in &original.refs {
                        if !pair.refs.contains(&r.id) {
                            pair.refs.push(r.id.clone());
                        }
                    }
                    pair.commits.insert(0, original.commit.id.to_string());
                    pair
                }
                None => {
                    let undone = revert::reverted_subject(change.commit.subject(), &m.description)
                        .map(|subject| conventional::parse(&subject))
                        .unwrap_or_else(|| m.clone());
                    item(
                        "earlier work was rolled back".to_string(),
                        words::outcome_text(&undone.description, &style.rewrites),
                        words::area(undone.scope.as_deref(), &style.areas),
                    )
                }
            },
            Reason::Breaking => {
                item("a breaking change that users of the system must adapt to".into(), text(), area())
            }
            Reason::Security => item("a security fix shipped".into(), text(), area()),
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
    roadblocks.extend(unstable_areas(changes, style, period));
    let rank = |r: &Roadblock| match r.reason {
        Reason::Reverted | Reason::RolledBack => 0,
        Reason::Breaking => 1,
        Reason::Security => 2,
        Reason::Unstable => 3,
        Reason::Blocked => 4,
    };
    roadblocks.sort_by_key(rank);
    roadblocks
}

/// Areas with `fix_streak` or more fixes in the window. `General` is not an
/// area anyone owns, so it is never called unstable.
fn unstable_areas(changes: &[Change], style: &Style, period: &str) -> Vec<Roadblock> {
    let mut fixes: Vec<(String, Vec<&Change>)> = Vec::new();
    let is_fix = |c: &&Change| c.bucket == Bucket::Fixed || c.reason == Some(Reason::Security);
    for change in changes.iter().rev().filter(is_fix) {
        let area = words::area(change.message.scope.as_deref(), &style.areas);
        if area == words::GENERAL {
            continue;
        }
        match fixes.iter_mut().find(|(a, _)| *a == area) {
            Some((_, list)) => list.push(change),
            None => fixes.push((area, vec![change])),
        }
    }
    fixes
        .into_iter()
        .filter(|(_, list)| list.len() >= style.fix_streak)
        .map(|(area, list)| {
            let mut refs: Vec<String> = Vec::new();
            for r in list.iter().flat_map(|c| &c.refs) {
                if !refs.contains(&r.id) {
                    refs.push(r.id.clone());
                }
            }
            Roadblock {
                area,
                reason: Reason::Unstable,
                note: format!("{} fixes {period}: the area looks unstable", list.len()),
                text: String::new(),
                refs,
                links: Vec::new(),
                commits: list.iter().map(|c| c.commit.id.to_string()).collect(),
            }
        })
        .collect()
}

/// Issues referenced in the window and closed by none of its commits,
/// oldest first. A revert is not work on the issues its subject cites.
pub fn in_progress(changes: &[Change]) -> Vec<Tracked> {
    let closed: HashSet<&str> = changes
        .iter()
        .flat_map(|c| &c.refs)
        .filter(|r| r.action == Action::Closes)
        .map(|r| r.id.as_str())
        .collect();
    let mut tracked: Vec<Tracked> = Vec::new();
    for change in changes.iter().rev().filter(|c| c.reason != Some(Reason::Reverted)) {
        for r in change.refs.iter().filter(|r| r.kind == RefKind::Issue && !closed.contains(r.id.as_str())) {
            let id = change.commit.id.to_string();
            match tracked.iter_mut().find(|t| t.reference == r.id) {
                Some(t) => t.commits.push(id),
                None => tracked.push(Tracked { reference: r.id.clone(), commits: vec![id] }),
            }
        }
    }
    tracked
}

/// Fills in the web address of every reference an item cites.
pub fn link(refs: &[String], changes: &[Change], links: &Links) -> Vec<Link> {
    refs.iter()
        .map(|id| {
            let reference = changes.iter().flat_map(|c| &c.refs).find(|r| &r.id == id);
            Link { id: id.clone(), url: reference.and_then(|r| links.url(r)) }
        })
        .collect()
}
