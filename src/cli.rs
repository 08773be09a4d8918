//! The command line: one clap definition from which the help text (and, in
//! time, the man page and shell completions) are generated, and the glue
//! from parsed arguments to the pipeline.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Parser;

use crate::render::Format;
use crate::window::WindowRequest;
use crate::{output, render, Error, Request};

/// Writes a plain-language brief of what a repository's team delivered, what
/// needs attention, and how the numbers moved, from the commit history.
///
/// By default it covers the last 7 days up to now, as the work that landed on
/// the current branch. Exit codes: 0 success (a quiet week included),
/// 1 runtime failure (git, I/O), 2 usage or configuration error.
#[derive(Debug, Parser)]
#[command(name = "git-brief", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// An ISO week (`2026-W47`) or a ref range (`origin/main...HEAD`), as a shorthand for --week or --range.
    #[arg(value_name = "WINDOW", conflicts_with_all = ["since", "until", "week", "range"])]
    pub window: Option<String>,

    /// Start of the window (inclusive): a date (`2026-11-16`, local midnight) or an RFC 3339 time.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["week", "range"])]
    pub since: Option<String>,

    /// End of the window (exclusive), same forms as --since. Default: now.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["week", "range"])]
    pub until: Option<String>,

    /// An ISO week, Monday to Monday in the brief's time zone: `2026-W47`.
    #[arg(long, value_name = "YYYY-Www", conflicts_with = "range")]
    pub week: Option<String>,

    /// A ref range: `A..B` (in B, not in A) or `A...B` (in B since it forked from A, as a pull request shows).
    #[arg(long, value_name = "A..B")]
    pub range: Option<String>,

    /// Output format. Default: from the --output extension, else text on a terminal and Markdown when piped.
    #[arg(long, short, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// A handlebars template that replaces the built-in one for the chosen format.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// Write the brief to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Run as if started in PATH.
    #[arg(short = 'C', value_name = "PATH", default_value = ".")]
    pub directory: PathBuf,

    /// The branch to look back from. Default: HEAD.
    #[arg(long, value_name = "REF")]
    pub branch: Option<String>,

    /// The time zone of the window and of all times shown, as an IANA name. Default: $TZ, else the machine's zone.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// Do not read the previous window: no trends.
    #[arg(long)]
    pub no_compare: bool,

    /// A tracker key prefix to recognise, such as PAY for PAY-77 (repeatable).
    #[arg(long = "issue-key", value_name = "PREFIX")]
    pub issue_keys: Vec<String>,

    /// How many items each section lists before "and N more".
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..))]
    pub max_items: u16,
}

impl Cli {
    /// The window flags, with the positional shorthand read as a week or a range.
    fn window(&self) -> WindowRequest {
        let mut request = WindowRequest {
            since: self.since.clone(),
            until: self.until.clone(),
            week: self.week.clone(),
            range: self.range.clone(),
        };
        if let Some(window) = &self.window {
            if window.contains("..") {
                request.range = Some(window.clone());
            } else {
                request.week = Some(window.clone());
            }
        }
        request
    }

    /// The format asked for, else the one the output file's extension names,
    /// else text for a person at a terminal and Markdown for a pipe.
    fn format(&self) -> Format {
        if let Some(format) = self.format {
            return format;
        }
        let by_extension =
            self.output.as_deref().and_then(Path::extension).and_then(|e| e.to_str()).and_then(|e| {
                match e.to_ascii_lowercase().as_str() {
                    "md" | "markdown" => Some(Format::Markdown),
                    "html" | "htm" => Some(Format::Html),
                    "txt" | "text" => Some(Format::Text),
                    "json" => Some(Format::Json),
                    _ => None,
                }
            });
        by_extension.unwrap_or(if self.output.is_none() && std::io::stdout().is_terminal() {
            Format::Text
        } else {
            Format::Markdown
        })
    }
}

/// Runs the command at the instant `now`.
pub fn run(cli: &Cli, now: DateTime<Utc>) -> Result<(), Error> {
    let request = Request {
        repository: cli.directory.clone(),
        branch: cli.branch.clone(),
        window: cli.window(),
        timezone: cli.tz.clone(),
        now,
        compare: !cli.no_compare,
        issue_keys: cli.issue_keys.clone(),
        max_items: usize::from(cli.max_items),
    };
    let brief = crate::brief(&request)?;
    let text = render::render(&brief, cli.format(), cli.template.as_deref())?;
    output::write(cli.output.as_deref(), &text)?;
    Ok(())
}

/// Reports a command-line error as one line and exits 2; help and version
/// requests print as usual and exit 0.
pub fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let rendered = error.to_string();
    let message = rendered
        .lines()
        .take_while(|line| !line.starts_with("Usage:"))
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    eprintln!("git-brief: {message}; run 'git-brief --help' for usage");
    ExitCode::from(2)
}
