//! Text the authors wrote for users: changelog trailers and lines in a
//! message (`Changelog: fixed`, `changelog: …`, `Release-Note:`, a
//! `release-note` block), the changelog fragments a unit adds (changesets,
//! covector `.changes`, towncrier), and the lines it adds to a changelog file
//! under a Keep-a-Changelog heading or to Maven's `changes.xml`. Such text is
//! written for readers: it decides the bucket and becomes the outcome line.

use std::sync::LazyLock;

use regex::Regex;

use super::evidence::Evidence;
use super::{Bucket, Reason};

/// What the authors' text says of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub bucket: Bucket,
    pub reason: Option<Reason>,
    /// The line for users, when the text gives one.
    pub text: Option<String>,
    pub evidence: Evidence,
    /// Only a version bump (a changeset's `patch` or `minor`): it says the
    /// change reaches users, not whether it is a fix or a feature, so a
    /// type the authors wrote still decides between those two.
    pub bump_only: bool,
}

impl Note {
    fn new(kind: &str, text: Option<String>, evidence: Evidence) -> Option<Note> {
        let (bucket, reason) = kind_bucket(kind)?;
        let text = text.map(|t| plain(&t)).filter(|t| t.chars().any(char::is_alphanumeric));
        Some(Note { bucket, reason, text, evidence, bump_only: false })
    }

    /// Of two notes, the one a stakeholder must hear first.
    pub fn rank(&self) -> u8 {
        match (self.bucket, self.reason) {
            (Bucket::Attention, Some(Reason::Security)) => 0,
            (Bucket::Attention, _) => 1,
            (Bucket::Delivered, _) => 2,
            (Bucket::Fixed, _) => 3,
            (Bucket::Maintenance, _) => 4,
            (Bucket::Noise, _) => 5,
        }
    }
}

/// The bucket a changelog's word for a kind of change means.
fn kind_bucket(kind: &str) -> Option<(Bucket, Option<Reason>)> {
    let kind = kind.trim().trim_matches(['*', '_', '`', '[', ']']).to_ascii_lowercase();
    Some(match kind.as_str() {
        "added" | "add" | "feature" | "features" | "feat" | "new" | "minor" | "enhancement"
        | "enhancements" | "enhance" | "changed" | "change" | "changes" | "performance" | "perf"
        | "improvement" | "improvements" | "update" => (Bucket::Delivered, None),
        "fixed" | "fix" | "fixes" | "bugfix" | "bugfixes" | "bug" | "bugs" | "patch" => (Bucket::Fixed, None),
        "security" | "sec" | "vulnerability" => (Bucket::Attention, Some(Reason::Security)),
        "deprecated" | "deprecation" | "deprecations" => (Bucket::Attention, Some(Reason::Deprecated)),
        "removed" | "removal" | "removals" | "remove" | "breaking" | "major" | "breaking changes" => {
            (Bucket::Attention, Some(Reason::Breaking))
        }
        "doc" | "docs" | "documentation" | "misc" | "trivial" | "internal" | "other" | "none" | "chore"
        | "deps" | "dependencies" | "test" | "tests" | "ci" | "build" | "refactor" | "vendored" => {
            (Bucket::Maintenance, None)
        }
        _ => return None,
    })
}

/// Markdown made plain: no emphasis, code ticks, links or list markers.
fn plain(text: &str) -> String {
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").unwrap_or_else(|e| unreachable!("{e}")));
    let first = text
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .unwrap_or("")
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '*', '+']).trim())
        .collect::<Vec<_>>()
        .join(" ");
    let unlinked = LINK.replace_all(&first, "$1");
    let bare: String = unlinked.chars().filter(|c| !matches!(c, '`' | '*')).collect();
    let bare = bare.trim();
    // One sentence: the first says what changed.
    match bare.find(". ").filter(|&i| i >= 20) {
        Some(i) => bare[..i].to_string(),
        None => bare.trim_end_matches('.').to_string(),
    }
}

