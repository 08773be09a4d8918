//! The shared floor: the ids of the numbers git-brief computes itself (step 7,
//! brief), which the settings (`config`) must know to keep a `[[kpi]]` of the
//! configuration off them, and the definition of a number from outside git
//! (a checked `[[kpi]]`), which the settings write and `metrics` reads.

use std::path::PathBuf;

/// The ids of the numbers git-brief computes itself (the last two with
/// `--stats`), which a `[[kpi]]` of the configuration cannot take.
pub const BUILT_IN_KPIS: &[&str] = &[
    "delivered",
    "fixed",
    "fix_share",
    "issues_closed",
    "pull_requests",
    "rollbacks",
    "contributors",
    "lead_time",
    "releases",
    "lines_changed",
    "file_changes",
];

/// One `[[kpi]]` entry, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// Its identifier in the JSON and in a file's rows (`api_error_rate`).
    pub id: String,
    /// What the brief calls it (`API error rate`).
    pub label: String,
    pub source: Source,
    pub format: Format,
    /// Which way is good news; no verdict when unset.
    pub better: Option<Better>,
}

/// Where a number comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A PromQL expression, `{window}` standing for the window's length (`7d`).
    Prometheus { query: String },
    /// A JSON or CSV file of `{kpi, window_end, value}` rows, confined to the work tree.
    File { path: PathBuf },
}

/// How a value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A fraction, shown as a percentage.
    Percent,
    /// Seconds.
    Duration,
    Number,
}

impl Format {
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "percent" => Some(Format::Percent),
            "duration" => Some(Format::Duration),
            "number" => Some(Format::Number),
            _ => None,
        }
    }
}

/// Which way a number should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Up,
    Down,
}

/// A configured id, or one made from the label: `API error rate` → `api_error_rate`.
pub fn id_from_label(label: &str) -> String {
    let mut id = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('_') && !id.is_empty() {
            id.push('_');
        }
    }
    id.trim_end_matches('_').to_string()
}
