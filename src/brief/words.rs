//! The plain-language wording of the brief: the headline, outcome sentences,
//! area names and the maintenance summary. A stakeholder reads these; no
//! hashes, no `type(scope):` prefixes, no jargon.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::Constant;

use super::{Roadblock, WindowInfo};
use crate::classify::Reason;
use crate::config::Rewrite;
use crate::window::Window;

/// The area of work without a scope.
pub const GENERAL: &str = "General";

/// The warning shown when a partial clone hid some commits' changes.
pub fn unreadable(commits: usize) -> String {
    format!(
        "The changes of {} could not be counted because their objects are missing (a partial clone?): \
lines and files changed are undercounts. Fetch the full history (git fetch --refetch) for exact numbers.",
        plural(commits as u64, "commit", "commits")
    )
}

/// `Checkout v2 — 8 of 10 issues done (80%), due 1 Dec 2026`.
pub fn milestone(
    title: &str,
    done: Option<u32>,
    total: Option<u32>,
    percent: Option<u32>,
    due: Option<chrono::NaiveDate>,
    overdue: bool,
) -> String {
    let mut text = title.trim().to_string();
    if let (Some(done), Some(total)) = (done, total) {
        let issues = if total == 1 { "issue" } else { "issues" };
        text.push_str(&format!(" — {done} of {total} {issues} done"));
        if let Some(percent) = percent {
            text.push_str(&format!(" ({percent}%)"));
        }
    }
    if let Some(due) = due {
        let when = due.format("%-d %b %Y");
        text.push_str(&if overdue { format!(", overdue since {when}") } else { format!(", due {when}") });
    }
    text
}

/// The warning shown when some commits could not be parsed at all.
pub fn damaged(commits: usize) -> String {
    format!(
        "{} could not be read (a malformed header, such as a date out of range) and {} left out of this brief. \
Running git fsck names {}.",
        plural(commits as u64, "commit", "commits"),
        if commits == 1 { "is" } else { "are" },
        if commits == 1 { "it" } else { "them" }
    )
}

/// The warning shown when most kinds were guessed from the wording; `this
/// week's` or `these` says which commits.
pub fn low_confidence(share: &str, none: bool, whose: &str) -> String {
    if none {
        return format!("None of {whose} changes say what kind they are, so the sections are estimates.");
    }
    format!("Only {share} of {whose} changes say what kind they are, so the sections are estimates.")
}

/// `Weekly brief — acme/shop · 16–22 Nov 2026`; `label` is the window's as
/// the reader sees it (a range in words, never by commit ids).
pub fn title(name: &str, window: &Window, label: &str, paths: &[String], unmerged: Option<&str>) -> String {
    let kind = if window.is_week() { "Weekly brief" } else { "Brief" };
    // A branch that is not the default one is named: its work is not
    // the product's yet.
    let name = match unmerged {
        Some(branch) => format!("{name} · {branch}, not yet merged"),
        None => name.to_string(),
    };
    // A brief of part of the tree says which: the same name over its whole
    // would be a quieter brief than the reader thinks.
    let part = crate::history::Pathspec::parse(paths).ok().flatten().and_then(|p| p.describe());
    match part {
        Some(part) => format!("{kind} — {name} ({part}) · {label}"),
        None => format!("{kind} — {name} · {label}"),
    }
}

/// What a forge calls a pull request: a GitLab merge request is `!412`.
pub fn pull_request_noun(pull: &super::PullRequestRecord) -> &'static str {
    match &pull.number {
        Some(n) if n.starts_with('!') => "merge request",
        _ => "pull request",
    }
}

/// `Pull request #412 — Customers can pay with Apple Pay`: its title in
/// plain words (no `feat(scope):`), else `Pull request #412`.
pub fn pull_request_title(pull: &super::PullRequestRecord, rewrites: &[Rewrite]) -> String {
    let reading = crate::read::read(&pull.title, &crate::read::Lexicon::default());
    let text = outcome_text(&reading.description, rewrites);
    let name = match &pull.number {
        Some(n) if n.starts_with('!') => format!("Merge request {n}"),
        Some(n) => format!("Pull request {n}"),
        None => "Pull request".to_string(),
    };
    if text.trim().is_empty() {
        name
    } else {
        format!("{name} — {text}")
    }
}

