//! Turning classified changes into the brief a stakeholder reads.
//!
//! [`Brief`] is the contract of the whole tool: templates render it,
//! `--format json` prints it (`schema_version` 1), and other tools read it
//! back. This module assembles it: outcomes grouped by area and issue,
//! roadblocks, releases, the numbers with their trend, and the headline.

mod activity;
mod kpi;
mod model;
mod outcome;
mod range;
mod words;

use std::collections::BTreeMap;

use chrono_tz::Tz;

pub use crate::classify::Reason;
pub use kpi::{median, recombined, Kpi, KpiKind, Measure, Trend, Unit, BUILT_IN_KPIS};
pub use model::*;
pub use range::{range_label, range_words};
pub use words::{headline, maintenance_summary, Voice, GENERAL};

use crate::classify::{Bucket, Change, Changes, Evidence, Work};
use crate::config::Rewrite;
use crate::window::Window;

/// The version of the JSON contract.
pub const SCHEMA_VERSION: u32 = 1;

/// How the team wants its brief worded.
#[derive(Debug, Clone)]
pub struct Style {
    /// A team name for the title, instead of the repository's name.
    pub title: Option<String>,
    /// Items per section before "and N more".
    pub max_items: usize,
    /// Scope → area name a stakeholder knows.
    pub areas: BTreeMap<String, String>,
    /// Plain-language replacements applied to outcome text.
    pub rewrites: Vec<Rewrite>,
    /// Fixes in one area within a window that flag it as unstable.
    pub fix_streak: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style { title: None, max_items: 8, areas: BTreeMap::new(), rewrites: Vec::new(), fix_streak: 3 }
    }
}

/// What shapes a brief beyond the commits themselves.
#[derive(Debug, Clone)]
pub struct Setting {
    pub repository: Repository,
    pub timezone: Tz,
    pub style: Style,
    /// Lines and files changed were computed: show them.
    pub stats: bool,
    /// Web addresses for issue and pull-request references.
    pub links: crate::remote::Links,
    /// Commits whose changes could not be counted (objects missing).
    pub unreadable: usize,
    /// Commits of the window that could not be parsed, left out.
    pub damaged: usize,
    /// What the reader must know about the history itself (a shallow clone).
    pub warnings: Vec<String>,
    /// What went wrong, in the tracker's or Prometheus's own words.
    pub details: Vec<String>,
    /// What the issue tracker answered, when one was asked.
    pub tracker: Option<TrackerInfo>,
    /// The tracker's items by reference.
    pub items: std::collections::HashMap<String, crate::tracked::Item>,
    /// What the tracker's labels mean (`[classify] labels`): an open item
    /// labelled blocked or critical needs attention.
    pub labels: crate::classify::labels::Labels,
    /// The brief's day, in its time zone: what a milestone is overdue against.
    pub today: chrono::NaiveDate,
    /// The numbers from outside git (`[[kpi]]`), one value per window.
    pub outside: Vec<crate::metrics::Reading>,
    /// `--path`: the part of the tree the brief is limited to.
    pub paths: Vec<String>,
    /// The pull request the brief is about, when it ran in one's job.
    pub pull_request: Option<PullRequestRecord>,
    /// A ref range in words (`feature/pay compared with main`, `12
    /// commits`), never by commit ids.
    pub range_label: Option<String>,
}

/// The windows before the previous one (`--trend N`), newest first, each
/// with its changes.
pub type Earlier = [(Window, Changes)];

impl TrackerInfo {
    /// The summary of a tracker's answer; `None` when no tracker was asked.
    pub fn of(answer: &crate::tracker::Answer) -> Option<TrackerInfo> {
        if answer.provider.is_none() && answer.warning.is_none() {
            return None;
        }
        Some(TrackerInfo {
            provider: answer.provider.filter(|_| answer.warning.is_none()).map(str::to_string),
            asked: answer.asked,
            resolved: answer.items.len(),
            requests: answer.requests,
            warning: answer.warning.clone(),
        })
    }
}

