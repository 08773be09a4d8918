//! The command line: one clap definition from which the help text, the man
//! page and the shell completions are all generated, and the glue from
//! parsed arguments to the pipeline.

mod alert;
mod args;
mod docs;
pub mod init;
mod merge;
mod publish;

pub use args::{Cli, ColorChoice, Command};

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use crate::brief::Style;
use crate::classify::Rules;
use crate::config::Config;
use crate::render::{fit, Budget, Format, Template};
use crate::window::WindowRequest;
use crate::{history, output, Error, Request};

/// The marker that lets a workflow find the brief's comment on a pull
/// request and update it instead of adding another.
pub const COMMENT_MARKER: &str = "<!-- git-brief -->";

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

    /// The width to wrap the text brief at, for a person at a terminal: the
    /// terminal's own, else `$COLUMNS`; none when the brief goes to a file or
    /// a pipe, whose reader wraps (or does not) as it likes.
    fn terminal_width(&self, format: Format) -> Option<usize> {
        if format != Format::Text || self.output.is_some() || !std::io::stdout().is_terminal() {
            return None;
        }
        terminal_size::terminal_size_of(std::io::stdout())
            .map(|(terminal_size::Width(w), _)| usize::from(w))
            .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
            .filter(|&w| w > 0)
    }

    /// Colour for a person at a terminal: text, to standard output, a TTY,
    /// and no NO_COLOR (https://no-color.org).
    fn colored(&self, format: Format) -> bool {
        format == Format::Text
            && match self.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    self.output.is_none()
                        && std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            }
    }

    /// The format asked for, else the one the output file's extension names,
    /// else text for a person at a terminal and Markdown for a pipe. An
    /// extension that names no format (`-o brief.pdf`) is a usage error
    /// without --format: writing Markdown into it would be a file no reader
    /// of that type can open.
    fn format(&self) -> Result<Format, Error> {
        if let Some(format) = self.format {
            return Ok(format);
        }
        let extension = self.output.as_deref().and_then(Path::extension);
        if let Some(extension) = extension {
            return match extension.to_string_lossy().to_ascii_lowercase().as_str() {
                "md" | "markdown" => Ok(Format::Markdown),
                "html" | "htm" => Ok(Format::Html),
                "txt" | "text" => Ok(Format::Text),
                "json" => Ok(Format::Json),
                other => Err(Error::Usage(format!(
                    "cannot tell the format of --output {} from its extension {}: name the file .md, .html, .txt or .json, or pass --format",
                    crate::window::quote(&self.output.as_deref().unwrap_or(Path::new("")).to_string_lossy()),
                    crate::window::quote(&format!(".{other}")),
                ))),
            };
        }
        Ok(if self.output.is_none() && std::io::stdout().is_terminal() {
            Format::Text
        } else {
            Format::Markdown
        })
    }
}

