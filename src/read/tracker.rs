//! Tracker-key subjects: `PAY-12: …`, `PAY-12 …`, `[PAY-12] …`, `PAY-12 - …`.
//!
//! Any `[A-Z][A-Z0-9]+-N` at the start of a subject is read as a key, except the
//! upper-case names that are not trackers (`UTF-8`, `SHA-256`, `CVE-2026-…`); keys the
//! team configured are read even when written another way (`Pay-12`).

use std::sync::LazyLock;

use regex::Regex;

use super::conventional::{captures, group, Pattern};

static KEY: Pattern = LazyLock::new(|| {
    Regex::new(r"^\[?([A-Za-z][A-Za-z0-9_]*)-([1-9][0-9]{0,9})\]?(?:\s*[:–—-]\s+|\s*:|\]\s*|\s+)(.*)$").ok()
});

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
    let parts = captures(&KEY, subject)?;
    let key = group(&parts, 1);
    let known = configured.iter().any(|k| k.eq_ignore_ascii_case(key));
    let shaped = key.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) && is_key_prefix(key);
    if !(known || shaped) {
        return None;
    }
    let whole = parts.get(2)?.end();
    let rest = group(&parts, 3).trim();
    if rest.is_empty() {
        return None;
    }
    let key_text = subject.get(..whole)?.trim_start_matches('[');
    Some((key_text, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

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
