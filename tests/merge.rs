//! `git-brief merge`: one brief across repositories from their JSON briefs.

mod common;

use std::path::{Path, PathBuf};

use common::{fails, kpi, Repo};
use serde_json::{json, Value};

const ADA: (&str, &str) = ("Ada Lovelace", "ada@example.com");
const GRACE: (&str, &str) = ("Grace Hopper", "grace@example.com");
const LINUS: (&str, &str) = ("Linus Torvalds", "linus@example.com");
const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin"];

fn day(d: u32, h: u32) -> String {
    format!("2026-11-{d:02}T{h:02}:00:00+01:00")
}

fn named(name: &str) -> Repo {
    let repo = Repo::new();
    repo.git(&["remote", "add", "origin", &format!("https://github.com/acme/{name}.git")]);
    repo.commit_by("chore: start", &day(2, 9), ADA);
    repo
}

/// A pull request merged at `merged`, its one commit written at `written`.
fn pull_request(repo: &Repo, n: u32, title: &str, author: (&str, &str), written: &str, merged: &str) {
    repo.branch(&format!("topic-{n}"));
    repo.commit_by(title, written, author);
    repo.checkout("main");
    repo.merge(
        &format!("topic-{n}"),
        &format!("Merge pull request #{n} from acme/topic-{n}\n\n{title}"),
        merged,
    );
}

/// Three repositories of one product, week 47 and the week before.
fn product() -> (Repo, Repo, Repo) {
    let web = named("web");
    web.commit_by("feat: saved searches", &day(10, 9), ADA);
    pull_request(&web, 5, "feat(checkout): pay with cards", ADA, &day(16, 10), &day(18, 10)); // 48 hours
    web.commit_by("fix(cart): empty cart crash", &day(19, 9), GRACE);

    let api = named("api");
    api.commit_by("feat(api): orders endpoint", &day(16, 11), ADA);
    pull_request(&api, 9, "fix(api): retry timeouts", LINUS, &day(17, 9), &day(17, 21)); // 12 hours

    let infra = named("infra");
    infra.commit_by("fix: certificate renewal", &day(11, 9), LINUS);
    infra.commit_by("ci: cache the builds", &day(20, 9), GRACE);
    infra.git(&["tag", "v2.0.0"]);
    (web, api, infra)
}

fn brief_file(repo: &Repo, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(format!("{name}.json"));
    let mut args = WEEK.to_vec();
    let out = path.to_str().unwrap().to_string();
    args.extend_from_slice(&["--format", "json", "--output", &out]);
    repo.brief(&args).success();
    path
}

fn merge(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = common::brief_binary(dir);
    cmd.current_dir(dir).arg("merge").args(args);
    cmd
}

fn merged_json(dir: &Path, files: &[&str]) -> Value {
    let mut args = files.to_vec();
    args.extend_from_slice(&["--format", "json"]);
    serde_json::from_slice(&merge(dir, &args).assert().success().get_output().stdout).unwrap()
}

