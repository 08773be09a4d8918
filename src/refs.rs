//! Finding the issues, pull requests and tracker tickets a commit message refers to.
//!
//! A brief written for people who do not read diffs is only trustworthy if each claim can
//! be traced to the work item behind it, so git-brief cites the references found here and
//! says a change *closes* an item exactly when the forge itself would have closed it.
//! [`RefReader::read`] recognises:
//!
//! - `#12` and GitHub's alias `GH-12`: an issue of this repository;
//! - `owner/repo#12`: an issue of another repository;
//! - issue, pull-request and merge-request URLs on any host, in GitHub's and Gitea's shape
//!   (`/owner/repo/issues/12`, `/pull/12`, `/pulls/12`) or GitLab's, which the `/-/`
//!   segment gives away (`/group/sub/project/-/issues/12`, `/-/merge_requests/12`);
//! - `PAY-77` for each configured tracker key;
//! - the pull request a commit merged: a subject ending in `(#123)` (GitHub's squash and
//!   rebase merges), GitHub's `Merge pull request #123 from …` subject and GitLab's
//!   `See merge request group/project!123` trailer.
//!
//! A closing keyword (`close`, `fix`, `resolve` with their `-s`/`-d` forms, any case,
//! then an optional `:` and whitespace) closes only the reference directly after it. That
//! is GitHub's rule: `Fixes #1, #2` closes #1 and merely mentions #2; authors who mean both
//! write `Fixes #1, fixes #2`.
//!
//! Choices the forges leave open, made here once:
//! - On GitHub issues and pull requests share one number space, so `#12` seen once as an
//!   issue and once as a pull request is one item, reported as a pull request.
//! - `repository` is compared ignoring ASCII case, as the forges resolve paths that way.
//! - GitLab's `See merge request` trailer is written into the merge commit of the target
//!   project, so without a configured `repository` it is taken to be this repository (`!123`).
//! - `GH-` is recognised in upper case only, as GitHub documents it; a tracker key `GH`
//!   is accepted and ignored, since `GH-12` always means `#12`.
//!
//! A reference is a token of its own: the character before it is no word character (in
//! Unicode's sense, as regex's `\w`), and a match with word characters glued to its number,
//! or whose number starts with `0`, is dropped. Both are checked by hand around the
//! patterns' matches ([`tokens`], [`stands_alone`]) rather than written into them: a
//! Unicode `\b` or `\w` costs a pattern a quarter of a millisecond to compile, a fixed
//! price on every run. Numbers stay text, so an absurdly long one cannot overflow.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::text::{Constant, Groups};
use scan::Hit;

mod scan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    Issue,
    PullRequest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Closes,
    Refs,
}

/// One reference to an issue or pull request found in a commit message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// Canonical display id: `#12` (this repository), `owner/repo#12` (another GitHub or
    /// Gitea repository), `!12` or `group/project!12` (a GitLab merge request of this or
    /// another project), or a tracker key `PAY-77`.
    pub id: String,
    pub kind: RefKind,
    pub action: Action,
}

use crate::keys::is_key;
pub use crate::keys::BadKey;

/// Finds references in commit text. Built once per run, used for every commit.
///
/// The patterns are process-wide constants; tracker keys are looked up in a set rather
/// than compiled into a pattern, so nothing a user configures is ever handed to the regex
/// compiler and construction can only fail on a malformed key.
#[derive(Debug, Clone)]
pub struct RefReader {
    keys: HashSet<String>,
    repository: Option<String>,
    /// The repository is on GitLab, where `#12` is always issue 12 and merge
    /// requests are `!12`: a subject's `(#12)` is no squash suffix there.
    gitlab: bool,
}

/// GitHub's and Gitea's `https://host/owner/repo/issues/12`, `/pull/12` and `/pulls/12`.
static HUB_URL: LazyLock<Constant> = LazyLock::new(|| {
    Constant::new(
        r"(?P<ref>(?i:https?)://[A-Za-z0-9.-]+(?::[0-9]+)?/(?P<path>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/(?P<what>issues|pulls?)/(?P<num>[0-9]+))",
    )
});

