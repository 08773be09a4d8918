//! Untrusted text: commit messages, scopes, tag names and author names are
//! written by anyone who can push. Whatever they hold, the HTML brief runs
//! no script and loads nothing, the Markdown brief (and the pull-request
//! comment) pings nobody, links only to http(s), keeps its tables and its
//! marker, the terminal brief takes no orders, and the JSON keeps the text
//! exactly as committed.

mod common;

use std::sync::LazyLock;

use common::Repo;
use regex::Regex;
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin"];
const MARKER: &str = "<!-- git-brief -->";

/// A repository whose week 47 holds one commit per message (a minute apart).
fn week_of(messages: &[&str]) -> Repo {
    let repo = Repo::new();
    repo.commit("chore: the week before", "2026-11-10T10:00:00+01:00");
    for (n, message) in messages.iter().enumerate() {
        repo.commit(message, &format!("2026-11-17T{:02}:{:02}:00+01:00", 8 + n / 60, n % 60));
    }
    repo
}

/// Runs git-brief with `args` (week 47 added) and returns stdout; the run must succeed.
fn render(repo: &Repo, args: &[&str]) -> String {
    let out = repo.brief(&[WEEK, args].concat()).success().get_output().clone();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn html(repo: &Repo) -> String {
    let page = render(repo, &["--format", "html"]);
    assert_html_safe(&page);
    page
}

/// The Markdown brief and the pull-request comment, both checked by
/// [`assert_markdown_safe`]; returns the plain brief.
fn markdown(repo: &Repo) -> String {
    let plain = render(repo, &["--format", "markdown"]);
    assert_markdown_safe(&plain, false);
    let comment = render(repo, &["--format", "markdown", "--comment"]);
    assert_markdown_safe(&comment, true);
    plain
}

/// The terminal brief with colour forced on and with the default (off when
/// piped), both checked by [`assert_terminal_safe`]; returns the coloured one.
fn text(repo: &Repo) -> String {
    let coloured = render(repo, &["--format", "text", "--color", "always"]);
    assert!(coloured.contains("\u{1b}[1m"), "colour is on: {coloured:?}");
    assert_terminal_safe(&coloured, true);
    let plain = render(repo, &["--format", "text"]);
    assert_terminal_safe(&plain, false);
    plain
}

fn json(repo: &Repo) -> Value {
    repo.json(WEEK)
}

/// The subjects of the JSON brief's commits, in commit order (oldest first).
fn json_subjects(brief: &Value) -> Vec<String> {
    let mut subjects: Vec<String> = brief["commits"]
        .as_array()
        .expect("commits")
        .iter()
        .map(|c| c["subject"].as_str().expect("subject").to_string())
        .collect();
    subjects.reverse();
    subjects
}

/// The first line of each message, as git stores it: what `subject` must be.
fn first_lines(messages: &[&str]) -> Vec<String> {
    messages.iter().map(|m| m.lines().next().unwrap_or("").trim_end().to_string()).collect()
}

/// The week's own commit subjects in the JSON brief, exactly as committed.
fn assert_json_verbatim(repo: &Repo, messages: &[&str]) -> Value {
    let brief = json(repo);
    let mut subjects = json_subjects(&brief);
    subjects.retain(|s| s != "chore: the week before");
    assert_eq!(subjects, first_lines(messages), "the JSON keeps the raw text");
    brief
}

// The checks, one per format.

/// True when the character at byte `at` is not escaped by a backslash (an
/// even number of backslashes before it).
fn unescaped(line: &str, at: usize) -> bool {
    line[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 0
}

/// Each line with its closed code spans (a run of unescaped backticks and
/// the next run of the same length) replaced by `·code·`.
fn without_code_spans(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for (n, line) in md.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let bytes = line.as_bytes();
        let mut at = 0;
        let mut kept = 0;
        while at < bytes.len() {
            if bytes[at] != b'`' || !unescaped(line, at) {
                at += 1;
                continue;
            }
            let run = bytes[at..].iter().take_while(|&&b| b == b'`').count();
            let mut search = at + run;
            let mut close = None;
            while search < bytes.len() {
                let len = bytes[search..].iter().take_while(|&&b| b == b'`').count();
                if len == run {
                    close = Some(search);
                    break;
                }
                search += len.max(1);
            }
            match close {
                Some(close) => {
                    out.push_str(&line[kept..at]);
                    out.push_str("·code·");
                    at = close + run;
                    kept = at;
                }
                None => at += run,
            }
        }
        out.push_str(&line[kept..]);
    }
    out
}

/// The table cell separators of a Markdown line: `|` not escaped by a backslash.
fn pipes(line: &str) -> usize {
    line.match_indices('|').filter(|&(i, _)| unescaped(line, i)).count()
}

static MENTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)(^|[^\w@])@[A-Za-z0-9]").unwrap());
static MENTION_ENTITY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)&#(0*64|x0*40);").unwrap());

