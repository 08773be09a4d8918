//! A window selects exactly the commits `git rev-list --no-merges A..B`
//! selects, with A and B the newest first-parent commits before the
//! window's start and end. These tests compute A and B with git itself and
//! compare sets, on a history with merges of old work, rebased commits,
//! mixed time-zone offsets and commits exactly on the bounds.

mod common;

use chrono::DateTime;
use common::{commit_ids, Repo};

fn history() -> Repo {
    let repo = Repo::new();
    repo.commit("feat: start", "2026-11-02T10:00:00+01:00");
    repo.commit("feat: written in Tokyo", "2026-11-09T08:00:00+09:00");
    repo.branch("old-work");
    repo.commit("feat: started long ago", "2026-10-01T10:00:00+02:00");
    repo.commit("fix: more old work", "2026-11-05T10:00:00+01:00");
    repo.checkout("main");
    repo.commit("fix: written in New York", "2026-11-15T23:30:00-05:00");
    // Rebased: authored weeks ago, landed exactly when week 47 starts in Berlin.
    repo.commit_landed("refactor: rebased work", "2026-11-01T10:00:00+01:00", "2026-11-16T00:00:00+01:00");
    repo.merge("old-work", "Merge pull request #7 from acme/old-work", "2026-11-18T12:00:00+00:00");
    repo.commit("docs: last second of the week", "2026-11-22T23:59:59+01:00");
    repo.commit("feat: first second of the next week", "2026-11-23T00:00:00+01:00");
    repo.branch("feature");
    repo.commit("feat: pull request part one", "2026-11-24T10:00:00+01:00");
    repo.commit("feat: pull request part two", "2026-11-25T09:00:00+01:00");
    repo.checkout("main");
    repo.commit("fix: main moves on", "2026-11-25T10:00:00+01:00");
    repo
}

/// `git rev-list -1 --first-parent --before=…` for an exclusive bound: git's
/// `--before` includes its instant, so ask for the second before.
fn newest_before(repo: &Repo, bound: &str) -> Option<String> {
    let seconds = DateTime::parse_from_rfc3339(bound).expect("RFC 3339 bound").timestamp() - 1;
    repo.rev_list(&["-1", "--first-parent", &format!("--before=@{seconds}"), "main"]).into_iter().next()
}

/// What git says the window [since, until) holds.
fn git_window(repo: &Repo, since: &str, until: &str) -> Vec<String> {
    let Some(b) = newest_before(repo, until) else { return Vec::new() };
    let mut ids = match newest_before(repo, since) {
        Some(a) => repo.rev_list(&["--no-merges", &format!("{a}..{b}")]),
        None => repo.rev_list(&["--no-merges", &b]),
    };
    ids.sort();
    ids
}

fn assert_same(repo: &Repo, args: &[&str], since: &str, until: &str) {
    let brief = repo.json(args);
    assert_eq!(brief["window"]["since"], since, "{args:?}");
    assert_eq!(brief["window"]["until"], until, "{args:?}");
    assert_eq!(commit_ids(&brief), git_window(repo, since, until), "{args:?}");
}

#[test]
fn iso_weeks_match_git() {
    let repo = history();
    let berlin = ["--tz", "Europe/Berlin"];
    for (week, since, until) in [
        ("2026-W47", "2026-11-16T00:00:00+01:00", "2026-11-23T00:00:00+01:00"),
        ("2026-W46", "2026-11-09T00:00:00+01:00", "2026-11-16T00:00:00+01:00"),
        ("2026-W48", "2026-11-23T00:00:00+01:00", "2026-11-30T00:00:00+01:00"),
        ("2026-W44", "2026-10-26T00:00:00+01:00", "2026-11-02T00:00:00+01:00"),
        ("2026-W40", "2026-09-28T00:00:00+02:00", "2026-10-05T00:00:00+02:00"),
    ] {
        let args = [&["--week", week][..], &berlin].concat();
        assert_same(&repo, &args, since, until);
    }
}

