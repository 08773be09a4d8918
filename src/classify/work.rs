//! A unit of work, read and classified: the item the brief is built from.
//!
//! A unit's type comes from its pull request's title, then from its branch name
//! (`feature/…`, `fix/…`, `hotfix/…`), then from its most telling commit; its area
//! and text likewise from its title, else from that commit.

use std::sync::LazyLock;

use git2::Oid;
use regex::Regex;

use super::{index_of, is_dependency_update, is_release_bump, is_security, reference_text, revert};
use super::{Bucket, Change, Reason, Rules};
use crate::group::{Unit, UnitKind};
use crate::read::{self, Lexicon, Message};
use crate::refs::{Action, RefKind, RefReader, Reference};

/// A unit of work, read and classified.
#[derive(Debug, Clone)]
pub struct Work {
    pub kind: UnitKind,
    /// `#12` or `!12`.
    pub number: Option<String>,
    pub branch: Option<String>,
    pub merge: Option<Oid>,
    /// What the unit is called as written: the pull request's title, the
    /// topic's summary, or its most telling commit's subject.
    pub title: String,
    /// The reading the unit is classified and worded by.
    pub message: Message,
    /// Its commits, as indices into [`super::Changes::listed`], newest first.
    pub commits: Vec<usize>,
    /// The commit its text and type came from when the title gave none.
    pub lead: Option<usize>,
    /// Its text is a title of its own (a pull request's, a topic's summary),
    /// not a commit's subject.
    pub titled: bool,
    /// The issues and pull requests it cites, in its own words; never its own number.
    pub refs: Vec<Reference>,
    /// Of those, the ones its text ties to work (subjects, `Refs #12` lines,
    /// tracker keys), not mentions in passing: what can be in progress.
    pub tracked: Vec<String>,
    pub bucket: Bucket,
    pub reason: Option<Reason>,
    /// Every commit by a bot, or a bot's branch.
    pub bot: bool,
    /// The bucket the unit has on its own, before reverts are paired.
    pub natural: (Bucket, Option<Reason>),
    /// The unit of this window this one reverted.
    pub reverts: Option<usize>,
    /// The unit of this window that reverted this one.
    pub reverted_by: Option<usize>,
    /// What the issue tracker says of it (title, labels, state), when asked.
    pub tracker: Option<crate::tracker::Item>,
}

impl Work {
    /// The kind of work for counting maintenance: `deps` for dependency
    /// updates (by type, scope or bot), otherwise the type.
    pub fn kind_of_work(&self) -> &str {
        if is_dependency_update(&self.message)
            || (self.bot
                && matches!(self.message.kind.as_str(), "chore" | "build" | "fix" | "feat" | "other"))
        {
            "deps"
        } else {
            &self.message.kind
        }
    }

    /// True when the unit closes at least one issue.
    pub fn closes_issue(&self) -> bool {
        self.refs.iter().any(|r| r.action == Action::Closes && r.kind == RefKind::Issue)
    }
}

/// Reads and classifies every unit of a span.
pub(super) fn build(
    units: Vec<Unit>,
    listed: &mut [Change],
    merges: &[Change],
    refs: &RefReader,
    rules: &Rules,
    lexicon: &Lexicon,
) -> Vec<Work> {
    let index = index_of(listed);
    let merge_index = index_of(merges);
    units
        .into_iter()
        .map(|unit| {
            let members: Vec<usize> = unit.commits.iter().filter_map(|id| index.get(id).copied()).collect();
            let merge = unit.merge.and_then(|id| merge_index.get(&id)).and_then(|&i| merges.get(i));
            let mut work = read_unit(unit, members, listed, merge, refs, lexicon);
            work.natural = bucket(rules, &work, listed);
            (work.bucket, work.reason) = work.natural;
            work
        })
        .collect()
}

