//! A corpus of realistic weeks, one per way teams write history: git-style
//! topic merges with `area:` subjects, GitHub's merge button, GitLab merge
//! requests, bors, squash-merged Conventional Commits, tracker keys with
//! changelog twins, gitmoji, and plain sentences. For each, the units of work,
//! their buckets, what is in progress and the numbers are the values worked
//! out by hand from the history the test builds; the Markdown is a reviewed
//! snapshot; and no stakeholder line of any of them repeats itself or shows
//! markup, a repeated reference or a merged pull request as in progress.

mod common;

use common::{kpi, stakeholder_part, Repo};
use serde_json::{json, Value};

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "UTC"];

const ADA: (&str, &str) = ("Ada Lovelace", "ada@acme.test");
const BO: (&str, &str) = ("Bo Diddley", "bo@acme.test");
const DEPENDABOT: (&str, &str) = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com");

fn day(d: u32, hour: u32) -> String {
    format!("2026-11-{d:02}T{hour:02}:00:00+00:00")
}

/// A repository with one commit the week before, on `main`.
fn started() -> Repo {
    let repo = Repo::new();
    repo.commit_by("Start the project", "2026-11-10T10:00:00+00:00", ADA);
    repo
}

/// A branch off `main` with `commits`, merged back with `message` at `merged`.
fn merged(repo: &Repo, branch: &str, commits: &[(&str, (&str, &str))], message: &str, merged: &str) {
    repo.checkout("main");
    repo.branch(branch);
    for (n, (text, who)) in commits.iter().enumerate() {
        repo.commit_by(text, &day(16, 9 + n as u32), *who);
    }
    repo.checkout("main");
    repo.merge(branch, message, merged);
}

/// (kind, number, bucket, title) of every unit, newest first.
fn units(brief: &Value) -> Vec<(String, String, String, String)> {
    brief["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["kind"].as_str().unwrap().to_string(),
                u["number"].as_str().unwrap_or("-").to_string(),
                u["bucket"].as_str().unwrap().to_string(),
                u["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn unit(kind: &str, number: &str, bucket: &str, title: &str) -> (String, String, String, String) {
    (kind.to_string(), number.to_string(), bucket.to_string(), title.to_string())
}

/// `Area | text | refs` of a section.
fn items(brief: &Value, section: &str) -> Vec<String> {
    brief[section]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let refs: Vec<&str> = o["refs"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
            format!("{} | {} | {}", o["area"].as_str().unwrap(), o["text"].as_str().unwrap(), refs.join(" "))
        })
        .collect()
}

fn in_progress(brief: &Value) -> Vec<String> {
    brief["in_progress"].as_array().unwrap().iter().map(|t| t["ref"].as_str().unwrap().to_string()).collect()
}

/// This week's value of each KPI, in order: delivered, fixed, issues closed,
/// pull requests merged, rollbacks, contributors.
fn numbers(brief: &Value) -> [Value; 6] {
    ["delivered", "fixed", "issues_closed", "pull_requests", "rollbacks", "contributors"]
        .map(|id| kpi(brief, id).0)
}

/// What every stakeholder line of every style keeps to.
fn assert_reads_well(markdown: &str, brief: &Value) {
    let stakeholder = stakeholder_part(markdown);
    for line in stakeholder.lines() {
        assert!(line.matches("other change").count() <= 1, "a kind twice: {line}");
        assert!(!line.contains('\\'), "a backslash escape: {line}");
        let refs: Vec<&str> = line
            .split(|c: char| !(c.is_alphanumeric() || c == '#' || c == '!' || c == '-'))
            .filter(|w| (w.starts_with('#') || w.starts_with('!')) && w.len() > 1)
            .collect();
        let mut unique = refs.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), refs.len(), "a reference twice: {line}");
    }
    let merged: Vec<&str> =
        brief["units"].as_array().unwrap().iter().filter_map(|u| u["number"].as_str()).collect();
    for tracked in in_progress(brief) {
        assert!(!merged.contains(&tracked.as_str()), "merged pull request {tracked} is in progress");
    }
}

fn briefs(repo: &Repo) -> (Value, String) {
    let brief = repo.json(WEEK);
    let markdown = repo.markdown(WEEK);
    assert_reads_well(&markdown, &brief);
    (brief, markdown)
}

