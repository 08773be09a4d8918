//! The weekly brief end to end: a week of real history, every commit in its
//! bucket, the previous week's numbers, and a Markdown brief a stakeholder
//! can read.

mod common;

use common::{commit_ids, kpi, stakeholder_part, Repo};
use regex::Regex;
use serde_json::{json, Value};

/// Week 47 of 2026 (16–22 Nov, Europe/Berlin) with the week before it.
struct Week {
    repo: Repo,
    search: String,
    typo: String,
    csv_export: String,
    checkout: String,
    filters: String,
    reset_emails: String,
    empty_cart: String,
    revert: String,
    tidy: String,
    drop_v1: String,
    export_button: String,
    merge: String,
    next_week: String,
}

fn week() -> Week {
    let repo = Repo::new();
    // Week 46: two commits on main.
    let search = repo.commit("feat: search suggestions", "2026-11-10T10:00:00+01:00");
    let typo = repo.commit("fix: typo in the footer", "2026-11-11T10:00:00+01:00");
    // A branch written in week 46 and merged in week 47.
    repo.branch("export");
    let csv_export =
        repo.commit("feat(export): CSV export of orders\n\nCloses #31\n", "2026-11-12T15:00:00+01:00");
    repo.checkout("main");
    // Week 47.
    let checkout =
        repo.commit("feat(checkout): pay with Apple Pay (#42)\n\nCloses #12\n", "2026-11-16T09:00:00+01:00");
    let filters = repo.commit("feat(search): filters by price\n\nRefs #20\n", "2026-11-16T14:00:00+01:00");
    let reset_emails = repo
        .commit("fix(auth): reset emails arrive within a minute\n\nFixes #14\n", "2026-11-17T10:00:00+01:00");
    let empty_cart = repo.commit("fix: crash on empty cart\n\nRefs: PAY-7\n", "2026-11-17T16:00:00+01:00");
    repo.git_at("2026-11-18T10:00:00+01:00", &["revert", "--no-edit", &search]);
    let revert = repo.git(&["rev-parse", "HEAD"]);
    let tidy = repo.commit("chore: tidy release scripts", "2026-11-18T12:00:00+01:00");
    let drop_v1 = repo.commit(
        "feat(api)!: drop the v1 endpoints\n\nBREAKING CHANGE: clients must call /v2\n",
        "2026-11-19T10:00:00+01:00",
    );
    let export_button = repo.commit("Add export button", "2026-11-19T15:00:00+01:00");
    let merge = repo.merge("export", "Merge branch 'export'", "2026-11-20T10:00:00+01:00");
    // Week 48 begins at midnight: this one is not part of week 47.
    let next_week = repo.commit("feat: gift cards", "2026-11-23T00:00:00+01:00");
    Week {
        repo,
        search,
        typo,
        csv_export,
        checkout,
        filters,
        reset_emails,
        empty_cart,
        revert,
        tidy,
        drop_v1,
        export_button,
        merge,
        next_week,
    }
}

const WEEK_47: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin", "--issue-key", "PAY"];

fn commit<'a>(brief: &'a Value, id: &str) -> &'a Value {
    brief["commits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn json_lists_exactly_the_nine_commits_that_landed_in_the_week() {
    let w = week();
    let brief = w.repo.json(WEEK_47);
    let mut expected = vec![
        w.csv_export.clone(),
        w.checkout.clone(),
        w.filters.clone(),
        w.reset_emails.clone(),
        w.empty_cart.clone(),
        w.revert.clone(),
        w.tidy.clone(),
        w.drop_v1.clone(),
        w.export_button.clone(),
    ];
    expected.sort();
    assert_eq!(commit_ids(&brief), expected);
    for absent in [&w.search, &w.typo, &w.merge, &w.next_week] {
        assert!(!commit_ids(&brief).contains(absent), "{absent} must not be listed");
    }
    assert_eq!(brief["schema_version"], 1);
    assert_eq!(brief["window"]["since"], "2026-11-16T00:00:00+01:00");
    assert_eq!(brief["window"]["until"], "2026-11-23T00:00:00+01:00");
    assert_eq!(brief["window"]["timezone"], "Europe/Berlin");
    assert_eq!(brief["warnings"], json!([]));
}