/// Every rule a Markdown brief (or, with `comment`, a pull-request comment)
/// keeps whatever the commits say.
fn assert_markdown_safe(md: &str, comment: bool) {
    let tables_view = md;
    // Code spans are inert (no HTML, link, image or mention inside one), and
    // outcome text may show a subject's code as code; every span must close
    // on its own line, so that nothing after it becomes code.
    let inert = without_code_spans(md);
    let md = inert.as_str();
    // The marker: exactly once, as the first line of a comment; never otherwise.
    let body = if comment {
        let (first, rest) = md.split_once('\n').expect("more than one line");
        assert_eq!(first, MARKER, "the comment starts with its marker");
        rest
    } else {
        md
    };
    assert!(!body.contains("<!--"), "no other HTML comment, real or fake marker: {}", around(body, "<!--"));

    // No raw HTML but the brief's own <details> and <summary>.
    const OWN: [&str; 4] = ["<details>", "</details>", "<summary>", "</summary>"];
    for (i, _) in body.match_indices('<') {
        let next = body[i + 1..].chars().next().unwrap_or(' ');
        if next.is_ascii_alphabetic() || "/!?".contains(next) {
            assert!(OWN.iter().any(|tag| body[i..].starts_with(tag)), "raw HTML: {}", excerpt(body, i));
        }
    }

    // Nobody is mentioned, in letters or in entities.
    if let Some(m) = MENTION.find(md) {
        panic!("a live mention: {}", excerpt(md, m.start()));
    }
    if let Some(m) = MENTION_ENTITY.find(md) {
        panic!("an entity spelling @: {}", excerpt(md, m.start()));
    }

    for line in md.lines() {
        // Links go to http(s) only, and there are no images.
        for (i, _) in line.match_indices("](") {
            if !unescaped(line, i) {
                continue;
            }
            let target = &line[i + 2..];
            assert!(
                target.starts_with("https://") || target.starts_with("http://"),
                "a link to something other than http(s): {}",
                excerpt(line, i)
            );
            let opening = line[..i].rmatch_indices('[').find(|&(j, _)| unescaped(line, j)).map(|(j, _)| j);
            if let Some(j) = opening {
                assert!(!line[..j].ends_with('!'), "an image: {}", excerpt(line, j));
            }
        }
        // No code span is left open.
        let ticks = line.match_indices('`').filter(|&(i, _)| unescaped(line, i)).count();
        assert_eq!(ticks, 0, "a code span left open: {}", excerpt(line, 0));
    }

    // Every table keeps its columns: each row has as many separators as its header.
    let lines: Vec<&str> = tables_view.lines().collect();
    let mut tables = 0;
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with('|') {
            i += 1;
            continue;
        }
        tables += 1;
        let header = pipes(lines[i]);
        assert!(header >= 3, "a header: {}", lines[i]);
        while i < lines.len() && lines[i].starts_with('|') {
            let row = lines[i];
            assert!(row.ends_with('|') && unescaped(row, row.len() - 1), "a whole row: {}", excerpt(row, 0));
            assert_eq!(pipes(row), header, "as many cells as the header: {}", excerpt(row, 0));
            i += 1;
        }
        // Nothing that looks like a row was cut off the table.
        assert!(i == lines.len() || !lines[i].contains(" | "), "a row outside its table: {}", lines[i]);
    }
    assert_eq!(tables, 2, "the Numbers table and the appendix");
}

