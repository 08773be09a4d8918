//! A unit of work, read and classified: the item the brief is built from.
//!
//! A unit's type comes from its pull request's title, then from its branch name
//! (`feature/…`, `fix/…`, `hotfix/…`), then from its most telling commit; its area
//! and text likewise from its title, else from that commit.

use std::sync::LazyLock;

use git2::Oid;

use super::changelog::{self, Note};
use super::evidence::{self, Evidence, Security};
use super::paths::internal as path_kind;
use super::{index_of, is_dependency_update, is_release_bump, reference_text, revert};
use super::{Bucket, Change, Paths, Reason, Rules};
use crate::group::{Unit, UnitKind};
use crate::read::{self, Lexicon, Message};
use crate::refs::{Action, RefKind, RefReader, Reference};
use crate::text::Constant;

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
    /// What the issue tracker says of it (title, labels, state), when asked
    /// (boxed: most units have none, and a long window holds tens of thousands).
    pub tracker: Option<Box<crate::tracked::Item>>,
    /// The signal that decided its bucket.
    pub evidence: Evidence,
    /// The advisory ids its text names (`CVE-2026-17106`).
    pub advisories: Vec<String>,
    /// The line its authors wrote for users (a changelog line, a fragment).
    pub release_text: Option<String>,
    /// A release whose notes name the advisories it closes.
    pub security_release: bool,
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
    paths: &dyn Paths,
) -> Vec<Work> {
    let index = index_of(listed);
    let merge_index = index_of(merges);
    units
        .into_iter()
        .map(|unit| {
            let members: Vec<usize> = unit.commits.iter().filter_map(|id| index.get(id).copied()).collect();
            let merge = unit.merge.and_then(|id| merge_index.get(&id)).and_then(|&i| merges.get(i));
            let mut work = read_unit(unit, members, listed, merge, refs, lexicon);
            let worded = bucket(rules, &work, listed);
            work.natural = weigh(&mut work, worded, listed, merge, paths);
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
        (None, Some(lead)) => (lead.full_message(), lead.commit.subject().to_string()),
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
        evidence: Evidence::Default,
        advisories: Vec::new(),
        release_text: None,
        security_release: false,
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

static BRANCH_KEY: LazyLock<Constant> =
    LazyLock::new(|| Constant::new(r"(?i)(?:^|[/_-])([a-z][a-z0-9]+-[1-9][0-9]{0,9})(?:$|[/_-])"));

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
    // Changes users must act on, or will notice, whatever the verb's type;
    // unless the author called it internal work (`test:`, `ci:`, `docs:`).
    let internal_type = !m.inferred
        && matches!(kind, "test" | "ci" | "build" | "docs" | "style" | "refactor")
        || m.area.as_deref().is_some_and(evidence::is_internal_area);
    match evidence::change(&m.description).filter(|_| !internal_type) {
        Some(evidence::Change::Deprecation) => return (Bucket::Attention, Some(Reason::Deprecated)),
        Some(evidence::Change::Removal | evidence::Change::Restriction) => {
            return (Bucket::Attention, Some(Reason::Breaking));
        }
        Some(evidence::Change::NewDefault) => return (Bucket::Delivered, None),
        None => {}
    }
    if let Some(&bucket) = rules.types.get(kind) {
        return (bucket, None);
    }
    let is_fix = |k: &str| matches!(k, "fix" | "bugfix" | "hotfix" | "security");
    match kind {
        _ if is_fix(kind) => (Bucket::Fixed, None),
        // A speed-up guessed from "optimize …" reaches users only when it
        // says what they gain; declared `perf:` work is the authors' word.
        "perf" if m.inferred && !read::is_felt(&m.description) => (Bucket::Maintenance, None),
        "feat" | "feature" | "perf" => (Bucket::Delivered, None),
        // Closing an issue makes work a delivery when nothing else says what
        // it is: not tests, CI or clean-ups, and documentation only when the
        // author called it that.
        "other" if work.closes_issue() => (Bucket::Delivered, None),
        "docs" if work.closes_issue() && !m.inferred => (Bucket::Delivered, None),
        _ => (Bucket::Maintenance, None),
    }
}

/// Weighs the evidence beyond a unit's wording (`worded`, what [`bucket`]
/// made of its title) and records which signal decided: advisories and
/// security words in all its text, release bookkeeping, and for a unit on
/// its way to a stakeholder section the paths it touches.
fn weigh(
    work: &mut Work,
    worded: (Bucket, Option<Reason>),
    listed: &[Change],
    merge: Option<&Change>,
    paths: &dyn Paths,
) -> (Bucket, Option<Reason>) {
    let members = || work.commits.iter().filter_map(|&i| listed.get(i));
    let typed = !work.message.inferred && work.message.kind != "other";
    let lead_by_paths = work
        .lead
        .and_then(|i| listed.get(i))
        .is_some_and(|c| c.kind_from_paths && c.message.kind == work.message.kind);
    work.evidence = match (typed, lead_by_paths) {
        (true, _) => Evidence::Convention,
        (false, true) => Evidence::Paths,
        (false, false) => Evidence::Wording,
    };
    let texts: Vec<&str> = std::iter::once(work.title.as_str())
        .chain(work.message.body.as_deref())
        .chain(merge.map(|m| m.commit.message.as_str()))
        .chain(members().map(|c| c.commit.message.as_str()))
        .collect();
    let dependency = work.bot || is_dependency_update(&work.message);
    let mut security = evidence::security(texts.iter().copied(), dependency);
    let m = &work.message;
    let fix_like = matches!(m.kind.as_str(), "fix" | "bugfix" | "hotfix" | "security");
    let said = m.kind == "security"
        || fix_like
            && m.scope
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("security") || s.eq_ignore_ascii_case("sec"));
    if said && security == Security::None {
        security = Security::Words;
    }
    // A feature about security (`feat: two-factor sign-in`, `add CSRF
    // protection`) is a delivery, not an alarm; an advisory still is one.
    if security == Security::Words && matches!(m.kind.as_str(), "feat" | "feature" | "perf") && !m.inferred {
        security = Security::None;
    }
    let (bucket, reason) = worded;
    let reverting = reason == Some(Reason::Reverted);
    // A release the unit brings is news when its notes name the advisories
    // it closes: the release speaks for the unit (a merge of a security
    // release is that release, whatever its first fix is called).
    let releases: Vec<&Change> = members().filter(|c| evidence::is_bookkeeping(c.commit.subject())).collect();
    // A release branch brought back with nothing but its notes and version:
    // its fixes landed before, and the release is told by its tag.
    // Asked only of a unit headed for Needs attention by its advisories.
    let brought_back = |merge: Option<Oid>| merge.is_some_and(|m| evidence::brings_back_only_notes(m, paths));
    if !releases.is_empty() && !reverting {
        let ids =
            evidence::released_advisories(&releases.iter().map(|c| c.commit.id).collect::<Vec<_>>(), paths);
        if !ids.is_empty() {
            if brought_back(work.merge) {
                (work.advisories, work.evidence) = (ids, Evidence::Paths);
                return (Bucket::Noise, None);
            }
            work.release_text = Some(releases[0].commit.subject().to_string());
            (work.advisories, work.security_release, work.evidence) = (ids, true, Evidence::Advisory);
            return (Bucket::Attention, Some(Reason::Security));
        }
    }
    if security == Security::Advisory && !reverting {
        work.advisories = evidence::advisory_ids(texts.iter().copied());
        if brought_back(work.merge) {
            work.evidence = Evidence::Paths;
            return (Bucket::Noise, None);
        }
        work.evidence = Evidence::Advisory;
        return (Bucket::Attention, Some(Reason::Security));
    }
    if bucket != Bucket::Attention && evidence::is_bookkeeping(&work.title) {
        work.evidence = Evidence::Wording;
        return (Bucket::Noise, None);
    }
    // The authors' own words for users: a trailer in a message, then the
    // fragments and changelog lines the unit adds.
    let written = texts.iter().filter_map(|t| changelog::from_message(t)).min_by_key(Note::rank);
    let unworded = bucket == Bucket::Maintenance && work.message.kind == "other";
    let stakeholder_bound =
        matches!(bucket, Bucket::Delivered | Bucket::Fixed) || security == Security::Words || unworded;
    let read_files =
        !reverting && bucket != Bucket::Noise && !dependency && (stakeholder_bound || paths.has_fragments());
    let filed = match read_files {
        true => notes_in_files(work, listed, paths),
        false => FileNotes::default(),
    };
    if filed.only_notes {
        // "Add changelog entry": another unit's note, never an outcome of its own.
        work.evidence = Evidence::Paths;
        return (Bucket::Noise, None);
    }
    let note = [written, filed.note].into_iter().flatten().min_by_key(Note::rank);
    // The line written for users is read for security words like the rest
    // ("certain unauthorized links could be rendered as clickable").
    let mut noted_security = false;
    if security == Security::None && !dependency {
        if let Some(text) = note.as_ref().and_then(|n| n.text.as_deref()) {
            security = evidence::security(std::iter::once(text), false);
            noted_security = matches!(security, Security::Words | Security::Advisory);
        }
    }
    if let Some(note) = note.filter(|_| !reverting && reason != Some(Reason::Breaking)) {
        work.release_text = note.text.clone();
        let decided = match note.bump_only && note.bucket != Bucket::Maintenance {
            // A bump says it reaches users; a written type says how.
            true if typed && matches!(bucket, Bucket::Delivered | Bucket::Fixed) => (bucket, reason),
            true if note.bucket == Bucket::Delivered => (Bucket::Delivered, None),
            true => (Bucket::Fixed, None),
            false => (note.bucket, note.reason),
        };
        if decided != (bucket, reason) || !typed {
            work.evidence = note.evidence;
        }
        return match decided {
            (_, Some(Reason::Security)) if security == Security::Denied => (Bucket::Fixed, None),
            // Its words speak of security, and the authors' note says users get it.
            (Bucket::Fixed | Bucket::Delivered, _) if security == Security::Words && !noted_security => {
                work.evidence = Evidence::Wording;
                (Bucket::Attention, Some(Reason::Security))
            }
            // The note itself speaks of security, or names an advisory.
            (Bucket::Fixed | Bucket::Delivered, _) if noted_security => {
                work.evidence = note.evidence;
                work.advisories = evidence::advisory_ids(note.text.as_deref().into_iter());
                (Bucket::Attention, Some(Reason::Security))
            }
            decided => decided,
        };
    }
    // A dependency update that says it closes a vulnerability (or is a
    // security update) is one; its paths are a lockfile's by nature.
    if dependency && security == Security::Words && !reverting {
        work.evidence = Evidence::Wording;
        return (Bucket::Attention, Some(Reason::Security));
    }
    let words_say_security = security == Security::Words && bucket != Bucket::Noise && !dependency;
    // `runtests: fix linefeeds`, `GHA/linux: work around …`: the area names
    // the team's tools, whatever the verb says.
    let internal_area = work.message.inferred
        && work.message.convention == read::Convention::Area
        && work.message.area.as_deref().is_some_and(evidence::is_internal_area);
    if internal_area && !words_say_security && matches!(bucket, Bucket::Delivered | Bucket::Fixed) {
        work.evidence = Evidence::Wording;
        return (Bucket::Maintenance, None);
    }
    // A revert, and work a revert rolled back, matter to a stakeholder only
    // when they touch the product: both are judged by their paths too.
    // A person's change that says nothing of its kind, on the product's
    // paths: the stakeholder sees it rather than a count behind the scenes.
    let small = work.message.area.as_deref().is_some_and(evidence::is_small_area);
    let unsaid = bucket == Bucket::Maintenance
        && work.message.kind == "other"
        && !dependency
        && !internal_area
        && !small;
    let acted_on = matches!(reason, Some(Reason::Deprecated | Reason::Breaking));
    let stakeholder = matches!(bucket, Bucket::Delivered | Bucket::Fixed)
        || acted_on
        || words_say_security
        || reverting
        || unsaid;
    if !stakeholder {
        return (bucket, reason);
    }
    // Only for the units a stakeholder would read, so the cost stays small:
    // one disagreeing path settles it.
    let mut kinds: Vec<&'static str> = Vec::new();
    // The first path of the product settles it.
    let internal = landed(work, listed).iter().all(|&commit| {
        paths.until(commit, &mut |p| path_kind(p).is_none()).is_some_and(|changed| {
            !changed.is_empty()
                && changed.iter().all(|p| match path_kind(p) {
                    Some(kind) => {
                        if !kinds.contains(&kind) {
                            kinds.push(kind);
                        }
                        true
                    }
                    None => false,
                })
        })
    }) && !work.commits.is_empty();
    // A fix made by moving a dependency to a new version (and testing it)
    // changes what ships: the dependency's code is the product's, when the
    // title itself says what it fixes. Not so with build or CI files beside
    // it, or a fix told only by a branch or an inner commit: that is the
    // toolchain's upkeep ("Update go.mod to go 1.26, fix vet errors").
    let says_fix = work.message.description.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("fix"));
    let shipped_through_deps = kinds.contains(&"deps")
        && kinds.iter().all(|k| matches!(*k, "deps" | "test"))
        && bucket == Bucket::Fixed
        && says_fix;
    if internal && !shipped_through_deps {
        work.evidence = Evidence::Paths;
        if kinds == ["release"] {
            return (Bucket::Noise, None);
        }
        // Only dependencies changed, and its words speak of security: a
        // dependency update that closes a vulnerability.
        if kinds == ["deps"] && words_say_security {
            work.evidence = Evidence::Wording;
            return (Bucket::Attention, Some(Reason::Security));
        }
        work.message.kind = match kinds.as_slice() {
            [only] if *only != "release" => only.to_string(),
            _ if kinds.contains(&"test") => "test".to_string(),
            _ if kinds.contains(&"ci") || kinds.contains(&"build") => "build".to_string(),
            _ => "chore".to_string(),
        };
        return (Bucket::Maintenance, None);
    }
    if words_say_security {
        work.evidence = Evidence::Wording;
        return (Bucket::Attention, Some(Reason::Security));
    }
    // A change of the product that comes with its tests changed behaviour
    // users can see; one without is as likely an internal clean-up.
    if unsaid && tested(work, listed, paths) {
        work.evidence = Evidence::Paths;
        return (Bucket::Delivered, None);
    }
    (bucket, reason)
}

