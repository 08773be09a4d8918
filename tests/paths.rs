//! `--path`: a team's part of a monorepo. The commit set must be exactly
//! `git rev-list --no-merges A..B -- PATHS`, with git's pathspecs and its
//! history simplification; pull requests stay whole units, told by the
//! commits that touch the paths.

mod common;

use common::{commit_ids, fails, Repo};

/// Commits `message` at `date` changing `files` (each gets a new line).
fn change(repo: &Repo, files: &[&str], message: &str, date: &str) -> String {
    for file in files {
        let full = repo.path.join(file);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        let mut text = std::fs::read_to_string(&full).unwrap_or_default();
        text.push_str(&format!("{message}\n"));
        std::fs::write(&full, text).unwrap();
        repo.git(&["add", file]);
    }
    repo.git_at(date, &["commit", "-q", "--allow-empty", "-m", message]);
    repo.git(&["rev-parse", "HEAD"])
}

/// Three services and docs; pull requests that cut across them, one that
/// touches one service, one whose branch undoes its own change (the merge
/// changes nothing there), an octopus, and commits on main.
fn monorepo() -> Repo {
    let repo = Repo::new();
    let day = |d: u32, h: u32| format!("2026-11-{d:02}T{h:02}:00:00+01:00");
    change(
        &repo,
        &["services/api/main.rs", "services/web/app.js", "services/billing/lib.rs", "docs/README.md"],
        "chore: start",
        &day(2, 9),
    );

    // A pull request across api and web.
    repo.branch("feature/export");
    change(&repo, &["services/api/export.rs"], "feat(api): export endpoint", &day(16, 9));
    change(&repo, &["services/web/export.js"], "feat(web): export button", &day(16, 10));
    change(&repo, &["docs/export.md"], "docs: how to export", &day(16, 11));
    repo.checkout("main");
    repo.merge(
        "feature/export",
        "Merge pull request #41 from acme/feature/export\n\nCustomers can export their orders",
        &day(16, 15),
    );

    // Web only.
    repo.branch("fix/layout");
    change(&repo, &["services/web/layout.css"], "fix(web): layout on phones", &day(17, 9));
    repo.checkout("main");
    repo.merge(
        "fix/layout",
        "Merge pull request #42 from acme/fix/layout\n\nThe page fits a phone",
        &day(17, 12),
    );

    // Billing changed and changed back on its branch: the merge changes
    // nothing in billing, so git does not follow the branch for it.
    repo.branch("spike/billing");
    change(
        &repo,
        &["services/billing/lib.rs", "services/api/billing.rs"],
        "feat(billing): try a new rounding",
        &day(18, 9),
    );
    repo.git_at(&day(18, 10), &["revert", "--no-edit", "HEAD"]);
    repo.checkout("main");
    repo.merge(
        "spike/billing",
        "Merge pull request #43 from acme/spike/billing\n\nRounding spike",
        &day(18, 15),
    );

    // Direct commits, and a docs-only one.
    change(&repo, &["services/api/main.rs"], "perf(api): cache prices", &day(19, 9));
    change(&repo, &["docs/README.md"], "docs: the new cache", &day(19, 10));
    change(
        &repo,
        &["services/billing/lib.rs", "services/web/app.js"],
        "fix: totals in web and billing",
        &day(19, 11),
    );

    // An octopus of two topics.
    repo.branch("topic/a");
    change(&repo, &["services/api/a.rs"], "feat(api): topic a", &day(20, 9));
    repo.checkout("main");
    repo.branch("topic/b");
    change(&repo, &["services/web/b.js"], "feat(web): topic b", &day(20, 10));
    repo.checkout("main");
    repo.git_at(
        &day(20, 15),
        &["merge", "-q", "--no-ff", "-m", "Merge branches 'topic/a' and 'topic/b'", "topic/a", "topic/b"],
    );
    change(&repo, &["services/api/late.rs"], "feat(api): after the window", &day(24, 9));
    repo
}

const SPECS: &[&[&str]] = &[
    &["services/api"],
    &["services/web/"],
    &["services/billing"],
    &["services/api", "services/web"],
    &["services", ":(exclude)services/web"],
    &[":!docs"],
    &["docs/*.md"],
    &["services/api/main.rs"],
];