/// The brief's own colours (bold, dim, green, red, yellow, cyan, reset).
static OWN_COLOUR: LazyLock<Regex> = LazyLock::new(|| Regex::new("\u{1b}\\[(0|1|2|31|32|33|36)m").unwrap());

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// No control character from commit text reaches the terminal.
fn assert_terminal_safe(text: &str, colour: bool) {
    let rest = if colour {
        OWN_COLOUR.replace_all(text, "").into_owned()
    } else {
        assert!(!text.contains('\u{1b}'), "no escape at all without colour: {text:?}");
        text.to_string()
    };
    for (i, c) in rest.char_indices() {
        assert!(c == '\n' || !c.is_control(), "control character {c:?}: {}", excerpt(&rest, i));
        assert!(!is_bidi(c), "bidirectional control {c:?}: {}", excerpt(&rest, i));
    }
}

static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9-]*)").unwrap());
static EVENT_ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)<[^>]*\son[a-z]+\s*="#).unwrap());
static URL_ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\s(href|src|action|formaction|xlink:href)\s*=\s*["']?([^"'\s>]*)"#).unwrap()
});

/// No markup from commit text in the HTML page: no script, no image, no
/// event handler, no link but http(s), no comment.
fn assert_html_safe(page: &str) {
    for m in TAG.captures_iter(page) {
        let name = m[2].to_ascii_lowercase();
        assert!(
            ![
                "script", "img", "iframe", "object", "embed", "form", "input", "base", "image", "video",
                "audio"
            ]
            .contains(&name.as_str()),
            "a <{name}> element: {}",
            excerpt(page, m.get(0).unwrap().start())
        );
    }
    if let Some(m) = EVENT_ATTRIBUTE.find(page) {
        panic!("an event handler: {}", excerpt(page, m.start()));
    }
    for m in URL_ATTRIBUTE.captures_iter(page) {
        assert!(m[2].starts_with("https://") || m[2].starts_with("http://"), "a {} to {}", &m[1], &m[2]);
    }
    assert!(!page.contains("<!--"), "no comment: {}", around(page, "<!--"));
    assert!(!page.chars().any(is_bidi), "no bidirectional control");
    assert!(page.trim_end().ends_with("</html>"), "the page is whole");
}

/// Up to 120 characters of `text` around byte `at`, for failure messages.
fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at].char_indices().rev().nth(40).map_or(0, |(i, _)| i);
    text[start..].chars().take(120).collect::<String>().escape_debug().to_string()
}

fn around(text: &str, needle: &str) -> String {
    text.find(needle).map_or_else(String::new, |i| excerpt(text, i))
}

// Script tags.

const SCRIPT: &[&str] = &[
    "feat(<script>): run <script>alert(1)</script> on load",
    "fix: close </script><script src=https://evil.example/x.js></script>",
];

#[test]
fn script_tags_are_escaped_in_html() {
    let repo = week_of(SCRIPT);
    repo.git(&["tag", "v1.0<script>"]);
    let page = html(&repo);
    assert!(page.contains("run &lt;script&gt;alert(1)&lt;/script&gt; on load"), "shown, escaped");
    assert!(page.contains("v1.0&lt;script&gt;"), "the tag, escaped");
}

#[test]
fn script_tags_are_text_in_markdown() {
    let repo = week_of(SCRIPT);
    repo.git(&["tag", "v1.0<script>"]);
    let md = markdown(&repo);
    assert!(md.contains("Run &lt;script&gt;alert(1)&lt;/script&gt; on load"), "shown as text: {md}");
}

