//! The team's settings: `.git-brief.toml` at the repository root, or the
//! file given with `--config`. Every key is optional; an unknown key or a
//! value of the wrong kind is an error that names the file, the line, the key
//! and what is allowed, because a typo silently ignored in a weekly job is a
//! brief that is quietly wrong for months.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

use crate::text::quote;

/// The file name looked for at the repository root.
pub const FILE_NAME: &str = ".git-brief.toml";

/// The whole configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub brief: BriefSection,
    /// Scope → the area name a stakeholder knows (`auth = "Sign-in"`).
    pub areas: BTreeMap<String, String>,
    pub issues: IssuesSection,
    pub classify: ClassifySection,
    /// Plain-language replacements applied to outcome text, in order.
    pub rewrite: Vec<RewriteRule>,
    pub templates: TemplatesSection,
    pub tracker: TrackerSection,
    pub alert: AlertSection,
    pub email: EmailSection,
    /// Numbers from outside git, in the order the brief lists them.
    pub kpi: Vec<KpiEntry>,
    pub prometheus: PrometheusSection,
    /// Where the configuration was read from; `None` when there was no file.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

/// `[brief]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BriefSection {
    /// A team name for the title, instead of the repository's name.
    pub title: Option<String>,
    /// The team's IANA time zone; CI machines run in UTC, so set it here.
    pub timezone: Option<Spanned<String>>,
    /// Items per section before "and N more".
    pub max_items: Option<Spanned<usize>>,
    /// A monorepo team's part of the tree: only commits that touch these
    /// paths (git pathspecs, relative to the repository's root).
    pub paths: Option<Vec<String>>,
    /// A Markdown file of the sender's own words, put under the headline
    /// (relative to the repository's root, inside its work tree).
    pub intro: Option<PathBuf>,
}

/// `[issues]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IssuesSection {
    /// Link pattern for issues, with `{id}` for the number or key.
    pub url: Option<Spanned<String>>,
    /// Tracker key prefixes, such as `PAY` for `PAY-77`.
    pub keys: Option<Spanned<Vec<String>>>,
}

/// `[classify]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClassifySection {
    /// Author names or emails of bots (replaces the default list).
    pub bots: Option<Vec<String>>,
    /// Fixes in one area within the window that flag it as unstable.
    pub fix_streak: Option<Spanned<usize>>,
    /// Footer tokens or subject words that mark work as blocked (replaces the default list).
    pub blocked_markers: Option<Vec<String>>,
    /// The team's own commit types and their bucket (`story = "delivered"`).
    pub types: Option<Spanned<BTreeMap<String, String>>>,
    /// Tracker labels and where they put work (`"type: bug" = "fixed"`),
    /// added to the defaults.
    pub labels: Option<Spanned<BTreeMap<String, String>>>,
}

/// `[tracker]`: where titles, labels and state come from. Tokens are never
/// here: they come from the environment.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrackerSection {
    /// `github`, `file` or `off`; default: the `origin` remote's forge, when a
    /// token for it is in the environment.
    pub provider: Option<Spanned<String>>,
    /// Exported issue lists (`gh issue list --json …`), relative to the
    /// repository's root, for `provider = "file"`.
    pub files: Option<Vec<PathBuf>>,
    /// Seconds the whole enrichment may take (default 10).
    pub timeout: Option<Spanned<u64>>,
}

/// `[alert]`: what `git-brief alert` reports besides rollbacks, security
/// fixes, breaking changes, hotfixes and critical labels.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertSection {
    /// Words that make a unit of work critical when its title holds them.
    pub markers: Option<Vec<String>>,
}

/// `[email]`: the addresses of `--format email`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmailSection {
    pub from: Option<String>,
    pub to: Option<Vec<String>>,
}

/// `[[kpi]]`: a number from outside git, read for each window.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiEntry {
    /// What the brief calls it.
    pub label: Spanned<String>,
    /// Its identifier in the JSON and in a file's rows; default: made from the label.
    pub id: Option<Spanned<String>>,
    /// A PromQL expression; `{window}` is replaced by the window's length (`7d`).
    pub prometheus: Option<Spanned<String>>,
    /// A JSON or CSV file of `{kpi, window_end, value}` rows, relative to the repository's root.
    pub file: Option<Spanned<PathBuf>>,
    /// `percent` (a fraction), `duration` (seconds) or `number` (the default).
    pub format: Option<Spanned<String>>,
    /// `up` or `down`: which way is good news; no verdict when unset.
    pub better: Option<Spanned<String>>,
}