/// GitLab's `https://host/group/sub/project/-/issues/12` and `/-/merge_requests/12`;
/// `/-/work_items/12` is how recent GitLab versions link the same issues.
static LAB_URL: LazyLock<Constant> = LazyLock::new(|| {
    Constant::new(
        r"(?P<ref>(?i:https?)://[A-Za-z0-9.-]+(?::[0-9]+)?/(?P<path>[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+)/-/(?P<what>issues|work_items|merge_requests)/(?P<num>[0-9]+))",
    )
});

/// Anything shaped like a tracker reference; the key is then looked up in the configured set.
static TRACKER: LazyLock<Constant> =
    LazyLock::new(|| Constant::new(r"(?P<ref>(?P<key>[A-Za-z][A-Za-z0-9_]*)-(?P<num>[0-9]+))"));

/// GitHub's merge commit subject; matched on the first line only.
static MERGE_PR: LazyLock<Constant> =
    LazyLock::new(|| Constant::new(r"^Merge pull request (?P<ref>#(?P<num>[0-9]+)) from "));

/// GitLab's merge commit trailer; old GitLab versions wrote `See merge request !123`.
static MERGE_REQUEST: LazyLock<Constant> = LazyLock::new(|| {
    Constant::new(
        r"See merge request (?P<ref>(?P<path>[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+)?!(?P<num>[0-9]+))",
    )
});

/// The matches of `pattern` in `text` that begin a word, each with whether
/// word characters are glued on after it (`PAY-12abc`): what `\b` before the
/// pattern and `(\w*)` after it would find, found by hand. A match inside a
/// word is looked for again one character on, and the search goes on past
/// glued characters, as the regex engine would with those in the pattern.
/// Every pattern read this way starts with a word character. When `on` is
/// false the pattern is not even compiled.
fn tokens<'t>(
    on: bool,
    pattern: &'static LazyLock<Constant>,
    text: &'t str,
) -> impl Iterator<Item = (Groups<'t>, bool)> {
    let pattern = on.then(|| LazyLock::force(pattern));
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let caps = pattern?.captures_at(text, at)?;
        let (start, end) = caps.get(0).map(|m| (m.start(), m.end()))?;
        if text[..start].chars().next_back().is_some_and(regex_syntax::is_word_character) {
            at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let rest = &text[end..];
        let glued = rest.find(|c: char| !regex_syntax::is_word_character(c)).unwrap_or(rest.len());
        at = end + glued;
        return Some((caps, glued > 0));
    })
}

/// The matches of `pattern` in `text` when `on`; the pattern is not even
/// compiled otherwise.
fn matches<'t>(
    on: bool,
    pattern: &'static LazyLock<Constant>,
    text: &'t str,
) -> impl Iterator<Item = Groups<'t>> {
    on.then(|| LazyLock::force(pattern).captures_iter(text)).into_iter().flatten()
}

/// Whether a short reference matched by `caps` is a token of its own: the
/// character before it is neither a word character (in Unicode's sense, as
/// regex's `\w`) nor one of `also`, and no word character is glued on after
/// it (`#12abc`). Checked by hand rather than in the pattern: a Unicode `\w`
/// class costs a pattern milliseconds to compile, a fixed price on every run.
fn stands_alone(text: &str, hit: &Hit, also: &str) -> bool {
    let before = text[..hit.start].chars().next_back();
    let after = text[hit.end()..].chars().next();
    !before.is_some_and(|c| regex_syntax::is_word_character(c) || also.contains(c))
        && !after.is_some_and(regex_syntax::is_word_character)
}

/// A reference candidate and the bytes it occupies, before closing and de-duplication.
struct Found {
    start: usize,
    end: usize,
    id: String,
    kind: RefKind,
}