/// Builds the brief of this window's changes (`owned`), with trends
/// against `previous`. The records of its units and commits are made last,
/// each unit and change dropped as its record is made: a long window's
/// changes and its records are never held at once.
pub fn assemble(
    window: &Window,
    owned: Changes,
    previous: Option<&Changes>,
    earlier: &Earlier,
    setting: &Setting,
) -> Brief {
    let current = &owned;
    let changes = &current.listed;
    let style = &setting.style;
    let mut window_info = WindowInfo {
        paths: setting.paths.clone(),
        ..window_info(window, setting.timezone, previous.is_some())
    };
    if let Some(label) = &setting.range_label {
        window_info.label = label.clone();
    }
    if let Some(pull) = &setting.pull_request {
        window_info.period = format!("in this {}", words::pull_request_noun(pull));
    }
    let known = outcome::references(current);
    let milestones = outcome::milestones(current, &setting.items, setting.today);
    let closes: Vec<String> = setting.pull_request.iter().flat_map(|p| p.closes.iter().cloned()).collect();
    let mut in_progress = outcome::in_progress(current, &setting.items, &closes);
    let mut attention = outcome::roadblocks(current, previous, style, &window_info);
    let (side_releases, side_attention) = outcome::side_releases(current, style);
    for side in side_attention {
        // A release of a fix this window already tells of is said with the fix.
        let ids = words::advisory_ids(&side.note);
        // Only a fix: releases of other lines are lines of their own.
        let told = attention.iter_mut().find(|r| {
            r.reason == Reason::Security
                && words::releases_told(r).is_none()
                && !ids.is_empty()
                && ids.iter().all(|id| r.note.contains(id.as_str()) || r.text.contains(id.as_str()))
        });
        match told {
            Some(fix) => {
                let released = side.text.strip_prefix("Released ").unwrap_or(&side.text);
                fix.note = format!("{}, also released as {released}", fix.note);
                fix.commits.extend(side.commits);
            }
            None => attention.push(side),
        }
    }
    attention.extend(outcome::flagged(&mut in_progress, current, &setting.labels, style));
    attention.sort_by_key(outcome::rank);
    for item in &mut attention {
        item.links = outcome::link(&item.refs, &known, &setting.links);
    }
    for milestone in milestones.iter().filter(|m| m.overdue) {
        let open = milestone.total.zip(milestone.done).map(|(total, done)| total - done).unwrap_or(0);
        attention.push(Roadblock {
            repository: None,
            area: "Milestones".to_string(),
            reason: Reason::Overdue,
            note: format!(
                "past its due date with {} still open",
                words::plural(open as u64, "issue", "issues")
            ),
            text: milestone.title.clone(),
            refs: Vec::new(),
            links: Vec::new(),
            commits: Vec::new(),
        });
    }
    // A pull request's brief does not cite the pull request to itself.
    let own = setting.pull_request.as_ref().and_then(|p| p.number.as_deref());
    let outcomes = |bucket: Bucket| {
        let mut list = outcome::outcomes(current, bucket, style);
        for item in &mut list {
            item.refs.retain(|r| Some(r.as_str()) != own);
            item.links = outcome::link(&item.refs, &known, &setting.links);
        }
        list
    };
    let earlier_changes: Vec<&Changes> = earlier.iter().map(|(_, changes)| changes).collect();
    let windows = kpi::Windows { current, previous, earlier: &earlier_changes };
    let mut kpis = match window {
        // One change set (a pull request's): numbers that mean something for it.
        Window::Range(_) => kpi::change_set(current, setting.stats, &closes),
        Window::Time { .. } => kpi::compute(&windows, setting.stats, &setting.outside),
    };
    if unmerged(window, setting).is_some() {
        // Built on a branch that is not merged yet: not delivered.
        for kpi in kpis.iter_mut().filter(|k| k.id == "delivered") {
            kpi.label = "Improvements built, not yet merged".to_string();
        }
    }
    let quiet = changes.is_empty() && current.merges.is_empty();
    let headline = words::headline(
        quiet,
        kpi::outcome_counts(current),
        &attention,
        &window_info,
        setting.repository.branch.as_deref(),
        voice(window, setting),
    );
    let confidence = confidence(changes);
    let mut warnings = setting.warnings.clone();
    if setting.unreadable > 0 {
        warnings.push(words::unreadable(setting.unreadable));
        for kpi in kpis.iter_mut().filter(|k| k.id == "lines_changed" || k.id == "file_changes") {
            kpi.exact = false;
        }
    }
    if setting.damaged > 0 {
        warnings.push(words::damaged(setting.damaged));
    }
    if confidence.share.is_some_and(|share| share < 0.5) {
        let whose = if window.is_week() { "this week's" } else { "these" };
        warnings.push(words::low_confidence(&confidence.display, confidence.written == 0, whose));
    }
    // A security release is told once, in Needs attention.
    let secured: std::collections::HashSet<String> = current
        .work
        .iter()
        .filter(|w| w.security_release)
        .flat_map(|w| w.commits.iter().filter_map(|&i| current.listed.get(i)))
        .map(|c| c.commit.id.to_string())
        .collect();
    let mut releases = outcome::releases(&current.tags);
    releases.retain(|release| !secured.contains(&release.commit));
    releases.extend(side_releases);
    let mut brief = Brief {
        schema_version: SCHEMA_VERSION,
        title: match &setting.pull_request {
            Some(pull) => words::pull_request_title(pull, &style.rewrites),
            None => words::title(
                style.title.as_deref().unwrap_or(&setting.repository.name),
                window,
                &window_info.label,
                &setting.paths,
                unmerged(window, setting),
            ),
        },
        repository: Repository {
            unmerged_into: setting
                .repository
                .unmerged_into
                .clone()
                .filter(|_| unmerged(window, setting).is_some()),
            ..setting.repository.clone()
        },
        headline,
        intro: None,
        delivered: outcomes(Bucket::Delivered),
        releases,
        milestones,
        fixed: outcomes(Bucket::Fixed),
        attention,
        in_progress,
        maintenance: maintenance(current),
        noise: current.work.iter().filter(|w| w.bucket == Bucket::Noise).count() + current.merges.len(),
        kpis,
        trend: trend(window, earlier, setting.timezone),
        units: Vec::new(),
        commits: Vec::new(),
        merges: current
            .merges
            .iter()
            .map(|m| MergeRecord {
                id: m.commit.id.to_string(),
                subject: m.commit.subject().to_string(),
                landed: m.commit.landed.with_timezone(&setting.timezone).to_rfc3339(),
                refs: m.refs.clone(),
            })
            .collect(),
        confidence,
        activity: activity::days(window, current, setting.timezone),
        max_items: style.max_items,
        tracker: setting.tracker.clone(),
        window: window_info,
        warnings,
        details: setting.details.clone(),
        roll_up: kpi::roll_up(current, previous),
        pull_request: setting.pull_request.clone(),
    };
    (brief.units, brief.commits) = records(owned, style, setting.timezone);
    brief
}

