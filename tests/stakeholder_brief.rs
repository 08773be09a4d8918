//! A realistic fortnight of a shop's repository: two weeks, several areas
//! and authors (a bot, and an alias the mailmap folds into its owner), a
//! revert pair inside the week, a revert of last week's work, a breaking
//! change, blocked work, a streak of fixes in one area, a security fix, a
//! release tag, issues closed and referenced, squash-merge suffixes and
//! merge commits. The Markdown brief is a reviewed snapshot; the JSON is
//! checked field by field against values worked out by hand; every KPI is
//! recomputed from the JSON's own commit lists.

mod common;

use std::collections::HashSet;

use common::{kpi, Repo};
use regex::Regex;
use serde_json::{json, Value};

const CONFIG: &str = r##"[brief]
title = "Shop team"
timezone = "Europe/Berlin"
max_items = 6

[areas]
auth = "Sign-in"
checkout = "Checkout"
payments = "Payments"
search = "Search"
api = "Public API"

[issues]
keys = ["PAY"]

[[rewrite]]
pattern = "(?i)\\bSSO\\b"
replace = "single sign-on"
"##;

const ADA: (&str, &str) = ("Ada Lovelace", "ada@acme.test");
const GRACE: (&str, &str) = ("Grace Hopper", "grace@acme.test");
const GRACE_ALIAS: (&str, &str) = ("G. Hopper", "ghopper@old-laptop.local");
const LINUS: (&str, &str) = ("Linus", "linus@acme.test");
const DEPENDABOT: (&str, &str) = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com");
const RENOVATE: (&str, &str) = ("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com");

/// The commits of week 47 by name, to check ids against.
struct Fortnight {
    repo: Repo,
    ids: std::collections::HashMap<&'static str, String>,
}

impl Fortnight {
    fn id(&self, name: &str) -> &str {
        &self.ids[name]
    }
}