#[test]
fn the_commits_are_those_git_rev_list_gives_for_the_paths() {
    let repo = monorepo();
    let start = repo.git(&["rev-parse", "HEAD~8"]);
    let end = repo.git(&["rev-parse", "HEAD~1"]);
    let range = format!("{start}..{end}");
    for spec in SPECS {
        let mut args = vec!["--range", range.as_str()];
        for path in *spec {
            args.extend_from_slice(&["--path", path]);
        }
        let brief = repo.json(&args);
        let mut expected = repo.rev_list(&[&["--no-merges", range.as_str(), "--"], *spec].concat());
        expected.sort();
        assert_eq!(commit_ids(&brief), expected, "--path {spec:?}");
        assert_eq!(brief["window"]["paths"], serde_json::json!(spec));
    }
}

#[test]
fn a_week_with_paths_is_the_week_limited_to_them() {
    let repo = monorepo();
    // The week's bounds as first-parent commits, as the brief reads them.
    let before = |date: &str| {
        repo.git(&["log", "--first-parent", "-1", "--format=%H", &format!("--before={date}"), "main"])
    };
    let range = format!("{}..{}", before("2026-11-15T23:59:59+01:00"), before("2026-11-22T23:59:59+01:00"));
    for spec in SPECS {
        let mut args = vec!["--week", "2026-W47", "--tz", "Europe/Berlin"];
        for path in *spec {
            args.extend_from_slice(&["--path", path]);
        }
        let mut expected = repo.rev_list(&[&["--no-merges", range.as_str(), "--"], *spec].concat());
        expected.sort();
        assert_eq!(commit_ids(&repo.json(&args)), expected, "--path {spec:?}");
    }
}

#[test]
fn a_pull_request_that_touches_the_paths_stays_one_unit() {
    let repo = monorepo();
    let brief = repo.json(&["--week", "2026-W47", "--tz", "Europe/Berlin", "--path", "services/web"]);
    let units = brief["units"].as_array().unwrap();
    let export = units.iter().find(|u| u["number"] == "#41").expect("the export pull request");
    assert_eq!(export["title"], "Customers can export their orders");
    assert_eq!(export["commits"].as_array().unwrap().len(), 1, "with its web commit only");
    assert!(units.iter().all(|u| u["number"] != "#43"), "the billing spike changed nothing in web");
    let delivered: Vec<&str> =
        brief["delivered"].as_array().unwrap().iter().map(|o| o["text"].as_str().unwrap()).collect();
    assert!(delivered.contains(&"Customers can export their orders"), "{delivered:?}");
    assert!(
        !delivered.iter().any(|t| t.contains("cache prices") || t.contains("Cache prices")),
        "{delivered:?}"
    );
    // The configuration's paths, when the command line gives none.
    repo.write(".git-brief.toml", "[brief]\npaths = [\"services/web\"]\n");
    let configured = repo.json(&["--week", "2026-W47", "--tz", "Europe/Berlin"]);
    assert_eq!(commit_ids(&configured), commit_ids(&brief));
    let overridden = repo.json(&["--week", "2026-W47", "--tz", "Europe/Berlin", "--path", "services/api"]);
    assert_ne!(commit_ids(&overridden), commit_ids(&brief));
}

#[test]
fn a_path_git_could_not_read_is_a_usage_error() {
    let repo = monorepo();
    fails(repo.brief_command(&["--path", "../elsewhere"]), 2, &["--path", "../elsewhere", "relative"]);
    fails(repo.brief_command(&["--path", ":(icase)API"]), 2, &["--path", "magic"]);
}

#[test]
fn dots_and_doubled_slashes_are_the_paths_git_reads() {
    let repo = monorepo();
    let start = repo.git(&["rev-parse", "HEAD~8"]);
    let end = repo.git(&["rev-parse", "HEAD~1"]);
    let range = format!("{start}..{end}");
    for (spelt, meant) in [
        (".", "."),
        ("./", "."),
        ("services/.", "services"),
        ("services/./api", "services/api"),
        ("services//web", "services/web"),
        ("./services/api/", "services/api"),
    ] {
        let brief = repo.json(&["--range", &range, "--path", spelt]);
        let mut expected = repo.rev_list(&["--no-merges", &range, "--", meant]);
        expected.sort();
        assert!(!expected.is_empty(), "{meant}");
        assert_eq!(commit_ids(&brief), expected, "--path {spelt}");
    }
    // The configuration's `.` is the whole tree too.
    repo.write(".git-brief.toml", "[brief]\npaths = [\".\"]\n");
    let mut all = repo.rev_list(&["--no-merges", &range, "--", "."]);
    all.sort();
    assert_eq!(commit_ids(&repo.json(&["--range", &range])), all);
}

