//! The program's own regular expressions that report where they match
//! (groups, positions), compiled without a literal prefilter.
//!
//! A run matches each of them against a few short texts (a subject, a
//! branch name, a version, the texts that hold a `#`), so compiling it is
//! most of what it costs. The `regex` crate builds every pattern with a
//! literal prefilter, and for a case-insensitive alternation or a digit
//! class that prefilter is most of the compile: `(?i)` keywords are
//! expanded into every mix of cases and searched with SIMD tables. These
//! patterns are the same regular expressions (Unicode, leftmost-first, the
//! same matches and groups), built by the engine underneath `regex` with
//! that one step left out.

use regex_automata::meta;
use regex_automata::util::captures::Captures;

/// A regular expression of the program's own, as `regex::Regex` compiles
/// it but without a literal prefilter.
#[derive(Debug)]
pub struct Constant {
    regex: meta::Regex,
    pattern: &'static str,
}

/// Where a match or a group is in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Span<'t> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// The groups of one match.
#[derive(Debug)]
pub struct Groups<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Groups<'t> {
    /// Group `i` (0: the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Span<'t>> {
        self.caps.get_group(i).map(|s| Span { text: self.text, start: s.start, end: s.end })
    }

    /// The group named `name`, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Span<'t>> {
        self.caps.get_group_by_name(name).map(|s| Span { text: self.text, start: s.start, end: s.end })
    }
}

impl<'t> std::ops::Index<usize> for Groups<'t> {
    type Output = str;

    /// Group `i`'s text; a group that did not take part is a bug in the
    /// pattern's reader.
    fn index(&self, i: usize) -> &str {
        self.get(i).map_or_else(|| unreachable!("group {i} of a match"), |s| s.as_str())
    }
}

impl<'t> std::ops::Index<&str> for Groups<'t> {
    type Output = str;

    /// The text of the group named `name`; one that did not take part is a
    /// bug in the pattern's reader.
    fn index(&self, name: &str) -> &str {
        self.name(name).map_or_else(|| unreachable!("group {name} of a match"), |s| s.as_str())
    }
}

impl Constant {
    /// `pattern`, compiled now; a pattern of the program's own that does
    /// not compile is a bug the tests catch, never a user's error.
    pub fn new(pattern: &'static str) -> Constant {
        let regex = meta::Builder::new()
            .configure(meta::Config::new().auto_prefilter(false))
            .build(pattern)
            .unwrap_or_else(|e| unreachable!("{pattern}: {e}"));
        Constant { regex, pattern }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &'static str {
        self.pattern
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// Where each match is, left to right, none overlapping.
    pub fn find_iter<'t>(&self, text: &'t str) -> impl Iterator<Item = Span<'t>> + use<'_, 't> {
        self.regex.find_iter(text).map(move |m| Span { text, start: m.start(), end: m.end() })
    }

    /// The first match's groups.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Groups<'t>> {
        self.captures_at(text, 0)
    }

    /// The groups of the first match that starts at `at` or later; the text
    /// before `at` is still seen by anchors and word boundaries.
    pub fn captures_at<'t>(&self, text: &'t str, at: usize) -> Option<Groups<'t>> {
        let mut caps = self.regex.create_captures();
        self.regex.search_captures(&regex_automata::Input::new(text).range(at..), &mut caps);
        caps.is_match().then_some(Groups { text, caps })
    }

    /// The groups of every match, left to right, none overlapping.
    pub fn captures_iter<'t>(&self, text: &'t str) -> impl Iterator<Item = Groups<'t>> + use<'_, 't> {
        self.regex.captures_iter(text).map(move |caps| Groups { text, caps })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every group of every match, as `regex` reports them.
    fn by_regex(pattern: &str, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        let regex = regex::Regex::new(pattern).unwrap();
        regex
            .captures_iter(text)
            .map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    fn by_constant(pattern: &'static str, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        let constant = Constant::new(pattern);
        let groups = constant.regex.group_info().group_len(regex_automata::PatternID::ZERO);
        constant
            .captures_iter(text)
            .map(|c| (0..groups).map(|i| c.get(i).map(|s| (s.start(), s.end()))).collect())
            .collect()
    }

    #[test]
    fn finds_what_regex_finds() {
        let patterns = [
            r"(?i)\b(?:close[sd]?|fix(?:es|ed)?|resolve[sd]?)(?::\s*|\s+)",
            r"(?P<ref>(?:#|GH-)(?P<num>[0-9]+))",
            r"(?im)^[ \t]*(?:changelog|release[- ]notes?)[ \t]*:[ \t]*(.+?)[ \t]*$",
            r"(?i)[-.](?:rc|beta|alpha|pre|preview|dev|nightly)(?:[.-]?\d+)*(?:[-+.].*)?$",
            r"a*",
            r"(x)?y|(z)",
        ];
        let texts = [
            "Fixes #12, closes: GH-3\nCLOSED   #4 cloſes #5 fix#6",
            "Changelog: fixed\n  release-notes :  Faster builds  \nRelease Note: x",
            "v1.2.3-RC.1 1.0-beta2 2.0.0-dev+abc 3.0-nightly",
            "",
            "aaé xy zy ñ",
        ];
        for pattern in patterns {
            for text in texts {
                assert_eq!(by_constant(pattern, text), by_regex(pattern, text), "{pattern} in {text:?}");
            }
        }
        let squash = Constant::new(r"\((?P<sigil>#|!)(?P<num>[1-9][0-9]*)\)$");
        let groups = squash.captures("Faster (#12)").unwrap();
        assert_eq!((&groups["sigil"], &groups[2]), ("#", "12"));
        assert_eq!(groups.get(0).map(|s| s.start()), Some(7));
        assert!(squash.captures_at("Faster (#12)", 8).is_none());
        assert_eq!(squash.find_iter("(!3)").map(|s| s.end()).collect::<Vec<_>>(), [4]);
        assert!(squash.is_match("(#1)") && !squash.is_match("(#0)"));
    }
}
