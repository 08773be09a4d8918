//! Evidence outranks wording: realistic histories for each kind of evidence
//! (advisories, the paths a unit touches, the authors' changelog text,
//! release bookkeeping, deprecations and removals), each brief's buckets,
//! evidence, outcome text and headline stated as worked out by hand.

mod common;

use common::Repo;
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "UTC"];
const MON: &str = "2026-11-16T10:00:00Z";
const TUE: &str = "2026-11-17T10:00:00Z";
const WED: &str = "2026-11-18T10:00:00Z";
const THU: &str = "2026-11-19T10:00:00Z";

/// A repository with a product file and a test file from before the week.
fn product() -> Repo {
    let repo = Repo::new();
    repo.commit_files(
        "Initial import",
        "2026-11-02T10:00:00Z",
        &[
            ("src/cart.rs", "fn total() {}\n"),
            ("tests/cart.rs", "#[test] fn t() {}\n"),
            ("README.md", "Shop\n"),
        ],
    );
    repo
}

fn brief(repo: &Repo) -> Value {
    repo.json(WEEK)
}

/// Each unit as `bucket (reason) by evidence: title`.
fn units(brief: &Value) -> Vec<String> {
    brief["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let reason = u["reason"].as_str().map(|r| format!(" ({r})")).unwrap_or_default();
            format!(
                "{}{reason} by {}: {}",
                u["bucket"].as_str().unwrap(),
                u["evidence"].as_str().unwrap(),
                u["title"].as_str().unwrap()
            )
        })
        .collect()
}

fn texts(brief: &Value, section: &str) -> Vec<String> {
    brief[section].as_array().unwrap().iter().map(|o| o["text"].as_str().unwrap().to_string()).collect()
}

fn notes(brief: &Value) -> Vec<String> {
    brief["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{}: {}", r["note"].as_str().unwrap(), r["text"].as_str().unwrap()))
        .collect()
}

#[test]
fn an_advisory_merge_from_a_private_fork_is_a_security_fix_in_the_headline() {
    let repo = product();
    repo.branch("ghsa");
    repo.commit_files(
        "Only the main frame may call app commands",
        TUE,
        &[("src/ipc.rs", "fn allowed() -> bool { false }\n")],
    );
    repo.checkout("main");
    repo.merge(
        "ghsa",
        "Merge pull request from GHSA-57fm-592m-34r7\n\n* Only the main frame may call app commands",
        WED,
    );
    repo.commit_files("fix: round the total", THU, &[("src/cart.rs", "fn total() { round() }\n")]);
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        [
            "fixed by convention: fix: round the total",
            "attention (security) by advisory: Only the main frame may call app commands"
        ]
    );
    assert_eq!(b["units"][1]["advisories"], serde_json::json!(["GHSA-57fm-592m-34r7"]));
    assert_eq!(
        notes(&b),
        ["a security fix shipped (GHSA-57fm-592m-34r7): Only the main frame may call app commands"]
    );
    assert_eq!(b["headline"], "The team fixed 2 problems; one security fix shipped.");
}

#[test]
fn a_dependency_update_that_names_a_cve_is_one_attention_line() {
    let repo = product();
    for (name, date) in [("serde", MON), ("regex", WED)] {
        repo.commit_by(
            &format!("chore(deps): bump {name} to the latest patch"),
            date,
            ("dependabot[bot]", "bot@example.com"),
        );
    }
    repo.commit_by(
        "chore(deps): bump tar from 6.2.0 to 6.2.1\n\nFixes CVE-2026-17106: files written outside the destination from a crafted archive.",
        TUE,
        ("dependabot[bot]", "bot@example.com"),
    );
    let b = brief(&repo);
    assert_eq!(
        notes(&b),
        ["a dependency update closes a known vulnerability (CVE-2026-17106): Bump tar from 6.2.0 to 6.2.1"]
    );
    assert_eq!(b["maintenance"]["summary"], "2 maintenance changes (2 dependency updates).");
    assert_eq!(b["headline"], "The team fixed one problem; one security fix shipped.");
    // Told once: the security release is no plain "Released version" too.
    assert_eq!(b["releases"], serde_json::json!([]));
}

