//! Reading a commit message: what kind of change it is, what part of the product it
//! touches, and in which convention its author wrote it.
//!
//! Teams write subjects in many conventions, so each subject is read by the first one
//! that fits, and the convention is recorded:
//!
//! 1. Conventional Commits with a *known* type ([`conventional`]); `http: …` is not a
//!    Conventional Commit of type `http`, since no team means that;
//! 2. tracker-key subjects, `PAY-12: …`, `[PAY-12] …` ([`tracker`]);
//! 3. gitmoji, as emoji or `:shortcode:` ([`gitmoji`]);
//! 4. bracket tags and tag words, `[Feature] …`, `Hotfix: …`; an unknown `[Word]` is an
//!    area, as in `[LoopVectorize] …` ([`tag`]);
//! 5. `area: summary`, as git, Linux, Go and many Rust projects write ([`area`]);
//! 6. plain sentences, typed from their leading verb ([`plain`]).
//!
//! A kind counts as *written by the author* ([`Message::inferred`] false) only in the
//! conventions that state one: Conventional Commits, gitmoji and tags.

mod area;
pub mod conventional;
mod gitmoji;
mod plain;
mod scan;
pub use plain::is_felt;
mod tag;
mod tracker;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use conventional::{Footer, Message};

/// The convention a subject was read by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Convention {
    /// `type(scope)!: description` with a known type.
    Conventional,
    /// `area: summary`.
    Area,
    /// A tracker key heads the subject.
    Tracker,
    /// A gitmoji heads the subject.
    Gitmoji,
    /// `[Feature] …`, `Bugfix: …`, or a `[Component]` tag.
    Tag,
    /// A plain sentence, or a merge, revert or autosquash subject as git writes it.
    Plain,
}

/// The types a Conventional Commit may have: the specification's and Angular's, plus
/// `deps` and `security`.
pub const KNOWN_TYPES: &[&str] = &[
    "feat", "fix", "docs", "style", "refactor", "perf", "test", "build", "ci", "chore", "revert", "deps",
    "security",
];

/// What a team adds to the built-in conventions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    /// Extra Conventional Commit types (`[classify] types`), lower case.
    pub types: BTreeSet<String>,
    /// Tracker keys (`[issues] keys`), as written.
    pub keys: Vec<String>,
}

impl Lexicon {
    fn is_type(&self, kind: &str) -> bool {
        KNOWN_TYPES.contains(&kind) || self.types.contains(kind)
    }
}

/// Whether an upper-case word before `-N` can name a tracker (`PAY`), rather
/// than an encoding or a standard (`UTF`, `SHA`, `CVE`, `GH`).
pub fn is_tracker_prefix(prefix: &str) -> bool {
    tracker::is_key_prefix(prefix)
}

/// How deep a subject may nest conventions (`[PAY-1] ✨ feat: …`): enough for any real
/// subject, and a bound for hostile ones.
const MAX_DEPTH: usize = 4;

/// Reads any commit message. Never fails and never panics.
pub fn read(raw: &str, lexicon: &Lexicon) -> Message {
    let advisory = advisory_squash(raw);
    let raw = advisory.as_deref().unwrap_or(raw);
    let unwrapped = unwrap_subject(raw);
    let mut message = read_message(unwrapped.as_deref().unwrap_or(raw), lexicon);
    // A scope may hold anything but parentheses; the area a reader sees holds no control character.
    message.area = message
        .area
        .map(|area| area.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string())
        .filter(|area| !area.is_empty());
    message
}

/// The body and footers [`read`] gives `raw`, without reading its subject:
/// for a reading kept without them (they are most of a message's size).
pub fn body_and_footers(raw: &str) -> (Option<String>, Vec<Footer>) {
    let advisory = advisory_squash(raw);
    let raw = advisory.as_deref().unwrap_or(raw);
    let unwrapped = unwrap_subject(raw);
    conventional::body_and_footers(unwrapped.as_deref().unwrap_or(raw))
}

