//! The brief's time zone: `--tz` or the configuration's, else `$TZ`, else
//! the machine's. A name that is not an IANA zone is an error wherever it
//! came from, with the nearest real name when there is one
//! (`Europe/Berln` → `Europe/Berlin`): a weekly job in the wrong zone
//! silently shifts every window.

use chrono_tz::{Tz, TZ_VARIANTS};

use super::WindowError;

/// Chooses the brief's time zone: `explicit` (from `--tz` or the
/// configuration), else `$TZ`, else the machine's zone, else UTC.
///
/// `$TZ` may be written as git and the C library accept it: `:Europe/Berlin`
/// or a path into a zoneinfo directory. An empty `$TZ` counts as unset.
pub fn zone(explicit: Option<&str>) -> Result<Tz, WindowError> {
    if let Some(name) = explicit {
        return name.trim().parse::<Tz>().map_err(|_| WindowError::UnknownTimeZone {
            name: super::quote(name),
            suggestion: suggestion(name),
        });
    }
    if let Some(value) = std::env::var_os("TZ").filter(|v| !v.is_empty()) {
        let text = value.to_string_lossy();
        let name = text.trim().trim_start_matches(':');
        let name = name.rsplit_once("zoneinfo/").map_or(name, |(_, zone)| zone);
        return name.parse::<Tz>().map_err(|_| WindowError::BadTzVariable {
            value: super::quote(&text),
            suggestion: suggestion(name),
        });
    }
    Ok(iana_time_zone::get_timezone().ok().and_then(|name| name.parse::<Tz>().ok()).unwrap_or(Tz::UTC))
}

/// The IANA zone nearest to a mistyped `name`, if one is near enough to be
/// what was meant: the same name in other letter case, a city named
/// without its region (`Berlin`), or one a couple of typos away.
pub fn suggestion(name: &str) -> Option<&'static str> {
    let wanted = name.trim().to_ascii_lowercase();
    if wanted.is_empty() || wanted.len() > 64 {
        return None;
    }
    let names = || TZ_VARIANTS.iter().map(|tz| tz.name());
    if let Some(same) = names().find(|zone| zone.to_ascii_lowercase() == wanted) {
        return Some(same);
    }
    if let Some(city) = names().find(|zone| {
        zone.rsplit('/').next().is_some_and(|city| city.to_ascii_lowercase() == wanted.replace(' ', "_"))
    }) {
        return Some(city);
    }
    let allowed = (wanted.chars().count() / 4).clamp(1, 3);
    names()
        .map(|zone| (distance(&wanted, &zone.to_ascii_lowercase()), zone))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, zone)| (d, zone.len()))
        .map(|(_, zone)| zone)
}

/// The Levenshtein distance: insertions, deletions and substitutions.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_zone_suggests_the_nearest_real_one() {
        assert_eq!(suggestion("Europe/Berln"), Some("Europe/Berlin"));
        assert_eq!(suggestion("europe/berlin"), Some("Europe/Berlin"));
        assert_eq!(suggestion("Berlin"), Some("Europe/Berlin"));
        assert_eq!(suggestion("America/New York"), Some("America/New_York"));
        assert_eq!(suggestion("Amerika/Chicago"), Some("America/Chicago"));
        assert_eq!(suggestion("Mars/Olympus"), None);
        assert_eq!(suggestion(""), None);
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }
}
