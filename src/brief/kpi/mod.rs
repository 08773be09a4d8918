//! The numbers of the brief, for this window and the one before it.
//!
//! Every number is derived from the units of work and their commits alone,
//! so that anyone can recompute it from the JSON's `units` and `commits`.

use std::collections::HashSet;

use crate::classify::{Bucket, Change, Changes, Reason, Work};
use crate::group::UnitKind;
use crate::refs::{Action, RefKind};

mod definition;

pub use definition::*;

pub use crate::numbers::BUILT_IN_KPIS;

/// Which way is good news for a number. Rollbacks and lead time have a
/// direction nobody would argue with; more deliveries or more fixes may be
/// good news or bad, so those numbers get a trend and no verdict. Numbers
/// from outside git say their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    Up,
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
    releases: u64,
    /// The median lead time in seconds, over the units whose start git records.
    lead_time: Option<u64>,
    /// Lines added plus lines removed, when stats were computed.
    lines_changed: Option<u64>,
    /// Files changed, summed over commits, when stats were computed.
    file_changes: Option<u64>,
}

impl Tally {
    fn of(window: &Changes) -> Tally {
        let work = &window.work;
        let count = |pred: &dyn Fn(&Work) -> bool| work.iter().filter(|w| pred(w)).count() as u64;
        let closed = closed_issues(window);
        let contributors = people(window);
        let changes = &window.listed;
        Tally {
            delivered: count(&delivered),
            fixed: count(&fixed),
            rollbacks: count(&|w| w.reason == Some(Reason::Reverted)),
            issues_closed: closed.len() as u64,
            pull_requests: count(&|w| matches!(w.kind, UnitKind::PullRequest | UnitKind::Branch)),
            contributors: contributors.len() as u64,
            releases: (window.tags.len() + window.side_releases.len()) as u64,
            lead_time: median(lead_times(window)),
            lines_changed: sum(changes, |s| s.insertions + s.deletions),
            file_changes: sum(changes, |s| s.files),
        }
    }

    /// Fixes and rollbacks as a share of all delivered, fixed and rolled-back
    /// units: how much of the work was repair. A proxy, and no verdict: a
    /// week of fixing may be good news.
    fn fix_share(&self) -> Option<Measure> {
        let all = self.delivered + self.fixed + self.rollbacks;
        (all > 0).then(|| Measure::Real((self.fixed + self.rollbacks) as f64 / all as f64))
    }
}

/// Each unit's lead time in seconds: from the author time of its first
/// commit to its landing on the branch, over the commits that tell when
/// their work began and when it was handed over. A commit tells that when
/// it came in through a merge (written then, landed at the merge), or when
/// someone other than its author committed it later than it was written (a
/// patch applied, a pull request rebased by the forge): the gap is the wait
/// for review and merge. A commit its author made and pushed tells no wait
/// (its gap is an amend or a rebase before pushing), and a forge's squash
/// rewrites the author time to the merge's: a unit of only those is left
/// out, as are bots' units and noise.
fn lead_times(window: &Changes) -> Vec<u64> {
    window
        .work
        .iter()
        .filter(|w| !w.bot && w.bucket != Bucket::Noise)
        .filter_map(|w| {
            let told = w
                .commits
                .iter()
                .filter_map(|&i| window.listed.get(i))
                .map(|c| &c.commit)
                .filter(|c| c.landed != c.time || (!c.by_author && c.authored < c.time));
            let (start, landed) = told.fold((i64::MAX, i64::MIN), |(start, landed), c| {
                (start.min(c.authored.timestamp()), landed.max(c.landed.timestamp()))
            });
            (landed > start).then(|| (landed - start) as u64)
        })
        .collect()
}

/// Units delivered and fixed (security fixes included): the headline's counts.
pub fn outcome_counts(window: &Changes) -> (u64, u64) {
    let count = |pred: fn(&Work) -> bool| window.work.iter().filter(|w| pred(w)).count() as u64;
    (count(delivered), count(fixed))
}

/// A unit the brief counts as delivered.
fn delivered(work: &Work) -> bool {
    work.bucket == Bucket::Delivered
}

/// A unit the brief counts as fixed: a fix, or a shipped security fix.
fn fixed(work: &Work) -> bool {
    work.bucket == Bucket::Fixed || work.reason == Some(Reason::Security)
}

