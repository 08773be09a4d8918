//! `[[kpi]] prometheus` against a real Prometheus server (Debian's
//! `prometheus` package; .ci/run installs it), started on loopback by the
//! test with three weeks of request counts backfilled through `promtool tsdb
//! create-blocks-from openmetrics`.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{kpi, tools, Repo};
use serde_json::Value;

/// Monday 2 Nov 2026, 00:00 UTC: the first of the three weeks backfilled.
const START: i64 = 1_793_577_600;
const HOUR: i64 = 3600;

const QUERY: &str = "sum(increase(http_requests_total{code=~'5..'}[{window}])) / sum(increase(http_requests_total[{window}]))";

/// Three weeks of hourly counters: 1,000 requests an hour; 30 of them
/// failed in week 45, 12 in week 46, 2 in week 47.
fn openmetrics() -> String {
    let mut text = String::from("# TYPE http_requests counter\n");
    let (mut ok, mut failed) = (0u64, 0u64);
    for hour in 0..(21 * 24) {
        let failing = [30, 12, 2][(hour / (7 * 24)) as usize];
        ok += 1000 - failing;
        failed += failing;
        let t = START + hour * HOUR;
        text.push_str(&format!("http_requests_total{{code=\"200\"}} {ok} {t}\n"));
        text.push_str(&format!("http_requests_total{{code=\"500\"}} {failed} {t}\n"));
    }
    text.push_str("# EOF\n");
    text
}

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Backfills `dir/data` and starts Prometheus on it, on loopback; none on a
/// machine without Prometheus, where the test is skipped.
fn prometheus(dir: &Path) -> Option<Server> {
    let (promtool, prometheus) = (tools::program("promtool"), tools::program("prometheus"));
    if tools::missing(&promtool, "promtool", "prometheus")
        || tools::missing(&prometheus, "prometheus", "prometheus")
    {
        return None;
    }
    std::fs::write(dir.join("metrics.om"), openmetrics()).unwrap();
    let data = dir.join("data");
    let backfill = Command::new(promtool.expect("found above"))
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(dir.join("metrics.om"))
        .arg(&data)
        .output()
        .expect("promtool: apt-get install prometheus (.ci/run does)");
    assert!(backfill.status.success(), "promtool: {}", String::from_utf8_lossy(&backfill.stderr));
    std::fs::write(dir.join("prometheus.yml"), "global:\n  scrape_interval: 1h\n").unwrap();
    let port = free_port();
    let child = Command::new(prometheus.expect("found above"))
        .arg(format!("--config.file={}", dir.join("prometheus.yml").display()))
        .arg(format!("--storage.tsdb.path={}", data.display()))
        .arg("--storage.tsdb.retention.time=100y")
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("prometheus: apt-get install prometheus (.ci/run does)");
    let server = Server { child, port };
    let started = Instant::now();
    while get(port, "/-/ready").is_none_or(|(status, _)| status != 200) {
        assert!(started.elapsed() < Duration::from_secs(60), "Prometheus did not get ready on port {port}");
        std::thread::sleep(Duration::from_millis(200));
    }
    Some(server)
}

/// A plain HTTP GET on loopback: the status and the body.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let status = answer.split(' ').nth(1)?.parse().ok()?;
    let body = answer.split_once("\r\n\r\n")?.1.to_string();
    Some((status, body))
}

/// What PromQL itself gives for `query` at `time`, asked directly.
fn promql(port: u16, query: &str, time: i64) -> f64 {
    let encoded: String = query
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    let (status, body) = get(port, &format!("/api/v1/query?query={encoded}&time={time}")).unwrap();
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    answer["data"]["result"][0]["value"][1].as_str().unwrap().parse().unwrap()
}

fn shop() -> Repo {
    let repo = Repo::new();
    repo.write(
        ".git-brief.toml",
        &format!(
            "[[kpi]]\nlabel = \"API error rate\"\nprometheus = \"{QUERY}\"\nformat = \"percent\"\nbetter = \"down\"\n"
        ),
    );
    repo.commit("chore: start", "2026-11-02T09:00:00Z");
    repo.commit("feat: gift cards", "2026-11-18T09:00:00Z");
    repo
}

