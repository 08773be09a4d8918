//! The brief's data model: the contract between the pipeline, the templates
//! and other tools. `--format json` prints it as it is (`schema_version` 1);
//! fields may be added, none may change meaning without a new version.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Kpi, Reason};
use crate::classify::{Bucket, Evidence};
use crate::group::UnitKind;
use crate::read::Convention;
use crate::refs::Reference;

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
    /// The sender's own words under the headline, as they wrote them
    /// (Markdown; `--intro`, `[brief] intro`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    pub delivered: Vec<Outcome>,
    /// Tags on commits of the window: milestones in their own right.
    pub releases: Vec<Release>,
    /// The tracker's milestones that the window's work belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<MilestoneRecord>,
    pub fixed: Vec<Outcome>,
    pub attention: Vec<Roadblock>,
    pub in_progress: Vec<Tracked>,
    pub maintenance: Maintenance,
    /// Merge commits, fixups and release bumps: counted, never listed.
    pub noise: usize,
    pub kpis: Vec<Kpi>,
    /// With `--trend N`: every window the KPIs' `series` cover, oldest first,
    /// ending with the previous window and this one; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend: Option<TrendInfo>,
    /// The units of work (pull requests, merged branches, single commits),
    /// newest first: what the sections are built from.
    pub units: Vec<UnitRecord>,
    /// Every non-merge commit of the window, exactly once, newest first.
    pub commits: Vec<CommitRecord>,
    /// The merge commits of the window: counted (pull requests merged),
    /// never listed in the brief; here so that tools can recount.
    pub merges: Vec<MergeRecord>,
    /// How much of the classification rests on types the authors wrote.
    pub confidence: Confidence,
    /// Changes per day by bucket, for the activity chart; empty for windows
    /// longer than nine weeks.
    pub activity: Vec<Day>,
    /// How many items each section lists before "and N more".
    pub max_items: usize,
    /// Which issue tracker answered, and for how many references; absent
    /// when none was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracker: Option<TrackerInfo>,
    /// What the reader should know about how complete this brief is, in
    /// plain sentences.
    pub warnings: Vec<String>,
    /// What went wrong behind a warning, as an engineer needs it (the
    /// tracker's or Prometheus's own error): the appendix shows it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    /// What `merge` needs to combine the numbers that do not add up.
    #[serde(default)]
    pub roll_up: RollUp,
    /// The pull request the brief is about, when it ran in one's job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_request: Option<PullRequestRecord>,
}

/// The pull request a brief is about, as its CI gave it (untrusted text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequestRecord {
    /// `#412`, or `!412` for a GitLab merge request.
    pub number: Option<String>,
    pub title: String,
    pub draft: bool,
    pub labels: Vec<String>,
    /// The branch it merges into, and its own.
    pub base: Option<String>,
    pub head: Option<String>,
    /// The issues its description closes (`Fixes #12`).
    pub closes: Vec<String>,
}

impl PullRequestRecord {
    /// The record of `pull`: its description's closing references are its
    /// own (`Fixes #12`).
    pub fn of(pull: &crate::pull::PullRequest, refs: &crate::refs::RefReader) -> PullRequestRecord {
        let text = format!("{}\n\n{}", pull.title, pull.body);
        let mut closes: Vec<String> = Vec::new();
        for r in refs.read(&text) {
            if r.action == crate::refs::Action::Closes
                && r.kind == crate::refs::RefKind::Issue
                && !closes.contains(&r.id)
            {
                closes.push(r.id);
            }
        }
        PullRequestRecord {
            number: pull.number.clone(),
            title: pull.title.clone(),
            draft: pull.draft,
            labels: pull.labels.clone(),
            base: pull.base_ref.clone(),
            head: pull.head_ref.clone(),
            closes,
        }
    }
}

/// The parts of the numbers that do not add up across repositories, for
/// this window and the previous one: who contributed (each person as a
/// hash of the name the mailmap gives them, never the name or the
/// address) and each lead time, in seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollUp {
    pub contributors: Windows<Vec<String>>,
    pub lead_times: Windows<Vec<u64>>,
}

/// A value for this window and the previous one (`null` without one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Windows<T> {
    pub current: T,
    pub previous: Option<T>,
}

