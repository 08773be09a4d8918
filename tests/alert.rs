//! `git brief alert`: pushes built in real repositories, each with one kind
//! of critical change, and clean ones that print nothing.

mod common;

use common::Repo;
use serde_json::Value;

/// A repository with some history, and the id of its tip before the push.
fn before_push() -> (Repo, String) {
    let repo = Repo::new();
    repo.commit("feat: remember this device", "2026-11-16T09:00:00Z");
    repo.commit("docs: explain the settings", "2026-11-16T10:00:00Z");
    let before = repo.git(&["rev-parse", "HEAD"]);
    (repo, before)
}

fn alert(repo: &Repo, args: &[&str]) -> std::process::Output {
    let mut full = vec!["alert"];
    full.extend_from_slice(args);
    repo.brief_command(&full).output().expect("git-brief runs")
}

/// The reasons of the JSON alert for the push `before..HEAD`.
fn reasons(repo: &Repo, before: &str) -> Vec<String> {
    let range = format!("{before}..HEAD");
    let out = alert(repo, &["--range", &range, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    if out.stdout.is_empty() {
        return Vec::new();
    }
    let alert: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    alert["items"].as_array().unwrap().iter().map(|i| i["reason"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_revert_a_security_fix_and_a_breaking_change_are_each_critical() {
    let (repo, before) = before_push();
    let feature = repo.git(&["rev-parse", "HEAD~1"]);
    repo.git_at("2026-11-17T09:00:00Z", &["revert", "--no-edit", &feature]);
    assert_eq!(reasons(&repo, &before), ["rolled_back"]);

    let (repo, before) = before_push();
    repo.commit("fix: escape the search box against XSS", "2026-11-17T09:00:00Z");
    assert_eq!(reasons(&repo, &before), ["security"]);

    let (repo, before) = before_push();
    repo.commit("feat(api)!: drop the v1 endpoints", "2026-11-17T09:00:00Z");
    assert_eq!(reasons(&repo, &before), ["breaking"]);
}

#[test]
fn a_hotfix_branch_and_a_team_marker_are_critical() {
    let (repo, before) = before_push();
    repo.branch("hotfix/checkout-totals");
    repo.commit("Round totals half up", "2026-11-17T09:00:00Z");
    repo.checkout("main");
    repo.merge("hotfix/checkout-totals", "Merge branch 'hotfix/checkout-totals'", "2026-11-17T10:00:00Z");
    assert_eq!(reasons(&repo, &before), ["hotfix"]);

    let (repo, before) = before_push();
    repo.write(".git-brief.toml", "[alert]\nmarkers = [\"URGENT\"]\n");
    repo.commit("chore: URGENT rotate the signing keys", "2026-11-17T09:00:00Z");
    assert_eq!(reasons(&repo, &before), ["marker"]);
}

#[test]
fn a_clean_push_prints_nothing_and_exit_code_tells_them_apart() {
    let (repo, before) = before_push();
    repo.commit("docs: fix a typo", "2026-11-17T09:00:00Z");
    let range = format!("{before}..HEAD");
    for args in [&["--range", range.as_str()][..], &["--range", range.as_str(), "--exit-code"]] {
        let out = alert(&repo, args);
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    }
    repo.commit("fix: stop leaking tokens in logs", "2026-11-17T10:00:00Z");
    let out = alert(&repo, &["--range", &range, "--exit-code", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty());
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(markdown.starts_with("# Critical changes — "), "{markdown}");
    assert!(markdown.contains("a security fix shipped: “Stop leaking tokens in logs”"), "{markdown}");
}

#[test]
fn a_new_branch_or_a_force_push_reads_the_pushed_commit_not_the_history() {
    // An old revert deep in the history must not be reported again.
    let (repo, _) = before_push();
    let feature = repo.git(&["rev-parse", "HEAD~1"]);
    repo.git_at("2026-11-16T11:00:00Z", &["revert", "--no-edit", &feature]);
    repo.commit("docs: a clean change", "2026-11-17T09:00:00Z");
    let zeros = "0".repeat(40);
    assert_eq!(reasons(&repo, &zeros), Vec::<String>::new(), "a new branch");
    assert_eq!(
        reasons(&repo, "5d4c3b2a19f8e7d6c5b4a3928170f6e5d4c3b2a1"),
        Vec::<String>::new(),
        "a force-push"
    );
    // The same fallback still sees a critical pushed commit.
    repo.commit("fix: patch the SQL injection in search", "2026-11-17T10:00:00Z");
    assert_eq!(reasons(&repo, &zeros), ["security"]);
}

// Item 4 of the third hardening round: the first push of a repository (or
// of an orphan branch, or a history squashed to one commit) is a root commit
// after a "before" of zeros.
#[test]
fn the_first_push_of_a_repository_is_alerted_on_too() {
    let repo = Repo::new();
    repo.commit("fix(security): patch CVE-2026-1234 in the login form", "2026-11-17T09:00:00Z");
    let zeros = "0".repeat(40);
    assert_eq!(reasons(&repo, &zeros), ["security"]);
    let range = format!("{zeros}..HEAD");
    let out = alert(&repo, &["--range", &range, "--exit-code"]);
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    // A quiet root commit is quiet, not an error.
    let quiet = Repo::new();
    quiet.commit("chore: start", "2026-11-17T09:00:00Z");
    assert_eq!(reasons(&quiet, &zeros), Vec::<String>::new());
    // Zeros before a commit that has parents are no range of the brief's.
    quiet.commit("docs: more", "2026-11-17T10:00:00Z");
    let out = quiet.brief_command(&["--range", &range]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn hostile_commit_text_in_an_alert_is_inert() {
    let (repo, before) = before_push();
    repo.commit(
        "fix: XSS <!channel> @here <@U123> [click](https://evil.example) <script>x</script>",
        "2026-11-17T09:00:00Z",
    );
    let range = format!("{before}..HEAD");
    let markdown =
        String::from_utf8(alert(&repo, &["--range", &range, "--format", "markdown"]).stdout).unwrap();
    for raw in ["<!channel>", "@here", "<@U123>", "[click](", "<script>"] {
        assert!(!markdown.contains(raw), "{raw} in {markdown}");
    }
    let html = String::from_utf8(alert(&repo, &["--range", &range, "--format", "html"]).stdout).unwrap();
    assert!(!html.contains("<script>x") && html.contains("&lt;script&gt;"), "{html}");
}

/// Every text of a Slack payload: the notification, and each block's text,
/// fields and context elements.
fn slack_texts(payload: &Value) -> Vec<String> {
    let mut out = vec![payload["text"].as_str().expect("a notification text").to_string()];
    for block in payload["blocks"].as_array().unwrap() {
        out.extend(block["text"]["text"].as_str().map(str::to_string));
        for element in block["elements"].as_array().into_iter().flatten() {
            out.extend(element["text"].as_str().map(str::to_string));
        }
    }
    out
}

fn slack_alert(repo: &Repo, range: &str) -> Value {
    let out = alert(repo, &["--range", range, "--format", "slack"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

// Item 6 of the third hardening round: the notification text of the Slack
// alert is read as mrkdwn too, and a branch's name is anyone's to choose.
#[test]
fn a_hostile_branch_name_mentions_nobody_in_the_slack_alert_notification() {
    let (repo, before) = before_push();
    repo.branch("<!channel>-<@U123>");
    repo.commit("fix!: drop the v1 API", "2026-11-17T09:00:00Z");
    let payload = slack_alert(&repo, &format!("{before}..HEAD"));
    let notification = payload["text"].as_str().unwrap();
    assert!(notification.contains("&lt;!channel&gt;-&lt;@U123&gt;"), "{notification}");
    for text in slack_texts(&payload) {
        assert!(!text.contains("<!channel>") && !text.contains("<@U123>"), "{text}");
    }
}