/// The value of the first trailer line, trimmed: `Changelog: fixed`
/// (GitLab), `changelog: fix a crash …` (a merge queue), `changelog: none`,
/// `Release-Note: …`. Read by hand as the pattern
/// `(?im)^[ \t]*(?:changelog|release[- ]notes?)[ \t]*:[ \t]*(.+?)[ \t]*$`
/// reads it (its first match's group, trimmed), which cost a run half a
/// million instructions to compile: a line whose colon ends it is none,
/// one with only blanks after it is an empty one.
fn trailer(text: &str) -> Option<&str> {
    use crate::text::after_caseless as after_word;
    text.split('\n').find_map(|line| {
        let line = line.trim_start_matches([' ', '\t']);
        let rest = after_word(line, "changelog")
            .or_else(|| {
                let rest = after_word(line, "release")?;
                let rest = rest.strip_prefix(['-', ' '])?;
                let rest = after_word(rest, "note")?;
                Some(after_word(rest, "s").unwrap_or(rest))
            })?
            .trim_start_matches([' ', '\t'])
            .strip_prefix(':')?;
        (!rest.is_empty()).then(|| rest.trim())
    })
}

/// A ```` ```release-note ```` block.
static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)```release-notes?[ \t]*\r?\n(.*?)```").unwrap_or_else(|e| unreachable!("{e}"))
});

/// Whether `haystack` holds `word` (ASCII letters) in any case: each place
/// where its first letter is, found by a vectorised search, is compared.
fn contains_ignoring_case(haystack: &[u8], word: &[u8]) -> bool {
    let Some(&first) = word.first() else { return true };
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, haystack)
        .any(|at| haystack.get(at..at + word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word)))
}

/// The authors' note in a message's body (never its subject: `changelog:
/// 15.2.0` is a release commit's title), if it has one.
pub fn from_message(text: &str) -> Option<Note> {
    let text = text.split_once('\n').map_or("", |(_, body)| body);
    let block = text.contains("```release-note").then(|| BLOCK.captures(text)).flatten();
    if let Some(block) = block {
        let body = block[1].trim();
        return match body.eq_ignore_ascii_case("none") || body.eq_ignore_ascii_case("n/a") || body.is_empty()
        {
            true => Note::new("none", None, Evidence::Changelog),
            false => Some(Note {
                bucket: Bucket::Delivered,
                reason: None,
                text: Some(plain(body)),
                evidence: Evidence::Changelog,
                bump_only: true,
            }),
        };
    }
    // Case folding takes no other character to an ASCII letter of these
    // words (only `s` and `k` have one), so without them there is no trailer.
    let named = |word: &[u8]| contains_ignoring_case(text.as_bytes(), word);
    if !named(b"changelog") && !named(b"relea") {
        return None;
    }
    let value = trailer(text)?;
    // `release notes: https://…/releases/tag/v2.3.4` points at another
    // project's notes (a dependency update's): a link, not the authors' note.
    if is_link(value) {
        return None;
    }
    if let Some(note) = Note::new(value, None, Evidence::Changelog) {
        return Some(note);
    }
    // `changelog: [`lint`]: fix a false positive`: a kind may head the text.
    let (head, rest) = value.split_once(':').unwrap_or(("", value));
    if let Some(note) = Note::new(head, Some(rest.to_string()), Evidence::Changelog) {
        return Some(note);
    }
    let first = value.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    let kind = match first.as_str() {
        "fix" | "fixes" | "fixed" | "fixing" => "fixed",
        "deprecate" | "deprecates" | "deprecated" => "deprecated",
        "remove" | "removes" | "removed" | "drop" | "drops" | "dropped" => "removed",
        _ => "added",
    };
    Note::new(kind, Some(value.to_string()), Evidence::Changelog)
}

/// Whether a trailer's value is only a web address.
fn is_link(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !value.contains(char::is_whitespace)
}

/// Whether a path is a changelog fragment or a changelog file, whose
/// content is worth reading.
pub fn is_note_file(path: &str) -> bool {
    fragment_kind(path, "").is_some() || changelog_file(path)
}

fn changelog_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let stem = name.split('.').next().unwrap_or(name);
    super::paths::CHANGELOG_STEMS.contains(&stem) || lower.ends_with("src/changes/changes.xml")
}

