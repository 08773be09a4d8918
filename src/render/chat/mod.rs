//! The brief as a chat message: Slack (Block Kit) and Microsoft Teams
//! (an Adaptive Card), each within its platform's limits, trimmed with a
//! visible "…and N more" rather than rejected, and with no text from a
//! commit or a tracker able to mention, format or link.

use crate::brief::Brief;

mod slack;
mod teams;

pub use slack::{alert as slack_alert, draft as slack_draft, slack};
pub use teams::{alert as teams_alert, draft as teams_draft, teams};

/// `text` cut to `max` characters, ending in `…` when cut.
pub(super) fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A KPI's value as the chat messages show it: `6 (was 2) ▲`.
pub(super) fn number(brief: &Brief, kpi: &crate::brief::Kpi) -> String {
    let value = match &brief.window.previous_period {
        Some(_) => format!("{} (was {}) {}", kpi.display, kpi.previous_display, kpi.arrow),
        None => kpi.display.clone(),
    };
    match kpi.sparkline.as_str() {
        "" => value,
        line => format!("{} {line}", value.trim_end()),
    }
}

/// The heading of the numbers: `Numbers (this week, against last week)`.
pub(super) fn numbers_heading(brief: &Brief) -> String {
    let against =
        brief.window.previous_period.as_deref().map(|p| format!(", against {p}")).unwrap_or_default();
    format!("Numbers ({}{against})", brief.window.period)
}
