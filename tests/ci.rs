//! git-brief where it runs unattended: shallow CI clones, the GitHub step
//! summary, the pull-request comment, `init`, colour, completions and the
//! man page.

mod common;

use common::{brief_binary, busy_week, clone, kpi, Repo};
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin"];

/// Three weeks of history, one commit a day.
fn three_weeks() -> Repo {
    let repo = Repo::new();
    for day in 2..=22 {
        repo.commit(&format!("feat: work of day {day}"), &format!("2026-11-{day:02}T10:00:00+01:00"));
    }
    repo
}

#[test]
fn a_too_shallow_clone_fails_with_the_fix() {
    let origin = three_weeks();
    let shallow = clone(&origin, &["--depth", "1"]);
    let out = shallow.brief_command(WEEK).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("this clone is shallow"), "{stderr}");
    assert!(stderr.contains("fetch-depth: 0") && stderr.contains("GIT_DEPTH: 0"), "{stderr}");
    assert!(
        stderr.contains("from 2026-11-09") && stderr.contains("git fetch --unshallow"),
        "the previous week is needed too: {stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn allow_shallow_renders_with_a_visible_warning() {
    let origin = three_weeks();
    let shallow = clone(&origin, &["--depth", "3"]);
    let brief = shallow.json(&[WEEK, &["--allow-shallow"]].concat());
    let warning = brief["warnings"][0].as_str().expect("a warning");
    assert!(warning.contains("shallow clone whose history stops at 2026-11-20"), "{warning}");
    assert_eq!(brief["commits"].as_array().unwrap().len(), 3, "what the clone holds");
    assert_eq!(kpi(&brief, "delivered").0, Value::from(3));
    assert!(brief["kpis"].as_array().unwrap().iter().all(|k| k["exact"] == false));
    let markdown = shallow.markdown(&[WEEK, &["--allow-shallow"]].concat());
    assert!(markdown.contains("\nNote: This brief comes from a shallow clone"), "{markdown}");
}

#[test]
fn a_shallow_clone_deep_enough_for_the_window_is_fine() {
    let origin = three_weeks();
    let deep_enough = clone(&origin, &["--shallow-since=2026-11-05"]);
    let brief = deep_enough.json(WEEK);
    assert_eq!(brief["commits"].as_array().unwrap().len(), 7);
    assert_eq!(kpi(&brief, "delivered"), (Value::from(7), Value::from(7)));
    assert_eq!(brief["warnings"], serde_json::json!([]));
}

#[test]
fn step_summary_appends_the_markdown_brief() {
    let repo = three_weeks();
    let summary = repo.home().join("summary.md");
    std::fs::write(&summary, "## Earlier step output\n").unwrap();
    let json = repo.home().join("brief.json");
    repo.brief_command(
        &[WEEK, &["--format", "json", "--output", json.to_str().unwrap(), "--step-summary"]].concat(),
    )
    .env("GITHUB_STEP_SUMMARY", &summary)
    .assert()
    .success()
    .stdout("");
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("## Earlier step output\n\n# Weekly brief — shop · 16–22 Nov 2026\n"),
        "{written}"
    );
    assert!(written.contains("## Delivered") && written.contains("<details>"), "{written}");
    assert!(std::fs::read_to_string(&json).unwrap().contains("\"schema_version\": 1"));
}