fn read_unit(
    unit: Unit,
    members: Vec<usize>,
    listed: &[Change],
    merge: Option<&Change>,
    refs: &RefReader,
    lexicon: &Lexicon,
) -> Work {
    let lead = most_telling(&members, listed);
    let lead_change = lead.and_then(|i| listed.get(i));
    let bot = (!members.is_empty() && members.iter().all(|&i| listed[i].bot))
        || unit.branch.as_deref().is_some_and(|b| b.starts_with("dependabot/") || b.starts_with("renovate/"));
    let (mut message, title) = match (&unit.title, lead_change) {
        (Some(title), _) => {
            let text = match &unit.body {
                Some(body) => format!("{title}\n\n{body}"),
                None => title.clone(),
            };
            (read::read(&text, lexicon), title.clone())
        }
        (None, Some(lead)) => (lead.message.clone(), lead.commit.subject().to_string()),
        (None, None) => (read::read("", lexicon), String::new()),
    };
    if unit.title.is_some() && message.inferred && (message.kind == "other" || message.ambiguous) {
        let from_branch = unit.branch.as_deref().and_then(branch_kind);
        let from_commits = lead_change.map(|l| l.message.kind.as_str()).filter(|k| *k != "other");
        if let Some(kind) = from_branch.or(from_commits) {
            message.kind = kind.to_string();
        }
    } else if message.inferred && (message.kind == "other" || message.ambiguous) {
        // A merged branch without a title of its own: its name states the
        // type (`hotfix/totals`) when its commits' wording does not.
        if let Some(kind) = unit.branch.as_deref().and_then(branch_kind) {
            message.kind = kind.to_string();
        }
    }
    if message.area.is_none() {
        message.area = lead_change.and_then(|l| l.message.area.clone());
    }
    let mut found: Vec<Reference> = Vec::new();
    let mut add = |r: &Reference| {
        if Some(&r.id) == unit.number.as_ref() {
            return;
        }
        match found.iter_mut().find(|f| f.id == r.id) {
            Some(f) if r.action == Action::Closes => f.action = Action::Closes,
            Some(_) => {}
            None => found.push(r.clone()),
        }
    };
    let mut tracked: Vec<String> = Vec::new();
    if let Some(key) = &message.key {
        add(&Reference { id: key.clone(), kind: RefKind::Issue, action: Action::Refs });
        tracked.push(key.clone());
    }
    if unit.title.is_some() || merge.is_some() {
        let raw = merge.map(|m| m.commit.message.as_str()).unwrap_or(title.as_str());
        let text = match &unit.title {
            Some(title) => format!("{title}\n{}", unit.body.as_deref().unwrap_or("")),
            None => raw.to_string(),
        };
        let text = reference_text(&text, &message, bot);
        let found = refs.read(&text);
        for r in &found {
            add(r);
        }
        tracked.extend(super::tracked_references(&text, &found));
    }
    for key in unit.branch.as_deref().map(|b| branch_keys(b, &lexicon.keys)).unwrap_or_default() {
        add(&Reference { id: key.clone(), kind: RefKind::Issue, action: Action::Refs });
        tracked.push(key);
    }
    // A revert does not work on the issues its subject cites.
    let reverting = message.kind == "revert";
    for &i in members.iter().rev() {
        if !reverting {
            for r in &listed[i].refs {
                add(r);
            }
            tracked.extend(listed[i].tracked.iter().cloned());
        }
    }
    Work {
        kind: unit.kind,
        number: unit.number,
        branch: unit.branch,
        merge: unit.merge,
        title,
        message,
        commits: members,
        lead,
        titled: unit.title.is_some(),
        refs: found,
        tracked,
        bucket: Bucket::Maintenance,
        reason: None,
        bot,
        natural: (Bucket::Maintenance, None),
        reverts: None,
        reverted_by: None,
        tracker: None,
    }
}

/// The commit that says most about a unit: a breaking change, then a security
/// fix, a feature, a fix, a speed-up, anything else; of equals, the one that
/// closes an issue, else the oldest, since a branch usually opens with its point. Fixups, merges and `wip` commits tell
/// nothing unless they are all there is.
fn most_telling(members: &[usize], listed: &[Change]) -> Option<usize> {
    let rank = |c: &Change| {
        let kind = c.message.kind.as_str();
        match kind {
            _ if c.message.breaking => 0,
            "security" => 1,
            "feat" | "feature" => 2,
            "fix" | "hotfix" | "bugfix" => 3,
            "perf" => 4,
            "revert" => 5,
            "fixup" | "squash" | "amend" | "merge" | "wip" | "release" => 9,
            "other" => 7,
            _ => 6,
        }
    };
    // Among equals, the one that closes an issue names the work best.
    members.iter().rev().copied().min_by_key(|&i| (rank(&listed[i]), !listed[i].closes_issue()))
}

/// The type a branch name states (`feature/apple-pay`, `fix/totals`, GitHub's
/// `revert-12-apple-pay`).
pub(crate) fn branch_kind(branch: &str) -> Option<&'static str> {
    let lower = branch.to_ascii_lowercase();
    let head = lower.split(['/', '-', '_']).next().unwrap_or("");
    Some(match head {
        "feature" | "features" | "feat" => "feat",
        "fix" | "bugfix" | "bug" | "fixes" => "fix",
        "hotfix" => "hotfix",
        "chore" => "chore",
        "docs" | "doc" => "docs",
        "release" => "release",
        "refactor" => "refactor",
        "test" | "tests" => "test",
        "ci" => "ci",
        "perf" => "perf",
        "dependabot" | "renovate" | "deps" => "deps",
        "revert" if lower.starts_with("revert-") => "revert",
        "security" => "security",
        _ => return None,
    })
}

