//! The look back over earlier windows (`--trend N`), the numbers git can
//! compute exactly about delivery speed (lead time, releases), and numbers
//! from a file an earlier CI step wrote (`[[kpi]] file`).

mod common;

use chrono::{Duration, NaiveDate};
use common::{fails, kpi, Repo};
use serde_json::Value;

const BERLIN: &[&str] = &["--tz", "Europe/Berlin"];

/// `2026-09-14T10:00:00+02:00`-style times in Berlin (summer time until 25 Oct).
fn at(day: NaiveDate, hour: u32) -> String {
    let offset = if day < NaiveDate::from_ymd_opt(2026, 10, 25).unwrap() { "+02:00" } else { "+01:00" };
    format!("{}T{hour:02}:00:00{offset}", day.format("%Y-%m-%d"))
}

/// Ten weeks, 2026-W38 to W47, each different: features, fixes, a merged
/// branch written days before it landed, a rollback now and then, a
/// release every third week, and a quiet week. The change to winter time
/// falls inside.
fn ten_weeks() -> Repo {
    let repo = Repo::new();
    let monday = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
    repo.commit("chore: start", &at(monday - Duration::days(3), 9));
    for week in 0..10u32 {
        let day = |d: i64| monday + Duration::days(7 * week as i64 + d);
        if week == 6 {
            continue; // a quiet week
        }
        for n in 0..(week % 4 + 1) {
            repo.commit(&format!("feat(shop): improvement {week}.{n}"), &at(day(n as i64 % 5), 10));
        }
        for n in 0..(week % 3) {
            repo.commit_landed(
                &format!("fix(cart): problem {week}.{n}"),
                &at(day(0), 8),
                &at(day(2), 11 + n),
            );
        }
        if week % 2 == 1 {
            repo.branch(&format!("topic-{week}"));
            repo.commit(
                &format!("feat(search): faster search, part {week}"),
                &at(day(0) - Duration::days(2), 9),
            );
            repo.commit(&format!("feat(search): faster search, end {week}"), &at(day(1), 9));
            repo.checkout("main");
            repo.merge(&format!("topic-{week}"), &format!("Merge branch 'topic-{week}'"), &at(day(3), 15));
        }
        if week % 4 == 2 {
            let bad = repo.commit(&format!("feat(shop): risky change {week}"), &at(day(3), 16));
            repo.git_at(&at(day(4), 9), &["revert", "--no-edit", &bad]);
        }
        if week % 3 == 0 {
            repo.git_at(&at(day(4), 17), &["tag", "-a", "-m", "release", &format!("v1.{week}")]);
        }
    }
    repo
}

fn week(n: u32) -> String {
    format!("2026-W{n}")
}

fn values(brief: &Value, id: &str) -> Vec<Value> {
    let k = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == id).unwrap();
    k["series"].as_array().unwrap_or_else(|| panic!("{id} has a series")).clone()
}

#[test]
fn each_number_of_the_trend_is_that_weeks_own_brief() {
    let repo = ten_weeks();
    let mut args = vec!["--week", "2026-W47", "--trend", "8", "--stats"];
    args.extend_from_slice(BERLIN);
    let brief = repo.json(&args);
    let windows = brief["trend"]["windows"].as_array().expect("the trend's windows");
    assert_eq!(windows.len(), 10);
    assert_eq!(brief["trend"]["period"], "the last 10 weeks");
    assert_eq!(windows[0]["since"], "2026-09-14T00:00:00+02:00");
    assert_eq!(windows[9]["until"], "2026-11-23T00:00:00+01:00");
    let ids: Vec<String> =
        brief["kpis"].as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap().to_string()).collect();
    assert!(ids.len() >= 11, "{ids:?}");
    let weekly: Vec<Value> = (38..=47)
        .map(|n| {
            let w = week(n);
            let mut args = vec!["--week", w.as_str(), "--no-compare", "--stats"];
            args.extend_from_slice(BERLIN);
            repo.json(&args)
        })
        .collect();
    for id in &ids {
        // A week without a lead time to measure leaves the number out.
        let own: Vec<Value> = weekly
            .iter()
            .map(|b| {
                if b["kpis"].as_array().unwrap().iter().any(|k| k["id"] == *id) {
                    kpi(b, id).0
                } else {
                    Value::Null
                }
            })
            .collect();
        assert_eq!(values(&brief, id), own, "{id}: the trend against each week's own brief");
    }
    // The fixture moves: a series that did not would prove little.
    assert_eq!(
        values(&brief, "delivered").iter().map(|v| v.as_u64().unwrap()).collect::<Vec<_>>(),
        [1, 3, 3, 5, 1, 3, 0, 5, 1, 3]
    );
    assert_eq!(values(&brief, "releases").iter().filter(|v| **v == 1).count(), 3, "the quiet week has none");
    assert!(values(&brief, "rollbacks").iter().any(|v| *v == 1));
    assert!(values(&brief, "lead_time").contains(&Value::Null), "the quiet week has no lead time");
    // The last two values are the table's.
    let series = values(&brief, "fixed");
    assert_eq!(kpi(&brief, "fixed"), (series[9].clone(), series[8].clone()));
}

