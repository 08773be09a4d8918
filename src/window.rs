//! Which stretch of history a brief covers.
//!
//! A brief covers either a span of time, half-open `[since, until)` in the
//! team's time zone, or a ref range (`A..B`, `A...B`) such as a pull request.
//! Time windows are resolved here against a clock and a zone; turning them
//! into commits is the job of [`crate::history`].

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use thiserror::Error;

mod date;
mod zone;

pub use zone::{suggestion as zone_suggestion, zone};

pub use crate::text::{one_line, quote};

/// The length of the default window: the last seven days.
pub const DEFAULT_DAYS: i64 = 7;

/// What the user asked for, before it is resolved against a clock and a zone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowRequest {
    /// `--since`: a date (`2026-11-16`, local midnight) or an RFC 3339 time.
    pub since: Option<String>,
    /// `--until`: exclusive end, same forms as `since`.
    pub until: Option<String>,
    /// `--week`: an ISO week such as `2026-W47`, Monday to Monday; `last`
    /// for the last full week (what a Monday cron job wants), `this` for the
    /// current one.
    pub week: Option<String>,
    /// `--range`: `A..B` or `A...B`.
    pub range: Option<String>,
}

/// A resolved window.
#[derive(Debug, Clone, PartialEq)]
pub enum Window {
    /// The work that landed in `[since, until)`.
    Time {
        since: DateTime<Tz>,
        until: DateTime<Tz>,
        /// The ISO week this window is, when it was asked for as one.
        week: Option<String>,
    },
    /// The commits reachable from `to` but not from `from`.
    Range(RangeSpec),
}

/// A ref range as the user wrote it, split into its two ends.
///
/// `A...B` is read as `A..B`: the commits on B that A does not have, which
/// is what a pull request brings (and the same set as the merge base of A
/// and B up to B). Git's symmetric difference, which would add A's own new
/// commits, is never what a brief of B's work wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeSpec {
    /// The text given to `--range`, kept for the brief's title.
    pub spec: String,
    /// The excluded end (`A`); `HEAD` when left empty.
    pub from: String,
    /// The included end (`B`); `HEAD` when left empty.
    pub to: String,
}

