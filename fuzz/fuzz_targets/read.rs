//! Fuzzes `git_brief::read::read`: every commit-message convention (Conventional
//! Commits, tracker keys, gitmoji, tags, `area: summary`, plain sentences) on arbitrary
//! messages. Any panic or failed `assert!` is a crash.
#![no_main]

use git_brief::read::{read, Convention, Lexicon};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lexicon = Lexicon { types: ["story".to_string()].into(), keys: vec!["PAY".to_string()] };
    let m = read(&text, &lexicon);

    // A kind is always given, on one line; the description is one line.
    assert!(!m.kind.is_empty(), "empty kind for {text:?}");
    assert!(!m.kind.contains(['\n', '\r']), "kind {:?} for {text:?}", m.kind);
    assert!(!m.description.contains('\n'), "description {:?} for {text:?}", m.description);
    for area in m.area.iter().chain(m.key.iter()) {
        assert!(!area.contains(['\n', '\r']), "area or key {area:?} for {text:?}");
    }
    // The kind is stated by its author exactly in the conventions that state one.
    let stated = matches!(m.convention, Convention::Conventional | Convention::Gitmoji | Convention::Tag);
    assert_eq!(m.inferred, !stated, "{:?} inferred={} for {text:?}", m.convention, m.inferred);
    // A tracker key is shaped like one.
    if let Some(key) = &m.key {
        let (prefix, number) = key.split_once('-').unwrap_or_else(|| panic!("key {key:?} for {text:?}"));
        assert!(!prefix.is_empty() && number.chars().all(|c| c.is_ascii_digit()), "key {key:?} for {text:?}");
    }
    // Reading is a pure function.
    assert_eq!(read(&text, &lexicon), m, "read is not deterministic on {text:?}");
});