/// `[prometheus]`: the server `[[kpi]] prometheus` expressions are sent to.
/// A token, if it needs one, comes from `PROMETHEUS_TOKEN`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrometheusSection {
    /// Its base address (`http://prometheus:9090`); `PROMETHEUS_URL` otherwise.
    pub url: Option<Spanned<String>>,
    /// Seconds all the numbers from outside git may take (default 10).
    pub timeout: Option<Spanned<u64>>,
}

/// `[[rewrite]]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewriteRule {
    /// A regular expression (Rust `regex` syntax).
    pub pattern: Spanned<String>,
    /// What a match becomes; `$1` refers to a group.
    pub replace: String,
    /// The pattern, compiled once when the file is checked.
    #[serde(skip)]
    compiled: Option<Regex>,
}

/// `[templates]`: paths relative to the repository root.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TemplatesSection {
    pub markdown: Option<PathBuf>,
    pub html: Option<PathBuf>,
    pub text: Option<PathBuf>,
}

impl KpiEntry {
    /// The entry as a definition, its file at `path`; or where it is wrong and why.
    fn definition(&self, path: PathBuf) -> Result<crate::numbers::Definition, (Range<usize>, String)> {
        use crate::numbers::{id_from_label, Better, Definition, Format, Source};
        let label = self.label.get_ref().trim();
        if label.is_empty() {
            return Err((
                self.label.span(),
                "`kpi.label` must not be empty: name the number as the reader knows it".into(),
            ));
        }
        let id = match &self.id {
            Some(id) => {
                let text = id.get_ref();
                let valid = !text.is_empty()
                    && text.len() <= 64
                    && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !valid {
                    return Err((
                        id.span(),
                        format!(
                            "`kpi.id` {} must be lower-case letters, digits and _ (such as api_error_rate)",
                            quote(text)
                        ),
                    ));
                }
                text.clone()
            }
            None => id_from_label(label),
        };
        if id.is_empty() {
            return Err((
                self.label.span(),
                format!(
                    "`kpi.label` {} has no letter or digit to make an id from: add an `id`",
                    quote(label)
                ),
            ));
        }
        let source = match (&self.prometheus, &self.file) {
            (Some(query), None) if !query.get_ref().trim().is_empty() => {
                Source::Prometheus { query: query.get_ref().clone() }
            }
            (None, Some(file)) => {
                let plain = file.get_ref().components().all(|c| matches!(c, std::path::Component::Normal(_)));
                if !plain {
                    return Err((
                        file.span(),
                        format!(
                            "`kpi.file` {} must be a path relative to the repository's root, without `..`",
                            quote(&file.get_ref().display().to_string())
                        ),
                    ));
                }
                Source::File { path }
            }
            _ => {
                return Err((
                    self.label.span(),
                    format!(
                        "the `[[kpi]]` {} needs one source: a `prometheus` expression or a `file`",
                        quote(label)
                    ),
                ))
            }
        };
        let format = match &self.format {
            None => Format::Number,
            Some(name) => Format::from_name(name.get_ref()).ok_or_else(|| {
                (
                    name.span(),
                    format!(
                        "`kpi.format` {} is not a format: use percent, duration or number",
                        quote(name.get_ref())
                    ),
                )
            })?,
        };
        let better = match self.better.as_ref().map(|b| (b, b.get_ref().as_str())) {
            None => None,
            Some((_, "up")) => Some(Better::Up),
            Some((_, "down")) => Some(Better::Down),
            Some((b, other)) => {
                return Err((
                    b.span(),
                    format!("`kpi.better` {} is not a direction: use up or down", quote(other)),
                ))
            }
        };
        Ok(Definition { id, label: label.to_string(), source, format, better })
    }
}

/// A rewrite rule, compiled.
#[derive(Debug, Clone)]
pub struct Rewrite {
    pub pattern: Regex,
    pub replace: String,
}

/// A configuration that cannot be used. All are configuration errors (exit 2).
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config {}: {source}; check the path given to --config", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}; fix or remove the key (see the Configuration section of the README)", path.display())]
    Invalid { path: PathBuf, line: usize, message: String },
    #[error("{} is not read: {reason}; name a file of the repository's work tree, outside .git", path.display())]
    Confined { path: PathBuf, reason: crate::files::FileError },
}

