//! Shallow clones as CI makes them: cut inside a merged branch, cut at a
//! merge, and the fix the brief prints, run as a user would run it.

mod common;

use common::{clone, kpi, Repo};
use serde_json::json;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "UTC"];

fn at(date: &str) -> String {
    format!("{date}T10:00:00+00:00")
}

/// Direct fixes every day of week 46, then a 30-commit branch written on
/// 10 Nov and merged on 18 Nov, between two direct fixes of week 47.
fn big_branch_week() -> Repo {
    let repo = Repo::new();
    repo.commit("chore: start", &at("2026-10-01"));
    for d in 2..=9 {
        repo.commit(&format!("fix: direct {d}"), &at(&format!("2026-11-{d:02}")));
    }
    repo.branch("bigpr");
    for i in 1..=30 {
        repo.commit(&format!("feat(export): export step {i}"), &format!("2026-11-10T10:{i:02}:00+00:00"));
    }
    repo.checkout("main");
    repo.commit("fix: week 47 direct", &at("2026-11-16"));
    repo.merge("bigpr", "Merge branch 'bigpr' into 'main'", &at("2026-11-18"));
    repo.commit("fix: week 47 later", &at("2026-11-19"));
    repo
}

#[test]
fn a_clone_cut_inside_a_merged_branch_is_detected_for_a_week() {
    let origin = big_branch_week();
    // GitLab's default GIT_DEPTH.
    let shallow = clone(&origin, &["--depth=20"]);
    let out = shallow.brief_command(WEEK).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("this clone is shallow"), "{stderr}");

    let full = clone(&origin, &["--no-local"]);
    let whole = full.json(&[WEEK, &["--stats"]].concat());
    assert_eq!(whole["commits"].as_array().unwrap().len(), 32);
    let seen = shallow.json(&[WEEK, &["--stats", "--allow-shallow"]].concat());
    assert!(seen["warnings"][0].as_str().unwrap().contains("shallow clone"), "{}", seen["warnings"]);
    // The boundary commit is never counted as adding the whole tree.
    let lines = |b: &serde_json::Value| kpi(b, "lines_changed").0.as_u64().unwrap();
    assert!(lines(&seen) < lines(&whole), "{} of {}", lines(&seen), lines(&whole));
    assert_eq!(kpi(&seen, "lines_changed").0, json!(seen["commits"].as_array().unwrap().len() - 1));
}

#[test]
fn the_printed_fix_works_for_a_clone_cut_at_a_merge() {
    let origin = Repo::new();
    origin.commit("chore: old base", &at("2026-10-01"));
    origin.branch("pr1");
    origin.commit("feat(search): facets", &at("2026-10-20"));
    origin.checkout("main");
    origin.commit("chore: week 46 work", &at("2026-11-10"));
    origin.merge("pr1", "Merge pull request #7 from acme/pr1\n\nFacets by brand", &at("2026-11-18"));
    let shallow = clone(&origin, &["--depth=1"]);
    let out = shallow.brief_command(WEEK).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // Run the command the brief advised, as a user would.
    let advised = stderr
        .split(", or ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_else(|| panic!("a command to run: {stderr}"));
    let args: Vec<&str> = advised.split_whitespace().collect();
    assert_eq!(args.first(), Some(&"git"), "{advised}");
    shallow.git(&args[1..]);
    let brief = shallow.json(WEEK);
    assert_eq!(brief["warnings"], json!([]));
    assert_eq!(brief["delivered"][0]["text"], "Facets by brand");
}

/// A repository that lost a commit object is damaged, not shallow: the brief
/// says so and what to run, rather than advising a deeper fetch.
#[test]
fn a_missing_commit_object_is_damage_not_a_shallow_clone() {
    let repo = Repo::new();
    for d in [10, 17, 18, 19] {
        repo.commit(&format!("feat: day {d}"), &at(&format!("2026-11-{d}")));
    }
    let lost = repo.git(&["rev-parse", "HEAD~1"]);
    std::fs::remove_file(repo.path.join(".git/objects").join(&lost[..2]).join(&lost[2..])).unwrap();
    let out = repo.brief_command(WEEK).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("is damaged, not a shallow clone") && stderr.contains("git fsck"), "{stderr}");
    assert!(!stderr.contains("--unshallow") && !stderr.contains("fetch-depth"), "{stderr}");
}