/// Runs the command at the instant `now`.
pub fn run(cli: &Cli, now: DateTime<Utc>) -> Result<(), Error> {
    match &cli.command {
        Some(Command::Init { force, slack, teams, email, org, gitlab, review, from_source, rev }) => {
            let plan = init::Plan {
                forge: if *gitlab { init::Forge::GitLab } else { init::Forge::GitHub },
                force: *force,
                posting: init::Posting { slack: *slack, teams: *teams, email: *email },
                install: match from_source {
                    Some(url) => init::Install::source(url, rev.as_deref())?,
                    None => init::Install::CratesIo,
                },
                org: *org,
                review: *review,
            };
            return init::run(&cli.directory, &plan);
        }
        Some(Command::Completions { shell }) => {
            return Ok(output::write(None, &docs::completions(*shell), None)?);
        }
        Some(Command::Alert {
            range,
            since,
            until,
            week,
            format,
            output,
            exit_code,
            branch,
            tz,
            tracker,
            tracker_file,
            offline,
        }) => {
            let mut cli = Cli { command: None, window: None, ..cli.clone() };
            cli.branch = branch.clone().or(cli.branch);
            cli.tz = tz.clone().or(cli.tz);
            cli.tracker = tracker.clone().or(cli.tracker);
            cli.tracker_file.extend(tracker_file.iter().cloned());
            cli.offline |= *offline;
            (cli.since, cli.until, cli.week, cli.format, cli.output) =
                (since.clone(), until.clone(), week.clone(), *format, output.clone());
            cli.range = range.clone();
            cli.no_compare = true;
            return alert::run(&cli, now, *exit_code);
        }
        Some(Command::Merge {
            files,
            format,
            output,
            group,
            allow_mixed_windows,
            title,
            mail_from,
            mail_to,
            comment,
        }) => {
            let mut cli = Cli { command: None, window: None, comment: *comment, ..cli.clone() };
            (cli.format, cli.output) = (*format, output.clone());
            (cli.mail_from, cli.mail_to) = (mail_from.clone(), mail_to.clone());
            let options = crate::merge::Options {
                group: *group,
                allow_mixed_windows: *allow_mixed_windows,
                title: title.clone(),
            };
            return merge::run(&cli, files, &options);
        }
        Some(Command::Publish { file, format, output, mail_from, mail_to }) => {
            let mut cli = Cli { command: None, window: None, ..cli.clone() };
            (cli.format, cli.output) = (*format, output.clone());
            (cli.mail_from, cli.mail_to) = (mail_from.clone(), mail_to.clone());
            return publish::run(&cli, file);
        }
        Some(Command::Man) => {
            return Ok(output::write(None, &docs::man_page()?, None)?);
        }
        None => {}
    }
    let repo = history::open(&cli.directory)?;
    let root = repo.workdir().map(Path::to_path_buf);
    let config = Config::load(cli.config.as_deref(), root.as_deref(), repo.path())?;
    let format = cli.format()?;
    if cli.comment && format != Format::Markdown {
        return Err(Error::Usage("--comment shapes a Markdown brief: use it with --format markdown".into()));
    }
    let template_path = match &cli.template {
        Some(path) => Some(path.clone()),
        None => config.template(format, root.as_deref(), repo.path())?,
    };
    // The sender's own words, read before the history is: a wrong path
    // fails at once.
    let intro = match &cli.intro {
        Some(path) => Some(path.clone()),
        None => config.intro(root.as_deref(), repo.path())?,
    }
    .map(|path| {
        crate::files::read_regular(&path, crate::render::MAX_INTRO).map_err(|e| {
            Error::Usage(format!(
                "cannot read the intro file {}: {e}; give a Markdown file of at most {} KB with --intro or [brief] intro",
                crate::text::quote(&path.display().to_string()),
                crate::render::MAX_INTRO / 1024
            ))
        })
    })
    .transpose()?
    .map(|text| text.trim().to_string())
    .filter(|text| !text.is_empty());
    let mail = match format {
        Format::Email => Some(Mail::new(cli, &config, root.as_deref(), repo.path())?),
        _ => None,
    };
    let template = match &mail {
        Some(mail) => mail.html.clone(),
        None => Template::load(format, template_path.as_deref())?.colored(cli.colored(format)),
    };
    let summary = match (cli.step_summary, format) {
        (false, _) => None,
        (true, Format::Markdown) => Some(template.clone()),
        (true, _) => Some(Template::load(
            Format::Markdown,
            config.template(Format::Markdown, root.as_deref(), repo.path())?.as_deref(),
        )?),
    };
    let summary_path = match cli.step_summary {
        true => Some(output::step_summary_path()?),
        false => None,
    };
    let uses_stats = template.uses_stats()
        || summary.as_ref().is_some_and(Template::uses_stats)
        || mail.as_ref().is_some_and(|m| m.text.uses_stats());
    let mut request = cli.request(&config, now, uses_stats);
    request.tracker = cli.tracker_choice(&config, root.as_deref(), repo.path())?;
    request.outside = config.kpis(root.as_deref(), repo.path())?;
    // In a pull request's job, a brief of a range (or of no window at all,
    // whose window is then the pull request's) is the pull request's brief.
    let window = &request.window;
    let no_window =
        window.since.is_none() && window.until.is_none() && window.week.is_none() && window.range.is_none();
    if no_window || window.range.is_some() {
        let var = |name: &str| std::env::var(name).ok();
        let detected = match crate::pull::detect(cli.pull_request.as_deref(), var) {
            // A range of the user's own is briefed whatever the job's event
            // file holds: only a brief of the pull request needs it.
            Err(e) if !no_window && cli.pull_request.is_none() => {
                say(&format!("warning: {e}; the range is briefed without its pull request"));
                None
            }
            detected => detected?,
        };
        if let Some(pull) = detected {
            if no_window {
                // Without its base, the pull request has no range: a brief
                // of the last 7 days under its name would misname them.
                let Some(range) = pull.range() else {
                    return Err(Error::Usage(pull.without_base()));
                };
                request.window.range = Some(range);
                // The pull request's base must be in the clone: a shallow
                // checkout (the default) has only its newest commit.
                if let Some(base) = pull.base_sha.as_deref().and_then(|b| git2::Oid::from_str(b).ok()) {
                    if repo.find_commit(base).is_err() {
                        let fix = if repo.is_shallow() {
                            "this is a shallow clone: fetch the whole history (fetch-depth: 0 in actions/checkout, GIT_DEPTH: \"0\" in GitLab)"
                        } else {
                            "fetch the base branch, or pass --range BASE...HEAD"
                        };
                        return Err(Error::Usage(format!(
                            "the pull request's base commit {} is not in this clone; {fix}",
                            &base.to_string()[..12]
                        )));
                    }
                }
                request.pull_request = Some(pull);
            } else if cli.pull_request.is_some()
                || window.range.as_deref().is_some_and(|r| pull.ends_at_head(r))
            {
                // An explicit range is the pull request's when it ends at
                // its head (`origin/main...HEAD`), or when asked.
                request.pull_request = Some(pull);
            }
        }
    } else if cli.pull_request.is_some() {
        return Err(Error::Usage(
            "--pull-request briefs a pull request's range: leave out --since, --until and --week".into(),
        ));
    }
    let progress = Progress::new();
    if std::io::stderr().is_terminal() {
        request.progress = Some(&progress);
    }
    let brief = crate::brief(&repo, &request);
    progress.finish();
    let mut brief = brief?;
    brief.intro = intro;
    if let Some(warning) = brief.tracker.as_ref().and_then(|t| t.warning.as_deref()) {
        say(&format!("warning: {warning}"));
    }
    for warning in brief.kpis.iter().filter_map(|k| k.warning.as_deref()) {
        say(&format!("warning: {warning}"));
    }
    if mail.is_none() && !cli.comment && matches!(template, Template::Json) {
        output::write_with(cli.output.as_deref(), root.as_deref(), |out| crate::render::json(&brief, out))?;
    } else {
        let mut text = match &mail {
            Some(mail) => mail.render(&brief)?,
            None => template.render(&brief)?,
        };
        if let Some(width) = cli.terminal_width(format) {
            text = crate::render::wrap(&text, width);
        }
        if cli.comment {
            text = fit(&format!("{COMMENT_MARKER}\n{text}"), Budget::COMMENT);
        }
        output::write(cli.output.as_deref(), &text, root.as_deref())?;
    }
    if let (Some(summary), Some(path)) = (summary, summary_path) {
        if let Some(note) = output::append_step_summary(&path, &summary.render(&brief)?)? {
            say(&format!("warning: {note}"));
        }
    }
    // The process ends here: the kernel takes back the brief and the
    // repository's pack maps at once, where freeing them piece by piece is
    // a tenth of a year's brief.
    std::mem::forget(brief);
    std::mem::forget(repo);
    Ok(())
}

