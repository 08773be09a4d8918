//! Reading commit messages as Conventional Commits.
//!
//! git-brief groups a week of history by what each commit means to a reader (new
//! features, fixes, breaking changes), so every commit needs a `kind`, including the
//! many whose authors never heard of the convention. [`parse`] reads a message by the
//! Conventional Commits 1.0.0 specification
//! (<https://www.conventionalcommits.org/en/v1.0.0/#specification>) when its header
//! follows it, and otherwise guesses the kind from the subject's leading verb and sets
//! [`Message::inferred`], so the caller can word a guess more cautiously than a fact.
//!
//! Parsing is total: a summary of a week must not fail because one message is odd, so
//! every input (empty, binary-looking, CRLF, megabytes long) yields a [`Message`].
//!
//! Choices the specification leaves open, made here once so callers need not:
//! - Blank lines before the header are skipped (git itself strips them), and a header
//!   directly followed by text, without the blank line, still gets that text as body.
//! - The footer section starts at the first paragraph whose first line is a footer
//!   line and runs to the end; any later line that is not itself a footer line, blank
//!   lines included, continues the previous footer's value (rule 10). A body paragraph
//!   that happens to open with `Word: ` therefore starts the footers, as the rules say.
//! - For the `Token #value` form the stored value omits the `#` (`Closes #12` has value
//!   `12`). Values are trimmed at both ends and each line's trailing whitespace dropped.
//! - Only the upper-case `BREAKING CHANGE` / `BREAKING-CHANGE` tokens make a message
//!   breaking (rules 12, 15, 16), with either separator and even when the header is not
//!   conventional: an explicit footer is the author's statement whatever the subject.
//! - `fixup!`, `squash!` and `amend!` subjects are always inferred, even when the rest
//!   looks conventional: they are edits to another commit, not changes of their own.

use super::scan::word_end;
use super::{plain, Convention};

/// One footer of a commit message (`Token: value` or `Token #value`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footer {
    /// The token as written (`Refs`, `Reviewed-by`, `BREAKING CHANGE`).
    pub token: String,
    /// The value; may span several lines (continuation lines are kept, trailing whitespace trimmed).
    pub value: String,
}

/// A commit message read as a Conventional Commit, or, when it is not one, with a type inferred from its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The type lower-cased as written (`feat`, `fix`, `docs`, any noun), or the inferred type.
    pub kind: String,
    /// The scope as written, without parentheses; `None` when absent or empty.
    pub scope: Option<String>,
    /// `!` before the colon, or a `BREAKING CHANGE`/`BREAKING-CHANGE` footer.
    pub breaking: bool,
    /// The description after `type(scope)!: ` (trimmed); for an inferred message, the whole subject line (trimmed).
    pub description: String,
    /// The body (paragraphs between the header and the footers), trimmed; `None` when empty.
    pub body: Option<String>,
    /// The footers in the order written, git trailers (`Signed-off-by`, …) included.
    pub footers: Vec<Footer>,
    /// True when the message did not follow the specification and `kind` was guessed.
    pub inferred: bool,
    /// Which convention the subject was read by.
    pub convention: Convention,
    /// The part of the product the subject names: a Conventional Commit's scope, an
    /// `area: summary` prefix, a `[Component]` tag; `None` when it names none.
    pub area: Option<String>,
    /// A tracker key heading the subject (`PAY-12: …`, `[PAY-12] …`).
    pub key: Option<String>,
    /// The wording alone did not settle the kind: the changed paths may.
    pub ambiguous: bool,
    /// `Reapply "…"`: the message restores work that a revert undid; the other fields
    /// read the restored subject.
    pub reapply: bool,
}

impl Message {
    /// The value of the first footer whose token matches case-insensitively (BREAKING CHANGE and BREAKING-CHANGE are the same token).
    ///
    /// Rule 9 makes `-` the spelling of whitespace in tokens, so `"Reviewed by"` also
    /// finds `Reviewed-by`. Unlike [`Message::breaking`], this lookup ignores case even
    /// for the breaking-change token: it answers "what did the author write", not "is
    /// this breaking".
    pub fn footer(&self, token: &str) -> Option<&str> {
        let wanted = canonical_token(token);
        self.footers
            .iter()
            .find(|footer| canonical_token(&footer.token).eq_ignore_ascii_case(&wanted))
            .map(|footer| footer.value.as_str())
    }