/// Whom the headline speaks of: the team over a window, a pull request, or
/// the changes of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    Team,
    /// The team's work on a branch that is not the default one: built,
    /// not yet delivered.
    Unmerged,
    /// `noun`: "pull request", or "merge request" on GitLab.
    PullRequest {
        draft: bool,
        noun: &'static str,
    },
    Changes,
}

/// One sentence from what was delivered and fixed and the most important roadblock.
pub fn headline(
    quiet: bool,
    done: (u64, u64),
    attention: &[Roadblock],
    window: &WindowInfo,
    branch: Option<&str>,
    voice: Voice,
) -> String {
    if quiet {
        let sentence = match (voice, &window.range, branch) {
            (Voice::PullRequest { noun, .. }, _, _) => return format!("This {noun} changes nothing yet."),
            (_, Some(_), _) => return "No changes in this range.".to_string(),
            (_, None, Some(branch)) => format!("No changes reached {branch} {}", window.period),
            (_, None, None) => format!("No changes landed {}", window.period),
        };
        // A quiet branch's week may still have shipped security releases
        // from the others: each is a commit of its Needs attention line.
        let releases: usize = attention.iter().filter_map(releases_told).sum();
        return match releases {
            0 => format!("{sentence}."),
            1 => format!("{sentence}; one security release shipped from another branch."),
            n => format!("{sentence}; {n} security releases shipped from other branches."),
        };
    }
    let (delivered, fixed) = done;
    let past = matches!(voice, Voice::Team | Voice::Unmerged);
    let (deliver, fix) = match voice {
        Voice::Team => ("delivered", "fixed"),
        Voice::Unmerged => ("built", "fixed"),
        Voice::PullRequest { .. } => ("delivers", "fixes"),
        Voice::Changes => ("deliver", "fix"),
    };
    let mut parts = Vec::new();
    if delivered > 0 {
        parts.push(format!("{deliver} {}", counted(delivered, "improvement", "improvements")));
    }
    if fixed > 0 {
        parts.push(format!("{fix} {}", counted(fixed, "problem", "problems")));
    }
    let unmerged = format!("On {}, not yet merged, the team", branch.unwrap_or("this branch"));
    let who = match voice {
        Voice::Team => "The team".to_string(),
        Voice::Unmerged => unmerged,
        Voice::PullRequest { draft: false, noun } => format!("This {noun}"),
        Voice::PullRequest { draft: true, noun } => format!("This draft {noun}"),
        Voice::Changes => "These changes".to_string(),
    };
    let mut sentence = match (parts.is_empty(), voice) {
        (true, Voice::Team) => "The team worked behind the scenes".to_string(),
        (true, Voice::Unmerged) => format!("{who} worked behind the scenes"),
        (true, Voice::PullRequest { .. }) => format!("{who} changes things behind the scenes"),
        (true, Voice::Changes) => "These changes are behind the scenes".to_string(),
        (false, _) => format!("{who} {}", parts.join(" and ")),
    };
    let of = |reason: Reason| attention.iter().filter(|r| r.reason == reason).count() as u64;
    if !past {
        // One change set: what it contains, in the present tense.
        let contains = [
            (Reason::Critical, "an item marked critical", "items marked critical"),
            (Reason::Reverted, "a revert", "reverts"),
            (Reason::Breaking, "a breaking change", "breaking changes"),
            (Reason::Security, "a security fix", "security fixes"),
            (Reason::Deprecated, "a deprecation", "deprecations"),
            (Reason::Blocked, "blocked or unfinished work", "blocked or unfinished work"),
        ];
        if let Some((reason, one, many)) = contains.iter().find(|(r, _, _)| of(*r) > 0) {
            let what = if of(*reason) == 1 { one.to_string() } else { format!("{} {many}", of(*reason)) };
            sentence.push_str(&format!("; it contains {what}"));
        }
        sentence.push('.');
        return sentence;
    }
    let roadblock = if of(Reason::Overdue) > 0 && of(Reason::Critical) == 0 {
        Some(match of(Reason::Overdue) {
            1 => "one milestone is overdue".to_string(),
            n => format!("{n} milestones are overdue"),
        })
    } else if of(Reason::Critical) > 0 {
        Some(match of(Reason::Critical) {
            1 => "one item is marked critical".to_string(),
            n => format!("{n} items are marked critical"),
        })
    } else if of(Reason::Reverted) > 0 {
        Some(match of(Reason::Reverted) {
            1 => "one change was rolled back".to_string(),
            n => format!("{n} changes were rolled back"),
        })
    } else if of(Reason::Breaking) > 0 {
        Some(match of(Reason::Breaking) {
            1 => "one breaking change needs coordination".to_string(),
            n => format!("{n} breaking changes need coordination"),
        })
    } else if of(Reason::Security) > 0 {
        Some(security_shipped(attention))
    } else if of(Reason::Deprecated) > 0 {
        Some(match of(Reason::Deprecated) {
            1 => "one deprecation asks users to move".to_string(),
            n => format!("{n} deprecations ask users to move"),
        })
    } else if let Some(unstable) = attention.iter().find(|r| r.reason == Reason::Unstable) {
        Some(format!("{} looks unstable", unstable.area))
    } else if of(Reason::Blocked) > 0 {
        Some(match of(Reason::Blocked) {
            1 => "one item is blocked or unfinished".to_string(),
            n => format!("{n} items are blocked or unfinished"),
        })
    } else {
        None
    };
    if let Some(roadblock) = roadblock {
        sentence.push_str("; ");
        sentence.push_str(&roadblock);
    }
    // A security fix is always in the headline, whatever else needs saying.
    if of(Reason::Security) > 0 && !sentence.contains("security") {
        sentence.push_str("; ");
        sentence.push_str(&security_shipped(attention));
    }
    sentence.push('.');
    sentence
}