impl Config {
    /// Reads `explicit` when given (it must exist), else `.git-brief.toml`
    /// in `root` when there is one, else the defaults.
    /// The file found in the work tree must be a regular file of it (not a
    /// link out of it, nor into `git_dir`), since a pull request chooses it.
    pub fn load(explicit: Option<&Path>, root: Option<&Path>, git_dir: &Path) -> Result<Config, ConfigError> {
        use crate::files::{confine, read_regular, FileError, MAX_CONFIG};
        let path = match (explicit, root) {
            (Some(path), _) => path.to_path_buf(),
            (None, Some(root)) if root.join(FILE_NAME).symlink_metadata().is_ok() => {
                let confined = |reason| ConfigError::Confined { path: root.join(FILE_NAME), reason };
                confine(root, git_dir, Path::new(FILE_NAME)).map_err(confined)?
            }
            _ => return Ok(Config::default()),
        };
        let text = read_regular(&path, MAX_CONFIG).map_err(|e| match e {
            FileError::Io(source) => ConfigError::Read { path: path.clone(), source },
            reason => ConfigError::Confined { path: path.clone(), reason },
        })?;
        let mut config = Config::parse(&text, &path)?;
        config.source = Some(path);
        Ok(config)
    }

    /// Parses and checks a configuration; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        // The parser's own message quotes the file's text: it stays one line.
        let invalid = |span: Option<Range<usize>>, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: span.map(|s| line_of(text, s.start)).unwrap_or(1),
            message: crate::text::one_line(&message, 400),
        };
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let message = cut(&plain_types(e.message().trim()));
            match e.span().and_then(|span| key_at(text, span.start)) {
                // An unknown key is already named in the message.
                Some(key) if !message.contains(&format!("`{}`", key.rsplit('.').next().unwrap_or(&key))) => {
                    invalid(e.span(), format!("`{key}`: {message}"))
                }
                _ => invalid(e.span(), message),
            }
        })?;
        for (key, value) in [
            ("brief.max_items", &config.brief.max_items),
            ("classify.fix_streak", &config.classify.fix_streak),
        ] {
            if let Some(v) = value.as_ref().filter(|v| *v.get_ref() == 0) {
                return Err(invalid(Some(v.span()), format!("`{key}` must be 1 or more")));
            }
        }
        if let Some(zone) = &config.brief.timezone {
            if zone.get_ref().parse::<chrono_tz::Tz>().is_err() {
                let hint = crate::zone_names::suggestion(zone.get_ref())
                    .map(|words| format!(" ({words})"))
                    .unwrap_or_default();
                return Err(invalid(
                    Some(zone.span()),
                    format!(
                        "`brief.timezone` {} is not an IANA time zone{hint}: use a name such as Europe/Berlin or UTC",
                        quote(zone.get_ref())
                    ),
                ));
            }
        }
        if let Some(keys) = &config.issues.keys {
            if let Err(bad) = crate::keys::check(keys.get_ref()) {
                return Err(invalid(Some(keys.span()), format!("`issues.keys`: {bad}")));
            }
        }
        if let Some(url) = config.issues.url.as_ref() {
            let text = url.get_ref();
            let web = text.starts_with("https://") || text.starts_with("http://");
            if !web || !text.contains("{id}") {
                return Err(invalid(
                    Some(url.span()),
                    format!(
                        "`issues.url` {} must be an http(s) address with {{id}} where the issue goes",
                        quote(text)
                    ),
                ));
            }
        }
        if let Some(types) = &config.classify.types {
            let bad =
                types.get_ref().iter().find(|(_, bucket)| crate::bucket::Bucket::from_name(bucket).is_none());
            if let Some((kind, bucket)) = bad {
                return Err(invalid(
                    Some(types.span()),
                    format!(
                        "`classify.types.{kind}` '{bucket}' is not a bucket: use delivered, fixed, attention, maintenance or noise"
                    ),
                ));
            }
        }
        if let Some(labels) = &config.classify.labels {
            let bad =
                labels.get_ref().iter().find(|(_, to)| !crate::bucket::PLACEMENTS.contains(&to.as_str()));
            if let Some((label, to)) = bad {
                return Err(invalid(
                    Some(labels.span()),
                    format!(
                        "`classify.labels` {} → {} is not a placement: use delivered, fixed, maintenance, noise, security, breaking, blocked or critical",
                        quote(label),
                        quote(to)
                    ),
                ));
            }
        }
        if let Some(provider) = &config.tracker.provider {
            if !matches!(provider.get_ref().as_str(), "github" | "gitlab" | "jira" | "file" | "off") {
                return Err(invalid(
                    Some(provider.span()),
                    format!(
                        "`tracker.provider` {} is not a tracker: use github, gitlab, jira, file or off",
                        quote(provider.get_ref())
                    ),
                ));
            }
        }
        if let Some(v) = config.tracker.timeout.as_ref().filter(|v| !(1..=120).contains(v.get_ref())) {
            return Err(invalid(
                Some(v.span()),
                "`tracker.timeout` must be between 1 and 120 seconds".into(),
            ));
        }
        if let Some(v) = config.prometheus.timeout.as_ref().filter(|v| !(1..=120).contains(v.get_ref())) {
            return Err(invalid(
                Some(v.span()),
                "`prometheus.timeout` must be between 1 and 120 seconds".into(),
            ));
        }
        if let Some(url) = config.prometheus.url.as_ref() {
            let text = url.get_ref();
            if !(text.starts_with("https://") || text.starts_with("http://")) {
                return Err(invalid(
                    Some(url.span()),
                    format!(
                        "`prometheus.url` {} must be an http(s) address such as http://prometheus:9090",
                        quote(text)
                    ),
                ));
            }
        }
        let mut ids: Vec<String> = crate::numbers::BUILT_IN_KPIS.iter().map(|id| id.to_string()).collect();
        for entry in &config.kpi {
            let definition =
                entry.definition(PathBuf::new()).map_err(|(span, message)| invalid(Some(span), message))?;
            if ids.contains(&definition.id) {
                let span = entry.id.as_ref().map_or(entry.label.span(), |id| id.span());
                return Err(invalid(
                    Some(span),
                    format!(
                        "`kpi.id` {} is already the id of another number: give this one an `id` of its own",
                        quote(&definition.id)
                    ),
                ));
            }
            ids.push(definition.id);
        }
        for rule in &mut config.rewrite {
            match Regex::new(rule.pattern.get_ref()) {
                Ok(pattern) => rule.compiled = Some(pattern),
                Err(e) => {
                    let reason = e.to_string().lines().last().unwrap_or("invalid").trim().to_string();
                    return Err(invalid(
                        Some(rule.pattern.span()),
                        format!(
                            "`rewrite.pattern` {} is not a valid regular expression: {}",
                            quote(rule.pattern.get_ref()),
                            cut(&reason)
                        ),
                    ));
                }
            }
        }
        Ok(config)
    }

    /// The `[classify] types`, checked when the file was parsed: a commit
    /// type, lower-cased, and the name of its bucket.
    pub fn types(&self) -> BTreeMap<String, String> {
        let types = self.classify.types.as_ref().map(|t| t.get_ref().clone()).unwrap_or_default();
        types.into_iter().map(|(kind, bucket)| (kind.to_ascii_lowercase(), bucket)).collect()
    }

    /// The `[tracker] files`, each confined to the work tree like a template.
    /// A file that is not there (an export an earlier CI step did not write)
    /// is kept: reading it fails softly, with a warning, as `--tracker-file`
    /// does, since the tracker never fails a brief.
    pub fn tracker_files(&self, root: Option<&Path>, git_dir: &Path) -> Result<Vec<PathBuf>, ConfigError> {
        let files = self.tracker.files.as_deref().unwrap_or_default();
        files
            .iter()
            .map(|named| {
                let confined = |reason| ConfigError::Confined { path: named.clone(), reason };
                let root = root.ok_or_else(|| confined(crate::files::FileError::Outside))?;
                crate::files::confine_or_absent(root, git_dir, named).map_err(confined)
            })
            .collect()
    }

    /// The `[classify] labels`, checked when the file was parsed: a label, and
    /// the name of its placement.
    pub fn labels(&self) -> Vec<(String, String)> {
        self.classify.labels.as_ref().map(|l| l.get_ref().clone()).unwrap_or_default().into_iter().collect()
    }

    /// The `[[kpi]]` entries, their files confined to the work tree like a template.
    pub fn kpis(
        &self,
        root: Option<&Path>,
        git_dir: &Path,
    ) -> Result<Vec<crate::numbers::Definition>, ConfigError> {
        self.kpi
            .iter()
            .map(|entry| {
                let path = match &entry.file {
                    Some(named) => {
                        use crate::files::FileError;
                        let named = named.get_ref();
                        let confined = |reason| ConfigError::Confined { path: named.clone(), reason };
                        let root = root.ok_or_else(|| confined(FileError::Outside))?;
                        // A file an earlier CI step did not write is a
                        // number without a value, with a warning: never a
                        // failed brief.
                        crate::files::confine_or_absent(root, git_dir, named).map_err(confined)?
                    }
                    None => PathBuf::new(),
                };
                // Checked when the file was parsed.
                entry.definition(path).map_err(|(_, message)| ConfigError::Invalid {
                    path: self.source.clone().unwrap_or_default(),
                    line: 1,
                    message,
                })
            })
            .collect()
    }

    /// The `[alert] markers`.
    pub fn alert_markers(&self) -> Vec<String> {
        self.alert.markers.clone().unwrap_or_default()
    }

    /// The `[issues] keys`.
    pub fn issue_keys(&self) -> Vec<String> {
        self.issues.keys.as_ref().map(|k| k.get_ref().clone()).unwrap_or_default()
    }

    /// The compiled `[[rewrite]]` rules (checked when the file was parsed).
    pub fn rewrites(&self) -> Vec<Rewrite> {
        self.rewrite
            .iter()
            .filter_map(|rule| {
                rule.compiled.clone().map(|pattern| Rewrite { pattern, replace: rule.replace.clone() })
            })
            .collect()
    }

    /// The template the configuration names for a format, resolved against
    /// the repository root.
    /// A template named by the configuration is read only from the work tree
    /// (see [`crate::files`]): a relative path, inside it, outside `.git`.
    /// The intro file `[brief] intro` names, confined to the work tree as
    /// a template is.
    pub fn intro(&self, root: Option<&Path>, git_dir: &Path) -> Result<Option<PathBuf>, ConfigError> {
        self.brief.intro.as_deref().map(|named| confined(named, root, git_dir)).transpose()
    }

    pub fn template(
        &self,
        format: crate::format::Format,
        root: Option<&Path>,
        git_dir: &Path,
    ) -> Result<Option<PathBuf>, ConfigError> {
        use crate::format::Format;
        let named = match format {
            Format::Markdown => self.templates.markdown.as_ref(),
            Format::Html => self.templates.html.as_ref(),
            Format::Text => self.templates.text.as_ref(),
            Format::Json | Format::Slack | Format::Teams | Format::Email => None,
        };
        named.map(|named| confined(named, root, git_dir)).transpose()
    }
}