#[test]
fn the_brief_shows_what_promql_gives_for_each_window_and_a_dash_when_it_is_down() {
    let dir = tempfile::tempdir().unwrap();
    let Some(server) = prometheus(dir.path()) else {
        return;
    };
    let url = format!("http://127.0.0.1:{}", server.port);
    let repo = shop();

    let run = |extra: &[&str]| {
        let mut cmd = repo.brief_command(&[&["--week", "2026-W47", "--format", "json"], extra].concat());
        cmd.env("PROMETHEUS_URL", &url);
        cmd.assert().success().get_output().clone()
    };
    let out = run(&["--trend", "1"]);
    let brief: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: Vec<f64> = (1..=3)
        .map(|n| promql(server.port, &QUERY.replace("{window}", "7d"), START + n * 7 * 24 * HOUR))
        .collect();
    // PromQL's answers are near the rates written in, so the query is the one meant.
    for (got, written) in expected.iter().zip([0.03, 0.012, 0.002]) {
        assert!((got - written).abs() < written * 0.05, "{got} against {written}");
    }
    let (value, previous) = kpi(&brief, "api_error_rate");
    assert_eq!((value.as_f64(), previous.as_f64()), (Some(expected[2]), Some(expected[1])));
    let k = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "api_error_rate").unwrap();
    assert_eq!(
        k["series"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect::<Vec<_>>(),
        expected
    );
    assert_eq!((k["source"].as_str(), k["unit"].as_str()), (Some("prometheus"), Some("percent")));
    assert_eq!((k["display"].as_str(), k["verdict"].as_str()), (Some("0.2%"), Some("better")));
    assert_eq!(brief["warnings"], serde_json::json!([]));

    // A ten-day window asks for ten days.
    let out = {
        let mut cmd = repo.brief_command(&[
            "--since",
            "2026-11-10",
            "--until",
            "2026-11-20",
            "--tz",
            "UTC",
            "--no-compare",
            "--format",
            "json",
        ]);
        cmd.env("PROMETHEUS_URL", &url);
        cmd.assert().success().get_output().clone()
    };
    let ten_days: Value = serde_json::from_slice(&out.stdout).unwrap();
    let until = START + 18 * 24 * HOUR;
    assert_eq!(
        kpi(&ten_days, "api_error_rate").0.as_f64(),
        Some(promql(server.port, &QUERY.replace("{window}", "10d"), until))
    );

    drop(server);
    let out = run(&[]);
    let brief: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(kpi(&brief, "api_error_rate"), (Value::Null, Value::Null));
    let k = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "api_error_rate").unwrap();
    assert_eq!(k["display"], "—");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one warning: {stderr}");
    assert!(stderr.contains("'API error rate' could not be read from Prometheus"), "{stderr}");
    assert!(stderr.contains("could not be reached"), "{stderr}");
    assert_eq!(brief["warnings"].as_array().unwrap().len(), 1);
}

#[test]
fn a_query_prometheus_refuses_is_a_warning_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let Some(server) = prometheus(dir.path()) else {
        return;
    };
    let repo = shop();
    repo.write(
        ".git-brief.toml",
        "[[kpi]]\nlabel = \"Broken\"\nprometheus = \"sum(rate(\"\n\n[[kpi]]\nlabel = \"Per code\"\nprometheus = \"sum by (code) (increase(http_requests_total[{window}]))\"\n",
    );
    let mut cmd = repo.brief_command(&["--week", "2026-W47", "--format", "markdown"]);
    cmd.env("PROMETHEUS_URL", format!("http://127.0.0.1:{}", server.port));
    let out = cmd.assert().success().get_output().clone();
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(markdown.contains("| Broken | — | — |  |"), "{markdown}");
    assert!(markdown.contains("| Per code | — | — |  |"), "{markdown}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Prometheus could not run the query"), "{stderr}");
    assert!(stderr.contains("2 series, not one number"), "{stderr}");
}

#[test]
fn without_a_server_address_the_number_says_where_to_set_it() {
    let repo = shop();
    let out = repo.brief(&["--week", "2026-W47", "--format", "json"]).success().get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("[prometheus] url or PROMETHEUS_URL"), "{stderr}");
    // --offline asks no server at all.
    let mut cmd = repo.brief_command(&["--week", "2026-W47", "--offline"]);
    cmd.env("PROMETHEUS_URL", "http://127.0.0.1:9");
    let out = cmd.assert().success().get_output().clone();
    assert!(String::from_utf8(out.stderr).unwrap().contains("not asked: --offline"));
}