/// How many security releases a Needs attention line tells of ("security
/// releases close …" names one a commit), or `None` when it is no release's
/// line. Read from the note, which a merged brief keeps.
pub fn releases_told(item: &Roadblock) -> Option<usize> {
    if item.reason != Reason::Security {
        return None;
    }
    if item.note.starts_with("security releases") {
        Some(item.commits.len().max(1))
    } else if item.note.starts_with("a security release") {
        Some(1)
    } else {
        None
    }
}

/// "one security fix shipped", "2 security releases shipped", "one
/// security fix and one security release shipped": a release that closes
/// seven vulnerabilities is one release, not one fix.
fn security_shipped(attention: &[Roadblock]) -> String {
    let (mut fixes, mut releases) = (0, 0);
    for item in attention.iter().filter(|r| r.reason == Reason::Security) {
        match releases_told(item) {
            Some(told) => releases += told,
            None => fixes += 1,
        }
    }
    let fixes = match fixes {
        0 => None,
        1 => Some("one security fix".to_string()),
        n => Some(format!("{n} security fixes")),
    };
    let releases = match releases {
        0 => None,
        1 => Some("one security release".to_string()),
        n => Some(format!("{n} security releases")),
    };
    match (fixes, releases) {
        (Some(fixes), Some(releases)) => format!("{fixes} and {releases} shipped"),
        (Some(one), None) | (None, Some(one)) => format!("{one} shipped"),
        (None, None) => String::new(),
    }
}