#[test]
fn the_trend_is_drawn_in_every_format() {
    let repo = ten_weeks();
    let mut args = vec!["--week", "2026-W47", "--trend", "8"];
    args.extend_from_slice(BERLIN);
    let markdown = repo.markdown(&args);
    assert!(markdown.contains("| | this week | last week | trend | the last 10 weeks |"), "{markdown}");
    let delivered = markdown.lines().find(|l| l.starts_with("| Improvements delivered |")).unwrap();
    let sparkline = "▂▅▅█▂▅▁█▂▅";
    assert_eq!(delivered, format!("| Improvements delivered | 3 | 1 | ▲ | {sparkline} |"));

    let mut html_args = args.clone();
    html_args.extend_from_slice(&["--format", "html"]);
    let page = String::from_utf8(repo.brief(&html_args).success().get_output().stdout.clone()).unwrap();
    assert!(page.contains("<th class=\"trend-chart\">the last 10 weeks</th>"));
    assert!(
        page.contains("Improvements delivered, the last 10 weeks: 14 Sep: 1, 21 Sep: 3"),
        "a chart's title"
    );
    assert!(page.matches("<polyline").count() >= 9, "a line per number");

    let mut text_args = args.clone();
    text_args.extend_from_slice(&["--format", "text"]);
    let text = String::from_utf8(repo.brief(&text_args).success().get_output().stdout.clone()).unwrap();
    assert!(text.contains("; the line shows the last 10 weeks)"), "{text}");

    let mut slack_args = args.clone();
    slack_args.extend_from_slice(&["--format", "slack"]);
    let slack = String::from_utf8(repo.brief(&slack_args).success().get_output().stdout.clone()).unwrap();
    assert!(slack.contains(sparkline), "the sparkline in Slack's fields");

    // Without --trend nothing of it shows.
    let plain = repo.json(&["--week", "2026-W47"]);
    assert!(plain.get("trend").is_none() && plain["kpis"][0].get("series").is_none());
}

#[test]
fn a_trend_needs_a_time_window_and_a_comparison() {
    let repo = ten_weeks();
    fails(repo.brief_command(&["--trend", "4", "--range", "HEAD~3..HEAD"]), 2, &["--trend", "--range"]);
    fails(repo.brief_command(&["--trend", "4", "--no-compare"]), 2, &["--trend", "--no-compare"]);
    fails(repo.brief_command(&["--trend", "many"]), 2, &["--trend", "many"]);
}

#[test]
fn a_trend_reaching_past_a_shallow_clone_says_what_to_fetch() {
    let origin = ten_weeks();
    let clone = common::clone(&origin, &["--shallow-since=2026-11-01"]);
    let mut args = vec!["--week", "2026-W47", "--trend", "8"];
    args.extend_from_slice(BERLIN);
    fails(clone.brief_command(&args), 1, &["shallow", "2026-09-14", "git fetch --unshallow"]);
    // Without the trend the same clone holds the two weeks it needs.
    let mut args = vec!["--week", "2026-W47", "--format", "json"];
    args.extend_from_slice(BERLIN);
    clone.brief(&args).success();
}

