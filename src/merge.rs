//! `git-brief merge`: one brief across repositories, from their JSON
//! briefs. Lists are joined, each item with its repository ("shop-web ·
//! Checkout"); numbers are summed where a sum means something, contributors
//! are counted once across repositories (by the hashed identities each
//! brief carries), lead times are pooled before their median is taken, and
//! the result is itself a JSON brief that can be merged again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::brief::{self, Brief, Kpi, Measure, RollUp, Windows, SCHEMA_VERSION};

/// How the merged sections order their items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Group {
    /// Repository by repository, in the order the files were given.
    #[default]
    Repository,
    /// By product area, across repositories.
    Area,
}

/// What a merge may be asked.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub group: Group,
    /// Merge briefs of different windows (each keeps its own numbers).
    pub allow_mixed_windows: bool,
    /// The merged brief's name in its title; default: the repositories'.
    pub title: Option<String>,
}

/// Why briefs could not be merged. All are usage errors (exit 2).
#[derive(Debug, Error)]
pub enum MergeError {
    #[error("cannot read {}: {reason}; give the JSON files that `git-brief --format json` wrote", path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{} is not a git-brief JSON brief ({reason}); write it with `git-brief --format json`", path.display())]
    NotABrief { path: PathBuf, reason: String },
    #[error("{} has schema_version {version}, which this git-brief (schema {SCHEMA_VERSION}) does not know: update git-brief", path.display())]
    Schema { path: PathBuf, version: u64 },
    #[error("{} covers {first} but {} covers {other}: brief the same window in every repository (the same --week), or pass --allow-mixed-windows", first_path.display(), other_path.display())]
    Windows { first_path: PathBuf, first: String, other_path: PathBuf, other: String },
    #[error("merge needs at least one JSON brief: git-brief merge web.json api.json")]
    Nothing,
    #[error("{repository} is in both {} and {}: its work would be counted twice; give each repository's brief once (a merged brief already holds the briefs it was made from)", first_path.display(), other_path.display())]
    Twice { repository: String, first_path: PathBuf, other_path: PathBuf },
}

/// The largest JSON brief read: a year of a very busy repository fits.
const MAX_BRIEF: u64 = 512 << 20;

/// Reads a JSON brief, checking its schema version first.
pub fn read(path: &Path) -> Result<Brief, MergeError> {
    let text = crate::files::read_file_or_pipe(path, MAX_BRIEF)
        .map_err(|e| MergeError::Read { path: path.to_path_buf(), reason: e.to_string() })?;
    let mut value: serde_json::Value = serde_json::from_str(&text).map_err(|e| MergeError::NotABrief {
        path: path.to_path_buf(),
        reason: crate::window::one_line(&e.to_string(), 160),
    })?;
    // A brief passed through another tool may write the version as 1.0 or "1".
    let version = match value.get("schema_version") {
        Some(serde_json::Value::Number(n)) => {
            n.as_u64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0).map(|f| f as u64))
        }
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let version = match (version, value.get("schema_version")) {
        (Some(version), _) => version,
        (None, None) => {
            return Err(MergeError::NotABrief {
                path: path.to_path_buf(),
                reason: "it has no schema_version".into(),
            })
        }
        (None, Some(other)) => {
            return Err(MergeError::NotABrief {
                path: path.to_path_buf(),
                reason: format!(
                    "its schema_version {} is not a number",
                    crate::window::one_line(&other.to_string(), 40)
                ),
            })
        }
    };
    value["schema_version"] = serde_json::Value::from(version);
    if version != u64::from(SCHEMA_VERSION) {
        return Err(MergeError::Schema { path: path.to_path_buf(), version });
    }
    serde_json::from_value(value).map_err(|e| MergeError::NotABrief {
        path: path.to_path_buf(),
        reason: crate::window::one_line(&e.to_string(), 160),
    })
}