static SQUASH_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*\((?:[0-9A-Za-z_.-]+/[0-9A-Za-z_.-]+)?[#!]\d+\)\.?\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A marker that picks a subject for the release notes (`… (note)`): for
/// the people who write them, not for the reader.
static NOTE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[(\[](?:notes?|release[- ]notes?|changelog)[)\]]\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A parenthetical that opens with an issue: `(fixes #3228)`, `(closes #1, #2)`,
/// `(#12)`, `(#9, item 20)`.
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s*\((?:(?:fix(?:es|ed)?|close[sd]?|resolve[sd]?|refs?|see|re|part of)\s*:?\s*)?(?:[0-9A-Za-z_.-]+/[0-9A-Za-z_.-]+)?[#!]\d+(?:[,;][^()]*)?\)",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// An issue number heading a title: `#3211: Don't require ssl`.
static LEADING_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[#!]\d+\s*[:\-–]\s*").unwrap_or_else(|e| unreachable!("{e}")));

/// The pull request a squash suffix names (`… (#383)` → `#383`).
pub fn squash_reference(text: &str) -> Option<String> {
    let found = SQUASH_SUFFIX.find(text.trim())?;
    let inner = found.as_str().trim().trim_start_matches('(').trim_end_matches(')');
    Some(inner.to_string())
}

/// A description made a sentence: trimmed, first letter capitalised, no
/// trailing period, no quotes around it, and no issue numbers in it (a
/// squash-merge `(#123)` suffix, `(fixes #12)`, a leading `#12:`): the
/// references are cited separately.
pub fn sentence(description: &str) -> String {
    let mut text = description.trim();
    if text.len() > 2 && text.starts_with('"') && text.ends_with('"') {
        text = &text[1..text.len() - 1];
    }
    let text = LEADING_REFERENCE.replace(text.trim(), "");
    let text = CITATION.replace_all(&text, "");
    let text = SQUASH_SUFFIX.replace(text.trim(), "");
    let text = NOTE_MARKER.replace(text.trim(), "");
    let text = text.trim_end_matches(['.', ' ']).trim();
    let mut chars = text.chars();
    let sentence: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return "(no description)".to_string(),
    };
    shorten(&sentence, MAX_SENTENCE)
}

/// A stakeholder reads a line, not an essay: longer descriptions are cut at
/// a word, with an ellipsis (the JSON keeps the whole subject).
const MAX_SENTENCE: usize = 160;

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(' ').filter(|&i| i > max / 2).map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([' ', ',', ';', ':']))
}

/// The text of an outcome: the description with the team's rewrites
/// applied, made a sentence.
pub fn outcome_text(description: &str, rewrites: &[Rewrite]) -> String {
    // Only the start of a description can reach the reader: no rule runs on
    // more, and no rule's output grows past it (rules that double their
    // input would otherwise grow it exponentially).
    let cap = |text: &str| -> String { text.chars().take(4 * MAX_SENTENCE).collect() };
    let mut text = cap(description);
    for rewrite in rewrites {
        text = cap(&rewrite.pattern.replace_all(&text, rewrite.replace.as_str()));
    }
    sentence(&text)
}

static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<package>.*?)(?:@|[/-]|-v|/v))?v?(?P<version>\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.-]+)?)$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// `v2.4.0` → `Released version 2.4.0`; a monorepo's `web@1.2.3`,
/// `web-v1.2.3` or `web/v1.2.3` → `Released web 1.2.3`; `beta-launch` →
/// `Released beta-launch`.
pub fn release(tag: &str) -> String {
    let Some(c) = VERSION.captures(tag) else { return format!("Released {tag}") };
    let version = &c["version"];
    // `2.31.0-rc2`, `2.0.0-beta.20`: not yet the release users are told to take.
    let pre = if PRE_RELEASE.is_match(version) { " (a pre-release)" } else { "" };
    match c.name("package").map(|p| p.as_str().trim_end_matches(['-', '/', '@'])).filter(|p| !p.is_empty()) {
        Some(package) => format!("Released {package} {version}{pre}"),
        None => format!("Released version {version}{pre}"),
    }
}

/// A version's pre-release part: `-rc2`, `-beta.20`, `.alpha1`, `-preview`.
static PRE_RELEASE: LazyLock<Constant> = LazyLock::new(|| {
    Constant::new(r"(?i)[-.](?:rc|beta|alpha|pre|preview|dev|nightly)(?:[.-]?\d+)*(?:[-+.].*)?$")
});

