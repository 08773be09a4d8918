//! The numbers of the brief, for this window and the one before it.
//!
//! Every number is derived from the units of work and their commits alone,
//! so that anyone can recompute it from the JSON's `units` and `commits`.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::classify::{Bucket, Change, Changes, Reason, Work};
use crate::group::UnitKind;
use crate::refs::{Action, RefKind};

/// A measured value: a whole count, or a ratio between 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Measure {
    Count(u64),
    Ratio(f64),
}

impl Measure {
    fn as_f64(self) -> f64 {
        match self {
            Measure::Count(n) => n as f64,
            Measure::Ratio(r) => r,
        }
    }

    fn display(self) -> String {
        match self {
            Measure::Count(n) => n.to_string(),
            Measure::Ratio(r) => format!("{:.0}%", r * 100.0),
        }
    }
}

/// How a number moved against the previous window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Up,
    Down,
    Same,
}

/// Whether a number counts a fact or stands in for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiKind {
    /// A count of what happened (pull requests merged, changes rolled back).
    Exact,
    /// A stand-in for something git cannot measure (the share of work that
    /// was repair, for quality).
    Proxy,
}

/// One key number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    /// Stable identifier: `delivered`, `fixed`, `fix_share`, `issues_closed`,
    /// `pull_requests`, `rollbacks`, `contributors`.
    pub id: String,
    pub label: String,
    /// `null` when it cannot be computed (a rate over no changes).
    pub value: Option<Measure>,
    /// The previous window's value; `null` for a ref range or `--no-compare`.
    pub previous: Option<Measure>,
    pub trend: Option<Trend>,
    /// Whether the move is good news; `null` when the number is neutral or did not move.
    pub better: Option<bool>,
    /// `5`, `35%`, or `—`.
    pub display: String,
    pub previous_display: String,
    /// `▲`, `▼`, `=`, or empty without a previous value.
    pub arrow: String,
    /// `better`, `worse`, or empty.
    pub verdict: String,
    /// False when the history was incomplete (a shallow clone), so the
    /// number may be an undercount.
    pub exact: bool,
    /// A count of facts, or a proxy.
    pub kind: KpiKind,
    /// Where the number comes from: `git`.
    pub source: String,
}

/// Which way is good news for a number. Only rollbacks have a direction
/// nobody would argue with; more deliveries or more fixes may be good news or
/// bad, so those numbers get a trend and no verdict.
#[derive(Clone, Copy)]
enum Goal {
    Down,
    Neutral,
}

/// The counts of one window, from which every KPI is read.
struct Tally {
    delivered: u64,
    fixed: u64,
    rollbacks: u64,
    issues_closed: u64,
    pull_requests: u64,
    contributors: u64,
    /// Lines added plus lines removed, when stats were computed.
    lines_changed: Option<u64>,
    /// Files changed, summed over commits, when stats were computed.
    file_changes: Option<u64>,
}

impl Tally {
    fn of(window: &Changes) -> Tally {
        let work = &window.work;
        let count = |pred: &dyn Fn(&Work) -> bool| work.iter().filter(|w| pred(w)).count() as u64;
        let closed: HashSet<&str> = work
            .iter()
            .filter(|w| !w.bot)
            .flat_map(|w| &w.refs)
            .filter(|r| r.kind == RefKind::Issue && r.action == Action::Closes)
            .map(|r| r.id.as_str())
            .collect();
        // People, as the mailmap names them: one person with two addresses is one contributor.
        let contributors: HashSet<&str> =
            window.listed.iter().filter(|c| !c.bot).map(|c| c.commit.author.as_str()).collect();
        let changes = &window.listed;
        Tally {
            delivered: count(&|w| w.bucket == Bucket::Delivered),
            fixed: count(&|w| w.bucket == Bucket::Fixed || w.reason == Some(Reason::Security)),
            rollbacks: count(&|w| w.reason == Some(Reason::Reverted)),
            issues_closed: closed.len() as u64,
            pull_requests: count(&|w| matches!(w.kind, UnitKind::PullRequest | UnitKind::Branch)),
            contributors: contributors.len() as u64,
            lines_changed: sum(changes, |s| s.insertions + s.deletions),
            file_changes: sum(changes, |s| s.files),
        }
    }

    /// Fixes and rollbacks as a share of all delivered, fixed and rolled-back
    /// units: how much of the work was repair. A proxy, and no verdict: a
    /// week of fixing may be good news.
    fn fix_share(&self) -> Option<Measure> {
        let all = self.delivered + self.fixed + self.rollbacks;
        (all > 0).then(|| Measure::Ratio((self.fixed + self.rollbacks) as f64 / all as f64))
    }
}

/// A total over the commits' stats; `None` when stats were not computed.
fn sum(changes: &[Change], f: fn(&crate::history::Stats) -> usize) -> Option<u64> {
    let stats: Vec<_> = changes.iter().filter_map(|c| c.commit.stats.as_ref()).collect();
    (!stats.is_empty() || changes.is_empty()).then(|| stats.into_iter().map(f).sum::<usize>() as u64)
}

