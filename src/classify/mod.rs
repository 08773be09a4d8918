//! Sorting every unit of work into exactly one bucket of the brief.
//!
//! The buckets follow what a stakeholder asks: what was delivered, what was
//! fixed, what needs attention, what kept the lights on, and what is noise.
//! Each commit is read ([`crate::read`]), commits are grouped into units of
//! work ([`crate::group`]), and a unit goes to the first bucket whose rule
//! matches, in this order: noise, attention, maintenance by author or
//! dependency, the team's own types, fixed, delivered, maintenance. Its
//! commits share its bucket: a `wip` commit inside a merged pull request is
//! part of what the pull request delivered, never a roadblock of its own.

mod changelog;
mod evidence;
pub mod labels;
mod paths;
pub(crate) mod revert;
mod work;
mod work_line;

use std::collections::BTreeMap;

use git2::Oid;
use serde::{Deserialize, Serialize};

use crate::history::{Commit, OidMap, OidSet, Span};
use crate::read::{self, Lexicon, Message};
use crate::refs::{Action, RefKind, RefReader, Reference};

pub use evidence::{advisory_ids, is_test_script, Evidence};
pub use work::Work;

pub use crate::bucket::Bucket;

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
    /// Something users rely on is deprecated: they must move away from it.
    Deprecated,
    /// An area whose fixes are unusual for it (never a single change's reason).
    Unstable,
    /// Labelled critical (or P0, sev1, incident) in the issue tracker.
    Critical,
    /// A milestone past its due date with issues still open.
    Overdue,
}

/// The rules that can be tuned per team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Author names (or emails) of bots, whose commits are maintenance and
    /// who are not counted as contributors.
    pub bots: Vec<String>,
    /// Footer tokens (`Blocked-by`) or subject words (`WIP`) that mark work as blocked.
    pub blocked_markers: Vec<String>,
    /// The team's own commit types and the bucket each goes to (`story = "delivered"`).
    pub types: BTreeMap<String, Bucket>,
    /// Tracker keys (`PAY`), read at the head of subjects whatever their case.
    pub keys: Vec<String>,
    /// Tracker labels and where they put a unit of work.
    pub labels: labels::Labels,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            bots: ["dependabot[bot]", "renovate[bot]", "github-actions[bot]", "pre-commit-ci[bot]"]
                .map(String::from)
                .to_vec(),
            blocked_markers: ["Blocked-by", "WIP"].map(String::from).to_vec(),
            types: BTreeMap::new(),
            keys: Vec::new(),
            labels: labels::Labels::default(),
        }
    }
}

impl Rules {
    /// What the read step must know of these rules.
    pub fn lexicon(&self) -> Lexicon {
        Lexicon {
            types: self.types.keys().map(|t| t.to_ascii_lowercase()).collect(),
            keys: self.keys.clone(),
        }
    }
}

/// The classified changes of one window.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Non-merge commits, newest first: each in exactly one unit of work.
    pub listed: Vec<Change>,
    /// Merge commits: counted, never listed.
    pub merges: Vec<Change>,
    /// The units of work, newest first: what the brief is built from.
    pub work: Vec<Work>,
    /// The history ended at a shallow-clone boundary before the window's start.
    pub truncated: bool,
    /// Tags on commits of the window: releases.
    pub tags: Vec<crate::history::Tag>,
    /// Releases tagged in the window on other branches, or brought back by a
    /// merge with nothing but their notes, with the advisory ids their notes
    /// add (a security release, when there are any).
    pub side_releases: Vec<(crate::history::Tag, Vec<String>)>,
}

/// The files a commit changed, asked only for the commits whose bucket
/// depends on them: ambiguous wording, and units on their way to a
/// stakeholder section.
pub trait Paths {
    fn changed(&self, commit: Oid) -> Option<Vec<String>>;
    /// A file as the commit left it, and as it was before (`None`: new),
    /// for the changelog text a unit adds.
    fn contents(&self, commit: Oid, path: &str) -> Option<(Option<String>, String)>;
    /// A file as the commit left it, without the version before.
    fn file(&self, commit: Oid, path: &str) -> Option<std::rc::Rc<str>> {
        self.contents(commit, path).map(|(_, new)| new.into())
    }
    /// The changelog files and fragments a commit changed, found without a
    /// diff of the whole tree: root entries and fragment folders only.
    fn note_files(&self, commit: Oid) -> Vec<String>;
    /// The changed paths up to the first that `settled` accepts.
    fn until(&self, commit: Oid, settled: &mut dyn FnMut(&str) -> bool) -> Option<Vec<String>> {
        let all = self.changed(commit)?;
        let end = all.iter().position(|p| settled(p)).map_or(all.len(), |i| i + 1);
        Some(all[..end].to_vec())
    }
    /// Whether the repository keeps changelog fragments (changesets,
    /// towncrier, covector): then every unit's fragments are read.
    fn has_fragments(&self) -> bool;
}

