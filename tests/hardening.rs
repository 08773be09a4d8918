//! Hardening, round two (issue 9): what an adversarial week in CI broke, one
//! test per defect. Each failure is one line on stderr with the documented
//! exit code (1 runtime, 2 usage), never a panic, an abort or a stray file.

mod common;

use std::process::{Command, Stdio};

use common::Repo;
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin"];
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

/// The binary as a `std::process::Command`, for what assert_cmd cannot
/// set up (stderr to a file, a closed stdout), with the same clean
/// environment as `common::brief_binary`.
fn raw(repo: &Repo, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_git-brief"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", repo.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .arg("-C")
        .arg(&repo.path)
        .args(args)
        .stdin(Stdio::null());
    cmd
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
    repo.write(".git-brief.toml", "[brief]\ntimezone = \"America/New York\"\n");
    fails(
        repo.brief_command(&["--week", "2026-W47"]),
        2,
        &[".git-brief.toml:2:", "(did you mean America/New_York?)"],
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

// Item 13: values in errors are quoted, on one line, and cut.

#[test]
fn config_values_cannot_inject_lines_or_flood_stderr() {
    let repo = repo_with_a_commit();
    repo.write(".git-brief.toml", "[brief]\ntimezone = \"Mars\\n::error title=Injected::x\\u001b[31m\"\n");
    let stderr = fails(repo.brief_command(WEEK), 2, &["'Mars\\n::error title=Injected::x\\u{1b}[31m'"]);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    let huge = "(".to_string() + &"a".repeat(10_000_000);
    repo.write(".git-brief.toml", &format!("[[rewrite]]\npattern = \"{huge}\"\nreplace = \"x\"\n"));
    let stderr = fails(repo.brief_command(WEEK), 2, &["`rewrite.pattern` '(aaa", "…'"]);
    assert!(stderr.len() < 2_000, "{} bytes on stderr", stderr.len());
    std::fs::remove_file(repo.path.join(".git-brief.toml")).unwrap();
    let stderr = fails(
        repo.brief_command(&["--since", &format!("x\n::error::{}", "y".repeat(100_000))]),
        2,
        &["cannot read --since 'x\\n::error::yyy"],
    );
    assert!(stderr.len() < 2_000, "{} bytes on stderr", stderr.len());
}

// Item 17: an unwritable stderr.

#[test]
fn an_unwritable_stderr_keeps_the_exit_code() {
    let repo = repo_with_a_commit();
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let status = raw(&repo, &["--week", "2027-W53"]).stderr(full()).status().unwrap();
    assert_eq!(status.code(), Some(2), "a usage error, not an abort: {status:?}");
    let status = raw(&repo, &["--branch", "nope"]).stderr(full()).status().unwrap();
    assert_eq!(status.code(), Some(2), "{status:?}");
    let status = raw(&repo, &["--no-such-flag"]).stderr(full()).status().unwrap();
    assert_eq!(status.code(), Some(2), "{status:?}");
    let status = raw(&repo, WEEK).stderr(full()).stdout(Stdio::null()).status().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
}