#[test]
fn three_briefs_make_the_roll_up_worked_out_by_hand() {
    let (web, api, infra) = product();
    let dir = tempfile::tempdir().unwrap();
    for (repo, name) in [(&web, "web"), (&api, "api"), (&infra, "infra")] {
        brief_file(repo, dir.path(), name);
    }
    let all = merged_json(dir.path(), &["web.json", "api.json", "infra.json"]);
    assert_eq!(all["title"], "Weekly brief — acme/web, acme/api and acme/infra · 16–22 Nov 2026");
    assert_eq!(all["repository"]["repositories"], json!(["acme/web", "acme/api", "acme/infra"]));
    // Counts add up; contributors are three people, not 2 + 2 + 1.
    assert_eq!(kpi(&all, "delivered"), (json!(2), json!(1)));
    assert_eq!(kpi(&all, "fixed"), (json!(2), json!(1)));
    assert_eq!(kpi(&all, "pull_requests"), (json!(2), json!(0)));
    assert_eq!(kpi(&all, "releases"), (json!(1), json!(0)));
    assert_eq!(kpi(&all, "contributors"), (json!(3), json!(2)));
    assert_eq!(kpi(&all, "fix_share"), (json!(0.5), json!(0.5)));
    // The lead times of both pull requests pooled: the median of 12 and 48 hours.
    assert_eq!(kpi(&all, "lead_time").0, json!(30 * 3600));
    let delivered: Vec<(&str, &str)> = all["delivered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["area"].as_str().unwrap(), o["repository"].as_str().unwrap()))
        .collect();
    assert_eq!(delivered, [("acme/web · Checkout", "acme/web"), ("acme/api · API", "acme/api")]);
    assert_eq!(all["releases"][0]["text"], "acme/infra: Released version 2.0.0");
    assert_eq!(all["commits"].as_array().unwrap().len(), 5);
    assert_eq!(all["units"].as_array().unwrap().len(), 5);
    // Each commit points at its own unit in the merged list.
    for c in all["commits"].as_array().unwrap() {
        let unit = &all["units"][c["unit"].as_u64().unwrap() as usize];
        assert!(unit["commits"].as_array().unwrap().contains(&c["id"]), "{c}");
        assert_eq!(unit["repository"], c["repository"]);
    }
    assert_eq!(all["headline"], "The team delivered 2 improvements and fixed 2 problems.");

    // Every single brief's numbers are in the sums.
    let singles: Vec<Value> = [&web, &api, &infra].iter().map(|r| r.json(WEEK)).collect();
    for id in ["delivered", "fixed", "pull_requests", "releases"] {
        let total: u64 = singles.iter().map(|b| kpi(b, id).0.as_u64().unwrap()).sum();
        assert_eq!(kpi(&all, id).0, json!(total), "{id}");
    }
}

#[test]
fn the_merged_brief_renders_in_every_format_and_merges_again() {
    let (web, api, infra) = product();
    let dir = tempfile::tempdir().unwrap();
    for (repo, name) in [(&web, "web"), (&api, "api"), (&infra, "infra")] {
        brief_file(repo, dir.path(), name);
    }
    let markdown = String::from_utf8(
        merge(dir.path(), &["web.json", "api.json", "infra.json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(markdown.contains("- **acme/web · Checkout** — Pay with cards"), "{markdown}");
    assert!(markdown.contains("| Contributors | 3 | 2 | ▲ |"), "{markdown}");
    for (format, needle) in [
        ("html", "<span class=\"area\">acme/api · API</span>"),
        ("text", "acme/web · Checkout — Pay with cards"),
        ("slack", "acme/web · Checkout"),
        ("teams", "acme/web · Checkout"),
    ] {
        let out =
            merge(dir.path(), &["web.json", "api.json", "infra.json", "--format", format]).assert().success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(text.contains(needle), "{format}: {text}");
    }
    let email = merge(
        dir.path(),
        &[
            "web.json",
            "api.json",
            "infra.json",
            "--format",
            "email",
            "--mail-from",
            "brief@acme.test",
            "--mail-to",
            "cto@acme.test",
        ],
    )
    .assert()
    .success();
    let email = String::from_utf8(email.get_output().stdout.clone()).unwrap();
    assert!(email.contains("Subject: Weekly brief"), "{email}");

    // The merged JSON is a brief: merged alone it is itself, and (web + api)
    // merged with infra is the three merged at once.
    let all = merged_json(dir.path(), &["web.json", "api.json", "infra.json"]);
    std::fs::write(dir.path().join("all.json"), all.to_string()).unwrap();
    assert_eq!(merged_json(dir.path(), &["all.json"]), all);
    let two = merged_json(dir.path(), &["web.json", "api.json"]);
    std::fs::write(dir.path().join("two.json"), two.to_string()).unwrap();
    let again = merged_json(dir.path(), &["two.json", "infra.json"]);
    for field in [
        "title",
        "kpis",
        "delivered",
        "fixed",
        "attention",
        "releases",
        "units",
        "commits",
        "roll_up",
        "headline",
    ] {
        assert_eq!(again[field], all[field], "{field}");
    }
    // By area, across repositories.
    let by_area = merged_json(dir.path(), &["web.json", "api.json", "infra.json", "--group", "area"]);
    let areas: Vec<&str> =
        by_area["delivered"].as_array().unwrap().iter().map(|o| o["area"].as_str().unwrap()).collect();
    assert_eq!(areas, ["acme/api · API", "acme/web · Checkout"]);
}

#[test]
fn briefs_of_different_windows_or_unknown_versions_are_refused() {
    let (web, api, _) = product();
    let dir = tempfile::tempdir().unwrap();
    brief_file(&web, dir.path(), "web");
    let out = dir.path().join("api.json");
    api.brief(&[
        "--week",
        "2026-W46",
        "--tz",
        "Europe/Berlin",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ])
    .success();
    fails(
        merge(dir.path(), &["web.json", "api.json"]),
        2,
        &["web.json", "api.json", "--allow-mixed-windows"],
    );
    merge(dir.path(), &["web.json", "api.json", "--allow-mixed-windows", "--format", "json"])
        .assert()
        .success();

    let mut newer: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("web.json")).unwrap()).unwrap();
    newer["schema_version"] = json!(2);
    std::fs::write(dir.path().join("newer.json"), newer.to_string()).unwrap();
    fails(merge(dir.path(), &["newer.json"]), 2, &["newer.json", "schema_version 2", "update git-brief"]);
    std::fs::write(dir.path().join("notes.json"), "{\"hello\": 1}").unwrap();
    fails(merge(dir.path(), &["notes.json"]), 2, &["notes.json", "not a git-brief JSON brief"]);
    fails(merge(dir.path(), &["missing.json"]), 2, &["missing.json", "cannot read"]);
}

/// The organisation workflow's own steps, run here as its jobs would run
/// them: the matrix job's script once per repository (each in a directory
/// of its own, the checkout at `repository`), the artifacts gathered as
/// `download-artifact` with `merge-multiple` does, then the roll-up's script.
#[test]
fn the_organisation_workflow_steps_make_one_brief_of_three_repositories() {
    use chrono::{Datelike, Duration, Utc};
    use yaml_rust2::YamlLoader;

    let workflow =
        git_brief::cli::init::rendered("org-brief.yml", &git_brief::cli::init::Install::CratesIo).unwrap();
    let doc = &YamlLoader::load_from_str(&workflow).unwrap()[0];
    let script = |job: &str, step: &str| -> String {
        let steps = doc["jobs"][job]["steps"].as_vec().unwrap();
        let found = steps
            .iter()
            .find(|s| s["name"].as_str() == Some(step))
            .unwrap_or_else(|| panic!("{job}: {step}"));
        found["run"].as_str().unwrap().to_string()
    };
    let timezone = doc["env"]["BRIEF_TIMEZONE"].as_str().unwrap().to_string();

    // Last week as the workflow's `--week last` reads it, in its time zone (UTC).
    let today = Utc::now().date_naive();
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64 + 7);
    let at = |day: i64, hour: u32| {
        format!("{}T{hour:02}:00:00Z", (monday + Duration::days(day)).format("%Y-%m-%d"))
    };
    let web = named("web");
    pull_request(&web, 5, "feat(checkout): pay with cards", ADA, &at(0, 10), &at(2, 10));
    web.commit_by("fix(cart): empty cart crash", &at(3, 9), GRACE);
    let api = named("api");
    api.commit_by("feat(api): orders endpoint", &at(1, 11), ADA);
    api.commit_by("fix(api): retry timeouts", &at(1, 15), LINUS);
    let infra = named("infra");
    infra.commit_by("ci: cache the builds", &at(4, 9), GRACE);
    infra.git(&["tag", "v2.0.0"]);

    let dir = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_git-brief")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let rollup = dir.path().join("roll-up");
    std::fs::create_dir_all(rollup.join("briefs")).unwrap();
    let runner_temp = dir.path().join("runner-temp");
    std::fs::create_dir_all(&runner_temp).unwrap();
    let bash = |cwd: &Path, script: &str, env: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new("bash");
        cmd.args(["-euo", "pipefail", "-c", script]).current_dir(cwd).env_clear();
        cmd.env("PATH", &path)
            .env("HOME", web.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("BRIEF_TIMEZONE", &timezone)
            .env("RUNNER_TEMP", &runner_temp);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{script}: {}", String::from_utf8_lossy(&out.stderr));
    };
    for (i, (repo, name)) in
        [(&web, "acme/web"), (&api, "acme/api"), (&infra, "acme/infra")].into_iter().enumerate()
    {
        let job = dir.path().join(format!("job-{i}"));
        std::fs::create_dir_all(&job).unwrap();
        std::os::unix::fs::symlink(&repo.path, job.join("repository")).unwrap();
        bash(&job, &script("repository", "Brief the repository"), &[("REPOSITORY", name)]);
        for file in std::fs::read_dir(job.join("briefs")).unwrap() {
            let file = file.unwrap().path();
            std::fs::copy(&file, rollup.join("briefs").join(file.file_name().unwrap())).unwrap();
        }
    }
    let mut names: Vec<String> = std::fs::read_dir(rollup.join("briefs"))
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["acme--api.json", "acme--infra.json", "acme--web.json"]);
    let summary = dir.path().join("summary.md");
    bash(
        &rollup,
        &script("roll-up", "Write the organisation's brief"),
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );

    let brief = std::fs::read_to_string(runner_temp.join("brief.md")).unwrap();
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), brief, "the summary page shows the brief");
    assert!(brief.contains("- **acme/web · Checkout** — Pay with cards"), "{brief}");
    // The numbers against the three single briefs of the same week.
    let week = ["--week", "last", "--tz", timezone.as_str()];
    let singles: Vec<Value> = [&web, &api, &infra].iter().map(|r| r.json(&week)).collect();
    let total = |id: &str| singles.iter().map(|b| kpi(b, id).0.as_u64().unwrap()).sum::<u64>();
    assert_eq!((total("delivered"), total("fixed"), total("releases")), (2, 2, 1));
    for (label, value) in [
        ("Improvements delivered", total("delivered")),
        ("Problems fixed", total("fixed")),
        ("Releases tagged (a proxy for deployment frequency)", total("releases")),
        // Ada is in two repositories, Grace in two: three people, not five.
        ("Contributors", 3),
    ] {
        assert!(brief.contains(&format!("| {label} | {value} |")), "{label} {value}: {brief}");
    }
}

