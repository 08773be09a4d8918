//! Hardening, round two (issue 9): what an adversarial week in CI broke, one
//! test per defect. Each failure is one line on stderr with the documented
//! exit code (1 runtime, 2 usage), never a panic, an abort or a stray file.

mod common;

use common::Repo;
use serde_json::Value;

/// A moment inside week 47 of 2026 (16–22 Nov, Europe/Berlin).
const IN_WEEK: &str = "2026-11-17T10:00:00+01:00";

fn repo_with_a_commit() -> Repo {
    let repo = Repo::new();
    repo.commit("feat: export to CSV", IN_WEEK);
    repo
}

/// Runs git-brief and checks that it failed with `code`, printed nothing on
/// stdout, and exactly one prefixed line on stderr containing every needle.
fn fails(mut cmd: assert_cmd::Command, code: i32, needles: &[&str]) -> String {
    let out = cmd.output().expect("git-brief runs");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(code), "exit code; stderr: {stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout: {}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.starts_with("git-brief: ") && stderr.ends_with('\n'), "{stderr:?}");
    assert!(!stderr.contains("panicked") && !stderr.contains("internal error"), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} in {stderr}");
    }
    stderr
}

/// The `window` of a JSON brief run with `args`.
fn window(repo: &Repo, args: &[&str]) -> Value {
    repo.json(args)["window"].clone()
}

fn timestamp(rfc3339: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339.as_str().expect("a time")).expect("RFC 3339").timestamp()
}

// Item 4: extreme but parseable dates.

#[test]
fn extreme_dates_exit_2_instead_of_panicking() {
    let repo = repo_with_a_commit();
    for args in [
        &["--since=-150000-01-01"][..],
        &["--until=-262143-01-03", "--no-compare"],
        &["--since=-200000-01-01", "--until=2026-12-01"],
        &["--since=+200000-01-01"],
        &["--since", "9999999999 weeks ago"],
        &["--since", "@-99999999999999"],
    ] {
        fails(repo.brief_command(args), 2, &["too far from today", "between the years 1 and 9999"]);
    }
    // The widest window there is works, with the window before it.
    repo.json(&["--since", "0001-01-01", "--until", "9999-12-31"]);
}

// Item 25: the date forms of `git log --since`, and the nearest zone for a typo.

#[test]
fn git_date_forms_mean_what_git_log_takes_them_to_mean() {
    let repo = repo_with_a_commit();
    for form in
        ["yesterday", "2 weeks ago", "3.days.ago", "last monday", "last friday", "1 month ago", "@1700000000"]
    {
        let git = repo.git(&["rev-parse", &format!("--since={form}")]);
        let git: i64 = git.trim_start_matches("--max-age=").parse().expect("git prints --max-age");
        let since = timestamp(&window(&repo, &["--since", form])["since"]);
        assert!((since - git).abs() <= 5, "{form}: git-brief {since}, git {git}");
    }
    let until = window(&repo, &["--since", "2 weeks ago", "--until", "yesterday"]);
    assert_eq!(timestamp(&until["until"]) - timestamp(&until["since"]), 13 * 86_400);
}

#[test]
fn a_mistyped_zone_suggests_the_nearest_iana_name() {
    let repo = repo_with_a_commit();
    fails(
        repo.brief_command(&["--week", "2026-W47", "--tz", "Europe/Berln"]),
        2,
        &["unknown time zone 'Europe/Berln' (did you mean Europe/Berlin?)"],
    );
}

// Item 22: $TZ, daylight-saving gaps.

#[test]
fn an_invalid_tz_variable_is_an_error_like_an_invalid_tz_flag() {
    let repo = repo_with_a_commit();
    let mut cmd = repo.brief_command(&["--week", "2026-W47"]);
    cmd.env("TZ", "Europe/Berln");
    fails(cmd, 2, &["the TZ environment variable 'Europe/Berln'", "did you mean Europe/Berlin?", "--tz"]);
    // The forms the C library accepts still work, and --tz wins over $TZ.
    for tz in [":Europe/Berlin", "/usr/share/zoneinfo/Europe/Berlin"] {
        let mut cmd = repo.brief_command(&["--week", "2026-W47", "--format", "json"]);
        cmd.env("TZ", tz);
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{tz}: {}", String::from_utf8_lossy(&out.stderr));
        let brief: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(brief["window"]["timezone"], "Europe/Berlin", "{tz}");
    }
    let mut cmd = repo.brief_command(&["--week", "2026-W47", "--tz", "UTC", "--format", "json"]);
    cmd.env("TZ", "Not/AZone");
    cmd.assert().success();
}

#[test]
fn a_time_in_a_daylight_saving_gap_is_reported_as_such() {
    let repo = repo_with_a_commit();
    fails(
        repo.brief_command(&["--since", "2026-03-29 02:30", "--tz", "Europe/Berlin"]),
        2,
        &[
            "--since '2026-03-29 02:30' does not exist in Europe/Berlin",
            "daylight saving",
            "2026-03-29 03:00",
        ],
    );
}