#[test]
fn week_47_holds_the_merged_old_work_and_the_bound_commits() {
    let repo = history();
    let brief = repo.json(&["--week", "2026-W47", "--tz", "Europe/Berlin"]);
    let subjects: Vec<&str> =
        brief["commits"].as_array().unwrap().iter().map(|c| c["subject"].as_str().unwrap()).collect();
    assert_eq!(
        subjects,
        [
            "docs: last second of the week",
            // Landed with the merge on Wednesday.
            "fix: more old work",
            "feat: started long ago",
            // 23:30 in New York on Sunday is Monday morning in Berlin.
            "fix: written in New York",
            "refactor: rebased work",
        ],
        "newest first by the time they landed"
    );
    let old = &brief["commits"][2];
    assert_eq!(old["time"], "2026-10-01T10:00:00+02:00");
    assert_eq!(old["landed"], "2026-11-18T13:00:00+01:00");
}

#[test]
fn dates_with_a_time_zone_match_git() {
    let repo = history();
    assert_same(
        &repo,
        &["--since", "2026-11-16", "--until", "2026-11-18", "--tz", "Asia/Tokyo"],
        "2026-11-16T00:00:00+09:00",
        "2026-11-18T00:00:00+09:00",
    );
    assert_same(
        &repo,
        &[
            "--since",
            "2026-11-15T12:00:00-05:00",
            "--until",
            "2026-11-22T12:00:00-05:00",
            "--tz",
            "America/New_York",
        ],
        "2026-11-15T12:00:00-05:00",
        "2026-11-22T12:00:00-05:00",
    );
    assert_same(
        &repo,
        &["--since", "2026-11-16T00:00:00+01:00", "--until", "2026-11-23", "--tz", "Europe/Berlin"],
        "2026-11-16T00:00:00+01:00",
        "2026-11-23T00:00:00+01:00",
    );
}

#[test]
fn ranges_match_git() {
    let repo = history();
    for (range, from, to) in [
        ("main..feature", "main", "feature"),
        ("main...feature", "main", "feature"),
        ("feature..main", "feature", "main"),
        ("old-work..main", "old-work", "main"),
        ("HEAD~3..HEAD", "HEAD~3", "HEAD"),
    ] {
        let brief = repo.json(&["--range", range]);
        let mut expected = repo.rev_list(&["--no-merges", &format!("{from}..{to}")]);
        expected.sort();
        assert_eq!(commit_ids(&brief), expected, "{range}");
        assert_eq!(brief["window"]["range"], range);
        assert_eq!(brief["window"]["since"], serde_json::Value::Null);
    }
    // A pull request's three-dot range is the work since the fork point.
    let base = repo.git(&["merge-base", "main", "feature"]);
    let mut since_fork = repo.rev_list(&["--no-merges", &format!("{base}..feature")]);
    since_fork.sort();
    assert_eq!(commit_ids(&repo.json(&["main...feature"])), since_fork);
    assert_eq!(since_fork.len(), 2);
}

#[test]
fn branch_option_looks_back_from_another_branch() {
    let repo = history();
    let brief = repo.json(&["--branch", "feature", "--week", "2026-W48", "--tz", "Europe/Berlin"]);
    let subjects: Vec<&str> =
        brief["commits"].as_array().unwrap().iter().map(|c| c["subject"].as_str().unwrap()).collect();
    assert_eq!(
        subjects,
        ["feat: pull request part two", "feat: pull request part one", "feat: first second of the next week"]
    );
}

#[test]
fn default_window_is_the_last_seven_days() {
    let repo = Repo::new();
    let now = chrono::Utc::now();
    let at = |days_ago: i64| (now - chrono::Duration::days(days_ago)).to_rfc3339();
    repo.commit("feat: ten days ago", &at(10));
    let recent = repo.commit("feat: two days ago", &at(2));
    let brief = repo.json(&["--tz", "UTC"]);
    assert_eq!(commit_ids(&brief), vec![recent]);
    assert_eq!(brief["window"]["period"], "this week");
    // The ten-day-old commit is last week's.
    assert_eq!(common::kpi(&brief, "delivered").1, serde_json::json!(1));
}