/// One brief from `briefs` (each with the file it came from).
pub fn merge(briefs: Vec<(PathBuf, Brief)>, options: &Options) -> Result<Brief, MergeError> {
    let Some((first_path, first)) = briefs.first() else { return Err(MergeError::Nothing) };
    if !options.allow_mixed_windows {
        let span = |b: &Brief| (b.window.since.clone(), b.window.until.clone(), b.window.range.clone());
        if let Some((path, other)) = briefs.iter().find(|(_, b)| span(b) != span(first)) {
            let (first_words, other_words) = windows_apart(&first.window, &other.window);
            return Err(MergeError::Windows {
                first_path: first_path.clone(),
                first: first_words,
                other_path: path.clone(),
                other: other_words,
            });
        }
    }
    // One repository's work twice (the same file given twice, or a merged
    // brief with one it already holds) would double every count.
    let mut seen: BTreeMap<String, &PathBuf> = BTreeMap::new();
    for (path, b) in &briefs {
        for name in covered(b) {
            if let Some(first_path) = seen.insert(name.clone(), path) {
                return Err(MergeError::Twice {
                    repository: name,
                    first_path: first_path.clone(),
                    other_path: path.clone(),
                });
            }
        }
    }
    let mut window = first.window.clone();
    window.paths.clear();
    let names: Vec<String> = briefs.iter().flat_map(|(_, b)| covered(b)).collect();
    let name = options.title.clone().unwrap_or_else(|| list(&names));
    let mut merged = Brief {
        schema_version: SCHEMA_VERSION,
        // As the brief titles itself, with the merged name.
        title: format!(
            "{} — {name} · {}",
            if first.window.period == "this week" { "Weekly brief" } else { "Brief" },
            first.window.label
        ),
        repository: brief::Repository {
            name,
            url: None,
            branch: None,
            unmerged_into: None,
            repositories: names.clone(),
        },
        window,
        headline: String::new(),
        intro: None,
        delivered: Vec::new(),
        releases: Vec::new(),
        milestones: Vec::new(),
        fixed: Vec::new(),
        attention: Vec::new(),
        in_progress: Vec::new(),
        maintenance: brief::Maintenance { total: 0, by_type: BTreeMap::new(), summary: String::new() },
        noise: 0,
        kpis: Vec::new(),
        trend: None,
        units: Vec::new(),
        commits: Vec::new(),
        merges: Vec::new(),
        confidence: brief::Confidence { written: 0, total: 0, share: None, display: String::new() },
        activity: Vec::new(),
        max_items: first.max_items,
        tracker: None,
        warnings: Vec::new(),
        details: Vec::new(),
        roll_up: RollUp::default(),
        pull_request: None,
    };
    let compared = briefs.iter().all(|(_, b)| b.window.previous_period.is_some());
    if !compared {
        merged.window.previous_period = None;
    }
    let mut days: BTreeMap<String, brief::Day> = BTreeMap::new();
    for (_, b) in &briefs {
        let repo = b.repository.name.clone();
        let own = |existing: &Option<String>| existing.clone().or_else(|| Some(repo.clone()));
        // An item of a merged brief already says its repository.
        let area = |existing: &Option<String>, area: &str| match existing {
            Some(_) => area.to_string(),
            None if area == brief::GENERAL => repo.clone(),
            None => format!("{repo} · {area}"),
        };
        let outcome = |o: &brief::Outcome| brief::Outcome {
            area: area(&o.repository, &o.area),
            repository: own(&o.repository),
            ..o.clone()
        };
        merged.delivered.extend(b.delivered.iter().map(outcome));
        merged.fixed.extend(b.fixed.iter().map(outcome));
        for r in &b.attention {
            merged.attention.push(brief::Roadblock {
                area: area(&r.repository, &r.area),
                repository: own(&r.repository),
                ..r.clone()
            });
        }
        for r in &b.releases {
            let text = if r.repository.is_some() { r.text.clone() } else { format!("{repo}: {}", r.text) };
            merged.releases.push(brief::Release { text, repository: own(&r.repository), ..r.clone() });
        }
        for m in &b.milestones {
            merged.milestones.push(brief::MilestoneRecord { repository: own(&m.repository), ..m.clone() });
        }
        for t in &b.in_progress {
            let reference =
                if t.repository.is_some() { t.reference.clone() } else { format!("{repo} {}", t.reference) };
            merged.in_progress.push(brief::Tracked {
                reference,
                repository: own(&t.repository),
                ..t.clone()
            });
        }
        let offset = merged.units.len();
        for u in &b.units {
            merged.units.push(brief::UnitRecord { repository: own(&u.repository), ..u.clone() });
        }
        for c in &b.commits {
            merged.commits.push(brief::CommitRecord {
                repository: own(&c.repository),
                unit: c.unit.saturating_add(offset),
                ..c.clone()
            });
        }
        merged.merges.extend(b.merges.iter().cloned());
        for (kind, n) in &b.maintenance.by_type {
            let count = merged.maintenance.by_type.entry(kind.clone()).or_insert(0);
            *count = count.saturating_add(*n);
        }
        merged.maintenance.total = merged.maintenance.total.saturating_add(b.maintenance.total);
        merged.noise = merged.noise.saturating_add(b.noise);
        merged.confidence.written = merged.confidence.written.saturating_add(b.confidence.written);
        merged.confidence.total = merged.confidence.total.saturating_add(b.confidence.total);
        for day in &b.activity {
            let entry = days.entry(day.date.clone()).or_insert_with(|| brief::Day {
                delivered: 0,
                fixed: 0,
                attention: 0,
                maintenance: 0,
                ..day.clone()
            });
            entry.delivered = entry.delivered.saturating_add(day.delivered);
            entry.fixed = entry.fixed.saturating_add(day.fixed);
            entry.attention = entry.attention.saturating_add(day.attention);
            entry.maintenance = entry.maintenance.saturating_add(day.maintenance);
        }
        let already = !b.repository.repositories.is_empty();
        let own = |w: &String| if already { w.clone() } else { format!("{repo}: {w}") };
        merged.warnings.extend(b.warnings.iter().map(own));
        merged.details.extend(b.details.iter().map(own));
        let counted =
            b.kpis.iter().any(|k| k.id == "contributors" && k.value.is_some_and(|v| v != Measure::Count(0)));
        if counted && b.roll_up == RollUp::default() {
            merged.warnings.push(format!(
                "{repo}'s brief was written by an older git-brief, without the people and lead times a merge combines: contributors and lead time show as —. Brief it again with this version."
            ));
        }
    }
    if options.group == Group::Area {
        let key = |area: &str, repository: &Option<String>| {
            let plain = repository
                .as_ref()
                .and_then(|r| area.strip_prefix(&format!("{r} · ")))
                .unwrap_or(area)
                .to_lowercase();
            (plain, repository.clone())
        };
        merged.delivered.sort_by_key(|o| key(&o.area, &o.repository));
        merged.fixed.sort_by_key(|o| key(&o.area, &o.repository));
    }
    merged.activity = days.into_values().collect();
    merged.maintenance.summary =
        brief::maintenance_summary(merged.maintenance.total, &merged.maintenance.by_type);
    // A brief that says more were written than there were is read as all.
    let written = merged.confidence.written.min(merged.confidence.total);
    merged.confidence.share =
        (merged.confidence.total > 0).then(|| written as f64 / merged.confidence.total as f64);
    merged.confidence.display =
        merged.confidence.share.map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| "—".to_string());
    merged.roll_up = roll_up(&briefs);
    merged.kpis = numbers(&briefs, &merged.roll_up, compared);
    let quiet = merged.commits.is_empty() && merged.merges.is_empty();
    let count = |id: &str| match merged.kpis.iter().find(|k| k.id == id).and_then(|k| k.value) {
        Some(Measure::Count(n)) => n,
        _ => 0,
    };
    let done = (count("delivered"), count("fixed"));
    merged.headline =
        brief::headline(quiet, done, &merged.attention, &merged.window, None, brief::Voice::Team);
    Ok(merged)
}