/// The numbers of one change set (a pull request, a ref range), where
/// trends, rates and "merged" counts mean nothing: its commits, its
/// authors, the issues it closes (with those its description closes), the
/// product areas it touches, and with `stats` the lines and files it changes.
pub fn change_set(window: &Changes, stats: bool, closes: &[String]) -> Vec<Kpi> {
    let people = people(window);
    let mut closed = closed_issues(window);
    closed.extend(closes.iter().map(String::as_str));
    let areas: HashSet<String> = window
        .work
        .iter()
        .filter(|w| !w.bot && w.bucket != Bucket::Noise)
        .filter_map(|w| w.message.area.as_deref().map(str::to_lowercase))
        .collect();
    let count = |n: usize| vec![Some(Measure::Count(n as u64))];
    let mut kpis = vec![
        kpi(
            Spec::git("commits", "Commits", Goal::Neutral),
            count(window.listed.len()),
            false,
            !window.truncated,
        ),
        kpi(Spec::git("authors", "Authors", Goal::Neutral), count(people.len()), false, !window.truncated),
        kpi(Spec::git("issues_closed", "Issues it closes", Goal::Neutral), count(closed.len()), false, true),
    ];
    // A change to no named area (a typo fix, say) has no row for it, not a 0.
    if !areas.is_empty() {
        kpis.push(kpi(
            Spec::git("areas", "Product areas it touches", Goal::Neutral),
            count(areas.len()),
            false,
            true,
        ));
    }
    if stats {
        let optional = |v: Option<u64>| vec![v.map(Measure::Count)];
        kpis.push(kpi(
            Spec::git("lines_changed", "Lines changed", Goal::Neutral),
            optional(sum(&window.listed, |s| s.insertions + s.deletions)),
            false,
            true,
        ));
        kpis.push(kpi(
            Spec::git("file_changes", "File changes", Goal::Neutral),
            optional(sum(&window.listed, |s| s.files)),
            false,
            true,
        ));
    }
    kpis
}

/// A person as `merge` counts them across repositories: the first 16 hex
/// digits of the SHA-256 of the name the mailmap gives them. The same
/// people as [`Tally`]'s contributors, without their names.
fn person(name: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, name.as_bytes());
    digest.as_ref().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// What `merge` needs to combine contributors and lead times, which do not
/// add up across repositories.
pub fn roll_up(current: &Changes, previous: Option<&Changes>) -> super::RollUp {
    let people = |window: &Changes| -> Vec<String> {
        let names: std::collections::BTreeSet<&str> =
            window.listed.iter().filter(|c| !c.bot).map(|c| &*c.commit.author).collect();
        let mut people: Vec<String> = names.into_iter().map(person).collect();
        people.sort();
        people
    };
    let leads = |window: &Changes| {
        let mut leads = lead_times(window);
        leads.sort_unstable();
        leads
    };
    super::RollUp {
        contributors: super::Windows { current: people(current), previous: previous.map(people) },
        lead_times: super::Windows { current: leads(current), previous: previous.map(leads) },
    }
}

/// The median, the mean of the middle two for an even count.
pub fn median(mut values: Vec<u64>) -> Option<u64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        // Sorted, so the difference cannot underflow, and the sum cannot overflow.
        _ => Some(values[n / 2 - 1] + (values[n / 2] - values[n / 2 - 1]) / 2),
    }
}

/// The issues the people's work of a window closes.
fn closed_issues(window: &Changes) -> HashSet<&str> {
    window
        .work
        .iter()
        .filter(|w| !w.bot)
        .flat_map(|w| &w.refs)
        .filter(|r| r.kind == RefKind::Issue && r.action == Action::Closes)
        .map(|r| r.id.as_str())
        .collect()
}

/// People, as the mailmap names them (one person with two addresses is one
/// contributor), bots left out.
fn people(window: &Changes) -> HashSet<&str> {
    window.listed.iter().filter(|c| !c.bot).map(|c| &*c.commit.author).collect()
}

/// A total over the commits' stats; `None` when stats were not computed.
fn sum(changes: &[Change], f: fn(&crate::history::Stats) -> usize) -> Option<u64> {
    let stats: Vec<_> = changes.iter().filter_map(|c| c.commit.stats.as_deref()).collect();
    (!stats.is_empty() || changes.is_empty()).then(|| stats.into_iter().map(f).sum::<usize>() as u64)
}