#[test]
fn step_summary_outside_github_actions_is_a_usage_error() {
    let repo = three_weeks();
    let out = repo.brief_command(&["--step-summary"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GITHUB_STEP_SUMMARY"));
}

#[test]
fn the_pull_request_comment_has_its_marker_and_fits_githubs_limit() {
    let small = three_weeks();
    let comment = small.markdown(&[WEEK, &["--comment"]].concat());
    assert!(comment.starts_with("<!-- git-brief -->\n# Weekly brief"), "{comment}");

    let busy = busy_week(600);
    let full = busy.markdown(WEEK);
    assert!(full.chars().count() > 65_536, "the fixture is over the limit: {}", full.chars().count());
    let comment = busy.markdown(&[WEEK, &["--comment"]].concat());
    assert!(comment.chars().count() <= 65_536, "{}", comment.chars().count());
    assert!(comment.starts_with("<!-- git-brief -->\n"));
    let stakeholder = common::stakeholder_part(&full);
    assert!(comment.contains(stakeholder), "the stakeholder sections are whole");
    let shown = comment.lines().filter(|l| l.starts_with("| `")).count();
    assert!(
        comment.contains(&format!("*{} more commits not shown", 600 - shown)),
        "the note says what was trimmed"
    );
    assert!(comment.trim_end().ends_with("</details>"));

    let out = busy.brief_command(&[WEEK, &["--comment", "--format", "html"]].concat()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "--comment is for Markdown");
}

#[test]
fn init_writes_config_and_workflows_that_work_unchanged() {
    let repo = three_weeks();
    repo.brief(&["init"]).success();
    let config = std::fs::read_to_string(repo.path.join(".git-brief.toml")).unwrap();
    git_brief::config::Config::parse(&config, std::path::Path::new(".git-brief.toml"))
        .expect("valid TOML config");
    for workflow in
        [".github/workflows/brief.yml", ".github/workflows/pr-brief.yml", ".github/workflows/alert.yml"]
    {
        let text = std::fs::read_to_string(repo.path.join(workflow)).unwrap();
        let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{workflow}: {e}"));
        assert!(!docs[0]["jobs"].is_badvalue(), "{workflow} has jobs");
    }
    // The brief accepts the written configuration as it is.
    repo.brief(WEEK).success();
    // A second init refuses to overwrite; --force does.
    let out = repo.brief_command(&["init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("every file already exists") && said.contains("pass --force"), "{said}");
    // --force overwrites the workflows, never the team's settings.
    std::fs::write(repo.path.join(".git-brief.toml"), "# mine\n").unwrap();
    std::fs::write(repo.path.join(".github/workflows/alert.yml"), "# mine\n").unwrap();
    repo.brief(&["init", "--force"]).success();
    assert_eq!(std::fs::read_to_string(repo.path.join(".git-brief.toml")).unwrap(), "# mine\n");
    assert_ne!(std::fs::read_to_string(repo.path.join(".github/workflows/alert.yml")).unwrap(), "# mine\n");
}

// Item 34 of the third hardening round: `init --slack` on an existing set-up
// refused without --force, and --force reset the team's .git-brief.toml.
#[test]
fn init_on_an_existing_set_up_adds_what_is_missing_and_says_what_it_left_alone() {
    let repo = three_weeks();
    repo.brief(&["init"]).success();
    let edited = "# the team's own settings\n[brief]\ntimezone = \"Europe/Berlin\"\n";
    std::fs::write(repo.path.join(".git-brief.toml"), edited).unwrap();
    std::fs::remove_file(repo.path.join(".github/workflows/alert.yml")).unwrap();
    let pr = std::fs::read_to_string(repo.path.join(".github/workflows/pr-brief.yml")).unwrap();
    let weekly_path = repo.path.join(".github/workflows/brief.yml");
    // The team's own step at the end of the weekly workflow stays.
    let mut weekly = std::fs::read_to_string(&weekly_path).unwrap();
    weekly.push_str("\n      - name: Our own step\n        run: echo ours\n");
    std::fs::write(&weekly_path, &weekly).unwrap();

    let out = repo.brief(&["init", "--slack", "--email"]).success().get_output().clone();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("wrote .github/workflows/alert.yml"), "{said}");
    assert!(said.contains("added the Slack step and e-mail step to .github/workflows/brief.yml"), "{said}");
    assert!(said.contains("left .git-brief.toml, .github/workflows/pr-brief.yml as they are"), "{said}");
    assert_eq!(std::fs::read_to_string(repo.path.join(".git-brief.toml")).unwrap(), edited);
    assert_eq!(std::fs::read_to_string(repo.path.join(".github/workflows/pr-brief.yml")).unwrap(), pr);
    assert!(repo.path.join(".github/workflows/alert.yml").exists());
    let text = std::fs::read_to_string(&weekly_path).unwrap();
    assert!(text.starts_with(weekly.trim_end()), "the workflow as it was, then the new steps");
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("still YAML");
    let steps: Vec<&str> = docs[0]["jobs"]["brief"]["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    for step in ["Our own step", "Post the brief to Slack", "E-mail the brief"] {
        assert!(steps.contains(&step), "{step} in {steps:?}");
    }
    assert!(!steps.contains(&"Post the brief to Teams"), "{steps:?}");
    // Once more: the Slack step is there, Teams is added, nothing twice.
    let out = repo.brief(&["init", "--slack", "--teams"]).success().get_output().clone();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("added the Teams step to .github/workflows/brief.yml"), "{said}");
    let text = std::fs::read_to_string(&weekly_path).unwrap();
    assert_eq!(text.matches("- name: Post the brief to Slack").count(), 1, "{text}");
    // Nothing left to add is the error it was, naming --force.
    common::fails(repo.brief_command(&["init", "--slack"]), 2, &["already exists", "--force"]);
    // A weekly workflow that does not end with its steps is left alone, with the reason.
    std::fs::write(&weekly_path, "on: push\njobs:\n  brief:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\nenv:\n  A: b\n").unwrap();
    let said = common::fails(repo.brief_command(&["init", "--email", "--slack"]), 2, &["by hand"]);
    assert!(said.contains("brief.yml"), "{said}");
}

#[test]
fn colour_only_when_asked_or_at_a_terminal_and_never_from_commit_text() {
    let repo = Repo::new();
    repo.commit("feat: red \u{1b}[31malert\u{1b}[0m text", "2026-11-17T10:00:00+01:00");
    let run = |extra: &[&str]| {
        let out =
            repo.brief(&[WEEK, &["--format", "text"], extra].concat()).success().get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    };
    let piped = run(&[]);
    assert!(!piped.contains('\u{1b}'), "no colour in a pipe: {piped:?}");
    let coloured = run(&["--color", "always"]);
    assert!(coloured.contains("\u{1b}[1mWeekly brief"), "{coloured:?}");
    assert!(!coloured.contains("\u{1b}[31malert"), "commit text cannot colour the terminal: {coloured:?}");
    assert!(run(&["--color", "never"]).find('\u{1b}').is_none());
}

#[test]
fn completions_and_man_page_come_from_the_clap_definition() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = brief_binary(home.path()).args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(
            script.contains("git-brief") && script.contains("week") && script.contains("allow-shallow"),
            "{shell}"
        );
    }
    let out = brief_binary(home.path()).arg("man").output().unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH git-brief 1"), "{page}");
    assert!(page.contains("allow\\-shallow"), "every flag is documented");
}