pub use crate::remote::Repository;

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
    /// With `--path`: the part of the tree the brief is limited to, as given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
}

/// The windows of a trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendInfo {
    /// How the brief speaks of them: `the last 10 weeks`.
    pub period: String,
    pub windows: Vec<TrendWindow>,
}

/// One window of a trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendWindow {
    /// RFC 3339, inclusive.
    pub since: String,
    /// RFC 3339, exclusive.
    pub until: String,
    /// `16–22 Nov 2026`.
    pub label: String,
    /// The first day, for a chart's axis: `16 Nov`.
    pub start: String,
}

/// Something delivered or fixed, in plain language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The repository it comes from, in a brief made by `merge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The product area (`Checkout`), or `General`.
    pub area: String,
    /// A sentence without type, scope, hash or trailing period.
    pub text: String,
    /// Issue and pull-request ids it cites (`#412`, `PAY-77`).
    pub refs: Vec<String>,
    /// The same references with their web address, when one is known.
    pub links: Vec<Link>,
    /// Full ids of the commits behind it.
    pub commits: Vec<String>,
    /// What the issue tracker says of it, when asked (`title`, `labels`,
    /// `state`, `url` beside the other fields).
    #[serde(flatten)]
    pub tracker: Tracker,
}

/// An issue's or pull request's title, labels, state and page, as the tracker
/// knows them; all absent without a tracker.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracker {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Tracker {
    pub fn of(item: Option<&crate::tracked::Item>) -> Tracker {
        Tracker {
            title: item.map(|i| i.title.clone()),
            labels: item.map(|i| i.labels.clone()).unwrap_or_default(),
            state: item.map(|i| i.state.as_str().to_string()),
            url: item.and_then(|i| i.url.clone()),
        }
    }
}

/// A milestone of the tracker and how far along it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneRecord {
    /// The repository it comes from, in a brief made by `merge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    pub title: String,
    /// `Checkout v2 — 8 of 10 issues done (80%), due 1 Dec 2026`.
    pub text: String,
    /// Issues closed, and in all, when the tracker said.
    pub done: Option<u32>,
    pub total: Option<u32>,
    pub percent: Option<u32>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    /// Past its due date with issues still open.
    pub overdue: bool,
    pub url: Option<String>,
}

/// What the issue tracker did for this brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerInfo {
    /// `github`, `file`; `None` when the tracker could not be used.
    pub provider: Option<String>,
    /// References asked about, and of those, the ones it knew.
    pub asked: usize,
    pub resolved: usize,
    /// Requests made (0 when the cache answered).
    pub requests: usize,
    /// Why it was not used, when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// A reference and where it can be read on the web.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub id: String,
    /// `https://github.com/acme/shop/issues/412`; `null` when no forge or
    /// `[issues] url` tells it.
    pub url: Option<String>,
}

/// A release: a tag on a commit of the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// The repository it comes from, in a brief made by `merge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The tag as written (`v2.4.0`).
    pub tag: String,
    /// `Released version 2.4.0`.
    pub text: String,
    pub commit: String,
}

/// Something that needs attention, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roadblock {
    /// The repository it comes from, in a brief made by `merge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    pub area: String,
    pub reason: Reason,
    /// What the reason means for the reader (`a change was rolled back`).
    pub note: String,
    /// The work concerned, in plain language; empty for an area-wide note.
    pub text: String,
    pub refs: Vec<String>,
    pub links: Vec<Link>,
    pub commits: Vec<String>,
}

/// An issue that saw work but was not closed in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracked {
    /// The repository it comes from, in a brief made by `merge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    #[serde(rename = "ref")]
    pub reference: String,
    pub commits: Vec<String>,
    /// What the issue tracker says of it, when asked (`title`, `labels`,
    /// `state`, `url` beside the other fields).
    #[serde(flatten)]
    pub tracker: Tracker,
}

/// The maintenance work, counted by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Maintenance {
    /// Units of maintenance work.
    pub total: usize,
    /// Counts by the kinds a reader knows: `deps`, `test`, `docs`,
    /// `refactor` (internal clean-up), `build` (build and CI), `chore`
    /// (housekeeping), `other`.
    pub by_type: BTreeMap<String, usize>,
    /// `14 maintenance changes (8 dependency updates, 4 internal clean-ups, …).`
    pub summary: String,
}