/// The windows the numbers are computed for: this one, the previous one
/// (when compared), and the earlier ones of `--trend` (newest first).
pub struct Windows<'a> {
    pub current: &'a Changes,
    pub previous: Option<&'a Changes>,
    pub earlier: &'a [&'a Changes],
}

/// Computes the KPIs of the current window against the previous one and,
/// with `--trend`, the windows before it; with `stats`, also lines and
/// files changed; then the numbers from outside git.
pub fn compute(windows: &Windows, stats: bool, outside: &[crate::metrics::Reading]) -> Vec<Kpi> {
    // Oldest first, ending with this window.
    let mut tallies: Vec<Tally> = windows.earlier.iter().rev().map(|c| Tally::of(c)).collect();
    tallies.extend(windows.previous.map(Tally::of));
    tallies.push(Tally::of(windows.current));
    let compared = windows.previous.is_some();
    let exact = !windows.current.truncated
        && !windows.previous.is_some_and(|p| p.truncated)
        && !windows.earlier.iter().any(|c| c.truncated);
    let make = |spec: Spec, f: &dyn Fn(&Tally) -> Option<Measure>| {
        let series = tallies.iter().map(f).collect();
        kpi(spec, series, compared, exact)
    };
    let count = |f: fn(&Tally) -> u64| move |t: &Tally| Some(Measure::Count(f(t)));
    let mut kpis = vec![
        make(Spec::git("delivered", "Improvements delivered", Goal::Neutral), &count(|t| t.delivered)),
        make(Spec::git("fixed", "Problems fixed", Goal::Neutral), &count(|t| t.fixed)),
        make(
            Spec {
                unit: Unit::Percent,
                kind: KpiKind::Proxy,
                ..Spec::git(
                    "fix_share",
                    "Share of the work that was fixes or rollbacks (a proxy)",
                    Goal::Neutral,
                )
            },
            &Tally::fix_share,
        ),
        make(Spec::git("issues_closed", "Issues closed", Goal::Neutral), &count(|t| t.issues_closed)),
        make(Spec::git("pull_requests", "Pull requests merged", Goal::Neutral), &count(|t| t.pull_requests)),
        make(Spec::git("rollbacks", "Changes rolled back", Goal::Down), &count(|t| t.rollbacks)),
        make(Spec::git("contributors", "Contributors", Goal::Neutral), &count(|t| t.contributors)),
        make(
            Spec {
                unit: Unit::Duration,
                ..Spec::git("lead_time", "Median time from first commit to delivery", Goal::Down)
            },
            &|t| t.lead_time.map(Measure::Count),
        ),
        make(
            Spec {
                kind: KpiKind::Proxy,
                ..Spec::git("releases", "Releases tagged (a proxy for deployment frequency)", Goal::Neutral)
            },
            &count(|t| t.releases),
        ),
    ];
    // A history where git cannot tell when work began (squash merges, work
    // pushed by its authors) would show a row of dashes every week: the
    // number is left out while neither window has a value.
    kpis.retain(|k| k.id != "lead_time" || k.value.is_some() || k.previous.is_some());
    if stats {
        kpis.push(make(Spec::git("lines_changed", "Lines changed", Goal::Neutral), &|t| {
            t.lines_changed.map(Measure::Count)
        }));
        kpis.push(make(Spec::git("file_changes", "File changes", Goal::Neutral), &|t| {
            t.file_changes.map(Measure::Count)
        }));
    }
    for number in outside {
        use crate::metrics::{Better, Format};
        let definition = &number.definition;
        let spec = Spec {
            id: definition.id.clone(),
            label: definition.label.clone(),
            goal: match definition.better {
                Some(Better::Up) => Goal::Up,
                Some(Better::Down) => Goal::Down,
                None => Goal::Neutral,
            },
            unit: match definition.format {
                Format::Percent => Unit::Percent,
                Format::Duration => Unit::Duration,
                Format::Number => Unit::Number,
            },
            kind: KpiKind::Exact,
            source: definition.source.kind().to_string(),
        };
        let series = number.series.iter().map(|v| v.map(Measure::Real)).collect();
        kpis.push(Kpi { warning: number.warning.clone(), ..kpi(spec, series, compared, true) });
    }
    kpis
}