impl Found {
    /// The reference in a match whose `ref` group is the reference and `num` its number;
    /// `None` for `#0`, a leading zero (`#012`) or word characters `glued` on (`#12abc`).
    fn new(caps: &Groups<'_>, glued: bool, kind: RefKind, id: impl FnOnce(&str) -> String) -> Option<Found> {
        let start = caps.name("ref")?.start();
        let num = caps.name("num")?;
        if glued || num.as_str().starts_with('0') {
            return None;
        }
        Some(Found { start, end: num.end(), id: id(num.as_str()), kind })
    }

    /// The reference a hand-written reader found ([`scan`]), as [`Found::new`] takes one.
    fn at(text: &str, hit: &Hit, kind: RefKind, id: impl FnOnce(&str) -> String) -> Option<Found> {
        let num = &text[hit.num.clone()];
        if num.starts_with('0') {
            return None;
        }
        Some(Found { start: hit.start, end: hit.end(), id: id(num), kind })
    }
}

/// The text of a named group, or `""` when it did not take part in the match.
fn group<'t>(caps: &Groups<'t>, name: &str) -> &'t str {
    caps.name(name).map_or("", |m| m.as_str())
}

impl RefReader {
    /// `keys`: tracker prefixes such as `PAY`, `OPS`, matched case-sensitively as written.
    /// `repository`: this repository's path on its forge (`acme/shop`, or
    /// `group/sub/project` on GitLab), when known: references to it are shortened to
    /// `#12` / `!12`. Surrounding `/` and a trailing `.git` are ignored.
    pub fn new(keys: &[String], repository: Option<&str>) -> Result<RefReader, BadKey> {
        let mut set = HashSet::new();
        for key in keys {
            if !is_key(key) {
                return Err(BadKey { key: key.clone() });
            }
            if key != "GH" {
                set.insert(key.clone());
            }
        }
        let repository = repository
            .map(|path| {
                let path = path.trim().trim_matches('/');
                path.strip_suffix(".git").unwrap_or(path)
            })
            .filter(|path| !path.is_empty())
            .map(str::to_owned);
        Ok(RefReader { keys: set, repository, gitlab: false })
    }

    /// Reads references as GitLab means them when `gitlab`: `#12` is issue
    /// 12 wherever it is written, merge requests are `!12`.
    pub fn on_gitlab(mut self, gitlab: bool) -> RefReader {
        self.gitlab = gitlab;
        self
    }

    /// The pull request a commit that landed alone merged, from its
    /// subject's squash suffix: `#12` for `Title (#12)`, and where the suffix
    /// starts. On GitLab only `(!12)` is one, since `(#12)` names an issue.
    pub fn squash_suffix(&self, subject: &str) -> Option<(String, usize)> {
        let (sigil, hit, open) = scan::squash_suffix(subject)?;
        if self.gitlab && sigil == '#' {
            return None;
        }
        Some((format!("{sigil}{}", &subject[hit.num]), open))
    }