impl Paths for crate::history::ChangedPaths<'_> {
    fn changed(&self, commit: Oid) -> Option<Vec<String>> {
        self.of(commit)
    }

    fn contents(&self, commit: Oid, path: &str) -> Option<(Option<String>, String)> {
        self.contents(commit, path)
    }

    fn file(&self, commit: Oid, path: &str) -> Option<std::rc::Rc<str>> {
        self.file(commit, path)
    }

    fn note_files(&self, commit: Oid) -> Vec<String> {
        self.note_files(commit)
    }

    fn until(&self, commit: Oid, settled: &mut dyn FnMut(&str) -> bool) -> Option<Vec<String>> {
        self.until(commit, settled)
    }

    fn has_fragments(&self) -> bool {
        self.has_fragments()
    }
}

/// No paths: the wording alone decides.
pub struct NoPaths;

impl Paths for NoPaths {
    fn changed(&self, _: Oid) -> Option<Vec<String>> {
        None
    }

    fn contents(&self, _: Oid, _: &str) -> Option<(Option<String>, String)> {
        None
    }

    fn note_files(&self, _: Oid) -> Vec<String> {
        Vec::new()
    }

    fn has_fragments(&self) -> bool {
        false
    }
}

/// Reads every commit of a span, groups the commits into units of work,
/// classifies the units, and pairs reverts with the work they undid.
pub fn classify(span: Span, refs: &RefReader, rules: &Rules, paths: &dyn Paths) -> Changes {
    let lexicon = rules.lexicon();
    let mut span = span;
    let mut units = crate::group::group(&span.commits, &span.merges, refs);
    if !span.outside.is_empty() {
        // `--path`: a unit stays when any of its commits touches the paths,
        // with those commits only; merges stay when they brought one in.
        let outside = std::mem::take(&mut span.outside);
        for unit in &mut units {
            unit.commits.retain(|id| !outside.contains(id));
        }
        units.retain(|u| !u.commits.is_empty());
        span.commits.retain(|c| !outside.contains(&c.id));
        let landings: OidSet =
            span.commits.iter().map(|c| c.landing).chain(units.iter().filter_map(|u| u.merge)).collect();
        span.merges.retain(|m| landings.contains(&m.id));
    }
    let read = |commits: Vec<Commit>| -> Vec<Change> {
        commits.into_iter().map(|c| Change::read(c, refs, rules, &lexicon, paths)).collect()
    };
    let mut listed = read(span.commits);
    let merges = read(span.merges);
    let mut work = work::build(units, &mut listed, &merges, refs, rules, &lexicon, paths);
    revert::pair(&mut work, &listed);
    for (n, unit) in work.iter().enumerate() {
        for &i in &unit.commits {
            if let Some(change) = listed.get_mut(i) {
                change.bucket = unit.bucket;
                change.reason = unit.reason;
                change.unit = n;
            }
        }
    }
    for unit in &work {
        let target = unit
            .reverts
            .and_then(|k| work.get(k))
            .and_then(|u| u.commits.first())
            .map(|&i| listed[i].commit.id);
        for &i in &unit.commits {
            listed[i].reverts = target;
        }
    }
    let mut side_releases: Vec<_> = span
        .side_tags
        .into_iter()
        .map(|release| {
            // Only its release commits ("Release Redis 7.4.1", "Git 2.45.3")
            // are read for the notes: a tree diff of every cherry-pick
            // before a tag would cost more than the whole walk.
            let written: Vec<Oid> = release
                .commits
                .iter()
                .filter(|(_, subject)| evidence::is_bookkeeping(subject))
                .map(|(id, _)| *id)
                .collect();
            let advisories = evidence::released_advisories(&written, paths);
            (release.tag, advisories)
        })
        .collect();
    // The releases a merge brought back with nothing but their notes are
    // told as releases made elsewhere, with the advisories their notes name.
    let mut tags = span.tags;
    // A security release whose fixes reach the branch only now is this
    // window's release, whenever it was tagged.
    let now: Vec<Oid> = work.iter().filter(|u| u.security_release).filter_map(|u| u.merge).collect();
    tags.extend(span.earlier_tags.into_iter().filter(|t| now.contains(&t.landing)));
    tags.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    for unit in work.iter().filter(|u| u.bucket == Bucket::Noise && !u.advisories.is_empty()) {
        let Some(merge) = unit.merge else { continue };
        let (brought, kept): (Vec<_>, Vec<_>) = tags.into_iter().partition(|t| t.landing == merge);
        side_releases.extend(brought.into_iter().map(|t| (t, unit.advisories.clone())));
        tags = kept;
    }
    Changes { listed, merges, work, truncated: span.truncated, tags, side_releases }
}