#[test]
fn script_tags_are_kept_verbatim_in_json() {
    let repo = week_of(SCRIPT);
    repo.git(&["tag", "v1.0<script>"]);
    let brief = assert_json_verbatim(&repo, SCRIPT);
    assert_eq!(brief["releases"][0]["tag"], "v1.0<script>");
    text(&repo);
}

// Images with event handlers.

const IMG: &[&str] = &[
    "fix(ui): show <img src=x onerror=alert(1)> safely",
    "feat(<img src=x onerror=alert`1`>): thumbnails",
    "feat: svg <svg onload=alert(1)> and <a href=\"javascript:alert(1)\">x</a>",
];

#[test]
fn img_onerror_is_escaped_in_html() {
    let repo = week_of(IMG);
    repo.git(&["tag", "v1.0<img/src=x/onerror=alert(1)>"]);
    let page = html(&repo);
    assert!(page.contains("&lt;img src"), "shown, escaped");
}

#[test]
fn img_onerror_is_text_in_markdown() {
    let repo = week_of(IMG);
    repo.git(&["tag", "v1.0<img/src=x/onerror=alert(1)>"]);
    let md = markdown(&repo);
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"), "shown as text: {md}");
    assert_json_verbatim(&repo, IMG);
}

// Mentions.

const EVERYONE: &[&str] = &["feat(@everyone): ping @everyone and @here", "fix: @channel please look"];

#[test]
fn everyone_mentions_ping_nobody_in_markdown() {
    let repo = week_of(EVERYONE);
    repo.git(&["tag", "v1.0-@everyone"]);
    let md = markdown(&repo);
    assert!(md.contains("everyone"), "the word is still there: {md}");
    assert_json_verbatim(&repo, EVERYONE);
}

const TEAM: &[&str] =
    &["fix(@org/team): ask @org/team and @ada-lovelace for review", "feat: thanks @ada, (@bob) and\t@carol"];

#[test]
fn team_mentions_ping_nobody_in_markdown() {
    let repo = week_of(TEAM);
    repo.git(&["tag", "v1.0-@org/team"]);
    let md = markdown(&repo);
    assert!(md.contains("org/team"), "the name is still there: {md}");
    assert_json_verbatim(&repo, TEAM);
}

#[test]
fn author_names_ping_nobody_and_keep_the_table() {
    let repo = week_of(&[]);
    repo.commit_by(
        "feat: work by a hostile name",
        "2026-11-17T10:00:00+01:00",
        ("@everyone | `x` ![p](https://t.example/p) [a](javascript:alert(1))", "evil@example.com"),
    );
    markdown(&repo);
    html(&repo);
    text(&repo);
}

const ENTITY: &[&str] =
    &["feat: ping &#64;everyone and &#x40;org/team", "fix: &#X40;here &commat;all &#0064;team"];

#[test]
fn entity_spelled_mentions_stay_text_in_markdown() {
    let repo = week_of(ENTITY);
    repo.git(&["tag", "v1.0-&#64;everyone"]);
    let md = markdown(&repo);
    assert!(md.contains("&amp;#64;everyone"), "the entity is shown as written: {md}");
    assert!(!md.contains("&commat;"), "no named entity either: {md}");
}

#[test]
fn entity_spelled_mentions_stay_text_in_html() {
    let repo = week_of(ENTITY);
    repo.git(&["tag", "v1.0-&#64;everyone"]);
    let page = html(&repo);
    assert!(!MENTION_ENTITY.is_match(&page), "{}", around(&page, "#64"));
    assert!(page.contains("&amp;#64;everyone"), "shown as written");
    assert_json_verbatim(&repo, ENTITY);
}

// Images and links.

const PIXEL: &[&str] = &[
    "feat: tracking ![x](https://tracker.example/pixel) pixel",
    "fix: reference ![y][pixel] and ![z](<https://tracker.example/p2>)",
];

#[test]
fn tracking_images_do_not_load_in_markdown() {
    let repo = week_of(PIXEL);
    let md = markdown(&repo);
    assert!(md.contains("tracker.example/pixel"), "the text is still there: {md}");
}