/// A unit of work: a pull request, a merged branch, or a single commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRecord {
    /// The repository it comes from, in a brief made by `merge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    pub kind: UnitKind,
    /// `#412`, or `!34` for a merge request; `null` for a branch or a commit.
    pub number: Option<String>,
    /// Its title as written (a pull request's title, a topic's summary, or
    /// its most telling commit's subject).
    pub title: String,
    /// The type it was classified by (from its title, branch or commits).
    #[serde(rename = "type")]
    pub kind_of_work: String,
    pub area: String,
    pub bucket: Bucket,
    pub reason: Option<Reason>,
    /// The signal that decided its bucket: `advisory`, `label`, `changelog`,
    /// `fragment`, `paths`, `convention`, `wording` or `default`.
    #[serde(default)]
    pub evidence: Evidence,
    /// The advisory ids its text names (`CVE-2026-17106`, `GHSA-…`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advisories: Vec<String>,
    pub branch: Option<String>,
    /// The merge commit, for a merged unit.
    pub merge: Option<String>,
    /// The issues and pull requests it cites in its own words (never its own number).
    pub refs: Vec<Reference>,
    /// Whether all its commits are by bots.
    pub bot: bool,
    /// Full ids of its non-merge commits, newest first.
    pub commits: Vec<String>,
}

/// One commit of the window, for engineers and tools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitRecord {
    /// The repository it comes from, in a brief made by `merge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    pub id: String,
    /// The abbreviated id shown in the engineering appendix.
    pub short_id: String,
    pub bucket: Bucket,
    pub reason: Option<Reason>,
    /// Its unit's evidence (see [`UnitRecord::evidence`]).
    #[serde(default)]
    pub evidence: Evidence,
    /// The conventional type as written (lower-cased), or the inferred one.
    #[serde(rename = "type")]
    pub kind: String,
    pub scope: Option<String>,
    pub breaking: bool,
    pub inferred: bool,
    /// The convention its subject was read by.
    pub convention: Convention,
    /// The part of the product its subject names (a scope, an `area:` prefix).
    pub area: Option<String>,
    /// The index of its unit of work in `units`.
    pub unit: usize,
    /// The first line of the message as written.
    pub subject: String,
    pub author: String,
    pub bot: bool,
    /// Committer time, RFC 3339 in the brief's time zone.
    pub time: String,
    /// Author time (when the change was first written), RFC 3339 in the
    /// brief's time zone; empty in a brief written before it was recorded.
    #[serde(default)]
    pub authored: String,
    /// Its author committed it too: no one else applied, rebased or squashed it.
    #[serde(default)]
    pub committed_by_author: bool,
    /// When it reached the branch (a merge's time for a merged branch's
    /// commits), RFC 3339 in the brief's time zone.
    pub landed: String,
    pub refs: Vec<Reference>,
    /// The commit of this window this one reverts.
    pub reverts: Option<String>,
    /// Lines and files changed; `null` unless asked for (`--stats`).
    pub stats: Option<Stats>,
}

/// A merge commit of the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeRecord {
    pub id: String,
    pub subject: String,
    /// RFC 3339 in the brief's time zone.
    pub landed: String,
    pub refs: Vec<Reference>,
}

/// What a commit changed, as `git log --shortstat` counts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub files: usize,
    pub insertions: usize,
    pub deletions: usize,
}

/// The share of commits whose kind the author wrote in a known convention
/// (a Conventional Commit type, a gitmoji, a tag), rather than one inferred
/// from the wording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Confidence {
    pub written: usize,
    pub total: usize,
    /// `written / total`; `null` without commits.
    pub share: Option<f64>,
    /// `85%`, or `—`.
    pub display: String,
}

/// One day of the activity chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    /// `2026-11-16`, in the brief's time zone.
    pub date: String,
    /// `Mon 16`.
    pub label: String,
    pub delivered: usize,
    pub fixed: usize,
    pub attention: usize,
    pub maintenance: usize,
}