#[test]
fn an_older_brief_without_its_roll_up_shows_a_dash_not_an_undercount() {
    let (web, api, _) = product();
    let dir = tempfile::tempdir().unwrap();
    brief_file(&web, dir.path(), "web");
    brief_file(&api, dir.path(), "api");
    let path = dir.path().join("api.json");
    let mut older: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    older.as_object_mut().unwrap().remove("roll_up");
    std::fs::write(&path, older.to_string()).unwrap();
    let all = merged_json(dir.path(), &["web.json", "api.json"]);
    assert_eq!(kpi(&all, "contributors"), (Value::Null, Value::Null));
    assert_eq!(kpi(&all, "delivered").0, json!(2), "the counts still add up");
    let warnings = all["warnings"].as_array().unwrap();
    assert!(warnings
        .iter()
        .any(|w| w.as_str().unwrap().contains("acme/api's brief was written by an older git-brief")));
}

/// Every text of an Adaptive Card that Teams reads as Markdown: a
/// `TextBlock`'s text and a `FactSet`'s titles and values.
fn markdown_texts(value: &Value) -> Vec<String> {
    match value {
        Value::Object(map) => {
            let mut out: Vec<String> = map.values().flat_map(markdown_texts).collect();
            match map.get("type").and_then(Value::as_str) {
                Some("TextBlock") => out.extend(map["text"].as_str().map(str::to_string)),
                Some("FactSet") => {
                    for fact in map["facts"].as_array().into_iter().flatten() {
                        out.push(fact["title"].to_string());
                        out.push(fact["value"].to_string());
                    }
                }
                _ => {}
            }
            out
        }
        Value::Array(items) => items.iter().flat_map(markdown_texts).collect(),
        _ => Vec::new(),
    }
}

