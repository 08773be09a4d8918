//! Fuzzes `git_brief::refs::RefReader::read` with arbitrary commit messages.
//!
//! The reader is configured as in a typical run: tracker keys `PAY` and `OPS`, and this
//! repository `acme/shop`. The bytes are read as lossy UTF-8; every invariant below must
//! hold, and any `assert!` failure or panic is reported by libFuzzer as a crash.
#![no_main]

use std::collections::HashSet;
use std::sync::LazyLock;

use git_brief::refs::{Action, RefReader};
use libfuzzer_sys::fuzz_target;

static READER: LazyLock<RefReader> = LazyLock::new(|| {
    RefReader::new(&["PAY".to_string(), "OPS".to_string()], Some("acme/shop")).expect("valid keys")
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let refs = READER.read(&text);

    let mut seen = HashSet::new();
    for reference in &refs {
        let id = reference.id.as_str();
        assert!(!id.is_empty(), "empty id in {text:?}");
        assert!(!id.contains(char::is_whitespace), "id {id:?} has whitespace ({text:?})");
        assert!(seen.insert(id), "id {id:?} reported twice ({text:?})");
        check_shape(id, &text);
    }

    // Only a closing keyword closes. The keywords match in any case with Unicode simple
    // case folding (the `regex` crate's `(?i)`), under which `ſ` (U+017F) is an `s`.
    if refs.iter().any(|reference| reference.action == Action::Closes) {
        let lower = text.to_lowercase().replace('\u{17f}', "s");
        assert!(
            ["close", "fix", "resolve"].iter().any(|keyword| lower.contains(keyword)),
            "a reference closes without a closing keyword in {text:?}"
        );
    }

    // Reading is a pure function.
    assert_eq!(READER.read(&text), refs, "read is not deterministic on {text:?}");
});

/// One of `#N`, `!N`, `path#N`, `path!N`, `PAY-N`, `OPS-N`, where N has no leading zero
/// and occurs in the text, and `path` is some other repository's `owner/repo` (or GitLab
/// `group/sub/project`) path.
fn check_shape(id: &str, text: &str) {
    let split = id.rfind(['#', '!', '-']).unwrap_or_else(|| panic!("id {id:?} has no sigil ({text:?})"));
    let (prefix, number) = (&id[..split], &id[split + 1..]);
    assert!(
        number.starts_with(|c: char| ('1'..='9').contains(&c)) && number.bytes().all(|b| b.is_ascii_digit()),
        "id {id:?} has a bad number ({text:?})"
    );
    assert!(text.contains(number), "number of id {id:?} is not in the text ({text:?})");
    match &id[split..split + 1] {
        "-" => assert!(prefix == "PAY" || prefix == "OPS", "id {id:?} has an unknown key ({text:?})"),
        _ if prefix.is_empty() => {}
        _ => {
            let segments: Vec<&str> = prefix.split('/').collect();
            assert!(segments.len() >= 2, "id {id:?} path has one segment ({text:?})");
            assert!(
                segments.iter().all(|segment| {
                    !segment.is_empty()
                        && segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
                }),
                "id {id:?} has a bad path ({text:?})"
            );
            assert!(!prefix.eq_ignore_ascii_case("acme/shop"), "id {id:?} not shortened ({text:?})");
        }
    }
}