/// Whether a unit changes both the product and its tests.
fn tested(work: &Work, listed: &[Change], paths: &dyn Paths) -> bool {
    let (mut product, mut tests, mut seen) = (false, false, 0);
    for commit in landed(work, listed) {
        // A test, if there is one, is among the first few dozen paths of a
        // change; a longer search costs more than it tells.
        paths.until(commit, &mut |path| {
            seen += 1;
            match path_kind(path) {
                None => product = true,
                Some("test") => tests = true,
                Some(_) => {}
            }
            (product && tests) || seen >= 64
        });
        if product && tests {
            return true;
        }
    }
    false
}

/// The commits whose trees show what a unit changed: its merge (compared
/// with the merge's first parent), else its own commits.
fn landed(work: &Work, listed: &[Change]) -> Vec<Oid> {
    match work.merge {
        Some(merge) => vec![merge],
        None => work.commits.iter().filter_map(|&i| listed.get(i)).map(|c| c.commit.id).collect(),
    }
}

/// What a unit's files say: the strongest note of the fragments and
/// changelog lines it adds, and whether such files are all it changes.
#[derive(Default)]
struct FileNotes {
    note: Option<Note>,
    only_notes: bool,
}

fn notes_in_files(work: &Work, listed: &[Change], paths: &dyn Paths) -> FileNotes {
    // The notes first, found cheaply; the whole list of paths only when
    // there are some (is the note all the unit changes?).
    let notes: Vec<(Oid, String)> = landed(work, listed)
        .iter()
        .flat_map(|&commit| paths.note_files(commit).into_iter().map(move |p| (commit, p)))
        .filter(|(_, p)| changelog::is_note_file(p))
        .collect();
    if notes.is_empty() {
        return FileNotes::default();
    }
    // One path that is no note settles it; a unit its authors typed as a
    // feature or fix is never a changelog-only twin.
    let typed_work = !work.message.inferred && matches!(work.message.kind.as_str(), "feat" | "fix" | "perf");
    let only_notes = !typed_work
        && landed(work, listed).iter().all(|&commit| {
            paths.until(commit, &mut |p| !changelog::is_note_file(p)).is_some_and(|changed| {
                !changed.is_empty() && changed.iter().all(|p| changelog::is_note_file(p))
            })
        });
    let mut found = FileNotes { note: None, only_notes };
    for (commit, path) in &notes {
        let Some((old, new)) = paths.contents(*commit, path) else { continue };
        if let Some(note) = changelog::from_file(path, old.as_deref(), &new) {
            if found.note.as_ref().is_none_or(|n| note.rank() < n.rank()) {
                found.note = Some(note);
            }
        }
    }
    found
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