#[test]
fn git_style_topics_with_area_subjects() {
    let repo = started();
    merged(
        &repo,
        "ab/add-resolved",
        &[
            ("add: introduce '--resolved' option", ADA),
            ("t3701: test 'add --resolved'", ADA),
            ("doc: describe 'add --resolved'", ADA),
        ],
        "Merge branch 'ab/add-resolved'\n\n\"git add\" learned the '--resolved' option.\n\n* ab/add-resolved:\n  doc: describe 'add --resolved'\n  t3701: test 'add --resolved'\n  add: introduce '--resolved' option\n",
        &day(17, 10),
    );
    merged(
        &repo,
        "cd/http-double-close",
        &[("http: avoid closing index-pack input twice", BO), ("t5551: cover the double close", BO)],
        "Merge branch 'cd/http-double-close'\n\n* cd/http-double-close:\n  t5551: cover the double close\n  http: avoid closing index-pack input twice\n",
        &day(18, 10),
    );
    repo.commit_by("doc: fix a typo in git-log(1)", &day(19, 10), ADA);
    repo.commit_by("Merge if statements in the config reader", &day(19, 11), BO);
    let (brief, markdown) = briefs(&repo);
    assert_eq!(
        units(&brief),
        [
            unit("commit", "-", "maintenance", "Merge if statements in the config reader"),
            unit("commit", "-", "maintenance", "doc: fix a typo in git-log(1)"),
            unit("branch", "-", "fixed", "http: avoid closing index-pack input twice"),
            unit("branch", "-", "delivered", "\"git add\" learned the '--resolved' option."),
        ]
    );
    assert_eq!(items(&brief, "delivered"), ["Add | \"git add\" learned the '--resolved' option | "]);
    assert_eq!(items(&brief, "fixed"), ["HTTP | Avoid closing index-pack input twice | "]);
    assert_eq!(brief["attention"], json!([]));
    assert_eq!(numbers(&brief), [json!(1), json!(1), json!(0), json!(2), json!(0), json!(2)]);
    assert_eq!(
        brief["maintenance"]["summary"],
        "2 maintenance changes (1 documentation update, 1 internal clean-up)."
    );
    let conventions: Vec<&str> =
        brief["commits"].as_array().unwrap().iter().map(|c| c["convention"].as_str().unwrap()).collect();
    assert_eq!(conventions, ["plain", "area", "area", "area", "area", "area", "area"]);
    assert_eq!(
        brief["warnings"],
        json!(["None of this week's changes say what kind they are, so the sections are estimates."])
    );
    insta::assert_snapshot!("git_style", stakeholder_part(&markdown));
}

#[test]
fn github_merge_button_pull_requests() {
    let repo = started();
    merged(
        &repo,
        "feature/apple-pay",
        &[("wip", ADA), ("more wip", ADA), ("address review comments", ADA)],
        "Merge pull request #12 from acme/feature/apple-pay\n\nCustomers can pay with Apple Pay",
        &day(17, 10),
    );
    merged(
        &repo,
        "fix/totals",
        &[("Round totals half up\n\nFixes #7\n", BO)],
        "Merge pull request #13 from acme/fix/totals\n\nTotals round half up like the invoice",
        &day(18, 10),
    );
    merged(
        &repo,
        "dependabot/npm_and_yarn/lodash-4.17.21",
        &[(
            "Bump lodash from 4.17.20 to 4.17.21\n\nBumps [lodash](https://github.com/lodash/lodash) from 4.17.20 to 4.17.21.\n<details>\n<summary>Release notes</summary>\n<blockquote>\nFixes lodash/lodash#2745 and #3301\n</blockquote>\n</details>\n",
            DEPENDABOT,
        )],
        "Merge pull request #15 from acme/dependabot/npm_and_yarn/lodash-4.17.21\n\nBump lodash from 4.17.20 to 4.17.21",
        &day(19, 10),
    );
    repo.commit_by("Update the onboarding copy\n\nRefs #9, follow-up to #12\n", &day(20, 10), BO);
    let (brief, markdown) = briefs(&repo);
    assert_eq!(
        units(&brief),
        [
            unit("commit", "-", "maintenance", "Update the onboarding copy"),
            unit("pull_request", "#15", "maintenance", "Bump lodash from 4.17.20 to 4.17.21"),
            unit("pull_request", "#13", "fixed", "Totals round half up like the invoice"),
            unit("pull_request", "#12", "delivered", "Customers can pay with Apple Pay"),
        ]
    );
    assert_eq!(items(&brief, "delivered"), ["General | Customers can pay with Apple Pay | #12"]);
    assert_eq!(items(&brief, "fixed"), ["General | Totals round half up like the invoice | #13 #7"]);
    assert_eq!(brief["attention"], json!([]), "wip commits inside a merged pull request are no roadblock");
    assert_eq!(in_progress(&brief), ["#9"], "not the merged #12, nor the release notes' issues");
    assert_eq!(numbers(&brief), [json!(1), json!(1), json!(1), json!(3), json!(0), json!(2)]);
    assert_eq!(
        brief["maintenance"]["summary"],
        "2 maintenance changes (1 housekeeping change, 1 dependency update)."
    );
    insta::assert_snapshot!("github_merge_button", stakeholder_part(&markdown));
}