#[test]
fn the_authors_word_that_it_is_no_security_issue_wins() {
    let repo = product();
    repo.commit_files(
        "fix: reject paths with a parent component\n\nReported as a path traversal; the maintainers decided this is not a security issue,\nsince the path comes from the user's own configuration.",
        TUE,
        &[("src/config.rs", "fn load() {}\n")],
    );
    repo.commit_files("Harden the session cookie flags", WED, &[("src/session.rs", "fn cookie() {}\n")]);
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        [
            "maintenance by wording: Harden the session cookie flags",
            "fixed by convention: fix: reject paths with a parent component"
        ]
    );
    assert!(b["attention"].as_array().unwrap().is_empty());
    assert_eq!(b["headline"], "The team fixed one problem.");
}

#[test]
fn fixes_of_tests_ci_and_scripts_are_maintenance_whatever_their_words() {
    let repo = product();
    repo.commit_files(
        "Fix bug in CartTest.testRounding()",
        MON,
        &[("tests/cart.rs", "#[test] fn rounding() {}\n")],
    );
    repo.commit_files("fix: flaky upload step", TUE, &[(".github/workflows/ci.yml", "on: push\n")]);
    repo.commit_files(
        "scripts/sync-branch: Fix non-interactive merge",
        WED,
        &[("scripts/sync-branch", "#!/bin/sh\n")],
    );
    repo.commit_files("Fix the crash on an empty cart", THU, &[("src/cart.rs", "fn total() { 0 }\n")]);
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        [
            "fixed by wording: Fix the crash on an empty cart",
            "maintenance by wording: scripts/sync-branch: Fix non-interactive merge",
            "maintenance by paths: fix: flaky upload step",
            "maintenance by paths: Fix bug in CartTest.testRounding()"
        ]
    );
    assert_eq!(texts(&b, "fixed"), ["Fix the crash on an empty cart"]);
    assert_eq!(b["headline"], "The team fixed one problem.");
}

#[test]
fn a_docs_only_change_that_closes_an_issue_is_not_a_delivery() {
    let repo = product();
    repo.commit_files("Refund window explained\n\nCloses #41", TUE, &[("docs/refunds.md", "# Refunds\n")]);
    let b = brief(&repo);
    assert_eq!(units(&b), ["maintenance by paths: Refund window explained"]);
    assert!(b["delivered"].as_array().unwrap().is_empty());
    assert_eq!(b["headline"], "The team worked behind the scenes.");
}

#[test]
fn changesets_decide_and_their_text_is_the_outcome_line() {
    let repo = product();
    repo.commit_files(
        "chore: set up changesets",
        "2026-11-03T10:00:00Z",
        &[(".changeset/config.json", "{}\n")],
    );
    repo.commit_files(
        "Stub out imports in client modules (#14751)",
        TUE,
        &[
            ("packages/astro/src/vite.ts", "export {}\n"),
            (".changeset/calm-dogs.md", "---\n'astro': patch\n---\n\nFixes a build error when a client module imports a server component.\n"),
        ],
    );
    repo.commit_files(
        "feat(node): base option (#14760)",
        WED,
        &[
            ("packages/node/src/index.ts", "export {}\n"),
            (
                ".changeset/brave-cats.md",
                "---\n'@astrojs/node': minor\n---\n\nAdds a `base` option to the Node adapter.\n",
            ),
        ],
    );
    repo.commit_files(
        "refactor!: drop the legacy flag (#14770)",
        THU,
        &[
            ("packages/astro/src/flags.ts", "export {}\n"),
            (".changeset/old-owls.md", "---\n'astro': major\n---\n\nRemoves the `legacy` flag.\n"),
        ],
    );
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        [
            "attention (breaking) by convention: refactor!: drop the legacy flag (#14770)",
            "delivered by convention: feat(node): base option (#14760)",
            "fixed by fragment: Stub out imports in client modules (#14751)"
        ]
    );
    assert_eq!(texts(&b, "delivered"), ["Adds a base option to the Node adapter"]);
    assert_eq!(texts(&b, "fixed"), ["Fixes a build error when a client module imports a server component"]);
}

