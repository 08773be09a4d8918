//! Where a token may go, and where it may never show. A recording proxy on
//! loopback (`HTTPS_PROXY`) sees every host a token-bearing request is sent
//! to; a server on loopback that echoes the request's credential in its
//! error text stands for a misbehaving API or proxy.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::Repo;

const GITHUB_TOKEN: &str = "ghp_githubToken0123456789";
const GITLAB_TOKEN: &str = "glpat-gitlabToken0123456789";
const JIRA_TOKEN: &str = "jiraToken0123456789";
const PROMETHEUS_TOKEN: &str = "promToken0123456789";
const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "UTC", "--format", "json"];

/// A loopback server that records the first line of every request. As a
/// proxy it answers nothing, so a CONNECT fails at once and the brief goes
/// on without the tracker; as an API it answers `answer(credential)`.
struct Recorder {
    port: u16,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn start(answer: fn(&str, &str) -> String) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().unwrap().port();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&lines);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                if reader.read_line(&mut first).unwrap_or(0) == 0 {
                    continue;
                }
                let (mut length, mut credential) = (0usize, String::new());
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                        break;
                    }
                    let (name, value) = header.split_once(':').unwrap_or((&header, ""));
                    match name.trim().to_ascii_lowercase().as_str() {
                        "content-length" => length = value.trim().parse().unwrap_or(0),
                        "authorization" | "private-token" | "job-token" => {
                            credential = value.trim().to_string()
                        }
                        _ => {}
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                log.lock().unwrap().push(first.trim().to_string());
                if first.starts_with("CONNECT") {
                    continue;
                }
                let answer = answer(first.trim(), &credential);
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
            }
        });
        Recorder { port, lines }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

fn no_answer(_: &str, _: &str) -> String {
    String::new()
}

/// A repository with one commit of the week citing issue #12, so that a
/// tracker has something to be asked.
fn shop(origin: &str) -> Repo {
    let repo = Repo::new();
    repo.git(&["remote", "add", "origin", origin]);
    repo.commit("feat: apple pay (#12)", "2026-11-17T10:00:00Z");
    repo
}

