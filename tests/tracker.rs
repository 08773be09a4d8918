//! The issue tracker (step 5, enrich) against a server on loopback that
//! speaks GitHub's GraphQL format and records what it was asked: titles,
//! label-driven buckets and tracker state in the brief, batching, the
//! cache, every failure giving the plain brief with one warning, and the
//! token in no output.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Repo;
use serde_json::{json, Value};

const TOKEN: &str = "ghp_secret0token0never0shown";
const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "UTC", "--format", "json"];
const IN_WEEK: &str = "2026-11-17T10:00:00Z";

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    authorization: Option<String>,
    /// Every header, lower-cased names.
    headers: Vec<(String, String)>,
    body: String,
}

/// How the server answers.
#[derive(Clone)]
enum Behaviour {
    /// GitHub's GraphQL answer for the numbers asked, from `known`.
    GraphQl(Value),
    /// A fixed status, headers and body.
    Fixed(u16, Vec<(String, String)>, Vec<u8>),
    /// Accepts and never answers.
    Silent,
    /// GitHub's GraphQL answer, each after a pause.
    Slow(Duration, Value),
    /// GitLab's REST answer: the issues or merge requests (by iid) the query asks for.
    GitLab { issues: Value, merge_requests: Value },
    /// Jira's search answer for the keys of the JQL.
    Jira(Value),
}

struct Server {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn start(behaviour: Behaviour) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let behaviour = behaviour.clone();
                let log = Arc::clone(&log);
                std::thread::spawn(move || serve(stream, &behaviour, &log));
            }
        });
        Server { url, seen }
    }

    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, behaviour: &Behaviour, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let (mut length, mut authorization, mut headers) = (0usize, None, Vec::new());
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap_or((&header, ""));
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap_or(0),
            "authorization" => authorization = Some(value.trim().to_string()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let body = String::from_utf8_lossy(&body).to_string();
    log.lock().unwrap().push(Seen { path: path.clone(), authorization, headers, body: body.clone() });
    let mut stream = stream;
    let (status, headers, answer) = match behaviour {
        Behaviour::Silent => {
            std::thread::sleep(Duration::from_secs(30));
            return;
        }
        Behaviour::Fixed(status, headers, answer) => (*status, headers.clone(), answer.clone()),
        Behaviour::Slow(pause, known) => {
            std::thread::sleep(*pause);
            (200, Vec::new(), graphql(known, &body).to_string().into_bytes())
        }
        Behaviour::GraphQl(known) => (200, Vec::new(), graphql(known, &body).to_string().into_bytes()),
        Behaviour::GitLab { issues, merge_requests } => {
            let known = if path.contains("/merge_requests?") { merge_requests } else { issues };
            let iids: Vec<String> = path
                .split(['?', '&'])
                .filter_map(|p| p.strip_prefix("iids[]="))
                .map(str::to_string)
                .collect();
            let found: Vec<Value> = iids.iter().filter_map(|n| known.get(n).cloned()).collect();
            (200, Vec::new(), Value::Array(found).to_string().into_bytes())
        }
        Behaviour::Jira(known) => {
            let query: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            let jql = query["jql"].as_str().unwrap_or("");
            let keys = jql.trim_start_matches("key in (").trim_end_matches(')');
            let found: Vec<Value> = keys.split(", ").filter_map(|k| known.get(k).cloned()).collect();
            (200, Vec::new(), json!({"issues": found}).to_string().into_bytes())
        }
    };
    let mut head =
        format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n", answer.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Content-Type: application/json\r\n\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&answer);
}

/// The numbers a GraphQL query asks for (`n12: issueOrPullRequest(number: 12)`).
fn asked(body: &str) -> Vec<u64> {
    let query: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let text = query["query"].as_str().unwrap_or("");
    text.split("issueOrPullRequest(number: ")
        .skip(1)
        .filter_map(|s| s.split(')').next()?.parse().ok())
        .collect()
}