#[test]
fn references_link_to_the_forge_of_origin_or_to_the_configured_tracker() {
    let repo = Repo::new();
    // On GitLab a merge request's squash suffix is `(!412)`: `#412` is an issue.
    repo.git(&["remote", "add", "origin", "git@gitlab.com:acme/web/shop.git"]);
    repo.commit(
        "feat(checkout): pay with Apple Pay (!412)\n\nCloses #398\nRefs PAY-7\n",
        "2026-11-17T10:00:00+01:00",
    );
    let markdown = repo.markdown(&[WEEK, &["--issue-key", "PAY"]].concat());
    assert!(
        markdown.contains(
            "Pay with Apple Pay ([!412](https://gitlab.com/acme/web/shop/-/merge_requests/412), \
             [#398](https://gitlab.com/acme/web/shop/-/issues/398), PAY-7)"
        ),
        "{markdown}"
    );
    assert!(markdown.starts_with("# Weekly brief — acme/web/shop"), "named after the remote");

    std::fs::write(
        repo.path.join(".git-brief.toml"),
        "[issues]\nkeys = [\"PAY\"]\nurl = \"https://tracker.acme.test/browse/{id}\"\n",
    )
    .unwrap();
    let brief = repo.json(WEEK);
    assert_eq!(
        brief["delivered"][0]["links"],
        serde_json::json!([
            {"id": "!412", "url": "https://gitlab.com/acme/web/shop/-/merge_requests/412"},
            {"id": "#398", "url": "https://tracker.acme.test/browse/398"},
            {"id": "PAY-7", "url": "https://tracker.acme.test/browse/PAY-7"}
        ])
    );
    let html = String::from_utf8(
        repo.brief(&[WEEK, &["--format", "html"]].concat()).success().get_output().stdout.clone(),
    )
    .unwrap();
    assert!(html.contains("<a href=\"https://tracker.acme.test/browse/PAY-7\">PAY-7</a>"), "{html}");
}

/// At a terminal 50 columns wide, the text brief wraps its long items at
/// words, each continuation under the item's text. `script` gives the brief
/// a real terminal, as a laptop would.
#[test]
fn the_text_brief_wraps_at_words_on_a_narrow_terminal() {
    let repo = Repo::new();
    repo.commit(
        "feat(checkout): customers can pay with Apple Pay and Google Pay at checkout on every device",
        "2026-11-17T10:00:00+01:00",
    );
    let command = format!(
        "stty rows 40 cols 50; {} -C {} --week 2026-W47 --tz Europe/Berlin --color never",
        env!("CARGO_BIN_EXE_git-brief"),
        repo.path.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("HOME", repo.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TZ", "UTC")
        .env_remove("COLUMNS")
        .output()
        .expect("script(1) from util-linux runs the brief on a terminal");
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(text.contains("DELIVERED"), "the text brief on a terminal: {text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 50, "wider than the terminal: {line:?}\n{text}");
    }
    assert!(text.contains("  * Checkout — Customers can pay with Apple Pay\n    and Google Pay"), "{text}");
}

#[test]
fn init_adds_the_posting_steps_asked_for_to_the_weekly_workflow() {
    let names = |repo: &Repo| -> Vec<String> {
        let text = std::fs::read_to_string(repo.path.join(".github/workflows/brief.yml")).unwrap();
        let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
        docs[0]["jobs"]["brief"]["steps"]
            .as_vec()
            .expect("steps")
            .iter()
            .filter_map(|step| step["name"].as_str().map(str::to_string))
            .collect()
    };
    let plain = three_weeks();
    plain.brief(&["init"]).success();
    assert!(!names(&plain).iter().any(|n| n.starts_with("Post the brief") || n.starts_with("E-mail")));
    let posting = three_weeks();
    posting.brief(&["init", "--slack", "--teams", "--email"]).success();
    let steps = names(&posting);
    for step in ["Post the brief to Slack", "Post the brief to Teams", "E-mail the brief"] {
        assert!(steps.iter().any(|n| n == step), "{step} in {steps:?}");
    }
    // Each posting step writes its brief with a command git-brief accepts.
    let text = std::fs::read_to_string(posting.path.join(".github/workflows/brief.yml")).unwrap();
    for format in ["slack", "teams", "email"] {
        assert!(text.contains(&format!("--format {format}")), "{format}");
    }
    let only = three_weeks();
    only.brief(&["init", "--teams"]).success();
    assert_eq!(names(&only).iter().filter(|n| n.starts_with("Post the brief")).count(), 1);
}