/// A built-in number recomputed from combined values (by `merge`): the
/// same label, unit, kind and verdict rule, new values and trend.
pub fn recombined(kpi: &Kpi, value: Option<Measure>, previous: Option<Measure>, compared: bool) -> Kpi {
    let goal = match kpi.id.as_str() {
        "rollbacks" | "lead_time" => Goal::Down,
        _ => Goal::Neutral,
    };
    let spec = Spec {
        id: kpi.id.clone(),
        label: kpi.label.clone(),
        goal,
        unit: kpi.unit,
        kind: kpi.kind,
        source: kpi.source.clone(),
    };
    let series = if compared { vec![previous, value] } else { vec![value] };
    Kpi { exact: kpi.exact, ..self::kpi(spec, series, compared, kpi.exact) }
}

/// What a number is, apart from its values.
struct Spec {
    id: String,
    label: String,
    goal: Goal,
    unit: Unit,
    kind: KpiKind,
    source: String,
}

impl Spec {
    fn git(id: &str, label: &str, goal: Goal) -> Spec {
        Spec {
            id: id.to_string(),
            label: label.to_string(),
            goal,
            unit: Unit::Count,
            kind: KpiKind::Exact,
            source: "git".to_string(),
        }
    }
}

/// A KPI from its values, oldest first: the last is this window's, the one
/// before it the previous window's when `compared`.
fn kpi(spec: Spec, mut series: Vec<Option<Measure>>, compared: bool, exact: bool) -> Kpi {
    let value = series.last().copied().flatten();
    let previous = if compared && series.len() >= 2 { series[series.len() - 2] } else { None };
    let trend = match (value, previous) {
        (Some(v), Some(p)) => Some(match v.as_f64().partial_cmp(&p.as_f64()) {
            Some(std::cmp::Ordering::Greater) => Trend::Up,
            Some(std::cmp::Ordering::Less) => Trend::Down,
            _ => Trend::Same,
        }),
        _ => None,
    };
    let better = match (trend, spec.goal) {
        (Some(Trend::Down), Goal::Down) | (Some(Trend::Up), Goal::Up) => Some(true),
        (Some(Trend::Up), Goal::Down) | (Some(Trend::Down), Goal::Up) => Some(false),
        _ => None,
    };
    // A series is worth showing only beyond the two windows the table has.
    if series.len() <= 2 {
        series.clear();
    }
    let unit = spec.unit;
    let shown = |m: Option<Measure>| m.map(|m| unit.display(m)).unwrap_or_else(|| "—".to_string());
    Kpi {
        id: spec.id,
        label: spec.label,
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
        kind: spec.kind,
        source: spec.source,
        unit,
        sparkline: sparkline(&series),
        series,
        warning: None,
    }
}

