//! Reading a commit as the rest of the pipeline sees it: mailmap applied,
//! message and names decoded, each commit knowing where and when it landed.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset, Offset, Utc};
use git2::{Mailmap, Oid, Repository};

use super::{attribute, walk, Chain, Commit, HistoryError, OidMap, OidSet, Progress, Span};

pub(super) struct Reader<'r> {
    pub(super) repo: &'r Repository,
    pub(super) mailmap: &'r Mailmap,
    pub(super) grafts: &'r OidSet,
    pub(super) replaced: &'r walk::Replaced,
    pub(super) progress: Option<&'r dyn Progress>,
    pub(super) read: Cell<usize>,
    /// Commits of the windows libgit2 could not parse, left out.
    pub(super) damaged: RefCell<Vec<Oid>>,
    /// The author names and e-mails read so far, each kept once.
    pub(super) names: RefCell<HashSet<Rc<str>, foldhash::fast::RandomState>>,
}

impl Reader<'_> {
    /// The commits that landed between bound `i` and bound `i + 1` of the
    /// chain: each first-parent commit, and for a merge everything it
    /// brought in (reachable from it, not from its first parent). Their
    /// union is exactly `A..B`, read in one walk, and each commit knows when
    /// it landed.
    pub(super) fn landed(&self, chain: &mut Chain, i: usize) -> Result<Span, HistoryError> {
        let (newest, oldest) = (chain.ends[i], chain.ends[i + 1]);
        let mut span = Span { truncated: oldest == chain.ids.len() && chain.cut_short, ..Span::default() };
        let Some(&(head, _)) = chain.ids[newest..oldest].first() else {
            return Ok(span);
        };
        let base = chain.ids.get(oldest).map(|&(id, _)| id);
        let times: OidMap<i64> = chain.ids[newest..oldest].iter().copied().collect();
        let mut commits = self.walk(head, base, &mut chain.known)?;
        attribute(head, &mut commits, |landing| times.get(&landing).copied());
        for commit in commits {
            span.push(commit);
        }
        span.sort();
        Ok(span)
    }

    /// The commits reachable from `to` and not from `base`, each read once.
    pub(super) fn walk(
        &self,
        to: Oid,
        base: Option<Oid>,
        known: &mut OidMap<walk::Known<Commit>>,
    ) -> Result<Vec<Commit>, HistoryError> {
        let walked = walk::walk(self.repo, to, base, self.grafts, known, self.replaced, |id, commit| {
            let landed = commit.time().seconds();
            self.read(id, commit, landed)
        })?;
        self.damaged.borrow_mut().extend(walked.damaged);
        Ok(walked.commits)
    }

    /// The commits reachable from `to` and not from `from`, as `git rev-list
    /// from..to`; each landed when it was committed.
    pub(super) fn range(&self, from: Option<Oid>, to: Oid) -> Result<Span, HistoryError> {
        let mut span = Span::default();
        let mut commits = self.walk(to, from, &mut OidMap::default())?;
        attribute(to, &mut commits, |_| None);
        for commit in commits {
            span.push(commit);
        }
        span.sort();
        Ok(span)
    }

    /// The record of commit `id`, read from `commit` (its replacement, if any).
    pub(super) fn read(&self, id: Oid, commit: &git2::Commit, landed: i64) -> Result<Commit, HistoryError> {
        self.read.set(self.read.get() + 1);
        if let Some(progress) = self.progress.filter(|_| self.read.get().is_multiple_of(1000)) {
            progress.commits_read(self.read.get());
        }
        let author = commit.author_with_mailmap(self.mailmap).unwrap_or_else(|_| commit.author().to_owned());
        let time = commit_time(commit.time());
        let authored = commit_time(author.when());
        let by_author = commit.author().email_bytes() == commit.committer().email_bytes();
        Ok(Commit {
            id,
            // The header's `encoding` covers the author as well as the message, as in git.
            author: self.name(author.name_bytes(), commit.message_encoding().ok().flatten()),
            email: self.name(author.email_bytes(), commit.message_encoding().ok().flatten()),
            landed: DateTime::from_timestamp(landed, 0)
                .unwrap_or(DateTime::UNIX_EPOCH)
                .with_timezone(time.offset()),
            time,
            authored,
            by_author,
            message: decode(commit.message_raw_bytes(), commit.message_encoding().ok().flatten()),
            parent_ids: commit.parent_ids().collect(),
            tree: commit.tree_id(),
            landing: id,
            stats: None,
        })
    }

    /// An author's name or e-mail as text ([`decode`]), the same text for
    /// every commit that has it.
    fn name(&self, bytes: &[u8], encoding: Option<&str>) -> Rc<str> {
        let text: Cow<str> = match std::str::from_utf8(bytes) {
            Ok(text) => text.into(),
            Err(_) => decode(bytes, encoding).into(),
        };
        let mut names = self.names.borrow_mut();
        if let Some(kept) = names.get(&*text) {
            return kept.clone();
        }
        let text: Rc<str> = text.into();
        names.insert(text.clone());
        text
    }
}

/// A commit message as text. UTF-8 (git's default) as it is; Latin-1, the
/// one legacy encoding still common in old histories, as its header says;
/// anything else lossily, never an error.
pub(super) fn decode(bytes: &[u8], encoding: Option<&str>) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let latin1 = encoding.is_some_and(|e| {
        let e = e.to_ascii_lowercase().replace(['-', '_'], "");
        matches!(e.as_str(), "iso88591" | "latin1" | "l1" | "iso885915" | "cp1252" | "windows1252")
    });
    if latin1 {
        bytes.iter().map(|&b| char::from(b)).collect()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// A commit's time with its own offset. Dates git cannot represent in
/// chrono (far past or future) fall back to the epoch rather than fail.
pub(super) fn commit_time(when: git2::Time) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(when.offset_minutes().saturating_mul(60)).unwrap_or(Utc.fix());
    DateTime::from_timestamp(when.seconds(), 0).unwrap_or(DateTime::UNIX_EPOCH).with_timezone(&offset)
}
