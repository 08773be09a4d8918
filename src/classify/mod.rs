//! Sorting every change into exactly one bucket of the brief.
//!
//! The buckets follow what a stakeholder asks: what was delivered, what was
//! fixed, what needs attention, what kept the lights on, and what is noise.
//! A change goes to the first bucket whose rule matches, in this order:
//! noise, attention, maintenance by author or dependency, fixed, delivered,
//! maintenance.

pub(crate) mod revert;

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::conventional::{self, Message};
use crate::history::{Commit, Span};
use crate::refs::{Action, RefKind, RefReader, Reference};

/// Where a change is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Milestones: features, performance gains, closed issues.
    Delivered,
    /// Bug fixes: delivered value, and the input of the error rate.
    Fixed,
    /// Roadblocks: rollbacks, breaking changes, blocked work.
    Attention,
    /// Refactoring, chores, build, CI, docs, style, tests, dependency bumps, bots.
    Maintenance,
    /// fixup!/squash! commits and release bumps: counted, never listed.
    Noise,
}

/// Why a change, or an area, needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A revert: earlier work was rolled back.
    Reverted,
    /// Work of this window that a later commit of the window reverted: it
    /// is not delivered.
    RolledBack,
    /// A breaking change: users of the system must adapt.
    Breaking,
    /// Marked as blocked or work in progress.
    Blocked,
    /// A shipped security fix: worth telling, and worth checking.
    Security,
    /// An area with a streak of fixes in one window (never a single commit's reason).
    Unstable,
}

/// The rules that can be tuned per team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Author names (or emails) of bots, whose commits are maintenance and
    /// who are not counted as contributors.
    pub bots: Vec<String>,
    /// Footer tokens (`Blocked-by`) or subject words (`WIP`) that mark work as blocked.
    pub blocked_markers: Vec<String>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            bots: ["dependabot[bot]", "renovate[bot]", "github-actions[bot]", "pre-commit-ci[bot]"]
                .map(String::from)
                .to_vec(),
            blocked_markers: ["Blocked-by", "WIP"].map(String::from).to_vec(),
        }
    }
}

/// The classified changes of one window.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Non-merge commits, newest first: each listed in the brief exactly once.
    pub listed: Vec<Change>,
    /// Merge commits: counted (pull requests merged), never listed.
    pub merges: Vec<Change>,
    /// The history ended at a shallow-clone boundary before the window's start.
    pub truncated: bool,
    /// Tags on commits of the window: releases.
    pub tags: Vec<crate::history::Tag>,
}

/// Reads and classifies every commit of a span, then pairs reverts with the
/// work they undid.
pub fn classify(span: Span, refs: &RefReader, rules: &Rules) -> Changes {
    let read = |commits: Vec<Commit>| -> Vec<Change> {
        commits.into_iter().map(|c| Change::read(c, refs, rules)).collect()
    };
    let mut listed = read(span.commits);
    revert::pair(&mut listed);
    Changes { listed, merges: read(span.merges), truncated: span.truncated, tags: span.tags }
}

/// A commit read and classified: the unit the brief is built from.
#[derive(Debug, Clone)]
pub struct Change {
    pub commit: Commit,
    pub message: Message,
    pub refs: Vec<Reference>,
    pub bucket: Bucket,
    pub reason: Option<Reason>,
    /// Authored by a bot.
    pub bot: bool,
    /// The commit of this window that this revert undid.
    pub reverts: Option<git2::Oid>,
    /// The revert of this window that undid this commit.
    pub reverted_by: Option<git2::Oid>,
}

impl Change {
    /// Reads a commit's message and references and classifies it.
    pub fn read(commit: Commit, refs: &RefReader, rules: &Rules) -> Change {
        let message = conventional::parse(&commit.message);
        let refs = refs.read(&reference_text(&commit.message, &message));
        let bot = rules.is_bot(&commit.author, &commit.email);
        let mut change = Change {
            commit,
            message,
            refs,
            bucket: Bucket::Maintenance,
            reason: None,
            bot,
            reverts: None,
            reverted_by: None,
        };
        (change.bucket, change.reason) = rules.bucket(&change);
        change
    }

