//! Numbers from outside git: the `[[kpi]]` entries of the configuration,
//! read for every window of the brief from a monitoring system
//! (Prometheus) or from a file an earlier CI step wrote.
//!
//! Like the tracker, a source never fails the brief: a KPI whose source
//! does not answer shows "—", and the brief carries one warning for it.

mod file;
mod prometheus;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::http::Limits;
use crate::window::Window;

pub use crate::numbers::{id_from_label, Better, Definition, Format, Source};

/// A window as a source sees it: `[since, until)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

/// Where and how long to ask.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The Prometheus server's base address (`[prometheus] url` or `PROMETHEUS_URL`).
    pub prometheus_url: Option<String>,
    /// A bearer token for it (`PROMETHEUS_TOKEN`), sent over HTTPS or to loopback only.
    pub prometheus_token: Option<String>,
    /// The whole reading's time limit and an answer's size limit.
    pub limits: Limits,
    /// Ask no server (`--offline`); files are still read.
    pub offline: bool,
}

impl Default for Settings {
    /// No server; ten seconds in all, answers up to 8 MB.
    fn default() -> Self {
        Settings {
            prometheus_url: None,
            prometheus_token: None,
            limits: Limits { total: Duration::from_secs(10), max_body: 8 << 20 },
            offline: false,
        }
    }
}

/// A KPI's values, one per window, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub definition: Definition,
    pub series: Vec<Option<f64>>,
    /// Why this window's value is missing, when it is, with the source's
    /// own words: for stderr and the appendix.
    pub warning: Option<String>,
    /// The same in one plain sentence, for the stakeholder part, when the
    /// warning holds more than a stakeholder needs.
    pub summary: Option<String>,
}

/// The numbers from outside git for every window of a brief, oldest first:
/// the `earlier` ones (newest first, as `--trend` reads them), the one before
/// `window` when `compare` asks for it, then `window`. A ref range (a pull
/// request's) has no dates to ask about and numbers of its own: none are read.
pub fn read_windows<'w>(
    definitions: &[Definition],
    window: &'w Window,
    compare: bool,
    earlier: impl DoubleEndedIterator<Item = &'w Window>,
    settings: &Settings,
    zone: chrono_tz::Tz,
) -> Vec<Reading> {
    if definitions.is_empty() {
        return Vec::new();
    }
    let previous = if compare { window.previous() } else { None };
    let period = |w: &Window| match w {
        Window::Time { since, until, .. } => Some(Period { since: since.to_utc(), until: until.to_utc() }),
        Window::Range(_) => None,
    };
    let periods: Vec<Period> = earlier
        .rev()
        .filter_map(period)
        .chain(previous.as_ref().and_then(period))
        .chain(period(window))
        .collect();
    if periods.is_empty() {
        return Vec::new();
    }
    read(definitions, &periods, settings, zone)
}

/// Reads every definition for every period (oldest first, ending with the
/// brief's own window); a KPI whose source failed, or that has no value for
/// this window, says why in one warning. A file's dates without a time are
/// midnight in `timezone`.
pub fn read(
    definitions: &[Definition],
    periods: &[Period],
    settings: &Settings,
    timezone: chrono_tz::Tz,
) -> Vec<Reading> {
    let mut files = file::Files::default();
    let all = |why: String| vec![Err(why); periods.len()];
    let mut values: Vec<Vec<Result<Option<f64>, String>>> = definitions
        .iter()
        .map(|definition| match &definition.source {
            Source::Prometheus { .. } if settings.offline => all("not asked: --offline".to_string()),
            Source::Prometheus { .. } if settings.prometheus_url.is_none() => {
                all("no Prometheus server is set: give its address in [prometheus] url or PROMETHEUS_URL"
                    .to_string())
            }
            // Asked below.
            Source::Prometheus { .. } => all(String::new()),
            Source::File { path } => match files.series(path, &definition.id, periods, timezone) {
                Ok(series) => series.into_iter().map(Ok).collect(),
                Err(why) => all(why),
            },
        })
        .collect();
    if let Some(url) = settings.prometheus_url.as_deref().filter(|_| !settings.offline) {
        ask_prometheus(url, definitions, periods, settings, &mut values);
    }
    definitions.iter().zip(values).map(|(definition, values)| reading(definition, values)).collect()
}