/// What `--format email` needs: the addresses, and the text and HTML
/// templates whose briefs make its two parts.
struct Mail {
    from: String,
    to: Vec<String>,
    text: Template,
    html: Template,
}

impl Mail {
    fn new(cli: &Cli, config: &Config, root: Option<&Path>, git_dir: &Path) -> Result<Mail, Error> {
        if cli.template.is_some() {
            return Err(Error::Usage(
                "--template does not apply to --format email: it is made of the text and HTML briefs ([templates] text and html)".into(),
            ));
        }
        let from = cli.mail_from.clone().or_else(|| config.email.from.clone());
        let to = if cli.mail_to.is_empty() {
            config.email.to.clone().unwrap_or_default()
        } else {
            cli.mail_to.clone()
        };
        let Some(from) = from.filter(|_| !to.is_empty()) else {
            return Err(Error::Usage(
                "--format email needs a sender and a recipient: pass --mail-from and --mail-to, or set [email] from and to in .git-brief.toml".into(),
            ));
        };
        let text = Template::load(Format::Text, config.template(Format::Text, root, git_dir)?.as_deref())?;
        // A team's own HTML template is theirs to make mail-safe; the
        // built-in page is not, so the e-mail has its own.
        let html = match config.template(Format::Html, root, git_dir)? {
            Some(path) => Template::load(Format::Html, Some(&path))?,
            None => Template::email_html(),
        };
        Ok(Mail { from, to, text, html })
    }

    fn render(&self, brief: &crate::Brief) -> Result<String, Error> {
        let text = self.text.render(brief)?;
        let html = self.html.render(brief)?;
        Ok(crate::render::email(&brief.title, &text, &html, &self.from, &self.to)?)
    }
}

/// "Reading history…" on stderr, for a person waiting at a terminal, only
/// once a walk has taken long enough to wonder about.
struct Progress {
    start: std::time::Instant,
    shown: std::cell::Cell<bool>,
}

impl Progress {
    fn new() -> Progress {
        Progress { start: std::time::Instant::now(), shown: std::cell::Cell::new(false) }
    }

