//! What a merge commit's message says about the work it merged: a pull request of a
//! forge (its number, branch and title), a topic branch, or a sync of two lines of
//! development that is no unit of work itself.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// How a merge is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeKind {
    /// A pull or merge request, merged by a forge or a merge bot.
    PullRequest,
    /// A topic branch merged by hand (`Merge branch 'ab/topic'`).
    Topic,
    /// A sync or integration merge (`Merge branch 'main' of …`, `Merge
    /// remote-tracking branch …`, a release branch, a batch of a merge bot): the
    /// work inside it is told unit by unit.
    Sync,
}

/// A merge commit's message, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub kind: MergeKind,
    /// `#12`, or `!12` for a GitLab or Azure merge request.
    pub number: Option<String>,
    /// The merged branch, without its owner (`feature/apple-pay`).
    pub branch: Option<String>,
    /// The pull request's title, or the summary a maintainer wrote for the topic.
    pub title: Option<String>,
    /// What follows the title (a merge request's description), for references.
    pub body: Option<String>,
}

fn pattern(text: &str) -> Regex {
    Regex::new(text).expect("built-in merge pattern compiles")
}

/// The captures of `pattern` in `text` when `may` (the literal the pattern
/// opens with is there): a pattern is compiled only by a run whose merges
/// can match it.
fn captures<'t>(may: bool, pattern: &LazyLock<Regex>, text: &'t str) -> Option<Captures<'t>> {
    may.then(|| pattern.captures(text)).flatten()
}

static GITHUB: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^Merge pull request #([1-9][0-9]{0,9}) from (\S+)"));
static GITLAB: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?m)^See merge request (?:[0-9A-Za-z_.-]+(?:/[0-9A-Za-z_.-]+)+)?!([1-9][0-9]{0,9})(?-u:\b)")
});
static BITBUCKET: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^Merged in (\S+) \(pull request #([1-9][0-9]{0,9})\)"));
static AZURE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^Merged PR ([1-9][0-9]{0,9}): (.+)$"));
static HOMU: LazyLock<Regex> = LazyLock::new(|| pattern(r"^Auto merge of #([1-9][0-9]{0,9}) - ([^\s,]+)"));
static BORS: LazyLock<Regex> = LazyLock::new(|| pattern(r"^Merge ((?:#[1-9][0-9]{0,9}\s*)+)$"));
static BORS_TITLE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^[1-9][0-9]{0,9}: (.+?)(?:\s+r=\S+)?(?:\s+a=\S+)?$"));
static BRANCH: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"^Merge (remote-tracking )?branch(?:es)? '([^']+)'(?: of (\S+))?(?: into '?([^'\s]+)'?)?")
});

/// Branch names that are lines of development, not topics: merging one is a sync.
fn is_mainline(branch: &str) -> bool {
    let name = branch.rsplit('/').next().unwrap_or(branch).to_ascii_lowercase();
    matches!(
        name.as_str(),
        "main"
            | "master"
            | "develop"
            | "development"
            | "dev"
            | "trunk"
            | "next"
            | "seen"
            | "maint"
            | "stable"
            | "staging"
            | "production"
            | "prod"
            | "upstream"
    ) || name.starts_with("release")
        || name.starts_with("maint-")
        || branch.to_ascii_lowercase().starts_with("release")
        || branch.starts_with("origin/")
        || branch.starts_with("upstream/")
}

/// Whether a subject opens as git's merge of a branch does.
fn is_branch_merge(subject: &str) -> bool {
    subject.starts_with("Merge branch") || subject.starts_with("Merge remote-tracking branch")
}