/// Lead time, worked out by hand: from the author time of a unit's first
/// commit to its landing on the branch, the median over the units whose
/// start git records.
#[test]
fn lead_time_is_the_median_from_first_commit_to_landing() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-02T09:00:00+01:00");
    // A branch begun Monday 10:00, merged Wednesday 10:00: 48 hours.
    repo.branch("topic");
    repo.commit("feat: export orders, part one", "2026-11-16T10:00:00+01:00");
    repo.commit("feat: export orders, part two", "2026-11-17T10:00:00+01:00");
    repo.checkout("main");
    repo.merge("topic", "Merge branch 'topic'", "2026-11-18T10:00:00+01:00");
    // A patch written Thursday 09:00 and applied by a maintainer at 11:00: 2 hours.
    repo.write("patch.txt", "rounding\n");
    let mut applied = repo.git_command(&["commit", "-q", "-m", "fix: rounding of totals"]);
    applied
        .env("GIT_AUTHOR_DATE", "2026-11-19T09:00:00+01:00")
        .env("GIT_COMMITTER_NAME", "Grace Hopper")
        .env("GIT_COMMITTER_EMAIL", "grace@example.com")
        .env("GIT_COMMITTER_DATE", "2026-11-19T11:00:00+01:00");
    assert!(applied.status().unwrap().success());
    // Its author's own commit, amended half an hour later and pushed: no
    // wait for anyone, so no lead time.
    repo.commit_landed("feat: order notes", "2026-11-19T12:00:00+01:00", "2026-11-19T12:30:00+01:00");
    // Written and landed at once (a forge's squash, a commit on the branch):
    // git does not know when the work began, so it is not counted.
    repo.commit("feat: gift wrapping (#12)", "2026-11-20T10:00:00+01:00");
    // A bot's update is not the team's delivery speed.
    let mut bot = repo.git_command(&["commit", "--allow-empty", "-q", "-m", "chore(deps): bump serde"]);
    bot.env("GIT_AUTHOR_NAME", "dependabot[bot]")
        .env("GIT_AUTHOR_EMAIL", "49699333+dependabot[bot]@users.noreply.github.com")
        .env("GIT_AUTHOR_DATE", "2026-11-01T10:00:00+01:00")
        .env("GIT_COMMITTER_DATE", "2026-11-21T10:00:00+01:00");
    assert!(bot.status().unwrap().success());

    let mut args = vec!["--week", "2026-W47"];
    args.extend_from_slice(BERLIN);
    let brief = repo.json(&args);
    assert_eq!(kpi(&brief, "lead_time").0, 25 * 3600, "the median of 2 and 48 hours");
    let k = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "lead_time").unwrap();
    assert_eq!((k["unit"].as_str(), k["display"].as_str()), (Some("duration"), Some("25 hours")));
    assert_eq!(k["label"], "Median time from first commit to delivery");
    let markdown = repo.markdown(&args);
    assert!(
        markdown.contains("| Median time from first commit to delivery | 25 hours | — |  |"),
        "{markdown}"
    );
}

#[test]
fn releases_count_the_tags_of_each_window() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-02T09:00:00+01:00");
    repo.commit("feat: one", "2026-11-10T09:00:00+01:00");
    repo.git(&["tag", "v1.0.0"]);
    repo.commit("feat: two", "2026-11-17T09:00:00+01:00");
    repo.git_at("2026-11-17T10:00:00+01:00", &["tag", "-a", "-m", "release", "v1.1.0"]);
    repo.commit("feat: three", "2026-11-18T09:00:00+01:00");
    repo.git(&["tag", "v1.1.1"]);
    let mut args = vec!["--week", "2026-W47"];
    args.extend_from_slice(BERLIN);
    let brief = repo.json(&args);
    assert_eq!(kpi(&brief, "releases"), (2.into(), 1.into()));
    let k = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "releases").unwrap();
    assert_eq!(k["kind"], "proxy");
}

// ---------------------------------------------------------------- [[kpi]] file

const FILE_CONFIG: &str = r#"[[kpi]]
label = "Customer uptime"
id = "uptime"
file = "metrics/kpis.json"
format = "percent"
better = "up"

[[kpi]]
label = "Support tickets"
file = "metrics/tickets.csv"
better = "down"
"#;

