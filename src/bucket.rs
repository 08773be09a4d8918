//! The shared floor: the buckets a unit of work is reported in (step 6,
//! classify), and the names the settings may give a label's placement, so
//! that the settings check them without reaching up into `classify`.

use serde::{Deserialize, Serialize};

/// Where a change is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Milestones: features, performance gains, closed issues.
    Delivered,
    /// Bug fixes: delivered value, and the input of the repair share.
    Fixed,
    /// Roadblocks: rollbacks, breaking changes, blocked work.
    Attention,
    /// Refactoring, chores, build, CI, docs, style, tests, dependency bumps, bots.
    Maintenance,
    /// fixup!/squash! commits and release bumps: counted, never listed.
    Noise,
}

impl Bucket {
    /// Reads a bucket's name as the configuration writes it.
    pub fn from_name(name: &str) -> Option<Bucket> {
        Some(match name {
            "delivered" => Bucket::Delivered,
            "fixed" => Bucket::Fixed,
            "attention" => Bucket::Attention,
            "maintenance" => Bucket::Maintenance,
            "noise" => Bucket::Noise,
            _ => return None,
        })
    }
}

/// What `[classify] labels` may place a label in: a bucket, or a reason to
/// need attention (`critical` and `attention` are one).
pub const PLACEMENTS: &[&str] = &[
    "delivered",
    "fixed",
    "maintenance",
    "noise",
    "security",
    "breaking",
    "blocked",
    "critical",
    "attention",
];