/// GitHub's advisory flow squashes a private fork's fix under "Merge commit
/// from fork" (or "Merge pull request from GHSA-…"), with the fix's own
/// words in the body: the message read from its first line on.
fn advisory_squash(raw: &str) -> Option<String> {
    let (subject, body) = raw.trim_start().split_once('\n')?;
    let subject = subject.trim();
    let advisory = subject.eq_ignore_ascii_case("merge commit from fork")
        || subject.to_ascii_lowercase().starts_with("merge pull request from ghsa-");
    let start = body.find(|c: char| !c.is_whitespace())?;
    let body = &body[start..];
    advisory.then(|| body.strip_prefix("* ").or_else(|| body.strip_prefix("- ")).unwrap_or(body).to_string())
}

/// A subject wrapped onto the next line (`Fix SpotBugs warning in` /
/// `FileEntry.close()`), joined as git's `%s` joins it, so that the reader
/// never gets half a sentence. Only a line that plainly runs on is joined:
/// one ending in a word that needs more (`in`, `the`, `and`, a comma), or
/// followed by one that starts in lower case or with `(`.
fn unwrap_subject(raw: &str) -> Option<String> {
    const RUNS_ON: &[&str] = &[
        "in", "of", "for", "to", "the", "a", "an", "and", "or", "with", "when", "on", "from", "by", "at",
        "into", "if", "that", "which", "as", "via", "but",
    ];
    let raw = raw.trim_start();
    let mut lines = raw.lines();
    let mut subject = lines.next()?.trim_end().to_string();
    let mut consumed = 1;
    for next in lines.clone().take(2) {
        let next = next.trim();
        if next.is_empty()
            || next.starts_with(['-', '*', '#', '>'])
            || next.contains(": ")
                && next.len() < 60
                && next.split(": ").next().is_some_and(|t| !t.contains(' '))
        {
            break;
        }
        let last = subject.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
        let runs_on = RUNS_ON.contains(&last.as_str()) || subject.ends_with(',');
        let continues = next.starts_with('(') || next.chars().next().is_some_and(char::is_lowercase);
        if !(runs_on || continues) || subject.ends_with(['.', '!', '?', ':']) {
            break;
        }
        subject.push(' ');
        subject.push_str(next);
        consumed += 1;
    }
    if consumed == 1 {
        return None;
    }
    let rest: Vec<&str> = raw.lines().skip(consumed).collect();
    Some(format!("{subject}\n{}", rest.join("\n")))
}

fn read_message(raw: &str, lexicon: &Lexicon) -> Message {
    let mut message = conventional::parse(raw);
    if !message.inferred && lexicon.is_type(&message.kind) {
        return message;
    }
    if conventional::autosquash_kind(message.description.trim()).is_some() {
        return message;
    }
    let subject = raw.trim_start().lines().next().unwrap_or("").trim();
    let reading = subject_reading(subject, lexicon, 0);
    message.kind = reading.kind;
    message.description = reading.description;
    message.scope = reading.scope;
    message.area = reading.area;
    message.convention = reading.convention;
    message.inferred = !reading.written;
    message.breaking = reading.breaking || breaking_footer(&message);
    message.key = reading.key;
    message.ambiguous = !reading.written && plain::is_ambiguous(&message.kind);
    message.reapply = reading.reapply;
    message
}

fn breaking_footer(message: &Message) -> bool {
    message.footers.iter().any(|f| f.token == "BREAKING CHANGE" || f.token == "BREAKING-CHANGE")
}

/// What one subject says, before the body is considered.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reading {
    kind: String,
    description: String,
    scope: Option<String>,
    area: Option<String>,
    convention: Convention,
    /// The kind was stated by the author, not guessed.
    written: bool,
    breaking: bool,
    key: Option<String>,
    reapply: bool,
}

impl Reading {
    fn plain(subject: &str) -> Reading {
        Reading {
            kind: plain::kind(subject).to_string(),
            description: subject.to_string(),
            scope: None,
            area: None,
            convention: Convention::Plain,
            written: false,
            breaking: false,
            key: None,
            reapply: false,
        }
    }
}

