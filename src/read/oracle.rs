//! What the hand-written readers of subjects (a Conventional Commit header
//! and its footers, tags, tracker keys, areas) are held to: the patterns
//! they replaced, which each reader's tests keep, asked about the same
//! subjects as the reader.

use proptest::prelude::*;
use regex::Regex;

/// A pattern a hand-written reader answers as.
pub(super) fn pattern(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap()
}

/// Subjects made of what the readers' patterns turn on: ASCII word
/// characters in runs long enough to pass a bound, the separators,
/// brackets and marks, and whitespace that is not ASCII's.
pub(super) fn atoms() -> impl Strategy<Value = String> {
    const ATOMS: [&str; 35] = [
        "a",
        "Z",
        "9",
        "1",
        "0",
        "_",
        "-",
        "(",
        ")",
        "[",
        "]",
        "!",
        ":",
        ",",
        ".",
        "/",
        "+",
        " ",
        "\t",
        "#",
        "\n",
        "\r",
        "é",
        "–",
        "—",
        "\u{a0}",
        "\u{2028}",
        "\u{3000}",
        ": ",
        " #",
        "PAY",
        "feat",
        "abcdefghijk",
        "1234567890",
        "BREAKING CHANGE",
    ];
    proptest::collection::vec(proptest::sample::select(&ATOMS[..]), 0..12).prop_map(|atoms| atoms.concat())
}