/// The advisory ids a line names (`CVE-2024-31449`, `GHSA-…`).
pub fn advisory_ids(text: &str) -> Vec<String> {
    crate::classify::advisory_ids(std::iter::once(text))
}

/// `Released versions 7.4.1, 7.2.6 and 6.2.16`: several releases in one line.
pub fn releases(tags: &[&str]) -> String {
    let each: Vec<String> =
        tags.iter().map(|tag| release(tag).trim_start_matches("Released ").to_string()).collect();
    let versions: Option<Vec<&str>> = each.iter().map(|r| r.strip_prefix("version ")).collect();
    let (what, names) = match versions {
        Some(versions) if versions.len() > 1 => ("versions ", versions),
        _ => ("", each.iter().map(String::as_str).collect()),
    };
    let list = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    };
    format!("Released {what}{list}")
}

/// The product area of a scope or an `area:` prefix: its configured name,
/// else the area made readable (`user-profile` → `User profile`, `net/http` →
/// `Net HTTP`, `builtin/add` → `Add`), else `General`. A comma list names its
/// first area; known acronyms keep their capitals.
pub fn area(scope: Option<&str>, areas: &BTreeMap<String, String>) -> String {
    let Some(scope) = scope.map(str::trim).filter(|s| !s.is_empty()) else {
        return GENERAL.to_string();
    };
    let configured = |key: &str| {
        areas
            .get(key)
            .or_else(|| areas.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
            .cloned()
    };
    if let Some(name) = configured(scope) {
        return name;
    }
    let first = scope.split(',').next().unwrap_or(scope).trim();
    if let Some(name) = configured(first) {
        return name;
    }
    // A numbered test script (`t0080`) is no part of the product.
    if crate::classify::is_test_script(first) {
        return GENERAL.to_string();
    }
    // A path names its part of the product by what follows a container folder.
    let mut parts: Vec<&str> = first.split('/').filter(|p| !p.is_empty()).collect();
    while parts.len() > 1 && CONTAINERS.contains(&parts[0].to_ascii_lowercase().as_str()) {
        parts.remove(0);
    }
    // A hyphen joins words, except before a digit (`UTF-8`, `HTTP-2`).
    let joined: String = parts.join(" ");
    let spaced: String = joined
        .char_indices()
        .map(|(i, c)| match c {
            '-' if joined[i + 1..].starts_with(|n: char| n.is_ascii_digit()) => '-',
            '-' | '_' | '/' => ' ',
            c => c,
        })
        .collect();
    let words: Vec<String> = spaced
        .split(' ')
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, word)| readable_word(word, i == 0))
        .collect();
    if words.is_empty() {
        return GENERAL.to_string();
    }
    shorten(&words.join(" "), 40)
}

/// Folders that hold parts of a product rather than name one.
const CONTAINERS: &[&str] = &[
    "src",
    "lib",
    "libs",
    "pkg",
    "internal",
    "builtin",
    "crates",
    "packages",
    "apps",
    "modules",
    "cmd",
    "components",
    "services",
];

/// Words a reader knows in capitals, or in their own mixed case.
const ACRONYMS: &[&str] = &[
    "API",
    "CLI",
    "UI",
    "UX",
    "CI",
    "CD",
    "SFC",
    "SSR",
    "CSS",
    "HTML",
    "HTTP",
    "HTTPS",
    "HTTP2",
    "JSON",
    "XML",
    "YAML",
    "TOML",
    "SQL",
    "DB",
    "SDK",
    "URL",
    "URI",
    "IO",
    "TLS",
    "SSL",
    "SSH",
    "GPU",
    "CPU",
    "DNS",
    "JWT",
    "AWS",
    "GCP",
    "LSP",
    "WASM",
    "JS",
    "TS",
    "PDF",
    "CSV",
    "SMTP",
    "TCP",
    "UDP",
    "IP",
    "RPC",
    "REST",
    "OS",
    "VM",
    "ABI",
    "AST",
    "FFI",
    "GC",
    "MIR",
    "LLVM",
    "SIMD",
    "ARM",
    "QUIC",
    "CORS",
    "OAuth",
    "gRPC",
    "GraphQL",
    "iOS",
    "macOS",
    "WebSocket",
    "JavaScript",
    "TypeScript",
    "GitHub",
    "GitLab",
    "IPv6",
    "IPv4",
    "i18n",
    "l10n",
    "a11y",
];