    /// The kind of work for counting maintenance: `deps` for dependency
    /// updates (by type, scope or bot), otherwise the type.
    pub fn kind(&self) -> &str {
        if self.is_dependency_update() {
            "deps"
        } else {
            &self.message.kind
        }
    }

    /// True when the commit closes at least one issue.
    pub fn closes_issue(&self) -> bool {
        self.refs.iter().any(|r| r.action == Action::Closes && r.kind == RefKind::Issue)
    }

    fn is_dependency_update(&self) -> bool {
        let m = &self.message;
        m.kind == "deps"
            || m.scope
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("deps") || s.eq_ignore_ascii_case("deps-dev"))
            || (self.bot && matches!(m.kind.as_str(), "chore" | "build" | "fix" | "feat" | "other"))
    }
}

impl Rules {
    fn is_bot(&self, name: &str, email: &str) -> bool {
        let local = email.split('@').next().unwrap_or("");
        self.bots.iter().any(|bot| bot.eq_ignore_ascii_case(name) || bot.eq_ignore_ascii_case(email))
            || name.ends_with("[bot]")
            || local.ends_with("[bot]")
    }

    fn bucket(&self, change: &Change) -> (Bucket, Option<Reason>) {
        let m = &change.message;
        let kind = m.kind.as_str();
        if matches!(kind, "fixup" | "squash" | "amend" | "merge" | "release") || is_release_bump(m) {
            return (Bucket::Noise, None);
        }
        if revert::is_revert(kind, &change.commit.message) {
            return (Bucket::Attention, Some(Reason::Reverted));
        }
        if m.breaking {
            return (Bucket::Attention, Some(Reason::Breaking));
        }
        if kind == "wip" || self.is_blocked(m) {
            return (Bucket::Attention, Some(Reason::Blocked));
        }
        if change.bot || change.is_dependency_update() {
            return (Bucket::Maintenance, None);
        }
        let fix = matches!(kind, "fix" | "bugfix" | "hotfix");
        if fix && is_security(m) {
            return (Bucket::Attention, Some(Reason::Security));
        }
        match kind {
            _ if fix => (Bucket::Fixed, None),
            "feat" | "feature" | "perf" => (Bucket::Delivered, None),
            _ if change.closes_issue() => (Bucket::Delivered, None),
            _ => (Bucket::Maintenance, None),
        }
    }

    /// A blocked marker is a footer token (`Blocked-by: #12`) or a whole
    /// word of the subject (`WIP`), compared without regard to case.
    fn is_blocked(&self, m: &Message) -> bool {
        self.blocked_markers.iter().any(|marker| {
            m.footers.iter().any(|f| f.token.eq_ignore_ascii_case(marker))
                || m.description
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .any(|word| word.eq_ignore_ascii_case(marker))
        })
    }
}

static SECURITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bsecurity\b|\bCVE-\d{4}-\d+|\bGHSA(-[a-z0-9]{4}){3}\b|\bvulnerab|\bXSS\b|\bCSRF\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A security fix: `security`/`sec` scope, or words such as "security",
/// a CVE or GHSA id, "vulnerability", XSS or CSRF in the description or body.
fn is_security(m: &Message) -> bool {
    m.scope.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("security") || s.eq_ignore_ascii_case("sec"))
        || SECURITY.is_match(&m.description)
        || m.body.as_deref().is_some_and(|b| SECURITY.is_match(b))
}

/// `chore(release): 1.4.0` and similar version bumps.
fn is_release_bump(m: &Message) -> bool {
    m.scope.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("release"))
        && matches!(m.kind.as_str(), "chore" | "build")
}

