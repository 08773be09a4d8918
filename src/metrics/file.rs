//! Numbers an earlier CI step wrote to a file: JSON (a list of objects) or
//! CSV (with a header row), each row `{kpi, window_end, value}`.
//!
//! A row belongs to the window whose end it names: `window_end` within
//! `(since, until]`, as an RFC 3339 instant or a date (midnight in the
//! brief's time zone). So `2026-11-23`, the Monday a week ends on, and
//! `2026-11-22`, its last day, both belong to the week of 16–22 November.
//! When several rows fall in one window, the latest one counts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::Period;

/// The largest file read: a few years of daily numbers fit many times.
const MAX_FILE: u64 = 16 << 20;

/// Each file read once, however many KPIs it holds.
#[derive(Default)]
pub(super) struct Files {
    read: HashMap<PathBuf, Result<Vec<Row>, String>>,
}

/// One row as written.
#[derive(Debug, Clone, Deserialize)]
struct Row {
    kpi: String,
    window_end: String,
    value: Option<Value>,
}

/// A value: a number, or a number written as text (CSV, some exporters).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Value {
    Number(f64),
    Text(String),
}

impl Files {
    /// The values of KPI `id` in `path` for each period.
    pub(super) fn series(
        &mut self,
        path: &Path,
        id: &str,
        periods: &[Period],
        timezone: chrono_tz::Tz,
    ) -> Result<Vec<Option<f64>>, String> {
        let rows = self
            .read
            .entry(path.to_path_buf())
            .or_insert_with(|| rows(path))
            .as_ref()
            .map_err(Clone::clone)?;
        let mut series = vec![None; periods.len()];
        let mut latest: Vec<Option<DateTime<Utc>>> = vec![None; periods.len()];
        for (line, row) in rows.iter().enumerate().filter(|(_, row)| row.kpi.trim() == id) {
            let end = instant(&row.window_end, timezone).ok_or_else(|| {
                format!(
                    "row {} has window_end {}, which is neither a date (2026-11-23) nor an RFC 3339 time",
                    line + 1,
                    crate::window::quote(&row.window_end)
                )
            })?;
            let value = match &row.value {
                None => None,
                Some(Value::Number(v)) => Some(*v),
                Some(Value::Text(t)) if t.trim().is_empty() => None,
                Some(Value::Text(t)) => Some(t.trim().parse::<f64>().map_err(|_| {
                    format!("row {} has value {}, which is not a number", line + 1, crate::window::quote(t))
                })?),
            };
            let window = periods.iter().position(|p| p.since < end && end <= p.until);
            if let Some(i) = window.filter(|&i| latest[i].is_none_or(|seen| seen <= end)) {
                latest[i] = Some(end);
                series[i] = value.filter(|v| v.is_finite());
            }
        }
        Ok(series)
    }
}

/// The rows of a file; CSV by its extension, JSON otherwise.
fn rows(path: &Path) -> Result<Vec<Row>, String> {
    let text = crate::files::read_regular(path, MAX_FILE).map_err(|e| e.to_string())?;
    let csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if csv {
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
        reader
            .deserialize::<Row>()
            .enumerate()
            .map(|(i, row)| {
                row.map_err(|e| format!("row {} is not kpi,window_end,value: {}", i + 1, one_line(&e)))
            })
            .collect()
    } else {
        serde_json::from_str(&text)
            .map_err(|e| format!("it is not a JSON list of {{kpi, window_end, value}}: {}", one_line(&e)))
    }
}

fn one_line(e: &dyn std::fmt::Display) -> String {
    crate::window::one_line(&e.to_string(), 160)
}

/// An RFC 3339 instant, or a date at midnight in `timezone`.
fn instant(text: &str, timezone: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(crate::window::start_of_day(timezone, day).with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn week(day: u32) -> Period {
        let since = Utc.with_ymd_and_hms(2026, 11, day, 0, 0, 0).unwrap();
        Period { since, until: since + chrono::Duration::days(7) }
    }

    fn read(name: &str, text: &str) -> Result<Vec<Option<f64>>, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Files::default().series(&path, "uptime", &[week(9), week(16)], chrono_tz::UTC)
    }

    #[test]
    fn rows_belong_to_the_window_they_end() {
        let json = r#"[
            {"kpi": "uptime", "window_end": "2026-11-16", "value": 0.99},
            {"kpi": "uptime", "window_end": "2026-11-22", "value": 0.95},
            {"kpi": "uptime", "window_end": "2026-11-23T00:00:00Z", "value": 0.97},
            {"kpi": "other", "window_end": "2026-11-23", "value": 5}
        ]"#;
        assert_eq!(read("k.json", json).unwrap(), vec![Some(0.99), Some(0.97)]);
        let csv = "kpi,window_end,value\nuptime,2026-11-16,\"0.5\"\nuptime, 2026-11-23 ,\n";
        assert_eq!(read("k.csv", csv).unwrap(), vec![Some(0.5), None]);
    }

    #[test]
    fn a_bad_row_is_named() {
        let bad = read("k.json", r#"[{"kpi": "uptime", "window_end": "last monday", "value": 1}]"#);
        assert!(bad.unwrap_err().contains("row 1 has window_end 'last monday'"));
        assert!(read("k.json", "{").unwrap_err().contains("not a JSON list"));
        assert!(read("k.csv", "kpi,value\nuptime,1\n").unwrap_err().contains("row 1"));
    }
}