/// Reads a subject line by the first convention that fits.
fn subject_reading(subject: &str, lexicon: &Lexicon, depth: usize) -> Reading {
    let subject = subject.trim();
    if depth >= MAX_DEPTH || subject.is_empty() {
        return Reading::plain(subject);
    }
    if let Some(inner) = quoted(subject, "Reapply") {
        let mut reading = subject_reading(inner, lexicon, depth + 1);
        reading.reapply = true;
        return reading;
    }
    if plain::kind(subject) == "merge" || quoted(subject, "Revert").is_some() {
        return Reading::plain(subject);
    }
    let header = conventional::header(subject);
    if let Some(parts) = header.filter(|p| lexicon.is_type(&p.kind.to_ascii_lowercase())) {
        let scope = parts.scope.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let description = parts.description.trim();
        if !description.is_empty() {
            return Reading {
                kind: parts.kind.to_ascii_lowercase(),
                description: description.to_string(),
                scope: scope.clone(),
                area: scope,
                convention: Convention::Conventional,
                written: true,
                breaking: parts.breaking,
                key: None,
                reapply: false,
            };
        }
    }
    if let Some(rest) = issue_prefix(subject) {
        return subject_reading(rest, lexicon, depth + 1);
    }
    if let Some((key, rest)) = tracker::split(subject, &lexicon.keys) {
        let mut reading = subject_reading(rest, lexicon, depth + 1);
        reading.key = Some(key.to_string());
        if !reading.written {
            reading.convention = Convention::Tracker;
        }
        return reading;
    }
    if let Some((emoji, rest)) = gitmoji::split(subject) {
        let inner = subject_reading(rest, lexicon, depth + 1);
        return match emoji {
            Some(kind) => Reading {
                kind: kind.kind.to_string(),
                breaking: kind.breaking || inner.breaking,
                convention: Convention::Gitmoji,
                written: true,
                ..inner
            },
            None => inner,
        };
    }
    if let Some((found, rest)) = tag::split(subject) {
        let inner = subject_reading(rest, lexicon, depth + 1);
        return match found {
            tag::Tag::Kind(kind) => Reading {
                kind: kind.to_string(),
                breaking: kind == "breaking" || inner.breaking,
                convention: Convention::Tag,
                written: true,
                ..inner
            }
            .normalised(),
            // `[LoopVectorize] …` names an area, as `area: …` does; the kind
            // comes from the words, unless they state one.
            tag::Tag::Area(area) => Reading {
                area: Some(inner.area.clone().unwrap_or_else(|| area.to_string())),
                convention: if inner.written { inner.convention } else { Convention::Area },
                ..inner
            },
            tag::Tag::Ignored => inner,
        };
    }
    if let Some((area, rest)) = area::split(subject) {
        let inner = subject_reading(rest, lexicon, depth + 1);
        let kind = area::kind(area).map(str::to_string).unwrap_or(inner.kind);
        return Reading {
            kind,
            area: Some(area.to_string()),
            convention: if inner.written { inner.convention } else { Convention::Area },
            ..inner
        };
    }
    Reading::plain(subject)
}

impl Reading {
    /// A `[Breaking]` tag states a breaking change, not a kind of work.
    fn normalised(mut self) -> Reading {
        if self.kind == "breaking" {
            self.kind = "feat".to_string();
        }
        self
    }
}

/// What follows an issue number heading a subject (`#3225: document`, `Issue #3226: …`).
fn issue_prefix(subject: &str) -> Option<&str> {
    let rest = subject.strip_prefix("Issue ").or_else(|| subject.strip_prefix("issue ")).unwrap_or(subject);
    let digits = rest.strip_prefix('#')?;
    let end = digits.find(|c: char| !c.is_ascii_digit())?;
    let after = digits[end..].trim_start();
    let after = after.strip_prefix(':').or_else(|| after.strip_prefix('-'))?.trim_start();
    (end > 0 && !after.is_empty()).then_some(after)
}