#[test]
fn every_commit_has_its_bucket_type_scope_and_references() {
    let w = week();
    let brief = w.repo.json(WEEK_47);
    let expect =
        |id: &str, bucket: &str, kind: &str, scope: Value, breaking: bool, inferred: bool, refs: Value| {
            let c = commit(&brief, id);
            let subject = c["subject"].as_str().unwrap();
            assert_eq!(c["bucket"], bucket, "bucket of {subject}");
            assert_eq!(c["type"], kind, "type of {subject}");
            assert_eq!(c["scope"], scope, "scope of {subject}");
            assert_eq!(c["breaking"], breaking, "breaking of {subject}");
            assert_eq!(c["inferred"], inferred, "inferred of {subject}");
            assert_eq!(c["refs"], refs, "refs of {subject}");
        };
    let closes = |id: &str| json!({"id": id, "kind": "issue", "action": "closes"});
    let mentions = |id: &str| json!({"id": id, "kind": "issue", "action": "refs"});
    expect(
        &w.checkout,
        "delivered",
        "feat",
        json!("checkout"),
        false,
        false,
        json!([{"id": "#42", "kind": "pull_request", "action": "refs"}, closes("#12")]),
    );
    expect(&w.filters, "delivered", "feat", json!("search"), false, false, json!([mentions("#20")]));
    expect(&w.csv_export, "delivered", "feat", json!("export"), false, false, json!([closes("#31")]));
    expect(&w.export_button, "delivered", "feat", Value::Null, false, true, json!([]));
    expect(&w.reset_emails, "fixed", "fix", json!("auth"), false, false, json!([closes("#14")]));
    expect(&w.empty_cart, "fixed", "fix", Value::Null, false, false, json!([mentions("PAY-7")]));
    expect(&w.revert, "attention", "revert", Value::Null, false, true, json!([]));
    expect(&w.drop_v1, "attention", "feat", json!("api"), true, false, json!([]));
    expect(&w.tidy, "maintenance", "chore", Value::Null, false, false, json!([]));
    assert_eq!(commit(&brief, &w.revert)["reason"], "reverted");
    assert_eq!(commit(&brief, &w.drop_v1)["reason"], "breaking");
    assert_eq!(commit(&brief, &w.checkout)["time"], "2026-11-16T09:00:00+01:00");
    assert_eq!(commit(&brief, &w.checkout)["author"], "Ada Lovelace");
}

#[test]
fn numbers_compare_with_the_two_commits_of_the_week_before() {
    let w = week();
    let brief = w.repo.json(WEEK_47);
    assert_eq!(kpi(&brief, "delivered"), (json!(4), json!(1)));
    assert_eq!(kpi(&brief, "fixed"), (json!(2), json!(1)));
    assert_eq!(kpi(&brief, "rollbacks"), (json!(1), json!(0)));
    // (2 fixes + 1 rollback) of (4 delivered + 2 fixed + 1 rolled back); last week 1 of 2.
    assert_eq!(kpi(&brief, "fix_share"), (json!(3.0 / 7.0), json!(0.5)));
    assert_eq!(kpi(&brief, "issues_closed"), (json!(3), json!(0)));
    // #42 by its squash suffix, and the merge of the export branch.
    assert_eq!(kpi(&brief, "pull_requests"), (json!(2), json!(0)));
    assert_eq!(kpi(&brief, "contributors"), (json!(1), json!(1)));
    let delivered = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "delivered").unwrap();
    // More deliveries is not by itself better news: no verdict.
    assert_eq!((delivered["trend"].as_str(), delivered["better"].as_bool()), (Some("up"), None));
}

#[test]
fn outcomes_and_roadblocks_are_in_plain_language() {
    let w = week();
    let brief = w.repo.json(WEEK_47);
    let texts = |section: &str| -> Vec<String> {
        brief[section]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| format!("{}: {}", o["area"].as_str().unwrap(), o["text"].as_str().unwrap()))
            .collect()
    };
    let mut delivered = texts("delivered");
    delivered.sort();
    assert_eq!(
        delivered,
        [
            "Checkout: Pay with Apple Pay",
            "Export: CSV export of orders",
            "General: Add export button",
            "Search: Filters by price"
        ]
    );
    // Grouped by area, General last.
    assert_eq!(texts("fixed"), ["Auth: Reset emails arrive within a minute", "General: Crash on empty cart"]);
    let mut attention = texts("attention");
    attention.sort();
    assert_eq!(attention, ["API: Drop the v1 endpoints", "General: Search suggestions"]);
    let in_progress: Vec<&str> =
        brief["in_progress"].as_array().unwrap().iter().map(|t| t["ref"].as_str().unwrap()).collect();
    assert_eq!(in_progress, ["#20", "PAY-7"]);
    assert_eq!(
        brief["headline"],
        "The team delivered 4 improvements and fixed 2 problems; one change was rolled back."
    );
}