    /// What the breaking change is: the BREAKING CHANGE footer's value, else (for `!`) the description; None when not breaking.
    ///
    /// An empty footer value also falls back to the description, so a breaking message
    /// always has something to show.
    pub fn breaking_description(&self) -> Option<&str> {
        if !self.breaking {
            return None;
        }
        self.footers
            .iter()
            .find(|footer| is_breaking_token(&footer.token))
            .map(|footer| footer.value.as_str())
            .filter(|value| !value.is_empty())
            .or(Some(self.description.as_str()))
    }
}

/// Reads any commit message. Never fails and never panics, whatever the input (empty, only whitespace, CRLF line endings, 1 MB long, unicode, control characters).
pub fn parse(message: &str) -> Message {
    let mut lines = lines(message);
    let header = lines.next().unwrap_or("");
    let mut parsed = read_header(header);
    let (body, footers) = read_body_and_footers(lines);
    parsed.breaking |= footers.iter().any(|footer| is_breaking_token(&footer.token));
    parsed.body = body;
    parsed.footers = footers;
    parsed
}

/// The body and footers [`parse`] finds, the header left unread.
pub(super) fn body_and_footers(message: &str) -> (Option<String>, Vec<Footer>) {
    let mut lines = lines(message);
    lines.next();
    read_body_and_footers(lines)
}

/// A message's lines from its first non-blank one, without carriage returns.
fn lines(message: &str) -> impl Iterator<Item = &str> {
    message
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .skip_while(|line| line.trim().is_empty())
}

/// Renders the header (`type(scope)!: description`) of a non-inferred message; used by a round-trip property test: for every header h that `parse` accepts as conventional, `parse(&render_header(&parse(h)))` has the same kind/scope/breaking/description.
///
/// A message made breaking only by its footer is rendered with `!`, since a header
/// alone must then carry that fact. A breaking `fixup`, `squash` or `amend` type without
/// a scope is rendered with empty parentheses (`fixup()!: x`), since `fixup!: x` would
/// read back as an autosquash subject. An inferred message has no conventional header to
/// render; its original subject (the description) is returned instead.
pub fn render_header(message: &Message) -> String {
    if message.inferred {
        return message.description.clone();
    }
    let bang = if message.breaking { "!" } else { "" };
    let scope = match message.scope.as_deref() {
        Some(scope) => format!("({scope})"),
        None if autosquash_kind(&format!("{}{bang}", message.kind)).is_some() => "()".to_string(),
        None => String::new(),
    };
    format!("{}{scope}{bang}: {}", message.kind, message.description)
}

/// A header's parts: `type(scope)!: description`.
pub(super) struct Header<'t> {
    pub kind: &'t str,
    /// What the parentheses hold (`None` without them).
    pub scope: Option<&'t str>,
    pub breaking: bool,
    /// All that follows `: `, untrimmed.
    pub description: &'t str,
}

/// `type(scope)!: description` at the start of `text`: a type of ASCII
/// letters, digits, `_` and `-` opening with a letter, a scope that may
/// hold anything but parentheses and line breaks, and a description on
/// the same line. Read as the pattern
/// `^([A-Za-z][A-Za-z0-9_-]*)(?:\(([^()\n]*)\))?(!)?: (.*)$` reads it (the
/// tests hold them to the same answers), without compiling it: every
/// subject of every run is read so, and a pattern's compile was a tenth
/// of a small week's work.
pub(super) fn header(text: &str) -> Option<Header<'_>> {
    let bytes = text.as_bytes();
    let kind = word_end(
        bytes,
        0,
        |b| b.is_ascii_alphabetic(),
        |b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-',
    )?;
    let mut at = kind;
    let mut scope = None;
    if bytes.get(at) == Some(&b'(') {
        let inside = bytes[at + 1..].iter().take_while(|&&b| !matches!(b, b'(' | b')' | b'\n')).count();
        if bytes.get(at + 1 + inside) != Some(&b')') {
            return None;
        }
        scope = Some(&text[at + 1..at + 1 + inside]);
        at += inside + 2;
    }
    let breaking = bytes.get(at) == Some(&b'!');
    at += usize::from(breaking);
    let description = text[at..].strip_prefix(": ")?;
    (!description.contains('\n')).then_some(Header { kind: &text[..kind], scope, breaking, description })
}

