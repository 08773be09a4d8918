//! Shallow clones. CI checkouts fetch one commit (GitHub) or twenty (GitLab)
//! by default; a brief of such a clone would silently under-report. When
//! the window, or the window it is compared with, reaches past the history
//! the clone holds, git-brief stops and says how to fetch what is missing,
//! unless it was told to brief what it can see (`--allow-shallow`), in which
//! case the brief itself says what it could not see.

use chrono::{DateTime, FixedOffset};
use thiserror::Error;

use crate::history::History;
use crate::window::Window;
use crate::Request;

/// A clone too shallow for the window.
#[derive(Debug, Error)]
#[error(
    "this clone is shallow: its history stops at {seen}, but the brief needs history {needed}; \
fetch it (fetch-depth: 0 in actions/checkout, GIT_DEPTH: 0 in GitLab CI, or {fetch}) or pass --allow-shallow"
)]
pub struct ShallowError {
    seen: String,
    needed: String,
    fetch: String,
}

/// Fails when the history was cut short by a shallow clone, unless allowed;
/// then returns the warnings the brief must carry.
pub(crate) fn check(
    history: &History,
    window: &Window,
    request: &Request,
) -> Result<Vec<String>, ShallowError> {
    let cut = history.current.truncated
        || history.previous.as_ref().is_some_and(|p| p.truncated)
        || history.earlier.iter().any(|(_, span)| span.truncated);
    if !cut {
        return Ok(Vec::new());
    }
    let seen = history.boundary.map(day).unwrap_or_else(|| "an unknown commit".to_string());
    // The oldest instant the brief needs: the start of the oldest window it
    // compares with (the trend's, the previous one's), else its own.
    let start = match (window, request.compare) {
        (Window::Time { .. }, true) => match history.earlier.last() {
            Some((oldest, _)) => oldest.clone(),
            None => window.previous().unwrap_or_else(|| window.clone()),
        },
        _ => window.clone(),
    };
    let (needed, fetch) = match start {
        // `--shallow-since` cannot reach a merged branch's older commits,
        // and `--deepen` needs a depth nobody knows in advance: only the
        // whole history is sure to hold the window.
        Window::Time { since, .. } => {
            let date = since.format("%Y-%m-%d").to_string();
            (format!("from {date}"), "git fetch --unshallow".to_string())
        }
        Window::Range(range) => (
            format!("back to where {} and {} meet", range.from, range.to),
            "git fetch --unshallow".to_string(),
        ),
    };
    if !request.allow_shallow {
        return Err(ShallowError { seen, needed, fetch });
    }
    Ok(vec![format!(
        "This brief comes from a shallow clone whose history stops at {seen}, but it needs history {needed}: \
work and last period's numbers may be missing. Fetch the full history ({fetch}, or fetch-depth: 0 in actions/checkout)."
    )])
}

fn day(time: DateTime<FixedOffset>) -> String {
    time.format("%Y-%m-%d %H:%M %:z").to_string()
}