#[test]
fn towncrier_fragments_name_their_kind_in_the_file_name() {
    let repo = product();
    repo.commit_files(
        "Retry on a reset connection",
        TUE,
        &[
            ("src/pool.py", "x = 1\n"),
            (
                "newsfragments/3120.bugfix.md",
                "Requests no longer hang when the server resets the connection.\n",
            ),
        ],
    );
    repo.commit_files(
        "Tidy the pool",
        WED,
        &[("src/pool.py", "x = 2\n"), ("newsfragments/3121.misc.md", "\n")],
    );
    repo.commit_files(
        "Warn about the proxies argument",
        THU,
        &[
            ("src/client.py", "x = 3\n"),
            ("newsfragments/3122.deprecation.md", "The `proxies` argument is deprecated; use `proxy`.\n"),
        ],
    );
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        [
            "attention (deprecated) by fragment: Warn about the proxies argument",
            "maintenance by fragment: Tidy the pool",
            "fixed by fragment: Retry on a reset connection"
        ]
    );
    assert_eq!(texts(&b, "fixed"), ["Requests no longer hang when the server resets the connection"]);
    assert_eq!(
        notes(&b),
        ["deprecated: users should move away from it: The proxies argument is deprecated; use proxy"]
    );
    assert_eq!(b["headline"], "The team fixed one problem; one deprecation asks users to move.");
}

#[test]
fn gitlab_changelog_trailers_and_merge_queue_changelog_lines_decide() {
    let repo = product();
    repo.git(&["remote", "add", "origin", "https://gitlab.com/acme/shop.git"]);
    repo.branch("totals");
    repo.commit_files(
        "Round totals per line\n\nChangelog: fixed",
        TUE,
        &[("src/cart.rs", "fn total() { 1 }\n")],
    );
    repo.checkout("main");
    repo.merge(
        "totals",
        "Merge branch 'totals' into 'main'\n\nRound totals per line\n\nSee merge request acme/shop!34",
        WED,
    );
    repo.branch("queue");
    repo.commit_files("Cache the tax tables", WED, &[("src/tax.rs", "fn t() {}\n")]);
    repo.checkout("main");
    repo.merge(
        "queue",
        "Merge #77\n\n77: Cache the tax tables r=ada a=linus\n\nchangelog: Checkout pages load twice as fast",
        THU,
    );
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        ["delivered by changelog: Cache the tax tables", "fixed by changelog: Round totals per line"]
    );
    assert_eq!(b["units"][1]["number"], "!34");
    assert_eq!(texts(&b, "delivered"), ["Checkout pages load twice as fast"]);
}

#[test]
fn a_maven_changes_xml_twin_is_folded_into_nothing_and_its_line_speaks() {
    let repo = product();
    let before = "<document><body><release version=\"2.1\">\n</release></body></document>\n";
    repo.commit_files(
        "Start the changes file",
        "2026-11-03T10:00:00Z",
        &[("src/changes/changes.xml", before)],
    );
    let after = "<document><body><release version=\"2.1\">\n<action type=\"fix\" dev=\"ada\">Fix a file handle leak in FileEntry.</action>\n</release></body></document>\n";
    repo.commit_files(
        "Close the stream in FileEntry",
        TUE,
        &[("src/main/java/FileEntry.java", "class FileEntry {}\n"), ("src/changes/changes.xml", after)],
    );
    let later = after
        .replace("</release>", "<action type=\"add\" dev=\"ada\">Add streaming reads.</action>\n</release>");
    repo.commit_files("Add changelog entry", WED, &[("src/changes/changes.xml", &later)]);
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        ["noise by wording: Add changelog entry", "fixed by changelog: Close the stream in FileEntry"]
    );
    assert_eq!(texts(&b, "fixed"), ["Fix a file handle leak in FileEntry"]);
}

#[test]
fn a_wrapped_subject_is_read_whole() {
    let repo = product();
    repo.commit_files(
        "The '-i' shorthand for --ignore-case was broken in a modernization of the\noption parser and has been restored.",
        TUE,
        &[("src/args.rs", "fn parse() {}\n")],
    );
    let b = brief(&repo);
    let text = texts(&b, "fixed").concat() + &texts(&b, "delivered").concat();
    assert!(text.ends_with("has been restored"), "{text}");
}

#[test]
fn deprecations_removed_options_and_new_defaults() {
    let repo = product();
    repo.commit_files("Deprecate the v1 export endpoint", MON, &[("src/export.rs", "fn v1() {}\n")]);
    repo.commit_files("Remove the --legacy-auth option", TUE, &[("src/args.rs", "fn parse() {}\n")]);
    repo.commit_files("Enable the HTTP/2 client by default", WED, &[("src/http.rs", "fn h2() {}\n")]);
    // The authors' word that a removal is a clean-up: nothing users act on.
    repo.commit_files(
        "cleanup: remove suggestfor from wait command",
        THU,
        &[("src/wait.rs", "fn wait() {}\n")],
    );
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        [
            "maintenance by convention: cleanup: remove suggestfor from wait command",
            "delivered by wording: Enable the HTTP/2 client by default",
            "attention (breaking) by wording: Remove the --legacy-auth option",
            "attention (deprecated) by wording: Deprecate the v1 export endpoint"
        ]
    );
    assert_eq!(b["headline"], "The team delivered one improvement; one breaking change needs coordination.");
}

