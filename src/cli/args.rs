//! The clap definition of the command line: the one source of the help text,
//! the man page and the shell completions.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::render::Format;

/// Writes a plain-language brief of what a repository's team delivered, what
/// needs attention, and how the numbers moved, from the commit history.
///
/// By default it covers the last 7 days up to now, as the work that landed on
/// the current branch. Exit codes: 0 success (a quiet week included),
/// 1 runtime failure (git, I/O), 2 usage or configuration error, 3 something
/// critical (`alert --exit-code` only).
#[derive(Debug, Clone, Parser)]
#[command(name = "git-brief", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// An ISO week (`2026-W47`) or a ref range (`origin/main...HEAD`), as a shorthand for --week or --range.
    #[arg(value_name = "WINDOW", conflicts_with_all = ["since", "until", "week", "range"])]
    pub window: Option<String>,

    /// Start of the window (inclusive): a date (`2026-11-16`, local midnight) or an RFC 3339 time. Default: 7 days before --until, which alone spans 7 days.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["week", "range"])]
    pub since: Option<String>,

    /// End of the window (exclusive), same forms as --since. Default: now, also when --since is given alone.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["week", "range"])]
    pub until: Option<String>,

    /// An ISO week, Monday to Monday in the brief's time zone: `2026-W47`, or `last` (the last full week) or `this`.
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

    /// The sender's own words (Markdown) under the headline in every format: the week's context, the plan for next week. Default: [brief] intro.
    #[arg(long, value_name = "FILE")]
    pub intro: Option<PathBuf>,

    /// Write the brief to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Run as if started in PATH.
    #[arg(short = 'C', value_name = "PATH", default_value = ".", global = true)]
    pub directory: PathBuf,

    /// The branch to look back from. Default: HEAD.
    #[arg(long, value_name = "REF")]
    pub branch: Option<String>,

    /// Only the commits that touch PATH, relative to the repository's root, as git's pathspecs read it (a directory, a file, a glob; `:(exclude)DIR`); repeatable. Default: the config's [brief] paths, else the whole tree.
    #[arg(long = "path", value_name = "PATH")]
    pub paths: Vec<String>,

    /// The time zone of the window and of all times shown, as an IANA name. Default: $TZ, else the machine's zone.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// Do not read the previous window: no trends.
    #[arg(long, conflicts_with = "trend")]
    pub no_compare: bool,

    /// Also read the N windows before the previous one: each number gets its series, drawn as a sparkline (a line chart in HTML).
    #[arg(long, value_name = "N", conflicts_with = "range", value_parser = clap::value_parser!(u16).range(0..=520))]
    pub trend: Option<u16>,

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

    /// Brief what a shallow clone holds, with a warning, when the window reaches past it (default: fail with the fix).
    #[arg(long)]
    pub allow_shallow: bool,

    /// The issue tracker to take titles, labels and state from: github, gitlab, jira, file or off (default: the origin remote's, when its token is set).
    #[arg(long, value_name = "PROVIDER", value_parser = ["github", "gitlab", "jira", "file", "off"])]
    pub tracker: Option<String>,

    /// Read the tracker from FILE, as `gh issue list --json number,title,labels,state,url` (and `gh pr list`) print it; may be repeated.
    #[arg(long, value_name = "FILE")]
    pub tracker_file: Vec<PathBuf>,

    /// The pull request the brief is about, from a GitHub event file (default: $GITHUB_EVENT_PATH in a pull_request job, or GitLab's merge-request variables). Its range is the default window; its title, description and labels speak for it.
    #[arg(long, value_name = "FILE")]
    pub pull_request: Option<PathBuf>,

    /// Make no network request (no issue tracker, no Prometheus); files (--tracker-file, [tracker] files, [[kpi]] file) are still read.
    #[arg(long)]
    pub offline: bool,

    /// The sender of `--format email` (or `[email] from`): `Team brief <brief@example.com>`.
    #[arg(long, value_name = "ADDRESS")]
    pub mail_from: Option<String>,

    /// A recipient of `--format email` (or `[email] to`); may be repeated.
    #[arg(long, value_name = "ADDRESS")]
    pub mail_to: Vec<String>,

    /// Also append the Markdown brief to $GITHUB_STEP_SUMMARY (GitHub Actions).
    #[arg(long)]
    pub step_summary: bool,

    /// Shape the Markdown as a pull-request comment: a hidden marker to find and update it, within 65,536 characters.
    #[arg(long)]
    pub comment: bool,

    /// When to colour the text brief.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Commands besides the brief itself.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Write a commented .git-brief.toml and GitHub workflows (weekly, pull request, alert on push), or GitLab CI jobs with --gitlab, into the repository.
    Init {
        /// Overwrite the workflows that already exist (never .git-brief.toml: it holds your settings). Without it, init adds only what is missing.
        #[arg(long)]
        force: bool,
        /// Also post the weekly brief to Slack (a webhook in the secret SLACK_WEBHOOK_URL).
        #[arg(long)]
        slack: bool,
        /// Also post the weekly brief to Microsoft Teams (a webhook in the secret TEAMS_WEBHOOK_URL).
        #[arg(long)]
        teams: bool,
        /// Also e-mail the weekly brief (edit the addresses; the password in the secret SMTP_PASSWORD).
        #[arg(long)]
        email: bool,
        /// Write the organisation's workflow instead: a brief per repository in a matrix, merged into one.
        #[arg(long, conflicts_with_all = ["slack", "teams", "email"])]
        org: bool,
        /// Write the weekly workflow for review: it opens the brief as a draft issue for the team to edit, and sends the edited text to the channels --slack, --teams and --email name when the issue is labelled `send` or closed as completed.
        #[arg(long, conflicts_with_all = ["org", "gitlab"])]
        review: bool,
        /// Write GitLab CI jobs instead, into .gitlab-ci.yml: the weekly brief (on a schedule) and each merge request's.
        #[arg(long, conflicts_with_all = ["org", "slack", "teams", "email"])]
        gitlab: bool,
        /// Install git-brief in the workflows from a git repository instead of crates.io (default URL: the project's own).
        #[arg(long, value_name = "URL", num_args = 0..=1, default_missing_value = env!("CARGO_PKG_REPOSITORY"))]
        from_source: Option<String>,
        /// With --from-source: the commit, tag or branch to build (default: the source's HEAD, keyed by its commit).
        #[arg(long, value_name = "REV", requires = "from_source")]
        rev: Option<String>,
    },
    /// Print a shell completion script: `git-brief completions bash > ~/.local/share/bash-completion/completions/git-brief`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `git-brief man > ~/.local/share/man/man1/git-brief.1`.
    Man,
    /// Report only what is critical in a push or window (a rollback, a security fix, a breaking change, a hotfix, a critical label, your markers); print nothing when nothing is.
    Alert {
        /// A ref range, as a push gives it: `BEFORE..AFTER`. A BEFORE of zeros (a new branch) or one this clone does not have (a force-push) reads AFTER's own commit only.
        #[arg(long, value_name = "A..B", conflicts_with_all = ["since", "until", "week"])]
        range: Option<String>,
        /// Start of the window, as for the brief.
        #[arg(long, value_name = "DATE", conflicts_with = "week")]
        since: Option<String>,
        /// End of the window, as for the brief.
        #[arg(long, value_name = "DATE", conflicts_with = "week")]
        until: Option<String>,
        /// An ISO week, as for the brief.
        #[arg(long, value_name = "YYYY-Www")]
        week: Option<String>,
        /// Output format. Default: from the --output extension, else text on a terminal and Markdown when piped.
        #[arg(long, short, value_parser = alert_formats(), value_name = "FORMAT")]
        format: Option<Format>,
        /// Write the alert to FILE (only when there is one).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Exit with 3 when something is critical (like `git diff --exit-code`).
        #[arg(long)]
        exit_code: bool,
        /// Look back from REF instead of `HEAD` (for a window).
        #[arg(long, value_name = "REF")]
        branch: Option<String>,
        /// The IANA time zone of the window, as for the brief.
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// The issue tracker, as for the brief: github, gitlab, jira, file or off.
        #[arg(long, value_name = "PROVIDER", value_parser = ["github", "gitlab", "jira", "file", "off"])]
        tracker: Option<String>,
        /// Read the tracker from FILE, as for the brief; may be repeated.
        #[arg(long, value_name = "FILE")]
        tracker_file: Vec<PathBuf>,
        /// Make no network request, as for the brief; tracker files are still read.
        #[arg(long)]
        offline: bool,
    },
    /// One brief across repositories, from their JSON briefs (`git-brief --format json`): lists joined with each item's repository, counts summed, contributors counted once, lead times pooled.
    Merge {
        /// The JSON briefs, one per repository (a merged brief may be merged again); `-` reads one from standard input.
        #[arg(value_name = "FILE.json", required = true)]
        files: Vec<PathBuf>,
        /// Output format. Default: from the --output extension, else text on a terminal and Markdown when piped.
        #[arg(long, short, value_enum, value_name = "FORMAT")]
        format: Option<Format>,
        /// Write the merged brief to FILE (atomically).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// How the sections order their items: repository by repository, or by product area across them.
        #[arg(long, value_enum, default_value = "repository")]
        group: crate::merge::Group,
        /// Merge briefs of different windows (by default an error that names the files).
        #[arg(long)]
        allow_mixed_windows: bool,
        /// The name in the title (`Weekly brief — Checkout product · …`). Default: the repositories'.
        #[arg(long, value_name = "NAME")]
        title: Option<String>,
        /// The sender of `--format email`.
        #[arg(long, value_name = "ADDRESS")]
        mail_from: Option<String>,
        /// A recipient of `--format email` (repeatable).
        #[arg(long, value_name = "ADDRESS")]
        mail_to: Vec<String>,
        /// Shape the Markdown for an issue or a comment: a hidden marker, within 65,536 characters.
        #[arg(long)]
        comment: bool,
    },
    /// Write a brief as the team edited it (the draft issue `init --review` opens) for the channel that sends it: Slack, Teams, e-mail, text, HTML or Markdown. Only the edited text goes out; the engineering appendix (<details>) is left out.
    Publish {
        /// The edited brief, in Markdown; `-` reads it from standard input.
        #[arg(value_name = "FILE.md")]
        file: PathBuf,
        /// Output format. Default: from the --output extension, else text on a terminal and Markdown when piped.
        #[arg(long, short, value_enum, value_name = "FORMAT")]
        format: Option<Format>,
        /// Write it to FILE (atomically).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The sender of `--format email`.
        #[arg(long, value_name = "ADDRESS")]
        mail_from: Option<String>,
        /// A recipient of `--format email` (repeatable).
        #[arg(long, value_name = "ADDRESS")]
        mail_to: Vec<String>,
    },
}

/// The formats an alert is written in: the brief's (with their help), but
/// e-mail, which is for the weekly brief (an alert goes to chat, a comment or
/// the CI log).
fn alert_formats() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    use clap::ValueEnum;
    let formats = Format::value_variants().iter().filter(|f| **f != Format::Email);
    clap::builder::PossibleValuesParser::new(formats.filter_map(ValueEnum::to_possible_value))
        .map(|name: String| Format::from_str(&name, false).unwrap_or(Format::Markdown))
}

/// When to colour the text brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}