/// A window or time zone that cannot be understood. All are usage errors.
///
/// Values the user gave are shown [`quote`]d: on one line and cut short.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum WindowError {
    #[error("cannot read {flag} {} as a date: use YYYY-MM-DD, an RFC 3339 time such as 2026-11-16T09:00:00+01:00, or a git date such as yesterday, '2 weeks ago', 'last monday' or @1700000000", quote(.value))]
    BadDate { flag: &'static str, value: String },
    #[error("{flag} {} is too far from today: use a date between the years 1 and 9999", quote(.value))]
    OutOfRange { flag: &'static str, value: String },
    #[error("{flag} {value} does not exist in {zone}: the clocks skip it for daylight saving time; use {next} (the first time that exists) or an RFC 3339 time with its offset")]
    SkippedTime { flag: &'static str, value: String, zone: &'static str, next: String },
    #[error("cannot read --week {}: use an ISO week such as 2026-W47 (weeks run 01 to 52 or 53), or last or this", quote(.value))]
    BadWeek { value: String },
    #[error("--since {since} is not before --until {until}: swap them, or widen the window")]
    Reversed { since: String, until: String },
    #[error("cannot read --range {}: use A..B (commits in B but not in A) or A...B (commits in B since it forked from A)", quote(.value))]
    BadRange { value: String },
    #[error("unknown time zone {name}{}: use an IANA name such as Europe/Berlin, America/New_York or UTC", did_you_mean(.suggestion.as_deref()))]
    UnknownTimeZone { name: String, suggestion: Option<String> },
    #[error("the TZ environment variable {value} is not an IANA time zone{}: set TZ to a name such as Europe/Berlin, unset it, or pass --tz ZONE", did_you_mean(.suggestion.as_deref()))]
    BadTzVariable { value: String, suggestion: Option<String> },
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map(|words| format!(" ({words})")).unwrap_or_default()
}

impl Window {
    /// Resolves a request at the instant `now` in the zone `tz`.
    pub fn resolve(request: &WindowRequest, now: DateTime<Utc>, tz: Tz) -> Result<Window, WindowError> {
        if let Some(range) = &request.range {
            return parse_range(range).map(Window::Range);
        }
        if let Some(week) = &request.week {
            let today = now.with_timezone(&tz).date_naive();
            let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
            let monday = match week.trim().to_ascii_lowercase().as_str() {
                "last" | "previous" => this_monday - Duration::days(7),
                "this" | "current" => this_monday,
                _ => parse_week(week)?,
            };
            return Ok(Window::Time {
                since: start_of_day(tz, monday),
                until: start_of_day(tz, monday + Duration::days(7)),
                week: Some(iso_week_label(monday)),
            });
        }
        let now = now.with_timezone(&tz);
        let since =
            request.since.as_deref().map(|s| date::parse_instant("--since", s, tz, now)).transpose()?;
        let until =
            request.until.as_deref().map(|s| date::parse_instant("--until", s, tz, now)).transpose()?;
        // Bounds are years 1 to 9999, so a week before either still exists.
        let week_before = |t: DateTime<Tz>| t.checked_sub_signed(Duration::days(DEFAULT_DAYS)).unwrap_or(t);
        let (since, until) = match (since, until) {
            (Some(since), Some(until)) => (since, until),
            (Some(since), None) => (since, now),
            (None, Some(until)) => (week_before(until), until),
            (None, None) => (week_before(now), now),
        };
        if since >= until {
            return Err(WindowError::Reversed { since: since.to_rfc3339(), until: until.to_rfc3339() });
        }
        Ok(Window::Time { since, until, week: None })
    }

    /// The window of the same length just before this one, for trends.
    ///
    /// Windows that start and end at local midnight move back by calendar
    /// days, so that the week before a daylight-saving change is still a
    /// Monday-to-Monday week. A ref range has no previous window, and
    /// neither has a window so long that the one before it would leave the
    /// calendar.
    pub fn previous(&self) -> Option<Window> {
        let Window::Time { since, until, week } = self else { return None };
        let tz = since.timezone();
        let since_day = since.date_naive();
        let until_day = until.date_naive();
        let previous_since = if *since == start_of_day(tz, since_day) && *until == start_of_day(tz, until_day)
        {
            start_of_day(tz, since_day.checked_sub_signed(until_day - since_day)?)
        } else {
            since.checked_sub_signed(*until - *since)?
        };
        Some(Window::Time {
            since: previous_since,
            until: *since,
            week: week.as_ref().map(|_| iso_week_label(previous_since.date_naive())),
        })
    }

    /// True when this window is exactly one week long (the usual case), so
    /// that the brief can say "this week".
    pub fn is_week(&self) -> bool {
        match self {
            Window::Time { since, until, week } => {
                week.is_some() || (*until - *since == Duration::days(DEFAULT_DAYS))
            }
            Window::Range(_) => false,
        }
    }

    /// A short human label: `16–22 Nov 2026`, or the range as written.
    pub fn label(&self) -> String {
        match self {
            Window::Time { since, until, .. } => {
                let first = since.date_naive();
                // `until` is exclusive: the last day shown is the one just before it.
                let last = (*until - Duration::seconds(1)).date_naive().max(first);
                day_span(first, last)
            }
            Window::Range(range) => range.spec.clone(),
        }
    }
}

/// The first instant of a local day. Midnight can fall into a daylight-saving
/// gap (as it does in a few zones): then the day starts at the first local
/// time that exists.
pub fn start_of_day(tz: Tz, day: NaiveDate) -> DateTime<Tz> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    (0..=8)
        .filter_map(|quarter| midnight.checked_add_signed(Duration::minutes(15 * quarter)))
        .find_map(|local| tz.from_local_datetime(&local).earliest())
        .unwrap_or_else(|| tz.from_utc_datetime(&midnight))
}

/// Reads `2026-W47` (also `2026w47`, `2026-W7`) into the Monday of that week.
fn parse_week(value: &str) -> Result<NaiveDate, WindowError> {
    let bad = || WindowError::BadWeek { value: value.to_string() };
    let text = value.trim();
    let (year, week) = text.split_once(['W', 'w']).ok_or_else(bad)?;
    let year: i32 = year.strip_suffix('-').unwrap_or(year).parse().map_err(|_| bad())?;
    let week: u32 = week.parse().map_err(|_| bad())?;
    if !(1..=9999).contains(&year) {
        return Err(bad());
    }
    NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(bad)
}

