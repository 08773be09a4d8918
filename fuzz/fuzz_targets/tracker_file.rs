//! Fuzzes what `git_brief::tracker::enrich` makes of a tracker file (`--tracker-file`, the
//! JSON `gh issue list --json …` and `gh pr list --json …` print):
//! `git_brief::tracker::answer::file` runs the parser of `src/tracker/file.rs` on the file's
//! text, then its milestone counting and the warning `enrich` gives. Arbitrary UTF-8 files;
//! any panic or failed `assert!` is a crash.
//!
//! A file is the user's own export, not an answer to a request that carried a token, so its
//! items are not redacted; its warning is, as every tracker warning is: a run in CI has a
//! token set while it reads the file, and a parse error quotes the file's text.
#![no_main]

#[path = "tracker_common.rs"]
mod common;

use std::collections::HashMap;

use git_brief::tracker::{answer, ItemKind, ItemState};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: common::set_secrets(),
    |data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let result = answer::file(text, "'issues.json'");
        match &result {
            Ok(items) => {
                // A milestone's progress counts the file's issues in it, by state.
                let mut counts: HashMap<&str, (u32, u32)> = HashMap::new();
                for item in items.iter().filter(|i| i.kind == ItemKind::Issue) {
                    if let Some(m) = &item.milestone {
                        let count = counts.entry(m.title.as_str()).or_default();
                        match item.state {
                            ItemState::Open => count.0 += 1,
                            _ => count.1 += 1,
                        }
                    }
                }
                for item in items {
                    let number = item.id.strip_prefix('#').unwrap_or_else(|| panic!("id {:?}", item.id));
                    assert!(number.parse::<u64>().is_ok(), "id {:?}", item.id);
                    if item.state == ItemState::Merged {
                        assert_eq!(item.kind, ItemKind::PullRequest, "a merged issue: {item:?}");
                    }
                    if let Some(m) = &item.milestone {
                        let (open, closed) = counts.get(m.title.as_str()).copied().unwrap_or_default();
                        assert_eq!((m.open, m.closed), (Some(open), Some(closed)), "{item:?}");
                    }
                    common::check_item(item, false);
                }
            }
            Err(warning) => {
                common::check_warning(warning, "file");
                assert!(warning.contains("the tracker file 'issues.json'"), "the file is named: {warning:?}");
            }
        }
        assert_eq!(answer::file(text, "'issues.json'"), result, "not deterministic");
    }
);
