//! The command line: one clap definition from which the help text (and, in
//! time, the man page and shell completions) are generated, and the glue
//! from parsed arguments to the pipeline.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Parser;

use crate::brief::Style;
use crate::classify::Rules;
use crate::config::Config;
use crate::render::{Format, Template};
use crate::window::WindowRequest;
use crate::{history, output, Error, Request};

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

    /// How many items each section lists before "and N more". Default: the config's, else 8.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub max_items: Option<u16>,

    /// Also count lines and files changed (a diff per commit; computed anyway when a template shows them).
    #[arg(long)]
    pub stats: bool,

    /// Read the configuration from FILE instead of .git-brief.toml at the repository root.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
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
    let repo = history::open(&cli.directory)?;
    let root = repo.workdir().map(Path::to_path_buf);
    let config = Config::load(cli.config.as_deref(), root.as_deref())?;
    let format = cli.format();
    let template_path = cli.template.clone().or_else(|| config.template(format, root.as_deref()));
    let template = Template::load(format, template_path.as_deref())?;
    let request = cli.request(&config, now, template.uses_stats());
    let brief = crate::brief(&repo, &request)?;
    output::write(cli.output.as_deref(), &template.render(&brief)?)?;
    Ok(())
}

impl Cli {
    /// The request: the configuration's settings, with the command line's
    /// taking precedence.
    fn request(&self, config: &Config, now: DateTime<Utc>, template_uses_stats: bool) -> Request {
        let mut rules = Rules::default();
        if let Some(bots) = &config.classify.bots {
            rules.bots = bots.clone();
        }
        if let Some(markers) = &config.classify.blocked_markers {
            rules.blocked_markers = markers.clone();
        }
        let defaults = Style::default();
        let style = Style {
            title: config.brief.title.clone(),
            max_items: self
                .max_items
                .map(usize::from)
                .or(config.brief.max_items.as_ref().map(|n| *n.get_ref()))
                .unwrap_or(defaults.max_items),
            areas: config.areas.clone(),
            rewrites: config.rewrites(),
            fix_streak: config
                .classify
                .fix_streak
                .as_ref()
                .map(|n| *n.get_ref())
                .unwrap_or(defaults.fix_streak),
        };
        let mut issue_keys = config.issue_keys();
        issue_keys.extend(self.issue_keys.iter().cloned());
        Request {
            branch: self.branch.clone(),
            window: self.window(),
            timezone: self
                .tz
                .clone()
                .or_else(|| config.brief.timezone.as_ref().map(|tz| tz.get_ref().clone())),
            now,
            compare: !self.no_compare,
            stats: self.stats || template_uses_stats,
            issue_keys,
            rules,
            style,
        }
    }
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
