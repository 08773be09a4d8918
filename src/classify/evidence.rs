//! What outranks the wording of a title: advisory identifiers and security
//! words anywhere in a unit's text (a negation wins), release bookkeeping,
//! and the paths a unit touches. Wording alone cannot tell a user-visible
//! fix from a test fix, or a security fix from a routine one; this evidence
//! can, and every unit records which signal decided its bucket.

use serde::{Deserialize, Serialize};

use crate::text::words;

/// The signal that decided a unit's bucket, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// An advisory id (CVE, GHSA, RUSTSEC, …), GitHub's advisory merge, or a
    /// dependency update marked as a security update.
    Advisory,
    /// A label in the issue tracker.
    Label,
    /// Text the authors wrote for users: a changelog line or trailer.
    Changelog,
    /// A changelog fragment the unit adds (changesets, towncrier, `.changes`).
    Fragment,
    /// The paths the unit touches: only tests, docs, CI, build or tooling.
    Paths,
    /// A type the author wrote in a convention (`fix:`, a gitmoji, a tag).
    Convention,
    /// The words of its title (a verb, security words, release words).
    Wording,
    /// Nothing said what it is.
    #[default]
    Default,
}

/// What a unit's text says about security.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// An advisory id, an advisory merge, a `[security]` update.
    Advisory,
    /// Words such as "vulnerability", "XSS", "path traversal".
    Words,
    /// The authors say it is not a security issue (or only hardening).
    Denied,
    None,
}

include!("evidence_words.rs");

/// Reads all the text of a unit (its title and body, its merge's message,
/// its commits' messages). A dependency update counts only by an advisory
/// id, a `[security]` marker or the word "vulnerability": its quoted release
/// notes speak of other projects' work.
pub fn security<'a>(texts: impl Iterator<Item = &'a str>, dependency: bool) -> Security {
    // Lower-cased once: every pattern here is caseless, and matches lower-case text as it is.
    let lowered: Vec<String> = texts.map(str::to_ascii_lowercase).collect();
    let texts = || lowered.iter().map(String::as_str);
    if texts().any(|t| DENIED.is_match(t) || EARLIER_FIX.is_match(t) && BROKE.is_match(t)) {
        return Security::Denied;
    }
    if texts().any(|t| ADVISORY_ID.is_match(t)) {
        return Security::Advisory;
    }
    fn subject(text: &str) -> &str {
        text.lines().next().unwrap_or("")
    }
    if texts().any(|t| subject(t).contains("[security]")) {
        return Security::Advisory;
    }
    let words = texts().any(|t| WORDS.is_match(t));
    if texts().any(|t| FORK_MERGE.is_match(t)) && (words || !dependency) {
        // Only GitHub's advisory flow merges from a private fork.
        return Security::Advisory;
    }
    if dependency && texts().any(|t| AUDIT.is_match(subject(t))) {
        return Security::Words;
    }
    match words {
        true if !dependency => Security::Words,
        // An update's own words: a vulnerability, or a security fix or update.
        true if texts().any(|t| DEPENDENCY_WORDS.is_match(t)) => Security::Words,
        _ => Security::None,
    }
}

