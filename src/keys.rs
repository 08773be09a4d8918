//! The shared floor: tracker keys (`PAY` in `PAY-77`), as the settings
//! check them and `refs` reads them.

use std::fmt;

/// A tracker key that cannot be one: it would never match, or could not be told apart
/// from the number that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadKey {
    pub key: String,
}

impl fmt::Display for BadKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "tracker key `{}` must be letters, digits or `_`, starting with a letter (like PAY or OPS)",
            self.key.escape_debug()
        )
    }
}

impl std::error::Error for BadKey {}

/// A tracker key: letters, digits or `_`, starting with a letter.
pub fn is_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The first of `keys` that cannot be a tracker key, as an error.
pub fn check(keys: &[String]) -> Result<(), BadKey> {
    match keys.iter().find(|key| !is_key(key)) {
        Some(key) => Err(BadKey { key: key.clone() }),
        None => Ok(()),
    }
}
