//! What the tracker says of a unit of work: its title, and labels that
//! outrank the wording of its commits.

use std::collections::{BTreeMap, HashMap};

use super::work::Work;
use super::{Bucket, Changes, Reason};
use crate::refs::{Action, RefKind};
use crate::tracked::{Item, ItemKind};

/// Where a label puts a unit of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub bucket: Bucket,
    pub reason: Option<Reason>,
}

/// Label (lower-case) → placement: the defaults for common names, extended or
/// overridden by `[classify] labels`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels(pub BTreeMap<String, Placement>);

impl Default for Labels {
    fn default() -> Self {
        let attention = |reason| Placement { bucket: Bucket::Attention, reason: Some(reason) };
        let plain = |bucket| Placement { bucket, reason: None };
        let mut map = BTreeMap::new();
        for label in ["bug", "defect", "regression"] {
            map.insert(label.to_string(), plain(Bucket::Fixed));
        }
        for label in ["enhancement", "feature", "story", "new feature", "improvement"] {
            map.insert(label.to_string(), plain(Bucket::Delivered));
        }
        map.insert("security".into(), attention(Reason::Security));
        for label in ["breaking", "breaking change", "breaking-change"] {
            map.insert(label.to_string(), attention(Reason::Breaking));
        }
        map.insert("blocked".into(), attention(Reason::Blocked));
        for label in ["critical", "p0", "sev1", "incident"] {
            map.insert(label.to_string(), attention(Reason::Critical));
        }
        Labels(map)
    }
}

impl Labels {
    /// The `[classify] labels` of the settings over the default label rules.
    pub fn configured(config: &crate::config::Config) -> Labels {
        let mut labels = Labels::default();
        for (label, to) in config.labels() {
            if let Some(placement) = Labels::placement(&to) {
                labels.0.insert(label.trim().to_lowercase(), placement);
            }
        }
        labels
    }

    /// The placement a value of `[classify] labels` names: a bucket, or one of
    /// the reasons for attention.
    pub fn placement(value: &str) -> Option<Placement> {
        let attention = |reason| Some(Placement { bucket: Bucket::Attention, reason: Some(reason) });
        match value {
            "delivered" => Some(Placement { bucket: Bucket::Delivered, reason: None }),
            "fixed" => Some(Placement { bucket: Bucket::Fixed, reason: None }),
            "maintenance" => Some(Placement { bucket: Bucket::Maintenance, reason: None }),
            "noise" => Some(Placement { bucket: Bucket::Noise, reason: None }),
            "security" => attention(Reason::Security),
            "breaking" => attention(Reason::Breaking),
            "blocked" => attention(Reason::Blocked),
            "critical" | "attention" => attention(Reason::Critical),
            _ => None,
        }
    }

    /// The placement of a label: as written (`type: bug`), else its last word
    /// after `:` or `/` (`kind/bug`, `type: bug`).
    pub(crate) fn of(&self, label: &str) -> Option<Placement> {
        let label = label.trim().to_lowercase();
        let last = label.rsplit([':', '/']).next().unwrap_or("").trim();
        self.0.get(&label).or_else(|| self.0.get(last)).copied()
    }

    /// The strongest placement among `labels`: attention first, then fixed,
    /// delivered, maintenance and noise.
    fn strongest<'a>(&self, labels: impl Iterator<Item = &'a String>) -> Option<Placement> {
        let rank = |p: &Placement| match p.bucket {
            Bucket::Attention => 0,
            Bucket::Fixed => 1,
            Bucket::Delivered => 2,
            Bucket::Maintenance => 3,
            Bucket::Noise => 4,
        };
        labels.filter_map(|label| self.of(label)).min_by_key(rank)
    }
}

/// The tracker items a unit of work is: the issue it closes (what a
/// stakeholder knows it by), else its own pull request, else the tracker
/// key heading its subject; the labels of all of them.
fn items_of<'i>(work: &Work, items: &'i HashMap<String, Item>) -> (Option<&'i Item>, Vec<&'i Item>) {
    let own = work.number.as_deref().and_then(|n| items.get(n));
    let closed: Vec<&Item> = work
        .refs
        .iter()
        .filter(|r| r.action == Action::Closes && r.kind == RefKind::Issue)
        .filter_map(|r| items.get(&r.id))
        .filter(|item| item.kind == ItemKind::Issue)
        .collect();
    // A tracker key heading the subject (`PAY-7 Apple Pay`) names the unit's issue too.
    let keyed = work.message.key.as_deref().and_then(|key| items.get(key));
    let named = if closed.len() == 1 { closed.first().copied() } else { own.or(closed.first().copied()) };
    let named = named.or(keyed);
    let all = own.into_iter().chain(closed).chain(keyed).collect();
    (named, all)
}

/// A pull request's own labels (the brief of one pull request): they place
/// each of its units that tells an outcome (delivered, fixed, needs
/// attention), as a tracker's labels place the unit they belong to;
/// maintenance stays maintenance, and a revert keeps its pairing.
pub fn apply_pull_request(changes: &mut Changes, pull_labels: &[String], labels: &Labels) {
    let Some(placement) = labels.strongest(pull_labels.iter()) else { return };
    for work in &mut changes.work {
        let told = matches!(work.bucket, Bucket::Delivered | Bucket::Fixed | Bucket::Attention);
        let paired = matches!(work.reason, Some(Reason::Reverted | Reason::RolledBack));
        let advisory = work.evidence == crate::classify::Evidence::Advisory;
        if told && !paired && !work.bot && !advisory {
            work.bucket = placement.bucket;
            work.reason = placement.reason;
            work.natural = (placement.bucket, placement.reason);
            work.evidence = crate::classify::Evidence::Label;
        }
    }
    follow_units(changes);
}

/// Applies what the tracker knows to the classified units: the title of the
/// issue or pull request becomes the unit's text, and labels outrank the
/// wording (a rollback stays a rollback). Commits follow their unit.
pub fn apply(changes: &mut Changes, items: &HashMap<String, Item>, labels: &Labels) {
    for work in &mut changes.work {
        let (named, all) = items_of(work, items);
        let Some(named) = named else { continue };
        if !named.title.trim().is_empty() {
            work.message.description = named.title.trim().to_string();
            work.titled = true;
        }
        let mut union: Vec<String> = Vec::new();
        for label in all.iter().flat_map(|item| &item.labels) {
            if !union.contains(label) {
                union.push(label.clone());
            }
        }
        // A rollback stays a rollback, and an advisory outranks a label.
        let paired = matches!(work.reason, Some(Reason::Reverted | Reason::RolledBack));
        let advisory = work.evidence == crate::classify::Evidence::Advisory;
        if let Some(placement) = labels.strongest(union.iter()).filter(|_| !paired && !advisory) {
            work.bucket = placement.bucket;
            work.reason = placement.reason;
            work.natural = (placement.bucket, placement.reason);
            work.evidence = crate::classify::Evidence::Label;
        }
        work.tracker = Some(Box::new(Item { labels: union, ..named.clone() }));
    }
    follow_units(changes);
}

/// Each commit takes its unit's bucket and reason again.
fn follow_units(changes: &mut Changes) {
    for (n, work) in changes.work.iter().enumerate() {
        for &i in &work.commits {
            if let Some(change) = changes.listed.get_mut(i) {
                change.bucket = work.bucket;
                change.reason = work.reason;
                change.unit = n;
            }
        }
    }
}
