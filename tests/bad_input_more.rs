//! The bad-input matrix, continued (`bad_input.rs` holds the first part):
//! files that are not files, paths that name nothing, time zones spelt
//! another way, merge inputs given twice, and pull requests without a base.
//! A failure is one line on stderr with the documented exit code, never a
//! panic, a hang or a half-written output; a soft failure (the tracker, a
//! number from a file) is one warning and the brief.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{fails, Repo};

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "UTC"];
const IN_WEEK: &str = "2026-11-17T10:00:00Z";
/// Long enough for a debug build, far shorter than a hang.
const PATIENCE: Duration = Duration::from_secs(20);

fn repo_with_a_commit() -> Repo {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-09T10:00:00Z");
    repo.commit("feat: refunds (#12)", IN_WEEK);
    repo
}

/// A named pipe at `path`: opening it for reading waits for a writer.
#[cfg(unix)]
fn fifo(path: &Path) -> PathBuf {
    let made = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
    path.to_path_buf()
}

/// `args` in `repo`, bounded in time.
fn command(repo: &Repo, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = repo.brief_command(args);
    cmd.timeout(PATIENCE);
    cmd
}

/// Runs `cmd` and checks that it succeeded with exactly one warning on
/// stderr containing every needle; returns stdout.
fn warns(mut cmd: assert_cmd::Command, needles: &[&str]) -> String {
    let out = cmd.output().expect("git-brief runs");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one warning: {stderr:?}");
    assert!(stderr.starts_with("git-brief: warning: "), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} in {stderr}");
    }
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_repositorys_config_is_refused_not_waited_on() {
    let repo = repo_with_a_commit();
    fifo(&repo.path.join(".git-brief.toml"));
    fails(command(&repo, WEEK), 2, &[".git-brief.toml", "not a regular file"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_given_to_config_is_refused_not_waited_on() {
    let repo = repo_with_a_commit();
    let pipe = fifo(&repo.home().join("config.toml"));
    let args = [WEEK, &["--config", pipe.to_str().unwrap()]].concat();
    fails(command(&repo, &args), 2, &["config.toml", "not a regular file"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_given_to_tracker_file_is_a_warning_and_the_brief() {
    let repo = repo_with_a_commit();
    let pipe = fifo(&repo.home().join("issues.json"));
    let args = [WEEK, &["--format", "json", "--tracker-file", pipe.to_str().unwrap()]].concat();
    warns(command(&repo, &args), &["issues.json", "not a regular file"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_kpi_file_is_a_warning_and_the_brief() {
    let repo = repo_with_a_commit();
    repo.write(".git-brief.toml", "[[kpi]]\nlabel = \"Uptime\"\nfile = \"uptime.json\"\n");
    fifo(&repo.path.join("uptime.json"));
    let args = [WEEK, &["--format", "markdown"]].concat();
    let markdown = warns(command(&repo, &args), &["uptime.json", "not a regular file"]);
    assert!(markdown.contains("| Uptime |"), "{markdown}");
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_template_is_refused_not_waited_on() {
    let repo = repo_with_a_commit();
    let pipe = fifo(&repo.home().join("brief.hbs"));
    let args = [WEEK, &["--template", pipe.to_str().unwrap()]].concat();
    fails(command(&repo, &args), 2, &["brief.hbs", "not a regular file"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_merge_input_is_refused_not_waited_on() {
    let repo = repo_with_a_commit();
    let pipe = fifo(&repo.home().join("web.json"));
    let mut cmd = common::brief_binary(repo.home());
    cmd.arg("merge").arg(&pipe).timeout(PATIENCE);
    fails(cmd, 2, &["web.json", "a pipe that nothing was written to"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_pull_requests_event_file_is_refused_not_waited_on() {
    let repo = repo_with_a_commit();
    let pipe = fifo(&repo.home().join("event.json"));
    fails(
        command(&repo, &["--pull-request", pipe.to_str().unwrap()]),
        2,
        &["event.json", "not a regular file"],
    );
    // The same file named by GitHub Actions' variable.
    let mut cmd = command(&repo, &[]);
    cmd.env("GITHUB_EVENT_NAME", "pull_request").env("GITHUB_EVENT_PATH", &pipe);
    fails(cmd, 2, &["event.json", "not a regular file"]);
}

/// A file beside the repository with `content`, for a flag to name.
fn file_with(repo: &Repo, name: &str, content: &str) -> String {
    let path = repo.home().join(name);
    std::fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn an_empty_path_exits_2_and_says_dot_is_the_whole_tree() {
    let repo = repo_with_a_commit();
    fails(command(&repo, &[WEEK, &["--path", ""]].concat()), 2, &["--path ''", "empty", "use ."]);
}

#[test]
fn an_exclusion_of_nothing_exits_2() {
    let repo = repo_with_a_commit();
    fails(command(&repo, &[WEEK, &["--path", ":(exclude)"]].concat()), 2, &["excludes nothing"]);
}

#[test]
fn a_path_that_climbs_out_of_the_repository_exits_2() {
    let repo = repo_with_a_commit();
    fails(command(&repo, &[WEEK, &["--path", "work/../../etc"]].concat()), 2, &["without .."]);
}

#[test]
fn a_path_with_a_newline_is_refused_on_one_line() {
    let repo = repo_with_a_commit();
    let stderr =
        fails(command(&repo, &[WEEK, &["--path", "work\n::error::forged"]].concat()), 2, &["control"]);
    assert!(stderr.contains("work\\n::error::forged"), "{stderr}");
}

#[test]
fn a_five_thousand_character_path_is_named_in_a_short_line() {
    let repo = repo_with_a_commit();
    let long = "x".repeat(5_000);
    let stderr = fails(command(&repo, &[WEEK, &["--path", &long]].concat()), 2, &["names nothing"]);
    assert!(stderr.len() < 600, "{} characters", stderr.len());
}

#[test]
fn a_misspelt_configured_path_exits_2_naming_it() {
    let repo = repo_with_a_commit();
    repo.write(".git-brief.toml", "[brief]\npaths = [\"wrok\"]\n");
    fails(command(&repo, WEEK), 2, &["'wrok'", "spelling"]);
}

#[test]
fn a_tracker_file_that_is_not_json_is_a_warning_and_the_brief() {
    let repo = repo_with_a_commit();
    let file = file_with(&repo, "issues.json", "{\"number\": ");
    warns(command(&repo, &[WEEK, &["--tracker-file", &file]].concat()), &["issues.json", "not an array"]);
}

#[test]
fn an_empty_tracker_file_is_a_warning_and_the_brief() {
    let repo = repo_with_a_commit();
    let file = file_with(&repo, "issues.json", "");
    warns(command(&repo, &[WEEK, &["--tracker-file", &file]].concat()), &["issues.json"]);
}

#[test]
fn a_directory_as_tracker_file_is_a_warning_and_the_brief() {
    let repo = repo_with_a_commit();
    let dir = repo.home().join("issues");
    std::fs::create_dir_all(&dir).unwrap();
    warns(
        command(&repo, &[WEEK, &["--tracker-file", dir.to_str().unwrap()]].concat()),
        &["not a regular file"],
    );
}

#[test]
fn a_tracker_file_with_negative_and_huge_numbers_is_a_warning_and_the_brief() {
    let repo = repo_with_a_commit();
    let file = file_with(&repo, "issues.json", "[{\"number\": -3, \"title\": \"x\"}, {\"number\": 1e400}]");
    warns(command(&repo, &[WEEK, &["--tracker-file", &file]].concat()), &["issues.json"]);
}

#[test]
fn a_directory_as_a_merge_input_exits_2() {
    let repo = repo_with_a_commit();
    let mut cmd = common::brief_binary(repo.home());
    cmd.arg("merge").arg(repo.home()).timeout(PATIENCE);
    fails(cmd, 2, &["not a regular file"]);
}

#[test]
fn an_empty_merge_input_exits_2() {
    let repo = repo_with_a_commit();
    let file = file_with(&repo, "web.json", "");
    let mut cmd = common::brief_binary(repo.home());
    cmd.arg("merge").arg(&file).timeout(PATIENCE);
    fails(cmd, 2, &["web.json", "not a git-brief JSON brief"]);
}

#[test]
fn an_empty_event_file_exits_2() {
    let repo = repo_with_a_commit();
    let file = file_with(&repo, "event.json", "");
    fails(command(&repo, &["--pull-request", &file]), 2, &["event.json", "not a pull request's event"]);
}

#[test]
fn an_event_with_a_negative_number_exits_2() {
    let repo = repo_with_a_commit();
    let file = file_with(&repo, "event.json", "{\"pull_request\": {\"number\": -1}}");
    fails(command(&repo, &["--pull-request", &file]), 2, &["event.json", "not a pull request's event"]);
}

#[test]
fn an_event_whose_base_is_no_commit_id_nor_known_branch_exits_2() {
    let repo = repo_with_a_commit();
    let event = "{\"pull_request\": {\"number\": 5, \"base\": {\"ref\": \"trunk\", \"sha\": \"$(id)\"}, \"head\": {\"sha\": \"../x\"}}}";
    let file = file_with(&repo, "event.json", event);
    fails(command(&repo, &["--pull-request", &file]), 2, &["origin/trunk"]);
}

#[test]
fn a_time_zone_with_a_newline_is_refused_on_one_line() {
    let repo = repo_with_a_commit();
    let stderr =
        fails(command(&repo, &["--week", "2026-W47", "--tz", "UTC\n::error::forged"]), 2, &["time zone"]);
    assert!(stderr.contains("UTC\\n::error::forged"), "{stderr}");
}

#[test]
fn a_tz_naming_a_missing_file_exits_2() {
    let repo = repo_with_a_commit();
    let mut cmd = command(&repo, &["--week", "2026-W47"]);
    cmd.env("TZ", ":/nonexistent/zone");
    fails(cmd, 2, &["TZ", "/nonexistent/zone", "--tz"]);
}

#[test]
fn a_five_thousand_character_time_zone_is_named_in_a_short_line() {
    let repo = repo_with_a_commit();
    let long = "Europe/".repeat(700);
    let stderr = fails(command(&repo, &["--week", "2026-W47", "--tz", &long]), 2, &["time zone"]);
    assert!(stderr.len() < 400, "{} characters", stderr.len());
}

#[cfg(unix)]
#[test]
fn dev_null_as_config_exits_2() {
    let repo = repo_with_a_commit();
    fails(
        command(&repo, &[WEEK, &["--config", "/dev/null"]].concat()),
        2,
        &["/dev/null", "not a regular file"],
    );
}

#[test]
fn a_directory_named_like_the_config_exits_2() {
    let repo = repo_with_a_commit();
    std::fs::create_dir_all(repo.path.join(".git-brief.toml")).unwrap();
    fails(command(&repo, WEEK), 2, &[".git-brief.toml", "not a regular file"]);
}

// Item 29 of the third hardening round: compiling a template takes time
// quadratic in its size, and a 1 MB template (accepted then) took minutes;
// in a pull request's job the template may be the pull request's own.
#[test]
fn a_template_too_large_to_compile_quickly_is_refused_quickly() {
    let repo = repo_with_a_commit();
    // Past the size limit: refused before it is read whole.
    let huge = file_with(&repo, "huge.md.hbs", &"{{title}}\n".repeat(100_000));
    let started = std::time::Instant::now();
    fails(
        command(&repo, &[&["--template", &huge, "-f", "markdown"], WEEK].concat()),
        2,
        &["larger than 262144 bytes"],
    );
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    // Within it, but built of many small elements: given up after its compile time.
    let slow = file_with(&repo, "slow.md.hbs", &"{{title}}\n".repeat(20_000));
    let started = std::time::Instant::now();
    let output = repo.path.join("brief.md");
    let output = output.to_str().unwrap();
    let out = repo.brief_command(&[&["--template", &slow, "-f", "markdown", "-o", output], WEEK].concat());
    fails(out, 2, &["did not compile within 10 seconds", "make it smaller"]);
    assert!(started.elapsed() < PATIENCE, "{:?}", started.elapsed());
    assert!(!repo.path.join("brief.md").exists(), "no output is written");
}

// Item 28 of the third hardening round, the small inconsistencies: an
// upper-case scheme called "not HTTPS", a schema_version of "1" or 1.0
// called missing, a tracker export with a BOM refused.
#[test]
fn an_upper_case_scheme_a_schema_version_as_text_and_a_bom_are_read_as_meant() {
    let repo = repo_with_a_commit();
    repo.git(&["remote", "add", "origin", "https://github.com/acme/shop.git"]);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let mut cmd = command(&repo, &[WEEK, &["--format", "json"]].concat());
    cmd.env("GITHUB_TOKEN", "ghp_secret0token0never0shown")
        .env("GITHUB_API_URL", format!("HTTP://{closed}"))
        .env("XDG_CACHE_HOME", repo.home().join("cache"));
    let json = warns(cmd, &["could not be reached"]);
    assert!(!json.contains("not HTTPS"), "{json}");

    let export = repo.home().join("bom.json");
    std::fs::write(&export, "\u{feff}[{\"number\": 12, \"title\": \"Customers get refunds\"}]").unwrap();
    let brief = repo.json(&[WEEK, &["--tracker-file", export.to_str().unwrap()]].concat());
    assert_eq!(brief["delivered"][0]["text"], "Customers get refunds", "{}", brief["warnings"]);

    let written = repo.json(&[WEEK, &["--tracker", "off"]].concat()).to_string();
    for version in ["\"1\"", "1.0"] {
        let path = repo.home().join("brief.json");
        std::fs::write(
            &path,
            written.replace("\"schema_version\":1,", &format!("\"schema_version\":{version},")),
        )
        .unwrap();
        let out = command(&repo, &["merge", path.to_str().unwrap(), "--format", "json"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{version}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// Item 28 (f): `merge` reads its briefs from a pipe too: `-` (standard
/// input), `/dev/stdin` of a pipeline, a shell's `<(…)`.
#[test]
fn merge_reads_a_brief_from_a_pipe() {
    let repo = repo_with_a_commit();
    let written = repo.json(&[WEEK, &["--tracker", "off"]].concat()).to_string();
    for name in ["-", "/dev/stdin"] {
        let out = command(&repo, &["merge", name, "--format", "json"])
            .write_stdin(written.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let merged: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(merged["schema_version"], 1, "{name}");
    }
    let path = repo.home().join("brief.json");
    std::fs::write(&path, &written).unwrap();
    let script = format!("\"$0\" merge <(cat '{}') --format json", path.display());
    let out = std::process::Command::new("bash")
        .args(["-c", &script, assert_cmd::cargo::cargo_bin("git-brief").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "<(…): {}", String::from_utf8_lossy(&out.stderr));
    // A directory is neither a file nor a pipe.
    fails(command(&repo, &["merge", repo.home().to_str().unwrap()]), 2, &["not a regular file, nor a pipe"]);
}

/// Item 28 (g): in a pull request's job, a broken event file fails the
/// pull request's own brief, but not a brief of a range the user gave.
#[test]
fn a_broken_event_file_fails_only_the_pull_requests_brief() {
    let repo = repo_with_a_commit();
    let missing = repo.home().join("missing.json");
    let in_pull_request_job = |args: &[&str]| {
        let mut cmd = command(&repo, args);
        cmd.env("GITHUB_EVENT_NAME", "pull_request").env("GITHUB_EVENT_PATH", &missing);
        cmd
    };
    let text = warns(
        in_pull_request_job(&["--range", "HEAD~1..HEAD", "--format", "markdown"]),
        &["event file", "the range is briefed without its pull request"],
    );
    assert!(text.contains("Refunds"), "{text}");
    fails(in_pull_request_job(&["--format", "markdown"]), 2, &["event file"]);
    fails(
        in_pull_request_job(&["--range", "HEAD~1..HEAD", "--pull-request", missing.to_str().unwrap()]),
        2,
        &["event file"],
    );
}