#[test]
fn a_stricter_default_and_repairs_of_security_guards_need_attention() {
    let repo = product();
    repo.commit_files(
        "Remove tailwindcss from the default security.exec.allow list (note)\n\nFixes #15178",
        MON,
        &[("src/security.rs", "const ALLOW: &[&str] = &[\"sass\"];\n")],
    );
    repo.commit_files(
        "markup/highlight: Escape lang in default code block rendering",
        TUE,
        &[("src/highlight.rs", "fn lang() {}\n")],
    );
    repo.commit_files(
        "Fix prevention of direct symlink reads in resources.Get",
        WED,
        &[("src/fs.rs", "fn open() {}\n")],
    );
    // A symlink bug that guards nothing is an ordinary fix.
    repo.commit_files("Fix symlink reads on Windows", THU, &[("src/fs.rs", "fn open() { /* win */ }\n")]);
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        [
            "fixed by wording: Fix symlink reads on Windows",
            "attention (security) by wording: Fix prevention of direct symlink reads in resources.Get",
            "attention (security) by wording: markup/highlight: Escape lang in default code block rendering",
            "attention (breaking) by wording: Remove tailwindcss from the default security.exec.allow list (note)"
        ]
    );
    assert_eq!(
        notes(&b),
        [
            "a security fix shipped: Escape lang in default code block rendering",
            "a security fix shipped: Fix prevention of direct symlink reads in resources.Get",
            "a breaking change that users of the system must adapt to: Remove tailwindcss from the default security.exec.allow list"
        ]
    );
    assert_eq!(
        b["headline"],
        "The team fixed 3 problems; one breaking change needs coordination; 2 security fixes shipped."
    );
}

#[test]
fn a_fix_made_by_a_dependency_bump_ships_and_dropping_symlinks_is_security() {
    let repo = product();
    repo.commit_files(
        "Add go module",
        "2026-11-03T10:00:00Z",
        &[("go.mod", "module shop\n"), ("go.sum", "")],
    );
    // The fix is the new version of a library, proven by a test.
    repo.commit_files(
        "tpl/time: Fix locale-specific month abbreviations\n\nCloses #14948",
        MON,
        &[
            ("go.mod", "module shop\nrequire locales v0.16.0\n"),
            ("go.sum", "locales v0.16.0 h1:x\n"),
            ("tpl/time/time_integration_test.go", "package time\n"),
        ],
    );
    // A feature's words on a dependency manifest alone stay behind the scenes.
    repo.commit_files("go.mod: add back replace rules", TUE, &[("go.mod", "module shop\nreplace a => b\n")]);
    repo.commit_files(
        "Drop symlinks in os.ReadDir, os.ReadFile, os.Stat and os.FileExists\n\nFixes #15019",
        WED,
        &[("hugofs/nosymlinks_fs.go", "package hugofs\n"), ("tests/no_symlinks.txt", "ok\n")],
    );
    // A toolchain bump whose fix is of its own warnings does not ship.
    repo.commit_files(
        "Update go.mod to go 1.26, fix 1.26 vet errors",
        THU,
        &[("go.mod", "module shop\ngo 1.26\n"), ("tests/describe_test.go", "package describe\n")],
    );
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        [
            "maintenance by wording: Update go.mod to go 1.26, fix 1.26 vet errors",
            "attention (security) by wording: Drop symlinks in os.ReadDir, os.ReadFile, os.Stat and os.FileExists",
            "maintenance by paths: go.mod: add back replace rules",
            "fixed by wording: tpl/time: Fix locale-specific month abbreviations"
        ]
    );
    assert_eq!(texts(&b, "fixed"), ["Fix locale-specific month abbreviations"]);
    assert_eq!(b["headline"], "The team fixed 2 problems; one security fix shipped.");
}