#[test]
fn tracking_images_do_not_load_in_html() {
    let repo = week_of(PIXEL);
    html(&repo);
    assert_json_verbatim(&repo, PIXEL);
}

const JAVASCRIPT_LINK: &[&str] = &[
    "feat: [click](javascript:alert(1)) here",
    "fix: [ok](https://example.com) but [bad]( javascript:alert(1) ) and [data](data:text/html,x)",
    "feat(docs): \\[escaped\\](javascript:alert(2)) and [\\](javascript:alert(3))",
];

#[test]
fn javascript_links_are_not_links_in_markdown() {
    let repo = week_of(JAVASCRIPT_LINK);
    let md = markdown(&repo);
    assert!(md.contains("javascript:alert(1)"), "the text is still there: {md}");
}

#[test]
fn javascript_links_are_not_links_in_html() {
    let repo = week_of(JAVASCRIPT_LINK);
    html(&repo);
    assert_json_verbatim(&repo, JAVASCRIPT_LINK);
}

const AUTOLINK: &[&str] =
    &["feat: open <javascript:alert(1)> now", "fix: mail <mailto:a@example.com> or <vbscript:msgbox>"];

#[test]
fn javascript_autolinks_are_not_links_in_markdown() {
    let repo = week_of(AUTOLINK);
    let md = markdown(&repo);
    assert!(md.contains("&lt;javascript:alert(1)&gt;"), "shown as text: {md}");
}

#[test]
fn javascript_autolinks_are_not_links_in_html() {
    let repo = week_of(AUTOLINK);
    html(&repo);
    assert_json_verbatim(&repo, AUTOLINK);
}

// The pull-request comment's marker.

const FAKE_MARKER: &[&str] = &[
    "feat: <!-- git-brief --> a fake marker",
    "fix: hide everything after this <!--",
    "feat(<!-- git-brief -->): a marker in the scope",
];

#[test]
fn a_fake_marker_cannot_hide_or_replace_the_comments_own() {
    let repo = week_of(FAKE_MARKER);
    repo.git(&["tag", "v1.0<!--"]);
    let comment = render(&repo, &["--format", "markdown", "--comment"]);
    assert_markdown_safe(&comment, true);
    assert_eq!(comment.matches(MARKER).count(), 1, "exactly one marker");
    assert!(comment.trim_end().ends_with("</details>"), "nothing hidden after the fake opener");
}

#[test]
fn an_unclosed_html_comment_cannot_hide_the_rest_of_the_markdown() {
    let repo = week_of(FAKE_MARKER);
    repo.git(&["tag", "v1.0<!--"]);
    let md = markdown(&repo);
    assert!(md.contains("&lt;!--"), "shown as text: {md}");
}

#[test]
fn html_comments_are_escaped_in_html() {
    let repo = week_of(FAKE_MARKER);
    repo.git(&["tag", "v1.0<!--"]);
    let page = html(&repo);
    assert!(page.contains("&lt;!-- git-brief --&gt;"), "shown as text");
    assert_json_verbatim(&repo, FAKE_MARKER);
}

// Markdown table breakers.

const PIPES: &[&str] = &[
    "fix(a|b): pipe | in the subject || twice",
    "feat(c\\|d): an escaped \\| pipe and a trailing backslash \\",
    "feat: |---|---| a fake separator row |",
];

#[test]
fn pipes_cannot_break_markdown_tables() {
    let repo = week_of(PIPES);
    repo.git(&["tag", "v1.0-|-|"]);
    markdown(&repo);
    assert_json_verbatim(&repo, PIPES);
}

const NEWLINE_IN_SCOPE: &[&str] =
    &["feat(pay\nments): a scope split over two lines", "fix(pay\r): carriage return"];

#[test]
fn a_newline_in_a_scope_cannot_break_markdown_tables() {
    let repo = week_of(NEWLINE_IN_SCOPE);
    markdown(&repo);
    html(&repo);
    text(&repo);
    assert_json_verbatim(&repo, NEWLINE_IN_SCOPE);
}