    /// All references in `text`, in order of first appearance, each id once (if an id
    /// appears both as a closing and a plain reference, the action is `Closes`).
    pub fn read(&self, text: &str) -> Vec<Reference> {
        let subject = text.split('\n').next().unwrap_or_default();
        let mut strong = Vec::new();
        // Each pattern runs (and is compiled) only on a text that can hold it.
        let urls = text.contains("://");
        for (caps, glued) in tokens(urls, &HUB_URL, text) {
            let kind = match group(&caps, "what") {
                "issues" => RefKind::Issue,
                _ => RefKind::PullRequest,
            };
            let path = group(&caps, "path");
            strong.extend(Found::new(&caps, glued, kind, |n| self.id(path, '#', n)));
        }
        for (caps, glued) in tokens(urls && text.contains("/-/"), &LAB_URL, text) {
            let path = group(&caps, "path");
            strong.extend(match group(&caps, "what") {
                "merge_requests" => Found::new(&caps, glued, RefKind::PullRequest, |n| self.id(path, '!', n)),
                _ => Found::new(&caps, glued, RefKind::Issue, |n| self.id(path, '#', n)),
            });
        }
        if let Some(hit) = (!self.gitlab).then(|| scan::squash(subject)).flatten() {
            strong.extend(Found::at(subject, &hit, RefKind::PullRequest, |n| format!("#{n}")));
        }
        let merge = matches(subject.starts_with("Merge pull request "), &MERGE_PR, subject);
        for caps in merge {
            strong.extend(Found::new(&caps, false, RefKind::PullRequest, |n| format!("#{n}")));
        }
        for (caps, glued) in tokens(text.contains("merge request"), &MERGE_REQUEST, text) {
            let path = group(&caps, "path");
            strong.extend(Found::new(&caps, glued, RefKind::PullRequest, |n| match self.repository {
                None => format!("!{n}"),
                Some(_) => self.id(path, '!', n),
            }));
        }

        let mut weak = Vec::new();
        // `#12` or `GH-12`: the character before it must not make the `#` part of a URL
        // fragment (`/page#12`), an HTML entity (`&#64;`), a word (`C#12`) or a longer token.
        for hit in scan::shorts(text).filter(|hit| stands_alone(text, hit, "/&#-")) {
            weak.extend(Found::at(text, &hit, RefKind::Issue, |n| format!("#{n}")));
        }
        // `owner/repo#12`, not itself the tail of a longer path such as `a/b/c#1` or a URL.
        for (hit, path) in scan::crosses(text).filter(|(hit, _)| stands_alone(text, hit, "./#-")) {
            let path = &text[hit.start..path];
            weak.extend(Found::at(text, &hit, RefKind::Issue, |n| self.id(path, '#', n)));
        }
        for (caps, glued) in tokens(!self.keys.is_empty(), &TRACKER, text) {
            let key = group(&caps, "key");
            if self.keys.contains(key) {
                weak.extend(Found::new(&caps, glued, RefKind::Issue, |n| format!("{key}-{n}")));
            }
        }

        if strong.is_empty() && weak.is_empty() {
            return Vec::new();
        }
        let closers = scan::closers(text);
        let mut refs: Vec<Reference> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for found in without_overlaps(strong, weak) {
            let action =
                if closers.binary_search(&found.start).is_ok() { Action::Closes } else { Action::Refs };
            if let Some(known) = seen.get(&found.id).and_then(|&i| refs.get_mut(i)) {
                if action == Action::Closes {
                    known.action = Action::Closes;
                }
                if found.kind == RefKind::PullRequest {
                    known.kind = RefKind::PullRequest;
                }
            } else {
                seen.insert(found.id.clone(), refs.len());
                refs.push(Reference { id: found.id, kind: found.kind, action });
            }
        }
        refs
    }

    /// `#12` / `!12` for this repository, else `path#12` / `path!12`.
    fn id(&self, path: &str, sigil: char, number: &str) -> String {
        let here = path.is_empty()
            || (self.repository.as_deref()).is_some_and(|repo| repo.eq_ignore_ascii_case(path));
        if here {
            format!("{sigil}{number}")
        } else {
            format!("{path}{sigil}{number}")
        }
    }
}

