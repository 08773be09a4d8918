//! The shared floor: what the tracker says about an issue or pull request
//! (step 5, enrich), as a plain type the steps after it read without knowing
//! the tracker.

use serde::{Deserialize, Serialize};

/// An issue or pull request as the tracker knows it. Every text in it is
/// untrusted, like a commit message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The reference as the brief writes it: `#12`.
    pub id: String,
    pub kind: ItemKind,
    pub title: String,
    pub labels: Vec<String>,
    pub state: ItemState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The milestone (GitHub) it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<Milestone>,
}

/// A milestone and how far along it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub title: String,
    /// The due date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Its issues still open, and closed; `None` when the tracker did not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Issue,
    PullRequest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Open,
    Closed,
    Merged,
}

impl ItemState {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Open => "open",
            ItemState::Closed => "closed",
            ItemState::Merged => "merged",
        }
    }
}
