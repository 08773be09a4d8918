//! Turning classified changes into the brief a stakeholder reads.
//!
//! [`Brief`] is the contract of the whole tool: templates render it,
//! `--format json` prints it (`schema_version` 1), and other tools read it
//! back. Fields may be added; none may change meaning without a new version.

mod kpi;
mod words;

use std::collections::{BTreeMap, HashSet};

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use kpi::{Kpi, Measure, Trend};

use crate::classify::{Bucket, Change, Changes, Reason};
use crate::history::Commit;
use crate::refs::{Action, RefKind, Reference};
use crate::window::Window;

/// The version of the JSON contract.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole brief: what templates see and what `--format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub schema_version: u32,
    /// `Weekly brief — acme/shop · 16–22 Nov 2026`.
    pub title: String,
    pub repository: Repository,
    pub window: WindowInfo,
    /// One sentence that opens the brief.
    pub headline: String,
    pub delivered: Vec<Outcome>,
    pub fixed: Vec<Outcome>,
    pub attention: Vec<Roadblock>,
    pub in_progress: Vec<Tracked>,
    pub maintenance: Maintenance,
    /// Merge commits, fixups and release bumps: counted, never listed.
    pub noise: usize,
    pub kpis: Vec<Kpi>,
    /// Every non-merge commit of the window, exactly once, newest first.
    pub commits: Vec<CommitRecord>,
    /// How many items each section lists before "and N more".
    pub max_items: usize,
    /// What the reader should know about how complete this brief is.
    pub warnings: Vec<String>,
}

/// The repository the brief is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repository {
    /// `acme/shop` when the `origin` remote tells it, else the directory name.
    pub name: String,
    /// The repository's web page, when known.
    pub url: Option<String>,
    /// The branch the brief looked at (`main`), when it is a branch.
    pub branch: Option<String>,
}

/// The window, as the reader and other tools need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowInfo {
    /// RFC 3339, inclusive; `null` for a ref range.
    pub since: Option<String>,
    /// RFC 3339, exclusive; `null` for a ref range.
    pub until: Option<String>,
    /// The ref range as written (`origin/main...HEAD`); `null` for a time window.
    pub range: Option<String>,
    /// The ISO week (`2026-W47`) when the window was asked for as one.
    pub week: Option<String>,
    /// The IANA time zone all times of the brief are given in.
    pub timezone: String,
    /// `16–22 Nov 2026`, or the range.
    pub label: String,
    /// How the brief speaks of the window: `this week`, `in this period`, `in this range`.
    pub period: String,
    /// How it speaks of the window it compares against (`last week`); `null`
    /// when there is none (a ref range, or `--no-compare`).
    pub previous_period: Option<String>,
}

/// Something delivered or fixed, in plain language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The product area (`Checkout`), or `General`.
    pub area: String,
    /// A sentence without type, scope, hash or trailing period.
    pub text: String,
    /// Issue and pull-request ids it cites (`#412`, `PAY-77`).
    pub refs: Vec<String>,
    /// Full ids of the commits behind it.
    pub commits: Vec<String>,
}

/// Something that needs attention, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roadblock {
    pub area: String,
    pub reason: Reason,
    /// What the reason means for the reader (`a change was rolled back`).
    pub note: String,
    pub text: String,
    pub refs: Vec<String>,
    pub commits: Vec<String>,
}

/// An issue that saw work but was not closed in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracked {
    #[serde(rename = "ref")]
    pub reference: String,
    pub commits: Vec<String>,
}

/// The maintenance work, counted by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Maintenance {
    pub total: usize,
    /// Counts by kind (`deps`, `refactor`, `test`, …).
    pub by_type: BTreeMap<String, usize>,
    /// `14 maintenance changes (8 dependency updates, 4 internal clean-ups, …).`
    pub summary: String,
}

/// One commit of the window, for engineers and tools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitRecord {
    pub id: String,
    /// The abbreviated id shown in the engineering appendix.
    pub short_id: String,
    pub bucket: Bucket,
    pub reason: Option<Reason>,
    /// The conventional type as written (lower-cased), or the inferred one.
    #[serde(rename = "type")]
    pub kind: String,
    pub scope: Option<String>,
    pub breaking: bool,
    pub inferred: bool,
    /// The first line of the message as written.
    pub subject: String,
    pub author: String,
    pub bot: bool,
    /// Committer time, RFC 3339 in the brief's time zone.
    pub time: String,
    pub refs: Vec<Reference>,
}

