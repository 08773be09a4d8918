//! Tracker-key subjects: `PAY-12: …`, `PAY-12 …`, `[PAY-12] …`, `PAY-12 - …`.
//!
//! Any `[A-Z][A-Z0-9]+-N` at the start of a subject is read as a key, except the
//! upper-case names that are not trackers (`UTF-8`, `SHA-256`, `CVE-2026-…`); keys the
//! team configured are read even when written another way (`Pay-12`).

use super::scan::word_end;

/// A key heading a subject: the key's word, where its number ends, and the
/// rest, as the pattern
/// `^\[?([A-Za-z][A-Za-z0-9_]*)-([1-9][0-9]{0,9})\]?(?:\s*[:–—-]\s+|\s*:|\]\s*|\s+)(.*)$`
/// reads them (the tests hold them to the same answers), without compiling it.
fn key(subject: &str) -> Option<(&str, usize, &str)> {
    let bytes = subject.as_bytes();
    let start = usize::from(bytes.first() == Some(&b'['));
    let word =
        word_end(bytes, start, |b| b.is_ascii_alphabetic(), |b| b.is_ascii_alphanumeric() || b == b'_')?;
    if bytes.get(word) != Some(&b'-') {
        return None;
    }
    let number = word + 1;
    let end = word_end(bytes, number, |b| matches!(b, b'1'..=b'9'), |b| b.is_ascii_digit())?;
    if end - number > 10 {
        return None;
    }
    let after = &subject[end..];
    // `]` is taken when what follows it separates; else it may be the separator.
    let rest = after.strip_prefix(']').and_then(separated).or_else(|| separated(after))?;
    Some((&subject[start..word], end, rest))
}

/// What follows the first of the separators `\s*[:–—-]\s+`, `\s*:`, `\]\s*`
/// and `\s+` at the start of `text` that leaves the rest of a line.
fn separated(text: &str) -> Option<&str> {
    fn line(rest: &str) -> Option<&str> {
        (!rest.contains('\n')).then_some(rest)
    }
    let spaced = text.trim_start();
    let marked =
        spaced.strip_prefix([':', '–', '—', '-']).filter(|after| after.starts_with(char::is_whitespace));
    marked
        .and_then(|after| line(after.trim_start()))
        .or_else(|| spaced.strip_prefix(':').and_then(line))
        .or_else(|| text.strip_prefix(']').and_then(|after| line(after.trim_start())))
        .or_else(|| Some(spaced).filter(|_| spaced.len() < text.len()).and_then(line))
}

/// Upper-case words that are followed by a number without naming a ticket.
const NOT_KEYS: &[&str] = &[
    "UTF", "UCS", "SHA", "MD", "ISO", "CVE", "GHSA", "AES", "RSA", "HTTP", "TLS", "SSL", "IPV", "RFC", "PEP",
    "GH", "X", "V", "ES", "ECMA", "WIN", "ARM", "X86", "CP", "PR", "MR",
];

/// Whether an upper-case word before `-N` can be a tracker's key.
pub(super) fn is_key_prefix(prefix: &str) -> bool {
    prefix.len() >= 2 && !NOT_KEYS.contains(&prefix)
}

/// The key heading `subject` and what follows it.
pub(super) fn split<'s>(subject: &'s str, configured: &[String]) -> Option<(&'s str, &'s str)> {
    let (key, whole, rest) = key(subject)?;
    let known = configured.iter().any(|k| k.eq_ignore_ascii_case(key));
    let shaped = key.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) && is_key_prefix(key);
    if !(known || shaped) {
        return None;
    }
    let rest = rest.trim();
    if rest.is_empty() {
        return None;
    }
    let key_text = subject.get(..whole)?.trim_start_matches('[');
    Some((key_text, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::oracle::{atoms, pattern};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn a_key_reads_as_its_pattern_reads_it(text in atoms()) {
            let keys = pattern(r"^\[?([A-Za-z][A-Za-z0-9_]*)-([1-9][0-9]{0,9})\]?(?:\s*[:–—-]\s+|\s*:|\]\s*|\s+)(.*)$");
            let expected = keys.captures(&text).map(|c| (c[1].to_string(), c.get(2).unwrap().end(), c[3].to_string()));
            prop_assert_eq!(key(&text).map(|(k, end, rest)| (k.to_string(), end, rest.to_string())), expected);
        }
    }

    #[test]
    fn a_key_reads_as_its_pattern_reads_it_at_the_edges() {
        let keys =
            pattern(r"^\[?([A-Za-z][A-Za-z0-9_]*)-([1-9][0-9]{0,9})\]?(?:\s*[:–—-]\s+|\s*:|\]\s*|\s+)(.*)$");
        for text in [
            "PAY-12 -x",
            "PAY-12 - x",
            "PAY-12 —x",
            "PAY-12:x",
            "PAY-12 : x",
            "PAY-12] x",
            "[PAY-12]x",
            "[PAY-12]] x",
            "[PAY-12]: x",
            "PAY-1234567890 x",
            "PAY-12345678901 x",
            "PAY-0 x",
            "PAY-12 \nx",
            "PAY-12: x\ny",
            "PAY-12]\n: x",
            "PAY-12\u{a0}x",
            "PAY-12",
            "[PAY-12]",
        ] {
            let expected =
                keys.captures(text).map(|c| (c[1].to_string(), c.get(2).unwrap().end(), c[3].to_string()));
            assert_eq!(
                key(text).map(|(k, end, rest)| (k.to_string(), end, rest.to_string())),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn keys_in_every_shape() {
        let none: Vec<String> = Vec::new();
        assert_eq!(split("PAY-12: refunds", &none), Some(("PAY-12", "refunds")));
        assert_eq!(split("[PAY-12] refunds", &none), Some(("PAY-12", "refunds")));
        assert_eq!(split("[PAY-12]: refunds", &none), Some(("PAY-12", "refunds")));
        assert_eq!(split("PAY-12 refunds", &none), Some(("PAY-12", "refunds")));
        assert_eq!(split("PAY-12 - refunds", &none), Some(("PAY-12", "refunds")));
        assert_eq!(split("UTF-8 decoding", &none), None);
        assert_eq!(split("SHA-256 support", &none), None);
        assert_eq!(split("Pay-12 refunds", &none), None);
        assert_eq!(split("Pay-12 refunds", &["PAY".to_string()]), Some(("Pay-12", "refunds")));
        assert_eq!(split("PAY-12", &none), None);
        assert_eq!(split("PAY-012 x", &none), None);
    }
}