/// GitHub's answer: each asked number under its alias, `null` and a
/// NOT_FOUND error for one it does not know.
fn graphql(known: &Value, body: &str) -> Value {
    let mut repository = serde_json::Map::new();
    let mut errors = Vec::new();
    for n in asked(body) {
        let node = known.get(n.to_string()).cloned().unwrap_or(Value::Null);
        if node.is_null() {
            errors.push(json!({"type": "NOT_FOUND", "path": ["repository", format!("n{n}")], "message": "Could not resolve"}));
        }
        repository.insert(format!("n{n}"), node);
    }
    json!({"data": {"repository": repository}, "errors": errors})
}

fn node(kind: &str, title: &str, state: &str, labels: &[&str], n: u64) -> Value {
    let what = if kind == "PullRequest" { "pull" } else { "issues" };
    json!({
        "__typename": kind, "title": title, "state": state,
        "url": format!("https://github.com/acme/shop/{what}/{n}"),
        "labels": {"nodes": labels.iter().map(|l| json!({"name": l})).collect::<Vec<_>>()},
    })
}

/// What the tracker knows of acme/shop.
fn known() -> Value {
    json!({
        "12": node("PullRequest", "Customers can pay with Apple Pay", "MERGED", &["feature"], 12),
        "13": node("PullRequest", "Tidy the checkout totals", "MERGED", &["bug"], 13),
        "20": node("Issue", "Gift wrapping", "OPEN", &[], 20),
        "21": node("Issue", "Old refund emails", "CLOSED", &[], 21),
        "30": node("PullRequest", "Rotate the signing keys", "MERGED", &["P0"], 30),
    })
}

/// A week of acme/shop: a feature, a clean-up labelled a bug, work towards
/// an open and a closed issue, and a pull request labelled P0.
fn shop() -> Repo {
    let repo = Repo::new();
    repo.git(&["remote", "add", "origin", "https://github.com/acme/shop.git"]);
    repo.commit("chore: start", "2026-11-02T10:00:00Z");
    repo.commit("feat: apple pay (#12)", IN_WEEK);
    repo.commit("refactor: tidy totals (#13)", "2026-11-17T11:00:00Z");
    repo.commit("refactor: split the wrapping module\n\nRefs #20\nRefs #21", "2026-11-17T12:00:00Z");
    repo.commit("chore: keys (#30)", "2026-11-17T13:00:00Z");
    repo
}

/// git-brief in `repo` against `server`, with the token and a cache in the repo's home.
fn run(repo: &Repo, server: &Server, args: &[&str]) -> std::process::Output {
    let mut cmd = repo.brief_command(args);
    cmd.env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", &server.url)
        .env("XDG_CACHE_HOME", repo.home().join("cache"));
    cmd.output().expect("git-brief runs")
}

fn json_of(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "exit 0: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn texts(brief: &Value, section: &str) -> Vec<String> {
    brief[section].as_array().unwrap().iter().map(|o| o["text"].as_str().unwrap().to_string()).collect()
}