#[test]
fn gitlab_merge_requests() {
    let repo = started();
    merged(
        &repo,
        "fix-rounding",
        &[("Round totals half up", BO)],
        "Merge branch 'fix-rounding' into 'main'\n\nFix rounding of totals\n\nCloses #12\n\nSee merge request acme/shop!34",
        &day(17, 10),
    );
    merged(
        &repo,
        "feature-export",
        &[("Add CSV export", ADA), ("Add tests for CSV export", ADA)],
        "Merge branch 'feature-export' into 'main'\n\nExport orders as CSV\n\nSee merge request acme/shop!35",
        &day(18, 10),
    );
    let (brief, markdown) = briefs(&repo);
    assert_eq!(
        units(&brief),
        [
            unit("pull_request", "!35", "delivered", "Export orders as CSV"),
            unit("pull_request", "!34", "fixed", "Fix rounding of totals"),
        ]
    );
    assert_eq!(items(&brief, "fixed"), ["General | Fix rounding of totals | !34 #12"]);
    assert_eq!(numbers(&brief), [json!(1), json!(1), json!(1), json!(2), json!(0), json!(2)]);
    assert_eq!(in_progress(&brief), Vec::<String>::new());
    insta::assert_snapshot!("gitlab_merge_requests", stakeholder_part(&markdown));
}

#[test]
fn bors_merges() {
    let repo = started();
    merged(
        &repo,
        "faster-lexer",
        &[("Speed up the lexer", ADA), ("fixup! Speed up the lexer", ADA)],
        "Auto merge of #101 - ada:faster-lexer, r=bo\n\nMake the lexer faster\n\nIt was slow on long files.",
        &day(17, 10),
    );
    merged(
        &repo,
        "crash",
        &[("Don't crash on empty input", BO)],
        "Auto merge of #102 - bo:crash, r=ada\n\nFix a crash on empty input\n\nFixes #90",
        &day(18, 10),
    );
    let (brief, markdown) = briefs(&repo);
    assert_eq!(
        units(&brief),
        [
            unit("pull_request", "#102", "fixed", "Fix a crash on empty input"),
            unit("pull_request", "#101", "delivered", "Make the lexer faster"),
        ]
    );
    assert_eq!(numbers(&brief), [json!(1), json!(1), json!(1), json!(2), json!(0), json!(2)]);
    assert_eq!(brief["noise"], 2, "the fixup is part of #101; the two merges are counted");
    insta::assert_snapshot!("bors", stakeholder_part(&markdown));
}

#[test]
fn squash_merged_conventional_commits() {
    let repo = started();
    repo.commit_by("feat(checkout): pay with Apple Pay (#1)\n\nCloses #40\n", &day(16, 10), ADA);
    repo.commit_by("fix(cart): totals round half up (#2)", &day(17, 10), BO);
    repo.commit_by("chore(deps): bump serde from 1.0.1 to 1.0.2 (#3)", &day(18, 10), DEPENDABOT);
    repo.commit_by("revert: fix(cart): totals round half up (#2)", &day(19, 10), BO);
    let (brief, markdown) = briefs(&repo);
    assert_eq!(
        units(&brief),
        [
            unit("commit", "-", "attention", "revert: fix(cart): totals round half up (#2)"),
            unit("pull_request", "#3", "maintenance", "chore(deps): bump serde from 1.0.1 to 1.0.2 (#3)"),
            unit("pull_request", "#2", "attention", "fix(cart): totals round half up (#2)"),
            unit("pull_request", "#1", "delivered", "feat(checkout): pay with Apple Pay (#1)"),
        ]
    );
    assert_eq!(items(&brief, "delivered"), ["Checkout | Pay with Apple Pay | #1 #40"]);
    assert_eq!(items(&brief, "attention"), ["Cart | Totals round half up | #2"]);
    assert_eq!(numbers(&brief), [json!(1), json!(0), json!(1), json!(3), json!(1), json!(2)]);
    assert_eq!(brief["confidence"]["display"], "100%");
    insta::assert_snapshot!("squash_conventional", stakeholder_part(&markdown));
}

