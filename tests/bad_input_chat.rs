//! The bad-input matrix for the chat and e-mail outputs and the alert: odd
//! addresses, huge or hostile text, and briefs from other hands. A failure
//! is one line on stderr with the documented exit code (2 for usage) and no
//! file left behind; odd but valid input makes a payload within the
//! platform's limits, never a panic or a message the platform refuses.

mod common;

use std::path::{Path, PathBuf};

use common::{fails, Repo};
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin"];
const IN_WEEK: &str = "2026-11-17T10:00:00+01:00";

/// An empty directory for `--output`, beside the test's home.
fn output_dir(home: &Path) -> PathBuf {
    let dir = home.join("out");
    std::fs::create_dir_all(&dir).expect("output directory");
    dir
}

/// Runs `args` in `repo` with `--output` into an empty directory, checks the
/// failure with [`fails`], and that the directory is still empty.
fn fails_writing_nothing(repo: &Repo, args: &[&str], needles: &[&str]) {
    let dir = output_dir(repo.home());
    let mut cmd = repo.brief_command(args);
    cmd.arg("--output").arg(dir.join("out.eml"));
    fails(cmd, 2, needles);
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "a failed run leaves nothing behind: {left:?}");
}

fn repo_with(subject: &str) -> Repo {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-10T10:00:00+01:00");
    repo.commit(subject, IN_WEEK);
    repo
}

fn email_args<'a>(from: &'a str, to: &'a str) -> Vec<&'a str> {
    [WEEK, &["--format", "email", "--mail-from", from, "--mail-to", to]].concat()
}

fn payload(repo: &Repo, args: &[&str]) -> (Value, usize) {
    let out = repo.brief(args).success().get_output().stdout.clone();
    (serde_json::from_slice(&out).expect("JSON"), out.len())
}