#[test]
fn github_titles_labels_and_state_shape_the_brief() {
    let repo = shop();
    let server = Server::start(Behaviour::GraphQl(known()));
    let brief = json_of(&run(&repo, &server, WEEK));

    assert_eq!(texts(&brief, "delivered"), ["Customers can pay with Apple Pay"]);
    assert_eq!(brief["delivered"][0]["labels"], json!(["feature"]));
    assert_eq!(brief["delivered"][0]["state"], "merged");
    assert_eq!(brief["delivered"][0]["url"], "https://github.com/acme/shop/pull/12");
    // The label outranks the wording: a "refactor" labelled bug is a fix.
    assert_eq!(texts(&brief, "fixed"), ["Tidy the checkout totals"]);
    // P0 is critical: it needs attention.
    let attention = &brief["attention"][0];
    assert_eq!(attention["reason"], "critical", "{}", brief["attention"]);
    // In progress: the open issue with its title; the closed one is not.
    let progress = brief["in_progress"].as_array().unwrap();
    assert_eq!(progress.len(), 1, "{progress:?}");
    assert_eq!(progress[0]["ref"], "#20");
    assert_eq!(progress[0]["title"], "Gift wrapping");
    assert_eq!(brief["tracker"], json!({"provider": "github", "asked": 5, "resolved": 5, "requests": 1}));

    // One batched request, with the token, to the GraphQL endpoint, for the window's numbers only.
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].path, "/graphql");
    assert_eq!(requests[0].authorization.as_deref(), Some(format!("bearer {TOKEN}").as_str()));
    let mut numbers = asked(&requests[0].body);
    numbers.sort();
    assert_eq!(numbers, [12, 13, 20, 21, 30]);
    let variables: Value = serde_json::from_str(&requests[0].body).unwrap();
    assert_eq!(variables["variables"], json!({"owner": "acme", "name": "shop"}));

    // The stakeholder's Markdown shows the titles.
    let out = run(&repo, &server, &["--week", "2026-W47", "--tz", "UTC", "--format", "markdown"]);
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(markdown.contains("- Customers can pay with Apple Pay ([#12]"), "{markdown}");
    assert!(markdown.contains("is not closed yet: Gift wrapping (#20)"), "{markdown}");
    assert!(markdown.contains("; one item is marked critical."), "{markdown}");
}

#[test]
fn a_second_run_within_the_hour_and_offline_runs_ask_nothing() {
    let repo = shop();
    let server = Server::start(Behaviour::GraphQl(known()));
    let first = json_of(&run(&repo, &server, WEEK));
    assert_eq!(server.requests().len(), 1);
    let second = json_of(&run(&repo, &server, WEEK));
    assert_eq!(server.requests().len(), 1, "the cache answered");
    assert_eq!(second["delivered"], first["delivered"]);
    assert_eq!(second["tracker"]["requests"], 0);
    for flag in [&["--offline"][..], &["--tracker", "off"]] {
        let plain = json_of(&run(&repo, &server, &[WEEK, flag].concat()));
        assert_eq!(texts(&plain, "delivered"), ["Apple pay"]);
        assert!(plain.get("tracker").is_none());
    }
    assert_eq!(server.requests().len(), 1, "--offline and --tracker off make no request");
    // The cache file is the owner's only, and holds no token.
    let cache = repo.home().join("cache/git-brief/github-acme_shop.json");
    let text = std::fs::read_to_string(&cache).expect("a cache file");
    assert!(!text.contains(TOKEN));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&cache).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

/// Runs a brief against a failing tracker: exit 0, the plain brief, one
/// warning in the brief and one on stderr naming `why`, and no token anywhere.
fn fails_softly(behaviour: Behaviour, why: &str, limit: Option<Duration>) -> Server {
    let repo = shop();
    let server = Server::start(behaviour);
    if let Some(limit) = limit {
        repo.write(".git-brief.toml", &format!("[tracker]\ntimeout = {}\n", limit.as_secs()));
    }
    let out_file = repo.home().join("brief.json");
    let started = Instant::now();
    let out = run(&repo, &server, &[WEEK, &["-o", out_file.to_str().unwrap()]].concat());
    if let Some(limit) = limit {
        // Bounded by the limit, not by the server: a tracker that never
        // answers would hold the run for minutes. The margin is for a busy
        // machine, where starting git-brief alone can take a second.
        assert!(started.elapsed() < limit * 2 + Duration::from_secs(3), "took {:?}", started.elapsed());
    }
    assert!(out.status.success(), "exit 0: {}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(stderr.lines().count(), 1, "one warning: {stderr}");
    assert!(stderr.starts_with("git-brief: warning: The issue tracker (github) was not used: "), "{stderr}");
    assert!(stderr.contains(why), "{why:?} in {stderr}");
    let brief: Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(texts(&brief, "delivered"), ["Apple pay"], "the brief as without a tracker");
    let warnings: Vec<&str> =
        brief["warnings"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(warnings.iter().filter(|w| w.contains("issue tracker")).count(), 1, "{warnings:?}");
    no_token_in(&[&stderr, &String::from_utf8_lossy(&out.stdout), &brief.to_string()], repo.home());
    server
}

/// The token is in none of `texts` and in no file under `dir`.
fn no_token_in(texts: &[&str], dir: &Path) {
    for text in texts {
        assert!(!text.contains(TOKEN), "token leaked: {text}");
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                assert!(
                    !String::from_utf8_lossy(&bytes).contains(TOKEN),
                    "token leaked into {}",
                    path.display()
                );
            }
        }
    }
}