/// Reads a merge commit's message.
pub fn read(message: &str) -> Merge {
    let mut lines = message.trim_start().lines();
    let subject = lines.next().unwrap_or("").trim();
    let rest: Vec<&str> = lines.collect();
    let (title, body) = title_and_body(&rest);
    let merge = |kind, number: Option<String>, branch: Option<&str>, title: Option<String>| Merge {
        kind,
        number,
        branch: branch.map(str::to_string),
        title,
        body: body.clone(),
    };
    if let Some(c) = captures(subject.starts_with("Merge pull request #"), &GITHUB, subject) {
        let branch = c[2].split_once('/').map_or(&c[2], |(_, b)| b);
        return merge(MergeKind::PullRequest, Some(format!("#{}", &c[1])), Some(branch), title);
    }
    if let Some(c) = captures(subject.starts_with("Merged in "), &BITBUCKET, subject) {
        return merge(MergeKind::PullRequest, Some(format!("#{}", &c[2])), Some(&c[1]), title);
    }
    if let Some(c) = captures(subject.starts_with("Merged PR "), &AZURE, subject) {
        return merge(
            MergeKind::PullRequest,
            Some(format!("!{}", &c[1])),
            None,
            Some(c[2].trim().to_string()),
        );
    }
    if let Some(c) = captures(subject.starts_with("Auto merge of #"), &HOMU, subject) {
        let branch = c[2].split_once(':').map_or(&c[2], |(_, b)| b);
        return merge(MergeKind::PullRequest, Some(format!("#{}", &c[1])), Some(branch), title);
    }
    if let Some(c) = captures(subject.starts_with("Merge #"), &BORS, subject) {
        let numbers: Vec<&str> = c[1].split_whitespace().collect();
        if let [only] = numbers.as_slice() {
            let title = rest.iter().find_map(|l| BORS_TITLE.captures(l.trim()).map(|t| t[1].to_string()));
            return merge(MergeKind::PullRequest, Some(only.to_string()), None, title);
        }
        return merge(MergeKind::Sync, None, None, None);
    }
    if let Some(c) = captures(message.contains("See merge request "), &GITLAB, message) {
        let branch = captures(is_branch_merge(subject), &BRANCH, subject).map(|b| b[2].to_string());
        return merge(MergeKind::PullRequest, Some(format!("!{}", &c[1])), branch.as_deref(), title);
    }
    if let Some(c) = captures(is_branch_merge(subject), &BRANCH, subject) {
        let branch = &c[2];
        let sync = c.get(1).is_some() || c.get(3).is_some() || is_mainline(branch);
        let kind = if sync { MergeKind::Sync } else { MergeKind::Topic };
        return merge(kind, None, Some(branch), title);
    }
    if subject.starts_with("Merge tag ") || subject.starts_with("Merge commit ") {
        return merge(MergeKind::Sync, None, None, None);
    }
    merge(MergeKind::Topic, None, None, None)
}

/// The first paragraph after the subject when it is a title or a summary (not git's
/// list of merged commits, a conflicts list or a trailer), and the rest.
fn title_and_body(rest: &[&str]) -> (Option<String>, Option<String>) {
    let start = rest.iter().position(|l| !l.trim().is_empty());
    let Some(start) = start else { return (None, None) };
    let end = rest[start..].iter().position(|l| l.trim().is_empty()).map_or(rest.len(), |n| start + n);
    let paragraph: Vec<&str> = rest[start..end].iter().map(|l| l.trim()).collect();
    let first = paragraph.first().copied().unwrap_or("");
    let not_a_title = first.starts_with("* ")
        || first.starts_with("Conflicts:")
        || first.starts_with('#')
        || first.starts_with("See merge request")
        || first.starts_with("(cherry picked")
        || first.contains(": ") && first.split(": ").next().is_some_and(|t| t.ends_with("-by"))
        || is_reference_line(first);
    let body = rest.get(end..).map(|b| b.join("\n")).filter(|b| !b.trim().is_empty());
    if not_a_title {
        let all = rest.join("\n");
        return (None, Some(all).filter(|b| !b.trim().is_empty()));
    }
    let joined = paragraph.join(" ");
    (Some(first_sentence(&joined).to_string()), body)
}

/// A line that only cites work (`Closes gh-50279`, `Fixes #12`, `See #4`):
/// a forward merge's note, not a title.
fn is_reference_line(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let verb = words.next().unwrap_or("").trim_end_matches(':').to_ascii_lowercase();
    let cited: Vec<&str> = words.collect();
    matches!(
        verb.as_str(),
        "closes"
            | "close"
            | "closed"
            | "fixes"
            | "fix"
            | "fixed"
            | "resolves"
            | "resolve"
            | "resolved"
            | "see"
            | "refs"
    ) && !cited.is_empty()
        && cited.iter().all(|w| {
            let w = w.trim_end_matches([',', '.']);
            w.contains(['#', '!']) || w.to_ascii_lowercase().starts_with("gh-") || w == "and"
        })
}