/// Every Slack block within Block Kit's limits.
fn assert_slack_limits(payload: &Value) {
    let blocks = payload["blocks"].as_array().unwrap();
    assert!(blocks.len() <= 50, "{} blocks", blocks.len());
    assert!(payload["text"].as_str().unwrap().chars().count() <= 3000);
    for block in blocks {
        if let Some(text) = block["text"]["text"].as_str() {
            let max = if block["type"] == "header" { 150 } else { 3000 };
            assert!(
                text.chars().count() <= max,
                "a {} of {} characters",
                block["type"],
                text.chars().count()
            );
        }
        let fields = block["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= 10);
        assert!(fields.iter().all(|f| f["text"].as_str().unwrap().chars().count() <= 2000));
    }
}

#[test]
fn an_email_without_a_recipient_exits_2_naming_the_flag() {
    let repo = repo_with("feat: x");
    fails_writing_nothing(
        &repo,
        &[WEEK, &["--format", "email", "--mail-from", "a@example.com"]].concat(),
        &["--mail-to"],
    );
}

#[test]
fn a_recipient_that_is_no_address_exits_2_naming_it() {
    let repo = repo_with("feat: x");
    fails_writing_nothing(
        &repo,
        &email_args("a@example.com", "the whole team"),
        &["--mail-to", "the whole team"],
    );
}

#[test]
fn a_recipient_with_a_header_after_a_line_break_exits_2() {
    let repo = repo_with("feat: x");
    fails_writing_nothing(
        &repo,
        &email_args("a@example.com", "b@example.com\r\nBcc: x@evil.example"),
        &["--mail-to"],
    );
}

#[test]
fn an_empty_sender_exits_2() {
    let repo = repo_with("feat: x");
    fails_writing_nothing(&repo, &email_args("", "b@example.com"), &["--mail-from"]);
}

#[test]
fn a_senders_name_no_mail_line_holds_exits_2() {
    let repo = repo_with("feat: x");
    let from = format!("{} <a@example.com>", "N".repeat(1_500));
    fails_writing_nothing(&repo, &email_args(&from, "b@example.com"), &["--mail-from", "998"]);
}

#[test]
fn a_recipients_name_no_mail_line_holds_exits_2() {
    let repo = repo_with("feat: x");
    let to = format!("{} <b@example.com>", "N".repeat(1_500));
    fails_writing_nothing(&repo, &email_args("a@example.com", &to), &["--mail-to", "998"]);
}

#[test]
fn a_sender_on_an_internationalised_domain_gets_an_ascii_message_id() {
    let repo = repo_with("feat: x");
    let out = repo.brief(&email_args("a@bücher.example", "b@example.com")).get_output().clone();
    if out.status.success() {
        let message = String::from_utf8(out.stdout).unwrap();
        let id = message.lines().find(|l| l.starts_with("Message-ID: ")).expect("a Message-ID");
        assert!(id.is_ascii() && id.ends_with('>'), "{id}");
    } else {
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    }
}

#[test]
fn an_alert_as_an_email_exits_2_saying_which_formats_to_use() {
    let repo = repo_with("fix: patch the SQL injection in search");
    let dir = output_dir(repo.home());
    let mut cmd = repo.brief_command(&["alert", "--range", "HEAD~1..HEAD", "--format", "email", "--output"]);
    cmd.arg(dir.join("alert.txt"));
    fails(cmd, 2, &["'email'", "markdown, html, text, json, slack, teams"]);
    // An `.eml` output asks for e-mail by its extension alone.
    let mut cmd = repo.brief_command(&["alert", "--range", "HEAD~1..HEAD", "--output"]);
    cmd.arg(dir.join("alert.eml"));
    fails(cmd, 2, &["from its extension", "--format"]);
    assert!(std::fs::read_dir(&dir).unwrap().next().is_none(), "nothing written");
}

/// Item 28 (c): `alert --help` offers only the formats an alert is written in.
#[test]
fn alert_help_offers_no_email() {
    let repo = repo_with("feat: x");
    let out = repo.brief_command(&["alert", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("slack:") && help.contains("teams:"), "{help}");
    assert!(!help.contains("email:"), "{help}");
}

#[test]
fn a_template_does_not_apply_to_teams() {
    let repo = repo_with("feat: x");
    repo.write("t.hbs", "{{title}}");
    let template = repo.path.join("t.hbs");
    fails_writing_nothing(
        &repo,
        &[WEEK, &["--format", "teams", "--template", template.to_str().unwrap()]].concat(),
        &["--template does not apply"],
    );
}

#[test]
fn a_subject_of_a_hundred_thousand_characters_fits_slack() {
    let repo = repo_with(&format!("feat: {}", "long words & more <b> ".repeat(5_000)));
    let (payload, _) = payload(&repo, &[WEEK, &["--format", "slack"]].concat());
    assert_slack_limits(&payload);
}

#[test]
fn a_subject_of_a_hundred_thousand_characters_fits_teams() {
    let repo = repo_with(&format!("feat: {}", "long words & more <b> ".repeat(5_000)));
    let (_, bytes) = payload(&repo, &[WEEK, &["--format", "teams"]].concat());
    assert!(bytes <= 28 * 1024, "{bytes} bytes");
}

#[test]
fn an_alert_item_of_a_hundred_thousand_characters_fits_slack_and_teams() {
    let repo = repo_with(&format!("fix(security): {}", "escape & quote <this> ".repeat(5_000)));
    let range = ["alert", "--range", "HEAD~1..HEAD", "--format"];
    let (slack, _) = payload(&repo, &[&range[..], &["slack"]].concat());
    assert_slack_limits(&slack);
    assert!(slack.to_string().contains("escape &amp; quote &lt;this&gt;"), "the item is shown, cut");
    let (_, bytes) = payload(&repo, &[&range[..], &["teams"]].concat());
    assert!(bytes <= 28 * 1024, "{bytes} bytes");
}

#[test]
fn a_quiet_push_prints_no_slack_or_teams_alert() {
    let repo = repo_with("docs: fix a typo");
    for format in ["slack", "teams"] {
        let out =
            repo.brief_command(&["alert", "--range", "HEAD~1..HEAD", "--format", format]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{format}: {out:?}");
    }
}

#[test]
fn a_branch_name_full_of_mrkdwn_mentions_nobody_in_the_slack_brief() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-10T10:00:00+01:00");
    repo.branch("<!here>&<#C123>");
    repo.commit("feat: x", IN_WEEK);
    let (payload, _) = payload(&repo, &[WEEK, &["--format", "slack"]].concat());
    let text = payload.to_string();
    assert!(!text.contains("<!here>") && !text.contains("<#C123>"), "{text}");
}

/// A JSON brief of `repo` for week 47, changed by `edit`, in a directory of its own.
fn edited_brief(repo: &Repo, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let mut brief = repo.json(WEEK);
    edit(&mut brief);
    let path = output_dir(repo.home()).join("brief.json");
    std::fs::write(&path, brief.to_string()).unwrap();
    path
}

fn merged(repo: &Repo, file: &Path, format: &str) -> (Value, usize) {
    let mut cmd = common::brief_binary(repo.home());
    cmd.current_dir(file.parent().unwrap()).args(["merge", "brief.json", "--format", format]);
    let out = cmd.assert().success().get_output().stdout.clone();
    (serde_json::from_slice(&out).expect("JSON"), out.len())
}

#[test]
fn a_json_brief_with_a_thousand_numbers_merges_into_slack_within_its_limits() {
    let repo = repo_with("feat: x");
    let file = edited_brief(&repo, |brief| {
        let kpi = brief["kpis"][0].clone();
        brief["kpis"] = Value::Array(
            (0..1_000)
                .map(|n| {
                    let mut k = kpi.clone();
                    k["id"] = Value::from(format!("k{n}"));
                    k["label"] = Value::from(format!("Number {n}"));
                    k
                })
                .collect(),
        );
    });
    let (payload, _) = merged(&repo, &file, "slack");
    assert_slack_limits(&payload);
    assert!(payload.to_string().contains("more numbers"), "says what was left out");
}

#[test]
fn a_json_brief_with_a_huge_title_merges_into_a_teams_card_within_its_limit() {
    let repo = repo_with("feat: x");
    let file = edited_brief(&repo, |brief| {
        brief["repository"]["name"] = Value::from("acme/".to_string() + &"w".repeat(60_000));
    });
    let (_, bytes) = merged(&repo, &file, "teams");
    assert!(bytes <= 28 * 1024, "{bytes} bytes");
}

#[test]
fn a_team_marker_that_is_a_mention_pings_nobody_in_the_slack_alert() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-10T10:00:00+01:00");
    repo.write(".git-brief.toml", "[alert]\nmarkers = [\"<!channel>\"]\n");
    repo.commit("chore: <!channel> rotate the keys", IN_WEEK);
    let (payload, _) = payload(&repo, &["alert", "--range", "HEAD~1..HEAD", "--format", "slack"]);
    let text = payload.to_string();
    assert!(text.contains("marked &lt;!channel&gt;") && !text.contains("<!channel>"), "{text}");
}

#[test]
fn a_hostile_branch_name_is_plain_text_in_the_teams_alert() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-10T10:00:00+01:00");
    repo.branch("<at>Ada</at>-_loud_");
    repo.commit("fix!: drop the v1 API", IN_WEEK);
    let (card, _) = payload(&repo, &["alert", "--range", "HEAD~1..HEAD", "--format", "teams"]);
    let text = card.to_string();
    assert!(text.contains("<at>Ada</at>-_loud_"), "shown as it is: {text}");
    assert!(
        !text.contains("\"TextBlock\"") && !text.contains("\"FactSet\""),
        "nothing read as Markdown: {text}"
    );
    assert!(!text.contains("\"url\":\"https://evil.example"), "no link of its own: {text}");
}