/// The text searched for references: the message without its
/// `type(scope):` prefix, so that `fix: #12 …` is not read as "fixes #12".
fn reference_text(raw: &str, message: &Message) -> String {
    let rest = raw.trim_start().split_once('\n').map(|(_, rest)| rest).unwrap_or("");
    if message.inferred {
        raw.to_string()
    } else {
        format!("{}\n{}", message.description, rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use git2::Oid;

    fn change(message: &str, author: &str) -> Change {
        let commit = Commit {
            id: Oid::ZERO_SHA1,
            landed: DateTime::parse_from_rfc3339("2026-11-18T10:00:00+01:00").unwrap(),
            stats: None,
            author: author.to_string(),
            email: format!("{}@example.com", author.replace(' ', ".")),
            time: DateTime::parse_from_rfc3339("2026-11-18T10:00:00+01:00").unwrap(),
            message: message.to_string(),
            parents: 1,
        };
        let reader = RefReader::new(&["PAY".to_string()], None).unwrap();
        Change::read(commit, &reader, &Rules::default())
    }

    fn bucket(message: &str) -> (Bucket, Option<Reason>) {
        let c = change(message, "Ada");
        (c.bucket, c.reason)
    }

    #[test]
    fn each_type_lands_in_its_bucket() {
        use Bucket::*;
        let table = [
            ("feat(checkout): pay with Apple Pay", Delivered),
            ("perf: render the cart twice as fast", Delivered),
            ("Add export button", Delivered),
            ("fix(auth): reset link expired too early", Fixed),
            ("Fix crash on empty cart", Fixed),
            ("refactor: split the payment module", Maintenance),
            ("chore: tidy scripts", Maintenance),
            ("build: use the 2024 edition", Maintenance),
            ("ci: cache the target directory", Maintenance),
            ("docs: explain the config", Maintenance),
            ("style: format", Maintenance),
            ("test: cover refunds", Maintenance),
            ("chore(deps): bump serde from 1.0.1 to 1.0.2", Maintenance),
            ("fix(deps): update rust crate regex to 1.11", Maintenance),
            ("Bump lodash from 4.17.20 to 4.17.21", Maintenance),
            ("fixup! feat: pay with Apple Pay", Noise),
            ("squash! fix: typo", Noise),
            ("chore(release): 2.4.0", Noise),
            ("docs: write the install guide\n\nCloses #9", Delivered),
            ("Tweak the header", Maintenance),
            ("fix(security): escape search terms", Attention),
            ("fix: sanitise HTML in comments\n\nAddresses CVE-2026-1234", Attention),
            ("fix: close an XSS hole in the profile page", Attention),
            ("feat(security): two-factor sign-in", Delivered),
        ];
        for (message, expected) in table {
            assert_eq!(bucket(message).0, expected, "{message}");
        }
    }

    #[test]
    fn roadblocks_carry_their_reason() {
        assert_eq!(bucket("revert: remember this device"), (Bucket::Attention, Some(Reason::Reverted)));
        assert_eq!(
            bucket("Revert \"feat: remember this device\""),
            (Bucket::Attention, Some(Reason::Reverted))
        );
        assert_eq!(bucket("feat(api)!: drop v1 endpoints"), (Bucket::Attention, Some(Reason::Breaking)));
        assert_eq!(
            bucket("fix: new token format\n\nBREAKING CHANGE: old tokens are rejected"),
            (Bucket::Attention, Some(Reason::Breaking))
        );
        assert_eq!(bucket("feat: refunds\n\nBlocked-by: PAY-12"), (Bucket::Attention, Some(Reason::Blocked)));
        assert_eq!(bucket("feat: WIP refunds screen"), (Bucket::Attention, Some(Reason::Blocked)));
        // A word that merely contains the marker is not one.
        assert_eq!(bucket("feat: wipe stale sessions").0, Bucket::Delivered);
    }

    #[test]
    fn bots_are_maintenance_and_their_updates_are_dependencies() {
        let c = change("fix: update dependency react to v19", "renovate[bot]");
        assert!(c.bot);
        assert_eq!((c.bucket, c.kind()), (Bucket::Maintenance, "deps"));
        let human = change("fix: update the login copy", "Ada");
        assert!(!human.bot);
        assert_eq!(human.bucket, Bucket::Fixed);
    }

    #[test]
    fn the_type_prefix_is_not_read_as_a_closing_keyword() {
        let c = change("fix: #12 is about the cart", "Ada");
        assert_eq!(c.refs.len(), 1);
        assert_eq!(c.refs[0].action, Action::Refs);
        let closing = change("feat: cart totals\n\nFixes #12", "Ada");
        assert_eq!(closing.refs[0].action, Action::Closes);
    }
}
