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

/// A repository with a start and then `count` security fixes with long
/// subjects, written quickly by fast-import; the range of the fixes.
fn many_security_fixes(count: usize) -> (Repo, String) {
    let repo = Repo::new();
    let mut stream = String::new();
    let start = 1_795_132_800; // Monday 16 Nov 2026, 00:00 Berlin
    for n in 0..=count {
        let message = match n {
            0 => "chore: start\n".to_string(),
            n => format!(
                "fix(security): escape the search terms on page {n} of the admin console and its exports\n"
            ),
        };
        stream.push_str(&format!(
            "commit refs/heads/main\nmark :{}\ncommitter Dev <dev@example.com> {} +0100\ndata {}\n{message}",
            n + 1,
            start + n as i64 * 60,
            message.len()
        ));
        if n > 0 {
            stream.push_str(&format!("from :{n}\n"));
        }
        stream.push('\n');
    }
    let mut cmd = repo.git_command(&["fast-import", "--quiet"]);
    cmd.stdin(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), stream.as_bytes()).unwrap();
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    repo.git(&["reset", "--quiet", "--hard", "main"]);
    (repo, format!("HEAD~{count}..HEAD"))
}

/// The number in an "…and N more" line, if there is one.
fn more(line: &str) -> Option<usize> {
    line.split("…and ").nth(1)?.strip_suffix(" more")?.parse().ok()
}

// Item 5 of the third hardening round: the Slack alert was cut at 2,900
// characters in the middle of an item, and the Teams alert kept 50 items,
// both without a word about the rest.
#[test]
fn a_long_alert_in_slack_and_teams_shows_whole_items_and_says_how_many_more() {
    for count in [60, 400] {
        let (repo, range) = many_security_fixes(count);
        let payload = slack_alert(&repo, &range);
        let blocks = payload["blocks"].as_array().unwrap();
        assert!(blocks.len() <= 50, "{} blocks", blocks.len());
        let (mut shown, mut left_out) = (0, 0);
        for text in slack_texts(&payload).iter().skip(1) {
            assert!(text.chars().count() <= 3000, "a section of {} characters", text.chars().count());
            for line in text.lines().filter(|l| l.starts_with('•')) {
                match more(line) {
                    Some(n) => left_out += n,
                    None => {
                        assert!(line.ends_with("”"), "an item cut short: {line}");
                        shown += 1;
                    }
                }
            }
        }
        assert_eq!(shown + left_out, count, "Slack: {shown} shown and {left_out} more");
        assert!(shown >= 60, "Slack shows {shown}");

        let out = alert(&repo, &["--range", &range, "--format", "teams"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.len() <= 28 * 1024, "a Teams card of {} bytes", out.stdout.len());
        let card: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let (mut shown, mut left_out) = (0, 0);
        for block in card["attachments"][0]["content"]["body"].as_array().unwrap() {
            let line: String = block["inlines"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|run| run["text"].as_str().unwrap_or_default())
                .collect();
            if !line.starts_with('•') {
                continue;
            }
            match more(&line) {
                Some(n) => left_out += n,
                None => shown += 1,
            }
        }
        assert_eq!(shown + left_out, count, "Teams: {shown} shown and {left_out} more");
        assert!(shown >= 50, "Teams shows {shown}");
        if count == 400 {
            assert!(left_out > 0, "400 items are more than a card holds");
        }
    }
}

// Item 36 of the third hardening round: `alert` refused `--offline`,
// `--tracker` and `--tracker-file`, so a push job without network, or one
// that wants no tracker, could not run it as it runs the brief.
#[test]
fn alert_takes_offline_and_the_tracker_flags_as_the_brief_does() {
    let (repo, before) = before_push();
    repo.git(&["remote", "add", "origin", "https://github.com/acme/shop.git"]);
    repo.commit("chore: rotate the signing keys (#30)", "2026-11-17T09:00:00Z");
    let range = format!("{before}..HEAD");
    // A tracker on loopback that must never be asked.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let run = |args: &[&str]| {
        let mut full = vec!["alert", "--range", &range, "--format", "json"];
        full.extend_from_slice(args);
        let mut cmd = repo.brief_command(&full);
        cmd.env("GITHUB_TOKEN", "ghp_secret0token0never0shown")
            .env("GITHUB_API_URL", &url)
            .env("XDG_CACHE_HOME", repo.home().join("cache"));
        cmd.output().expect("git-brief runs")
    };
    for flags in [&["--offline"][..], &["--tracker", "off"]] {
        let out = run(flags);
        assert_eq!(out.status.code(), Some(0), "{flags:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{flags:?}: {out:?}");
        assert!(listener.accept().is_err(), "{flags:?} asked the tracker");
    }
    // An exported tracker is still read offline: its P0 label is critical.
    let export = repo.home().join("issues.json");
    std::fs::write(
        &export,
        r#"[{"number": 30, "title": "Rotate the signing keys", "labels": [{"name": "P0"}],
            "state": "MERGED", "url": "https://github.com/acme/shop/pull/30"}]"#,
    )
    .unwrap();
    let out = run(&["--offline", "--tracker-file", export.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let alert: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(alert["items"][0]["reason"], "critical", "{alert}");
    assert_eq!(alert["items"][0]["text"], "Rotate the signing keys", "{alert}");
    assert!(listener.accept().is_err(), "the export was read without the network");
}
