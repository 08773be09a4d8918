//! Reading `--since` and `--until`: calendar dates and RFC 3339 times, and
//! the forms people type because `git log --since` accepts them
//! (`yesterday`, `2 weeks ago`, `last monday`, `@1700000000`), with git's
//! meaning: a relative date keeps the time of day (`yesterday` is 24 hours
//! ago, `last monday` is Monday at this time of day).

use chrono::{
    DateTime, Datelike, Duration, LocalResult, Months, NaiveDate, NaiveDateTime, TimeZone, Weekday,
};
use chrono_tz::Tz;

use super::{quote, start_of_day, WindowError};

/// The years a window may start or end in. Wider dates are typos, and date
/// arithmetic on them (the window before, the trend) would leave the range
/// chrono can represent.
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// Reads one window bound at `now`, in the brief's zone `tz`.
pub(super) fn parse_instant(
    flag: &'static str,
    value: &str,
    tz: Tz,
    now: DateTime<Tz>,
) -> Result<DateTime<Tz>, WindowError> {
    let text = value.trim();
    let bad = || WindowError::BadDate { flag, value: value.to_string() };
    let instant = if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        time.with_timezone(&tz)
    } else if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        if !YEARS.contains(&day.year()) {
            return Err(WindowError::OutOfRange { flag, value: value.to_string() });
        }
        start_of_day(tz, day)
    } else if let Some(local) = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    {
        if !YEARS.contains(&local.year()) {
            return Err(WindowError::OutOfRange { flag, value: value.to_string() });
        }
        local_time(flag, value, tz, local)?
    } else {
        match relative(text, now) {
            Relative::At(time) => time,
            Relative::TooFar => return Err(WindowError::OutOfRange { flag, value: value.to_string() }),
            Relative::Unknown => return Err(bad()),
        }
    };
    if !YEARS.contains(&instant.year()) {
        return Err(WindowError::OutOfRange { flag, value: value.to_string() });
    }
    Ok(instant)
}

/// A local time that must exist: one skipped by a daylight-saving change
/// is an error that says so (and names the first time that exists), not a
/// date that could not be read. A time that happens twice is the first.
fn local_time(
    flag: &'static str,
    value: &str,
    tz: Tz,
    local: NaiveDateTime,
) -> Result<DateTime<Tz>, WindowError> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(time) | LocalResult::Ambiguous(time, _) => Ok(time),
        LocalResult::None => {
            let next = (1..=4 * 24)
                .filter_map(|quarter| local.checked_add_signed(Duration::minutes(15 * quarter)))
                .find_map(|later| tz.from_local_datetime(&later).earliest())
                .map(|time| time.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|| "a later time".to_string());
            Err(WindowError::SkippedTime { flag, value: quote(value), zone: tz.name(), next })
        }
    }
}

enum Relative {
    At(DateTime<Tz>),
    /// A relative date that leaves the representable range (`99999999 years ago`).
    TooFar,
    Unknown,
}

/// git's common approximate dates, case-insensitive, words separated by
/// spaces, dots or underscores (`1.week.ago` works as in git).
fn relative(text: &str, now: DateTime<Tz>) -> Relative {
    let lower = text.to_ascii_lowercase();
    if let Some(seconds) = lower.strip_prefix('@') {
        return match seconds.parse::<i64>() {
            Ok(seconds) => DateTime::from_timestamp(seconds, 0)
                .map_or(Relative::TooFar, |t| Relative::At(t.with_timezone(&now.timezone()))),
            Err(_) => Relative::Unknown,
        };
    }
    let words: Vec<&str> = lower.split([' ', '.', '_']).filter(|w| !w.is_empty()).collect();
    let found = match words.as_slice() {
        ["now"] | ["today"] => Some(now),
        ["yesterday"] => now.checked_sub_signed(Duration::days(1)),
        ["last", "week"] => now.checked_sub_signed(Duration::days(7)),
        ["last", "month"] => now.checked_sub_months(Months::new(1)),
        ["last", "year"] => now.checked_sub_months(Months::new(12)),
        ["last", day] => match weekday(day) {
            Some(day) => {
                let back = (now.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
                now.checked_sub_signed(Duration::days(if back == 0 { 7 } else { i64::from(back) }))
            }
            None => return Relative::Unknown,
        },
        [count, unit] | [count, unit, "ago"] if count.bytes().all(|b| b.is_ascii_digit()) => {
            // Digits too many for a u32 are a count too large for any date.
            let Ok(n) = count.parse::<u32>() else { return Relative::TooFar };
            match unit.strip_suffix('s').unwrap_or(unit) {
                "second" | "sec" => now.checked_sub_signed(Duration::seconds(i64::from(n))),
                "minute" | "min" => now.checked_sub_signed(Duration::minutes(i64::from(n))),
                "hour" => now.checked_sub_signed(Duration::hours(i64::from(n))),
                "day" => Duration::try_days(i64::from(n)).and_then(|d| now.checked_sub_signed(d)),
                "week" => Duration::try_weeks(i64::from(n)).and_then(|d| now.checked_sub_signed(d)),
                "month" => now.checked_sub_months(Months::new(n)),
                "year" => n.checked_mul(12).and_then(|m| now.checked_sub_months(Months::new(m))),
                _ => return Relative::Unknown,
            }
        }
        _ => return Relative::Unknown,
    };
    found.map_or(Relative::TooFar, Relative::At)
}

/// `monday` or `mon`, and so on.
fn weekday(word: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    DAYS.iter().find(|(name, _)| *name == word || name[..3] == *word).map(|&(_, day)| day)
}