/// A file the configuration names, inside the work tree `root` (never in
/// `.git`, never through a link out of it); no work tree, no file.
fn confined(named: &Path, root: Option<&Path>, git_dir: &Path) -> Result<PathBuf, ConfigError> {
    let error = |reason| ConfigError::Confined { path: named.to_path_buf(), reason };
    let root = root.ok_or_else(|| error(crate::files::FileError::Outside))?;
    crate::files::confine(root, git_dir, named).map_err(error)
}

/// The dotted key (`brief.max_items`) written on the line at `offset`, so
/// that an error about a value names the key it belongs to.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?.trim();
    let key = line.split_once('=')?.0.trim().trim_matches('"');
    if key.is_empty() || key.starts_with('[') {
        return None;
    }
    let section = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    Some(match section {
        Some(section) if !section.is_empty() => format!("{section}.{key}"),
        _ => key.to_string(),
    })
}

/// serde's type names, in words a config author uses.
fn plain_types(message: &str) -> String {
    message
        .replace("expected usize", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected a sequence", "expected a list such as [\"a\", \"b\"]")
}

/// A message from the TOML or regex parser, which may quote the file:
/// on one line, and short.
fn cut(message: &str) -> String {
    crate::text::one_line(message, 400)
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes().iter().take(offset).filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new(".git-brief.toml"))
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn the_documented_example_parses() {
        let config = parse(
            r#"
[brief]
title = "Payments team"
timezone = "Europe/Berlin"
max_items = 8

[areas]
auth = "Sign-in"
checkout = "Checkout"

[issues]
url = "https://github.com/acme/shop/issues/{id}"
keys = ["PAY", "OPS"]

[classify]
bots = ["dependabot[bot]", "renovate[bot]"]
fix_streak = 3
blocked_markers = ["Blocked-by", "WIP"]

[[rewrite]]
pattern = "(?i)\\boauth2?\\b"
replace = "sign-in"

[templates]
markdown = ".github/brief.md.hbs"
"#,
        )
        .unwrap();
        assert_eq!(config.brief.title.as_deref(), Some("Payments team"));
        assert_eq!(config.areas["auth"], "Sign-in");
        assert_eq!(config.issue_keys(), ["PAY", "OPS"]);
        assert_eq!(config.classify.fix_streak.as_ref().map(|s| *s.get_ref()), Some(3));
        let rewrites = config.rewrites();
        assert_eq!(
            rewrites[0].pattern.replace_all("OAuth2 login", rewrites[0].replace.as_str()),
            "sign-in login"
        );
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join(".github")).unwrap();
        std::fs::write(root.path().join(".github/brief.md.hbs"), "{{title}}").unwrap();
        let git_dir = root.path().join(".git");
        assert_eq!(
            config.template(crate::format::Format::Markdown, Some(root.path()), &git_dir).unwrap(),
            Some(root.path().canonicalize().unwrap().join(".github/brief.md.hbs"))
        );
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let config = parse("").unwrap();
        assert!(config.areas.is_empty() && config.rewrite.is_empty() && config.brief.title.is_none());
    }

    #[test]
    fn unknown_keys_name_the_line_the_key_and_what_is_allowed() {
        let message = error("[brief]\ntitle = \"x\"\nmax_item = 3\n");
        assert!(message.starts_with(".git-brief.toml:3: unknown field `max_item`"), "{message}");
        assert!(message.contains("`max_items`"), "{message}");
        let message = error("[brief]\n\n[colours]\nred = 1\n");
        assert!(message.starts_with(".git-brief.toml:3:"), "{message}");
        assert!(message.contains("`colours`") && message.contains("`areas`"), "{message}");
    }

    #[test]
    fn wrong_types_and_bad_values_name_their_line() {
        let message = error("[brief]\nmax_items = \"eight\"\n");
        assert!(
            message.starts_with(".git-brief.toml:2: `brief.max_items`: invalid type: string \"eight\", expected a whole number"),
            "{message}"
        );
        let message = error("[areas]\nauth = 3\n");
        assert!(message.starts_with(".git-brief.toml:2: `areas.auth`: invalid type"), "{message}");
        let message = error("[classify]\nfix_streak = 0\n");
        assert!(
            message.starts_with(".git-brief.toml:2: `classify.fix_streak` must be 1 or more"),
            "{message}"
        );
        let message = error("[brief]\ntimezone = \"Mars/Base\"\n");
        assert!(message.starts_with(".git-brief.toml:2: `brief.timezone` 'Mars/Base'"), "{message}");
        let message = error("[issues]\nkeys = [\"PAY-\"]\n");
        assert!(message.starts_with(".git-brief.toml:2: `issues.keys`"), "{message}");
    }

    #[test]
    fn a_bad_regex_names_its_line() {
        let message = error("[[rewrite]]\npattern = \"ok\"\nreplace = \"x\"\n\n[[rewrite]]\npattern = \"(unclosed\"\nreplace = \"x\"\n");
        assert!(message.starts_with(".git-brief.toml:6: `rewrite.pattern` '(unclosed'"), "{message}");
    }

    #[test]
    fn values_in_errors_are_quoted_on_one_line_and_cut() {
        let message = error("[brief]\ntimezone = \"Mars\\n::error title=x::y\\u001b[31m\"\n");
        assert!(!message.contains('\n') && !message.contains('\u{1b}'), "{message}");
        assert!(message.contains("'Mars\\n::error title=x::y\\u{1b}[31m'"), "{message}");
        let message =
            error(&format!("[[rewrite]]\npattern = \"({}\"\nreplace = \"x\"\n", "a".repeat(1_000_000)));
        assert!(message.len() < 1000, "{} bytes", message.len());
        let message = error(&format!("[brief]\nmax_items = \"{}\"\n", "9\\n".repeat(100_000)));
        assert!(message.len() < 1000 && !message.contains('\n'), "{} bytes", message.len());
        let message = error("[brief]\ntimezone = \"Europe/Berln\"\n");
        assert!(
            message.contains("'Europe/Berln' is not an IANA time zone (did you mean Europe/Berlin?)"),
            "{message}"
        );
    }

    #[test]
    fn a_parse_error_quoting_a_carriage_return_stays_one_line() {
        let e = parse("[classify]\ntyps\rss = \"nope\" }\n").unwrap_err().to_string();
        assert!(!e.contains(['\n', '\r']), "{e:?}");
    }

    #[test]
    fn a_missing_explicit_file_is_an_error_and_a_missing_default_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let git_dir = dir.path().join(".git");
        assert!(Config::load(None, Some(dir.path()), &git_dir).unwrap().source.is_none());
        let missing = dir.path().join("nope.toml");
        assert!(matches!(Config::load(Some(&missing), None, &git_dir), Err(ConfigError::Read { .. })));
    }
}
