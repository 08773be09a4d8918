//! Fuzzes `git_brief::pull::from_event_file`: the GitHub event file of a `pull_request` or
//! `pull_request_target` job (`$GITHUB_EVENT_PATH`, `--pull-request FILE`). Its text comes
//! from whoever opened the pull request. Each input is written to one file per fuzzing
//! process, which is read as git-brief reads it. Any panic or failed `assert!` is a crash.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use git_brief::pull::from_event_file;
use libfuzzer_sys::fuzz_target;

static PATH: LazyLock<PathBuf> =
    LazyLock::new(|| std::env::temp_dir().join(format!("git-brief-fuzz-event-{}.json", std::process::id())));

fuzz_target!(|data: &[u8]| {
    std::fs::write(&*PATH, data).expect("the event file is written");
    let result = from_event_file(&PATH);
    match &result {
        Ok(pull) => {
            // The number is `#N`; the texts are cut as documented.
            let number = pull.number.as_deref().and_then(|n| n.strip_prefix('#')).expect("#N");
            assert!(number.parse::<u64>().is_ok(), "number {:?}", pull.number);
            assert!(pull.title.chars().count() <= 256, "title of {} characters", pull.title.chars().count());
            assert!(pull.body.chars().count() <= 65_536, "body of {} characters", pull.body.chars().count());
            assert!(pull.labels.iter().all(|l| l.chars().count() <= 256), "a label too long");
            // Only full hexadecimal commit ids go into a range.
            for sha in pull.base_sha.iter().chain(&pull.head_sha) {
                assert!(
                    matches!(sha.len(), 40 | 64) && sha.bytes().all(|b| b.is_ascii_hexdigit()),
                    "sha {sha:?}"
                );
            }
            if let (Some(base), Some(head)) = (&pull.base_sha, &pull.head_sha) {
                assert_eq!(pull.range(), Some(format!("{base}...{head}")));
                assert!(pull.ends_at_head(&format!("{base}...{head}")));
            } else if let Some(base) = &pull.base_ref {
                assert_eq!(pull.range(), Some(format!("origin/{base}...HEAD")));
            } else {
                assert_eq!(pull.range(), None);
            }
            assert!(pull.ends_at_head("main...HEAD"));
            let without = pull.without_base();
            assert!(!without.contains(['\n', '\r']), "a multi-line message: {without:?}");
        }
        Err(e) => {
            let message = e.to_string();
            assert!(!message.contains(['\n', '\r']), "a multi-line error: {message:?}");
            assert!(message.contains(&*PATH.display().to_string()), "the file is named: {message:?}");
        }
    }
    let again = from_event_file(&PATH);
    match (&result, &again) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "not deterministic"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "not deterministic"),
        _ => panic!("not deterministic: {result:?} then {again:?}"),
    }
});