/// A fragment's kind from its path (towncrier's `123.bugfix.md`) or, for
/// changesets and covector, from its front matter (`content`).
fn fragment_kind(path: &str, content: &str) -> Option<String> {
    let lower = path.to_ascii_lowercase();
    let (dir, name) = lower.rsplit_once('/')?;
    let top = dir.rsplit('/').next().unwrap_or(dir);
    if (dir == ".changeset" || dir == ".changes") && name.ends_with(".md") && name != "readme.md" {
        return Some(front_matter_kind(content).unwrap_or_default());
    }
    if matches!(top, "newsfragments" | "changelog.d" | "changes" | "news" | "changelog" | "unreleased") {
        let parts: Vec<&str> = name.split('.').collect();
        // `123.feature`, `123.feature.md`, `+orphan.bugfix.rst`
        return parts.get(1).filter(|k| kind_bucket(k).is_some()).map(|k| k.to_string());
    }
    None
}

/// The strongest bump of a changeset (`'astro': minor`) or covector change
/// file (`tauri-bundler: patch:enhance`): major, then minor, then patch, as
/// a kind word.
fn front_matter_kind(content: &str) -> Option<String> {
    let body = content.trim_start().strip_prefix("---")?;
    let (matter, _) = body.split_once("\n---")?;
    let mut best: Option<(u8, String)> = None;
    for line in matter.lines() {
        let Some((_, value)) =
            line.rsplit_once(':').map(|(k, v)| (k, v.trim())).filter(|(_, v)| !v.is_empty())
        else {
            continue;
        };
        // covector: `patch:bug`, `minor:feat`; the key's colon was split off.
        let (bump, tag) = match line.split_once(':').map(|(_, v)| v.trim()) {
            Some(v) if v.contains(':') => {
                v.split_once(':').map(|(b, t)| (b.trim(), Some(t.trim()))).unwrap_or((v, None))
            }
            _ => (value, None),
        };
        let tag = tag.map(|t| t.trim_matches(['"', '\'']));
        let kind = match (bump.trim_matches(['"', '\'']), tag) {
            (_, Some("sec" | "security")) => (0, "security"),
            ("major", _) | (_, Some("breaking")) => (1, "major"),
            (_, Some("deprecate" | "deprecated")) => (1, "deprecated"),
            (_, Some("feat" | "feature" | "enhance" | "enhancement")) => (2, "added"),
            (_, Some("bug" | "fix")) => (3, "fixed"),
            (_, Some("deps" | "dependencies" | "chore" | "docs")) => (4, "none"),
            ("minor", _) => (2, "minor"),
            ("patch", _) => (3, "patch"),
            _ => continue,
        };
        if best.as_ref().is_none_or(|(rank, _)| kind.0 < *rank) {
            best = Some((kind.0, kind.1.to_string()));
        }
    }
    best.map(|(_, kind)| kind)
}

/// The text after a fragment's front matter.
fn after_front_matter(content: &str) -> &str {
    let trimmed = content.trim_start();
    match trimmed.strip_prefix("---").and_then(|b| b.split_once("\n---")) {
        Some((_, rest)) => rest.trim_start_matches('-'),
        None => content,
    }
}

/// The note of a file a unit added or changed: a fragment it added, or the
/// lines it added to a changelog file. `old` is the file before, if it was.
pub fn from_file(path: &str, old: Option<&str>, new: &str) -> Option<Note> {
    if let Some(kind) = fragment_kind(path, new) {
        if old.is_some() {
            return None;
        }
        let note = Note::new(&kind, Some(after_front_matter(new).to_string()), Evidence::Fragment);
        return note.map(|n| Note { bump_only: matches!(kind.as_str(), "minor" | "patch"), ..n });
    }
    if !changelog_file(path) {
        return None;
    }
    let before: std::collections::HashSet<&str> = old.unwrap_or("").lines().map(str::trim).collect();
    let lines: Vec<&str> = new.lines().collect();
    let mut best: Option<Note> = None;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if before.contains(trimmed) || !trimmed.starts_with(['-', '*', '<']) {
            continue;
        }
        let note = if let Some(action) = MAVEN.captures(trimmed) {
            let kind = match &action[1] {
                "add" => "added",
                "fix" => "fixed",
                "remove" => "removed",
                _ => "changed",
            };
            Note::new(kind, Some(action[2].to_string()), Evidence::Changelog)
        } else {
            let heading = lines[..i].iter().rev().find(|l| l.trim_start().starts_with('#'));
            let kind = heading.map(|h| h.trim_start_matches(['#', ' ']).trim()).unwrap_or("");
            Note::new(kind, Some(trimmed.to_string()), Evidence::Changelog)
        };
        if let Some(note) = note {
            if best.as_ref().is_none_or(|b| note.rank() < b.rank()) {
                best = Some(note);
            }
        }
    }
    best
}

static MAVEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<action[^>]*(?-u:\b)type="(add|fix|update|remove)"[^>]*>\s*([^<]+)"#)
        .unwrap_or_else(|e| unreachable!("{e}"))
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::oracle::{compiled, texts};
    use proptest::prelude::*;

    /// What [`trailer`] answers as.
    fn trailer_by_pattern(text: &str) -> Option<&str> {
        let trailer = compiled!(r"(?im)^[ \t]*(?:changelog|release[- ]notes?)[ \t]*:[ \t]*(.+?)[ \t]*$");
        Some(trailer.captures(text)?.get(1)?.as_str().trim())
    }

    /// Messages made of what the trailer pattern turns on.
    fn messages() -> impl Strategy<Value = String> {
        const ATOMS: [&str; 26] = [
            "changelog",
            "Change",
            "LOG",
            "release",
            "RELEA\u{17F}E",
            "-",
            " ",
            "note",
            "Note",
            "s",
            "\u{17F}",
            ":",
            "\t",
            "\n",
            "\r",
            "\u{a0}",
            "\u{2028}",
            "\u{85}",
            "fixed",
            "x",
            "é",
            "  ",
            "Release-Notes",
            "::",
            "\u{212A}",
            "release notes",
        ];
        texts(&ATOMS, 12)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]
        #[test]
        fn a_trailer_reads_as_its_pattern_reads_it(text in messages()) {
            prop_assert_eq!(trailer(&text), trailer_by_pattern(&text), "{:?}", text);
        }
    }

    #[test]
    fn a_trailer_reads_as_its_pattern_reads_it_at_the_edges() {
        let mut found = 0;
        for text in [
            "Changelog: fixed",
            "changelog:fix a crash",
            "  Changelog  :  added \t",
            "Changelog:",
            "Changelog:\nChangelog: second",
            "Changelog:  \nChangelog: second",
            "Changelog:\r\nRelease-Note: x",
            "Release-Note: x",
            "release notes: https://example.com",
            "Release notess: x",
            "Release  notes: x",
            "Release_notes: x",
            "releaſe noteſ: x",
            "x Changelog: not at the start",
            "\u{a0}Changelog: after a non-breaking space",
            "Changelog\u{a0}: x",
            "Changelog: \u{a0}x\u{a0}",
            "Changelog: \u{85}",
            "body\n\tchangelog: indented",
            "",
        ] {
            assert_eq!(trailer(text), trailer_by_pattern(text), "{text:?}");
            found += usize::from(trailer(text).is_some());
        }
        assert!(found > 10, "{found}");
    }

    #[test]
    fn a_word_is_found_in_any_case_where_every_window_finds_it() {
        let windows =
            |text: &[u8], word: &[u8]| text.windows(word.len()).any(|w| w.eq_ignore_ascii_case(word));
        let texts = [
            "",
            "c",
            "Changelog",
            "see CHANGELOG.md",
            "chang\nelog",
            "xxchangelo",
            "RELEASE notes",
            "réléase",
            "cChAnGeLoG",
        ];
        for text in texts {
            for word in [&b"changelog"[..], b"relea"] {
                assert_eq!(
                    contains_ignoring_case(text.as_bytes(), word),
                    windows(text.as_bytes(), word),
                    "{text:?}"
                );
            }
        }
    }

    fn kind_of(note: Option<Note>) -> Option<(Bucket, Option<Reason>, Option<String>)> {
        note.map(|n| (n.bucket, n.reason, n.text))
    }

    #[test]
    fn trailers_and_blocks_in_a_message() {
        assert_eq!(
            kind_of(from_message("Fix totals\n\nChangelog: fixed")),
            Some((Bucket::Fixed, None, None))
        );
        assert_eq!(kind_of(from_message("Tidy\n\nchangelog: none")), Some((Bucket::Maintenance, None, None)));
        assert_eq!(
            kind_of(from_message("Merge #12\n\nchangelog: Fix a crash when the cache is empty")),
            Some((Bucket::Fixed, None, Some("Fix a crash when the cache is empty".into())))
        );
        assert_eq!(
            kind_of(from_message("x\n\n```release-note\nNONE\n```")),
            Some((Bucket::Maintenance, None, None))
        );
        assert_eq!(
            kind_of(from_message("x\n\n```release-note\nkubectl get shows events in order.\n```")),
            Some((Bucket::Delivered, None, Some("kubectl get shows events in order".into())))
        );
        assert_eq!(from_message("Fix totals\n\nNo changelog here."), None);
        assert_eq!(from_message("changelog: 15.2.0"), None, "a subject is no note");
        assert_eq!(
            from_message(
                "Dockerfile: update to containerd v2.3.4\n\nrelease notes: https://github.com/containerd/containerd/releases/tag/v2.3.4\nfull diff: https://github.com/containerd/containerd/compare/v2.3.3...v2.3.4"
            ),
            None,
            "a link to another project's notes is no note"
        );
    }

    #[test]
    fn fragments_by_front_matter_or_name() {
        let changeset =
            "---\n'astro': patch\n'@astrojs/node': minor\n---\n\nAdds a `base` option to the node adapter.\n";
        assert_eq!(
            kind_of(from_file(".changeset/brave-dogs.md", None, changeset)),
            Some((Bucket::Delivered, None, Some("Adds a base option to the node adapter".into())))
        );
        let covector = "---\ntauri-bundler: patch:bug\n---\n\nFix the RPM icon path.\n";
        assert_eq!(kind_of(from_file(".changes/rpm.md", None, covector)).map(|n| n.0), Some(Bucket::Fixed));
        let sec = "---\n\"tauri\": patch:sec\n---\n\nOnly the main frame may call commands.\n";
        assert_eq!(
            kind_of(from_file(".changes/ipc.md", None, sec)).map(|n| n.1),
            Some(Some(Reason::Security))
        );
        assert_eq!(
            kind_of(from_file("newsfragments/1234.bugfix.md", None, "Retries no longer hang.\n"))
                .map(|n| n.0),
            Some(Bucket::Fixed)
        );
        assert_eq!(
            kind_of(from_file("changelog.d/77.removal.rst", None, "Drop Python 3.8.")).map(|n| n.1),
            Some(Some(Reason::Breaking))
        );
        assert_eq!(from_file(".changeset/brave-dogs.md", Some(changeset), changeset), None, "added only");
    }

    #[test]
    fn changelog_lines_under_their_heading() {
        let old = "# Changelog\n\n## Unreleased\n\n### Fixed\n\n- Old fix\n";
        let new = "# Changelog\n\n## Unreleased\n\n### Deprecated\n\n- The `--color` flag; use `--colour`\n\n### Fixed\n\n- Old fix\n";
        assert_eq!(
            kind_of(from_file("CHANGELOG.md", Some(old), new)),
            Some((
                Bucket::Attention,
                Some(Reason::Deprecated),
                Some("The --color flag; use --colour".into())
            ))
        );
        let xml = "<body>\n<release>\n<action type=\"fix\" dev=\"ggregory\">Fix a leak in the pool.</action>\n</release></body>";
        assert_eq!(
            kind_of(from_file("src/changes/changes.xml", Some("<body>\n<release>\n</release></body>"), xml)),
            Some((Bucket::Fixed, None, Some("Fix a leak in the pool".into())))
        );
    }
}