const BACKTICKS: &[&str] = &[
    "feat(`ui`): code `span | with a pipe` inside",
    "fix: an unclosed ` tick and a ``` fence",
    "feat: ``double `tick`` span",
];

#[test]
fn backticks_cannot_open_code_spans_in_markdown() {
    let repo = week_of(BACKTICKS);
    repo.git(&["tag", "v1.0-`tick`"]);
    let md = markdown(&repo);
    assert!(md.contains("\\`span"), "escaped, still shown: {md}");
    assert_json_verbatim(&repo, BACKTICKS);
}

// Bidirectional overrides.

const BIDI: &[&str] = &[
    "feat(\u{202E}lanif): reversed \u{202E}txt.exe\u{202C} file",
    "fix: isolate \u{2066}x\u{2069} and embed \u{202B}y\u{202C}",
];

#[test]
fn bidi_overrides_are_dropped_in_text() {
    let repo = week_of(BIDI);
    repo.git(&["tag", "v1.0-\u{202E}gnp.exe"]);
    let plain = text(&repo);
    assert!(plain.contains("txt.exe"), "the words are still there: {plain}");
}

#[test]
fn bidi_overrides_are_dropped_in_markdown() {
    let repo = week_of(BIDI);
    repo.git(&["tag", "v1.0-\u{202E}gnp.exe"]);
    let md = markdown(&repo);
    assert!(!md.chars().any(is_bidi), "no bidirectional control: {md:?}");
}

#[test]
fn bidi_overrides_are_dropped_in_html() {
    let repo = week_of(BIDI);
    repo.git(&["tag", "v1.0-\u{202E}gnp.exe"]);
    html(&repo);
    let brief = assert_json_verbatim(&repo, BIDI);
    assert_eq!(brief["releases"][0]["tag"], "v1.0-\u{202E}gnp.exe", "the JSON keeps the tag");
}

// Terminal escapes.

const ANSI: &[&str] = &[
    "feat: red \u{1b}[31malert\u{1b}[0m and blinking \u{1b}[5;35mmagenta\u{1b}[0m",
    "fix(\u{1b}[2J): clear the screen \u{1b}[2J\u{1b}[H and retitle \u{1b}]0;pwned\u{7}",
    "feat: cursor up \u{1b}[1A\u{1b}[2K overwrite, backspace \u{8}\u{8} and bell \u{7}",
];

#[test]
fn ansi_escapes_never_reach_a_coloured_terminal() {
    let repo = week_of(ANSI);
    let coloured = render(&repo, &["--format", "text", "--color", "always"]);
    assert_terminal_safe(&coloured, true);
    assert!(!coloured.contains("\u{1b}[31malert"), "commit text cannot colour the terminal: {coloured:?}");
}

#[test]
fn ansi_escapes_never_reach_the_default_terminal_brief() {
    let repo = week_of(ANSI);
    let plain = render(&repo, &["--format", "text"]);
    assert_terminal_safe(&plain, false);
}

#[test]
fn ansi_escapes_are_dropped_in_markdown() {
    let repo = week_of(ANSI);
    let md = markdown(&repo);
    assert!(!md.chars().any(|c| c.is_control() && c != '\n'), "no control character: {md:?}");
    assert_json_verbatim(&repo, ANSI);
}

#[test]
fn ansi_escapes_are_dropped_in_html() {
    let repo = week_of(ANSI);
    let page = html(&repo);
    // C0 controls other than whitespace are not allowed in HTML (a parse
    // error), and an HTML brief shown with `cat` would obey them: they are
    // dropped, as in the Markdown and the terminal brief.
    for (i, c) in page.char_indices() {
        assert!(
            !c.is_control() || c == '\n' || c == '\t',
            "control character {c:?} in HTML: {}",
            excerpt(&page, i)
        );
    }
}

// Very long lines.

