//! The pull-request brief: the comment speaks of the pull request, from
//! GitHub's event file or GitLab's merge-request variables.

mod common;

use common::{fails, Repo};
use serde_json::{json, Value};

const LINUS: (&str, &str) = ("Linus Torvalds", "linus@example.com");

struct Pull {
    repo: Repo,
    base: String,
    head: String,
}

/// `main` and a branch `feature/pay` with four commits: a feature, two
/// fixes (one by another author), and work tied to #12 in its own words.
fn pull() -> Pull {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-02T09:00:00+01:00");
    repo.commit("docs: readme", "2026-11-03T09:00:00+01:00");
    let base = repo.git(&["rev-parse", "HEAD"]);
    repo.branch("feature/pay");
    repo.commit("feat(checkout): pay with cards\n\nRefs #12\n", "2026-11-16T09:00:00+01:00");
    repo.commit("fix(cart): empty cart crash (#41)", "2026-11-16T10:00:00+01:00");
    repo.commit_by("fix(payments): declined cards are retried once", "2026-11-16T11:00:00+01:00", LINUS);
    repo.commit("test(checkout): card payments", "2026-11-16T12:00:00+01:00");
    let head = repo.git(&["rev-parse", "HEAD"]);
    Pull { repo, base, head }
}

/// A `pull_request` event as GitHub documents it (the fields git-brief reads).
fn event(p: &Pull, title: &str, body: &str, labels: &[&str], draft: bool) -> Value {
    json!({
        "action": "opened",
        "number": 41,
        "pull_request": {
            "number": 41,
            "title": title,
            "body": body,
            "draft": draft,
            "labels": labels.iter().map(|l| json!({"name": l, "color": "ededed"})).collect::<Vec<_>>(),
            "base": {"ref": "main", "sha": p.base, "repo": {"full_name": "acme/shop"}},
            "head": {"ref": "feature/pay", "sha": p.head, "repo": {"full_name": "acme/shop"}},
            "user": {"login": "ada"}
        }
    })
}

fn with_event(p: &Pull, event: &Value, args: &[&str]) -> (String, String) {
    let path = p.repo.path.parent().unwrap().join("event.json");
    std::fs::write(&path, event.to_string()).unwrap();
    let mut full = vec!["--pull-request", path.to_str().unwrap()];
    full.extend_from_slice(args);
    let out = p.repo.brief(&full).success().get_output().clone();
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// No commit id, long or short, in what a stakeholder reads.
fn assert_no_ids(p: &Pull, text: &str) {
    let ids = p.repo.rev_list(&["--all"]);
    for id in ids {
        assert!(!text.contains(&id[..7]), "commit id {} above the appendix:\n{text}", &id[..7]);
    }
}

#[test]
fn a_github_pull_request_names_the_brief_and_closes_its_issues() {
    let p = pull();
    let body = "Customers can now pay by card.\n\nFixes #12\nCloses org/other#3\n\nSee also #40.";
    let e = event(&p, "feat(checkout): Customers can pay with cards", body, &["needs review"], true);
    let (markdown, _) = with_event(&p, &e, &["--format", "markdown", "--comment"]);
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(lines[0], "<!-- git-brief -->");
    assert_eq!(lines[1], "# Pull request #41 — Customers can pay with cards");
    assert!(
        markdown.contains("This draft pull request delivers one improvement and fixes 2 problems."),
        "{markdown}"
    );
    let stakeholder = common::stakeholder_part(&markdown);
    assert!(stakeholder.contains("- **Cart** — Empty cart crash\n"), "not cited to itself: {stakeholder}");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(stakeholder.trim_end()),
        "the README's sample comment is this one:\n{stakeholder}"
    );
    assert!(!stakeholder.contains("## In progress"), "#12 is closed by the pull request: {stakeholder}");
    assert_no_ids(&p, stakeholder);
    assert!(stakeholder.contains("| | in this pull request |"), "{stakeholder}");
    for row in
        ["| Commits | 4 |", "| Authors | 2 |", "| Issues it closes | 2 |", "| Product areas it touches | 3 |"]
    {
        assert!(stakeholder.contains(row), "{row} in {stakeholder}");
    }
    for meaningless in
        ["Pull requests merged", "Changes rolled back", "Share of the work", "last week", "The team"]
    {
        assert!(!stakeholder.contains(meaningless), "{meaningless} in {stakeholder}");
    }

    let (json, _) = with_event(&p, &e, &["--format", "json"]);
    let brief: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(brief["pull_request"]["closes"], json!(["#12", "org/other#3"]));
    assert_eq!(brief["pull_request"]["draft"], true);
    assert_eq!(brief["window"]["range"], format!("{}...{}", p.base, p.head));
    assert_eq!(brief["commits"].as_array().unwrap().len(), 4);
    assert!(brief["in_progress"].as_array().unwrap().is_empty());
}