/// Computes the KPIs of the current window against the previous one; with
/// `stats`, also lines and files changed.
pub fn compute(current: &Changes, previous: Option<&Changes>, stats: bool) -> Vec<Kpi> {
    let now = Tally::of(current);
    let before = previous.map(Tally::of);
    let exact = !current.truncated && !previous.is_some_and(|p| p.truncated);
    let count = |f: fn(&Tally) -> u64| Values {
        now: Some(Measure::Count(f(&now))),
        before: before.as_ref().map(|b| Measure::Count(f(b))),
    };
    let fix_share = Values { now: now.fix_share(), before: before.as_ref().and_then(Tally::fix_share) };
    let optional = |f: fn(&Tally) -> Option<u64>| Values {
        now: f(&now).map(Measure::Count),
        before: before.as_ref().and_then(f).map(Measure::Count),
    };
    let mut kpis = vec![
        kpi("delivered", "Improvements delivered", Goal::Neutral, count(|t| t.delivered), exact),
        kpi("fixed", "Problems fixed", Goal::Neutral, count(|t| t.fixed), exact),
        kpi(
            "fix_share",
            "Share of the work that was fixes or rollbacks (a proxy)",
            Goal::Neutral,
            fix_share,
            exact,
        )
        .proxy(),
        kpi("issues_closed", "Issues closed", Goal::Neutral, count(|t| t.issues_closed), exact),
        kpi("pull_requests", "Pull requests merged", Goal::Neutral, count(|t| t.pull_requests), exact),
        kpi("rollbacks", "Changes rolled back", Goal::Down, count(|t| t.rollbacks), exact),
        kpi("contributors", "Contributors", Goal::Neutral, count(|t| t.contributors), exact),
    ];
    if stats {
        kpis.push(kpi("lines_changed", "Lines changed", Goal::Neutral, optional(|t| t.lines_changed), exact));
        kpis.push(kpi("file_changes", "File changes", Goal::Neutral, optional(|t| t.file_changes), exact));
    }
    kpis
}

/// A number in this window and in the previous one.
struct Values {
    now: Option<Measure>,
    before: Option<Measure>,
}

fn kpi(id: &str, label: &str, goal: Goal, values: Values, exact: bool) -> Kpi {
    let Values { now: value, before: previous } = values;
    let trend = match (value, previous) {
        (Some(v), Some(p)) => Some(match v.as_f64().partial_cmp(&p.as_f64()) {
            Some(std::cmp::Ordering::Greater) => Trend::Up,
            Some(std::cmp::Ordering::Less) => Trend::Down,
            _ => Trend::Same,
        }),
        _ => None,
    };
    let better = match (trend, goal) {
        (Some(Trend::Down), Goal::Down) => Some(true),
        (Some(Trend::Up), Goal::Down) => Some(false),
        _ => None,
    };
    let shown = |m: Option<Measure>| m.map(Measure::display).unwrap_or_else(|| "—".to_string());
    Kpi {
        id: id.to_string(),
        label: label.to_string(),
        value,
        previous,
        trend,
        better,
        display: shown(value),
        previous_display: shown(previous),
        arrow: match trend {
            Some(Trend::Up) => "▲",
            Some(Trend::Down) => "▼",
            Some(Trend::Same) => "=",
            None => "",
        }
        .to_string(),
        verdict: match better {
            Some(true) => "better",
            Some(false) => "worse",
            None => "",
        }
        .to_string(),
        exact,
        kind: KpiKind::Exact,
        source: "git".to_string(),
    }
}

impl Kpi {
    fn proxy(mut self) -> Kpi {
        self.kind = KpiKind::Proxy;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(now: Measure, before: Measure) -> Values {
        Values { now: Some(now), before: Some(before) }
    }

    #[test]
    fn trends_and_verdicts_follow_the_goal() {
        let up = kpi("rollbacks", "x", Goal::Down, values(Measure::Count(5), Measure::Count(3)), true);
        assert_eq!((up.trend, up.better, up.arrow.as_str()), (Some(Trend::Up), Some(false), "▲"));
        let rate = kpi("rollbacks", "x", Goal::Down, values(Measure::Ratio(0.35), Measure::Ratio(0.5)), true);
        assert_eq!(
            (rate.trend, rate.verdict.as_str(), rate.display.as_str()),
            (Some(Trend::Down), "better", "35%")
        );
        let same =
            kpi("contributors", "x", Goal::Neutral, values(Measure::Count(4), Measure::Count(4)), true);
        assert_eq!((same.trend, same.better, same.arrow.as_str()), (Some(Trend::Same), None, "="));
        let none = kpi("fix_share", "x", Goal::Neutral, Values { now: None, before: None }, true);
        assert_eq!((none.display.as_str(), none.arrow.as_str()), ("—", ""));
    }

    #[test]
    fn measures_serialise_as_plain_numbers() {
        assert_eq!(serde_json::to_string(&Measure::Count(5)).unwrap(), "5");
        assert_eq!(serde_json::to_string(&Measure::Ratio(0.25)).unwrap(), "0.25");
        assert_eq!(serde_json::from_str::<Measure>("7").unwrap(), Measure::Count(7));
        assert_eq!(serde_json::from_str::<Measure>("0.5").unwrap(), Measure::Ratio(0.5));
    }
}