static BRANCH_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[/_-])([a-z][a-z0-9]+-[1-9][0-9]{0,9})(?:$|[/_-])")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Tracker keys in a branch name (`feature/PAY-12-apple-pay`): upper case as
/// written, or a configured key in any case.
fn branch_keys(branch: &str, keys: &[String]) -> Vec<String> {
    let names_a_tracker = |prefix: &str| read::is_tracker_prefix(prefix);
    BRANCH_KEY
        .captures_iter(branch)
        .filter_map(|c| {
            let key = c.get(1)?.as_str();
            let (prefix, _) = key.split_once('-')?;
            let configured = keys.iter().any(|k| k.eq_ignore_ascii_case(prefix));
            let written_as_key = prefix.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && names_a_tracker(prefix);
            (configured || written_as_key).then(|| key.to_ascii_uppercase())
        })
        .collect()
}

/// The unit's bucket on its own words, in the order of the module's rules.
fn bucket(rules: &Rules, work: &Work, listed: &[Change]) -> (Bucket, Option<Reason>) {
    let m = &work.message;
    let kind = m.kind.as_str();
    let members = || work.commits.iter().filter_map(|&i| listed.get(i));
    if matches!(kind, "fixup" | "squash" | "amend" | "merge" | "release") || is_release_bump(m) {
        return (Bucket::Noise, None);
    }
    let lead_reverts = work.kind == UnitKind::Commit
        && work
            .lead
            .and_then(|i| listed.get(i))
            .is_some_and(|c| revert::is_revert(&c.message.kind, &c.commit.message));
    if kind == "revert" || lead_reverts {
        return (Bucket::Attention, Some(Reason::Reverted));
    }
    if m.breaking || members().any(|c| c.message.breaking) {
        return (Bucket::Attention, Some(Reason::Breaking));
    }
    // A merged unit is judged blocked by its own title only, never by a
    // `wip` commit on its branch.
    let own_words = work.titled || work.merge.is_none();
    if own_words && (kind == "wip" || rules.is_blocked(m)) {
        return (Bucket::Attention, Some(Reason::Blocked));
    }
    if work.bot || is_dependency_update(m) {
        return (Bucket::Maintenance, None);
    }
    if let Some(&bucket) = rules.types.get(kind) {
        return (bucket, None);
    }
    let is_fix = |k: &str| matches!(k, "fix" | "bugfix" | "hotfix" | "security");
    if is_fix(kind)
        && (is_security(m) || members().any(|c| is_fix(&c.message.kind) && is_security(&c.message)))
    {
        return (Bucket::Attention, Some(Reason::Security));
    }
    match kind {
        _ if is_fix(kind) => (Bucket::Fixed, None),
        "feat" | "feature" | "perf" => (Bucket::Delivered, None),
        // Closing an issue makes work a delivery when nothing else says what
        // it is: not tests, CI or clean-ups, and documentation only when the
        // author called it that.
        "other" if work.closes_issue() => (Bucket::Delivered, None),
        "docs" if work.closes_issue() && !m.inferred => (Bucket::Delivered, None),
        _ => (Bucket::Maintenance, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_names_state_a_type_and_carry_tracker_keys() {
        assert_eq!(branch_kind("feature/apple-pay"), Some("feat"));
        assert_eq!(branch_kind("bugfix/totals"), Some("fix"));
        assert_eq!(branch_kind("hotfix/checkout"), Some("hotfix"));
        assert_eq!(branch_kind("revert-12-feature/apple-pay"), Some("revert"));
        assert_eq!(branch_kind("dependabot/cargo/serde-1.0.2"), Some("deps"));
        assert_eq!(branch_kind("ab/topic"), None);
        let keys = ["PAY".to_string()];
        assert_eq!(branch_keys("feature/PAY-12-apple-pay", &[]), ["PAY-12"]);
        assert_eq!(branch_keys("feature/pay-12-apple-pay", &keys), ["PAY-12"]);
        assert_eq!(branch_keys("feature/pay-12-apple-pay", &[]), Vec::<String>::new());
        assert_eq!(branch_keys("docs-GH-3227", &[]), Vec::<String>::new());
        assert_eq!(branch_keys("utf-8-names", &[]), Vec::<String>::new());
    }
}