/// A maintainer's summary may run to several sentences; the first says what
/// the topic does. A short title is kept whole.
fn first_sentence(text: &str) -> &str {
    if text.chars().count() <= 100 {
        return text;
    }
    text.match_indices(". ").map(|(i, _)| &text[..i + 1]).find(|s| s.len() >= 20).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forges_and_bots() {
        let m =
            read("Merge pull request #412 from acme/feature/apple-pay\n\nCustomers can pay with Apple Pay");
        assert_eq!(
            (m.kind, m.number.as_deref(), m.branch.as_deref(), m.title.as_deref()),
            (
                MergeKind::PullRequest,
                Some("#412"),
                Some("feature/apple-pay"),
                Some("Customers can pay with Apple Pay")
            )
        );
        let m = read("Merge branch 'fix-totals' into 'main'\n\nFix rounding of totals\n\nCloses #12\n\nSee merge request acme/shop!34");
        assert_eq!(
            (m.number.as_deref(), m.branch.as_deref(), m.title.as_deref()),
            (Some("!34"), Some("fix-totals"), Some("Fix rounding of totals"))
        );
        assert!(m.body.as_deref().is_some_and(|b| b.contains("Closes #12")));
        let m = read("Merged in feature/export (pull request #7)\n\nExport orders as CSV\n\nApproved-by: Bo");
        assert_eq!((m.number.as_deref(), m.title.as_deref()), (Some("#7"), Some("Export orders as CSV")));
        let m = read("Merged PR 88: Add invoices");
        assert_eq!((m.number.as_deref(), m.title.as_deref()), (Some("!88"), Some("Add invoices")));
        let m = read("Auto merge of #1234 - ada:faster-lexer, r=bo\n\nMake the lexer faster\n\nIt was slow.");
        assert_eq!(
            (m.number.as_deref(), m.branch.as_deref(), m.title.as_deref()),
            (Some("#1234"), Some("faster-lexer"), Some("Make the lexer faster"))
        );
        let m = read("Merge branch '4.0.x'\n\nCloses gh-50279");
        assert_eq!(
            (m.kind, m.title.as_deref()),
            (MergeKind::Topic, None),
            "a forward merge's note is no title"
        );
        let m = read("Merge #77\n\n77: Retry uploads r=bo a=ada\n\nbody");
        assert_eq!((m.kind, m.title.as_deref()), (MergeKind::PullRequest, Some("Retry uploads")));
        assert_eq!(read("Merge #77 #78\n\n").kind, MergeKind::Sync);
    }

    #[test]
    fn topics_and_syncs() {
        let m = read("Merge branch 'ps/reftable-fixes'\n\nThe reftable code learned to compact.\n\n* ps/reftable-fixes:\n  reftable: x");
        assert_eq!(
            (m.kind, m.branch.as_deref(), m.title.as_deref()),
            (MergeKind::Topic, Some("ps/reftable-fixes"), Some("The reftable code learned to compact."))
        );
        let long = "Merge branch 'ps/gc'\n\nObject database housekeeping in 'git gc' has been refactored to be pluggable.  The files-backend-specific logic moved into the backend.\n";
        assert_eq!(
            read(long).title.as_deref(),
            Some("Object database housekeeping in 'git gc' has been refactored to be pluggable.")
        );
        let m = read("Merge branch 'ab/topic'\n\n* ab/topic:\n  a: b");
        assert_eq!((m.kind, m.title), (MergeKind::Topic, None));
        assert_eq!(read("Merge branch 'main' of github.com:acme/shop").kind, MergeKind::Sync);
        assert_eq!(read("Merge remote-tracking branch 'origin/main'").kind, MergeKind::Sync);
        assert_eq!(read("Merge branch 'release/2.4'").kind, MergeKind::Sync);
        assert_eq!(read("Merge branch 'maint'").kind, MergeKind::Sync);
        assert_eq!(read("Merge tag 'v6.1' of git://x").kind, MergeKind::Sync);
    }
}