/// Asks Prometheus for every KPI of its own, this window first for all of
/// them, then the one before, and so on back: a failed old window or a time
/// budget spent on the past never costs this week's number.
fn ask_prometheus(
    url: &str,
    definitions: &[Definition],
    periods: &[Period],
    settings: &Settings,
    values: &mut [Vec<Result<Option<f64>, String>>],
) {
    let deadline = Instant::now() + settings.limits.total;
    let token = settings.prometheus_token.as_deref();
    // A server that could not be reached once is not asked again: each
    // further question would wait for the same timeout.
    let mut unreachable: Option<String> = None;
    for (at, period) in periods.iter().enumerate().rev() {
        for (definition, values) in definitions.iter().zip(values.iter_mut()) {
            let Source::Prometheus { query } = &definition.source else { continue };
            values[at] = match &unreachable {
                Some(why) => Err(why.clone()),
                None => {
                    let value = prometheus::value(url, token, query, period, &settings.limits, deadline);
                    if let Err(prometheus::Failure::Unreachable(why)) = &value {
                        unreachable = Some(why.clone());
                    }
                    value.map_err(|e| e.to_string())
                }
            };
        }
    }
}

/// A KPI's reading from its values, one per window: a warning when this
/// window's value is missing, or when earlier ones could not be read.
fn reading(definition: &Definition, values: Vec<Result<Option<f64>, String>>) -> Reading {
    let label = crate::window::quote(&definition.label);
    let source = definition.source.name();
    // A server's error is an engineer's detail; a file is the team's own,
    // and what is wrong in it is theirs to read.
    let served = matches!(definition.source, Source::Prometheus { .. });
    let failed: Vec<&String> = values.iter().filter_map(|v| v.as_ref().err()).collect();
    let (warning, summary) = match values.last() {
        Some(Err(why)) => (
            Some(format!(
                "{label} could not be read from {source} ({}); it shows as —.",
                crate::http::redact(why)
            )),
            served.then(|| format!("{label} could not be read from {source}; it shows as —.")),
        ),
        Some(Ok(None)) => {
            (Some(format!("{label} has no value for this window in {source}; it shows as —.")), None)
        }
        _ => match failed.first() {
            Some(why) => {
                let windows = match failed.len() {
                    1 => "one earlier window".to_string(),
                    n => format!("{n} earlier windows"),
                };
                (
                    Some(format!(
                        "{label} could not be read from {source} for {windows} ({}); its trend leaves them out.",
                        crate::http::redact(why)
                    )),
                    Some(format!("{label}'s trend leaves out {windows} that {source} could not give.")),
                )
            }
            None => (None, None),
        },
    };
    let series = values.into_iter().map(|v| v.ok().flatten()).collect();
    Reading { definition: definition.clone(), series, warning, summary }
}

impl Source {
    /// `Prometheus`, or the file's name.
    pub fn name(&self) -> String {
        match self {
            Source::Prometheus { .. } => "Prometheus".to_string(),
            Source::File { path } => path
                .file_name()
                .map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned()),
        }
    }

    /// `prometheus` or `file`, as the JSON names the source.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Prometheus { .. } => "prometheus",
            Source::File { .. } => "file",
        }
    }
}

/// A window's length as a PromQL duration: `7d`, `36h`, `90m`, `45s`.
pub fn promql_duration(seconds: i64) -> String {
    let seconds = seconds.max(1);
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
        if seconds % size == 0 {
            return format!("{}{unit}", seconds / size);
        }
    }
    format!("{seconds}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_lengths_read_as_promql_durations() {
        assert_eq!(promql_duration(7 * 86_400), "7d");
        assert_eq!(promql_duration(167 * 3_600), "167h");
        assert_eq!(promql_duration(90 * 60), "90m");
        assert_eq!(promql_duration(45), "45s");
    }

    #[test]
    fn ids_come_from_labels() {
        assert_eq!(id_from_label("API error rate"), "api_error_rate");
        assert_eq!(id_from_label("  p95 latency (ms) "), "p95_latency_ms");
    }
}