// Item 30 of the third hardening round: on a machine with only Rust and git,
// `cargo test --locked` failed here for want of Prometheus.
#[test]
fn without_prometheus_the_test_says_what_to_install_and_fails_only_where_required() {
    let test = "a_query_prometheus_refuses_is_a_warning_that_says_so";
    let skipped = tools::run_with_git_only(test, false);
    assert!(skipped.status.success(), "{}", skipped.said);
    assert!(skipped.said.contains(&format!("skipped {test}: ")), "{}", skipped.said);
    assert!(skipped.said.contains("apt-get install prometheus"), "{}", skipped.said);
    let required = tools::run_with_git_only(test, true);
    assert!(!required.status.success(), "{}", required.said);
    assert!(required.said.contains("apt-get install prometheus"), "{}", required.said);
}

/// A stand-in Prometheus on loopback: `oldfails` is refused (422) for
/// windows that end before `recent`, `slow` takes 400 ms for them; every
/// other answer is 0.002.
fn fussy_prometheus(recent: i64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut request = [0u8; 4096];
                let n = stream.read(&mut request).unwrap_or(0);
                let line = String::from_utf8_lossy(&request[..n]).lines().next().unwrap_or("").to_string();
                let time: i64 = line
                    .split("time=")
                    .nth(1)
                    .and_then(|t| t.split([' ', '&']).next())
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(0);
                let old = time < recent;
                let (status, body) = if old && line.contains("oldfails") {
                    (422, r#"{"status":"error","errorType":"execution","error":"query processing would load too many samples"}"#.to_string())
                } else {
                    if old && line.contains("slow") {
                        std::thread::sleep(Duration::from_millis(400));
                    }
                    (
                        200,
                        format!(
                            r#"{{"status":"success","data":{{"resultType":"vector","result":[{{"metric":{{}},"value":[{time},"0.002"]}}]}}}}"#
                        ),
                    )
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    url
}

// Item 9 of the third hardening round: the windows of a trend were asked
// oldest first and one failure dropped the whole series, so an old window
// Prometheus refused, or a time budget spent on old windows, showed *this*
// week's number as "—" with a warning that blamed the query.
#[test]
fn a_failed_old_window_or_a_spent_budget_keeps_this_weeks_number() {
    // Week 47 of 2026 ends on Monday 23 Nov, 00:00 UTC.
    let url = fussy_prometheus(1_795_392_000);
    let repo = shop();
    repo.write(
        ".git-brief.toml",
        &format!(
            "[prometheus]\nurl = \"{url}\"\ntimeout = 2\n\n[[kpi]]\nlabel = \"Error rate\"\nprometheus = \"sum(oldfails)\"\nformat = \"percent\"\n\n[[kpi]]\nlabel = \"Latency\"\nprometheus = \"sum(slow)\"\n\n[[kpi]]\nlabel = \"Throughput\"\nprometheus = \"sum(slowtoo)\"\n"
        ),
    );
    let out = repo
        .brief_command(&["--week", "2026-W47", "--tz", "UTC", "--format", "json", "--trend", "12"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let brief: Value = serde_json::from_slice(&out.stdout).unwrap();
    for (id, display) in [("error_rate", "0.2%"), ("latency", "0.002"), ("throughput", "0.002")] {
        let k = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == id).unwrap();
        assert_eq!(k["display"], display, "{k}");
        let warning = k["warning"].as_str().unwrap_or_default();
        assert!(!warning.contains("it shows as —"), "{warning}");
        assert!(!warning.contains("check it") || warning.contains("earlier window"), "{warning}");
    }
    let error_rate = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "error_rate").unwrap();
    assert!(error_rate["warning"].as_str().unwrap().contains("its trend leaves them out"), "{error_rate}");
    // Last week's number, too, is asked before the older windows.
    assert_eq!(error_rate["previous_display"], "—", "last week was refused: {error_rate}");
    let latency = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "latency").unwrap();
    assert_eq!(latency["series"].as_array().unwrap().last().unwrap().as_f64(), Some(0.002));
}
