//! `init --review`: the weekly brief opens as a draft issue, and what the
//! team leaves in it (and only that) is sent when the issue is labelled
//! `send`. The workflow's own scripts are run here with bash: the draft job
//! with a `gh` that records what it is asked, the send job with curl posting
//! to Slack and Teams webhooks on loopback that record what they receive.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use chrono::{Datelike, Duration, Utc};
use common::Repo;
use serde_json::Value;

/// The `run` script of the step named `name` in `job`.
fn script(workflow: &yaml_rust2::Yaml, job: &str, name: &str) -> String {
    let steps = workflow["jobs"][job]["steps"].as_vec().unwrap_or_else(|| panic!("{job} has steps"));
    let step =
        steps.iter().find(|s| s["name"].as_str() == Some(name)).unwrap_or_else(|| panic!("{job}: {name}"));
    step["run"].as_str().unwrap().to_string()
}

fn bash(script: &str, dir: &Path, env: &[(&str, &str)]) {
    let mut cmd = Command::new("bash");
    cmd.args(["-euo", "pipefail", "-c", script]).current_dir(dir).env("TZ", "UTC");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let out = cmd.output().expect("bash runs");
    assert!(out.status.success(), "{script}\n{}", String::from_utf8_lossy(&out.stderr));
}

/// Answers `count` HTTP requests with 200 and returns each one's path and body.
fn webhooks(listener: TcpListener, count: usize) -> std::thread::JoinHandle<Vec<(String, String)>> {
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        for stream in listener.incoming().take(count) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let path = line.split_whitespace().nth(1).unwrap_or_default().to_string();
            let mut length = 0;
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                if header.trim().is_empty() {
                    break;
                }
                if let Some(value) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok").unwrap();
            seen.push((path, String::from_utf8(body).unwrap()));
        }
        seen
    })
}

#[test]
fn the_draft_is_an_issue_and_only_its_edited_text_is_sent() {
    // Last week, whenever the test runs: the draft job briefs `--week last`.
    let today = Utc::now().date_naive();
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64 + 7);
    let at = |days: i64| format!("{}T10:00:00Z", monday + Duration::days(days));
    let repo = Repo::new();
    repo.commit_files("Initial import", &at(-30), &[("src/cart.rs", "fn total() {}\n")]);
    repo.commit_files("feat: add gift cards (#12)", &at(1), &[("src/gift.rs", "fn gift() {}\n")]);
    repo.commit_files(
        "fix: the checkout total counts discounts once (#13)",
        &at(2),
        &[("src/cart.rs", "fn total() { 1 }\n")],
    );
    repo.brief(&["init", "--review", "--slack", "--teams"]).success();
    let text = std::fs::read_to_string(repo.path.join(".github/workflows/brief.yml")).unwrap();
    let workflow = &yaml_rust2::YamlLoader::load_from_str(&text).expect("YAML")[0];
    let send_if = workflow["jobs"]["send"]["if"].as_str().unwrap();
    assert!(
        send_if.contains("github.event.label.name == 'send'") && send_if.contains("'brief-draft'"),
        "{send_if}"
    );

    // The draft job, with a gh that records its arguments and the issue's text.
    let bin = repo.home().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let gh = bin.join("gh");
    std::fs::write(
        &gh,
        "#!/bin/bash\necho \"$*\" >> \"$GH_LOG\"\nwhile [ $# -gt 0 ]; do [ \"$1\" = --body-file ] && cp \"$2\" \"$GH_LOG.issue\"; shift; done\n",
    )
    .unwrap();
    Command::new("chmod").args(["+x", gh.to_str().unwrap()]).status().unwrap();
    let binary = Path::new(env!("CARGO_BIN_EXE_git-brief")).parent().unwrap();
    let path = format!("{}:{}:{}", bin.display(), binary.display(), std::env::var("PATH").unwrap());
    let temp = repo.home().join("runner");
    std::fs::create_dir_all(&temp).unwrap();
    let log = repo.home().join("gh.log");
    let (temp_s, log_s) = (temp.to_str().unwrap(), log.to_str().unwrap());
    let home = repo.home().to_str().unwrap();
    let draft = script(workflow, "draft", "Open last week's brief as a draft issue");
    bash(&draft, &repo.path, &[("PATH", &path), ("RUNNER_TEMP", temp_s), ("GH_LOG", log_s), ("HOME", home)]);
    let asked = std::fs::read_to_string(&log).unwrap();
    assert!(
        asked.lines().any(|l| l.starts_with("issue create") && l.contains("--label brief-draft")),
        "{asked}"
    );
    let issue = std::fs::read_to_string(format!("{log_s}.issue")).unwrap();
    assert!(issue.contains("Add gift cards") && issue.contains("<details>"), "{issue}");

    // The team adds a word, takes a line out, and labels it `send`.
    let edited = issue
        .replacen("\n\n", "\n\nThe gift cards wait for legal; the launch moved to Thursday.\n\n", 1)
        .lines()
        .filter(|l| !l.contains("Add gift cards"))
        .collect::<Vec<_>>()
        .join("\n");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let received = webhooks(listener, 2);
    let (slack, teams) = (format!("{url}/slack"), format!("{url}/teams"));
    let env = [
        ("PATH", path.as_str()),
        ("RUNNER_TEMP", temp_s),
        ("HOME", home),
        ("EDITED", edited.as_str()),
        ("SLACK_WEBHOOK_URL", slack.as_str()),
        ("TEAMS_WEBHOOK_URL", teams.as_str()),
    ];
    for step in ["Keep the edited brief", "Send the edited brief to Slack", "Send the edited brief to Teams"]
    {
        bash(&script(workflow, "send", step), repo.home(), &env);
    }
    let received = received.join().unwrap();
    let paths: Vec<&str> = received.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["/slack", "/teams"]);
    for (path, body) in &received {
        let message: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
        let said = message.to_string();
        assert!(said.contains("the launch moved to Thursday"), "{path}: the sender's word is sent: {said}");
        assert!(said.contains("The checkout total counts discounts once"), "{path}: {said}");
        assert!(!said.contains("Add gift cards"), "{path}: a line taken out is not sent: {said}");
        assert!(!said.contains("Engineering detail"), "{path}: the appendix is not sent: {said}");
    }
}

#[test]
fn review_without_a_channel_exits_2_naming_the_flags() {
    let repo = Repo::new();
    repo.commit("Initial import", "2026-11-02T10:00:00Z");
    common::fails(
        repo.brief_command(&["init", "--review"]),
        2,
        &["--review", "--slack", "--teams", "--email"],
    );
    assert!(!repo.path.join(".github").exists(), "nothing written");
}

#[test]
fn publish_refuses_json_and_an_empty_draft() {
    let repo = Repo::new();
    repo.commit("Initial import", "2026-11-02T10:00:00Z");
    let draft = repo.home().join("draft.md");
    std::fs::write(&draft, "# Weekly brief\n\n- Shipped.\n").unwrap();
    let draft = draft.to_str().unwrap();
    common::fails(repo.brief_command(&["publish", draft, "--format", "json"]), 2, &["not json"]);
    common::fails(
        repo.brief_command(&["publish", draft, "--format", "email"]),
        2,
        &["--mail-from", "--mail-to"],
    );
    let empty = repo.home().join("empty.md");
    std::fs::write(&empty, "<!-- git-brief -->\n").unwrap();
    common::fails(
        repo.brief_command(&["publish", empty.to_str().unwrap(), "--format", "slack"]),
        2,
        &["empty"],
    );
}