fn long_messages() -> Vec<String> {
    let mut words = String::from("feat(long): ");
    while words.chars().count() < 10_000 {
        words.push_str("a very long subject ");
    }
    let words: String = words.chars().take(10_000).collect::<String>().trim_end().to_string();
    let mut unbroken = String::from("fix: ");
    while unbroken.chars().count() < 10_000 {
        unbroken.push_str("x|<@`");
    }
    vec![words, unbroken]
}

#[test]
fn ten_thousand_character_subjects_keep_markdown_tables_intact() {
    let messages = long_messages();
    let refs: Vec<&str> = messages.iter().map(String::as_str).collect();
    let repo = week_of(&refs);
    let md = markdown(&repo);
    for line in common::stakeholder_part(&md).lines() {
        assert!(line.chars().count() < 400, "a stakeholder line stays short: {}", excerpt(line, 0));
    }
    assert!(md.trim_end().ends_with("</details>"), "the page is whole");
    assert_json_verbatim(&repo, &refs);
}

#[test]
fn ten_thousand_character_subjects_keep_html_and_text_whole() {
    let messages = long_messages();
    let refs: Vec<&str> = messages.iter().map(String::as_str).collect();
    let repo = week_of(&refs);
    let page = html(&repo);
    let brief: serde_json::Value = serde_json::from_str(&render(&repo, &["--format", "json"])).unwrap();
    let numbers = brief["kpis"].as_array().map_or(0, Vec::len);
    assert!(numbers >= 8, "{numbers} numbers");
    // The rows of the phone's bar chart are a table of their own.
    let bars =
        page.find("<div class=\"bars\">").map(|start| start..start + page[start..].find("</div>").unwrap());
    let tables = match bars {
        Some(bars) => format!("{}{}", &page[..bars.start], &page[bars.end..]),
        None => page.clone(),
    };
    assert_eq!(
        tables.matches("<tr>").count(),
        numbers + 1 + 1 + refs.len(),
        "the Numbers rows and their header, the appendix's header, one per commit"
    );
    let plain = text(&repo);
    for line in plain.lines() {
        assert!(line.chars().count() < 400, "a terminal line stays short: {}", excerpt(line, 0));
    }
}

// Text that reaches "Needs attention" through reverts, breaking changes and blocked work.

#[test]
fn hostile_text_in_needs_attention_is_escaped() {
    let repo = Repo::new();
    repo.commit("chore: the week before", "2026-11-10T10:00:00+01:00");
    let bad =
        repo.commit("feat(<script>): @everyone <img src=x onerror=alert(1)>", "2026-11-16T10:00:00+01:00");
    repo.git_at("2026-11-16T12:00:00+01:00", &["revert", "--no-edit", &bad]);
    repo.commit(
        "feat(api)!: drop [v1](javascript:alert(1)) @org/team\n\nBREAKING CHANGE: <script>alert(1)</script> @everyone\n",
        "2026-11-17T10:00:00+01:00",
    );
    repo.commit(
        "feat(checkout): gift wrap <!-- git-brief -->\n\nBlocked-by: <img src=x onerror=alert(1)> @everyone ![p](https://t.example/p)\n",
        "2026-11-18T10:00:00+01:00",
    );
    repo.commit("fix(security): escape \u{1b}[31m XSS | in search", "2026-11-19T10:00:00+01:00");
    let md = markdown(&repo);
    assert!(md.contains("## Needs attention"), "{md}");
    html(&repo);
    text(&repo);
}

// Everything at once, in JSON: the raw text for tools.

#[test]
fn json_keeps_every_subject_and_tag_verbatim() {
    let mut all: Vec<&str> = Vec::new();
    for set in [SCRIPT, IMG, EVERYONE, TEAM, ENTITY, PIXEL, JAVASCRIPT_LINK, AUTOLINK, FAKE_MARKER, PIPES]
        .iter()
        .chain([BACKTICKS, BIDI, ANSI].iter())
    {
        all.extend_from_slice(set);
    }
    let repo = week_of(&all);
    let tags = ["v1.0<script>", "v1.0-@everyone", "v1.0<!--", "v1.0-|-|", "v1.0-\u{202E}gnp.exe"];
    for tag in tags {
        repo.git(&["tag", tag]);
    }
    let brief = assert_json_verbatim(&repo, &all);
    let mut released: Vec<&str> =
        brief["releases"].as_array().unwrap().iter().map(|r| r["tag"].as_str().unwrap()).collect();
    released.sort_unstable();
    let mut expected = tags.to_vec();
    expected.sort_unstable();
    assert_eq!(released, expected);
    assert_eq!(brief["commits"][0]["author"], "Ada Lovelace");
}

