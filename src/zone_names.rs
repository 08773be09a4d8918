//! The shared floor: IANA time zone names, and the one someone probably
//! meant by a name that is none (`Europe/Berln`, `PST`). The window's zone
//! and the settings' check both say it.

use chrono_tz::TZ_VARIANTS;

/// Abbreviations people write for a zone, with the IANA zones each can
/// mean, the most populous first. An abbreviation is no zone: `PST` does not
/// know when daylight saving starts, `CST` is Chicago's, Shanghai's and
/// Havana's, and `IST` India's, Israel's and Ireland's.
const ABBREVIATIONS: &[(&[&str], &[&str])] = &[
    (&["PST", "PDT", "PT"], &["America/Los_Angeles", "America/Vancouver", "America/Tijuana"]),
    (&["MST", "MDT", "MT"], &["America/Denver", "America/Phoenix", "America/Edmonton"]),
    (&["CST", "CDT", "CT"], &["America/Chicago", "America/Mexico_City", "Asia/Shanghai", "America/Havana"]),
    (&["EST", "EDT", "ET"], &["America/New_York", "America/Toronto"]),
    (&["AKST", "AKDT"], &["America/Anchorage"]),
    (&["HST", "HDT"], &["Pacific/Honolulu"]),
    (&["AST", "ADT"], &["America/Halifax", "America/Puerto_Rico", "Asia/Riyadh"]),
    (&["NST", "NDT"], &["America/St_Johns"]),
    (&["GMT", "BST"], &["Europe/London", "UTC"]),
    (&["IST"], &["Asia/Kolkata", "Asia/Jerusalem", "Europe/Dublin"]),
    (&["WET", "WEST"], &["Europe/Lisbon"]),
    (&["CET", "CEST", "MET", "MEST"], &["Europe/Berlin", "Europe/Paris", "Europe/Madrid"]),
    (&["EET", "EEST"], &["Europe/Athens", "Europe/Helsinki", "Europe/Bucharest"]),
    (&["MSK"], &["Europe/Moscow"]),
    (&["WAT"], &["Africa/Lagos"]),
    (&["CAT"], &["Africa/Maputo"]),
    (&["EAT"], &["Africa/Nairobi"]),
    (&["SAST"], &["Africa/Johannesburg"]),
    (&["PKT"], &["Asia/Karachi"]),
    (&["ICT"], &["Asia/Bangkok", "Asia/Ho_Chi_Minh"]),
    (&["WIB"], &["Asia/Jakarta"]),
    (&["SGT"], &["Asia/Singapore"]),
    (&["HKT"], &["Asia/Hong_Kong"]),
    (&["PHT"], &["Asia/Manila"]),
    (&["JST"], &["Asia/Tokyo"]),
    (&["KST"], &["Asia/Seoul"]),
    (&["AWST"], &["Australia/Perth"]),
    (&["ACST", "ACDT"], &["Australia/Adelaide", "Australia/Darwin"]),
    (&["AEST", "AEDT"], &["Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"]),
    (&["NZST", "NZDT"], &["Pacific/Auckland"]),
    (&["BRT", "BRST"], &["America/Sao_Paulo"]),
    (&["ART"], &["America/Argentina/Buenos_Aires"]),
    (&["CLT", "CLST"], &["America/Santiago"]),
    (&["COT"], &["America/Bogota"]),
    (&["PET"], &["America/Lima"]),
];

/// What to suggest for a `name` that is not a zone, as the words of a
/// "did you mean" (`did you mean Europe/Berlin?`): for an abbreviation, the
/// zones it can mean; else the IANA zone nearest to a mistyped name, if one
/// is near enough to be what was meant: the same name in other letter case,
/// a city named without its region (`Berlin`), or one a couple of typos away.
pub fn suggestion(name: &str) -> Option<String> {
    let upper = name.trim().to_ascii_uppercase();
    if let Some((_, zones)) = ABBREVIATIONS.iter().find(|(names, _)| names.contains(&upper.as_str())) {
        let zones = match zones {
            [one] => one.to_string(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
            [] => return None,
        };
        return Some(format!("{upper} is an abbreviation, not a zone: did you mean {zones}?"));
    }
    nearest(name).map(|zone| format!("did you mean {zone}?"))
}

/// The IANA zone nearest to a mistyped `name`.
fn nearest(name: &str) -> Option<&'static str> {
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
    use chrono_tz::Tz;

    #[test]
    fn a_mistyped_zone_suggests_the_nearest_real_one() {
        assert_eq!(nearest("Europe/Berln"), Some("Europe/Berlin"));
        assert_eq!(nearest("europe/berlin"), Some("Europe/Berlin"));
        assert_eq!(nearest("Berlin"), Some("Europe/Berlin"));
        assert_eq!(nearest("America/New York"), Some("America/New_York"));
        assert_eq!(nearest("Amerika/Chicago"), Some("America/Chicago"));
        assert_eq!(nearest("Mars/Olympus"), None);
        assert_eq!(nearest(""), None);
        assert_eq!(suggestion("Europe/Berln").as_deref(), Some("did you mean Europe/Berlin?"));
    }

    #[test]
    fn an_abbreviation_suggests_the_zones_it_can_mean() {
        assert_eq!(
            suggestion("PST").as_deref(),
            Some("PST is an abbreviation, not a zone: did you mean America/Los_Angeles, America/Vancouver or America/Tijuana?")
        );
        assert_eq!(
            suggestion("ist").as_deref(),
            Some("IST is an abbreviation, not a zone: did you mean Asia/Kolkata, Asia/Jerusalem or Europe/Dublin?")
        );
        for (_, zones) in ABBREVIATIONS {
            for zone in *zones {
                assert!(zone.parse::<Tz>().is_ok(), "{zone}");
            }
        }
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }
}