#[test]
fn tz_as_the_c_library_reads_it_gives_the_window_of_that_zone() {
    let repo = history();
    let week = |tz: Option<&str>| {
        let mut cmd = repo.brief_command(&["--week", "2026-W47", "--format", "json"]);
        match tz {
            Some(tz) => cmd.env("TZ", tz),
            None => cmd.env_remove("TZ"),
        };
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "TZ={tz:?}: {}", String::from_utf8_lossy(&out.stderr));
        let brief: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (brief["window"]["timezone"].clone(), brief["window"]["since"].clone())
    };
    let tokyo = week(Some("Asia/Tokyo"));
    assert_eq!(tokyo.1, "2026-11-16T00:00:00+09:00");
    for spelt in ["posix/Asia/Tokyo", "right/Asia/Tokyo", ":Asia/Tokyo", "/usr/share/zoneinfo/Asia/Tokyo"] {
        assert_eq!(week(Some(spelt)), tokyo, "TZ={spelt}");
    }
    // The machine's own zone file is the machine's zone, as with no TZ.
    assert_eq!(week(Some(":/etc/localtime")), week(None));
    assert_eq!(week(Some("/etc/localtime")), week(None));
}

#[test]
fn an_abbreviation_suggests_the_zones_it_can_mean() {
    let repo = history();
    let stderr = common::fails(repo.brief_command(&["--week", "2026-W47", "--tz", "PST"]), 2, &["'PST'"]);
    assert!(
        stderr.contains("did you mean America/Los_Angeles, America/Vancouver or America/Tijuana?"),
        "{stderr}"
    );
    assert!(!stderr.contains("EST"), "{stderr}");
    let mut cmd = repo.brief_command(&["--week", "2026-W47"]);
    cmd.env("TZ", "CEST");
    common::fails(cmd, 2, &["TZ", "Europe/Berlin, Europe/Paris or Europe/Madrid"]);
    repo.write(".git-brief.toml", "[brief]\ntimezone = \"IST\"\n");
    common::fails(repo.brief_command(&["--week", "2026-W47"]), 2, &["brief.timezone", "Asia/Kolkata"]);
}

/// First-parent commits published with old committer dates (a mirror's
/// rebase that kept dates: two of 2022 between commits of 2026) neither
/// end the walk, which left every earlier week empty, nor leave the week
/// their neighbours landed in.
#[test]
fn a_commit_with_an_old_date_on_the_branch_neither_ends_the_walk_nor_leaves_its_week() {
    let repo = Repo::new();
    repo.commit("feat: start", "2026-11-02T10:00:00Z");
    for (n, day) in ["03", "05", "09", "10", "11", "12"].iter().enumerate() {
        repo.commit(&format!("feat: week 46 change {n}"), &format!("2026-11-{day}T10:00:00Z"));
    }
    for (n, day) in ["16", "17"].iter().enumerate() {
        repo.commit(&format!("feat: week 47 change {n}"), &format!("2026-11-{day}T10:00:00Z"));
    }
    repo.commit_landed("fix: published with its old date", "2022-10-20T10:00:00Z", "2022-10-20T10:00:00Z");
    repo.commit_landed("fix: and another after it", "2022-10-21T10:00:00Z", "2022-10-21T10:00:00Z");
    for (n, day) in ["18", "19", "20"].iter().enumerate() {
        repo.commit(&format!("feat: week 47 change {}", n + 2), &format!("2026-11-{day}T10:00:00Z"));
    }
    let subjects = |week: &str| -> Vec<String> {
        let brief = repo.json(&["--week", week, "--tz", "UTC"]);
        let mut s: Vec<String> = brief["commits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["subject"].as_str().unwrap().to_string())
            .collect();
        s.sort();
        s
    };
    let w46 = subjects("2026-W46");
    assert_eq!(w46.len(), 4, "{w46:?}");
    assert!(w46.iter().all(|s| s.starts_with("feat: week 46")), "{w46:?}");
    let w47 = subjects("2026-W47");
    assert_eq!(w47.len(), 7, "{w47:?}");
    assert!(w47.contains(&"fix: published with its old date".to_string()), "{w47:?}");
}
