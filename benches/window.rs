//! How the cost of a brief grows: with the window, never with the history.
//!
//! Times git-brief's library, as the command runs it (`git_brief::brief`, then
//! Markdown), on synthetic histories of 1,000 and 100,000 commits (and 300,000
//! with `GIT_BRIEF_BENCH_LARGE=1`), all with the same recent density, about 58
//! commits a week with a merge every ~20 commits (see `fixture/mod.rs`):
//!
//! - `one_week_brief/{size}`: the last 7 days, with the week before for trends;
//! - `one_year_brief/{size}`: the last 52 weeks, without trends;
//! - `one_year_brief_stats/{size}`: the same with `--stats` (a diff per commit).
//!
//! The fixtures are made on the fly under `target/bench-fixtures/` and reused
//! by later runs; they are never committed. `GIT_BRIEF_BENCH_SHAPE=real`
//! runs the same groups (named `…_real`) on histories shaped after git.git
//! instead: git-style and ambiguous subjects, topic merges, a root tree of
//! ~400 entries and a `t/` of ~1,200 (see `fixture/mod.rs`).
//!
//! Run: `cargo bench --bench window`. Only make the fixtures (for
//! `benches/compare.sh`), printing their paths and the windows' bounds:
//! `cargo bench --bench window -- --fixtures-only`. How many of a year's
//! commits the classify step reads the changed paths of, per fixture:
//! `cargo bench --bench window -- --paths-share`.

mod fixture;

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::{BenchmarkId, Criterion, SamplingMode};
use git2::Oid;
use git_brief::classify::{self, Evidence, Paths};
use git_brief::render::{render, Format};
use git_brief::{history, refs, window, Request};

use fixture::{rfc3339, Shape, UNTIL, WEEK, YEAR_WEEKS};

/// What a brief is asked for.
#[derive(Clone, Copy)]
enum Case {
    /// `git-brief` at UNTIL: the last 7 days, compared with the 7 before.
    Week,
    /// `git-brief --since <52 weeks before> --until UNTIL --no-compare`.
    Year,
    /// The same, with `--stats`.
    YearStats,
}

fn brief(repository: &Path, case: Case) -> String {
    let repo = git2::Repository::open(repository).expect("fixture repository");
    let mut request = Request::new(DateTime::<Utc>::from_timestamp(UNTIL, 0).expect("valid time"));
    request.timezone = Some("UTC".to_string());
    if matches!(case, Case::Year | Case::YearStats) {
        request.window.since = Some(rfc3339(UNTIL - YEAR_WEEKS * WEEK));
        request.window.until = Some(rfc3339(UNTIL));
        request.compare = false;
        request.stats = matches!(case, Case::YearStats);
    }
    let brief = git_brief::brief(&repo, &request).expect("brief");
    render(&brief, Format::Markdown, None).expect("render")
}

/// The classify step's changed paths, with the commits they were asked for.
struct Counted<'a> {
    inner: &'a dyn Paths,
    asked: RefCell<HashSet<Oid>>,
}

impl Paths for Counted<'_> {
    fn changed(&self, commit: Oid) -> Option<Vec<String>> {
        self.asked.borrow_mut().insert(commit);
        self.inner.changed(commit)
    }

    fn contents(&self, commit: Oid, path: &str) -> Option<(Option<String>, String)> {
        self.inner.contents(commit, path)
    }

    fn note_files(&self, commit: Oid) -> Vec<String> {
        self.inner.note_files(commit)
    }

    fn until(&self, commit: Oid, settled: &mut dyn FnMut(&str) -> bool) -> Option<Vec<String>> {
        self.asked.borrow_mut().insert(commit);
        self.inner.until(commit, settled)
    }

    fn has_fragments(&self) -> bool {
        self.inner.has_fragments()
    }
}