#[test]
fn a_path_that_names_nothing_is_an_error_that_names_it() {
    let repo = monorepo();
    let week = ["--week", "2026-W47", "--tz", "Europe/Berlin"];
    for typo in ["services/ap", "service/api", "docs/*.mdx"] {
        let stderr = fails(repo.brief_command(&[&week[..], &["--path", typo]].concat()), 2, &[typo]);
        assert!(stderr.contains("names nothing") && stderr.contains("spelling"), "{stderr}");
    }
    // The configuration's paths likewise, and one typo among good paths.
    repo.write(".git-brief.toml", "[brief]\npaths = [\"services/api\", \"services/payment\"]\n");
    fails(repo.brief_command(&week), 2, &["'services/payment'", "[brief] paths"]);
    repo.git(&["rm", "-q", "--cached", ".git-brief.toml"]);
    std::fs::remove_file(repo.path.join(".git-brief.toml")).unwrap();
    // An exclusion may name nothing, as in git.
    repo.json(&[&week[..], &["--path", "services", "--path", ":!services/legacy"]].concat());
}

#[test]
fn a_path_gone_from_the_tip_is_still_briefed_where_it_was() {
    let repo = monorepo();
    let week = |week: &str| ["--week", week, "--tz", "Europe/Berlin", "--path", "tools"].map(str::to_string);
    change(&repo, &["tools/gen.sh"], "chore: a generator", "2026-11-25T09:00:00+01:00");
    repo.git_at("2026-12-08T09:00:00+01:00", &["rm", "-q", "-r", "tools"]);
    repo.git_at("2026-12-08T09:00:00+01:00", &["commit", "-q", "-m", "chore: drop the generator"]);
    change(&repo, &["services/api/x.rs"], "feat(api): later", "2026-12-15T09:00:00+01:00");
    let run = |week: &[String]| repo.json(&week.iter().map(String::as_str).collect::<Vec<_>>());
    // A quiet week while it existed: a quiet week, not an error.
    assert!(run(&week("2026-W49"))["commits"].as_array().unwrap().is_empty());
    // Deleted in the window: the deletion is the window's.
    assert_eq!(run(&week("2026-W50"))["commits"].as_array().unwrap().len(), 1);
    // Gone before the window and not in it: nothing to brief, and said so.
    let args = week("2026-W51");
    fails(repo.brief_command(&args.iter().map(String::as_str).collect::<Vec<_>>()), 2, &["'tools'"]);
}

#[test]
fn a_directory_named_like_a_glob_is_that_directory_and_the_title_names_the_path() {
    let repo = monorepo();
    change(&repo, &["app/[id]/page.tsx"], "feat: the order page", "2026-11-17T09:00:00+01:00");
    change(&repo, &["app/i/page.tsx"], "feat: the index page", "2026-11-17T10:00:00+01:00");
    let week = ["--week", "2026-W47", "--tz", "Europe/Berlin"];
    let brief = repo.json(&[&week[..], &["--path", "app/[id]"]].concat());
    let mut expected = repo.rev_list(&["--no-merges", "HEAD~2..HEAD", "--", "app/[id]"]);
    assert_eq!(expected.len(), 1);
    expected.sort();
    assert_eq!(commit_ids(&brief), expected);
    assert!(brief["title"].as_str().unwrap().contains("(app/[id])"), "{}", brief["title"]);
    // A glob that names no directory is a glob.
    let brief = repo.json(&[&week[..], &["--path", "app/*/page.tsx"]].concat());
    assert_eq!(commit_ids(&brief).len(), 2);

    let markdown =
        repo.markdown(&[&week[..], &["--path", "services/api", "--path", ":!services/api/legacy"]].concat());
    assert!(
        markdown.starts_with(
            "# Weekly brief — shop (services/api without services/api/legacy) · 16–22 Nov 2026\n"
        ),
        "{markdown}"
    );
    let markdown = repo.markdown(&week);
    assert!(markdown.starts_with("# Weekly brief — shop · 16–22 Nov 2026\n"), "{markdown}");
}