/// A commit read: the unit the appendix and the JSON are built from.
#[derive(Debug, Clone)]
pub struct Change {
    pub commit: Commit,
    /// Its message read, without body and footers: they are most of a
    /// message's size and only a unit's lead needs them again
    /// ([`Change::full_message`]), so the commit's text holds them once.
    pub message: Message,
    /// References in the commit's own words (not in quoted text, and for a
    /// bot or a dependency update only in its subject).
    pub refs: Vec<Reference>,
    /// The bucket of its unit of work.
    pub bucket: Bucket,
    pub reason: Option<Reason>,
    /// Authored by a bot.
    pub bot: bool,
    /// The first commit of the unit its unit reverted.
    pub reverts: Option<Oid>,
    /// The index of its unit in [`Changes::work`].
    pub unit: usize,
    /// The references its text ties to work (see [`tracked_references`]).
    pub tracked: Vec<String>,
    /// Its kind came from the paths it changed, its wording saying nothing.
    pub kind_from_paths: bool,
}

impl Change {
    /// Reads a commit's message and references.
    pub fn read(
        commit: Commit,
        refs: &RefReader,
        rules: &Rules,
        lexicon: &Lexicon,
        paths: &dyn Paths,
    ) -> Change {
        let mut message = read::read(&commit.message, lexicon);
        let mut kind_from_paths = false;
        if commit.is_merge() {
            message.kind = "merge".to_string();
        } else if message.ambiguous && commit.landing == commit.id {
            // Only a commit that landed on its own is a unit by itself; a
            // branch's inner commits are judged with their merge, whose
            // paths are read once for the unit if it heads for a stakeholder.
            if let Some(kind) = paths::agreed(paths, commit.id) {
                message.kind = kind.to_string();
                message.ambiguous = false;
                kind_from_paths = true;
            }
        }
        let bot = rules.is_bot(&commit.author, &commit.email);
        let quiet = bot || is_dependency_update(&message);
        let text = reference_text(&commit.message, &message, quiet);
        let mut found = refs.read(&text);
        let mut tracked = tracked_references(&text, &found);
        if let Some(key) = &message.key {
            if !found.iter().any(|r| &r.id == key) {
                found.insert(0, Reference { id: key.clone(), kind: RefKind::Issue, action: Action::Refs });
            }
            tracked.push(key.clone());
        }
        message.body = None;
        message.footers = Vec::new();
        Change {
            commit,
            message,
            refs: found,
            bucket: Bucket::Maintenance,
            reason: None,
            bot,
            reverts: None,
            unit: 0,
            tracked,
            kind_from_paths,
        }
    }

    /// Its message read with body and footers.
    pub fn full_message(&self) -> Message {
        let (body, footers) = read::body_and_footers(&self.commit.message);
        Message { body, footers, ..self.message.clone() }
    }

    /// True when the commit closes at least one issue.
    pub fn closes_issue(&self) -> bool {
        self.refs.iter().any(|r| r.action == Action::Closes && r.kind == RefKind::Issue)
    }
}

/// A dependency update by its type or scope (`deps`, `chore(deps)`).
fn is_dependency_update(m: &Message) -> bool {
    m.kind == "deps"
        || m.scope
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("deps") || s.eq_ignore_ascii_case("deps-dev"))
}

