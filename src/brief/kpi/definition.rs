//! What a number of the brief is: its value, unit, trend and kind, and how
//! each is written for a reader. How the numbers are computed is `super`'s.

use serde::{Deserialize, Serialize};

/// A measured value: a whole count, or a real number (a ratio for a
/// percentage, or any measure from outside git). Durations are whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Measure {
    Count(u64),
    Real(f64),
}

impl Measure {
    pub(super) fn as_f64(self) -> f64 {
        match self {
            Measure::Count(n) => n as f64,
            Measure::Real(r) => r,
        }
    }
}

/// What a number measures, which decides how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A count of things: `5`.
    #[default]
    Count,
    /// A fraction shown as a percentage: `0.0012` is `0.12%`.
    Percent,
    /// Seconds, shown in the largest unit that reads well: `2.1 days`.
    Duration,
    /// Any other number, shown with up to three significant digits.
    Number,
}

impl Unit {
    /// `5`, `35%`, `0.12%`, `2.1 days`, `40 min`, `250 ms`, `1.25`.
    pub fn display(self, value: Measure) -> String {
        let v = value.as_f64();
        if !v.is_finite() {
            return "—".to_string();
        }
        match (self, value) {
            (Unit::Count, Measure::Count(n)) => n.to_string(),
            (Unit::Count, Measure::Real(r)) => number(r),
            (Unit::Percent, _) => {
                let p = v * 100.0;
                if p == 0.0 || p == 100.0 {
                    format!("{p:.0}%")
                } else if p > 0.0 && p < 0.0001 {
                    // A share of a huge count: below what anyone reads.
                    "<0.0001%".to_string()
                } else if p > 99.9999 && p < 100.0 {
                    ">99.9999%".to_string()
                } else if p.abs() < 1.0 {
                    format!("{}%", significant(p, 2))
                } else if p > 99.0 && p < 100.0 {
                    // 99.87% is not 100%: as many decimals as tell it apart.
                    let decimals = (-(100.0 - p).log10()).ceil() as usize + 1;
                    let text = format!("{p:.decimals$}");
                    format!("{}%", text.trim_end_matches('0').trim_end_matches('.'))
                } else {
                    format!("{p:.0}%")
                }
            }
            (Unit::Duration, _) => duration(v),
            (Unit::Number, _) => number(v),
        }
    }
}

/// Up to three significant digits, whole numbers above a hundred.
fn number(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        significant(v, 3)
    }
}

/// `v` with `digits` significant digits, without trailing zeros.
fn significant(v: f64, digits: i32) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).max(0) as usize;
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Seconds in the largest unit that reads well.
fn duration(seconds: f64) -> String {
    let s = seconds.abs();
    let (value, unit) = if s < 1.0 {
        return format!("{} ms", significant(seconds * 1000.0, 3));
    } else if s < 60.0 {
        (seconds, "s")
    } else if s < 3600.0 {
        (seconds / 60.0, "min")
    } else if s < 48.0 * 3600.0 {
        (seconds / 3600.0, "hours")
    } else {
        (seconds / 86400.0, "days")
    };
    let shown = if value.abs() >= 10.0 { format!("{value:.0}") } else { significant(value, 2) };
    let unit = if shown == "1" && unit == "hours" {
        "hour"
    } else if shown == "1" && unit == "days" {
        "day"
    } else {
        unit
    };
    format!("{shown} {unit}")
}

/// How a number moved against the previous window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Up,
    Down,
    Same,
}

/// Whether a number counts a fact or stands in for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiKind {
    /// A count of what happened (pull requests merged, changes rolled back).
    Exact,
    /// A stand-in for something git cannot measure (the share of work that
    /// was repair, for quality).
    Proxy,
}

/// One key number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    /// Stable identifier: `delivered`, `fixed`, `fix_share`, `issues_closed`,
    /// `pull_requests`, `rollbacks`, `contributors`, `lead_time`, `releases`;
    /// a configured `[[kpi]]`'s own.
    pub id: String,
    pub label: String,
    /// `null` when it cannot be computed (a rate over no changes, a source
    /// that did not answer).
    pub value: Option<Measure>,
    /// The previous window's value; `null` for a ref range or `--no-compare`.
    pub previous: Option<Measure>,
    pub trend: Option<Trend>,
    /// Whether the move is good news; `null` when the number is neutral or did not move.
    pub better: Option<bool>,
    /// `5`, `35%`, `2.1 days`, or `—`.
    pub display: String,
    pub previous_display: String,
    /// `▲`, `▼`, `=`, or empty without a previous value.
    pub arrow: String,
    /// `better`, `worse`, or empty.
    pub verdict: String,
    /// False when the history was incomplete (a shallow clone), so the
    /// number may be an undercount.
    pub exact: bool,
    /// A count of facts, or a proxy.
    pub kind: KpiKind,
    /// Where the number comes from: `git`, `prometheus` or `file`.
    pub source: String,
    /// What the value measures: `count`, `percent` (a fraction), `duration`
    /// (seconds) or `number`.
    #[serde(default)]
    pub unit: Unit,
    /// With `--trend N`: the value of every window, oldest first, ending
    /// with the previous window's and this one's (as the brief's `trend`
    /// lists them); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<Option<Measure>>,
    /// The series drawn in block characters (`▁▂▃▅▇`), `·` for a window
    /// without a value; empty without `--trend`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sparkline: String,
    /// Why a number from outside git has no value for this window, or
    /// which earlier windows its trend leaves out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}
