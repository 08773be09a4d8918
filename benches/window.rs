//! How the cost of a brief grows: with the window, never with the history.
//!
//! Builds linear histories of 1,000 and 100,000 commits (and 300,000 with
//! `GIT_BRIEF_BENCH_LARGE=1`) with `git fast-import`, all with the same
//! density, about 58 commits a week, and times a one-week brief on each. The
//! fixtures are made on the fly under `target/bench-fixtures/` and reused by
//! later runs; they are never committed.
//!
//! Run: `cargo bench --bench window`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use git_brief::render::{render, Format};
use git_brief::Request;

/// The newest commit of every fixture; the benchmark's "now".
const NOW: i64 = 1_795_392_000; // 2026-11-23T00:00:00Z
/// Seconds between commits: 7 days / 58 commits.
const SPACING: i64 = 7 * 24 * 3600 / 58;
const TYPES: [&str; 6] = ["feat", "fix", "chore", "refactor", "docs", "test"];
const SCOPES: [&str; 5] = ["checkout", "auth", "search", "api", "ui"];

fn fixture(commits: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-fixtures/linear-{commits}"));
    if dir.join("complete").exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("fixture directory");
    git(&dir, &["init", "--quiet", "--bare", "--initial-branch=main"]);
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    {
        let mut stream = std::io::BufWriter::new(child.stdin.take().expect("stdin"));
        for n in 1..=commits {
            let time = NOW - (commits - n) as i64 * SPACING;
            let kind = TYPES[n % TYPES.len()];
            let scope = SCOPES[n % SCOPES.len()];
            let message = format!("{kind}({scope}): change number {n}\n\nRefs #{}\n", n % 997 + 1);
            let content = format!("line {n}\n");
            write!(
                stream,
                "commit refs/heads/main\nmark :{n}\ncommitter Dev {m} <dev{m}@example.com> {time} +0000\ndata {}\n{message}",
                message.len(),
                m = n % 7
            )
            .expect("write");
            if n > 1 {
                writeln!(stream, "from :{}", n - 1).expect("write");
            }
            write!(
                stream,
                "M 100644 inline src/{scope}/file{}.txt\ndata {}\n{content}\n",
                n % 50,
                content.len()
            )
            .expect("write");
        }
    }
    assert!(child.wait().expect("fast-import finishes").success(), "git fast-import failed");
    std::fs::write(dir.join("complete"), "").expect("marker");
    dir
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git").args(args).current_dir(dir).status().expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

fn week_brief(repository: &Path) -> String {
    let repo = git2::Repository::open(repository).expect("fixture repository");
    let mut request = Request::new(DateTime::<Utc>::from_timestamp(NOW + 60, 0).expect("valid time"));
    request.timezone = Some("UTC".to_string());
    let brief = git_brief::brief(&repo, &request).expect("brief");
    render(&brief, Format::Markdown, None).expect("render")
}

fn one_week(c: &mut Criterion) {
    let mut sizes = vec![1_000, 100_000];
    if std::env::var_os("GIT_BRIEF_BENCH_LARGE").is_some() {
        sizes.push(300_000);
    }
    let mut group = c.benchmark_group("one_week_brief");
    group.sample_size(30);
    for size in sizes {
        let repo = fixture(size);
        // Same density everywhere, so the week holds the same work.
        assert!(week_brief(&repo).contains("Weekly brief"));
        group.bench_with_input(BenchmarkId::from_parameter(size), &repo, |b, repo| {
            b.iter(|| week_brief(repo))
        });
    }
    group.finish();
}

criterion_group!(benches, one_week);
criterion_main!(benches);
