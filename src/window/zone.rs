//! The brief's time zone: `--tz` or the configuration's, else `$TZ`, else
//! the machine's. A name that is not an IANA zone is an error wherever it
//! came from, with the nearest real name when there is one
//! (`Europe/Berln` → `Europe/Berlin`): a weekly job in the wrong zone
//! silently shifts every window.

use std::path::Path;

use chrono_tz::Tz;

pub use crate::zone_names::suggestion;

use super::WindowError;

/// Chooses the brief's time zone: `explicit` (from `--tz` or the
/// configuration), else `$TZ`, else the machine's zone, else UTC.
///
/// `$TZ` may be written as git and the C library accept it: `:Europe/Berlin`,
/// a path to a zoneinfo file (`/usr/share/zoneinfo/Asia/Tokyo`, and
/// `:/etc/localtime`, the machine's own zone), or a name of the `posix/` and
/// `right/` zoneinfo trees. An empty `$TZ` counts as unset.
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
        return tz_variable(name).ok_or_else(|| WindowError::BadTzVariable {
            value: super::quote(&text),
            suggestion: suggestion(name.rsplit_once("zoneinfo/").map_or(name, |(_, zone)| zone)),
        });
    }
    Ok(machine())
}

/// The machine's zone, else UTC.
fn machine() -> Tz {
    iana_time_zone::get_timezone().ok().and_then(|name| name.parse::<Tz>().ok()).unwrap_or(Tz::UTC)
}

/// The zone `$TZ` names (without its leading `:`), when it names one.
fn tz_variable(name: &str) -> Option<Tz> {
    if !name.starts_with('/') {
        return in_zoneinfo(name);
    }
    // A path: its name under a zoneinfo directory, as written or once its
    // links are followed (`/etc/localtime` links to one on most systems).
    let path = Path::new(name);
    let resolved = std::fs::canonicalize(path).ok();
    let zone = name
        .rsplit_once("zoneinfo/")
        .and_then(|(_, zone)| in_zoneinfo(zone))
        .or_else(|| resolved.as_ref()?.to_str()?.rsplit_once("zoneinfo/").and_then(|(_, z)| in_zoneinfo(z)));
    if zone.is_some() {
        return zone;
    }
    // A copy of the machine's zone file, as containers often have: the
    // machine's zone, as with no `$TZ`.
    let local = std::fs::canonicalize("/etc/localtime").ok();
    (name == "/etc/localtime" || (resolved.is_some() && resolved == local)).then(machine)
}

/// A zone by its name in a zoneinfo directory, where `posix/Asia/Tokyo` and
/// `right/Asia/Tokyo` (with leap seconds, a difference of seconds no brief
/// shows) are `Asia/Tokyo` too.
fn in_zoneinfo(name: &str) -> Option<Tz> {
    let name = name.strip_prefix("posix/").or_else(|| name.strip_prefix("right/")).unwrap_or(name);
    name.parse::<Tz>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tz_names_zoneinfo_files_and_trees() {
        assert_eq!(tz_variable("Asia/Tokyo"), Some(Tz::Asia__Tokyo));
        assert_eq!(tz_variable("posix/Asia/Tokyo"), Some(Tz::Asia__Tokyo));
        assert_eq!(tz_variable("right/UTC"), Some(Tz::UTC));
        assert_eq!(tz_variable("/usr/share/zoneinfo/posix/Asia/Tokyo"), Some(Tz::Asia__Tokyo));
        assert_eq!(tz_variable("/nowhere/Asia/Tokyo"), None);
        assert_eq!(tz_variable("Mars/Olympus"), None);
    }
}