#[test]
fn stakeholder_sections_hold_no_hash_prefix_html_or_mention() {
    let repo = Repo::new();
    repo.commit("feat: warm-up", "2026-11-10T10:00:00+01:00");
    repo.commit(
        "feat(checkout): pay with <img src=x onerror=alert(1)> @everyone (#42)",
        "2026-11-16T09:00:00+01:00",
    );
    repo.commit(
        "fix(auth): ping @security-team about <script>alert(1)</script>",
        "2026-11-17T09:00:00+01:00",
    );
    repo.commit("revert: feat(search): filters by price", "2026-11-18T09:00:00+01:00");
    repo.commit("Add export button for @ada", "2026-11-19T09:00:00+01:00");
    let markdown = repo.markdown(WEEK_47);
    let stakeholder = stakeholder_part(&markdown);
    assert!(markdown.contains("<details>"), "the appendix is there:\n{markdown}");
    assert!(stakeholder.contains("Pay with"), "{stakeholder}");
    for id in repo.rev_list(&["HEAD"]) {
        assert!(!stakeholder.contains(&id[..7]), "hash {} in:\n{stakeholder}", &id[..7]);
    }
    let prefix =
        Regex::new(r"(?i)\b(feat|fix|chore|docs|refactor|perf|test|build|ci|style|revert)(\([^)]*\))?!?:")
            .unwrap();
    assert!(!prefix.is_match(stakeholder), "type prefix in:\n{stakeholder}");
    let raw_html = Regex::new(r"<[A-Za-z/!?]").unwrap();
    assert!(!raw_html.is_match(stakeholder), "raw HTML in:\n{stakeholder}");
    let mention = Regex::new(r"(^|[^\w@])@[A-Za-z0-9]").unwrap();
    assert!(!mention.is_match(stakeholder), "live mention in:\n{stakeholder}");
    // The whole brief, appendix included, is free of live mentions and raw HTML from commits.
    assert!(!mention.is_match(&markdown), "live mention in:\n{markdown}");
    assert!(!markdown.contains("<script") && !markdown.contains("<img"), "{markdown}");
}

#[test]
fn a_quiet_week_is_a_brief_and_exit_zero() {
    let repo = Repo::new();
    repo.commit("feat: long ago", "2026-10-01T10:00:00+02:00");
    let markdown = repo.markdown(WEEK_47);
    assert!(markdown.contains("No changes reached main this week."), "{markdown}");
    let brief = repo.json(WEEK_47);
    assert_eq!(brief["commits"], json!([]));
    assert_eq!(kpi(&brief, "delivered"), (json!(0), json!(0)));
    assert_eq!(kpi(&brief, "fix_share"), (Value::Null, Value::Null));
}

#[test]
fn html_is_one_self_contained_page_that_escapes_commit_text() {
    let repo = Repo::new();
    repo.commit("feat: <script>alert('x')</script> checkout", "2026-11-17T10:00:00+01:00");
    let out = repo.brief(&["--format", "html", "--week", "2026-W47", "--tz", "Europe/Berlin"]).success();
    let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>"), "inline CSS");
    assert!(!html.contains("<link") && !html.contains("src=\"http"), "no external resources");
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
}

#[test]
fn output_file_is_written_whole() {
    let w = week();
    let target = w.repo.home().join("brief.md");
    let mut args = WEEK_47.to_vec();
    let path = target.to_str().unwrap();
    args.extend(["--output", path]);
    w.repo.brief(&args).success().stdout("");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("# Weekly brief — shop · 16–22 Nov 2026"), "{written}");
    assert!(written.contains("## Delivered"));
}

// Item 37 of the third hardening round: on a laptop, the brief of a branch
// other than the default one looked like the product's week: no branch in
// the title, and its unmerged work "delivered".
#[test]
fn a_brief_of_a_branch_that_is_not_the_default_names_it_and_delivers_nothing() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-02T10:00:00Z");
    repo.branch("feature/x");
    repo.commit("feat: gift cards", "2026-11-17T10:00:00Z");
    repo.commit("fix: round the totals", "2026-11-17T11:00:00Z");
    let args = ["--week", "2026-W47", "--tz", "UTC"];

    let markdown = repo.markdown(&args);
    let stakeholder = stakeholder_part(&markdown);
    assert!(stakeholder.starts_with("# Weekly brief — "), "{stakeholder}");
    let title = stakeholder.lines().next().unwrap();
    assert!(title.contains("feature/x, not yet merged"), "{title}");
    assert!(!stakeholder.to_lowercase().contains("deliver"), "{stakeholder}");
    assert!(
        stakeholder.contains("On feature/x, not yet merged, the team built 1 improvement")
            || stakeholder.contains("On feature/x, not yet merged, the team built one improvement"),
        "{stakeholder}"
    );
    assert!(stakeholder.contains("## Built on feature/x, not yet merged\n- Gift cards"), "{stakeholder}");
    let brief = repo.json(&args);
    assert_eq!(brief["repository"]["branch"], "feature/x");
    assert_eq!(brief["repository"]["unmerged_into"], "main");
    let text = String::from_utf8(
        repo.brief(&[&args[..], &["--format", "text"]].concat()).success().get_output().stdout.clone(),
    )
    .unwrap();
    assert!(!text.to_lowercase().contains("deliver"), "{text}");

    // The default branch's own brief is the team's week, as before.
    repo.checkout("main");
    repo.git(&["merge", "--quiet", "--ff-only", "feature/x"]);
    let markdown = repo.markdown(&args);
    assert!(markdown.starts_with("# Weekly brief — "), "{markdown}");
    assert!(!markdown.lines().next().unwrap().contains("not yet merged"), "{markdown}");
    assert!(markdown.contains("The team delivered one improvement and fixed one problem."), "{markdown}");
    assert!(markdown.contains("## Delivered"), "{markdown}");
    assert!(repo.json(&args)["repository"].get("unmerged_into").is_none());
}