fn fortnight() -> Fortnight {
    let repo = Repo::new();
    let ids = std::cell::RefCell::new(std::collections::HashMap::new());
    let at = |day: u32, time: &str| format!("2026-11-{day:02}T{time}:00+01:00");

    repo.write(".git-brief.toml", CONFIG);
    repo.write(".mailmap", "Grace Hopper <grace@acme.test> G. Hopper <ghopper@old-laptop.local>\n");
    repo.commit_by("chore: start the shop", &at(2, "10:00"), ADA);

    // Week 46: the previous week.
    repo.commit_by("feat(checkout): gift card balance at checkout (#380)", &at(9, "10:00"), ADA);
    repo.commit_by("fix(payments): double charge on retry (#381)", &at(9, "14:00"), GRACE);
    let remember =
        repo.commit_by("feat(auth): remember this device for 30 days (#383)", &at(10, "10:00"), ADA);
    repo.commit_by("chore(deps): bump serde from 1.0.210 to 1.0.214", &at(10, "12:00"), DEPENDABOT);
    repo.commit_by("docs: describe refunds", &at(11, "09:00"), LINUS);
    repo.commit_by("fix(search): empty results on accented words\n\nFixes #370\n", &at(11, "15:00"), LINUS);
    repo.commit_by("refactor(api): extract pagination", &at(12, "09:00"), GRACE);
    // Refunds, written this week on a branch, merged next week.
    repo.branch("refunds");
    ids.borrow_mut().insert(
        "refunds_api",
        repo.commit_by("feat(payments): refunds API\n\nRefs PAY-12\n", &at(12, "16:00"), GRACE),
    );
    ids.borrow_mut().insert(
        "refund_emails",
        repo.commit_by("feat(payments): refund emails\n\nCloses PAY-12\n", &at(13, "11:00"), GRACE),
    );
    ids.borrow_mut()
        .insert("fixup", repo.commit_by("fixup! feat(payments): refund emails", &at(13, "11:30"), GRACE));
    repo.checkout("main");
    repo.commit_by("test(checkout): gift cards", &at(12, "10:00"), ADA);
    repo.commit_by("feat(search): autocomplete suggestions (#385)\n\nCloses #371\n", &at(13, "10:00"), LINUS);
    repo.commit_by("ci: cache cargo", &at(13, "15:00"), GRACE);
    repo.commit_by("fix(auth): token refresh race", &at(14, "10:00"), ADA);
    repo.commit_by("chore: tidy scripts", &at(14, "11:00"), ADA);
    repo.commit_by("fix(checkout): rounding of gift card totals", &at(15, "18:00"), ADA);
    for (n, krate) in ["rand", "log", "url"].iter().enumerate() {
        repo.commit_by(
            &format!("chore(deps): bump {krate} to the latest patch"),
            &at(14, &format!("1{n}:30")),
            DEPENDABOT,
        );
    }

    // Week 47.
    let c = |name: &'static str, message: &str, day: u32, time: &str, who: (&str, &str)| {
        ids.borrow_mut().insert(name, repo.commit_by(message, &at(day, time), who));
    };
    c(
        "apple_pay",
        "feat(checkout): customers can pay with Apple Pay (#412)\n\nCloses #398\n",
        16,
        "09:10",
        ADA,
    );
    c(
        "reset_emails",
        "fix(auth): password reset emails arrive within a minute (#401)\n\nFixes #399\n",
        16,
        "15:00",
        ADA,
    );
    c("tokio", "chore(deps): bump tokio from 1.40 to 1.41", 17, "08:00", DEPENDABOT);
    c("retry_cards", "fix(payments): retry declined cards once\n\nRefs #405\n", 17, "10:00", GRACE_ALIAS);
    repo.branch("search-facets");
    c("facets", "feat(search): facets by brand", 17, "12:00", LINUS);
    c("facets_test", "test(search): cover facets", 17, "12:30", LINUS);
    repo.checkout("main");
    c("decline_reason", "fix(payments): show the decline reason\n\nRefs #405\n", 17, "14:00", GRACE);
    c("date_filter", "feat(search): filter orders by date range\n\nRefs #420\n", 17, "16:00", LINUS);
    c(
        "revert_remember",
        &format!(
            "Revert \"feat(auth): remember this device for 30 days (#383)\"\n\nThis reverts commit {remember}.\n"
        ),
        18,
        "09:00",
        ADA,
    );
    ids.borrow_mut().insert(
        "merge_refunds",
        repo.merge("refunds", "Merge pull request #402 from acme/refunds", &at(18, "11:00")),
    );
    c("idempotent", "fix(payments): idempotent refund requests", 18, "15:00", GRACE);
    ids.borrow_mut().insert(
        "merge_facets",
        repo.merge("search-facets", "Merge branch 'search-facets'", &at(18, "16:00")),
    );
    c("save_cards", "feat(checkout): save cards for later (#415)", 19, "09:00", ADA);
    c(
        "cents",
        "feat(api)!: prices in cents\n\nBREAKING CHANGE: integrations must divide by 100\n",
        19,
        "11:00",
        GRACE,
    );
    c("gift_wrap", "feat(checkout): gift wrapping option\n\nBlocked-by: PAY-20\n", 19, "14:00", ADA);
    c("revert_cards", "revert: feat(checkout): save cards for later (#415)", 19, "17:00", ADA);
    c("escape", "fix(security): escape search terms in the results page", 20, "09:00", LINUS);
    c("sso", "feat(auth): SSO for enterprise accounts (#418)\n\nCloses #400\n", 20, "10:00", ADA);
    c("fast_results", "perf(search): results page renders twice as fast", 20, "11:00", LINUS);
    c("refund_docs", "docs: explain the refund process", 20, "12:00", LINUS);
    c("refund_tests", "test(payments): cover refunds", 20, "13:00", GRACE);
    c("split_retry", "refactor(payments): split the retry logic", 20, "14:00", GRACE);
    c("release", "chore(release): 2.4.0", 20, "16:00", ADA);
    repo.git(&["tag", "-a", "v2.4.0", "-m", "Version 2.4.0"]);
    c("format", "style: format", 21, "10:00", ADA);
    c("macos", "ci: run tests on macOS", 21, "11:00", GRACE);
    c("regex", "chore(deps): update rust crate regex to v1.11", 21, "12:00", RENOVATE);
    for (n, krate) in ["serde_json", "clap", "chrono", "toml"].iter().enumerate() {
        let name: &'static str = ["bump_1", "bump_2", "bump_3", "bump_4"][n];
        c(
            name,
            &format!("chore(deps): bump {krate} to the latest patch"),
            21,
            &format!("1{}:30", n + 3),
            DEPENDABOT,
        );
    }
    c("csv", "Add CSV export button\n\nCloses #430\n", 22, "10:00", LINUS);
    c("onboarding", "Update the onboarding copy", 22, "11:00", LINUS);
    c("typo", "fix: typo on the help page", 22, "23:59", ADA);
    // Week 48 starts at midnight.
    repo.commit_by("feat(checkout): next week's work", &at(23, "00:00"), ADA);
    Fortnight { repo, ids: ids.into_inner() }
}

