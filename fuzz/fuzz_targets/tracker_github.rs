//! Fuzzes what `git_brief::tracker::enrich` makes of one answer from GitHub's GraphQL API:
//! `git_brief::tracker::answer::github` runs the parser of `src/tracker/github.rs`, then the
//! redaction and the warning that `enrich` runs. An answer is untrusted: a server or a
//! proxy may send anything. Any panic or failed `assert!` is a crash.
#![no_main]

#[path = "tracker_common.rs"]
mod common;

use git_brief::tracker::answer;
use libfuzzer_sys::fuzz_target;

/// The numbers the query asked for, under the aliases `n1`, `n7`, …; the seeds answer these.
const ASKED: &[u64] = &[1, 7, 12, 42, 412, 4_294_967_296];

fuzz_target!(
    init: common::set_secrets(),
    |data: &[u8]| {
        let result = answer::github(data, ASKED);
        match &result {
            Ok(items) => {
                let mut numbers = Vec::new();
                for item in items {
                    let n: u64 = item.id.strip_prefix('#').and_then(|n| n.parse().ok()).expect("#N");
                    numbers.push(n);
                    common::check_item(item, true);
                }
                // One item per number asked and known, in the order asked.
                let mut expected = ASKED.to_vec();
                expected.retain(|n| numbers.contains(n));
                assert_eq!(numbers, expected, "items not asked for, repeated or out of order");
            }
            Err(warning) => common::check_warning(warning, "github"),
        }
        assert_eq!(answer::github(data, ASKED), result, "not deterministic");
    }
);
