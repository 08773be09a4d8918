//! The pieces the subject readers (headers and footers, tags, tracker keys,
//! areas) are read with, each as the part of a pattern it stands for.

/// Where a word that starts at `from` ends: a byte `first` accepts, then
/// every byte `rest` accepts (`[A-Za-z][A-Za-z0-9-]*`); `None` when the
/// byte at `from` is not one `first` accepts.
pub(super) fn word_end(
    bytes: &[u8],
    from: usize,
    first: impl Fn(u8) -> bool,
    rest: impl Fn(u8) -> bool,
) -> Option<usize> {
    if !first(*bytes.get(from)?) {
        return None;
    }
    Some(from + 1 + bytes[from + 1..].iter().take_while(|&&b| rest(b)).count())
}

/// What `\s*(\S.*)$` (`\s+(\S.*)$` when `spaced`) captures at the start of
/// `text`: the rest after its leading whitespace, which must begin with a
/// character that is no whitespace and hold no line break. `\s` is
/// Unicode's White_Space, as `char::is_whitespace` reads it.
pub(super) fn rest_of_line(text: &str, spaced: bool) -> Option<&str> {
    let rest = text.trim_start();
    let ok = !rest.is_empty() && !rest.contains('\n') && (!spaced || rest.len() < text.len());
    ok.then_some(rest)
}
