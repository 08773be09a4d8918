//! One focused test per rule of the stakeholder brief: each builds the
//! smallest repository that exercises the rule and states what the brief
//! must say.

mod common;

use common::{kpi, Repo};
use serde_json::{json, Value};

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin"];

/// 10:00 in Berlin on a day of week 47 (16 = Monday … 22 = Sunday).
fn day(d: u32) -> String {
    format!("2026-11-{d:02}T10:00:00+01:00")
}

fn at(d: u32, hour: u32) -> String {
    format!("2026-11-{d:02}T{hour:02}:00:00+01:00")
}

fn repo_with_config(config: &str) -> Repo {
    let repo = Repo::new();
    repo.write(".git-brief.toml", config);
    repo.commit("chore: configure the brief", "2026-11-01T10:00:00+01:00");
    repo
}

fn brief(repo: &Repo, extra: &[&str]) -> Value {
    repo.json(&[WEEK, extra].concat())
}

fn texts(brief: &Value, section: &str) -> Vec<String> {
    brief[section]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| format!("{}: {}", o["area"].as_str().unwrap(), o["text"].as_str().unwrap()))
        .collect()
}

fn reasons(brief: &Value) -> Vec<String> {
    brief["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}: {}",
                r["reason"].as_str().unwrap(),
                r["area"].as_str().unwrap(),
                r["note"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn areas_come_from_the_config_else_the_scope_else_general() {
    let repo = repo_with_config("[areas]\nauth = \"Sign-in\"\n");
    repo.commit("feat(auth): magic links", &day(16));
    repo.commit("feat(user-profile): avatars", &day(17));
    repo.commit("feat: dark mode", &day(18));
    assert_eq!(
        texts(&brief(&repo, &[]), "delivered"),
        ["Sign-in: Magic links", "User profile: Avatars", "General: Dark mode"]
    );
}

#[test]
fn commits_citing_one_issue_become_one_outcome_named_by_the_closing_commit() {
    let repo = Repo::new();
    repo.commit("feat(search): index products\n\nRefs #7\n", &day(16));
    repo.commit("feat(search): search box on every page\n\nCloses #7\n", &day(17));
    repo.commit("feat(search): highlight matches\n\nRefs #7\n", &day(18));
    let b = brief(&repo, &[]);
    assert_eq!(texts(&b, "delivered"), ["Search: Search box on every page"]);
    assert_eq!(b["delivered"][0]["refs"], json!(["#7"]));
    assert_eq!(b["delivered"][0]["commits"].as_array().unwrap().len(), 3);
    assert_eq!(kpi(&b, "delivered").0, json!(3), "three commits were delivered, in one outcome");
}

#[test]
fn rewrites_turn_jargon_into_plain_words() {
    let repo = repo_with_config(
        "[[rewrite]]\npattern = \"(?i)\\\\bk8s\\\\b\"\nreplace = \"the hosting platform\"\n",
    );
    repo.commit("feat: move the shop to k8s.", &day(16));
    assert_eq!(texts(&brief(&repo, &[]), "delivered"), ["General: Move the shop to the hosting platform"]);
}

#[test]
fn a_revert_inside_the_window_cancels_the_delivery() {
    let repo = Repo::new();
    let original = repo.commit("feat(checkout): one-click buy", &day(16));
    repo.git_at(&day(18), &["revert", "--no-edit", &original]);
    let b = brief(&repo, &[]);
    assert_eq!(b["delivered"], json!([]));
    assert_eq!(reasons(&b), ["reverted Checkout: a change was rolled back"]);
    assert_eq!(b["attention"][0]["text"], "One-click buy");
    assert_eq!(b["attention"][0]["commits"].as_array().unwrap().len(), 2, "the pair is one item");
    assert_eq!(kpi(&b, "delivered").0, json!(0));
    assert_eq!(kpi(&b, "rollbacks").0, json!(1));
    assert!(b["headline"].as_str().unwrap().ends_with("one change was rolled back."), "{}", b["headline"]);
}

#[test]
fn a_revert_of_older_work_says_which_work_was_rolled_back() {
    let repo = Repo::new();
    let original = repo.commit("feat(checkout): one-click buy", "2026-11-10T10:00:00+01:00");
    repo.git_at(&day(18), &["revert", "--no-edit", &original]);
    let b = brief(&repo, &[]);
    assert_eq!(reasons(&b), ["reverted Checkout: earlier work was rolled back"]);
    assert_eq!(b["attention"][0]["text"], "One-click buy");
    assert_eq!(kpi(&b, "delivered"), (json!(0), json!(1)));
}

#[test]
fn breaking_changes_need_coordination() {
    let repo = Repo::new();
    repo.commit("feat(api)!: remove the v1 endpoints", &day(16));
    repo.commit("refactor(db): new schema\n\nBREAKING-CHANGE: run the migration first\n", &day(17));
    let b = brief(&repo, &[]);
    assert_eq!(
        reasons(&b),
        [
            "breaking API: a breaking change that users of the system must adapt to",
            "breaking DB: a breaking change that users of the system must adapt to"
        ]
    );
    assert_eq!(b["headline"], "The team worked behind the scenes; 2 breaking changes need coordination.");
}

#[test]
fn blocked_and_unfinished_work_is_flagged_with_configurable_markers() {
    let repo = repo_with_config("[classify]\nblocked_markers = [\"Blocked-by\", \"WIP\", \"On-hold\"]\n");
    repo.commit("feat(refunds): partial refunds\n\nBlocked-by: PAY-12\n", &day(16));
    repo.commit("feat(refunds): WIP refund screen", &day(17));
    repo.commit("feat(export): PDF invoices\n\nOn-hold: waiting for legal\n", &day(18));
    repo.commit("feat(export): wipe old exports", &day(19));
    let b = brief(&repo, &[]);
    assert_eq!(
        reasons(&b),
        [
            "blocked Refunds: blocked by PAY-12",
            "blocked Refunds: marked as unfinished",
            "blocked Export: marked as unfinished"
        ]
    );
    assert_eq!(texts(&b, "delivered"), ["Export: Wipe old exports"]);
}

#[test]
fn a_streak_of_fixes_flags_an_area_as_unstable() {
    let repo = Repo::new();
    for (n, text) in ["timeouts", "double charges", "rounding"].iter().enumerate() {
        repo.commit(&format!("fix(payments): {text}"), &day(16 + n as u32));
    }
    repo.commit("fix(search): typo", &day(19));
    repo.commit("fix: crash", &day(19));
    repo.commit("fix: other crash", &day(20));
    repo.commit("fix: third crash", &day(21));
    let b = brief(&repo, &[]);
    assert_eq!(
        reasons(&b),
        ["unstable Payments: 3 fixes this week, against none last week: the area looks unstable"]
    );
    assert_eq!(b["headline"], "The team fixed 7 problems; Payments looks unstable.");
    // Every fix still counts as fixed; the streak is about the area.
    assert_eq!(kpi(&b, "fixed").0, json!(7));

    let strict = repo_with_config("[classify]\nfix_streak = 2\n");
    strict.commit("fix(search): typo", &day(16));
    strict.commit("fix(search): accents", &day(17));
    assert_eq!(
        reasons(&brief(&strict, &[])),
        ["unstable Search: 2 fixes this week, against none last week: the area looks unstable"]
    );
}

#[test]
fn security_fixes_are_reported_as_shipped() {
    let repo = Repo::new();
    repo.commit("fix(auth): reject reused tokens\n\nFixes CVE-2026-1234\n", &day(16));
    let b = brief(&repo, &[]);
    assert_eq!(reasons(&b), ["security Auth: a security fix shipped (CVE-2026-1234)"]);
    assert_eq!(b["headline"], "The team fixed one problem; one security fix shipped.");
}

#[test]
fn issues_referenced_but_not_closed_are_in_progress() {
    let repo = Repo::new();
    repo.commit("feat: step one\n\nRefs #20\n", &day(16));
    repo.commit("feat: step two\n\nRefs #21, #20\n", &day(17));
    repo.commit("feat: done\n\nCloses #21\n", &day(18));
    let b = brief(&repo, &[]);
    let tracked: Vec<(&str, usize)> = b["in_progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["ref"].as_str().unwrap(), t["commits"].as_array().unwrap().len()))
        .collect();
    assert_eq!(tracked, [("#20", 2)]);
}

#[test]
fn tags_on_the_window_are_releases() {
    let repo = Repo::new();
    repo.commit("feat: old", "2026-11-10T10:00:00+01:00");
    repo.git(&["tag", "v1.0.0"]);
    repo.commit("feat: new", &day(17));
    repo.git(&["tag", "v1.1.0"]);
    repo.commit("chore(release): 1.2.0", &day(19));
    repo.git(&["tag", "-a", "v1.2.0", "-m", "1.2.0"]);
    let b = brief(&repo, &[]);
    let releases: Vec<&str> =
        b["releases"].as_array().unwrap().iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(releases, ["Released version 1.1.0", "Released version 1.2.0"]);
    assert!(repo.markdown(WEEK).contains("- Released version 1.2.0\n"));
}

#[test]
fn maintenance_is_summarised_and_bots_are_not_contributors() {
    let repo = repo_with_config("[classify]\nbots = [\"Release Robot\"]\n");
    repo.commit_by(
        "chore(deps): bump serde",
        &day(16),
        ("dependabot[bot]", "dependabot[bot]@users.noreply.github.com"),
    );
    repo.commit_by("chore: publish", &day(16), ("Release Robot", "robot@acme.test"));
    repo.commit("refactor: split modules", &day(17));
    repo.commit("test: cover refunds", &day(17));
    repo.commit("docs: readme", &day(18));
    let b = brief(&repo, &[]);
    assert_eq!(
        b["maintenance"]["summary"],
        "5 maintenance changes (2 dependency updates, 1 documentation update, 1 internal clean-up, 1 test improvement)."
    );
    assert_eq!(kpi(&b, "contributors").0, json!(1));
}

#[test]
fn long_sections_stop_at_max_items() {
    let repo = repo_with_config("[brief]\nmax_items = 3\n");
    for n in 0..5 {
        repo.commit(&format!("feat: feature {n}"), &at(16, 9 + n));
    }
    let markdown = repo.markdown(WEEK);
    // An item of no particular area goes without the area's label.
    assert_eq!(markdown.matches("\n- Feature ").count(), 3, "{markdown}");
    assert!(markdown.contains("- …and 2 more\n"), "{markdown}");
    let flag = repo.markdown(&[WEEK, &["--max-items", "4"]].concat());
    assert!(flag.contains("- …and 1 more\n"), "the flag wins over the config:\n{flag}");
    assert_eq!(brief(&repo, &[])["delivered"].as_array().unwrap().len(), 5, "JSON keeps everything");
}

#[test]
fn mostly_guessed_types_lower_the_confidence_with_a_warning() {
    let repo = Repo::new();
    repo.commit("Add search", &day(16));
    repo.commit("Fix the cart", &day(17));
    repo.commit("feat: wishlist", &day(18));
    let b = brief(&repo, &[]);
    assert_eq!(b["confidence"]["display"], "33%");
    let warning = b["warnings"][0].as_str().unwrap();
    assert!(warning.starts_with("Only 33% of this week's changes say what kind they are"), "{warning}");
    assert!(repo.markdown(WEEK).contains("\nNote: Only 33%"));
    let none = Repo::new();
    none.commit("Add search", &day(16));
    let warning = brief(&none, &[])["warnings"][0].as_str().unwrap().to_string();
    assert_eq!(warning, "None of this week's changes say what kind they are, so the sections are estimates.");
}

#[test]
fn the_html_brief_carries_an_inline_activity_chart() {
    let repo = Repo::new();
    repo.commit("feat: one", &day(16));
    repo.commit("fix: two", &day(16));
    repo.commit("chore: three", &day(18));
    let out = repo.brief(&[WEEK, &["--format", "html"]].concat()).success().get_output().stdout.clone();
    let html = String::from_utf8(out).unwrap();
    let svg = &html[html.find("<svg").expect("an inline SVG")..html.find("</svg>").expect("closed")];
    assert_eq!(svg.matches("<rect").count(), 4 + 3, "four legend keys and three bars:\n{svg}");
    for label in ["Mon 16", "Wed 18", "Sun 22"] {
        assert!(svg.contains(label), "{label}");
    }
}

#[test]
fn stats_are_computed_when_a_template_shows_them() {
    let repo = Repo::new();
    repo.commit("feat: one", &day(16));
    let template = repo.home().join("lines.md.hbs");
    std::fs::write(
        &template,
        "{{#each kpis}}{{#if (eq id \"lines_changed\")}}lines: {{display}}{{/if}}{{/each}}\n",
    )
    .unwrap();
    repo.brief(&[WEEK, &["--format", "markdown", "--template", template.to_str().unwrap()]].concat())
        .success()
        .stdout("lines: 1\n");
}

#[test]
fn a_reapplied_feature_is_delivered_not_rolled_back() {
    let repo = Repo::new();
    repo.commit("chore: before", "2026-11-10T10:00:00+01:00");
    repo.commit("feat(search): instant suggestions", &day(16));
    repo.git_at(&day(17), &["revert", "--no-edit", "HEAD"]);
    repo.git_at(&day(18), &["revert", "--no-edit", "HEAD"]);
    assert!(repo.git(&["log", "-1", "--format=%s"]).starts_with("Reapply \""), "git's own subject");
    let b = brief(&repo, &[]);
    assert_eq!(texts(&b, "delivered"), ["Search: Instant suggestions"]);
    assert_eq!(b["attention"], json!([]), "the revert and the reapply cancel out");
    assert_eq!(kpi(&b, "rollbacks").0, json!(0));
    assert_eq!(b["headline"], "The team delivered one improvement.");
}

#[test]
fn only_issues_tied_to_the_work_are_in_progress_not_mentions_in_passing() {
    let repo = Repo::new();
    repo.commit("feat(search): facets\n\nA follow-up to #77, which was reverted; see the\ndiscussion in #78 for the design.\n\nRefs #80\nPart of PAY-9\n", &day(16));
    repo.commit("fix: totals (#81)\n\nThis replaces the approach of #79.\n", &day(17));
    let b = brief(&repo, &["--issue-key", "PAY"]);
    let tracked: Vec<&str> =
        b["in_progress"].as_array().unwrap().iter().map(|t| t["ref"].as_str().unwrap()).collect();
    assert_eq!(tracked, ["#80", "PAY-9"]);
}

#[test]
fn the_html_chart_is_left_out_of_a_quiet_week_and_explained_for_a_long_window() {
    let repo = Repo::new();
    repo.commit("feat: one", "2026-08-03T10:00:00+01:00");
    let html = |args: &[&str]| {
        let out = repo.brief(&[args, &["--format", "html"]].concat()).success().get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    };
    let quiet = html(WEEK);
    assert!(!quiet.contains("<svg") && !quiet.contains("<figure"), "no empty frame: {quiet}");
    let long = html(&["--since", "2026-06-01", "--until", "2026-11-23", "--tz", "Europe/Berlin"]);
    assert!(!long.contains("<svg"), "no bars for half a year");
    assert!(long.contains("No activity chart: it shows windows of up to nine weeks"), "{long}");
}

#[test]
fn a_line_that_merely_starts_like_a_keyword_ties_no_issue_to_the_work() {
    let repo = Repo::new();
    repo.commit(
        "feat(runtime): sharded queue\n\nRe-lands the queue from #7757 (reverted due to #8056).\nSee the discussion in #78.\n\nSee also #80\n",
        &day(16),
    );
    let b = brief(&repo, &[]);
    let tracked: Vec<&str> =
        b["in_progress"].as_array().unwrap().iter().map(|t| t["ref"].as_str().unwrap()).collect();
    assert_eq!(tracked, ["#80"]);
}
