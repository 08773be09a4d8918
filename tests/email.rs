//! `--format email`: a complete MIME message that a real parser reads into a
//! text and an HTML part, that curl sends to a real SMTP server on loopback,
//! and whose headers no text can add to.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::{tools, Repo};
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin", "--format", "email"];
/// A python3 whose `email` package parses the message: absent on a machine
/// with only Rust and git, where the tests that need it are skipped.
fn python() -> Option<PathBuf> {
    tools::python_with("email")
}

fn without_python() -> bool {
    tools::missing(&python(), "python3", "python3")
}

fn repo() -> Repo {
    let repo = Repo::new();
    repo.commit("feat: customers can pay with Apple Pay", "2026-11-17T10:00:00+01:00");
    repo.commit("fix: totals round half up\r\nBcc: x@evil.example", "2026-11-17T11:00:00+01:00");
    repo
}

fn mail(repo: &Repo, args: &[&str]) -> String {
    let mut full = WEEK.to_vec();
    full.extend_from_slice(&[
        "--mail-from",
        "Team brief <brief@example.com>",
        "--mail-to",
        "ceo@example.com",
    ]);
    full.extend_from_slice(args);
    String::from_utf8(repo.brief(&full).success().get_output().stdout.clone()).unwrap()
}

/// The message as Python's `email` package reads it: headers and parts.
fn parse(message: &str) -> Value {
    let script = r#"
import email, email.policy, json, sys
m = email.message_from_string(sys.stdin.read(), policy=email.policy.default)
parts = [{"type": p.get_content_type(), "body": p.get_content()} for p in m.walk() if not p.is_multipart()]
print(json.dumps({"headers": [[k, str(v)] for k, v in m.items()], "type": m.get_content_type(), "parts": parts, "defects": len(m.defects)}))
"#;
    let mut child = Command::new(python().expect("python3"))
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), message.as_bytes()).unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn header_names(parsed: &Value) -> Vec<String> {
    parsed["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h[0].as_str().unwrap().to_ascii_lowercase())
        .collect()
}

#[test]
fn the_message_parses_into_a_text_and_an_html_part() {
    if without_python() {
        return;
    }
    let repo = repo();
    let parsed = parse(&mail(&repo, &[]));
    assert_eq!(parsed["type"], "multipart/alternative");
    assert_eq!(parsed["defects"], 0);
    let names = header_names(&parsed);
    for name in ["from", "to", "subject", "date", "mime-version"] {
        assert!(names.contains(&name.to_string()), "{name} in {names:?}");
    }
    let subject = parsed["headers"].as_array().unwrap().iter().find(|h| h[0] == "Subject").unwrap()[1]
        .as_str()
        .unwrap()
        .to_string();
    assert!(subject.starts_with("Weekly brief — "), "{subject}");
    let parts = parsed["parts"].as_array().unwrap();
    assert_eq!(
        parts.iter().map(|p| p["type"].as_str().unwrap()).collect::<Vec<_>>(),
        ["text/plain", "text/html"]
    );
    assert!(parts[0]["body"].as_str().unwrap().contains("Customers can pay with Apple Pay"));
    assert!(parts[1]["body"].as_str().unwrap().contains("<html"));
}

#[test]
fn no_text_adds_a_header() {
    if without_python() {
        return;
    }
    let repo = repo();
    // A title with a line break and a header after it, from the configuration.
    repo.write(".git-brief.toml", "[brief]\ntitle = \"Payments\\r\\nBcc: y@evil.example\"\n");
    let message = mail(&repo, &[]);
    let parsed = parse(&message);
    let names = header_names(&parsed);
    assert!(!names.contains(&"bcc".to_string()), "{names:?}");
    let head = message.split("\r\n\r\n").next().unwrap();
    assert!(!head.to_ascii_lowercase().contains("\nbcc:"), "{head}");
    // A bad address is a usage error naming it, not a half-built message.
    let out = repo
        .brief_command(
            &[WEEK, &["--mail-from", "not an address\r\nBcc: z@evil", "--mail-to", "a@example.com"]].concat(),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // Without addresses, the error says what to pass.
    common::fails(repo.brief_command(WEEK), 2, &["--mail-from", "--mail-to"]);
}

/// A python3 with aiosmtpd (Debian's python3-aiosmtpd) and curl, to send the
/// message to a real SMTP server; none on a machine with only Rust and git.
fn smtp_tools() -> Option<(PathBuf, PathBuf)> {
    Some((tools::python_with("aiosmtpd")?, tools::program("curl")?))
}

fn without_smtp_tools() -> bool {
    let (python, curl) = (tools::python_with("aiosmtpd"), tools::program("curl"));
    tools::missing(&python, "python3 with aiosmtpd", "python3-aiosmtpd")
        || tools::missing(&curl, "curl", "curl")
}

/// An SMTP server (aiosmtpd) on loopback that writes each message it gets to `dir`.
fn smtp_server(python: &Path, dir: &Path) -> (Child, u16) {
    let script = r#"
import socket, sys, time, pathlib
from aiosmtpd.controller import Controller
class Keep:
    async def handle_DATA(self, server, session, envelope):
        n = len(list(pathlib.Path(sys.argv[1]).iterdir()))
        pathlib.Path(sys.argv[1], f"{n}.eml").write_bytes(envelope.original_content)
        pathlib.Path(sys.argv[1], f"{n}.rcpt").write_text(",".join(envelope.rcpt_tos))
        return "250 OK"
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
c = Controller(Keep(), hostname="127.0.0.1", port=port); c.start()
print(port, flush=True)
time.sleep(60)
"#;
    let mut child = Command::new(python)
        .args(["-c", script, dir.to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd: apt-get install python3-aiosmtpd (.ci/run does)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("aiosmtpd did not start: install python3-aiosmtpd (.ci/run does)"));
    (child, port)
}

#[test]
fn curl_sends_it_to_a_real_smtp_server_as_it_is() {
    if without_python() || without_smtp_tools() {
        return;
    }
    let (python, curl) = smtp_tools().expect("found above");
    let repo = repo();
    let file = repo.home().join("brief.eml");
    let mut args = WEEK.to_vec();
    args.extend_from_slice(&[
        "--mail-from",
        "brief@example.com",
        "--mail-to",
        "ceo@example.com",
        "-o",
        file.to_str().unwrap(),
    ]);
    repo.brief(&args).success();
    let inbox = tempfile::tempdir().unwrap();
    let (mut server, port) = smtp_server(&python, inbox.path());
    let out = Command::new(curl)
        .args(["--silent", "--show-error", &format!("smtp://127.0.0.1:{port}")])
        .args(["--mail-from", "brief@example.com", "--mail-rcpt", "ceo@example.com", "--upload-file"])
        .arg(&file)
        .output()
        .expect("curl");
    let _ = server.kill();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let received = std::fs::read_to_string(inbox.path().join("0.eml")).expect("the server kept the message");
    assert_eq!(std::fs::read_to_string(inbox.path().join("0.rcpt")).unwrap(), "ceo@example.com");
    let parsed = parse(&received);
    assert_eq!(parsed["type"], "multipart/alternative");
    assert!(parsed["parts"][0]["body"].as_str().unwrap().contains("Customers can pay with Apple Pay"));
    assert!(!header_names(&parsed).contains(&"bcc".to_string()));
}

fn header(parsed: &Value, name: &str) -> Option<String> {
    parsed["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0].as_str().unwrap().eq_ignore_ascii_case(name))
        .map(|h| h[1].as_str().unwrap().to_string())
}

// Item 14 of the third hardening round: RFC 5322 says every message should
// have a Message-ID, and Gmail refuses one without it.
#[test]
fn each_message_has_its_own_message_id_on_the_senders_domain() {
    if without_python() {
        return;
    }
    let repo = repo();
    let ids: Vec<String> = (0..2)
        .map(|_| header(&parse(&mail(&repo, &[])), "Message-ID").expect("a Message-ID header"))
        .collect();
    for id in &ids {
        let inner = id.strip_prefix('<').and_then(|i| i.strip_suffix('>')).unwrap_or_else(|| panic!("{id}"));
        let (left, domain) = inner.split_once('@').unwrap_or_else(|| panic!("{id}"));
        assert_eq!(domain, "example.com", "{id}");
        assert!(left.len() >= 16 && left.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'), "{id}");
    }
    assert_ne!(ids[0], ids[1], "two messages, two ids");
}

/// The header section of a message, unfolded lines as written.
fn header_lines(message: &str) -> Vec<&str> {
    message.split("\r\n\r\n").next().unwrap().split("\r\n").collect()
}

// Item 20 of the third hardening round: a title with a word longer than a
// line was written as one Subject line of 1,002 characters, past the 998
// that RFC 5322 allows (a server may refuse or cut the message).
#[test]
fn a_title_with_a_very_long_word_is_folded_within_the_line_limit() {
    if without_python() {
        return;
    }
    let repo = repo();
    for title in ["T".repeat(1000), format!("Weekly brief {} for the team", "é-x".repeat(400))] {
        repo.write(".git-brief.toml", &format!("[brief]\ntitle = \"{title}\"\n"));
        let message = mail(&repo, &[]);
        for line in header_lines(&message) {
            assert!(line.len() <= 78, "a header line of {} characters: {line:.60}…", line.len());
        }
        let parsed = parse(&message);
        assert_eq!(parsed["defects"], 0);
        let subject = header(&parsed, "Subject").expect("a Subject");
        assert!(subject.contains(&title) && subject.starts_with("Weekly brief — "), "{subject:.80}");
    }
    // A sender's name no line can hold is refused in one line, not sent broken.
    let long = format!("{} <brief@example.com>", "N".repeat(1000));
    let out = repo
        .brief_command(&[WEEK, &["--mail-from", &long, "--mail-to", "a@example.com"]].concat())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        for line in header_lines(&String::from_utf8(out.stdout).unwrap()) {
            assert!(line.len() <= 998, "a header line of {} characters", line.len());
        }
    } else {
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("--mail-from") && stderr.lines().count() == 1, "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

// Item 20 of the third hardening round, for addresses: lettre writes the
// recipients on one line, however many there are.
#[test]
fn a_hundred_recipients_are_folded_within_the_line_limit_and_all_received() {
    if without_python() {
        return;
    }
    let repo = repo();
    // Plain addresses, which lettre writes on one line, then named ones too.
    for named in [false, true] {
        let others: Vec<String> = (0..100)
            .map(|n| match n % 2 == 1 && named {
                false => format!("person{n}@example.com"),
                true => format!("Person {n} <person{n}@example.com>"),
            })
            .collect();
        let mut args = Vec::new();
        for other in &others {
            args.extend_from_slice(&["--mail-to", other.as_str()]);
        }
        let message = mail(&repo, &args);
        for line in header_lines(&message) {
            assert!(line.len() <= 78, "a header line of {} characters: {line:.60}…", line.len());
        }
        let parsed = parse(&message);
        assert_eq!(parsed["defects"], 0);
        let to = header(&parsed, "To").expect("a To header");
        assert_eq!(to.matches("@example.com").count(), 101, "{to}");
        assert!(to.contains("person98@example.com") && to.contains("person99@example.com"), "{to}");
    }
}

// Item 30 of the third hardening round: on a machine with only Rust and git,
// `cargo test --locked` failed here for want of an SMTP server. This test
// runs the SMTP test again in this test binary with a PATH that holds git
// only: it is skipped with the package to install, and fails where
// GIT_BRIEF_TEST_REQUIRE_TOOLS says every program must be there.
#[test]
fn without_an_smtp_server_the_test_says_what_to_install_and_fails_only_where_required() {
    let test = "curl_sends_it_to_a_real_smtp_server_as_it_is";
    let skipped = tools::run_with_git_only(test, false);
    assert!(skipped.status.success(), "{}", skipped.said);
    assert!(skipped.said.contains(&format!("skipped {test}: ")), "{}", skipped.said);
    assert!(skipped.said.contains("apt-get install python3"), "{}", skipped.said);
    let required = tools::run_with_git_only(test, true);
    assert!(!required.status.success(), "{}", required.said);
    assert!(required.said.contains("apt-get install python3"), "{}", required.said);
}

/// #20, item 4: the HTML part is laid out for mail clients (inline styles,
/// tables, the activity as a table of bars), with none of what Gmail or
/// Outlook for Windows drop (SVG, `<details>`, a `<style>` sheet), and
/// Needs attention first.
#[test]
fn the_html_part_uses_only_what_mail_clients_render() {
    if without_python() {
        return;
    }
    let repo = repo();
    repo.commit("fix: escape search terms (CVE-2026-1234)", "2026-11-18T10:00:00+01:00");
    let parsed = parse(&mail(&repo, &[]));
    let html = parsed["parts"][1]["body"].as_str().unwrap().to_string();
    for dropped in ["<svg", "<details", "<style", "border-radius", "class=\""] {
        assert!(!html.contains(dropped), "{dropped} in the e-mail's HTML");
    }
    assert!(html.contains("bgcolor=\"#2da44e\""), "the activity as a table of bars");
    let attention = html.find(">Needs attention<").expect("Needs attention");
    let delivered = html.find(">Delivered<").expect("Delivered");
    assert!(attention < delivered, "Needs attention first");
    assert!(
        html.contains("<b style=\"color:#a40e26;\">a security fix shipped"),
        "the security line stands out"
    );
}