// Item 22 of the third hardening round: the merged card put a JSON brief's
// number labels and period where Teams reads Markdown, so a brief's text
// became a link there.
#[test]
fn a_json_briefs_text_is_never_markdown_in_the_merged_teams_card() {
    let (web, _, _) = product();
    let dir = tempfile::tempdir().unwrap();
    let path = brief_file(&web, dir.path(), "web");
    let mut brief: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    brief["kpis"][0]["label"] = json!("[Open the report](https://evil.example/login)");
    brief["window"]["period"] = json!("[this week](https://evil.example/week)");
    std::fs::write(&path, brief.to_string()).unwrap();
    let out =
        merge(dir.path(), &["web.json", "--format", "teams"]).assert().success().get_output().stdout.clone();
    let card: Value = serde_json::from_slice(&out).unwrap();
    let text = card.to_string();
    for hostile in ["[Open the report](", "[this week]("] {
        assert!(text.contains(hostile), "{hostile} is shown, as plain text: {text}");
    }
    for markdown in markdown_texts(&card) {
        assert!(!markdown.contains("evil.example"), "read as Markdown by Teams: {markdown}");
    }
}

#[test]
fn counts_too_large_to_add_never_wrap_into_a_share_past_all() {
    let (web, api, _) = product();
    let dir = tempfile::tempdir().unwrap();
    brief_file(&web, dir.path(), "web");
    brief_file(&api, dir.path(), "api");
    let path = dir.path().join("web.json");
    let mut huge: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for k in huge["kpis"].as_array_mut().unwrap() {
        match k["id"].as_str() {
            Some("delivered") => k["value"] = json!(u64::MAX),
            Some("fixed") => k["value"] = json!(2),
            _ => {}
        }
    }
    huge["confidence"]["written"] = json!(u64::MAX);
    std::fs::write(&path, huge.to_string()).unwrap();
    let all = merged_json(dir.path(), &["web.json", "api.json"]);
    let share = kpi(&all, "fix_share").0.as_f64().unwrap();
    assert!((0.0..=1.0).contains(&share), "{share}");
    assert_eq!(kpi(&all, "delivered").0, json!(u64::MAX), "added without wrapping");
    let confidence = all["confidence"]["share"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&confidence), "{}", all["confidence"]);
}