/// The advisory ids of a unit's text, each once, in order.
pub fn advisory_ids<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for text in texts {
        for m in ADVISORY_ID.find_iter(text) {
            let id = m.to_ascii_uppercase();
            let id = match id.strip_prefix("GHSA") {
                Some(rest) => format!("GHSA{}", rest.to_ascii_lowercase()),
                None => id,
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// The advisory ids named in the lines a release adds to its notes (a
/// `RelNotes/2.50.1.adoc`, a changelog's new section): the vulnerabilities
/// the release closes. Release commits are small: every path is read. A
/// file that names no advisory adds none, so the version before is read
/// only for one that does (a long changelog is most of a year's reading).
pub fn released_advisories(commits: &[git2::Oid], paths: &dyn super::Paths) -> Vec<String> {
    let mut added = String::new();
    for &commit in commits {
        let Some(changed) = paths.changed(commit) else { continue };
        for path in changed.iter().filter(|p| super::paths::is_release_file(&p.to_ascii_lowercase())) {
            if !paths.file(commit, path).is_some_and(|new| names_an_advisory(&new)) {
                continue;
            }
            let Some((old, new)) = paths.contents(commit, path) else { continue };
            added_naming_advisories(old.as_deref().unwrap_or(""), &new, &mut added);
        }
    }
    advisory_ids(std::iter::once(added.as_str()))
}

/// Whether `text` names an advisory (`ADVISORY_ID` matches it somewhere),
/// found without reading a long changelog byte by byte: every id has a
/// hyphen after its database's name, which begins a word, and no id
/// spans two lines, so only the lines with such a hyphen are matched.
fn names_an_advisory(text: &str) -> bool {
    const NAMES: [&[u8]; 6] = [b"cve", b"ghsa", b"rustsec", b"pysec", b"go", b"osv"];
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'-', bytes).any(|at| {
        let before = &bytes[..at];
        // Most hyphens are a list's or a word's (`- fixed`, `non-blocking`):
        // the byte before them ends no name.
        let Some(last) = before.last().map(u8::to_ascii_lowercase) else { return false };
        let named = NAMES.iter().filter(|name| name.last() == Some(&last)).any(|name| {
            before.len() >= name.len()
                && before[before.len() - name.len()..].eq_ignore_ascii_case(name)
                && !before.len().checked_sub(name.len() + 1).is_some_and(|i| is_word_byte(bytes[i]))
        });
        named && {
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            ADVISORY_ID.is_match(&text[start..end])
        }
    })
}

/// ASCII's `\w`, as the `(?-u:\b)` of the advisory pattern tells words.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The lines of `new` that name an advisory and are nowhere in `old`,
/// pushed onto `added`. A release's notes grow a long file by a section:
/// the lines both versions begin and end with are skipped unread, and a
/// line is looked for in `old` only when it names an advisory.
fn added_naming_advisories(old: &str, new: &str, added: &mut String) {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let line_start = |text: &[u8], at: usize| at == 0 || text[at - 1] == b'\n';
    let mut prefix = o.iter().zip(n).take_while(|(a, b)| a == b).count();
    while !(line_start(n, prefix) && line_start(o, prefix)) {
        prefix -= 1;
    }
    let most = o.len().min(n.len()) - prefix;
    let mut suffix = o.iter().rev().zip(n.iter().rev()).take(most).take_while(|(a, b)| a == b).count();
    while suffix > 0 && !(line_start(n, n.len() - suffix) && line_start(o, o.len() - suffix)) {
        suffix -= 1;
    }
    let middle = &new[prefix..new.len() - suffix];
    for line in middle.lines().filter(|line| ADVISORY_ID.is_match(line)) {
        if !old.lines().any(|known| known == line) {
            added.push_str(line);
            added.push('\n');
        }
    }
}

/// A merge that brings a release branch back, and with it nothing but the
/// release's notes and version numbers ("merge release 3.13.2 to main"):
/// its fixes reached the branch before, so the release it brings tells it.
pub fn brings_back_only_notes(merge: git2::Oid, paths: &dyn super::Paths) -> bool {
    let Some(changed) = paths.changed(merge) else { return false };
    !changed.is_empty()
        && changed.iter().all(|path| {
            super::paths::is_release_file(&path.to_ascii_lowercase())
                || bumps_only_a_version(merge, path, paths)
        })
}

/// A manifest whose only changed lines name its version.
fn bumps_only_a_version(commit: git2::Oid, path: &str, paths: &dyn super::Paths) -> bool {
    const MANIFESTS: &[&str] = &[
        "package.json",
        "cargo.toml",
        "pom.xml",
        "pyproject.toml",
        "build.gradle",
        "build.gradle.kts",
        "gradle.properties",
        "setup.cfg",
        "meson.build",
    ];
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if !MANIFESTS.contains(&name.as_str()) {
        return false;
    }
    let Some((Some(old), new)) = paths.contents(commit, path) else { return false };
    let before: std::collections::HashSet<&str> = old.lines().collect();
    let after: std::collections::HashSet<&str> = new.lines().collect();
    before.symmetric_difference(&after).all(|line| line.to_ascii_lowercase().contains("version"))
}

/// Whether a title is release bookkeeping.
pub fn is_bookkeeping(title: &str) -> bool {
    let title = title.trim();
    // A release's bump names no change of its own; "release the new
    // scheduler" or "prepare for multi-region" does.
    let versioned = title
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .any(|w| w.matches('.').count() >= 1 && w.len() >= 3);
    BOOKKEEPING.is_match(title) && (versioned || !title.to_ascii_lowercase().contains(" for "))
}

/// What a title says users must act on or will notice, beyond its verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// "Deprecate the v1 endpoint", "X is deprecated".
    Deprecation,
    /// "Remove the `--legacy` option", "Drop support for Python 3.8".
    Removal,
    /// "Enable HTTP/2 by default", "Set the default of … to true".
    NewDefault,
    /// A default that now allows less: "Remove X from the default allow
    /// list", "Disallow X by default". What worked before may now be refused.
    Restriction,
}

/// What a title's words say users must act on or will notice.
pub fn change(title: &str) -> Option<Change> {
    let lower = title.to_ascii_lowercase();
    if ["unused", "dead code", "duplicate", "deprecation warning", "test", "ci "]
        .iter()
        .any(|w| lower.contains(w))
    {
        return None;
    }
    if REMOVAL.is_match(title) {
        Some(Change::Removal)
    } else if DEPRECATION.is_match(title) {
        Some(Change::Deprecation)
    } else if RESTRICTION.is_match(title) {
        Some(Change::Restriction)
    } else if NEW_DEFAULT.is_match(title) {
        Some(Change::NewDefault)
    } else {
        None
    }
}

/// An "area" that only says the change is small (`Minor: 'can not' =>
/// cannot`, `Trivial: …`, `Nit: …`): the authors' own word that it is no news.
pub fn is_small_area(area: &str) -> bool {
    matches!(
        area.to_ascii_lowercase().as_str(),
        "minor" | "trivial" | "nit" | "nits" | "cosmetic" | "cosmetics"
    )
}

/// Whether an `area:` prefix names the team's tooling rather than the
/// product (`runtests:`, `GHA/linux:`, `tidy-up:`, `cmake:`): such a title's
/// wording speaks of internal work, whatever its verb.
pub fn is_internal_area(area: &str) -> bool {
    let lower = area.to_ascii_lowercase();
    let head = lower.split(['/', ' ']).next().unwrap_or(&lower);
    is_test_script(head)
        || matches!(
            head,
            "tidy-up"
                | "tidyup"
                | "tidy"
                | "cleanup"
                | "cleanups"
                | "runtests"
                | "tests"
                | "test"
                | "testsuite"
                | "t"
                | "gha"
                | "ci"
                | "cmake"
                | "configure"
                | "autotools"
                | "build"
                | "appveyor"
                | "scripts"
                | "script"
                | "docs"
                | "doc"
                | "documentation"
                | "lint"
                | "linter"
                | "style"
                | "fmt"
                | "format"
                | "codespell"
                | "typos"
                | "spelling"
                | "changelog"
                | "release-notes"
                | "releases"
                | "thanks"
                | "deps"
                | "vendor"
                | "renovate"
                | "dependabot"
                | "workflows"
                | "actions"
                | "makefile"
                | "bench"
                | "benches"
                | "benchmark"
                | "benchmarks"
                | "fuzz"
                | "ci-tools"
                | "hack"
                | "github"
                | "gitlab-ci"
                | "editorconfig"
                | "gitignore"
                | "mailmap"
                | "checksrc"
                | "pytest"
                | "unittest"
                | "testing"
        )
}

/// A numbered test script's name (`t0080`, `t7528-status`): git's and its
/// peers' test files, never a part of the product.
pub fn is_test_script(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.split(['-', '.']).next().unwrap_or(&lower);
    stem.len() == 5 && stem.starts_with('t') && stem[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every caseless pattern of this file finds, lower-cased, what case
    /// folding found, on text of every case: the titles and messages these
    /// tests use (and the code between them), upper-cased and title-cased as well.
    #[test]
    fn the_caseless_patterns_match_as_case_folding_did() {
        let source = [include_str!("evidence.rs"), include_str!("evidence_words.rs")].concat();
        let texts = crate::text::tests::quoted_variants(&source);
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let patterns = [
            &ADVISORY_ID,
            &WORDS,
            &DEPENDENCY_WORDS,
            &AUDIT,
            &DENIED,
            &EARLIER_FIX,
            &BROKE,
            &FORK_MERGE,
            &BOOKKEEPING,
            &REMOVAL,
            &DEPRECATION,
            &RESTRICTION,
            &NEW_DEFAULT,
        ];
        for pattern in patterns {
            let written = crate::text::tests::source(pattern);
            assert!(written.starts_with("(?i"), "{written}");
            crate::text::tests::agrees(written, &texts);
            crate::text::tests::built_agrees(pattern, &texts);
            assert!(texts.iter().any(|t| pattern.is_match(t)), "nothing here matches {written}");
        }
        assert!(texts.len() > 300, "{}", texts.len());
        // The largest alternations are compiled as several DFAs, one per group of branches.
        assert!(crate::text::tests::built_dfas(&WORDS) > 1);
    }

    /// The quick reading of a long file finds an advisory exactly where the
    /// pattern does: ids at a line's start or end, in any case, after a
    /// word that is not a database's name (`cargo-2024-…`), and the
    /// texts of this file's tests joined into one file as a changelog is.
    #[test]
    fn a_file_names_an_advisory_exactly_where_the_pattern_finds_one() {
        let source = [include_str!("evidence.rs"), include_str!("evidence_words.rs")].concat();
        let mut texts = crate::text::tests::quoted_variants(&source);
        texts.push(texts.join("\n"));
        texts.extend(
            [
                "CVE-2024-1234",
                "- fixed (cve-2024-12345)\r\n- other",
                "cargo-2024-1234 and xgo-2024-1234",
                "go-2024-1234",
                "GO-2024-123",
                "see\nGHSA-abcd-efgh-ijkl\n",
                "GHSA-abcd-efgh",
                "é-CVE-2024-1234",
                "_CVE-2024-1234",
                "RUSTSEC-2024-0001x",
                "osv-2024-1 pysec-2024-7",
                "-",
                "",
            ]
            .map(str::to_string),
        );
        let mut found = 0;
        for text in &texts {
            assert_eq!(names_an_advisory(text), ADVISORY_ID.is_match(text), "{text:?}");
            found += usize::from(names_an_advisory(text));
        }
        assert!(found > 10 && found < texts.len() / 2, "{found} of {}", texts.len());
    }

    fn sec(texts: &[&str], dependency: bool) -> Security {
        security(texts.iter().copied(), dependency)
    }

    #[test]
    fn advisories_outrank_words_and_negations_outrank_both() {
        assert_eq!(sec(&["Merge pull request from GHSA-57fm-592m-34r7"], false), Security::Advisory);
        assert_eq!(sec(&["Bump tar to 6.2.1\n\nFixes CVE-2026-17106."], true), Security::Advisory);
        assert_eq!(sec(&["Update module golang.org/x/net to v0.56.0 [SECURITY]"], true), Security::Advisory);
        assert_eq!(sec(&["fix: escape untrusted attribute values (XSS)"], false), Security::Words);
        assert_eq!(sec(&["fix: argument injection in the clone helper"], false), Security::Words);
        assert_eq!(
            sec(&["fix: reject odd paths\n\nWe decided this is not a security issue."], false),
            Security::Denied
        );
        assert_eq!(sec(&["chore(deps): bump serde\n\nRelease notes: fix XSS in docs"], true), Security::None);
        assert_eq!(sec(&["Upgrade to Spring Security 7.0.1"], false), Security::None);
        assert_eq!(sec(&["Sanitize filenames before printing them"], false), Security::Words);
        assert_eq!(sec(&["Update security-critical authentication dependencies"], true), Security::Words);
        assert_eq!(sec(&["Bump the test group with 3 updates"], true), Security::None);
        assert_eq!(
            sec(&["Validate names\n\nIt would be difficult to exploit this."], false),
            Security::Denied
        );
        assert_eq!(
            sec(&["The security fix in GHSA-vp62-88p7-qqf5 stopped following links, which broke cp."], false),
            Security::Denied
        );
        assert_eq!(sec(&["Backport the security fix for CVE-2026-1234"], false), Security::Advisory);
        assert_eq!(
            sec(&["Certain unauthorized links could be rendered as clickable"], false),
            Security::Words
        );
        assert_eq!(sec(&["Return 401 for unauthorized requests"], false), Security::None);
        // Reading or writing past a sandbox is a path traversal, however it is worded.
        assert_eq!(
            sec(&["Drop symlinks in parent directories\n\nA symlink was resolved, and reads could escape the\nmount."], false),
            Security::Words
        );
        assert_eq!(
            sec(&["Check entry names\n\nFiles were written outside the destination."], false),
            Security::Words
        );
        assert_eq!(sec(&["Escape the tab character in the log view"], false), Security::None);
        // Escaping what a page renders, and a broken guard against reads
        // through symbolic links, are fixes of a security control.
        assert_eq!(
            sec(&["markup/highlight: Escape lang in default code block rendering"], false),
            Security::Words
        );
        assert_eq!(sec(&["Fix prevention of direct symlink reads in resources.Get"], false), Security::Words);
        assert_eq!(sec(&["Fix symlink reads on Windows"], false), Security::None);
        assert_eq!(sec(&["Drop symlinks in os.ReadDir, os.ReadFile and os.Stat"], false), Security::Words);
        assert_eq!(sec(&["Ignore symlinks in the file watcher"], false), Security::None);
        assert_eq!(sec(&["Escape backslashes in the search pattern"], false), Security::None);
        // An update made to clear an audit of known advisories, by its subject only.
        assert_eq!(sec(&["chore(deps): resolve current cargo audit failures"], true), Security::Words);
        assert_eq!(sec(&["ci: run cargo audit every week"], false), Security::None);
        assert_eq!(sec(&["Bump lodash\n\nRelease notes: npm audit is quieter"], true), Security::None);
        assert_eq!(
            sec(&["Merge commit from fork", "fix: escape the page path (XSS)"], false),
            Security::Advisory
        );
        assert_eq!(
            advisory_ids(["closes CVE-2026-1 and cve-2026-12345, GHSA-ABCD-efgh-2345"].into_iter()),
            ["CVE-2026-12345", "GHSA-abcd-efgh-2345"]
        );
    }

    #[test]
    fn a_release_names_the_advisories_of_the_lines_it_adds() {
        let added = |old: &str, new: &str| {
            let mut text = String::new();
            added_naming_advisories(old, new, &mut text);
            text
        };
        let old = "# Changes\n\n## 1.0.1\n- Fix CVE-2024-0001\n\n## 1.0.0\n- First\n";
        let new = "# Changes\n\n## 1.0.2\n- Fix CVE-2024-0002 (GHSA-aaaa-bbbb-cccc)\n- Fix CVE-2024-0001\n\n## 1.0.1\n- Fix CVE-2024-0001\n\n## 1.0.0\n- First\n";
        // The line told again is no news; the new one is, wherever it stands.
        assert_eq!(added(old, new), "- Fix CVE-2024-0002 (GHSA-aaaa-bbbb-cccc)\n");
        assert_eq!(added("", "- CVE-2024-0003\n"), "- CVE-2024-0003\n");
        assert_eq!(added(old, old), "");
        // A line that only grows at its end is a new line.
        assert_eq!(
            added("- CVE-2024-0004", "- CVE-2024-0004 and CVE-2024-0005"),
            "- CVE-2024-0004 and CVE-2024-0005\n"
        );
        assert_eq!(added("a\n- CVE-2024-0006\n", "- CVE-2024-0006\n"), "");
        assert_eq!(added("é\n", "é CVE-2024-0007\n"), "é CVE-2024-0007\n");
    }

    #[test]
    fn deprecations_removals_and_new_defaults_by_their_words() {
        assert_eq!(change("Deprecate the v1 export endpoint"), Some(Change::Deprecation));
        assert_eq!(
            change("The `--color` flag is deprecated in favour of `--colour`"),
            Some(Change::Deprecation)
        );
        assert_eq!(change("Remove the `--legacy-auth` option"), Some(Change::Removal));
        assert_eq!(change("Drop support for Python 3.8"), Some(Change::Removal));
        assert_eq!(change("Enable the virtual-thread runtime by default"), Some(Change::NewDefault));
        assert_eq!(change("Set the default of `strict` to true"), Some(Change::NewDefault));
        assert_eq!(change("kubectl debug: make general profile default"), Some(Change::NewDefault));
        assert_eq!(
            change("Remove tailwindcss from the default security.exec.allow list"),
            Some(Change::Restriction)
        );
        assert_eq!(change("Images are no longer lazy-loaded by default"), Some(Change::NewDefault));
        assert_eq!(change("Disallow HTML content by default"), Some(Change::Restriction));
        assert_eq!(change("Remove the spinner from the default theme"), Some(Change::NewDefault));
        assert_eq!(change("Remove unused option parsing helper"), None);
        assert_eq!(change("Fix deprecation warnings"), None);
        assert_eq!(change("Remove a stale comment"), None);
    }

    #[test]
    fn release_bookkeeping_is_told_by_its_title() {
        for title in [
            "1.4.0",
            "ignore-0.4.30",
            "Start Git 2.56 cycle",
            "The 6th batch",
            "start version 3.1.3",
            "docs: release notes for the v22.0.8 release",
            "chore: prepare Tokio v1.51.4",
            "Bump version number",
            "releases: Bump Docker version",
            "[ci] release (#15339)",
            "Apply Version Updates From Current Changes (#9752)",
            "RELEASE-NOTES: synced",
            "changelog: start next section",
            "Cut a release",
            "Add changelog entry",
            "Update the changelog",
        ] {
            assert!(is_bookkeeping(title), "{title}");
        }
        for title in [
            "Release the new scheduler for everyone",
            "fix: version check on Windows",
            "Prepare for multi-region",
        ] {
            assert!(!is_bookkeeping(title), "{title}");
        }
    }
}