/// The candidates in text order, none sharing a character with another, so the digits of
/// a URL or of `(#123)` are reported once. `strong` candidates (URLs and merge subjects)
/// say more than the `weak` short forms found in the same characters, so they win; among
/// equals the earlier one wins.
fn without_overlaps(mut strong: Vec<Found>, mut weak: Vec<Found>) -> Vec<Found> {
    strong.sort_by_key(|found| found.start);
    weak.sort_by_key(|found| found.start);
    let mut kept: Vec<Found> = Vec::with_capacity(strong.len() + weak.len());
    for found in strong {
        if kept.last().is_none_or(|last| last.end <= found.start) {
            kept.push(found);
        }
    }
    let strong_len = kept.len();
    let mut weak_end = 0;
    for found in weak {
        let strong = kept.get(..strong_len).unwrap_or_default();
        let next = strong.partition_point(|s| s.end <= found.start);
        let clash = strong.get(next).is_some_and(|s| s.start < found.end);
        if !clash && found.start >= weak_end {
            weak_end = found.end;
            kept.push(found);
        }
    }
    kept.sort_by_key(|found| found.start);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(keys: &[&str], repository: Option<&str>) -> RefReader {
        let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        RefReader::new(&keys, repository).expect("valid keys")
    }

    #[test]
    fn on_gitlab_a_hash_suffix_names_an_issue() {
        let github = reader(&[], Some("acme/shop"));
        let gitlab = reader(&[], Some("acme/shop")).on_gitlab(true);
        assert_eq!(brief(&github, "Fix the crash (#5)"), ["#5 pr refs"]);
        assert_eq!(brief(&gitlab, "Fix the crash (#5)"), ["#5 issue refs"]);
        assert_eq!(github.squash_suffix("Fix the crash (#5)"), Some(("#5".to_string(), 14)));
        assert_eq!(gitlab.squash_suffix("Fix the crash (#5)"), None);
        assert_eq!(gitlab.squash_suffix("Apple pay (!12)."), Some(("!12".to_string(), 10)));
        assert_eq!(github.squash_suffix("Apple pay (#012)"), None);
    }

    /// Each reference as `id kind action`, e.g. `#12 issue closes`, so tables stay readable.
    fn brief(reader: &RefReader, text: &str) -> Vec<String> {
        reader
            .read(text)
            .into_iter()
            .map(|r| {
                let kind = match r.kind {
                    RefKind::Issue => "issue",
                    RefKind::PullRequest => "pr",
                };
                let action = match r.action {
                    Action::Closes => "closes",
                    Action::Refs => "refs",
                };
                format!("{} {kind} {action}", r.id)
            })
            .collect()
    }

    fn check(reader: &RefReader, cases: &[(&str, &[&str])]) {
        for (text, expected) in cases {
            assert_eq!(brief(reader, text), *expected, "text: {text:?}");
        }
    }

    /// The word checks made by hand around a pattern find what `\b` before
    /// it and `(\w*)` after it find in the pattern, in Unicode's sense of a
    /// word, restarts after a match inside a word included.
    #[test]
    fn tokens_are_what_word_boundaries_written_in_the_pattern_find() {
        let texts = [
            "PAY-12 OPS-3, PAY-1PAY-2 xPAY-4 PAY-5x PAY-6_ PAY-7-OPS-8",
            "éPAY-12 PAY-13é 日本PAY-14 PAY-15日本 \u{663}PAY-16 PAY-17\u{663} PAY-18\u{301}",
            "ÀPAY-1-OPS-2 naïve-3 Ω-4 ab-12cd-34 a_b-5 _PAY-6",
            "see https://github.com/a/b/issues/1, éhttps://github.com/a/b/pull/2 xhttps://h/a/b/pulls/3",
            "https://github.com/a/b/issues/4x https://github.com/a/b/issues/5é(https://h/a/b/pull/6)",
            "HTTPS://host:8080/o/r/pull/7\nhttps://gitlab.com/g/s/p/-/issues/8 https://gitlab.com/g/p/-/merge_requests/9zz",
            "ühttps://gitlab.com/g/p/-/work_items/10 https://gitlab.com/g/p/-/issues/11/ https://gitlab.com/g/p/-/issues/12ß",
            "See merge request g/p!12\nXSee merge request !3 (See merge request !4) See merge request !5a",
            "日See merge request !6 See merge request g/s/p!7\u{2028}",
        ];
        for pattern in [&HUB_URL, &LAB_URL, &TRACKER, &MERGE_REQUEST] {
            let written = regex::Regex::new(&format!(r"\b(?:{})(?P<tail>\w*)", pattern.as_str())).unwrap();
            for text in texts {
                let expected: Vec<(usize, usize, bool)> = written
                    .captures_iter(text)
                    .map(|c| (c["ref"].len(), c.name("ref").unwrap().start(), !c["tail"].is_empty()))
                    .collect();
                let found: Vec<(usize, usize, bool)> = tokens(true, pattern, text)
                    .map(|(c, glued)| (c["ref"].len(), c.name("ref").unwrap().start(), glued))
                    .collect();
                assert_eq!(found, expected, "{text:?} read by {}", pattern.as_str());
            }
        }
        assert_eq!(tokens(false, &TRACKER, "PAY-1").count(), 0);
    }

    #[test]
    fn every_pattern_compiles() {
        for pattern in [&HUB_URL, &LAB_URL, &TRACKER, &MERGE_PR, &MERGE_REQUEST] {
            LazyLock::force(pattern);
        }
    }

    #[test]
    fn recognises_every_form() {
        let r = reader(&["PAY", "OPS"], Some("acme/shop"));
        check(
            &r,
            &[
                ("see #12", &["#12 issue refs"]),
                ("#12 first", &["#12 issue refs"]),
                (
                    "(#12), [#13]. \"#14\"\n#15-fix",
                    &["#12 issue refs", "#13 issue refs", "#14 issue refs", "#15 issue refs"],
                ),
                ("see GH-12", &["#12 issue refs"]),
                ("see other/lib.rs#4", &["other/lib.rs#4 issue refs"]),
                ("see acme/shop#4", &["#4 issue refs"]),
                ("see Acme/Shop#4", &["#4 issue refs"]),
                ("https://github.com/o/r/issues/12", &["o/r#12 issue refs"]),
                ("https://github.com/o/r/pull/12", &["o/r#12 pr refs"]),
                ("http://github.com/o/r/pull/12/files", &["o/r#12 pr refs"]),
                ("https://github.com/acme/shop/pull/3", &["#3 pr refs"]),
                ("https://git.example.org:3000/o/r/pulls/7", &["o/r#7 pr refs"]),
                ("https://codeberg.org/o/r/issues/7", &["o/r#7 issue refs"]),
                ("https://gitlab.com/g/sub/p/-/issues/5", &["g/sub/p#5 issue refs"]),
                ("https://gitlab.com/g/p/-/merge_requests/5", &["g/p!5 pr refs"]),
                ("https://gitlab.com/g/p/-/work_items/5", &["g/p#5 issue refs"]),
                ("PAY-77 and OPS-1", &["PAY-77 issue refs", "OPS-1 issue refs"]),
                ("/browse/PAY-77.", &["PAY-77 issue refs"]),
                ("Add login (#123)", &["#123 pr refs"]),
                ("Add login (#123)  \r\n\nbody", &["#123 pr refs"]),
                ("Merge pull request #123 from a/b", &["#123 pr refs"]),
                ("Merge x\n\nSee merge request g/p!9", &["g/p!9 pr refs"]),
                ("Merge x\n\nSee merge request !9", &["!9 pr refs"]),
            ],
        );
    }

    #[test]
    fn refuses_lookalikes() {
        let r = reader(&["PAY"], None);
        for text in [
            "https://x.org/page#12",
            "&#64;",
            "C#12",
            "abc#1",
            "_#1 -#1 ##1 /#1",
            "#0",
            "#012",
            "#12abc",
            "#12_",
            "é#12 #12é",
            "GH-0 GH-012 foo-GH-1 XGH-1 gh-1",
            "a/b/c#1",
            "https://github.com/o/r/issues/012",
            "https://github.com/o/r/issues/12x",
            "https://example.com/a/b/c/issues/1",
            "PAY-077 PAY-0 XPAY-7 PAY-7x pay-7 PAY_7 PAY-",
            "OPS-7 utf-8 x86-64",
            "color: #fff",
            "Add login (#012)",
        ] {
            assert_eq!(brief(&r, text), Vec::<String>::new(), "text: {text:?}");
        }
    }

    #[test]
    fn every_closing_keyword_in_every_case() {
        let r = reader(&[], None);
        let keywords =
            ["close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved"];
        for keyword in keywords {
            let title = format!("{}{}", keyword[..1].to_uppercase(), &keyword[1..]);
            for spelled in [keyword.to_string(), keyword.to_uppercase(), title] {
                for text in [
                    format!("{spelled} #12"),
                    format!("{spelled}: #12"),
                    format!("{spelled}:#12"),
                    format!("Body.\n\n{spelled}\t #12\n"),
                ] {
                    assert_eq!(brief(&r, &text), ["#12 issue closes"], "text: {text:?}");
                }
            }
        }
    }

    #[test]
    fn closing_needs_a_whole_keyword_right_before_the_reference() {
        let r = reader(&["PAY"], Some("acme/shop"));
        check(
            &r,
            &[
                ("Fixes https://github.com/o/r/issues/5", &["o/r#5 issue closes"]),
                ("Closes https://gitlab.com/g/s/p/-/issues/5", &["g/s/p#5 issue closes"]),
                ("Resolves: PAY-7", &["PAY-7 issue closes"]),
                ("Closes: acme/lib#3", &["acme/lib#3 issue closes"]),
                ("Closes acme/shop#3", &["#3 issue closes"]),
                ("fixes GH-4", &["#4 issue closes"]),
                ("hotfixes #3", &["#3 issue refs"]),
                ("prefix #3 suffix #4", &["#3 issue refs", "#4 issue refs"]),
                ("unfixed #3, fix-up #4", &["#3 issue refs", "#4 issue refs"]),
                ("fixes the bug in #3", &["#3 issue refs"]),
                ("Fixes #1, #2", &["#1 issue closes", "#2 issue refs"]),
                ("Fixes #1, fixes #2", &["#1 issue closes", "#2 issue closes"]),
            ],
        );
    }

    #[test]
    fn each_id_once_in_order_of_first_appearance_and_closing_wins() {
        let r = reader(&["PAY"], Some("acme/shop"));
        check(
            &r,
            &[
                ("See #3.\n\nCloses #3", &["#3 issue closes"]),
                ("Closes #3, see #3", &["#3 issue closes"]),
                ("#5 then PAY-1, #2, #5 and PAY-1", &["#5 issue refs", "PAY-1 issue refs", "#2 issue refs"]),
                ("acme/shop#4, #4, https://github.com/acme/shop/issues/4", &["#4 issue refs"]),
                ("Add login (#12)\n\nFixes #10, see #12", &["#12 pr refs", "#10 issue closes"]),
                ("See #12\n\nhttps://github.com/acme/shop/pull/12", &["#12 pr refs"]),
                ("https://gitlab.com/acme/shop/-/merge_requests/5 and #5", &["!5 pr refs", "#5 issue refs"]),
            ],
        );
    }

    #[test]
    fn url_digits_are_counted_once() {
        let r = reader(&["PAY"], None);
        check(
            &r,
            &[
                ("https://github.com/o/r/issues/12#issuecomment-1", &["o/r#12 issue refs"]),
                ("https://gitlab.com/g/p/-/issues/3#note_5", &["g/p#3 issue refs"]),
                ("https://gitlab.com/g/PAY-7/-/issues/3", &["g/PAY-7#3 issue refs"]),
                ("https://x.org/a/b?next=o/r#4", &["o/r#4 issue refs"]),
            ],
        );
    }

    #[test]
    fn squash_suffix_only_at_the_end_of_the_first_line() {
        let r = reader(&[], None);
        check(
            &r,
            &[
                ("Add login (#12)\n\nKeep (#13)", &["#12 pr refs", "#13 issue refs"]),
                ("Add login (#12) for admins", &["#12 issue refs"]),
                ("Add login\n(#12)", &["#12 issue refs"]),
                ("Revert (#11) (#12)", &["#11 issue refs", "#12 pr refs"]),
                ("Merge pull request #123 from a/b\n\nFixes #4", &["#123 pr refs", "#4 issue closes"]),
                ("Body\nMerge pull request #123 from a/b", &["#123 issue refs"]),
                ("Merge pull request #123", &["#123 issue refs"]),
            ],
        );
    }

    #[test]
    fn gitlab_paths_and_repository_shortening() {
        let here = reader(&[], Some("group/sub/project"));
        check(
            &here,
            &[
                ("https://gitlab.example.com/group/sub/project/-/merge_requests/9", &["!9 pr refs"]),
                ("https://gitlab.example.com/group/sub/project/-/issues/9", &["#9 issue refs"]),
                ("https://gitlab.example.com/group/other/-/issues/9", &["group/other#9 issue refs"]),
                ("See merge request group/sub/project!9", &["!9 pr refs"]),
                ("See merge request group/other!9", &["group/other!9 pr refs"]),
            ],
        );
        let unknown = reader(&[], None);
        check(
            &unknown,
            &[
                ("See merge request group/sub/project!9", &["!9 pr refs"]),
                ("https://gitlab.com/group/sub/project/-/merge_requests/9", &["group/sub/project!9 pr refs"]),
                ("acme/shop#1", &["acme/shop#1 issue refs"]),
            ],
        );
        for repository in ["acme/shop.git", "/acme/shop/", " ACME/shop "] {
            let r = reader(&[], Some(repository));
            assert_eq!(brief(&r, "acme/shop#1"), ["#1 issue refs"], "{repository:?}");
        }
        assert_eq!(brief(&reader(&[], Some("")), "acme/shop#1"), ["acme/shop#1 issue refs"]);
    }

    #[test]
    fn validates_tracker_keys() {
        for bad in ["", "1PAY", "PA-Y", "PAY ", "P.A", "ΠΑΥ", "(", "PAY|OPS", ".*"] {
            let keys = vec!["OPS".to_string(), bad.to_string()];
            let err = RefReader::new(&keys, None).expect_err(bad);
            assert_eq!(err.key, bad);
        }
        for good in ["PAY", "ops", "A_1", "Z9"] {
            assert!(RefReader::new(&[good.to_string()], None).is_ok(), "{good}");
        }
        assert_eq!(
            BadKey { key: "P-1".into() }.to_string(),
            "tracker key `P-1` must be letters, digits or `_`, starting with a letter (like PAY or OPS)"
        );
        let r = reader(&["GH", "ops", "A_1"], None);
        assert_eq!(
            brief(&r, "GH-5 ops-2 OPS-3 A_1-4"),
            ["#5 issue refs", "ops-2 issue refs", "A_1-4 issue refs"]
        );
    }

    #[test]
    fn serialises_as_snake_case() {
        let closes = Reference { id: "#12".into(), kind: RefKind::Issue, action: Action::Closes };
        let json = serde_json::to_string(&closes).expect("serialises");
        assert_eq!(json, r##"{"id":"#12","kind":"issue","action":"closes"}"##);
        let pr: Reference = serde_json::from_str(r#"{"id":"g/p!3","kind":"pull_request","action":"refs"}"#)
            .expect("deserialises");
        assert_eq!((pr.kind, pr.action), (RefKind::PullRequest, Action::Refs));
    }

    #[test]
    fn never_panics_and_stays_linear_on_hostile_input() {
        let r = reader(&["PAY", "OPS"], Some("acme/shop"));
        let huge = [
            String::new(),
            "#1 ".repeat(300_000),
            "x".repeat(1 << 20) + "/y#1",
            "a/".repeat(500_000) + "b#1",
            "https://github.com/".repeat(50_000),
            "fixes ".repeat(150_000) + "#7",
            "é\u{0}\u{7}\u{202e}#\u{ff11}".repeat(100_000),
            "PAY-".repeat(250_000) + "1",
        ];
        for text in &huge {
            let _ = r.read(text);
        }
        assert_eq!(r.read(&huge[1]).len(), 1);
        assert_eq!(brief(&r, &huge[5]), ["#7 issue closes"]);

        let alphabet: Vec<char> = "#GH-/:(). \n\r\tabcPAY0123_&!é\u{0}".chars().collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2_000 {
            let text: String = (0..40)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let refs = r.read(&text);
            let mut ids: Vec<&str> = refs.iter().map(|found| found.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), refs.len(), "duplicate id in {text:?}");
        }
    }
}