/// Runs a brief with both forges' tokens and `env`, through the recording
/// proxy; returns the hosts the proxy was asked for and stderr.
fn hosts_asked(repo: &Repo, env: &[(&str, &str)]) -> (Vec<String>, String) {
    let proxy = Recorder::start(no_answer);
    let mut cmd = repo.brief_command(WEEK);
    cmd.env("HTTPS_PROXY", proxy.url())
        .env("GITHUB_TOKEN", GITHUB_TOKEN)
        .env("GITLAB_TOKEN", GITLAB_TOKEN)
        .env("XDG_CACHE_HOME", repo.home().join("cache"));
    for (name, value) in env {
        cmd.env(name, value);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "a tracker never fails the brief: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hosts = proxy
        .lines()
        .iter()
        .filter_map(|line| line.strip_prefix("CONNECT ").and_then(|rest| rest.split_whitespace().next()))
        .map(str::to_string)
        .collect();
    (hosts, String::from_utf8_lossy(&out.stderr).into_owned())
}

// Item 1: a host with a forge's name in it is not that forge.

#[test]
fn a_token_goes_to_its_forges_api_host_and_to_no_look_alike() {
    let (hosts, _) = hosts_asked(&shop("https://github.com/acme/shop.git"), &[]);
    assert_eq!(hosts, ["api.github.com:443"], "github.com's origin asks github.com's API");
    let (hosts, _) = hosts_asked(&shop("git@gitlab.com:acme/shop.git"), &[]);
    assert_eq!(hosts, ["gitlab.com:443"], "gitlab.com's origin asks gitlab.com's API");
    for origin in [
        "https://github.attacker.example/acme/shop.git",
        "git@my-github-mirror.example:acme/shop.git",
        "https://gitlab.attacker.example/acme/shop.git",
        "https://github.com.attacker.example/acme/shop.git",
    ] {
        let (hosts, stderr) = hosts_asked(&shop(origin), &[]);
        assert!(hosts.is_empty(), "{origin}: a token went to {hosts:?}");
        assert!(stderr.is_empty(), "no tracker is asked, and nothing to warn of: {stderr}");
    }
}

#[test]
fn an_explicit_provider_is_used_only_on_an_origin_of_its_forge() {
    let repo = shop("https://github.com/acme/shop.git");
    repo.write(".git-brief.toml", "[tracker]\nprovider = \"gitlab\"\n");
    let (hosts, stderr) = hosts_asked(&repo, &[]);
    assert!(hosts.is_empty(), "GITLAB_TOKEN went to {hosts:?}");
    assert!(stderr.contains("the GitLab tracker needs an origin remote on GitLab"), "{stderr}");
    let repo = shop("https://gitlab.com/acme/shop.git");
    repo.write(".git-brief.toml", "[tracker]\nprovider = \"github\"\n");
    let (hosts, stderr) = hosts_asked(&repo, &[]);
    assert!(hosts.is_empty(), "GITHUB_TOKEN went to {hosts:?}");
    assert!(stderr.contains("the GitHub tracker needs an origin remote on GitHub"), "{stderr}");
    // A self-hosted GitHub: only with the API address the environment names.
    let repo = shop("https://git.acme.example/acme/shop.git");
    repo.write(".git-brief.toml", "[tracker]\nprovider = \"github\"\n");
    let (hosts, _) = hosts_asked(&repo, &[]);
    assert!(hosts.is_empty(), "no API address, no request: {hosts:?}");
    let (hosts, _) = hosts_asked(&repo, &[("GITHUB_API_URL", "https://git.acme.example/api/v3")]);
    assert_eq!(hosts, ["git.acme.example:443"]);
}

#[test]
fn in_gitlab_ci_the_token_goes_to_the_ci_servers_own_host_only() {
    let ci =
        [("CI_SERVER_HOST", "gitlab.acme.example"), ("CI_API_V4_URL", "https://gitlab.acme.example/api/v4")];
    let (hosts, _) = hosts_asked(&shop("https://gitlab.acme.example/acme/shop.git"), &ci);
    assert_eq!(hosts, ["gitlab.acme.example:443"]);
    let (hosts, _) = hosts_asked(&shop("https://gitlab.attacker.example/acme/shop.git"), &ci);
    assert!(hosts.is_empty(), "another GitLab than CI's own: {hosts:?}");
    // GitHub Actions on GitHub Enterprise names its server and API.
    let actions = [
        ("GITHUB_SERVER_URL", "https://git.acme.example"),
        ("GITHUB_API_URL", "https://git.acme.example/api/v3"),
    ];
    let (hosts, _) = hosts_asked(&shop("https://git.acme.example/acme/shop.git"), &actions);
    assert_eq!(hosts, ["git.acme.example:443"]);
}

// Item 3: a server's words are quoted without the credential it was sent.

fn echo(first: &str, credential: &str) -> String {
    if first.contains("/api/v1/query") {
        return serde_json::json!({"status": "error", "error": format!("denied for {credential}")})
            .to_string();
    }
    if first.contains("/search") {
        return serde_json::json!({"errorMessages": [format!("no access with {credential}")]}).to_string();
    }
    serde_json::json!({"errors": [{"message": format!("Bad credentials: {credential}")}]}).to_string()
}

/// Every output of a run: stdout, stderr, and every file under the home (the cache).
fn everything(repo: &Repo, out: &std::process::Output) -> String {
    let mut all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let mut stack = vec![repo.home().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            match entry.path().is_dir() {
                true => stack.push(entry.path()),
                false => {
                    all.push_str(&String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap_or_default()))
                }
            }
        }
    }
    all
}

