//! Units of work per day, for the activity chart: each counted on the day
//! it landed on the branch, in the brief's time zone.

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;

use super::Day;
use crate::classify::{Bucket, Changes};
use crate::window::Window;

/// Longer windows get no chart: a bar a day stops being readable.
const MAX_DAYS: i64 = 63;

/// One entry per day of the window (for a ref range, from the first to the
/// last landing), noise left out.
pub fn days(window: &Window, changes: &Changes, tz: Tz) -> Vec<Day> {
    let landings: Vec<(NaiveDate, Bucket)> = changes
        .work
        .iter()
        .filter_map(|w| {
            let newest = changes.listed.get(*w.commits.first()?)?;
            Some((newest.commit.landed.with_timezone(&tz).date_naive(), w.bucket))
        })
        .collect();
    let dates = || landings.iter().map(|(date, _)| *date);
    let (first, last) = match window {
        Window::Time { since, until, .. } => {
            (since.date_naive(), (*until - Duration::seconds(1)).date_naive().max(since.date_naive()))
        }
        Window::Range(_) => match (dates().min(), dates().max()) {
            (Some(first), Some(last)) => (first, last),
            _ => return Vec::new(),
        },
    };
    let count = (last - first).num_days() + 1;
    if !(1..=MAX_DAYS).contains(&count) {
        return Vec::new();
    }
    let mut days: Vec<Day> = (0..count).map(|offset| day(first + Duration::days(offset))).collect();
    for &(date, bucket) in &landings {
        let Ok(index) = usize::try_from((date - first).num_days()) else { continue };
        let Some(day) = days.get_mut(index) else { continue };
        match bucket {
            Bucket::Delivered => day.delivered += 1,
            Bucket::Fixed => day.fixed += 1,
            Bucket::Attention => day.attention += 1,
            Bucket::Maintenance => day.maintenance += 1,
            Bucket::Noise => {}
        }
    }
    days
}

fn day(date: NaiveDate) -> Day {
    Day {
        date: date.format("%Y-%m-%d").to_string(),
        label: date.format("%a %-d").to_string(),
        delivered: 0,
        fixed: 0,
        attention: 0,
        maintenance: 0,
    }
}