#[test]
fn one_repository_given_twice_is_refused_not_counted_twice() {
    let (web, api, _) = product();
    let dir = tempfile::tempdir().unwrap();
    brief_file(&web, dir.path(), "web");
    brief_file(&api, dir.path(), "api");
    fails(merge(dir.path(), &["web.json", "web.json"]), 2, &["acme/web", "web.json", "twice"]);
    // A merged brief together with one of the briefs it holds.
    let mut both = merge(dir.path(), &["web.json", "api.json", "--format", "json", "--output", "both.json"]);
    both.assert().success();
    fails(merge(dir.path(), &["both.json", "api.json"]), 2, &["acme/api", "both.json", "api.json"]);
}

#[test]
fn the_same_week_in_two_time_zones_is_told_apart_in_the_error() {
    let (web, api, _) = product();
    let dir = tempfile::tempdir().unwrap();
    brief_file(&web, dir.path(), "web");
    let out = dir.path().join("api.json");
    let args = ["--week", "2026-W47", "--tz", "UTC", "--format", "json", "--output", out.to_str().unwrap()];
    api.brief(&args).success();
    let stderr = fails(merge(dir.path(), &["web.json", "api.json"]), 2, &["--allow-mixed-windows"]);
    assert!(
        stderr.contains("16–22 Nov 2026 in Europe/Berlin") && stderr.contains("16–22 Nov 2026 in UTC"),
        "{stderr}"
    );
}