#[test]
fn a_server_that_echoes_the_credential_puts_no_token_anywhere() {
    let server = Recorder::start(echo);
    let repo = shop("https://github.com/acme/shop.git");
    repo.write(
        ".git-brief.toml",
        &format!(
            "[prometheus]\nurl = \"{}\"\n\n[[kpi]]\nlabel = \"Errors\"\nprometheus = \"sum(up)\"\n",
            server.url()
        ),
    );
    let out = repo
        .brief_command(WEEK)
        .env("GITHUB_TOKEN", GITHUB_TOKEN)
        .env("GITHUB_API_URL", server.url())
        .env("PROMETHEUS_TOKEN", PROMETHEUS_TOKEN)
        .env("XDG_CACHE_HOME", repo.home().join("cache"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let all = everything(&repo, &out);
    assert!(all.contains("Bad credentials: bearer [redacted]"), "the server's words stay: {all}");
    assert!(all.contains("denied for Bearer [redacted]"), "{all}");
    for token in [GITHUB_TOKEN, PROMETHEUS_TOKEN] {
        assert!(!all.contains(token), "{token} leaked: {all}");
    }
    assert!(server.lines().len() >= 2, "both were asked: {:?}", server.lines());
}

#[test]
fn jiras_base64_credential_is_redacted_too() {
    let server = Recorder::start(echo);
    let repo = shop("https://github.com/acme/shop.git");
    repo.commit("PAY-7: refunds by e-mail", "2026-11-17T11:00:00Z");
    repo.write(".git-brief.toml", "[issues]\nkeys = [\"PAY\"]\n\n[tracker]\nprovider = \"jira\"\n");
    let out = repo
        .brief_command(WEEK)
        .env("JIRA_BASE_URL", server.url())
        .env("JIRA_EMAIL", "ada@example.com")
        .env("JIRA_API_TOKEN", JIRA_TOKEN)
        .env("XDG_CACHE_HOME", repo.home().join("cache"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let all = everything(&repo, &out);
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("ada@example.com:{JIRA_TOKEN}"));
    assert!(!all.contains(JIRA_TOKEN) && !all.contains(&basic), "leaked: {all}");
    assert!(server.lines().iter().any(|l| l.contains("/search")), "Jira was asked: {:?}", server.lines());
}

/// A GitHub answer whose addresses carry the credential it was sent.
fn echo_in_addresses(_: &str, credential: &str) -> String {
    let token = credential.rsplit(' ').next().unwrap_or(credential);
    serde_json::json!({"data": {"repository": {"n12": {
        "__typename": "Issue",
        "title": "Pay with Apple Pay",
        "state": "OPEN",
        "url": format!("https://github.com/acme/shop/issues/12?access_token={token}"),
        "labels": {"nodes": [{"name": "feature"}]},
        "milestone": {
            "title": "v2.4",
            "dueOn": "2026-12-15T00:00:00Z",
            "url": format!("https://github.com/acme/shop/milestone/3#{token}"),
            "open": {"totalCount": 1},
            "closed": {"totalCount": 2}
        }
    }}}})
    .to_string()
}

// Found while writing the tracker_github fuzz target's no-token check: titles,
// labels and milestone titles were redacted, an item's and a milestone's
// address were not, and both reached the brief's links and the cache.
#[test]
fn a_token_echoed_in_an_items_address_reaches_no_output_and_no_cache() {
    let server = Recorder::start(echo_in_addresses);
    let repo = shop("https://github.com/acme/shop.git");
    let out = repo
        .brief_command(WEEK)
        .env("GITHUB_TOKEN", GITHUB_TOKEN)
        .env("GITHUB_API_URL", server.url())
        .env("XDG_CACHE_HOME", repo.home().join("cache"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let all = everything(&repo, &out);
    assert!(all.contains("Pay with Apple Pay"), "the tracker was used: {all}");
    assert!(!all.contains(GITHUB_TOKEN), "{GITHUB_TOKEN} leaked: {all}");
}

/// A `--tracker-file` that holds the token where a number should be: the
/// file's parse error quotes it, and the warning must not.
#[test]
fn a_tracker_file_that_quotes_the_token_puts_it_in_no_warning() {
    let repo = shop("https://github.com/acme/shop.git");
    let file = repo.home().join("issues.json");
    std::fs::write(&file, format!("[{{\"number\": \"{GITHUB_TOKEN}\", \"title\": \"x\"}}]")).unwrap();
    let out = repo
        .brief_command(WEEK)
        .arg("--tracker-file")
        .arg(&file)
        .env("GITHUB_TOKEN", GITHUB_TOKEN)
        .env("XDG_CACHE_HOME", repo.home().join("cache"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("tracker file") && stderr.contains("[redacted]"), "the file is blamed: {stderr}");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr);
    assert!(!all.contains(GITHUB_TOKEN), "leaked: {all}");
}