impl Rules {
    fn is_bot(&self, name: &str, email: &str) -> bool {
        let local = email.split('@').next().unwrap_or("");
        self.bots.iter().any(|bot| bot.eq_ignore_ascii_case(name) || bot.eq_ignore_ascii_case(email))
            || name.ends_with("[bot]")
            || local.ends_with("[bot]")
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

/// `chore(release): 1.4.0` and similar version bumps.
fn is_release_bump(m: &Message) -> bool {
    m.scope.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("release"))
        && matches!(m.kind.as_str(), "chore" | "build")
}

/// The text searched for references: the message without its
/// `type(scope):` prefix (so that `fix: #12 …` is not read as "fixes #12"),
/// without quoted text (`> …` lines, `<details>` and `<blockquote>` blocks:
/// pasted release notes cite other projects' issues), and for a bot or a
/// dependency update only the subject, whose squash suffix names its pull
/// request.
pub(crate) fn reference_text(raw: &str, message: &Message, quiet: bool) -> String {
    let raw = raw.trim_start();
    let (subject, rest) = raw.split_once('\n').unwrap_or((raw, ""));
    let subject =
        if message.convention == read::Convention::Conventional { &message.description } else { subject };
    if quiet {
        return subject.to_string();
    }
    let mut text = String::with_capacity(raw.len());
    text.push_str(subject);
    let mut hidden = 0usize;
    for line in rest.lines() {
        let trimmed = line.trim_start().to_ascii_lowercase();
        if trimmed.starts_with("<details") || trimmed.starts_with("<blockquote") {
            hidden += 1;
        }
        let shown = hidden == 0 && !trimmed.starts_with('>');
        if trimmed.contains("</details>") || trimmed.contains("</blockquote>") {
            hidden = hidden.saturating_sub(1);
        }
        if shown {
            text.push('\n');
            text.push_str(line);
        }
    }
    text
}

/// The references a text ties to work, rather than mentions in passing: those
/// of its subject, of lines that say so (`Refs #12`, `Part of #9`), and every
/// tracker key. "A follow-up to #7757, which was reverted" works on nothing:
/// only these references can be in progress.
pub(crate) fn tracked_references(text: &str, found: &[Reference]) -> Vec<String> {
    let subject = text.lines().next().unwrap_or("");
    // The other lines are read only for a number the subject does not cite
    // (most subjects cite their pull request: `… (#1234)`).
    let working: std::cell::OnceCell<Vec<&str>> = std::cell::OnceCell::new();
    let working =
        || working.get_or_init(|| text.lines().skip(1).filter(|l| work_line::is_work_line(l)).collect());
    found
        .iter()
        .filter(|r| {
            let key = !r.id.contains(['#', '!']);
            key || cites(subject, &r.id) || working().iter().any(|line| cites(line, &r.id))
        })
        .map(|r| r.id.clone())
        .collect()
}

/// Whether a line cites a reference by its number: `#12`, `!12`, `GH-12`, or an
/// address ending in `/12`, not followed by another digit. (The reference was
/// found in the whole text; this only tells on which lines.)
fn cites(line: &str, id: &str) -> bool {
    let number = id.rsplit(['#', '!']).next().unwrap_or(id);
    line.match_indices(number).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + number.len()..].chars().next();
        matches!(before, Some('#' | '!' | '-' | '/')) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// The index of each commit of a list by id.
fn index_of(listed: &[Change]) -> OidMap<usize> {
    listed.iter().enumerate().map(|(i, c)| (c.commit.id, i)).collect()
}

/// The issues and pull requests the units of work of `windows` name (their
/// own number, then their references), for the tracker to be asked about.
pub fn references<'c>(windows: impl Iterator<Item = &'c Changes>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for work in windows.flat_map(|c| &c.work) {
        ids.extend(work.number.iter().cloned());
        ids.extend(work.refs.iter().map(|r| r.id.clone()));
    }
    ids
}

/// The `[classify] types` of the settings (checked when the file was parsed):
/// a commit type, lower-cased, and the bucket the team puts it in.
pub fn configured_types(config: &crate::config::Config) -> BTreeMap<String, Bucket> {
    config
        .types()
        .into_iter()
        .filter_map(|(kind, bucket)| Some((kind, Bucket::from_name(&bucket)?)))
        .collect()
}

#[cfg(test)]
mod tests;
