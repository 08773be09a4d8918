//! What the hand-written readers (of subjects, references, work lines and
//! changelog trailers) are held to: the patterns they replaced, which each
//! reader's tests keep, asked about the same texts as the reader.

use proptest::prelude::*;
use regex::Regex;

/// A pattern a hand-written reader answers as.
pub(crate) fn pattern(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap()
}

/// A pattern a hand-written reader answers as, compiled once for every case.
macro_rules! compiled {
    ($pattern:literal) => {{
        static PATTERN: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new($pattern).unwrap());
        &*PATTERN
    }};
}
pub(crate) use compiled;

/// Texts of up to `most - 1` of `atoms` in a row: what a reader's pattern
/// turns on, put together at random.
pub(crate) fn texts(atoms: &'static [&'static str], most: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(atoms), 0..most).prop_map(|atoms| atoms.concat())
}

/// Subjects made of what the readers' patterns turn on: ASCII word
/// characters in runs long enough to pass a bound, the separators,
/// brackets and marks, and whitespace that is not ASCII's.
pub(crate) fn atoms() -> impl Strategy<Value = String> {
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
    texts(&ATOMS, 12)
}
