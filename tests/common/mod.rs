//! A test repository builder: real git repositories in a temporary
//! directory, with commit dates and time zones under the test's control,
//! and the real `git-brief` binary run against them.

#![allow(dead_code)]

pub mod tools;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::assert::Assert;
use serde_json::Value;
use tempfile::TempDir;

/// A git repository in a temporary directory, removed when dropped.
pub struct Repo {
    _dir: TempDir,
    /// An empty home directory, so no user or system config leaks in.
    home: PathBuf,
    pub path: PathBuf,
    commits: Cell<usize>,
}

impl Repo {
    /// A new repository whose branch is `main`.
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().expect("temporary directory");
        let home = dir.path().join("home");
        let path = dir.path().join("shop");
        std::fs::create_dir_all(&home).expect("home");
        std::fs::create_dir_all(&path).expect("repository directory");
        let repo = Repo { _dir: dir, home, path, commits: Cell::new(0) };
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo
    }

    /// The empty home directory the binary runs with.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// A command for git itself, isolated from the machine's configuration.
    pub fn git_command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.args(args).current_dir(&self.path);
        isolate(&mut cmd, &self.home);
        cmd.env("GIT_AUTHOR_NAME", "Ada Lovelace")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Ada Lovelace")
            .env("GIT_COMMITTER_EMAIL", "ada@example.com");
        cmd
    }

    /// Runs git and returns its trimmed standard output; fails the test on error.
    pub fn git(&self, args: &[&str]) -> String {
        run_git(self.git_command(args))
    }

    /// Runs git with author and committer dated `date` (`2026-11-18T10:00:00+01:00`).
    pub fn git_at(&self, date: &str, args: &[&str]) -> String {
        let mut cmd = self.git_command(args);
        cmd.env("GIT_AUTHOR_DATE", date).env("GIT_COMMITTER_DATE", date);
        run_git(cmd)
    }

    /// Commits `message` at `date` (author and committer time) and returns its id.
    /// Each commit changes a file, as real work does.
    pub fn commit(&self, message: &str, date: &str) -> String {
        self.commit_by(message, date, ("Ada Lovelace", "ada@example.com"))
    }

    /// Commits `message` at `date` as `author` (name, email).
    pub fn commit_by(&self, message: &str, date: &str, author: (&str, &str)) -> String {
        self.commit_with(message, date, date, author)
    }

    /// Commits with an author date and a different committer date, as a
    /// rebase or cherry-pick does: the work was written then, it landed now.
    pub fn commit_landed(&self, message: &str, author_date: &str, committer_date: &str) -> String {
        self.commit_with(message, author_date, committer_date, ("Ada Lovelace", "ada@example.com"))
    }

    fn commit_with(
        &self,
        message: &str,
        author_date: &str,
        committer_date: &str,
        author: (&str, &str),
    ) -> String {
        // Each commit adds a file of its own, so that branches, merges and
        // reverts never conflict.
        let n = self.commits.get() + 1;
        self.commits.set(n);
        let file = format!("work/{n:04}.txt");
        std::fs::create_dir_all(self.path.join("work")).expect("work directory");
        let line = format!("{}\n", message.lines().next().unwrap_or(""));
        std::fs::write(self.path.join(&file), line).expect("write work file");
        self.git(&["add", &file]);
        let mut cmd =
            self.git_command(&["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "-F", "-"]);
        cmd.env("GIT_AUTHOR_DATE", author_date)
            .env("GIT_COMMITTER_DATE", committer_date)
            .env("GIT_AUTHOR_NAME", author.0)
            .env("GIT_AUTHOR_EMAIL", author.1);
        run_git_with_input(cmd, message);
        self.git(&["rev-parse", "HEAD"])
    }

    /// Commits exactly `files` (path, content) at `date`, and nothing else:
    /// a change whose paths say what it is (tests only, docs only, a
    /// changelog fragment beside the code).
    pub fn commit_files(&self, message: &str, date: &str, files: &[(&str, &str)]) -> String {
        for (path, content) in files {
            self.write(path, content);
        }
        let mut cmd =
            self.git_command(&["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "-F", "-"]);
        cmd.env("GIT_AUTHOR_DATE", date).env("GIT_COMMITTER_DATE", date);
        run_git_with_input(cmd, message);
        self.git(&["rev-parse", "HEAD"])
    }

    /// Writes a file into the work tree and stages it (it goes into the next commit).
    pub fn write(&self, path: &str, content: &str) {
        let full = self.path.join(path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).expect("directory");
        }
        std::fs::write(&full, content).expect("write file");
        self.git(&["add", path]);
    }

    /// Creates `branch` at the current commit and checks it out.
    pub fn branch(&self, branch: &str) {
        self.git(&["checkout", "--quiet", "-b", branch]);
    }

    pub fn checkout(&self, branch: &str) {
        self.git(&["checkout", "--quiet", branch]);
    }

    /// Merges `branch` into the current branch with a merge commit at `date`.
    pub fn merge(&self, branch: &str, message: &str, date: &str) -> String {
        self.git_at(date, &["merge", "--quiet", "--no-ff", "-m", message, branch]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// The ids `git rev-list` prints for `args`.
    pub fn rev_list(&self, args: &[&str]) -> Vec<String> {
        let mut full = vec!["rev-list"];
        full.extend_from_slice(args);
        self.git(&full).lines().map(str::to_string).filter(|l| !l.is_empty()).collect()
    }

    /// The `git-brief` binary, run in this repository with a clean environment.
    pub fn brief_command(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = brief_binary(&self.home);
        cmd.arg("-C").arg(&self.path).args(args);
        cmd
    }

    /// Runs `git-brief` with `args` and returns the assertion handle.
    pub fn brief(&self, args: &[&str]) -> Assert {
        self.brief_command(args).assert()
    }

    /// Runs `git-brief --format json` with `args`; the run must succeed.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut full = vec!["--format", "json"];
        full.extend_from_slice(args);
        let out = self.brief(&full).success().get_output().stdout.clone();
        serde_json::from_slice(&out).expect("git-brief printed valid JSON")
    }

    /// Runs `git-brief --format markdown` with `args`; the run must succeed.
    pub fn markdown(&self, args: &[&str]) -> String {
        let mut full = vec!["--format", "markdown"];
        full.extend_from_slice(args);
        let out = self.brief(&full).success().get_output().stdout.clone();
        String::from_utf8(out).expect("UTF-8 Markdown")
    }
}

/// The `git-brief` binary with an environment that does not depend on the
/// machine: an empty home, no system git config, UTC unless `--tz` says otherwise.
pub fn brief_binary(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_git-brief"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TZ", "UTC")
        .env("NO_COLOR", "1");
    cmd
}

fn isolate(cmd: &mut Command, home: &Path) {
    cmd.env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("TZ", "UTC")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_ADVICE", "0")
        .env("GIT_EDITOR", "true");
}

fn run_git(mut cmd: Command) -> String {
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {:?} failed: {}",
        cmd.get_args().collect::<Vec<_>>(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn run_git_with_input(mut cmd: Command, input: &str) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("git runs");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write message");
    let out = child.wait_with_output().expect("git finishes");
    assert!(out.status.success(), "git commit failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// The ids of the JSON brief's `commits`, sorted.
pub fn commit_ids(brief: &Value) -> Vec<String> {
    let mut ids: Vec<String> = brief["commits"]
        .as_array()
        .expect("commits is an array")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect();
    ids.sort();
    ids
}

/// The KPI `id` of a JSON brief: (value, previous).
pub fn kpi(brief: &Value, id: &str) -> (Value, Value) {
    let k = brief["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .find(|k| k["id"] == id)
        .unwrap_or_else(|| panic!("no KPI {id}"));
    (k["value"].clone(), k["previous"].clone())
}

/// The part of a Markdown brief a stakeholder reads: everything before the
/// engineering appendix.
pub fn stakeholder_part(markdown: &str) -> &str {
    markdown.split("<details>").next().unwrap_or(markdown)
}

/// Week 47 with `count` commits with long subjects, written quickly by
/// fast-import: a Markdown brief far larger than a pipe's buffer or a
/// pull-request comment.
pub fn busy_week(count: usize) -> Repo {
    let repo = Repo::new();
    let mut stream = String::new();
    let start = 1_795_132_800; // Monday 16 Nov 2026, 00:00 Berlin
    for n in 1..=count {
        let message =
            format!("feat(area{}): change {n} {}\n", n % 7, "with a long, descriptive subject ".repeat(6));
        let time = start + n as i64 * 60;
        stream.push_str(&format!(
            "commit refs/heads/main\nmark :{n}\ncommitter Dev <dev@example.com> {time} +0100\ndata {}\n{message}",
            message.len()
        ));
        if n > 1 {
            stream.push_str(&format!("from :{}\n", n - 1));
        }
        stream.push('\n');
    }
    let mut cmd = repo.git_command(&["fast-import", "--quiet"]);
    cmd.stdin(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), stream.as_bytes()).unwrap();
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    repo.git(&["reset", "--quiet", "--hard", "main"]);
    repo
}

/// A clone of `origin` made with `git clone <args> file://…`, as CI makes them.
pub fn clone(origin: &Repo, args: &[&str]) -> Repo {
    let copy = Repo::new();
    std::fs::remove_dir_all(&copy.path).unwrap();
    let url = format!("file://{}", origin.path.display());
    let mut full = vec!["clone", "--quiet"];
    full.extend_from_slice(args);
    full.push(&url);
    let target = copy.path.to_str().unwrap().to_string();
    full.push(&target);
    origin.git(&full);
    copy
}

/// The binary as a plain `std::process::Command` in `repo`, for what
/// assert_cmd cannot set up (stderr to a file, a closed or piped stdout read
/// as it comes), with the same clean environment as [`brief_binary`].
pub fn std_command(repo: &Repo, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_git-brief"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", repo.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .arg("-C")
        .arg(&repo.path)
        .args(args)
        .stdin(std::process::Stdio::null());
    cmd
}

/// Runs git-brief and checks that it failed with `code`, printed nothing on
/// stdout, and exactly one prefixed line on stderr containing every needle
/// (what went wrong and what to do), with no panic.
pub fn fails(mut cmd: assert_cmd::Command, code: i32, needles: &[&str]) -> String {
    let out = cmd.output().expect("git-brief runs");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(code), "exit code; stderr: {stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout: {}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.starts_with("git-brief: ") && stderr.ends_with('\n'), "a whole prefixed line: {stderr:?}");
    for marker in ["panicked", "RUST_BACKTRACE", "internal error"] {
        assert!(!stderr.contains(marker), "{stderr}");
    }
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} in {stderr}");
    }
    stderr
}