#[test]
fn tracker_keys_with_changelog_twins() {
    let repo = started();
    repo.commit_by("[SHOP-1234] Fix the login redirect (#812)", &day(16, 10), ADA);
    repo.commit_by("[SHOP-1234] Fix the login redirect\n(#812).", &day(16, 11), ADA);
    repo.commit_by("SHOP-1240: Add gift cards (#815)", &day(17, 10), BO);
    repo.commit_by("SHOP-1240 Add tests for gift cards (#816)", &day(17, 11), BO);
    repo.commit_by("Merge if statements in the cart (#817)", &day(18, 10), BO);
    repo.commit_by("UTF-8: handle the BOM in imports (#818)", &day(18, 11), ADA);
    let (brief, markdown) = briefs(&repo);
    assert_eq!(
        units(&brief),
        [
            unit("pull_request", "#818", "fixed", "UTF-8: handle the BOM in imports (#818)"),
            unit("pull_request", "#817", "maintenance", "Merge if statements in the cart (#817)"),
            unit("pull_request", "#816", "maintenance", "SHOP-1240 Add tests for gift cards (#816)"),
            unit("pull_request", "#815", "delivered", "SHOP-1240: Add gift cards (#815)"),
            unit("pull_request", "#812", "fixed", "[SHOP-1234] Fix the login redirect (#812)"),
        ]
    );
    assert_eq!(items(&brief, "delivered"), ["General | Add gift cards | #815 SHOP-1240"]);
    assert_eq!(
        items(&brief, "fixed"),
        ["UTF-8 | Handle the BOM in imports | #818", "General | Fix the login redirect | #812 SHOP-1234"]
    );
    assert_eq!(in_progress(&brief), Vec::<String>::new(), "keys heading landed work are not in progress");
    assert_eq!(numbers(&brief), [json!(1), json!(2), json!(0), json!(5), json!(0), json!(2)]);
    insta::assert_snapshot!("tracker_keys", stakeholder_part(&markdown));
}

#[test]
fn gitmoji() {
    let repo = started();
    repo.commit_by("✨ Add dark mode (#5)", &day(16, 10), ADA);
    repo.commit_by(":bug: Fix the totals (#6)", &day(16, 11), BO);
    repo.commit_by("⬆️ Upgrade react to 19 (#7)", &day(17, 10), BO);
    repo.commit_by("📝 Document the API", &day(17, 11), ADA);
    repo.commit_by("🚑 Restore checkout (#8)", &day(18, 10), ADA);
    repo.commit_by("💥 Drop the v1 API (#9)", &day(19, 10), BO);
    repo.commit_by(":sparkles: Search by description (#10)", &day(20, 10), ADA);
    let (brief, markdown) = briefs(&repo);
    let buckets: Vec<(String, String)> = units(&brief).into_iter().map(|(_, n, b, _)| (n, b)).collect();
    assert_eq!(
        buckets,
        [
            ("#10".to_string(), "delivered".to_string()),
            ("#9".to_string(), "attention".to_string()),
            ("#8".to_string(), "fixed".to_string()),
            ("-".to_string(), "maintenance".to_string()),
            ("#7".to_string(), "maintenance".to_string()),
            ("#6".to_string(), "fixed".to_string()),
            ("#5".to_string(), "delivered".to_string()),
        ]
    );
    assert_eq!(
        items(&brief, "delivered"),
        ["General | Add dark mode | #5", "General | Search by description | #10"]
    );
    assert_eq!(brief["attention"][0]["reason"], "breaking");
    assert_eq!(brief["confidence"]["display"], "100%");
    assert_eq!(numbers(&brief), [json!(2), json!(2), json!(0), json!(6), json!(0), json!(2)]);
    insta::assert_snapshot!("gitmoji", stakeholder_part(&markdown));
}

#[test]
fn plain_sentences() {
    let repo = started();
    for (n, (subject, who)) in [
        ("Add CSV export", ADA),
        ("Fix crash when the cart is empty", BO),
        ("Don't retry on 4xx responses", BO),
        ("Prevent double charges on retry", ADA),
        ("Add tests for refunds", ADA),
        ("Update README", BO),
        ("Refactor the payment module", BO),
        ("Make the search faster", ADA),
    ]
    .iter()
    .enumerate()
    {
        repo.commit_by(subject, &day(16 + n as u32 % 5, 10 + n as u32), *who);
    }
    let (brief, markdown) = briefs(&repo);
    assert_eq!(
        items(&brief, "delivered"),
        ["General | Add CSV export | ", "General | Make the search faster | "]
    );
    assert_eq!(
        items(&brief, "fixed"),
        [
            "General | Fix crash when the cart is empty | ",
            "General | Don't retry on 4xx responses | ",
            "General | Prevent double charges on retry | "
        ]
    );
    assert_eq!(
        brief["maintenance"]["summary"],
        "3 maintenance changes (1 documentation update, 1 internal clean-up, 1 test improvement)."
    );
    assert_eq!(numbers(&brief), [json!(2), json!(3), json!(0), json!(0), json!(0), json!(2)]);
    insta::assert_snapshot!("plain_sentences", stakeholder_part(&markdown));
}

