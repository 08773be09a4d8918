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
    fails(cmd, 2, &["web.json", "not a regular file"]);
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