/// The records of the units and of the commits, each made from its unit or
/// change, which is dropped then. A record takes the place in memory of
/// what it is made from (which is larger), so a long window's units and
/// commits are not held twice.
fn records(changes: Changes, style: &Style, tz: Tz) -> (Vec<UnitRecord>, Vec<CommitRecord>) {
    let Changes { listed, work, .. } = changes;
    let evidence: Vec<Evidence> = work.iter().map(|w| w.evidence).collect();
    let units = work.into_iter().map(|w| unit_record(w, &listed, style)).collect();
    let commits = listed
        .into_iter()
        .map(|change| {
            let evidence = evidence.get(change.unit).copied().unwrap_or_default();
            record(change, evidence, tz)
        })
        .collect();
    (units, commits)
}

fn maintenance(changes: &Changes) -> Maintenance {
    let mut by_type = BTreeMap::new();
    for work in changes.work.iter().filter(|w| w.bucket == Bucket::Maintenance) {
        *by_type.entry(words::maintenance_kind(work.kind_of_work()).to_string()).or_insert(0) += 1;
    }
    let total = by_type.values().sum();
    let summary = words::maintenance_summary(total, &by_type);
    Maintenance { total, by_type, summary }
}

fn confidence(changes: &[Change]) -> Confidence {
    let total = changes.len();
    let written = changes.iter().filter(|c| !c.message.inferred).count();
    let share = (total > 0).then(|| written as f64 / total as f64);
    let display = share.map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| "—".to_string());
    Confidence { written, total, share, display }
}

fn unit_record(work: Work, listed: &[Change], style: &Style) -> UnitRecord {
    UnitRecord {
        repository: None,
        kind: work.kind,
        number: work.number,
        title: work.title,
        kind_of_work: work.message.kind,
        area: words::area(work.message.area.as_deref(), &style.areas),
        bucket: work.bucket,
        reason: work.reason,
        evidence: work.evidence,
        advisories: work.advisories,
        branch: work.branch,
        merge: work.merge.map(|id| id.to_string()),
        refs: work.refs,
        bot: work.bot,
        commits: work
            .commits
            .iter()
            .filter_map(|&i| listed.get(i))
            .map(|c| c.commit.id.to_string())
            .collect(),
    }
}