#[test]
fn the_pull_requests_labels_place_its_work() {
    let p = pull();
    let e = event(&p, "Harden checkout", "", &["security"], false);
    let (markdown, _) = with_event(&p, &e, &["--format", "markdown"]);
    assert!(markdown.contains("# Pull request #41 — Harden checkout"), "{markdown}");
    assert!(
        markdown.contains("This pull request fixes 3 problems; it contains 3 security fixes."),
        "{markdown}"
    );
    assert!(markdown.contains("## Needs attention"), "{markdown}");
}

#[test]
fn a_gitlab_merge_request_speaks_for_itself() {
    let p = pull();
    let mut cmd = p.repo.brief_command(&["--format", "markdown"]);
    cmd.env("CI_MERGE_REQUEST_IID", "7")
        .env("CI_MERGE_REQUEST_TITLE", "Draft: Pay with cards")
        .env("CI_MERGE_REQUEST_DESCRIPTION", "Closes #12")
        .env("CI_MERGE_REQUEST_LABELS", "bug,backend")
        .env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
        .env("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/pay")
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &p.base)
        .env("CI_COMMIT_SHA", &p.head);
    let markdown = String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap();
    assert!(markdown.starts_with("# Merge request !7 — Pay with cards\n"), "{markdown}");
    // The label `bug` places its work under fixed.
    // Item 35 of the third hardening round: GitLab's word is "merge request".
    assert!(markdown.contains("This draft merge request fixes 3 problems."), "{markdown}");
    assert!(markdown.contains("| | in this merge request |"), "{markdown}");
    assert!(!common::stakeholder_part(&markdown).contains("pull request"), "{markdown}");
    assert!(markdown.contains("| Issues it closes | 1 |"), "{markdown}");
    assert!(!markdown.contains("## In progress"), "{markdown}");
    assert_no_ids(&p, common::stakeholder_part(&markdown));
}

#[test]
fn a_range_of_commit_ids_is_told_by_branches_or_by_its_size() {
    let p = pull();
    let range = format!("{}...{}", p.base, p.head);
    let markdown = p.repo.markdown(&["--range", &range]);
    assert!(
        markdown.starts_with("# Brief — shop · Changes on feature/pay compared with main\n"),
        "{markdown}"
    );
    assert!(markdown.contains("These changes deliver one improvement and fix 2 problems."), "{markdown}");
    assert_no_ids(&p, common::stakeholder_part(&markdown));
    // Ends no branch points at: the commits are counted, on the branch that holds them.
    let markdown = p.repo.markdown(&["--range", &format!("{}~3..{}~1", p.head, p.head)]);
    assert!(markdown.starts_with("# Brief — shop · 2 commits on feature/pay\n"), "{markdown}");
    assert_no_ids(&p, common::stakeholder_part(&markdown));
    // A merge's parents, as CI writes them.
    p.repo.checkout("main");
    let merge = p.repo.merge(
        "feature/pay",
        "Merge pull request #41 from acme/feature/pay",
        "2026-11-17T09:00:00+01:00",
    );
    let markdown = p.repo.markdown(&["--range", &format!("{merge}^1...{merge}^2")]);
    // Its first parent is no branch now: the commits are counted.
    assert!(markdown.starts_with("# Brief — shop · 4 commits on feature/pay\n"), "{markdown}");
    assert_no_ids(&p, common::stakeholder_part(&markdown));
}

#[test]
fn hostile_pull_request_text_is_neutralised_and_the_comment_fits() {
    let p = pull();
    let title = "<!-- git-brief --> @everyone <script>alert(1)</script> <@U123> <!channel>";
    let body = format!("{}\n\nFixes #12", "x".repeat(70_000));
    let e = event(&p, title, &body, &["<b>bold</b>"], false);
    let (markdown, _) = with_event(&p, &e, &["--format", "markdown", "--comment"]);
    assert_eq!(markdown.matches("<!-- git-brief -->").count(), 1, "{}", &markdown[..400]);
    assert!(markdown.starts_with("<!-- git-brief -->\n"));
    assert!(!markdown.contains("<script>") && !markdown.contains("<!channel>"), "{}", &markdown[..400]);
    assert!(markdown.chars().count() < 65_536);
    // The description past 65,536 characters is not read: its "Fixes #12" is not there.
    let (json, _) = with_event(&p, &e, &["--format", "json"]);
    let brief: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(brief["pull_request"]["closes"], json!([]));
    let (slack, _) = with_event(&p, &e, &["--format", "slack"]);
    assert!(!slack.contains("<!channel>") && !slack.contains("<@U123>"), "{slack}");
    let (html, _) = with_event(&p, &e, &["--format", "html"]);
    assert!(!html.contains("<script>"), "escaped in HTML");
}

#[test]
fn an_event_file_that_is_not_a_pull_request_is_an_error() {
    let p = pull();
    let path = p.repo.path.parent().unwrap().join("push.json");
    std::fs::write(&path, json!({"ref": "refs/heads/main", "commits": []}).to_string()).unwrap();
    fails(
        p.repo.brief_command(&["--pull-request", path.to_str().unwrap()]),
        2,
        &["push.json", "pull_request"],
    );
    fails(
        p.repo.brief_command(&["--pull-request", path.to_str().unwrap(), "--week", "2026-W47"]),
        2,
        &["--pull-request", "--week"],
    );
    // A GitHub job that is not a pull request's briefs its window as usual.
    let mut cmd = p.repo.brief_command(&["--week", "2026-W47", "--format", "json"]);
    cmd.env("GITHUB_EVENT_NAME", "push").env("GITHUB_EVENT_PATH", &path);
    let brief: Value = serde_json::from_slice(&cmd.assert().success().get_output().stdout).unwrap();
    assert!(brief.get("pull_request").is_none());
}