const WEEK_47: &[&str] = &["--week", "2026-W47"];

fn items(brief: &Value, section: &str) -> Vec<String> {
    brief[section]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| format!("{} | {} | {}", o["area"].as_str().unwrap(), o["text"].as_str().unwrap(), o["refs"]))
        .collect()
}

#[test]
fn markdown_brief_matches_the_reviewed_snapshot() {
    let f = fortnight();
    let markdown = f.repo.markdown(WEEK_47);
    // Commit ids depend on nothing but the fixture, but a change to the
    // fixture should not rewrite every line of the snapshot.
    let ids = Regex::new(r"`[0-9a-f]{7}`").unwrap();
    insta::assert_snapshot!("realistic_week_markdown", ids.replace_all(&markdown, "`<id>`"));
}

#[test]
fn json_matches_the_values_worked_out_by_hand() {
    let f = fortnight();
    let brief = f.repo.json(WEEK_47);
    assert_eq!(brief["title"], "Weekly brief — Shop team · 16–22 Nov 2026");
    assert_eq!(brief["window"]["timezone"], "Europe/Berlin", "the zone comes from the config");
    assert_eq!(
        brief["headline"],
        "The team delivered 7 improvements and fixed 6 problems; 2 changes were rolled back; one security fix shipped."
    );
    assert_eq!(
        items(&brief, "delivered"),
        [
            r##"Checkout | Customers can pay with Apple Pay | ["#412","#398"]"##,
            r##"Payments | Refund emails | ["#402","PAY-12"]"##,
            r##"Search | Filter orders by date range | ["#420"]"##,
            r##"Search | Facets by brand | []"##,
            r##"Search | Results page renders twice as fast | []"##,
            r##"Sign-in | Single sign-on for enterprise accounts | ["#418","#400"]"##,
            r##"General | Add CSV export button | ["#430"]"##,
        ]
    );
    let refunds = &brief["delivered"][1]["commits"];
    assert_eq!(
        refunds,
        &json!([f.id("refunds_api"), f.id("refund_emails"), f.id("fixup")]),
        "one outcome for pull request #402"
    );
    assert_eq!(
        brief["releases"],
        json!([{"tag": "v2.4.0", "text": "Released version 2.4.0", "commit": f.id("release")}])
    );
    assert_eq!(
        items(&brief, "fixed"),
        [
            r##"Payments | Retry declined cards once | ["#405"]"##,
            r##"Payments | Show the decline reason | ["#405"]"##,
            r##"Payments | Idempotent refund requests | []"##,
            r##"Sign-in | Password reset emails arrive within a minute | ["#401","#399"]"##,
            r##"General | Typo on the help page | []"##,
        ]
    );
    // Two fixes towards #405, which is still open: two pieces of work, not one.
    assert_eq!(brief["fixed"][0]["commits"], json!([f.id("retry_cards")]));
    assert_eq!(brief["fixed"][1]["commits"], json!([f.id("decline_reason")]));
    let attention: Vec<String> = brief["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} | {} | {} | {}",
                r["reason"].as_str().unwrap(),
                r["area"].as_str().unwrap(),
                r["note"].as_str().unwrap(),
                r["text"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        attention,
        [
            "security | Security | a security fix shipped | Escape search terms in the results page",
            "reverted | Sign-in | earlier work was rolled back | Remember this device for 30 days",
            "reverted | Checkout | a change was rolled back | Save cards for later",
            "breaking | Public API | a breaking change that users of the system must adapt to | Prices in cents",
            "unstable | Payments | 3 fixes this week, against 1 last week: the area looks unstable | ",
            "blocked | Checkout | blocked by PAY-20 | Gift wrapping option",
        ]
    );
    assert_eq!(brief["attention"][2]["commits"], json!([f.id("save_cards"), f.id("revert_cards")]));
    assert_eq!(
        brief["attention"][4]["commits"],
        json!([f.id("retry_cards"), f.id("decline_reason"), f.id("idempotent")])
    );
    let in_progress: Vec<&str> =
        brief["in_progress"].as_array().unwrap().iter().map(|t| t["ref"].as_str().unwrap()).collect();
    assert_eq!(in_progress, ["#405", "#420", "PAY-20"]);
    // The facets test is part of the merged facets branch, not maintenance of its own.
    assert_eq!(brief["maintenance"]["total"], 12);
    assert_eq!(
        brief["maintenance"]["by_type"],
        json!({"deps": 6, "refactor": 2, "build": 1, "chore": 1, "docs": 1, "test": 1})
    );
    assert_eq!(
        brief["maintenance"]["summary"],
        "12 maintenance changes (6 dependency updates, 2 internal clean-ups, 1 build and CI change, \
         1 housekeeping change, 1 documentation update, 1 test improvement)."
    );
    assert_eq!(brief["noise"], 3, "a release bump and two merges");
    let unit = |number: &str| {
        brief["units"].as_array().unwrap().iter().find(|u| u["number"] == number).unwrap().clone()
    };
    assert_eq!(unit("#402")["kind"], "pull_request");
    assert_eq!(unit("#402")["bucket"], "delivered");
    assert_eq!(unit("#402")["commits"], json!([f.id("fixup"), f.id("refund_emails"), f.id("refunds_api")]));
    let facets = brief["units"].as_array().unwrap().iter().find(|u| u["branch"] == "search-facets").unwrap();
    assert_eq!(
        (facets["kind"].clone(), facets["title"].clone()),
        (json!("branch"), json!("feat(search): facets by brand"))
    );
    assert_eq!(facets["commits"], json!([f.id("facets_test"), f.id("facets")]));
    assert_eq!(
        brief["units"].as_array().unwrap().len(),
        31,
        "34 commits, five of them in the two merged units"
    );
    assert_eq!(brief["commits"].as_array().unwrap().len(), 34);
    assert_eq!(brief["merges"].as_array().unwrap().len(), 2);
    assert_eq!(
        brief["confidence"],
        json!({"written": 30, "total": 34, "share": 30.0 / 34.0, "display": "88%"})
    );
    assert_eq!(brief["warnings"], json!([]));
    let by_id = |name: &str| {
        brief["commits"].as_array().unwrap().iter().find(|c| c["id"] == f.id(name)).unwrap().clone()
    };
    assert_eq!(
        (by_id("save_cards")["bucket"].clone(), by_id("save_cards")["reason"].clone()),
        (json!("attention"), json!("rolled_back"))
    );
    assert_eq!(by_id("revert_cards")["reverts"], json!(f.id("save_cards")));
    assert_eq!(by_id("retry_cards")["author"], "Grace Hopper", "the mailmap folds the alias");
    assert_eq!(by_id("facets")["landed"], "2026-11-18T16:00:00+01:00");
    assert_eq!(by_id("refunds_api")["time"], "2026-11-12T16:00:00+01:00");
    // A fixup is part of the pull request it fixed up; a release bump is noise.
    assert_eq!(
        (by_id("fixup")["bucket"].clone(), by_id("release")["bucket"].clone()),
        (json!("delivered"), json!("noise"))
    );
    assert_eq!(
        (by_id("csv")["type"].clone(), by_id("csv")["inferred"].clone()),
        (json!("feat"), json!(true))
    );
    assert_eq!(by_id("regex")["bot"], true);

    assert_eq!(kpi(&brief, "delivered"), (json!(7), json!(3)));
    assert_eq!(kpi(&brief, "fixed"), (json!(6), json!(4)));
    assert_eq!(kpi(&brief, "rollbacks"), (json!(2), json!(0)));
    assert_eq!(kpi(&brief, "fix_share"), (json!(8.0 / 15.0), json!(4.0 / 7.0)));
    assert_eq!(kpi(&brief, "issues_closed"), (json!(5), json!(2)));
    assert_eq!(kpi(&brief, "pull_requests"), (json!(6), json!(4)));
    assert_eq!(kpi(&brief, "contributors"), (json!(3), json!(3)));
    let days: Vec<(&str, u64, u64, u64, u64)> = brief["activity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let n = |k: &str| d[k].as_u64().unwrap();
            (d["label"].as_str().unwrap(), n("delivered"), n("fixed"), n("attention"), n("maintenance"))
        })
        .collect();
    assert_eq!(
        days,
        [
            ("Mon 16", 1, 1, 0, 0),
            ("Tue 17", 1, 2, 0, 1),
            ("Wed 18", 2, 1, 1, 0),
            ("Thu 19", 0, 0, 4, 0),
            ("Fri 20", 2, 0, 1, 3),
            ("Sat 21", 0, 0, 0, 7),
            ("Sun 22", 1, 1, 0, 1),
        ]
    );
}