/// Two windows in words that tell them apart: their labels, else (the same
/// week in two time zones, say) with their zones, else their exact bounds.
fn windows_apart(first: &brief::WindowInfo, other: &brief::WindowInfo) -> (String, String) {
    if first.label != other.label {
        return (first.label.clone(), other.label.clone());
    }
    if first.timezone != other.timezone {
        let zoned = |w: &brief::WindowInfo| format!("{} in {}", w.label, w.timezone);
        return (zoned(first), zoned(other));
    }
    let exact = |w: &brief::WindowInfo| match (&w.since, &w.until, &w.range) {
        (Some(since), Some(until), _) => format!("{since} to {until}"),
        (_, _, Some(range)) => range.clone(),
        _ => w.label.clone(),
    };
    (exact(first), exact(other))
}

/// The repositories a brief covers: its own name, or a merged brief's list.
fn covered(b: &Brief) -> Vec<String> {
    if b.repository.repositories.is_empty() {
        vec![b.repository.name.clone()]
    } else {
        b.repository.repositories.clone()
    }
}

/// `shop-web`, `shop-web and shop-api`, `shop-web, shop-api and infra`;
/// past three, `5 repositories`.
fn list(names: &[String]) -> String {
    match names {
        [] => "no repository".to_string(),
        [one] => one.clone(),
        [init @ .., last] if names.len() <= 3 => format!("{} and {last}", init.join(", ")),
        _ => format!("{} repositories", names.len()),
    }
}