fn readable_word(word: &str, first: bool) -> String {
    if let Some(known) = ACRONYMS.iter().find(|a| a.eq_ignore_ascii_case(word)) {
        return known.to_string();
    }
    let word = strip_extension(word);
    if first {
        let mut chars = word.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    } else {
        word.to_string()
    }
}

/// `foo.c` → `foo`: a file's name, not its type, names the area.
fn strip_extension(word: &str) -> &str {
    match word.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty() && ext.len() <= 4 && ext.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            stem
        }
        _ => word,
    }
}

/// The kind of maintenance a reader knows, for a unit's type.
pub fn maintenance_kind(kind: &str) -> &'static str {
    match kind {
        "deps" => "deps",
        "test" => "test",
        "docs" => "docs",
        "refactor" | "style" => "refactor",
        "build" | "ci" => "build",
        "i18n" | "l10n" => "i18n",
        "perf" => "perf",
        "chore" | "release" | "wip" | "revert" | "security" => "chore",
        _ => "other",
    }
}

/// `14 maintenance changes (8 dependency updates, 4 internal clean-ups, 2 test improvements).`
/// Each kind appears once, largest first, `other` last.
pub fn maintenance_summary(total: usize, by_kind: &BTreeMap<String, usize>) -> String {
    if total == 0 {
        return "No maintenance changes.".to_string();
    }
    let mut kinds: Vec<(&String, &usize)> = by_kind.iter().collect();
    kinds.sort_by(|a, b| (a.0 == "other", b.1).cmp(&(b.0 == "other", a.1)).then(a.0.cmp(b.0)));
    let parts: Vec<String> = kinds
        .into_iter()
        .map(|(kind, n)| {
            let (one, many) = kind_words(kind);
            plural(*n as u64, one, many)
        })
        .collect();
    format!("{} ({}).", plural(total as u64, "maintenance change", "maintenance changes"), parts.join(", "))
}

fn kind_words(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "deps" => ("dependency update", "dependency updates"),
        "refactor" => ("internal clean-up", "internal clean-ups"),
        "test" => ("test improvement", "test improvements"),
        "docs" => ("documentation update", "documentation updates"),
        "build" => ("build and CI change", "build and CI changes"),
        "chore" => ("housekeeping change", "housekeeping changes"),
        "i18n" => ("translation update", "translation updates"),
        // Only tuning that does not say what users gain is maintenance.
        "perf" => ("internal speed-up", "internal speed-ups"),
        _ => ("other change", "other changes"),
    }
}