#[test]
fn release_bookkeeping_is_noise() {
    let repo = product();
    for (subject, date) in [
        ("Start Git 2.56 cycle", MON),
        ("The 6th batch", MON),
        ("start version 3.1.3", TUE),
        ("docs: release notes for the v22.0.8 release", TUE),
        ("chore: prepare Tokio v1.51.4", WED),
    ] {
        repo.commit_files(subject, date, &[("src/version.rs", subject)]);
    }
    repo.commit_files("Update the changelog", THU, &[("CHANGELOG.md", "## 1.2\n\n### Fixed\n\n- Totals\n")]);
    let b = brief(&repo);
    assert!(units(&b).iter().all(|u| u.starts_with("noise")), "{:?}", units(&b));
    assert_eq!(b["noise"], 6);
    assert!(b["fixed"].as_array().unwrap().is_empty() && b["delivered"].as_array().unwrap().is_empty());
    assert_eq!(b["headline"], "The team worked behind the scenes.");
}

#[test]
fn a_long_merge_summary_speaks_in_its_first_sentence() {
    let repo = product();
    repo.branch("ab/export");
    repo.commit_files("export: add streaming of rows", TUE, &[("src/export.rs", "fn rows() {}\n")]);
    repo.checkout("main");
    repo.merge(
        "ab/export",
        "Merge branch 'ab/export'\n\nExports of large order histories now stream instead of timing out. The old buffered path is kept behind a setting for a release, and the documentation explains how to move.\n\n* ab/export:\n  export: stream rows",
        WED,
    );
    let b = brief(&repo);
    let all = [texts(&b, "delivered"), texts(&b, "fixed")].concat();
    assert_eq!(all, ["Exports of large order histories now stream instead of timing out"]);
}

#[test]
fn a_release_whose_notes_name_advisories_is_a_security_release() {
    let repo = product();
    repo.commit_files(
        "Git 2.50.1",
        TUE,
        &[
            (
                "Documentation/RelNotes/2.50.1.adoc",
                "Git v2.50.1 Release Notes\n=========================\n\nThis release addresses the following CVEs:\nCVE-2025-27613, CVE-2025-48384.\n",
            ),
            ("GIT-VERSION-GEN", "DEF_VER=v2.50.1\n"),
        ],
    );
    repo.git(&["tag", "v2.50.1"]);
    // A release whose notes name none is bookkeeping, as before.
    repo.commit_files(
        "Git 2.50.2",
        WED,
        &[("Documentation/RelNotes/2.50.2.adoc", "Git v2.50.2 Release Notes\n\nFixes a crash in log.\n")],
    );
    let b = brief(&repo);
    assert_eq!(units(&b), ["noise by wording: Git 2.50.2", "attention (security) by advisory: Git 2.50.1"]);
    assert_eq!(b["units"][1]["advisories"], serde_json::json!(["CVE-2025-27613", "CVE-2025-48384"]));
    assert_eq!(
        notes(&b),
        ["a security release closes 2 known vulnerabilities (CVE-2025-27613, CVE-2025-48384): Git 2.50.1"]
    );
    // A release that closes two vulnerabilities is one release, not one fix.
    assert_eq!(b["headline"], "The team fixed one problem; one security release shipped.");
    // Told once: the security release is no plain "Released version" too.
    assert_eq!(b["releases"], serde_json::json!([]));
}

#[test]
fn a_security_fix_told_only_in_its_changeset_is_in_needs_attention() {
    let repo = product();
    repo.commit_files(
        "chore: set up changesets",
        "2026-11-03T10:00:00Z",
        &[(".changeset/config.json", "{}\n")],
    );
    repo.commit_files(
        "fix(errors): Only style valid URLs in the error overlay (#15324)",
        TUE,
        &[
            ("packages/astro/src/overlay.ts", "export {}\n"),
            (
                ".changeset/three-lizards-wish.md",
                "---\n'astro': patch\n---\n\nFixes an issue where certain unauthorized links could be rendered as clickable in the error overlay\n",
            ),
        ],
    );
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        ["attention (security) by fragment: fix(errors): Only style valid URLs in the error overlay (#15324)"]
    );
    assert_eq!(
        notes(&b),
        ["a security fix shipped: Fixes an issue where certain unauthorized links could be rendered as clickable in the error overlay"]
    );
    assert_eq!(b["headline"], "The team fixed one problem; one security fix shipped.");
}

