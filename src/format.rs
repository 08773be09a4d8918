//! The shared floor: the output formats a brief is rendered in (step 8), a
//! plain type that the settings (`config`) and the command line name without
//! reaching up into `render`.

use serde::Serialize;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// For pull-request comments, the CI step summary and chat.
    Markdown,
    /// One self-contained page, ready to paste into an email.
    Html,
    /// For a terminal.
    Text,
    /// The full brief for other tools (`schema_version` 1).
    Json,
    /// A Slack message: Block Kit JSON for `chat.postMessage` or an incoming webhook.
    Slack,
    /// A Microsoft Teams message with an Adaptive Card, for a Teams workflow or incoming webhook.
    Teams,
    /// A complete e-mail (RFC 5322): the text and the HTML brief as multipart/alternative.
    Email,
}