#[test]
fn numbers_from_a_file_are_shown_for_each_window() {
    let repo = ten_weeks();
    repo.write(".git-brief.toml", FILE_CONFIG);
    repo.write(
        "metrics/kpis.json",
        r#"[
  {"kpi": "uptime", "window_end": "2026-11-09", "value": 0.991},
  {"kpi": "uptime", "window_end": "2026-11-16", "value": 0.9962},
  {"kpi": "uptime", "window_end": "2026-11-22", "value": 0.9987},
  {"kpi": "other", "window_end": "2026-11-22", "value": 5}
]"#,
    );
    repo.write(
        "metrics/tickets.csv",
        "kpi,window_end,value\nsupport_tickets,2026-11-16T00:00:00+01:00,41\nsupport_tickets,2026-11-23T00:00:00+01:00,29\n",
    );
    repo.commit("chore: record the numbers", "2026-11-01T09:00:00+01:00");
    let mut args = vec!["--week", "2026-W47", "--trend", "1"];
    args.extend_from_slice(BERLIN);
    let brief = repo.json(&args);
    let uptime = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "uptime").unwrap().clone();
    assert_eq!((uptime["value"].clone(), uptime["previous"].clone()), (0.9987.into(), 0.9962.into()));
    assert_eq!(uptime["series"], serde_json::json!([0.991, 0.9962, 0.9987]));
    assert_eq!((uptime["display"].as_str(), uptime["verdict"].as_str()), (Some("99.87%"), Some("better")));
    assert_eq!(uptime["source"], "file");
    let tickets =
        brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "support_tickets").unwrap().clone();
    assert_eq!(tickets["series"], serde_json::json!([null, 41.0, 29.0]));
    assert_eq!((tickets["display"].as_str(), tickets["verdict"].as_str()), (Some("29"), Some("better")));
    assert_eq!(brief["warnings"], serde_json::json!([]), "every number was found");

    // A week without a row shows "—", with one warning; the brief is made.
    let mut args = vec!["--week", "2026-W44"];
    args.extend_from_slice(BERLIN);
    let out = repo.brief(&[&args[..], &["--format", "markdown"]].concat()).success().get_output().clone();
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(markdown.contains("| Customer uptime | — | — |  |"), "{markdown}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("'Customer uptime' has no value for this window in kpis.json"), "{stderr}");
}

#[test]
fn a_missing_or_broken_file_leaves_its_number_out_with_a_warning() {
    let repo = ten_weeks();
    repo.write(".git-brief.toml", FILE_CONFIG);
    repo.write("metrics/tickets.csv", "kpi,value\nsupport_tickets,3\n");
    repo.commit("chore: numbers", "2026-11-01T09:00:00+01:00");
    let mut args = vec!["--week", "2026-W47", "--format", "json"];
    args.extend_from_slice(BERLIN);
    let out = repo.brief(&args).success().get_output().clone();
    let brief: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(kpi(&brief, "uptime"), (Value::Null, Value::Null));
    assert_eq!(kpi(&brief, "support_tickets"), (Value::Null, Value::Null));
    let warnings = brief["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].as_str().unwrap().contains("could not be read from kpis.json"), "{warnings:?}");
    assert!(warnings[1].as_str().unwrap().contains("row 1 is not kpi,window_end,value"), "{warnings:?}");
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 2);
}

#[test]
fn a_kpi_entry_that_cannot_work_is_a_configuration_error() {
    let repo = ten_weeks();
    for (config, needle) in [
        ("[[kpi]]\nlabel = \"Uptime\"\n", "needs one source"),
        ("[[kpi]]\nlabel = \"Uptime\"\nfile = \"a.json\"\nprometheus = \"up\"\n", "needs one source"),
        (
            "[[kpi]]\nlabel = \"Uptime\"\nfile = \"a.json\"\nformat = \"ratio\"\n",
            "use percent, duration or number",
        ),
        ("[[kpi]]\nlabel = \"Uptime\"\nfile = \"a.json\"\nbetter = \"higher\"\n", "use up or down"),
        ("[[kpi]]\nlabel = \"Releases\"\nfile = \"a.json\"\n", "already the id"),
        ("[[kpi]]\nlabel = \"Uptime\"\nid = \"Up Time\"\nfile = \"a.json\"\n", "lower-case letters"),
        ("[[kpi]]\nlabel = \"Uptime\"\nfile = \"../outside.json\"\n", "without `..`"),
        ("[prometheus]\nurl = \"prometheus:9090\"\n", "http(s) address"),
    ] {
        repo.write(".git-brief.toml", config);
        fails(repo.brief_command(&["--week", "2026-W47"]), 2, &[".git-brief.toml", needle]);
    }
}