/// `one problem`, `6 problems`: how a sentence says a count.
fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("one {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `1 problem`, `6 problems`: how a list says a count.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_lose_prefix_noise_and_gain_a_capital() {
        assert_eq!(sentence("add Apple Pay (#412)"), "Add Apple Pay");
        assert_eq!(
            sentence("  password reset emails arrive within a minute. "),
            "Password reset emails arrive within a minute"
        );
        assert_eq!(sentence("élan vital"), "Élan vital");
        assert_eq!(sentence(""), "(no description)");
        assert_eq!(sentence("Fix two Javadoc errors (#1763)."), "Fix two Javadoc errors");
        assert_eq!(sentence("Enable stylecheck (fixes #3228)"), "Enable stylecheck");
        assert_eq!(sentence("\"#3211: Don't require ssl module\""), "Don't require ssl module");
        assert_eq!(sentence("Retry uploads (closes #1, #2) on failure"), "Retry uploads on failure");
        assert_eq!(sentence("Bound the rewrites (#9, item 20)"), "Bound the rewrites");
        assert_eq!(
            sentence("Remove X from the default list (note) (#15180)"),
            "Remove X from the default list"
        );
        let long = sentence(&"word ".repeat(100));
        assert!(long.chars().count() <= 161 && long.ends_with("word…"), "{long}");
    }

    #[test]
    fn rewrites_apply_before_the_sentence_is_made() {
        let rewrites = vec![Rewrite {
            pattern: Regex::new(r"(?i)\boauth2?\b").unwrap(),
            replace: "sign-in".to_string(),
        }];
        assert_eq!(
            outcome_text("oauth2 tokens refresh silently (#7)", &rewrites),
            "Sign-in tokens refresh silently"
        );
    }

    #[test]
    fn doubling_rewrites_stay_bounded() {
        let double = Rewrite { pattern: Regex::new("(.+)").unwrap(), replace: "$1 $1".to_string() };
        let rules = vec![double; 40];
        let text = outcome_text("grow", &rules);
        assert!(text.chars().count() <= MAX_SENTENCE + 1, "{}", text.len());
    }

    #[test]
    fn several_releases_are_one_line() {
        assert_eq!(releases(&["7.4.1", "7.2.6", "6.2.16"]), "Released versions 7.4.1, 7.2.6 and 6.2.16");
        assert_eq!(releases(&["v2.45.3"]), "Released version 2.45.3");
        assert_eq!(releases(&["api-v1.2.0", "v1.1.9"]), "Released api 1.2.0 and version 1.1.9");
    }

    #[test]
    fn releases_name_their_version() {
        assert_eq!(release("v2.4.0"), "Released version 2.4.0");
        assert_eq!(release("2.4.0-rc.1"), "Released version 2.4.0-rc.1 (a pre-release)");
        assert_eq!(release("v2.31.0-rc2"), "Released version 2.31.0-rc2 (a pre-release)");
        assert_eq!(release("tauri-v2.0.0-beta.20"), "Released tauri 2.0.0-beta.20 (a pre-release)");
        assert_eq!(release("api/v1.2"), "Released api 1.2");
        assert_eq!(release("web@1.2.3"), "Released web 1.2.3");
        assert_eq!(release("@acme/ui@0.4.0"), "Released @acme/ui 0.4.0");
        assert_eq!(release("web-v1.2.3"), "Released web 1.2.3");
        assert_eq!(release("beta-launch"), "Released beta-launch");
    }

    #[test]
    fn areas_come_from_config_then_scope_then_general() {
        let areas = BTreeMap::from([("auth".to_string(), "Sign-in".to_string())]);
        assert_eq!(area(Some("auth"), &areas), "Sign-in");
        assert_eq!(area(Some("AUTH"), &areas), "Sign-in");
        assert_eq!(area(Some("user-profile"), &areas), "User profile");
        assert_eq!(area(None, &areas), "General");
        assert_eq!(area(Some("http"), &areas), "HTTP");
        assert_eq!(area(Some("net/http"), &areas), "Net HTTP");
        assert_eq!(area(Some("builtin/add"), &areas), "Add");
        assert_eq!(area(Some("runtime, cmd/go"), &areas), "Runtime");
        assert_eq!(area(Some("api,ui"), &areas), "API");
        assert_eq!(area(Some("sfc"), &areas), "SFC");
        assert_eq!(area(Some("UTF-8"), &areas), "UTF-8");
        assert_eq!(area(Some("t7528-status"), &areas), "General");
        assert_eq!(area(Some("T0080"), &areas), "General");
        assert_eq!(area(Some("tls"), &areas), "TLS");
    }

    #[test]
    fn maintenance_summary_counts_by_kind_largest_first() {
        let by_type =
            BTreeMap::from([("deps".to_string(), 8), ("refactor".to_string(), 4), ("test".to_string(), 2)]);
        assert_eq!(
            maintenance_summary(14, &by_type),
            "14 maintenance changes (8 dependency updates, 4 internal clean-ups, 2 test improvements)."
        );
        assert_eq!(maintenance_summary(0, &BTreeMap::new()), "No maintenance changes.");
    }
}