#[test]
fn a_change_to_no_named_area_has_no_areas_row() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-02T09:00:00+01:00");
    repo.commit("Fix typos in the readme", "2026-11-16T09:00:00+01:00");
    let markdown = repo.markdown(&["--range", "HEAD~1..HEAD"]);
    assert!(markdown.contains("| Commits | 1 |") && !markdown.contains("Product areas"), "{markdown}");
}

#[test]
fn a_shallow_checkout_of_a_pull_request_says_what_to_fetch() {
    let p = pull();
    let e = event(&p, "Pay with cards", "", &[], false);
    let shallow = common::clone(&p.repo, &["--depth", "1", "--branch", "feature/pay"]);
    let path = shallow.path.parent().unwrap().join("event.json");
    std::fs::write(&path, e.to_string()).unwrap();
    fails(
        shallow.brief_command(&["--pull-request", path.to_str().unwrap()]),
        2,
        &["base commit", "shallow", "fetch-depth: 0"],
    );
}

#[test]
fn a_range_of_its_own_in_a_pull_requests_job_is_not_the_pull_requests() {
    let p = pull();
    let path = p.repo.path.parent().unwrap().join("event.json");
    std::fs::write(&path, event(&p, "Pay with cards", "Fixes #12", &["bug"], false).to_string()).unwrap();
    let run = |range: &str| {
        let mut cmd = p.repo.brief_command(&["--range", range, "--format", "markdown"]);
        cmd.env("GITHUB_EVENT_NAME", "pull_request").env("GITHUB_EVENT_PATH", &path);
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    // The workflow's own range ends at the pull request's head: it is the pull request's.
    assert!(run("main...HEAD").starts_with("# Pull request #41 — Pay with cards\n"));
    // Release notes between two commits of main are not.
    let other = run("main~1..main");
    assert!(other.starts_with("# Brief — shop · "), "{other}");
}

#[test]
fn a_pull_request_without_a_base_is_an_error_not_a_week_under_its_name() {
    let p = pull();
    let mut e = event(&p, "Pay with cards", "", &[], false);
    e["pull_request"].as_object_mut().unwrap().remove("base");
    let path = p.repo.path.parent().unwrap().join("event.json");
    std::fs::write(&path, e.to_string()).unwrap();
    fails(
        p.repo.brief_command(&["--pull-request", path.to_str().unwrap()]),
        2,
        &["pull request #41", "no base", "--range"],
    );
    // GitLab without the target branch.
    let mut cmd = p.repo.brief_command(&[]);
    cmd.env("CI_MERGE_REQUEST_IID", "7").env("CI_MERGE_REQUEST_TITLE", "Pay with cards");
    fails(cmd, 2, &["merge request !7", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "--range"]);
    // With a range of its own, it is that range's brief, under its name.
    let mut cmd = p.repo.brief_command(&["--range", "main...HEAD", "--format", "markdown"]);
    cmd.env("CI_MERGE_REQUEST_IID", "7").env("CI_MERGE_REQUEST_TITLE", "Pay with cards");
    let out = cmd.assert().success().get_output().stdout.clone();
    assert!(String::from_utf8(out).unwrap().starts_with("# Merge request !7 — Pay with cards\n"));
}

// Item 41 of the third hardening round: on a detached HEAD (a CI checkout of
// a commit) without a pull request, a range named no branch ("3 commits").
// It names the branch that holds its end, else a tag at it.
#[test]
fn a_range_ending_on_a_detached_head_names_the_branch_that_holds_it() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-02T10:00:00Z");
    repo.branch("feature/pay");
    for n in 1..=4 {
        repo.commit(&format!("feat: step {n}"), &format!("2026-11-17T1{n}:00:00Z"));
    }
    repo.git(&["checkout", "--quiet", "--detach", "HEAD~1"]);
    let markdown = repo.markdown(&["--range", "main..HEAD"]);
    assert!(markdown.starts_with("# Brief — shop · 3 commits on feature/pay\n"), "{markdown}");
    // No branch holds it any more: a tag at it names it.
    repo.git(&["tag", "v1.0"]);
    repo.git(&["branch", "--quiet", "-D", "feature/pay"]);
    let markdown = repo.markdown(&["--range", "main..HEAD"]);
    assert!(markdown.starts_with("# Brief — shop · 3 commits up to v1.0\n"), "{markdown}");
    // Neither: the commits are counted, never named by an id.
    repo.git(&["tag", "-d", "v1.0"]);
    let markdown = repo.markdown(&["--range", "main..HEAD"]);
    assert!(markdown.starts_with("# Brief — shop · 3 commits\n"), "{markdown}");
}
