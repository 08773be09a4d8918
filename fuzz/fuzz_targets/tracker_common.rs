//! What the tracker targets check of every item and warning, whatever the provider.
//! Included by each `tracker_*` target (`#[path = "tracker_common.rs"] mod common;`).

use git_brief::tracker::Item;

/// Tokens set in the environment before fuzzing, as a run with a tracker has them. The
/// seeds and `dicts/tracker.dict` hold them, as an answer that echoes the request would.
pub const SECRETS: &[(&str, &str)] = &[
    ("GITHUB_TOKEN", "ghp_fuzzFUZZfuzz0123456789abcdefABCDEF"),
    ("GITLAB_TOKEN", "glpat-fuzz0123456789xyz"),
    ("JIRA_API_TOKEN", "ATATTfuzz0123456789"),
];

pub fn set_secrets() {
    for (name, value) in SECRETS {
        std::env::set_var(name, value);
    }
}

/// An item's addresses are web pages, its due date a date, and (for a networked tracker,
/// `redacted`) no token is anywhere in it.
pub fn check_item(item: &Item, redacted: bool) {
    let urls = item.url.iter().chain(item.milestone.as_ref().and_then(|m| m.url.as_ref()));
    for url in urls {
        assert!(url.starts_with("https://") || url.starts_with("http://"), "not a web page: {url:?}");
    }
    if let Some(due) = item.milestone.as_ref().and_then(|m| m.due.as_ref()) {
        assert!(is_date(due), "due date {due:?}");
    }
    if redacted {
        let text = format!("{item:?}");
        for (_, secret) in SECRETS {
            assert!(!text.contains(secret), "a token reached an item: {text}");
        }
    }
}

/// `YYYY-MM-DD`.
pub fn is_date(day: &str) -> bool {
    let b = day.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The warning is one line, names the provider, and holds no token.
pub fn check_warning(warning: &str, provider: &str) {
    assert!(!warning.contains(['\n', '\r']), "a multi-line warning: {warning:?}");
    let start = format!("The issue tracker ({provider}) was not used: ");
    assert!(warning.starts_with(&start), "warning {warning:?}");
    for (_, secret) in SECRETS {
        assert!(!warning.contains(secret), "a token reached the warning: {warning:?}");
    }
}