/// `Token: value` or `Token #value`, as the token and the value (untrimmed);
/// `BREAKING CHANGE` is the one token with a space. Read as the pattern
/// `^(BREAKING CHANGE|[A-Za-z][A-Za-z0-9-]*)(: | #)(.*)$` reads it (the tests
/// hold them to the same answers), without compiling it.
fn footer_parts(line: &str) -> Option<(&str, &str)> {
    // After `BREAKING CHANGE` without a separator, the token `BREAKING`
    // would be followed by ` C`: no footer either way.
    let token = match line.starts_with("BREAKING CHANGE") {
        true => "BREAKING CHANGE".len(),
        false => word_end(
            line.as_bytes(),
            0,
            |b| b.is_ascii_alphabetic(),
            |b| b.is_ascii_alphanumeric() || b == b'-',
        )?,
    };
    let value = line[token..].strip_prefix(": ").or_else(|| line[token..].strip_prefix(" #"))?;
    (!value.contains('\n')).then_some((&line[..token], value))
}

/// Rules 12 and 16: only these exact, upper-case spellings mark a breaking change.
fn is_breaking_token(token: &str) -> bool {
    token == "BREAKING CHANGE" || token == "BREAKING-CHANGE"
}

/// Spells a token the way rule 9 prescribes (`-` for whitespace) so that lookups by
/// either spelling, notably `BREAKING CHANGE` and `BREAKING-CHANGE`, agree.
fn canonical_token(token: &str) -> String {
    token.split_whitespace().collect::<Vec<_>>().join("-")
}

/// The header fields of a message; body and footers are filled in by the caller.
fn read_header(header: &str) -> Message {
    let subject = header.trim();
    let conventional = match autosquash_kind(subject) {
        Some(_) => None,
        None => self::header(header),
    };
    let conventional = conventional.filter(|parts| !parts.description.trim().is_empty());
    match conventional {
        Some(parts) => Message {
            kind: parts.kind.to_ascii_lowercase(),
            scope: parts.scope.map(str::trim).filter(|scope| !scope.is_empty()).map(str::to_string),
            breaking: parts.breaking,
            description: parts.description.trim().to_string(),
            body: None,
            footers: Vec::new(),
            inferred: false,
            convention: Convention::Conventional,
            area: parts.scope.map(str::trim).filter(|scope| !scope.is_empty()).map(str::to_string),
            key: None,
            ambiguous: false,
            reapply: false,
        },
        None => {
            let kind = plain::kind(subject);
            Message {
                kind: kind.to_string(),
                scope: None,
                breaking: false,
                description: subject.to_string(),
                body: None,
                footers: Vec::new(),
                inferred: true,
                convention: Convention::Plain,
                area: None,
                key: None,
                ambiguous: plain::is_ambiguous(kind),
                reapply: false,
            }
        }
    }
}

/// Splits what follows the header into body and footers (see the module docs for how
/// the footer section is found).
fn read_body_and_footers<'a>(lines: impl Iterator<Item = &'a str>) -> (Option<String>, Vec<Footer>) {
    let mut body: Vec<&str> = Vec::new();
    let mut footers: Vec<Footer> = Vec::new();
    let mut previous_blank = true;
    for line in lines {
        let blank = line.trim().is_empty();
        let in_footers = !footers.is_empty();
        let may_start_footer = in_footers || (previous_blank && !blank);
        match may_start_footer.then(|| read_footer(line)).flatten() {
            Some(footer) => footers.push(footer),
            None => match footers.last_mut() {
                Some(last) => {
                    last.value.push('\n');
                    last.value.push_str(line.trim_end());
                }
                None => body.push(line),
            },
        }
        previous_blank = blank;
    }
    for footer in &mut footers {
        footer.value = footer.value.trim().to_string();
    }
    let body = body.join("\n");
    let body = Some(body.trim()).filter(|body| !body.is_empty()).map(str::to_string);
    (body, footers)
}

fn read_footer(line: &str) -> Option<Footer> {
    let (token, value) = footer_parts(line)?;
    Some(Footer { token: token.to_string(), value: value.trim_end().to_string() })
}