    fn finish(&self) {
        if self.shown.get() {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}

impl history::Progress for Progress {
    fn commits_read(&self, count: usize) {
        if self.start.elapsed() > std::time::Duration::from_millis(400) {
            self.shown.set(true);
            let _ = write!(std::io::stderr(), "\rgit-brief: reading history… {count} commits");
        }
    }
}

impl Cli {
    /// The request: the configuration's settings, with the command line's
    /// taking precedence.
    fn request(&self, config: &Config, now: DateTime<Utc>, template_uses_stats: bool) -> Request<'static> {
        let mut rules = Rules::default();
        if let Some(bots) = &config.classify.bots {
            rules.bots = bots.clone();
        }
        if let Some(markers) = &config.classify.blocked_markers {
            rules.blocked_markers = markers.clone();
        }
        rules.types = crate::classify::configured_types(config);
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
        rules.labels = crate::classify::labels::Labels::configured(config);
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
            trend: self.trend.map_or(0, usize::from),
            paths: if self.paths.is_empty() {
                config.brief.paths.clone().unwrap_or_default()
            } else {
                self.paths.clone()
            },
            stats: self.stats || template_uses_stats,
            issue_keys,
            issue_url: config.issues.url.as_ref().map(|url| url.get_ref().clone()),
            allow_shallow: self.allow_shallow,
            progress: None,
            rules,
            style,
            tracker: crate::tracker::Choice::Off,
            tracker_limits: crate::tracker::Limits {
                total: std::time::Duration::from_secs(
                    config.tracker.timeout.as_ref().map_or(10, |t| *t.get_ref()),
                ),
                ..crate::tracker::default_limits()
            },
            tracker_cache: crate::tracker::cache_dir(),
            outside: Vec::new(),
            pull_request: None,
            metrics: crate::metrics::Settings {
                prometheus_url: config
                    .prometheus
                    .url
                    .as_ref()
                    .map(|u| u.get_ref().clone())
                    .or_else(|| std::env::var("PROMETHEUS_URL").ok().filter(|u| !u.trim().is_empty())),
                prometheus_token: std::env::var("PROMETHEUS_TOKEN").ok().filter(|t| !t.trim().is_empty()),
                limits: crate::http::Limits {
                    total: std::time::Duration::from_secs(
                        config.prometheus.timeout.as_ref().map_or(10, |t| *t.get_ref()),
                    ),
                    ..crate::metrics::Settings::default().limits
                },
                offline: self.offline,
            },
        }
    }

    /// The tracker the flags and the configuration ask for: `--tracker off`
    /// wins, then `--tracker-file`, `--tracker`, the configuration, and the
    /// origin remote's forge. `--offline` leaves only the exported files,
    /// which need no network (they are how a run without one gets titles).
    fn tracker_choice(
        &self,
        config: &Config,
        root: Option<&Path>,
        git_dir: &Path,
    ) -> Result<crate::tracker::Choice, Error> {
        use crate::tracker::Choice;
        let named =
            self.tracker.clone().or_else(|| config.tracker.provider.as_ref().map(|p| p.get_ref().clone()));
        if named.as_deref() == Some("off") {
            return Ok(Choice::Off);
        }
        if !self.tracker_file.is_empty() {
            return Ok(Choice::Files(self.tracker_file.clone()));
        }
        Ok(match (named.as_deref(), config.tracker_files(root, git_dir)?) {
            (Some("file") | None, files) if !files.is_empty() => Choice::Files(files),
            _ if self.offline => Choice::Off,
            (Some(name), _) => Choice::Named(name.to_string()),
            (None, _) => Choice::Auto,
        })
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
    say(&format!("{message}; run 'git-brief --help' for usage"));
    ExitCode::from(2)
}

/// Writes one line to stderr: `git-brief: ` and `message`, with control
/// characters escaped (a newline in a config value cannot forge a line of CI
/// log such as `::error::`) and, past 2,000 characters, the middle cut out
/// (what went wrong is at the start, how to fix it at the end).
///
/// A stderr that cannot be written (closed, or a full disk) is not a reason
/// to abort: the exit code still tells what happened.
pub fn say(message: &str) {
    const HEAD: usize = 1_200;
    const TAIL: usize = 600;
    let count = message.chars().count();
    let text = if count > HEAD + TAIL + 200 {
        let head: String = message.chars().take(HEAD).collect();
        let tail: String = message.chars().skip(count - TAIL).collect();
        format!("{head} … {tail}")
    } else {
        message.to_string()
    };
    let line = crate::window::one_line(&text, usize::MAX);
    let _ = writeln!(std::io::stderr(), "git-brief: {line}");
}