#[test]
fn a_repair_of_an_earlier_security_fix_and_a_hard_to_exploit_fix_are_fixes() {
    let repo = product();
    repo.commit_files(
        "daemon: resolve in-container symlinks before mount ops\n\nThe security fix in GHSA-vp62-88p7-qqf5 switched the mounts to a rooted\nfile system, but stopped following symlinks inside the container.\n\nAny image with an absolute symlink on the mount path broke `docker cp`.",
        TUE,
        &[("src/mounts.rs", "fn mount() {}\n")],
    );
    repo.commit_files(
        "gappinfo: Validate extension file names\n\nThe extension is a component of a path, so it must not contain any path\ntraversal stuff. It would be difficult to exploit this, but let's fix it anyway.",
        WED,
        &[("src/appinfo.rs", "fn validate() {}\n")],
    );
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        [
            "fixed by wording: gappinfo: Validate extension file names",
            "fixed by wording: daemon: resolve in-container symlinks before mount ops"
        ]
    );
    assert!(b["attention"].as_array().unwrap().is_empty());
    assert_eq!(b["headline"], "The team fixed 2 problems.");
}

#[test]
fn groundwork_new_modules_and_unmeasured_tuning_stay_behind_the_scenes() {
    let repo = product();
    repo.commit_files("index: add some initial indexing scaffolding", MON, &[("src/index.rs", "//\n")]);
    repo.commit_files("core: add `index` module", MON, &[("src/core.rs", "mod index;\n")]);
    repo.commit_files("tool: optimize setopt use", TUE, &[("src/tool.rs", "fn setopt() {}\n")]);
    repo.commit_files("tsdb: avoid shadowing checkpoint metadata", TUE, &[("src/tsdb.rs", "fn cp() {}\n")]);
    repo.commit_files(
        "[ty] Minor: 'can not' => cannot",
        WED,
        &[("src/diag.rs", "// cannot\n"), ("tests/diag.rs", "// cannot\n")],
    );
    repo.commit_files("Speed up the cart page 3x", THU, &[("src/cart.rs", "fn total() { 1 }\n")]);
    let b = brief(&repo);
    assert_eq!(texts(&b, "delivered"), ["Speed up the cart page 3x"]);
    assert!(texts(&b, "fixed").is_empty());
    assert_eq!(
        b["maintenance"]["summary"],
        "5 maintenance changes (3 internal clean-ups, 1 internal speed-up, 1 other change)."
    );
}

/// A security release tagged on a maintenance branch, which the main branch
/// never sees that week: told in Needs attention and the headline, once per
/// set of advisories; a plain maintenance release is a release; a tag made
/// on another branch before the week, or a brief of another branch, tells
/// of neither.
#[test]
fn security_releases_tagged_on_other_branches_are_in_needs_attention() {
    let repo = product();
    repo.commit_files("Release 1.3.0", "2026-11-03T10:00:00Z", &[("CHANGELOG.md", "# 1.3.0\n\n- Carts.\n")]);
    repo.git(&["tag", "v1.3.0"]);
    repo.git(&["branch", "1.3.x"]);
    repo.git(&["branch", "1.2.x"]);
    repo.git(&["branch", "1.1.x"]);
    repo.commit_files("Add gift cards", MON, &[("src/gift.rs", "fn gift() {}\n")]);
    let release = |branch: &str, version: &str, day: &str, notes: &str| {
        repo.git(&["checkout", "--quiet", branch]);
        repo.commit_files(
            "Fix the totals rounding",
            day,
            &[("src/cart.rs", &format!("fn total() {{ /* {version} */ }}\n"))],
        );
        let changelog = format!("# {version}\n\n{notes}\n\n# 1.3.0\n\n- Carts.\n");
        repo.commit_files(&format!("Release {version}"), day, &[("CHANGELOG.md", &changelog)]);
        repo.git(&["tag", version]);
        repo.git(&["checkout", "--quiet", "main"]);
    };
    let fixes = "- Fix a path traversal in uploads (CVE-2026-1111).\n- Fix a denial of service in search (CVE-2026-2222).";
    release("1.3.x", "v1.3.1", TUE, fixes);
    release("1.2.x", "v1.2.9", WED, fixes);
    release("1.1.x", "v1.1.20", THU, "- Fix the totals rounding.");
    // Before the week: last week's release, not this one's.
    repo.git(&["checkout", "--quiet", "-b", "1.0.x", "v1.3.0"]);
    repo.commit_files(
        "Release 1.0.9",
        "2026-11-12T10:00:00Z",
        &[("CHANGELOG.md", "# 1.0.9\n\n- CVE-2026-3333.\n")],
    );
    repo.git(&["tag", "v1.0.9"]);
    repo.git(&["checkout", "--quiet", "main"]);

    let b = brief(&repo);
    assert_eq!(
        notes(&b),
        ["security releases close 2 known vulnerabilities (CVE-2026-1111, CVE-2026-2222): Released versions 1.3.1 and 1.2.9"]
    );
    assert_eq!(b["attention"][0]["area"], "General");
    assert_eq!(texts(&b, "releases"), ["Released version 1.1.20"]);
    assert_eq!(texts(&b, "delivered"), ["Add gift cards"]);
    assert_eq!(b["headline"], "The team delivered one improvement; 2 security releases shipped.");
    assert_eq!(common::kpi(&b, "releases"), (serde_json::json!(3), serde_json::json!(1)));

    // Another branch's brief tells of none of them.
    let on_branch = repo.json(&[WEEK, &["--branch", "1.1.x"]].concat());
    assert_eq!(on_branch["attention"], serde_json::json!([]), "{}", on_branch["attention"]);
}

