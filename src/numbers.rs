//! The shared floor: the ids of the numbers git-brief computes itself (step 7,
//! brief), which the settings (`config`) must know to keep a `[[kpi]]` of the
//! configuration off them.

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