fn fixed(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Behaviour {
    Behaviour::Fixed(
        status,
        headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body.to_vec(),
    )
}

#[test]
fn a_tracker_that_never_answers_costs_the_time_limit_only() {
    fails_softly(Behaviour::Silent, "did not answer within", Some(Duration::from_secs(2)));
}

/// Item 28 (b): a run of several batches that outlasts the limit names the
/// limit of the whole step, not the moment that was left for its last batch.
#[test]
fn a_limit_spent_over_several_batches_is_named_whole() {
    let repo = shop();
    repo.write(".git-brief.toml", "[tracker]\ntimeout = 2\n");
    let refs: Vec<String> = (100..450).map(|n| format!("Refs #{n}")).collect();
    repo.commit(&format!("feat: bulk import\n\n{}", refs.join("\n")), "2026-11-18T10:00:00Z");
    let server = Server::start(Behaviour::Slow(Duration::from_millis(700), known()));
    let out = run(&repo, &server, WEEK);
    assert!(out.status.success(), "exit 0: {}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(server.requests().len() >= 2, "several batches were asked: {}", server.requests().len());
    assert!(stderr.contains("time limit") && stderr.contains("(2 s for all its requests)"), "{stderr}");
}

#[test]
fn refused_limited_and_broken_answers_each_give_one_warning() {
    fails_softly(fixed(401, &[], b"{\"message\":\"Bad credentials\"}"), "the token was refused (401)", None);
    fails_softly(
        fixed(403, &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1795430000")], b"{}"),
        "rate limit is used up (403); it resets at 10:33 UTC",
        None,
    );
    fails_softly(fixed(500, &[], b"oops"), "an error (500)", None);
    fails_softly(fixed(200, &[], b"{\"data\": [not json"), "could not be read", None);
    fails_softly(fixed(200, &[], &vec![b' '; 50 << 20]), "larger than 8 MB", None);
}

#[test]
fn a_redirect_is_not_followed_with_the_token() {
    let elsewhere = Server::start(Behaviour::GraphQl(known()));
    let location = format!("{}/graphql", elsewhere.url);
    fails_softly(fixed(307, &[("Location", &location)], b""), "redirect (307)", None);
    assert!(elsewhere.requests().is_empty(), "the other host was never asked");
}

#[test]
fn an_exported_file_gives_the_brief_the_github_provider_gives() {
    let repo = shop();
    let server = Server::start(Behaviour::GraphQl(known()));
    let from_github = json_of(&run(&repo, &server, WEEK));
    // The same data as `gh issue list --json …` and `gh pr list --json …` print it.
    let issues = json!([
        {"number": 20, "title": "Gift wrapping", "state": "OPEN", "labels": [], "url": "https://github.com/acme/shop/issues/20"},
        {"number": 21, "title": "Old refund emails", "state": "CLOSED", "labels": [], "url": "https://github.com/acme/shop/issues/21"},
    ]);
    let pulls = json!([
        {"number": 12, "title": "Customers can pay with Apple Pay", "state": "MERGED", "labels": [{"name": "feature", "color": "00ff00"}], "url": "https://github.com/acme/shop/pull/12"},
        {"number": 13, "title": "Tidy the checkout totals", "state": "MERGED", "labels": [{"name": "bug"}], "url": "https://github.com/acme/shop/pull/13"},
        {"number": 30, "title": "Rotate the signing keys", "state": "MERGED", "labels": [{"name": "P0"}], "url": "https://github.com/acme/shop/pull/30"},
    ]);
    let dir = repo.home();
    std::fs::write(dir.join("issues.json"), issues.to_string()).unwrap();
    std::fs::write(dir.join("pulls.json"), pulls.to_string()).unwrap();
    let mut cmd = repo.brief_command(
        &[
            WEEK,
            &[
                "--tracker-file",
                dir.join("issues.json").to_str().unwrap(),
                "--tracker-file",
                dir.join("pulls.json").to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    let from_file = json_of(&cmd.output().unwrap());
    for section in ["delivered", "fixed", "attention", "in_progress", "kpis", "units", "headline"] {
        assert_eq!(from_file[section], from_github[section], "{section}");
    }
    assert_eq!(from_file["tracker"]["provider"], "file");
}

#[test]
fn untrusted_titles_are_neutralised_like_commit_text() {
    let repo = shop();
    let mut hostile = known();
    hostile["12"]["title"] =
        json!("<img src=x onerror=alert(1)> @channel [click](https://evil.example) \u{202e}");
    let server = Server::start(Behaviour::GraphQl(hostile));
    let out = run(&repo, &server, &["--week", "2026-W47", "--tz", "UTC", "--format", "html"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains('\u{202e}'));
    let out = run(&repo, &server, &["--week", "2026-W47", "--tz", "UTC", "--format", "markdown"]);
    let markdown = String::from_utf8(out.stdout).unwrap();
    let stakeholder = common::stakeholder_part(&markdown);
    assert!(!stakeholder.contains("<img"), "{stakeholder}");
    assert!(!stakeholder.contains("[click](https://evil.example)"), "{stakeholder}");
    assert!(!stakeholder.contains("@channel"), "{stakeholder}");
}

fn milestone(title: &str, due: &str, open: u32, closed: u32) -> Value {
    json!({"title": title, "dueOn": due, "url": "https://github.com/acme/shop/milestone/1",
           "open": {"totalCount": open}, "closed": {"totalCount": closed}})
}

#[test]
fn milestones_show_progress_and_an_overdue_one_needs_attention() {
    let repo = shop();
    let mut known = known();
    known["12"]["milestone"] = milestone("Checkout v2", "2099-12-01T00:00:00Z", 2, 8);
    known["13"]["milestone"] = milestone("Spring clean", "2020-01-01T00:00:00Z", 1, 3);
    let server = Server::start(Behaviour::GraphQl(known));
    let brief = json_of(&run(&repo, &server, WEEK));
    let texts: Vec<&str> =
        brief["milestones"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "Spring clean — 3 of 4 issues done (75%), overdue since 1 Jan 2020",
            "Checkout v2 — 8 of 10 issues done (80%), due 1 Dec 2099"
        ]
    );
    assert_eq!(brief["milestones"][1]["percent"], 80);
    let overdue: Vec<&Value> =
        brief["attention"].as_array().unwrap().iter().filter(|r| r["reason"] == "overdue").collect();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["text"], "Spring clean");
    assert_eq!(overdue[0]["note"], "past its due date with 1 issue still open");
    let out = run(&repo, &server, &["--week", "2026-W47", "--tz", "UTC", "--format", "markdown"]);
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(
        markdown
            .contains("## Milestones\n- Spring clean — 3 of 4 issues done (75%), overdue since 1 Jan 2020\n"),
        "{markdown}"
    );
    let out = run(&repo, &server, &["--week", "2026-W47", "--tz", "UTC", "--format", "html"]);
    assert!(String::from_utf8(out.stdout).unwrap().contains("aria-valuenow=\"80\""));
}

#[test]
fn milestone_counts_too_large_to_add_never_wrap() {
    let repo = shop();
    let mut known = known();
    known["12"]["milestone"] = milestone("Checkout v2", "2099-12-01T00:00:00Z", u32::MAX, 2);
    known["13"]["milestone"] = milestone("Spring clean", "2099-12-01T00:00:00Z", 0, 42_949_673);
    let server = Server::start(Behaviour::GraphQl(known));
    let brief = json_of(&run(&repo, &server, WEEK));
    let texts: Vec<&str> =
        brief["milestones"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "Checkout v2, due 1 Dec 2099",
            "Spring clean — 42949673 of 42949673 issues done (100%), due 1 Dec 2099"
        ]
    );
}

#[test]
fn an_exported_file_counts_a_milestones_progress_from_its_issues() {
    let repo = shop();
    let in_v2 = json!({"title": "Checkout v2", "dueOn": "2099-12-01T00:00:00Z"});
    let export = json!([
        {"number": 12, "title": "Customers can pay with Apple Pay", "state": "MERGED", "labels": [], "milestone": in_v2, "headRefName": "apple-pay"},
        {"number": 40, "title": "Refunds", "state": "OPEN", "labels": [], "milestone": in_v2},
        {"number": 41, "title": "Receipts", "state": "OPEN", "labels": [], "milestone": in_v2},
        {"number": 42, "title": "Totals", "state": "CLOSED", "labels": [], "milestone": in_v2},
    ]);
    let file = repo.home().join("export.json");
    std::fs::write(&file, export.to_string()).unwrap();
    let brief = repo.json(&["--week", "2026-W47", "--tz", "UTC", "--tracker-file", file.to_str().unwrap()]);
    assert_eq!(brief["milestones"][0]["text"], "Checkout v2 — 1 of 3 issues done (33%), due 1 Dec 2099");
}

fn header<'a>(seen: &'a Seen, name: &str) -> Option<&'a str> {
    seen.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

#[test]
fn gitlab_issues_and_merge_requests_by_iid_with_the_job_token() {
    let repo = Repo::new();
    repo.git(&["remote", "add", "origin", "git@gitlab.com:acme/shop.git"]);
    repo.commit("chore: start", "2026-11-02T10:00:00Z");
    repo.branch("apple-pay");
    repo.commit("Apple pay\n\nCloses #40", IN_WEEK);
    repo.checkout("main");
    repo.merge(
        "apple-pay",
        "Merge branch 'apple-pay' into 'main'\n\nApple pay\n\nSee merge request acme/shop!12",
        "2026-11-17T11:00:00Z",
    );
    repo.commit("Tidy totals\n\nRefs #41", "2026-11-17T12:00:00Z");
    let issues = json!({
        "40": {"iid": 40, "title": "Customers can pay with Apple Pay", "state": "closed", "labels": ["feature"], "web_url": "https://gitlab.com/acme/shop/-/issues/40",
               "milestone": {"title": "Checkout v2", "due_date": "2099-12-01", "web_url": "https://gitlab.com/acme/shop/-/milestones/1"}},
        "41": {"iid": 41, "title": "Gift wrapping", "state": "opened", "labels": [], "web_url": "https://gitlab.com/acme/shop/-/issues/41"},
    });
    let merge_requests = json!({
        "12": {"iid": 12, "title": "Apple Pay at checkout", "state": "merged", "labels": [], "web_url": "https://gitlab.com/acme/shop/-/merge_requests/12"},
    });
    let server = Server::start(Behaviour::GitLab { issues, merge_requests });
    let mut cmd = repo.brief_command(WEEK);
    cmd.env("CI_JOB_TOKEN", TOKEN)
        .env("CI_API_V4_URL", format!("{}/api/v4", server.url))
        .env("XDG_CACHE_HOME", repo.home().join("cache"));
    let brief = json_of(&cmd.output().unwrap());
    assert_eq!(texts(&brief, "delivered"), ["Customers can pay with Apple Pay"], "{}", brief["units"]);
    assert_eq!(brief["in_progress"][0]["title"], "Gift wrapping");
    assert_eq!(brief["milestones"][0]["text"], "Checkout v2, due 1 Dec 2099");
    assert_eq!(brief["tracker"]["provider"], "gitlab");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "one for the issues, one for the merge requests: {requests:?}");
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert!(
        paths.contains(&"/api/v4/projects/acme%2Fshop/issues?iids[]=40&iids[]=41&per_page=100&scope=all"),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"/api/v4/projects/acme%2Fshop/merge_requests?iids[]=12&per_page=100&scope=all"),
        "{paths:?}"
    );
    assert!(requests.iter().all(|r| header(r, "job-token") == Some(TOKEN) && r.authorization.is_none()));
}

#[test]
fn on_gitlab_a_hash_suffix_is_an_issue_and_a_bang_suffix_a_merge_request() {
    let repo = Repo::new();
    repo.git(&["remote", "add", "origin", "https://gitlab.com/acme/shop.git"]);
    repo.commit("chore: start", "2026-11-02T10:00:00Z");
    repo.commit("Fix the login crash (#5)", IN_WEEK);
    repo.commit("Apple pay (!12)", "2026-11-17T11:00:00Z");
    let issues = json!({"5": {"iid": 5, "title": "Login crashes on Safari", "state": "closed", "labels": [], "web_url": "https://gitlab.com/acme/shop/-/issues/5"}});
    let merge_requests = json!({"12": {"iid": 12, "title": "Customers can pay with Apple Pay", "state": "merged", "labels": [], "web_url": "https://gitlab.com/acme/shop/-/merge_requests/12"}});
    let server = Server::start(Behaviour::GitLab { issues, merge_requests });
    let run = |format: &str| {
        let mut cmd = repo.brief_command(&["--week", "2026-W47", "--tz", "UTC", "--format", format]);
        cmd.env("CI_JOB_TOKEN", TOKEN)
            .env("CI_API_V4_URL", format!("{}/api/v4", server.url))
            .env("XDG_CACHE_HOME", repo.home().join("cache"));
        cmd.output().unwrap()
    };
    let brief = json_of(&run("json"));
    let units = brief["units"].as_array().unwrap();
    let kinds: Vec<(&Value, &Value)> = units.iter().map(|u| (&u["kind"], &u["number"])).collect();
    assert!(kinds.contains(&(&json!("pull_request"), &json!("!12"))), "{kinds:?}");
    assert!(!kinds.iter().any(|(_, n)| *n == "#5"), "#5 is no merge request: {kinds:?}");
    assert_eq!(common::kpi(&brief, "pull_requests").0, 1);
    // Issue 5's title is never shown as a merge request's, nor linked as one.
    let markdown = String::from_utf8(run("markdown").stdout).unwrap();
    assert!(!markdown.contains("merge_requests/5"), "{markdown}");
    assert!(!markdown.contains("Login crashes on Safari ([#5]"), "{markdown}");
    assert!(markdown.contains("(https://gitlab.com/acme/shop/-/issues/5)"), "{markdown}");
}

#[test]
fn jira_keys_in_one_search_with_cloud_credentials() {
    let repo = Repo::new();
    repo.write(".git-brief.toml", "[issues]\nkeys = [\"PAY\"]\n[tracker]\nprovider = \"jira\"\n");
    repo.commit("chore: start", "2026-11-02T10:00:00Z");
    repo.commit("PAY-7 apple pay", IN_WEEK);
    repo.commit("fix: totals\n\nRefs PAY-9", "2026-11-17T11:00:00Z");
    let known = json!({
        "PAY-7": {"key": "PAY-7", "fields": {"summary": "Customers can pay with Apple Pay", "labels": [], "issuetype": {"name": "Story"},
                  "status": {"statusCategory": {"key": "done"}}, "fixVersions": [{"name": "2.4", "releaseDate": "2099-12-01"}]}},
        "PAY-9": {"key": "PAY-9", "fields": {"summary": "Rounding of totals", "labels": ["regression"],
                  "status": {"statusCategory": {"key": "indeterminate"}}, "fixVersions": []}},
    });
    let server = Server::start(Behaviour::Jira(known));
    let mut cmd = repo.brief_command(WEEK);
    cmd.env("JIRA_BASE_URL", &server.url)
        .env("JIRA_EMAIL", "ada@example.com")
        .env("JIRA_API_TOKEN", TOKEN)
        .env("XDG_CACHE_HOME", repo.home().join("cache"));
    let out = cmd.output().unwrap();
    let brief = json_of(&out);
    assert!(
        texts(&brief, "delivered").contains(&"Customers can pay with Apple Pay".to_string()),
        "{}",
        brief["delivered"]
    );
    assert_eq!(brief["in_progress"][0]["title"], "Rounding of totals");
    assert_eq!(brief["milestones"][0]["title"], "2.4");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/rest/api/3/search/jql");
    let query: Value = serde_json::from_str(&requests[0].body).unwrap();
    assert_eq!(query["jql"], "key in (PAY-7, PAY-9)");
    let basic = requests[0].authorization.as_deref().unwrap();
    assert!(basic.starts_with("Basic ") && !basic.contains(TOKEN));
    no_token_in(&[&String::from_utf8_lossy(&out.stdout), &String::from_utf8_lossy(&out.stderr)], repo.home());
}

/// An export of the tracker as `gh issue list --json …` prints it, in `dir`.
fn export_in(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("pulls.json");
    let pulls =
        json!([{"number": 12, "title": "Customers can pay with Apple Pay", "state": "MERGED", "labels": []}]);
    std::fs::write(&file, pulls.to_string()).unwrap();
    file
}

#[test]
fn offline_runs_still_read_the_exported_files() {
    let repo = shop();
    let file = export_in(repo.home());
    let run = |args: &[&str]| json_of(&repo.brief_command(&[WEEK, args].concat()).output().unwrap());
    let brief = run(&["--offline", "--tracker-file", file.to_str().unwrap()]);
    assert_eq!(texts(&brief, "delivered"), ["Customers can pay with Apple Pay"]);
    assert_eq!(brief["tracker"]["provider"], "file");
    // The configuration's files likewise.
    std::fs::copy(&file, repo.path.join("pulls.json")).unwrap();
    repo.write(".git-brief.toml", "[tracker]\nfiles = [\"pulls.json\"]\n");
    let brief = run(&["--offline"]);
    assert_eq!(texts(&brief, "delivered"), ["Customers can pay with Apple Pay"]);
    // `--tracker off` still means no tracker at all.
    let brief = run(&["--offline", "--tracker", "off"]);
    assert_eq!(texts(&brief, "delivered"), ["Apple pay"]);
}

#[test]
fn a_missing_configured_export_is_a_warning_as_a_missing_tracker_file_is() {
    let repo = shop();
    repo.write(".git-brief.toml", "[tracker]\nfiles = [\".github/issues.json\"]\n");
    let out = repo.brief_command(WEEK).output().unwrap();
    let brief = json_of(&out);
    assert_eq!(texts(&brief, "delivered"), ["Apple pay"], "the brief as without a tracker");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("git-brief: warning: The issue tracker (file) was not used: "), "{stderr}");
    assert!(stderr.contains("issues.json"), "{stderr}");
    // A file named out of the work tree is still refused: the pull request chooses it.
    repo.write(".git-brief.toml", "[tracker]\nfiles = [\"../issues.json\"]\n");
    common::fails(repo.brief_command(WEEK), 2, &["../issues.json", "is not read"]);
}