fn roll_up(briefs: &[(PathBuf, Brief)]) -> RollUp {
    let rolls = briefs.iter().map(|(_, b)| &b.roll_up);
    let mut people = BTreeSet::new();
    let mut people_before: Option<BTreeSet<String>> = Some(BTreeSet::new());
    let mut leads = Vec::new();
    let mut leads_before: Option<Vec<u64>> = Some(Vec::new());
    for roll in rolls {
        people.extend(roll.contributors.current.iter().cloned());
        leads.extend(roll.lead_times.current.iter().copied());
        match (&mut people_before, &roll.contributors.previous) {
            (Some(set), Some(previous)) => set.extend(previous.iter().cloned()),
            (set, _) => *set = None,
        }
        match (&mut leads_before, &roll.lead_times.previous) {
            (Some(all), Some(previous)) => all.extend(previous.iter().copied()),
            (all, _) => *all = None,
        }
    }
    leads.sort_unstable();
    if let Some(all) = leads_before.as_mut() {
        all.sort_unstable();
    }
    RollUp {
        contributors: Windows {
            current: people.into_iter().collect(),
            previous: people_before.map(|s| s.into_iter().collect()),
        },
        lead_times: Windows { current: leads, previous: leads_before },
    }
}

/// The numbers across repositories: counts summed, the fix share from the
/// summed counts, contributors and lead time from the roll-up; a number from
/// outside git stays each repository's own, named after it.
fn numbers(briefs: &[(PathBuf, Brief)], roll: &RollUp, compared: bool) -> Vec<Kpi> {
    let mut ids: Vec<String> = Vec::new();
    for (_, b) in briefs {
        for k in b.kpis.iter().filter(|k| k.source == "git") {
            if !ids.contains(&k.id) {
                ids.push(k.id.clone());
            }
        }
    }
    let find = |b: &Brief, id: &str| b.kpis.iter().find(|k| k.id == id).cloned();
    let sum = |id: &str, previous: bool| -> Option<Measure> {
        let values: Vec<Option<Measure>> = briefs
            .iter()
            .map(|(_, b)| find(b, id).and_then(|k| if previous { k.previous } else { k.value }))
            .collect();
        let counts: Vec<u64> = values
            .iter()
            .flatten()
            .filter_map(|m| match m {
                Measure::Count(n) => Some(*n),
                Measure::Real(_) => None,
            })
            .collect();
        (!counts.is_empty()).then(|| Measure::Count(counts.iter().fold(0u64, |a, &b| a.saturating_add(b))))
    };
    let share = |previous: bool| -> Option<Measure> {
        let n = |id| match sum(id, previous) {
            Some(Measure::Count(n)) => n,
            _ => 0,
        };
        // Counts read from files: added without wrapping, so the share
        // stays within 0–100 % whatever they say.
        let fixes = n("fixed").saturating_add(n("rollbacks"));
        let all = n("delivered").saturating_add(fixes);
        (all > 0).then(|| Measure::Real(fixes as f64 / all as f64))
    };
    let unrolled = |id: &str| {
        briefs.iter().any(|(_, b)| {
            let counted = find(b, id).is_some_and(|k| k.value.is_some_and(|v| v != Measure::Count(0)));
            counted && b.roll_up == RollUp::default()
        })
    };
    let mut kpis = Vec::new();
    for id in &ids {
        let Some(template) = briefs.iter().find_map(|(_, b)| find(b, id)) else { continue };
        let (value, previous) = match id.as_str() {
            "fix_share" => (share(false), share(true)),
            // A brief written before briefs carried their roll-up cannot be
            // combined for these: "—" rather than an undercount.
            "contributors" | "lead_time" if unrolled(id) => (None, None),
            "contributors" => (
                Some(Measure::Count(roll.contributors.current.len() as u64)),
                roll.contributors.previous.as_ref().map(|p| Measure::Count(p.len() as u64)),
            ),
            "lead_time" => (
                brief::median(roll.lead_times.current.clone()).map(Measure::Count),
                roll.lead_times.previous.clone().and_then(brief::median).map(Measure::Count),
            ),
            _ => (sum(id, false), sum(id, true)),
        };
        let mut kpi = brief::recombined(&template, value, if compared { previous } else { None }, compared);
        kpi.exact = briefs.iter().all(|(_, b)| find(b, id).is_none_or(|k| k.exact));
        kpis.push(kpi);
    }
    for (_, b) in briefs {
        // Each repository's own, named after it (once: a merged brief's are named already).
        let already = !b.repository.repositories.is_empty();
        for k in b.kpis.iter().filter(|k| k.source != "git") {
            let (label, id) = if already {
                (k.label.clone(), k.id.clone())
            } else {
                (format!("{} ({})", k.label, b.repository.name), format!("{}@{}", k.id, b.repository.name))
            };
            kpis.push(Kpi { label, id, series: Vec::new(), sparkline: String::new(), ..k.clone() });
        }
    }
    kpis
}