/// git's `commit --fixup`/`--squash` subjects: the kind is the marker, whatever follows.
pub(super) fn autosquash_kind(subject: &str) -> Option<&'static str> {
    ["fixup", "squash", "amend"].into_iter().find(|marker| {
        subject.get(..marker.len()).is_some_and(|start| start.eq_ignore_ascii_case(marker))
            && subject.get(marker.len()..).is_some_and(|rest| rest.starts_with('!'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::oracle::atoms;
    use proptest::prelude::*;
    use regex::{Captures, Regex};
    use std::sync::LazyLock;

    type Pattern = LazyLock<Option<Regex>>;

    fn captures<'t>(pattern: &Pattern, text: &'t str) -> Option<Captures<'t>> {
        pattern.as_ref()?.captures(text)
    }

    fn group<'t>(captures: &Captures<'t>, index: usize) -> &'t str {
        captures.get(index).map_or("", |group| group.as_str())
    }

    fn footer(token: &str, value: &str) -> Footer {
        Footer { token: token.to_string(), value: value.to_string() }
    }

    /// The patterns the header and footer readers answer as.
    static HEADER: Pattern =
        LazyLock::new(|| Regex::new(r"^([A-Za-z][A-Za-z0-9_-]*)(?:\(([^()\n]*)\))?(!)?: (.*)$").ok());
    static FOOTER: Pattern =
        LazyLock::new(|| Regex::new(r"^(BREAKING CHANGE|[A-Za-z][A-Za-z0-9-]*)(: | #)(.*)$").ok());

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn a_header_reads_as_its_pattern_reads_it(text in atoms()) {
            let expected = captures(&HEADER, &text).map(|c| {
                (group(&c, 1).to_string(), c.get(2).map(|s| s.as_str().to_string()), c.get(3).is_some(), group(&c, 4).to_string())
            });
            let read = header(&text)
                .map(|h| (h.kind.to_string(), h.scope.map(str::to_string), h.breaking, h.description.to_string()));
            prop_assert_eq!(read, expected);
        }

        #[test]
        fn a_footer_reads_as_its_pattern_reads_it(text in atoms()) {
            let expected = captures(&FOOTER, &text).map(|c| (group(&c, 1).to_string(), group(&c, 3).to_string()));
            let read = footer_parts(&text).map(|(token, value)| (token.to_string(), value.to_string()));
            prop_assert_eq!(read, expected);
        }
    }

    #[test]
    fn the_readers_agree_with_their_patterns_on_real_headers() {
        for text in [
            "feat: x",
            "feat(api)!: x",
            "feat(): x",
            "feat(a(b)): x",
            "feat(a\nb): x",
            "feat!!: x",
            "fix: a\nb",
            "feat(scope):x",
            "9feat: x",
            "feat_x-y(s p)!: déjà vu",
            "BREAKING CHANGE: y",
            "BREAKING CHANGES: y",
            "BREAKING CHANGE #12",
            "Signed-off-by: A <a@x>",
            "Closes #12",
            "Closes: #12\r",
            "Refs:",
            "",
        ] {
            let header_pattern = captures(&HEADER, text).map(|c| group(&c, 4).to_string());
            assert_eq!(header(text).map(|h| h.description.to_string()), header_pattern, "{text:?}");
            let footer_pattern = captures(&FOOTER, text).map(|c| group(&c, 1).to_string());
            assert_eq!(footer_parts(text).map(|(t, _)| t.to_string()), footer_pattern, "{text:?}");
        }
    }

    #[test]
    fn rule_01_type_prefix_optional_scope_and_bang_required_colon_space() {
        for header in ["feat: x", "feat(api): x", "feat!: x", "feat(api)!: x"] {
            let m = parse(header);
            assert!(!m.inferred, "{header}");
            assert_eq!(m.kind, "feat", "{header}");
            assert_eq!(m.description, "x", "{header}");
        }
        for header in [
            "feat:nospace",
            "feat: ",
            "feat:",
            "feat x",
            "feat (x): y",
            "feat!(x): y",
            "feat(a(b)): y",
            "1feat: x",
            "Merge branch 'x'",
        ] {
            assert!(parse(header).inferred, "{header}");
        }
    }

    #[test]
    fn rule_02_feat_type_for_features() {
        let m = parse("feat: allow provided config object to extend other configs");
        assert_eq!(m.kind, "feat");
        assert!(!m.inferred);
        assert!(!m.breaking);
    }

    #[test]
    fn rule_03_fix_type_for_bug_fixes() {
        let m = parse("fix: prevent racing of requests");
        assert_eq!(m.kind, "fix");
        assert_eq!(m.description, "prevent racing of requests");
        assert!(!m.inferred);
    }

    #[test]
    fn rule_04_scope_in_parentheses() {
        let m = parse("fix(parser): handle arrays");
        assert_eq!(m.scope.as_deref(), Some("parser"));
        assert_eq!(parse("fix( ui kit ): x").scope.as_deref(), Some("ui kit"));
        let empty = parse("fix(): x");
        assert!(!empty.inferred);
        assert_eq!(empty.scope, None);
        assert_eq!(parse("fix(  ): x").scope, None);
        assert_eq!(parse("fix: x").scope, None);
    }

    #[test]
    fn rule_05_description_follows_colon_and_space() {
        assert_eq!(parse("fix: array parsing issue").description, "array parsing issue");
        assert_eq!(parse("fix:   padded   ").description, "padded");
        assert_eq!(parse("feat(ä)!: naïve ✓").description, "naïve ✓");
        let m = parse("feat:\tx");
        assert!(m.inferred);
        assert_eq!(m.description, "feat:\tx");
    }

    #[test]
    fn rule_06_body_begins_one_blank_line_after_description() {
        let m = parse("fix: x\n\nThe body.\n");
        assert_eq!(m.body.as_deref(), Some("The body."));
        assert!(m.footers.is_empty());
        assert_eq!(parse("fix: x").body, None);
        assert_eq!(parse("fix: x\n\n  \n").body, None);
        let lenient = parse("fix: x\nno blank line\nstill body");
        assert_eq!(lenient.body.as_deref(), Some("no blank line\nstill body"));
        assert_eq!(lenient.description, "x");
    }

    #[test]
    fn rule_07_body_may_have_many_paragraphs() {
        let m = parse(
            "fix: prevent racing of requests\n\nIntroduce a request id and a reference to latest request. Dismiss\nincoming responses other than from latest request.\n\nRemove timeouts which were used to mitigate the racing issue but are\nobsolete now.\n\nReviewed-by: Z\nRefs: #123\n",
        );
        assert_eq!(
            m.body.as_deref(),
            Some(
                "Introduce a request id and a reference to latest request. Dismiss\nincoming responses other than from latest request.\n\nRemove timeouts which were used to mitigate the racing issue but are\nobsolete now."
            )
        );
        assert_eq!(m.footers, vec![footer("Reviewed-by", "Z"), footer("Refs", "#123")]);
    }

    #[test]
    fn rule_08_footers_after_body_with_colon_or_hash_separator() {
        let m = parse("fix: x\n\nBody.\n\nCloses #12\nSigned-off-by: A <a@b.c>\nCo-authored-by: B <b@c.d>");
        assert_eq!(m.body.as_deref(), Some("Body."));
        assert_eq!(
            m.footers,
            vec![
                footer("Closes", "12"),
                footer("Signed-off-by", "A <a@b.c>"),
                footer("Co-authored-by", "B <b@c.d>"),
            ]
        );
        let no_body = parse("docs: x\n\nRefs: #1\nAcked-by: C");
        assert_eq!(no_body.body, None);
        assert_eq!(no_body.footers, vec![footer("Refs", "#1"), footer("Acked-by", "C")]);
        let in_body = parse("fix: x\n\nBody mentions\nRefs: 1 mid-paragraph");
        assert!(in_body.footers.is_empty());
        assert_eq!(in_body.body.as_deref(), Some("Body mentions\nRefs: 1 mid-paragraph"));
        let url = parse("fix: x\n\nhttps://example.com/a");
        assert!(url.footers.is_empty());
    }

    #[test]
    fn rule_09_tokens_use_dashes_except_breaking_change() {
        let spaced = parse("fix: x\n\nReviewed by: Z");
        assert!(spaced.footers.is_empty());
        assert_eq!(spaced.body.as_deref(), Some("Reviewed by: Z"));
        let m = parse("fix: x\n\nReviewed-by: Z\nBREAKING CHANGE: gone");
        assert_eq!(m.footers, vec![footer("Reviewed-by", "Z"), footer("BREAKING CHANGE", "gone")]);
        assert_eq!(m.footer("Reviewed by"), Some("Z"));
    }

    #[test]
    fn rule_10_footer_values_span_lines_until_next_token() {
        let m = parse(
            "feat: x\n\nBREAKING CHANGE: the config file\n  is now TOML,  \n\nnot YAML.\nRefs: #7\n  #8\n\n",
        );
        assert_eq!(
            m.footers,
            vec![
                footer("BREAKING CHANGE", "the config file\n  is now TOML,\n\nnot YAML."),
                footer("Refs", "#7\n  #8"),
            ]
        );
        assert_eq!(m.breaking_description(), Some("the config file\n  is now TOML,\n\nnot YAML."));
    }

    #[test]
    fn rule_11_breaking_in_prefix_or_footer() {
        assert!(parse("feat!: drop node 6").breaking);
        assert!(parse("feat(api)!: drop node 6").breaking);
        assert!(parse("feat: x\n\nBREAKING CHANGE: y").breaking);
        assert!(!parse("feat: x\n\nbody").breaking);
        let both = parse("chore!: drop node 6\n\nBREAKING CHANGE: use JS features not in 6");
        assert!(both.breaking);
        assert_eq!(both.breaking_description(), Some("use JS features not in 6"));
        let inferred = parse("Rework API\n\nBREAKING CHANGE: everything moved");
        assert!(inferred.inferred);
        assert!(inferred.breaking);
    }

    #[test]
    fn rule_12_breaking_footer_must_be_upper_case() {
        for message in [
            "feat: x\n\nbreaking change: y",
            "feat: x\n\nBreaking Change: y",
            "feat: x\n\nbreaking-change: y",
        ] {
            let m = parse(message);
            assert!(!m.breaking, "{message}");
            assert_eq!(m.breaking_description(), None, "{message}");
        }
        assert!(parse("feat: x\n\nBREAKING CHANGE #4").breaking);
    }

    #[test]
    fn rule_13_bang_uses_description_when_no_footer() {
        let m = parse("refactor(runtime)!: drop support for Node 6");
        assert!(m.breaking);
        assert_eq!(m.scope.as_deref(), Some("runtime"));
        assert_eq!(m.breaking_description(), Some("drop support for Node 6"));
        let empty_footer = parse("feat!: x\n\nBREAKING CHANGE: ");
        assert_eq!(empty_footer.breaking_description(), Some("x"));
        assert_eq!(parse("feat: x").breaking_description(), None);
    }

    #[test]
    fn rule_14_other_types_allowed() {
        for (header, kind) in [
            ("docs: correct spelling", "docs"),
            ("chore: x", "chore"),
            ("build(deps): x", "build"),
            ("my_type-2: x", "my_type-2"),
        ] {
            let m = parse(header);
            assert!(!m.inferred, "{header}");
            assert_eq!(m.kind, kind, "{header}");
        }
    }

    #[test]
    fn rule_15_case_insensitive_except_breaking_change() {
        let m = parse("FEAT(Api): Add thing\n\nREFS: 1\nrefs: 2");
        assert_eq!(m.kind, "feat");
        assert_eq!(m.scope.as_deref(), Some("Api"));
        assert_eq!(m.description, "Add thing");
        assert_eq!(m.footer("Refs"), Some("1"));
        assert_eq!(m.footer("missing"), None);
        assert_eq!(parse("Fix: x").kind, "fix");
    }

    #[test]
    fn rule_16_breaking_change_hyphen_synonym() {
        let m = parse("feat: x\n\nBREAKING-CHANGE: y");
        assert!(m.breaking);
        assert_eq!(m.breaking_description(), Some("y"));
        assert_eq!(m.footer("BREAKING CHANGE"), Some("y"));
        assert_eq!(m.footer("breaking-change"), Some("y"));
        let spaced = parse("feat: x\n\nBREAKING CHANGE: z");
        assert_eq!(spaced.footer("BREAKING-CHANGE"), Some("z"));
    }

    #[test]
    fn crlf_messages() {
        let m = parse("feat(a)!: x\r\n\r\nBody line\r\nsecond\r\n\r\nRefs: #1\r\nBREAKING-CHANGE: y\r\n");
        assert_eq!(m.description, "x");
        assert_eq!(m.body.as_deref(), Some("Body line\nsecond"));
        assert_eq!(m.footers, vec![footer("Refs", "#1"), footer("BREAKING-CHANGE", "y")]);
        assert!(parse("fix: x\r").body.is_none());
    }

    #[test]
    fn empty_and_whitespace_only_messages() {
        for message in ["", " ", "\n\n", " \t\r\n \r\n"] {
            let m = parse(message);
            assert!(m.inferred);
            assert_eq!(m.kind, "other");
            assert_eq!(m.description, "");
            assert_eq!(m.body, None);
            assert!(m.footers.is_empty());
            assert!(!m.breaking);
        }
    }

    #[test]
    fn leading_blank_lines_are_skipped() {
        let m = parse("\n\n  \nfeat: x\n\nbody");
        assert_eq!(m.kind, "feat");
        assert!(!m.inferred);
        assert_eq!(m.body.as_deref(), Some("body"));
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let long = format!(
            "feat: {}\n\n{}\n\nRefs: {}",
            "é".repeat(500_000),
            "x\n".repeat(100_000),
            "y".repeat(1 << 20)
        );
        let m = parse(&long);
        assert_eq!(m.kind, "feat");
        assert_eq!(m.footers.len(), 1);
        let m = parse("\u{0}\u{1b}[31m\u{7f}: x\n\u{feff}");
        assert!(m.inferred);
        assert_eq!(parse("🚀 Add rockets").kind, "feat");
        assert_eq!(parse("(((((").kind, "other");
    }

    #[test]
    fn autosquash_markers_win_over_conventional_rest() {
        for (message, kind) in [
            ("fixup! feat: x", "fixup"),
            ("squash! fix(a): y", "squash"),
            ("amend! docs: z", "amend"),
            ("fixup!: w", "fixup"),
        ] {
            let m = parse(message);
            assert!(m.inferred, "{message}");
            assert_eq!(m.kind, kind, "{message}");
            assert_eq!(m.description, message);
            assert!(!m.breaking);
        }
    }

    #[test]
    fn render_header_of_conventional_and_inferred() {
        assert_eq!(render_header(&parse("FEAT( api )!:  x ")), "feat(api)!: x");
        assert_eq!(render_header(&parse("fix(): y")), "fix: y");
        assert_eq!(render_header(&parse("fix: y\n\nBREAKING CHANGE: z")), "fix!: y");
        assert_eq!(render_header(&parse("  Merge branch 'x'  ")), "Merge branch 'x'");
    }

    /// Broke the round-trip invariant of the `conventional` fuzz target (`fuzz/`):
    /// `fixup()!: y` is a breaking `fixup` commit, but was rendered as `fixup!: y`, which
    /// reads back as an autosquash subject; so was a `fixup` made breaking by its footer.
    #[test]
    fn render_header_round_trips_breaking_autosquash_types() {
        for (message, header) in [
            ("fixup()!: y", "fixup()!: y"),
            ("Squash(  )!: y", "squash()!: y"),
            ("amend: y\n\nBREAKING CHANGE: z", "amend()!: y"),
            ("fixup: y", "fixup: y"),
            ("fixup(a)!: y", "fixup(a)!: y"),
        ] {
            let first = parse(message);
            assert!(!first.inferred, "{message:?}");
            assert_eq!(render_header(&first), header, "{message:?}");
            let second = parse(header);
            assert!(!second.inferred, "{message:?}");
            assert_eq!(
                (&second.kind, &second.scope, second.breaking, &second.description),
                (&first.kind, &first.scope, first.breaking, &first.description),
                "{message:?}"
            );
        }
    }

    #[test]
    fn inference_table() {
        let table = [
            ("fixup! Add login", "fixup"),
            ("squash! whatever", "squash"),
            ("amend! whatever", "amend"),
            ("Merge branch 'main' into feature", "merge"),
            ("Merge pull request #1 from a/b", "merge"),
            ("Merge remote-tracking branch 'origin/main'", "merge"),
            ("Revert \"feat: add x\"", "revert"),
            ("Reverts the last change", "revert"),
            ("Reverted broken migration", "revert"),
            ("Rollback deploy script", "revert"),
            ("Roll back the schema change", "revert"),
            ("Add CSV export", "feat"),
            ("adds retries", "feat"),
            ("Added dark mode", "feat"),
            ("Implement search", "feat"),
            ("Implements search", "feat"),
            ("Implemented search", "feat"),
            ("Introduce caching", "feat"),
            ("Introduces caching", "feat"),
            ("Introduced caching", "feat"),
            ("Create user page", "feat"),
            ("Creates user page", "feat"),
            ("Created user page", "feat"),
            ("Support IPv6", "feat"),
            ("Supports IPv6", "feat"),
            ("Allow empty names", "feat"),
            ("Allows empty names", "feat"),
            ("Enable telemetry opt-out", "feat"),
            ("Enables telemetry opt-out", "feat"),
            ("New onboarding flow", "feat"),
            ("Improve error messages", "feat"),
            ("Improves error messages", "feat"),
            ("Improved error messages", "feat"),
            ("feat (x): near miss", "feat"),
            ("Fix crash on start", "fix"),
            ("Fixes #12", "fix"),
            ("fixed typo", "docs"),
            ("fix:nospace", "fix"),
            ("Correct totals", "fix"),
            ("Corrects totals", "fix"),
            ("Corrected totals", "fix"),
            ("Repair index", "fix"),
            ("Repairs index", "fix"),
            ("Repaired index", "fix"),
            ("Resolve deadlock", "fix"),
            ("Resolves deadlock", "fix"),
            ("Resolved deadlock", "fix"),
            ("Patch overflow", "fix"),
            ("Patches overflow", "fix"),
            ("Patched overflow", "fix"),
            ("Optimize query", "perf"),
            ("Optimizes query", "perf"),
            ("Optimized query", "perf"),
            ("Optimise query", "perf"),
            ("Optimises query", "perf"),
            ("Optimised query", "perf"),
            ("Speed up startup", "perf"),
            ("Faster builds", "perf"),
            ("Bump serde from 1.0.1 to 1.0.2", "deps"),
            ("Bumps tokio", "deps"),
            ("Bumped version of x", "deps"),
            ("Upgrade to Rust 2024", "deps"),
            ("Upgrades clap", "deps"),
            ("Upgraded clap", "deps"),
            ("Update dependency eslint to v9", "deps"),
            ("Update rust crate serde to 1.0.200", "deps"),
            ("Update module github.com/x/y to v1.2.3", "deps"),
            ("Update actions/checkout action to v4", "deps"),
            ("Update all non-major dependencies", "deps"),
            ("Update README", "docs"),
            ("Updated the copy on the landing page", "chore"),
            ("Refactor parser", "refactor"),
            ("Refactors parser", "refactor"),
            ("Refactored parser", "refactor"),
            ("Rename module", "refactor"),
            ("Renames module", "refactor"),
            ("Renamed module", "refactor"),
            ("Move files", "refactor"),
            ("Moves files", "refactor"),
            ("Moved files", "refactor"),
            ("Extract helper", "refactor"),
            ("Extracts helper", "refactor"),
            ("Extracted helper", "refactor"),
            ("Simplify config", "refactor"),
            ("Clean up tests", "refactor"),
            ("Cleanup", "refactor"),
            ("Clean-up imports", "refactor"),
            ("Tidy imports", "refactor"),
            ("Restructure crate", "refactor"),
            ("Reorganize folders", "refactor"),
            ("Reorganise folders", "refactor"),
            ("Remove dead code", "chore"),
            ("Removes dead code", "chore"),
            ("Removed dead code", "chore"),
            ("Delete old scripts", "chore"),
            ("Deletes old scripts", "chore"),
            ("Deleted old scripts", "chore"),
            ("Drop Python 2", "chore"),
            ("Drops Python 2", "chore"),
            ("Dropped Python 2", "chore"),
            ("Doc tweaks", "docs"),
            ("Docs tweaks", "docs"),
            ("Document the API", "docs"),
            ("Documents the API", "docs"),
            ("Documented the API", "docs"),
            ("README tweaks", "docs"),
            ("Test the parser", "test"),
            ("Tests for parser", "test"),
            ("Tested on ARM", "test"),
            ("Release 1.2.0", "release"),
            ("Releases are signed now", "release"),
            ("Released v2", "release"),
            ("v1.2.3", "release"),
            ("2.0.0-rc.1", "release"),
            ("Prepare release 1.2", "release"),
            ("Prepare for release", "release"),
            ("Prepare the demo", "other"),
            ("WIP", "wip"),
            ("[WIP] half done", "wip"),
            ("wip - stuff", "wip"),
            ("Initial commit", "chore"),
            ("asdf", "other"),
            ("", "other"),
        ];
        for (subject, kind) in table {
            let m = parse(subject);
            assert_eq!(m.kind, kind, "{subject:?}");
            assert_eq!(m.description, subject.trim(), "{subject:?}");
            assert_eq!(m.scope, None, "{subject:?}");
            assert!(m.inferred, "{subject:?}");
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(message in any::<String>()) {
            let m = parse(&message);
            prop_assert!(!m.kind.is_empty());
        }

        #[test]
        fn parse_never_panics_on_message_shapes(
            parts in prop::collection::vec(
                prop_oneof![
                    Just("\n".to_string()),
                    Just("\r\n".to_string()),
                    Just("BREAKING CHANGE: ".to_string()),
                    Just("Refs #".to_string()),
                    Just("feat(".to_string()),
                    Just(")!: ".to_string()),
                    "[ -~\u{e9}\u{1f600}\t]{0,12}",
                ],
                0..24,
            )
        ) {
            let message = parts.concat();
            let m = parse(&message);
            prop_assert_eq!(m.breaking_description().is_some(), m.breaking);
            let _ = render_header(&m);
        }

        #[test]
        fn header_round_trip(
            header in "[A-Za-z][A-Za-z0-9_-]{0,8}(\\([^()\n]{0,10}\\))?!?: [^\n]{1,30}"
        ) {
            let first = parse(&header);
            prop_assume!(!first.inferred);
            let second = parse(&render_header(&first));
            prop_assert!(!second.inferred);
            prop_assert_eq!(&second.kind, &first.kind);
            prop_assert_eq!(&second.scope, &first.scope);
            prop_assert_eq!(second.breaking, first.breaking);
            prop_assert_eq!(&second.description, &first.description);
        }
    }
}