/// How much of the one-year window reaches the changed-paths check (a tree
/// diff against the first parent): a line `paths_share SIZE COMMITS
/// AMBIGUOUS AMBIGUOUS_ALONE REACHED UNITS UNITS_REACHED BY_PATHS DIFFS`:
/// the year's non-merge commits; those whose wording is ambiguous (the
/// reader leaves their kind to their paths), and of them those that landed
/// on their own (whose paths are read for it); the commits of the units
/// whose paths were read for any rule (a merged unit's are read once, on
/// its merge); units of work and those reached; units whose bucket the
/// paths decided (`evidence: paths`); and the tree diffs asked for.
fn paths_share(size: usize, repository: &Path) -> String {
    let repo = git2::Repository::open(repository).expect("fixture repository");
    let asked = window::WindowRequest {
        since: Some(rfc3339(UNTIL - YEAR_WEEKS * WEEK)),
        until: Some(rfc3339(UNTIL)),
        ..Default::default()
    };
    let now = DateTime::<Utc>::from_timestamp(UNTIL, 0).expect("valid time");
    let zone = window::zone(Some("UTC")).expect("UTC");
    let year = window::Window::resolve(&asked, now, zone).expect("the year");
    let tip = history::tip(&repo, None).expect("a tip");
    let options = history::Options {
        compare: false,
        earlier: 0,
        stats: false,
        paths: None,
        progress: None,
        side_releases: true,
    };
    let read = history::collect(&repo, tip, &year, options).expect("the year's history");
    let mut changed = history::ChangedPaths::new(&repo, &read.replaced);
    changed.know(read.current.commits.iter().chain(&read.current.merges));
    let counted = Counted { inner: &changed, asked: RefCell::default() };
    let refs = refs::RefReader::new(&[], None).expect("no keys");
    let rules = classify::Rules::default();
    let lexicon = rules.lexicon();
    let ambiguous: Vec<bool> = read
        .current
        .commits
        .iter()
        .filter(|c| git_brief::read::read(&c.message, &lexicon).ambiguous)
        .map(|c| c.landing == c.id)
        .collect();
    let alone = ambiguous.iter().filter(|&&alone| alone).count();
    let changes = classify::classify(read.current, &refs, &rules, &counted);
    let asked = counted.asked.borrow();
    let reached: Vec<&classify::Work> = changes
        .work
        .iter()
        .filter(|w| {
            w.merge.is_some_and(|m| asked.contains(&m))
                || w.commits.iter().any(|&i| asked.contains(&changes.listed[i].commit.id))
        })
        .collect();
    let commits = changes.listed.len();
    let reached_commits: usize = reached.iter().map(|w| w.commits.len()).sum();
    let by_paths = changes.work.iter().filter(|w| w.evidence == Evidence::Paths).count();
    format!(
        "paths_share {size} {commits} {} {alone} {reached_commits} {} {} {by_paths} {}",
        ambiguous.len(),
        changes.work.len(),
        reached.len(),
        asked.len()
    )
}

fn group(c: &mut Criterion, name: &str, case: Case, fixtures: &[(usize, PathBuf)]) {
    let name = match Shape::from_env() {
        Shape::Synthetic => name.to_string(),
        shape => format!("{name}_{}", shape.name()),
    };
    let mut group = c.benchmark_group(name);
    match case {
        Case::Week => {
            group.sample_size(30);
        }
        Case::Year | Case::YearStats => {
            // Long iterations: few of them, each timed on its own.
            group.sample_size(10).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_secs(1));
            if matches!(case, Case::YearStats) {
                // Seconds an iteration at 100,000 commits (before the faster diff).
                group.measurement_time(Duration::from_secs(20));
            }
        }
    }
    for (size, repo) in fixtures {
        let mut checked = false;
        group.bench_with_input(BenchmarkId::from_parameter(size), repo, |b, repo| {
            // Once, and only for the benchmarks a filter selects.
            if !checked {
                let text = brief(repo, case);
                assert!(text.to_lowercase().contains("brief"), "no brief of {}: {text}", repo.display());
                checked = true;
            }
            b.iter(|| brief(repo, case))
        });
    }
    group.finish();
}

fn main() {
    let shape = Shape::from_env();
    let fixtures: Vec<(usize, PathBuf)> =
        fixture::sizes().into_iter().map(|size| (size, fixture::repository_shaped(size, shape))).collect();
    if std::env::args().any(|arg| arg == "--paths-share") {
        for (size, path) in &fixtures {
            println!("{}", paths_share(*size, path));
        }
        return;
    }
    if std::env::args().any(|arg| arg == "--fixtures-only") {
        // Read by benches/compare.sh: the windows' bounds, then one line per fixture.
        println!("shape {}", shape.name());
        println!("until {}", rfc3339(UNTIL));
        println!("week_since {}", rfc3339(UNTIL - WEEK));
        println!("previous_since {}", rfc3339(UNTIL - 2 * WEEK));
        println!("year_since {}", rfc3339(UNTIL - YEAR_WEEKS * WEEK));
        for (size, path) in &fixtures {
            println!("fixture {size} {}", path.display());
        }
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    group(&mut c, "one_week_brief", Case::Week, &fixtures);
    group(&mut c, "one_year_brief", Case::Year, &fixtures);
    group(&mut c, "one_year_brief_stats", Case::YearStats, &fixtures);
    c.final_summary();
}