// The checks themselves: each catches what it looks for, so that a passing
// test above means something.

fn rejects(check: impl FnOnce() + std::panic::UnwindSafe) -> bool {
    std::panic::catch_unwind(check).is_err()
}

#[test]
fn the_checks_catch_what_they_look_for() {
    let page = |cell: &str| {
        format!(
            "# Brief\n\n- **General** — {cell}\n\n| | this week |\n|---|---|\n| Delivered | 1 |\n\n\
             <details><summary>Engineering detail</summary>\n\n| commit | subject |\n|---|---|\n\
             | `abcdef1` | {cell} |\n\n</details>\n"
        )
    };
    assert_markdown_safe(&page("plain \\| escaped \\` text @\u{200B}everyone &amp;#64;x"), false);
    assert_markdown_safe(&format!("{MARKER}\n{}", page("x")), true);
    for bad in [
        "<script>",
        "</b>",
        "<!-- x",
        "<?php",
        "@everyone",
        "(@org/team)",
        "&#64;all",
        "![x](https://t.example/p)",
        "[x](javascript:alert(1))",
        "[x]( https://a.example)",
        "a | b",
        "a \\\\| b",
        "an open ` tick",
    ] {
        let md = page(bad);
        assert!(rejects(move || assert_markdown_safe(&md, false)), "{bad:?} is caught");
    }
    let twice = format!("{MARKER}\n{}", page(MARKER));
    assert!(rejects(move || assert_markdown_safe(&twice, true)), "a second marker is caught");
    let none = page("x");
    assert!(rejects(move || assert_markdown_safe(&none, true)), "a missing marker is caught");

    assert_terminal_safe("\u{1b}[1mBrief\u{1b}[0m\n", true);
    for bad in ["\u{1b}[35mx", "a\u{202E}b", "bell\u{7}", "\u{1b}]0;t\u{7}"] {
        assert!(rejects(move || assert_terminal_safe(bad, true)), "{bad:?} is caught");
    }
    assert!(rejects(|| assert_terminal_safe("\u{1b}[1mBrief\u{1b}[0m", false)), "no colour when off");

    let html_page = |body: &str| format!("<!DOCTYPE html>\n<html><body><p>{body}</p></body></html>\n");
    assert_html_safe(&html_page("&lt;script&gt; <a href=\"https://a.example\">a</a>"));
    for bad in
        ["<script>x</script>", "<IMG src=x>", "<p onclick=\"x\">", "<a href=\"javascript:x\">", "<!-- x -->"]
    {
        let page = html_page(bad);
        assert!(rejects(move || assert_html_safe(&page)), "{bad:?} is caught");
    }
}

// Marks, tag characters and line separators.

const INVISIBLE: &[&str] = &[
    "feat: left\u{200E}to\u{200F}right\u{061C}marks",
    "fix: tagged\u{E0041}\u{E0042} text and a line\u{2028}separator\u{2029}here",
];

#[test]
fn marks_tags_and_separators_reach_no_format() {
    let repo = week_of(INVISIBLE);
    let forbidden = |c: char| {
        matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}' | '\u{E0000}'..='\u{E007F}'
        )
    };
    for (format, out) in [("markdown", markdown(&repo)), ("text", text(&repo)), ("html", html(&repo))] {
        assert!(!out.chars().any(forbidden), "{format}: {out:?}");
        assert!(out.contains("line separator here"), "{format}: the words stay apart: {out}");
    }
    assert_json_verbatim(&repo, INVISIBLE);
}