/// The fix of a vulnerability on the main branch and its releases on the
/// maintenance branches in the same week are one line, not two.
#[test]
fn a_fix_and_its_releases_elsewhere_are_one_line() {
    let repo = product();
    repo.git(&["branch", "1.3.x"]);
    repo.commit_files(
        "Fix a heap overflow in uploads (CVE-2026-1111) (#12)",
        TUE,
        &[("src/cart.rs", "fn total() { /* bounded */ }\n")],
    );
    repo.git(&["checkout", "--quiet", "1.3.x"]);
    repo.commit_files(
        "Release 1.3.1",
        WED,
        &[("CHANGELOG.md", "# 1.3.1\n\n- Fix a heap overflow (CVE-2026-1111).\n")],
    );
    repo.git(&["tag", "v1.3.1"]);
    repo.git(&["checkout", "--quiet", "main"]);
    let b = brief(&repo);
    assert_eq!(
        notes(&b),
        ["a security fix shipped, also released as version 1.3.1: Fix a heap overflow in uploads (CVE-2026-1111)"]
    );
    assert_eq!(b["headline"], "The team fixed one problem; one security fix shipped.");
    assert_eq!(b["attention"][0]["commits"].as_array().unwrap().len(), 2, "the fix and the release");
}

/// A release branch merged back to the main branch with nothing but its
/// notes and version (the fixes reached main before): the merge is release
/// bookkeeping, and the security release it brings is told by its tag, once,
/// under its highest version name; a release of weeks ago it also brings is
/// not this week's.
#[test]
fn a_release_branch_brought_back_is_told_by_its_release_not_its_merge() {
    let repo = product();
    repo.commit_files(
        "Release 1.3.0",
        "2026-11-02T12:00:00Z",
        &[
            ("CHANGELOG.md", "# 1.3.0\n\n- Carts.\n"),
            ("VERSION", "1.3.0\n"),
            ("web/package.json", "{\n  \"version\": \"0.103.0\"\n}\n"),
        ],
    );
    repo.git(&["branch", "release-1.3"]);
    // The fix of the vulnerable dependency lands on main first, before the week.
    repo.commit_files(
        "Update the archive reader",
        "2026-11-10T10:00:00Z",
        &[("Cargo.lock", "archive 2.0.1\n")],
    );
    repo.checkout("release-1.3");
    let notes131 = "# 1.3.1\n\n- [BUGFIX] Fix the totals rounding.\n\n# 1.3.0\n\n- Carts.\n";
    repo.commit_files(
        "chore: prepare 1.3.1 changelog",
        "2026-11-04T10:00:00Z",
        &[("CHANGELOG.md", notes131)],
    );
    repo.git(&["tag", "v1.3.1"]);
    repo.commit_files(
        "build(deps): bump the archive reader to 2.0.1 (CVE-2026-4444)",
        MON,
        &[("Cargo.lock", "archive 2.0.1\n")],
    );
    let notes132 = format!("# 1.3.2\n\n- [SECURITY] Bump the archive reader (CVE-2026-4444).\n\n{notes131}");
    repo.commit_files(
        "chore: prepare 1.3.2 changelog",
        TUE,
        &[
            ("CHANGELOG.md", &notes132),
            ("VERSION", "1.3.2\n"),
            ("web/package.json", "{\n  \"version\": \"0.103.2\"\n}\n"),
        ],
    );
    repo.git(&["tag", "v1.3.2"]);
    repo.git(&["tag", "v0.103.2"]);
    repo.checkout("main");
    repo.commit_files("Add gift cards", MON, &[("src/gift.rs", "fn gift() {}\n")]);
    repo.merge(
        "release-1.3",
        "Merge pull request #50 from shop/merge-release-to-main\n\nchore: merge release 1.3.1, 1.3.2 to main",
        WED,
    );

    let b = brief(&repo);
    let merged = b["units"].as_array().unwrap().iter().find(|u| u["number"] == "#50").unwrap();
    assert_eq!(merged["bucket"], "noise", "{merged:#}");
    assert_eq!(merged["evidence"], "paths");
    assert_eq!(merged["advisories"], serde_json::json!(["CVE-2026-4444"]));
    assert_eq!(
        notes(&b),
        ["a security release closes a known vulnerability (CVE-2026-4444): Released version 1.3.2"]
    );
    assert_eq!(texts(&b, "releases"), Vec::<String>::new(), "1.3.1 shipped two weeks ago; 0.103.2 is 1.3.2");
    assert_eq!(texts(&b, "delivered"), ["Add gift cards"]);
    assert_eq!(b["headline"], "The team delivered one improvement; one security release shipped.");
    assert_eq!(common::kpi(&b, "releases"), (serde_json::json!(1), serde_json::json!(0)));
}