/// Recomputes every KPI from the JSON alone (this week's `units` and
/// `commits`, and last week's brief), the way an outside tool would.
fn recount(brief: &Value) -> Vec<(&'static str, Value)> {
    let units = brief["units"].as_array().unwrap();
    let commits = brief["commits"].as_array().unwrap();
    let count = |pred: &dyn Fn(&Value) -> bool| units.iter().filter(|u| pred(u)).count() as u64;
    let delivered = count(&|u| u["bucket"] == "delivered");
    let fixed = count(&|u| u["bucket"] == "fixed" || u["reason"] == "security");
    let rollbacks = count(&|u| u["reason"] == "reverted");
    let closed: HashSet<&str> = units
        .iter()
        .filter(|u| u["bot"] == false)
        .flat_map(|u| u["refs"].as_array().unwrap().iter())
        .filter(|r| r["kind"] == "issue" && r["action"] == "closes")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let merged = count(&|u| u["kind"] == "pull_request" || u["kind"] == "branch");
    let people: HashSet<&str> =
        commits.iter().filter(|c| c["bot"] == false).map(|c| c["author"].as_str().unwrap()).collect();
    let all = delivered + fixed + rollbacks;
    // Lead time: from a unit's first authored commit to its landing, for the
    // people's units whose start git records.
    let time = |c: &Value, key: &str| {
        chrono::DateTime::parse_from_rfc3339(c[key].as_str().unwrap()).unwrap().timestamp()
    };
    let mut leads: Vec<i64> = units
        .iter()
        .filter(|u| u["bot"] == false && u["bucket"] != "noise")
        .filter_map(|u| {
            let mine: Vec<&Value> = u["commits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| commits.iter().find(|c| c["id"] == *id).unwrap())
                .collect();
            // Only work handed over: through a merge, or committed by someone else.
            let handed_over = mine
                .iter()
                .any(|c| time(c, "landed") != time(c, "time") || c["committed_by_author"] == false);
            let start = mine.iter().map(|c| time(c, "authored")).min()?;
            let landed = mine.iter().map(|c| time(c, "landed")).max()?;
            (handed_over && landed > start).then_some(landed - start)
        })
        .collect();
    leads.sort_unstable();
    let lead_time = match leads.len() {
        0 => Value::Null,
        n if n % 2 == 1 => json!(leads[n / 2]),
        n => json!((leads[n / 2 - 1] + leads[n / 2]) / 2),
    };
    vec![
        ("delivered", json!(delivered)),
        ("fixed", json!(fixed)),
        ("fix_share", if all == 0 { Value::Null } else { json!((fixed + rollbacks) as f64 / all as f64) }),
        ("issues_closed", json!(closed.len())),
        ("pull_requests", json!(merged)),
        ("rollbacks", json!(rollbacks)),
        ("contributors", json!(people.len())),
        ("lead_time", lead_time),
        ("releases", json!(brief["releases"].as_array().unwrap().len())),
    ]
}

#[test]
fn every_kpi_is_recomputed_from_the_units_and_commits() {
    let f = fortnight();
    let this_week = f.repo.json(WEEK_47);
    let last_week = f.repo.json(&["--week", "2026-W46"]);
    let ids = |b: &Value| -> Vec<String> {
        b["kpis"].as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(
        ids(&this_week),
        [
            "delivered",
            "fixed",
            "fix_share",
            "issues_closed",
            "pull_requests",
            "rollbacks",
            "contributors",
            "lead_time",
            "releases"
        ]
    );
    // The fortnight has work written on a branch days before it landed.
    assert!(
        kpi(&this_week, "lead_time").0.as_u64().is_some_and(|s| s > 0),
        "{:?}",
        kpi(&this_week, "lead_time")
    );
    for ((id, now), (_, before)) in recount(&this_week).into_iter().zip(recount(&last_week)) {
        assert_eq!(kpi(&this_week, id), (now, before), "{id}");
    }
    // Last week's own brief compares with the week before it, and agrees.
    assert_eq!(kpi(&last_week, "delivered").0, kpi(&this_week, "delivered").1);
}

#[test]
fn stats_count_lines_and_files_only_when_asked() {
    let f = fortnight();
    let plain = f.repo.json(WEEK_47);
    assert!(plain["kpis"].as_array().unwrap().iter().all(|k| k["id"] != "lines_changed"));
    assert!(plain["commits"][0]["stats"].is_null());
    let mut args = WEEK_47.to_vec();
    args.push("--stats");
    let brief = f.repo.json(&args);
    // Every commit of the fixture adds one file of one line (the mailmap and
    // config came before the window).
    let commits = brief["commits"].as_array().unwrap();
    assert!(
        commits.iter().all(|c| c["stats"] == json!({"files": 1, "insertions": 1, "deletions": 0})),
        "{commits:?}"
    );
    assert_eq!(kpi(&brief, "lines_changed"), (json!(34), json!(16)));
    assert_eq!(kpi(&brief, "file_changes"), (json!(34), json!(16)));
}

// Item 32 of the third hardening round: an open issue the week's work cites,
// labelled blocked or critical (critical, P0, sev1, incident) in the tracker,
// was one name in the list of work in progress, not in Needs attention.
#[test]
fn an_open_issue_labelled_blocked_or_critical_needs_attention() {
    let repo = Repo::new();
    repo.git(&["remote", "add", "origin", "https://github.com/acme/shop.git"]);
    let issues = [
        (20, "Gift wrapping", "blocked"),
        (21, "Card checkout fails", "P0"),
        (22, "Search is down", "sev1"),
        (23, "Outage in the EU", "incident"),
        (24, "Refunds are lost", "priority: critical"),
        (25, "Dark mode", ""),
    ];
    let mut export = Vec::new();
    for (n, title, label) in issues {
        repo.commit(
            &format!("feat: step towards {n}\n\nRefs #{n}"),
            &format!("2026-11-17T1{}:00:00Z", n - 20),
        );
        let labels: Vec<Value> =
            [label].iter().filter(|l| !l.is_empty()).map(|l| json!({"name": l})).collect();
        export.push(json!({"number": n, "title": title, "labels": labels, "state": "OPEN"}));
    }
    let file = repo.home().join("issues.json");
    std::fs::write(&file, Value::Array(export).to_string()).unwrap();
    let args = ["--week", "2026-W47", "--tz", "UTC", "--tracker-file", file.to_str().unwrap()];

    let brief = repo.json(&args);
    let attention: Vec<(String, String)> = brief["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["reason"].as_str().unwrap().to_string(), r["refs"][0].as_str().unwrap().to_string()))
        .collect();
    let expected = [
        ("critical", "#21"),
        ("critical", "#22"),
        ("critical", "#23"),
        ("critical", "#24"),
        ("blocked", "#20"),
    ];
    assert_eq!(attention, expected.map(|(r, n)| (r.to_string(), n.to_string())), "{}", brief["attention"]);
    let open: Vec<&str> =
        brief["in_progress"].as_array().unwrap().iter().map(|t| t["ref"].as_str().unwrap()).collect();
    assert_eq!(open, ["#25"]);

    let markdown = repo.markdown(&args);
    assert!(markdown.contains("; 4 items are marked critical."), "{markdown}");
    let needs = markdown.split("## Needs attention").nth(1).expect("a Needs attention section");
    let needs = needs.split("\n## ").next().unwrap();
    assert!(
        needs.contains("marked critical in the issue tracker, and not closed yet: “Card checkout fails”"),
        "{needs}"
    );
    assert!(needs.contains("blocked in the issue tracker: “Gift wrapping” ([#20]"), "{needs}");
}

/// Every format's brief of the realistic week, byte for byte (with the numbers'
/// trend over the weeks before and the lines changed): a change to the code
/// that is not meant to change what a reader sees must leave these as they are.
#[test]
fn every_format_of_the_realistic_week_is_pinned() {
    let f = fortnight();
    // Commit ids depend on nothing but the fixture; masked all the same, so
    // that a change to the fixture rewrites only the lines it touches.
    let ids = Regex::new(r"\b[0-9a-f]{7,40}\b").unwrap();
    for (format, extra) in [
        ("json", &[][..]),
        ("markdown", &["--stats", "--trend", "2"][..]),
        ("text", &["--color", "never"][..]),
        ("html", &["--trend", "2"][..]),
    ] {
        let mut args = vec!["--format", format, "--week", "2026-W47"];
        args.extend_from_slice(extra);
        let out = f.repo.brief(&args).success().get_output().stdout.clone();
        let out = String::from_utf8(out).expect("UTF-8 brief");
        insta::assert_snapshot!(
            format!("realistic_week_every_format_{format}"),
            ids.replace_all(&out, "<id>")
        );
    }
}