/// What shapes a brief beyond the commits themselves.
#[derive(Debug, Clone)]
pub struct Setting {
    pub repository: Repository,
    pub timezone: Tz,
    /// A team name for the title, instead of the repository's name.
    pub title: Option<String>,
    pub max_items: usize,
    /// Scope → area name a stakeholder knows.
    pub areas: BTreeMap<String, String>,
}

/// Builds the brief of `current`, with trends against `previous`.
pub fn assemble(window: &Window, current: &Changes, previous: Option<&Changes>, setting: &Setting) -> Brief {
    let changes = &current.listed;
    let outcomes = |bucket: Bucket| -> Vec<Outcome> {
        changes.iter().filter(|c| c.bucket == bucket).map(|c| outcome(c, setting)).collect()
    };
    let attention = changes
        .iter()
        .filter(|c| c.bucket == Bucket::Attention)
        .filter_map(|c| {
            let o = outcome(c, setting);
            let reason = c.reason?;
            Some(Roadblock {
                area: o.area,
                reason,
                note: words::reason_note(reason).to_string(),
                text: o.text,
                refs: o.refs,
                commits: o.commits,
            })
        })
        .collect::<Vec<_>>();
    let maintenance = maintenance(changes);
    let kpis = kpi::compute(current, previous);
    let window_info = window_info(window, setting.timezone, previous.is_some());
    let quiet = current.listed.is_empty() && current.merges.is_empty();
    let headline =
        words::headline(quiet, &kpis, &attention, &window_info, setting.repository.branch.as_deref());
    let mut warnings = Vec::new();
    if current.truncated || previous.is_some_and(|p| p.truncated) {
        warnings.push(words::SHALLOW_WARNING.to_string());
    }
    Brief {
        schema_version: SCHEMA_VERSION,
        title: words::title(setting.title.as_deref().unwrap_or(&setting.repository.name), window),
        repository: setting.repository.clone(),
        window: window_info,
        headline,
        delivered: outcomes(Bucket::Delivered),
        fixed: outcomes(Bucket::Fixed),
        attention,
        in_progress: in_progress(changes),
        maintenance,
        noise: changes.iter().filter(|c| c.bucket == Bucket::Noise).count() + current.merges.len(),
        kpis,
        commits: changes.iter().map(|c| record(c, setting.timezone)).collect(),
        max_items: setting.max_items,
        warnings,
    }
}

fn outcome(change: &Change, setting: &Setting) -> Outcome {
    let m = &change.message;
    let text = if m.kind == "revert" {
        words::reverted_subject(&m.description)
    } else {
        words::sentence(&m.description)
    };
    Outcome {
        area: words::area(m.scope.as_deref(), &setting.areas),
        text,
        refs: change.refs.iter().map(|r| r.id.clone()).collect(),
        commits: vec![change.commit.id.to_string()],
    }
}

/// Issues referenced in the window and closed by none of its commits.
fn in_progress(changes: &[Change]) -> Vec<Tracked> {
    let closed: HashSet<&str> = changes
        .iter()
        .flat_map(|c| &c.refs)
        .filter(|r| r.action == Action::Closes)
        .map(|r| r.id.as_str())
        .collect();
    let mut tracked: Vec<Tracked> = Vec::new();
    // Oldest first, so that an issue is listed in the order work on it began.
    // A revert is not work on the issues its reverted subject cites.
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

fn maintenance(changes: &[Change]) -> Maintenance {
    let mut by_type = BTreeMap::new();
    for change in changes.iter().filter(|c| c.bucket == Bucket::Maintenance) {
        *by_type.entry(change.kind().to_string()).or_insert(0) += 1;
    }
    let total = by_type.values().sum();
    let summary = words::maintenance_summary(total, &by_type);
    Maintenance { total, by_type, summary }
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
        previous_period,
        since,
        until,
        range,
        week,
        timezone: tz.name().to_string(),
        label: window.label(),
        period: period.to_string(),
    }
}

fn record(change: &Change, tz: Tz) -> CommitRecord {
    let c: &Commit = &change.commit;
    let id = c.id.to_string();
    CommitRecord {
        short_id: id.chars().take(7).collect(),
        id,
        bucket: change.bucket,
        reason: change.reason,
        kind: change.message.kind.clone(),
        scope: change.message.scope.clone(),
        breaking: change.message.breaking,
        inferred: change.message.inferred,
        subject: c.subject().to_string(),
        author: c.author.clone(),
        bot: change.bot,
        time: c.time.with_timezone(&tz).to_rfc3339(),
        refs: change.refs.clone(),
    }
}
