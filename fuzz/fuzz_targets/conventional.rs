//! Fuzzes `git_brief::conventional::parse` and `render_header` with arbitrary commit messages.
//!
//! The bytes are read as lossy UTF-8 (git stores messages as bytes; git-brief decodes
//! them the same way), then every invariant below must hold. Any `assert!` failure or
//! panic is reported by libFuzzer as a crash.
#![no_main]

use git_brief::conventional::{parse, render_header, Message};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let m = parse(&text);
    check_message(&text, &m);

    // Blank lines before the header are skipped, so prepending one changes nothing.
    assert_eq!(parse(&format!("\n \r\n{text}")), m, "leading blank lines changed the parse of {text:?}");

    // Parsing is a pure function.
    assert_eq!(parse(&text), m, "parse is not deterministic on {text:?}");
});

fn is_trimmed(s: &str) -> bool {
    s.trim() == s
}

fn check_message(text: &str, m: &Message) {
    // kind: never empty, one line.
    assert!(!m.kind.is_empty(), "empty kind for {text:?}");
    assert!(!m.kind.contains(['\n', '\r']), "kind {:?} has a line break ({text:?})", m.kind);
    // description: one line, trimmed; empty exactly when the message is blank.
    assert!(!m.description.contains('\n'), "description {:?} has a newline ({text:?})", m.description);
    assert!(is_trimmed(&m.description), "description {:?} not trimmed ({text:?})", m.description);
    assert_eq!(m.description.is_empty(), text.trim().is_empty(), "description emptiness for {text:?}");

    // breaking and breaking_description agree, and a breaking change always has words.
    let why = m.breaking_description();
    assert_eq!(why.is_some(), m.breaking, "breaking_description vs breaking for {text:?}");
    if let Some(why) = why {
        assert!(!why.is_empty(), "empty breaking description for {text:?}");
    }

    // body: None or non-empty and trimmed.
    if let Some(body) = &m.body {
        assert!(!body.is_empty() && is_trimmed(body), "body {body:?} for {text:?}");
    }
    // footers: a one-line, non-empty token that `footer()` finds again; a trimmed value.
    for footer in &m.footers {
        assert!(!footer.token.is_empty(), "empty footer token for {text:?}");
        assert!(!footer.token.contains(['\n', '\r']), "footer token {:?} ({text:?})", footer.token);
        assert!(is_trimmed(&footer.value), "footer value {:?} not trimmed ({text:?})", footer.value);
        assert!(m.footer(&footer.token).is_some(), "footer({:?}) finds nothing ({text:?})", footer.token);
    }
    // A breaking message is breaking through its `!` (conventional only) or a footer.
    let breaking_footer =
        m.footers.iter().any(|footer| footer.token == "BREAKING CHANGE" || footer.token == "BREAKING-CHANGE");
    if m.inferred {
        assert_eq!(m.breaking, breaking_footer, "inferred breaking without footer for {text:?}");
    } else {
        assert!(m.breaking || !breaking_footer, "BREAKING CHANGE footer ignored for {text:?}");
    }

    let header = render_header(m);
    if m.inferred {
        assert_eq!(m.scope, None, "inferred message with a scope for {text:?}");
        assert_eq!(header, m.description, "render_header of an inferred message for {text:?}");
        return;
    }

    // A conventional header: type, optional scope, description.
    let mut kind = m.kind.chars();
    assert!(
        kind.next().is_some_and(|c| c.is_ascii_lowercase())
            && kind.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'),
        "kind {:?} is not a lower-cased type ({text:?})",
        m.kind
    );
    assert!(!m.description.is_empty(), "conventional message with an empty description for {text:?}");
    if let Some(scope) = &m.scope {
        assert!(!scope.is_empty() && is_trimmed(scope), "scope {scope:?} for {text:?}");
        assert!(!scope.contains(['(', ')', '\n']), "scope {scope:?} for {text:?}");
    }

    // Round trip: the rendered header parses back to the same header fields.
    assert!(!header.contains('\n'), "rendered header {header:?} has a newline ({text:?})");
    let again = parse(&header);
    assert!(!again.inferred, "rendered header {header:?} is not conventional ({text:?})");
    assert_eq!(again.kind, m.kind, "kind after round trip through {header:?} ({text:?})");
    assert_eq!(again.scope, m.scope, "scope after round trip through {header:?} ({text:?})");
    assert_eq!(again.breaking, m.breaking, "breaking after round trip through {header:?} ({text:?})");
    assert_eq!(
        again.description, m.description,
        "description after round trip through {header:?} ({text:?})"
    );
    assert_eq!(render_header(&again), header, "render_header is not a fixed point for {text:?}");
}