/// A security release tagged under embargo weeks before it ships reaches
/// the main branch in this week's merge: it is this week's release, and
/// counted, though its tag is older than the week.
#[test]
fn a_security_release_tagged_under_embargo_is_told_when_it_reaches_the_branch() {
    let repo = product();
    repo.commit_files("Release 1.3.0", "2026-10-26T10:00:00Z", &[("CHANGELOG.md", "# 1.3.0\n\n- Carts.\n")]);
    repo.git(&["branch", "maint"]);
    repo.commit_files("Add gift cards", MON, &[("src/gift.rs", "fn gift() {}\n")]);
    repo.checkout("maint");
    repo.commit_files(
        "Fix a path traversal in uploads",
        "2026-11-02T10:00:00Z",
        &[("src/cart.rs", "fn total() { /* no ../ */ }\n")],
    );
    repo.commit_files(
        "Release 1.3.1",
        "2026-11-03T10:00:00Z",
        &[(
            "CHANGELOG.md",
            "# 1.3.1\n\n- Fix a path traversal in uploads (CVE-2026-5555).\n\n# 1.3.0\n\n- Carts.\n",
        )],
    );
    repo.git_at("2026-11-03T11:00:00Z", &["tag", "-a", "-m", "1.3.1", "v1.3.1"]);
    repo.checkout("main");
    repo.merge("maint", "Sync with 1.3.1", WED);
    let b = brief(&repo);
    assert_eq!(
        notes(&b),
        ["a security release closes a known vulnerability (CVE-2026-5555): Release 1.3.1"],
        "{:#}",
        b["attention"]
    );
    assert_eq!(common::kpi(&b, "releases"), (serde_json::json!(1), serde_json::json!(0)));
}

/// git's own style: a test runner taught something, in its Makefile and its
/// numbered test scripts, is test work by its paths; a subject headed by a
/// numbered test script is test work by its words.
#[test]
fn a_makefile_and_test_scripts_change_is_test_work() {
    let repo = product();
    repo.commit_files("Add the build", "2026-11-02T11:00:00Z", &[("Makefile", "all:\n")]);
    repo.commit_files(
        "The test runner has been taught to run the unit tests in parallel",
        MON,
        &[("Makefile", "all:\ntest:\n"), ("t/t0080-unit-test-output.sh", "#!/bin/sh\n")],
    );
    repo.commit_files("t7528: fix the stash listing", TUE, &[("t/t7528-status.sh", "#!/bin/sh\nexit 0\n")]);
    repo.commit_files("The status learned to show stashes", WED, &[("src/status.rs", "fn stashes() {}\n")]);
    let b = brief(&repo);
    assert_eq!(
        units(&b),
        [
            "delivered by wording: The status learned to show stashes",
            "maintenance by wording: t7528: fix the stash listing",
            "maintenance by paths: The test runner has been taught to run the unit tests in parallel"
        ]
    );
    assert_eq!(b["headline"], "The team delivered one improvement.");
}
