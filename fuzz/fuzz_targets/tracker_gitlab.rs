//! Fuzzes what `git_brief::tracker::enrich` makes of one answer from GitLab's REST API v4
//! (`/projects/:id/issues?iids[]=…` or `/merge_requests?iids[]=…`):
//! `git_brief::tracker::answer::gitlab` runs the parser of `src/tracker/gitlab.rs`, then the
//! redaction and the warning that `enrich` runs. The first byte chooses issues or merge
//! requests; the rest is the answer. Any panic or failed `assert!` is a crash.
#![no_main]

#[path = "tracker_common.rs"]
mod common;

use git_brief::tracker::{answer, ItemKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: common::set_secrets(),
    |data: &[u8]| {
        let Some((&first, body)) = data.split_first() else { return };
        let (kind, sigil) = match first & 1 {
            0 => (ItemKind::Issue, '#'),
            _ => (ItemKind::PullRequest, '!'),
        };
        let result = answer::gitlab(body, kind);
        match &result {
            Ok(items) => {
                for item in items {
                    assert_eq!(item.kind, kind, "{item:?}");
                    let iid = item.id.strip_prefix(sigil).unwrap_or_else(|| panic!("id {:?}", item.id));
                    assert!(iid.parse::<u64>().is_ok(), "id {:?}", item.id);
                    let milestone = item.milestone.as_ref();
                    assert!(milestone.is_none_or(|m| m.open.is_none() && m.closed.is_none()));
                    common::check_item(item, true);
                }
            }
            Err(warning) => common::check_warning(warning, "gitlab"),
        }
        assert_eq!(answer::gitlab(body, kind), result, "not deterministic");
    }
);