/// `Word "subject"` as git writes reverts and reapplies: the quoted subject.
fn quoted<'s>(subject: &'s str, word: &str) -> Option<&'s str> {
    let rest = subject.strip_prefix(word)?.trim_start();
    let inner = rest.strip_prefix('"')?;
    let end = inner.rfind('"')?;
    Some(&inner[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon { types: BTreeSet::from(["story".to_string()]), keys: vec!["PAY".to_string()] }
    }

    fn reads(subject: &str) -> (String, Option<String>, Convention, bool, String) {
        let m = read(subject, &lexicon());
        (m.kind, m.area, m.convention, m.inferred, m.description)
    }

    #[test]
    fn body_and_footers_are_those_a_full_reading_finds() {
        let messages = [
            "",
            "fix: totals",
            "\n\n  fix: totals\r\n\r\nThe body.\r\n\r\nRefs: #12\r\nSigned-off-by: A <a@example.com>\r\n",
            "Fix SpotBugs warning in\nFileEntry.close()\n\nWhy it matters.\n\nBREAKING CHANGE: the API",
            "Merge commit from fork\n\n* Fix a path traversal\n\nCo-authored-by: B <b@example.com>",
            "Merge pull request from GHSA-abcd-efgh-ijkl\n\n- fix: escape names\n\nMore words.",
            "refactor(core): x\n\nBlocked-by: #3\n continued value\nReviewed-by: C",
            "PAY-12: refunds\n\nfirst paragraph\n\nsecond paragraph\nRefs: mid-paragraph",
            "no blank line\nstill body\n\nFixes: #1",
        ];
        for raw in messages {
            let full = read(raw, &lexicon());
            assert_eq!(body_and_footers(raw), (full.body, full.footers), "{raw:?}");
        }
    }

    #[test]
    fn known_conventional_types_stay_conventional() {
        let m = read("feat(checkout)!: pay with Apple Pay", &lexicon());
        assert_eq!(
            (m.kind.as_str(), m.area.as_deref(), m.convention),
            ("feat", Some("checkout"), Convention::Conventional)
        );
        assert!(m.breaking && !m.inferred);
        assert_eq!(read("story: refunds", &lexicon()).convention, Convention::Conventional);
    }

    #[test]
    fn an_unknown_word_before_the_colon_is_an_area() {
        assert_eq!(
            reads("http: avoid closing index-pack input twice"),
            (
                "fix".into(),
                Some("http".into()),
                Convention::Area,
                true,
                "avoid closing index-pack input twice".into()
            )
        );
        assert_eq!(reads("add: introduce '--resolved' option").0, "feat");
        assert_eq!(reads("add: introduce '--resolved' option").1.as_deref(), Some("add"));
        assert_eq!(reads("runtime: make timers faster").0, "perf");
        assert_eq!(reads("net/http: reject invalid header names").1.as_deref(), Some("net/http"));
        assert_eq!(reads("runtime, cmd/go: handle EINTR").1.as_deref(), Some("runtime"));
        assert_eq!(reads("doc: fix a typo in git-log").0, "docs");
        assert_eq!(reads("t1234: fix a flaky test").0, "test");
        // A breaking `!` after an unknown word is not a statement of the author's.
        assert!(!read("http!: x", &lexicon()).breaking);
    }

    #[test]
    fn tracker_keys_head_the_subject_and_the_rest_is_read() {
        let m = read("[SHOP-1234] Fix the login redirect", &lexicon());
        assert_eq!(
            (m.key.as_deref(), m.kind.as_str(), m.convention),
            (Some("SHOP-1234"), "fix", Convention::Tracker)
        );
        assert_eq!(m.description, "Fix the login redirect");
        let m = read("PAY-12: feat(refunds): partial refunds", &lexicon());
        assert_eq!(
            (m.key.as_deref(), m.kind.as_str(), m.convention),
            (Some("PAY-12"), "feat", Convention::Conventional)
        );
        assert!(!m.inferred);
        assert_eq!(read("KAFKA-77 Add a quota", &lexicon()).key.as_deref(), Some("KAFKA-77"));
        assert_eq!(read("UTF-8: decode the BOM", &lexicon()).key, None);
    }

    #[test]
    fn gitmoji_state_the_kind() {
        assert_eq!(
            reads("✨ Add dark mode"),
            ("feat".into(), None, Convention::Gitmoji, false, "Add dark mode".into())
        );
        assert_eq!(reads(":bug: Fix the totals").0, "fix");
        assert_eq!(reads("🚑️ Restore checkout").0, "hotfix");
        assert_eq!(reads("⬆️ Upgrade react").0, "deps");
        assert!(read("💥 Drop the v1 API", &lexicon()).breaking);
        assert_eq!(reads("✨ feat(ui): dark mode").4, "dark mode");
    }

    #[test]
    fn bracket_tags_and_tag_words() {
        assert_eq!(reads("[Feature] Export to CSV").0, "feat");
        assert_eq!(reads("[FIX] Totals round down").0, "fix");
        assert_eq!(reads("[Bugfix] Totals round down").2, Convention::Tag);
        assert_eq!(reads("[Docs] Explain refunds").0, "docs");
        assert_eq!(reads("Hotfix: restore checkout").0, "hotfix");
        assert_eq!(reads("WIP: refunds").0, "wip");
        assert_eq!(
            reads("[LoopVectorize] Fix a crash on empty loops"),
            (
                "fix".into(),
                Some("LoopVectorize".into()),
                Convention::Area,
                true,
                "Fix a crash on empty loops".into()
            )
        );
        assert_eq!(reads("[ci skip] Fix typo").0, "docs");
    }

    #[test]
    fn an_advisory_squash_is_read_by_its_fix() {
        assert_eq!(
            advisory_squash("Merge commit from fork\n\n* fix: escape the page path (GHSA-57fm-592m-34r7)"),
            Some("fix: escape the page path (GHSA-57fm-592m-34r7)".to_string())
        );
        assert_eq!(advisory_squash("Merge commit from fork"), None);
        assert_eq!(advisory_squash("Merge branch 'fork'\n\nx"), None);
    }

    #[test]
    fn an_issue_number_heading_a_subject_is_passed_over() {
        assert_eq!(reads("Issue #3226: Remove unused imports").0, "chore");
        assert_eq!(reads("#3225: document the teardown").0, "docs");
        assert_eq!(reads("#12 is a mystery").0, "other");
    }

    #[test]
    fn reverts_merges_and_reapplies() {
        assert_eq!(reads("Revert \"http: avoid closing twice\"").0, "revert");
        assert_eq!(reads("Merge branch 'ab/topic'").0, "merge");
        assert_eq!(reads("Merge if statements").0, "refactor");
        let m = read("Reapply \"feat: remember this device\"", &lexicon());
        assert!(m.reapply);
        assert_eq!((m.kind.as_str(), m.description.as_str()), ("feat", "remember this device"));
    }

    #[test]
    fn an_area_holds_no_control_character() {
        let m = read("PAY-12 :feat(refun\r\0): parts", &lexicon());
        assert_eq!(m.area.as_deref(), Some("refun"));
        assert_eq!(read("feat(\r): x", &lexicon()).area, None);
    }

    #[test]
    fn hostile_subjects_do_not_panic() {
        for subject in
            ["[", "[]", ":", "::", "[PAY-1]", "✨", ":bug:", "a: ", "[a] [b] [c] [d] [e] [f] x", "\u{0}: x"]
        {
            let _ = read(subject, &lexicon());
        }
    }

    #[test]
    fn a_subject_wrapped_onto_its_second_line_is_read_whole() {
        let m =
            read("Fix SpotBugs USO_UNSAFE_METHOD_SYNCHRONIZATION in\nFileEntry.close()\n\nBody.", &lexicon());
        assert_eq!(m.description, "Fix SpotBugs USO_UNSAFE_METHOD_SYNCHRONIZATION in FileEntry.close()");
        let m = read(
            "The '-i' shorthand was broken in a modernization of the\noption parser and has been restored.",
            &lexicon(),
        );
        assert!(m.description.ends_with("has been restored."), "{}", m.description);
        let m = read("Fix totals\nSigned-off-by: Ada <ada@example.com>", &lexicon());
        assert_eq!(m.description, "Fix totals", "a trailer is no continuation");
        let m = read("Add export.\nIt was asked for.", &lexicon());
        assert_eq!(m.description, "Add export.");
    }
}
