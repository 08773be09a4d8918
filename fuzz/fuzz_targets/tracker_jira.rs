//! Fuzzes what `git_brief::tracker::enrich` makes of one answer from Jira's REST search
//! (`/rest/api/3/search/jql`, `/rest/api/2/search`): `git_brief::tracker::answer::jira` runs
//! the parser of `src/tracker/jira.rs`, then the redaction and the warning that `enrich`
//! runs, for a Jira at `https://acme.atlassian.net`. Any panic or failed `assert!` is a crash.
#![no_main]

#[path = "tracker_common.rs"]
mod common;

use git_brief::tracker::{answer, ItemKind};
use libfuzzer_sys::fuzz_target;

const BASE: &str = "https://acme.atlassian.net/";

fuzz_target!(
    init: common::set_secrets(),
    |data: &[u8]| {
        let result = answer::jira(data, BASE);
        match &result {
            Ok(items) => {
                for item in items {
                    // Only a key (`PAY-7`) is an item, linked under the base.
                    let (project, number) = item.id.split_once('-').unwrap_or_else(|| panic!("{:?}", item.id));
                    assert!(project.starts_with(|c: char| c.is_ascii_uppercase()), "key {:?}", item.id);
                    assert!(project.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'));
                    assert!(!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()), "key {:?}", item.id);
                    let expected = format!("https://acme.atlassian.net/browse/{}", item.id);
                    assert_eq!(item.url.as_deref(), Some(expected.as_str()));
                    assert_eq!(item.kind, ItemKind::Issue);
                    common::check_item(item, true);
                }
            }
            Err(warning) => common::check_warning(warning, "jira"),
        }
        assert_eq!(answer::jira(data, BASE), result, "not deterministic");
    }
);