/// Whom the headline speaks of.
fn voice(window: &Window, setting: &Setting) -> words::Voice {
    match (window, &setting.pull_request) {
        (_, Some(pull)) => {
            words::Voice::PullRequest { draft: pull.draft, noun: words::pull_request_noun(pull) }
        }
        (Window::Range(_), None) => words::Voice::Changes,
        (Window::Time { .. }, None) if unmerged(window, setting).is_some() => words::Voice::Unmerged,
        (Window::Time { .. }, None) => words::Voice::Team,
    }
}

/// The branch a window's brief looked at, when it is not the default one
/// (a range and a pull request name their own ends).
fn unmerged<'s>(window: &Window, setting: &'s Setting) -> Option<&'s str> {
    let repository = &setting.repository;
    let own = matches!(window, Window::Time { .. }) && setting.pull_request.is_none();
    repository.unmerged_into.as_ref().filter(|_| own).and(repository.branch.as_deref())
}

/// The windows of `--trend`, oldest first, ending with this one; `None`
/// without earlier windows.
fn trend(window: &Window, earlier: &Earlier, tz: Tz) -> Option<TrendInfo> {
    if earlier.is_empty() {
        return None;
    }
    let previous = window.previous();
    let windows: Vec<&Window> = earlier
        .iter()
        .rev()
        .map(|(w, _)| w)
        .chain(previous.as_ref())
        .chain(std::iter::once(window))
        .collect();
    let windows: Vec<TrendWindow> = windows
        .into_iter()
        .filter_map(|w| match w {
            Window::Time { since, until, .. } => Some(TrendWindow {
                since: since.with_timezone(&tz).to_rfc3339(),
                until: until.with_timezone(&tz).to_rfc3339(),
                label: w.label(),
                start: since.format("%-d %b").to_string(),
            }),
            Window::Range(_) => None,
        })
        .collect();
    let unit = if window.is_week() { "weeks" } else { "periods" };
    Some(TrendInfo { period: format!("the last {} {unit}", windows.len()), windows })
}

fn window_info(window: &Window, tz: Tz, compared: bool) -> WindowInfo {
    let (since, until, range, week) = match window {
        Window::Time { since, until, week } => {
            (Some(since.to_rfc3339()), Some(until.to_rfc3339()), None, week.clone())
        }
        Window::Range(range) => (None, None, Some(range.spec.clone()), None),
    };
    let period = match window {
        Window::Range(_) => "in this range",
        _ if window.is_week() => "this week",
        _ => "in this period",
    };
    let previous_period = match window {
        Window::Range(_) => None,
        _ if !compared => None,
        _ if window.is_week() => Some("last week".to_string()),
        _ => Some("the period before".to_string()),
    };
    WindowInfo {
        since,
        until,
        range,
        week,
        timezone: tz.name().to_string(),
        label: window.label(),
        period: period.to_string(),
        previous_period,
        paths: Vec::new(),
    }
}

fn record(change: Change, evidence: Evidence, tz: Tz) -> CommitRecord {
    let Change { commit: c, message, refs, bucket, reason, bot, reverts, unit, .. } = change;
    let id = c.id.to_string();
    CommitRecord {
        repository: None,
        short_id: id.chars().take(7).collect(),
        id,
        bucket,
        reason,
        evidence,
        kind: message.kind,
        scope: message.scope,
        breaking: message.breaking,
        inferred: message.inferred,
        convention: message.convention,
        area: message.area,
        unit,
        subject: c.subject().to_string(),
        author: c.author.to_string(),
        bot,
        time: c.time.with_timezone(&tz).to_rfc3339(),
        authored: c.authored.with_timezone(&tz).to_rfc3339(),
        committed_by_author: c.by_author,
        landed: c.landed.with_timezone(&tz).to_rfc3339(),
        refs,
        reverts: reverts.map(|id| id.to_string()),
        stats: c.stats.as_ref().map(|s| Stats {
            files: s.files,
            insertions: s.insertions,
            deletions: s.deletions,
        }),
    }
}