fn iso_week_label(day: NaiveDate) -> String {
    let week = day.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

fn parse_range(value: &str) -> Result<RangeSpec, WindowError> {
    let bad = || WindowError::BadRange { value: value.to_string() };
    let text = value.trim();
    let (from, to) = text.split_once("...").or_else(|| text.split_once("..")).ok_or_else(bad)?;
    let side = |name: &str| if name.is_empty() { "HEAD".to_string() } else { name.to_string() };
    if (from.is_empty() && to.is_empty()) || to.contains("..") || from.contains("..") {
        return Err(bad());
    }
    Ok(RangeSpec { spec: text.to_string(), from: side(from), to: side(to) })
}

/// `16–22 Nov 2026`, `30 Nov – 6 Dec 2026`, `28 Dec 2026 – 3 Jan 2027`.
fn day_span(first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        first.format("%-d %b %Y").to_string()
    } else if first.year() != last.year() {
        format!("{} – {}", first.format("%-d %b %Y"), last.format("%-d %b %Y"))
    } else if first.month() != last.month() {
        format!("{} – {}", first.format("%-d %b"), last.format("%-d %b %Y"))
    } else {
        format!("{}–{}", first.format("%-d"), last.format("%-d %b %Y"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 8, 30, 0).unwrap()
    }

    fn request(since: Option<&str>, until: Option<&str>) -> WindowRequest {
        WindowRequest {
            since: since.map(str::to_string),
            until: until.map(str::to_string),
            ..Default::default()
        }
    }

    fn bounds(window: &Window) -> (String, String) {
        match window {
            Window::Time { since, until, .. } => (since.to_rfc3339(), until.to_rfc3339()),
            Window::Range(_) => panic!("expected a time window"),
        }
    }

    #[test]
    fn default_is_the_last_seven_days_up_to_now() {
        let window = Window::resolve(&WindowRequest::default(), now(), Berlin).unwrap();
        assert_eq!(bounds(&window), ("2026-11-16T09:30:00+01:00".into(), "2026-11-23T09:30:00+01:00".into()));
        assert!(window.is_week());
    }

    #[test]
    fn dates_are_local_midnights_and_until_is_exclusive() {
        let window =
            Window::resolve(&request(Some("2026-11-16"), Some("2026-11-23")), now(), Berlin).unwrap();
        assert_eq!(bounds(&window), ("2026-11-16T00:00:00+01:00".into(), "2026-11-23T00:00:00+01:00".into()));
        assert_eq!(window.label(), "16–22 Nov 2026");
    }

    #[test]
    fn rfc3339_times_keep_their_instant_and_take_the_brief_zone() {
        let window =
            Window::resolve(&request(Some("2026-11-16T08:00:00Z"), Some("2026-11-17 12:00")), now(), Berlin)
                .unwrap();
        assert_eq!(bounds(&window), ("2026-11-16T09:00:00+01:00".into(), "2026-11-17T12:00:00+01:00".into()));
    }

    #[test]
    fn one_sided_bounds_fill_in_seven_days_or_now() {
        let since_only = Window::resolve(&request(Some("2026-11-20"), None), now(), Berlin).unwrap();
        assert_eq!(bounds(&since_only).1, "2026-11-23T09:30:00+01:00");
        let until_only = Window::resolve(&request(None, Some("2026-11-20")), now(), Berlin).unwrap();
        assert_eq!(bounds(&until_only).0, "2026-11-13T00:00:00+01:00");
    }

    #[test]
    fn iso_week_runs_monday_to_monday_and_its_previous_is_the_week_before() {
        let req = WindowRequest { week: Some("2026-W47".into()), ..Default::default() };
        let window = Window::resolve(&req, now(), Berlin).unwrap();
        assert_eq!(bounds(&window), ("2026-11-16T00:00:00+01:00".into(), "2026-11-23T00:00:00+01:00".into()));
        let previous = window.previous().unwrap();
        assert_eq!(
            bounds(&previous),
            ("2026-11-09T00:00:00+01:00".into(), "2026-11-16T00:00:00+01:00".into())
        );
        assert!(matches!(previous, Window::Time { week: Some(ref w), .. } if w == "2026-W46"));
    }

    #[test]
    fn last_week_is_the_last_full_iso_week_in_the_brief_zone() {
        // Monday 23 Nov 2026, 08:30 UTC.
        let last = WindowRequest { week: Some("last".into()), ..Default::default() };
        let window = Window::resolve(&last, now(), Berlin).unwrap();
        assert_eq!(bounds(&window), ("2026-11-16T00:00:00+01:00".into(), "2026-11-23T00:00:00+01:00".into()));
        // Still Sunday evening in Los Angeles: last week is the one before.
        let la =
            Window::resolve(&last, now() - Duration::hours(10), chrono_tz::America::Los_Angeles).unwrap();
        assert_eq!(bounds(&la).0, "2026-11-09T00:00:00-08:00");
        let this = WindowRequest { week: Some("this".into()), ..Default::default() };
        assert_eq!(bounds(&Window::resolve(&this, now(), Berlin).unwrap()).0, "2026-11-23T00:00:00+01:00");
    }

    #[test]
    fn week_across_a_daylight_saving_change_is_still_monday_to_monday() {
        // Berlin leaves summer time on Sunday 25 October 2026: that week has 169 hours.
        let req = WindowRequest { week: Some("2026-W43".into()), ..Default::default() };
        let window = Window::resolve(&req, now(), Berlin).unwrap();
        assert_eq!(bounds(&window), ("2026-10-19T00:00:00+02:00".into(), "2026-10-26T00:00:00+01:00".into()));
        let next = Window::resolve(
            &WindowRequest { week: Some("2026-W44".into()), ..Default::default() },
            now(),
            Berlin,
        )
        .unwrap();
        assert_eq!(bounds(&next.previous().unwrap()), bounds(&window));
    }

    #[test]
    fn previous_of_an_arbitrary_window_has_the_same_length() {
        let window = Window::resolve(
            &request(Some("2026-11-20T06:00:00Z"), Some("2026-11-21T18:00:00Z")),
            now(),
            Tz::UTC,
        )
        .unwrap();
        assert_eq!(
            bounds(&window.previous().unwrap()),
            ("2026-11-18T18:00:00+00:00".into(), "2026-11-20T06:00:00+00:00".into())
        );
    }

    #[test]
    fn week_forms_and_their_errors() {
        assert_eq!(parse_week("2026-W01").unwrap(), NaiveDate::from_ymd_opt(2025, 12, 29).unwrap());
        assert_eq!(parse_week("2026w5").unwrap(), NaiveDate::from_ymd_opt(2026, 1, 26).unwrap());
        assert_eq!(parse_week("2020-W53").unwrap(), NaiveDate::from_ymd_opt(2020, 12, 28).unwrap());
        for bad in ["2027-W53", "2026-W00", "2026-47", "W47", "2026-Wx", "", "-5-W3"] {
            assert!(matches!(parse_week(bad), Err(WindowError::BadWeek { .. })), "{bad}");
        }
    }

    #[test]
    fn bad_dates_and_reversed_windows_are_errors() {
        let err = Window::resolve(&request(Some("next tuesday"), None), now(), Berlin).unwrap_err();
        assert_eq!(err, WindowError::BadDate { flag: "--since", value: "next tuesday".into() });
        let err =
            Window::resolve(&request(Some("2026-11-20"), Some("2026-11-19")), now(), Berlin).unwrap_err();
        assert!(matches!(err, WindowError::Reversed { .. }));
        let err =
            Window::resolve(&request(Some("2026-11-20"), Some("2026-11-20")), now(), Berlin).unwrap_err();
        assert!(matches!(err, WindowError::Reversed { .. }));
    }

    #[test]
    fn ranges_split_into_their_ends() {
        let two = parse_range("origin/main..feature").unwrap();
        assert_eq!((two.from.as_str(), two.to.as_str()), ("origin/main", "feature"));
        let three = parse_range("origin/main...HEAD").unwrap();
        assert_eq!((three.from.as_str(), three.to.as_str()), ("origin/main", "HEAD"));
        let open = parse_range("v1.0..").unwrap();
        assert_eq!(open.to, "HEAD");
        for bad in ["main", "..", "...", "a..b..c"] {
            assert!(parse_range(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn zones_are_iana_names() {
        assert_eq!(zone(Some("Europe/Berlin")).unwrap(), Berlin);
        assert!(matches!(zone(Some("Mars/Olympus")), Err(WindowError::UnknownTimeZone { .. })));
    }

    #[test]
    fn git_date_forms_keep_the_time_of_day_as_git_does() {
        // Monday 23 Nov 2026, 09:30 in Berlin.
        let since =
            |text: &str| bounds(&Window::resolve(&request(Some(text), None), now(), Berlin).unwrap()).0;
        assert_eq!(since("yesterday"), "2026-11-22T09:30:00+01:00");
        assert_eq!(since("2 weeks ago"), "2026-11-09T09:30:00+01:00");
        assert_eq!(since("2.weeks.ago"), "2026-11-09T09:30:00+01:00");
        assert_eq!(since("3 days"), "2026-11-20T09:30:00+01:00");
        assert_eq!(since("1 month ago"), "2026-10-23T09:30:00+02:00");
        assert_eq!(since("90 minutes ago"), "2026-11-23T08:00:00+01:00");
        // A weekday strictly before today: last Monday, on a Monday, is a week ago.
        assert_eq!(since("last monday"), "2026-11-16T09:30:00+01:00");
        assert_eq!(since("Last Friday"), "2026-11-20T09:30:00+01:00");
        assert_eq!(since("last sun"), "2026-11-22T09:30:00+01:00");
        assert_eq!(since("last week"), "2026-11-16T09:30:00+01:00");
        assert_eq!(since("@1700000000"), "2023-11-14T23:13:20+01:00");
        let until = Window::resolve(&request(Some("yesterday"), Some("today")), now(), Berlin).unwrap();
        assert_eq!(bounds(&until).1, "2026-11-23T09:30:00+01:00");
    }

    #[test]
    fn extreme_dates_are_errors_not_panics() {
        for (since, until) in [
            (Some("-150000-01-01"), None),
            (None, Some("-262143-01-03")),
            (Some("-200000-01-01"), Some("2026-12-01")),
            (Some("+262000-01-01T00:00"), None),
            (Some("0000-01-01T00:00:00Z"), None),
            (Some("4294967295 years ago"), None),
            (Some("99999999999999999999 days ago"), None),
            (Some("@-99999999999999"), None),
        ] {
            let err = Window::resolve(&request(since, until), now(), Berlin).unwrap_err();
            assert!(matches!(err, WindowError::OutOfRange { .. }), "{since:?} {until:?}: {err}");
        }
        // The widest window there is still has a window before it, or none, never a panic.
        let widest =
            Window::resolve(&request(Some("0001-01-01"), Some("9999-12-31")), now(), Tz::UTC).unwrap();
        let previous = widest.previous().unwrap();
        assert!(previous.previous().is_some_and(|p| p.previous().is_some()) || previous.previous().is_none());
    }

    #[test]
    fn a_time_skipped_by_daylight_saving_is_named_as_such() {
        // Berlin skips from 02:00 to 03:00 on 29 March 2026.
        let err = Window::resolve(&request(Some("2026-03-29 02:30"), None), now(), Berlin).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--since '2026-03-29 02:30' does not exist in Europe/Berlin: the clocks skip it for daylight \
saving time; use 2026-03-29 03:00 (the first time that exists) or an RFC 3339 time with its offset"
        );
    }

    #[test]
    fn quoted_values_stay_on_one_line_and_short() {
        assert_eq!(quote("Mars\n::error::x\u{1b}[31m"), "'Mars\\n::error::x\\u{1b}[31m'");
        let long = quote(&"x".repeat(10_000_000));
        assert_eq!(long.chars().count(), 83);
        assert!(long.ends_with("…'"));
    }

    #[test]
    fn labels_span_months_and_years() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(day_span(d(2026, 11, 30), d(2026, 12, 6)), "30 Nov – 6 Dec 2026");
        assert_eq!(day_span(d(2026, 12, 28), d(2027, 1, 3)), "28 Dec 2026 – 3 Jan 2027");
        assert_eq!(day_span(d(2026, 12, 28), d(2026, 12, 28)), "28 Dec 2026");
    }

    #[test]
    fn a_midnight_that_does_not_exist_starts_the_day_at_the_first_real_time() {
        // Chile skips from midnight to 01:00 when summer time starts (6 Sep 2026).
        let start = start_of_day(chrono_tz::America::Santiago, NaiveDate::from_ymd_opt(2026, 9, 6).unwrap());
        assert_eq!(start.to_rfc3339(), "2026-09-06T01:00:00-03:00");
    }
}
