//! Changes per day, for the activity chart: each change counted on the day
//! it landed on the branch, in the brief's time zone.

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;

use super::Day;
use crate::classify::{Bucket, Change};
use crate::window::Window;

/// Longer windows get no chart: a bar a day stops being readable.
const MAX_DAYS: i64 = 63;

/// One entry per day of the window (for a ref range, from the first to the
/// last landing), noise left out.
pub fn days(window: &Window, changes: &[Change], tz: Tz) -> Vec<Day> {
    let landed = |c: &Change| c.commit.landed.with_timezone(&tz).date_naive();
    let (first, last) = match window {
        Window::Time { since, until, .. } => {
            (since.date_naive(), (*until - Duration::seconds(1)).date_naive().max(since.date_naive()))
        }
        Window::Range(_) => match (changes.iter().map(landed).min(), changes.iter().map(landed).max()) {
            (Some(first), Some(last)) => (first, last),
            _ => return Vec::new(),
        },
    };
    let count = (last - first).num_days() + 1;
    if !(1..=MAX_DAYS).contains(&count) {
        return Vec::new();
    }
    let mut days: Vec<Day> = (0..count).map(|offset| day(first + Duration::days(offset))).collect();
    for change in changes {
        let Ok(index) = usize::try_from((landed(change) - first).num_days()) else { continue };
        let Some(day) = days.get_mut(index) else { continue };
        match change.bucket {
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