#[test]
fn a_pull_merge_is_no_unit_but_the_pull_requests_it_brings_are() {
    let repo = started();
    repo.branch("upstream");
    repo.branch("feature/export");
    repo.commit_by("Add CSV export", &day(16, 10), BO);
    repo.commit_by("wip", &day(16, 11), BO);
    repo.checkout("upstream");
    repo.merge(
        "feature/export",
        "Merge pull request #20 from acme/feature/export\n\nExport orders as CSV",
        &day(17, 10),
    );
    repo.checkout("main");
    repo.commit_by("Fix a typo in the footer", &day(17, 11), ADA);
    repo.merge("upstream", "Merge branch 'main' of github.com:acme/shop", &day(18, 10));
    let (brief, _) = briefs(&repo);
    assert_eq!(
        units(&brief),
        [
            unit("pull_request", "#20", "delivered", "Export orders as CSV"),
            unit("commit", "-", "maintenance", "Fix a typo in the footer"),
        ]
    );
    assert_eq!(kpi(&brief, "pull_requests").0, json!(1), "the sync merge is no pull request");
    assert_eq!(brief["merges"].as_array().unwrap().len(), 2);
}

#[test]
fn a_busy_area_that_always_fixes_a_lot_is_not_unstable() {
    let repo = started();
    for (n, text) in ["timeouts", "rounding", "retries"].iter().enumerate() {
        repo.commit_by(&format!("fix(payments): {text}"), &format!("2026-11-1{}T10:00:00+00:00", n + 1), ADA);
    }
    for (n, text) in ["declines", "refund race", "currency"].iter().enumerate() {
        repo.commit_by(&format!("fix(payments): {text}"), &day(16 + n as u32, 10), ADA);
    }
    let brief = repo.json(WEEK);
    assert_eq!(brief["attention"], json!([]), "3 fixes, as the week before: {}", brief["attention"]);
    // Twice as many as the week before, and most of the area's work: unstable.
    for (n, text) in ["tax", "locale", "vat"].iter().enumerate() {
        repo.commit_by(&format!("fix(payments): {text}"), &day(19 + n as u32, 10), BO);
    }
    let brief = repo.json(WEEK);
    assert_eq!(
        brief["attention"][0]["note"],
        "6 fixes this week, against 3 last week: the area looks unstable"
    );
}

/// A published mirror (kubectl's staging repository) flattens each merge
/// into a single-parent "Merge pull request #N from …" commit on top of the
/// pull request's own commits: one pull request, told once, by its title.
#[test]
fn a_mirrors_flattened_merges_are_one_pull_request_each() {
    let repo = started();
    repo.commit_by("Update x/net for CVE-2023-45288", "2026-11-17T09:00:00+00:00", ADA);
    repo.commit_by(
        "Merge pull request #124174 from dims/update-x/net-for-CVE-2023-45288\n\nUpdate x/net for CVE-2023-45288\n\nKubernetes-commit: d9c54f69d4bb7ae1bb655e1a2a50297d615025b5",
        "2026-11-17T10:00:00+00:00",
        ADA,
    );
    repo.commit_by("Add the --max-depth flag to explain", "2026-11-18T09:00:00+00:00", BO);
    repo.commit_by("Document the flag", "2026-11-18T09:30:00+00:00", BO);
    repo.commit_by(
        "Merge pull request #138809 from bo/explain-depth\n\nkubectl explain: add --max-depth flag",
        "2026-11-18T10:00:00+00:00",
        BO,
    );
    let (brief, _) = briefs(&repo);
    let units: Vec<(String, usize)> = brief["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["number"].as_str().unwrap_or("-").to_string(), u["commits"].as_array().unwrap().len()))
        .collect();
    assert_eq!(units, [("#138809".to_string(), 3), ("#124174".to_string(), 2)]);
    let attention: Vec<&str> =
        brief["attention"].as_array().unwrap().iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(attention, ["Update x/net for CVE-2023-45288"]);
    assert_eq!(
        brief["headline"],
        "The team delivered one improvement and fixed one problem; one security fix shipped."
    );
}