/// The series in eight block heights from its lowest value to its highest;
/// `·` where a window has no value.
pub fn sparkline(series: &[Option<Measure>]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let values: Vec<f64> = series.iter().flatten().map(|m| m.as_f64()).filter(|v| v.is_finite()).collect();
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    series
        .iter()
        .map(|m| match m.map(|m| m.as_f64()).filter(|v| v.is_finite()) {
            None => '·',
            Some(_) if high <= low => {
                if high > 0.0 {
                    BLOCKS[3]
                } else {
                    BLOCKS[0]
                }
            }
            Some(v) => BLOCKS[(((v - low) / (high - low)) * 7.0).round() as usize],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two(id: &str, goal: Goal, unit: Unit, before: Measure, now: Measure) -> Kpi {
        kpi(Spec { unit, ..Spec::git(id, "x", goal) }, vec![Some(before), Some(now)], true, true)
    }

    #[test]
    fn trends_and_verdicts_follow_the_goal() {
        let up = two("rollbacks", Goal::Down, Unit::Count, Measure::Count(3), Measure::Count(5));
        assert_eq!((up.trend, up.better, up.arrow.as_str()), (Some(Trend::Up), Some(false), "▲"));
        let rate = two("rollbacks", Goal::Down, Unit::Percent, Measure::Real(0.5), Measure::Real(0.35));
        assert_eq!(
            (rate.trend, rate.verdict.as_str(), rate.display.as_str()),
            (Some(Trend::Down), "better", "35%")
        );
        let rising = two("uptime", Goal::Up, Unit::Percent, Measure::Real(0.99), Measure::Real(0.995));
        assert_eq!((rising.verdict.as_str(), rising.display.as_str()), ("better", "99.5%"));
        let same = two("contributors", Goal::Neutral, Unit::Count, Measure::Count(4), Measure::Count(4));
        assert_eq!((same.trend, same.better, same.arrow.as_str()), (Some(Trend::Same), None, "="));
        let none = kpi(Spec::git("fix_share", "x", Goal::Neutral), vec![None, None], true, true);
        assert_eq!((none.display.as_str(), none.arrow.as_str()), ("—", ""));
        // Without a comparison the last value is this window's and nothing else is shown.
        let alone =
            kpi(Spec::git("delivered", "x", Goal::Neutral), vec![Some(Measure::Count(2))], false, true);
        assert_eq!((alone.display.as_str(), alone.previous, alone.series.len()), ("2", None, 0));
    }

    #[test]
    fn units_read_as_a_person_would_say_them() {
        let show = |unit: Unit, v: f64| unit.display(Measure::Real(v));
        assert_eq!(show(Unit::Percent, 0.0012), "0.12%");
        assert_eq!(show(Unit::Percent, 0.003), "0.3%");
        assert_eq!(show(Unit::Percent, 0.0), "0%");
        assert_eq!(show(Unit::Percent, 0.25), "25%");
        assert_eq!(show(Unit::Percent, 0.9987), "99.87%");
        assert_eq!(show(Unit::Percent, 0.999962), "99.9962%");
        assert_eq!(show(Unit::Percent, 1.0), "100%");
        // Shares of counts near u64::MAX: no runs of zeros or nines.
        assert_eq!(show(Unit::Percent, 2.0 / u64::MAX as f64), "<0.0001%");
        assert_eq!(show(Unit::Percent, 1.0 - 1e-12), ">99.9999%");
        assert_eq!(show(Unit::Duration, 0.25), "250 ms");
        assert_eq!(show(Unit::Duration, 42.0), "42 s");
        assert_eq!(show(Unit::Duration, 40.0 * 60.0), "40 min");
        assert_eq!(show(Unit::Duration, 3600.0), "1 hour");
        assert_eq!(show(Unit::Duration, 5.5 * 3600.0), "5.5 hours");
        assert_eq!(show(Unit::Duration, 2.1 * 86400.0), "2.1 days");
        assert_eq!(show(Unit::Duration, 12.0 * 86400.0), "12 days");
        assert_eq!(show(Unit::Number, 1.23456), "1.23");
        assert_eq!(show(Unit::Number, 1234.6), "1235");
        assert_eq!(show(Unit::Number, f64::NAN), "—");
        assert_eq!(Unit::Duration.display(Measure::Count(90_000)), "25 hours");
    }

    #[test]
    fn sparklines_span_the_lowest_to_the_highest_value() {
        let series: Vec<Option<Measure>> =
            [0, 2, 4, 7, 14].iter().map(|&n| Some(Measure::Count(n))).collect();
        assert_eq!(sparkline(&series), "▁▂▃▅█");
        assert_eq!(sparkline(&[Some(Measure::Count(3)), None, Some(Measure::Count(3))]), "▄·▄");
        assert_eq!(sparkline(&[Some(Measure::Count(0)), Some(Measure::Count(0))]), "▁▁");
    }

    #[test]
    fn the_built_in_ids_are_the_computed_ones() {
        let empty = Changes::default();
        let windows = Windows { current: &empty, previous: None, earlier: &[] };
        let ids: Vec<String> = compute(&windows, true, &[]).into_iter().map(|k| k.id).collect();
        // Without a unit to measure, lead time is left out.
        let expected: Vec<&str> = BUILT_IN_KPIS.iter().copied().filter(|id| *id != "lead_time").collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn the_median_takes_the_middle() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 2, 10]), Some(3));
    }

    #[test]
    fn measures_serialise_as_plain_numbers() {
        assert_eq!(serde_json::to_string(&Measure::Count(5)).unwrap(), "5");
        assert_eq!(serde_json::to_string(&Measure::Real(0.25)).unwrap(), "0.25");
        assert_eq!(serde_json::from_str::<Measure>("7").unwrap(), Measure::Count(7));
        assert_eq!(serde_json::from_str::<Measure>("0.5").unwrap(), Measure::Real(0.5));
    }
}
