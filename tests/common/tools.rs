//! The programs some tests need besides Rust and git (an SMTP server, a
//! Prometheus, man): on a machine without one, such a test is skipped with
//! one line that names the package to install; where
//! `GIT_BRIEF_TEST_REQUIRE_TOOLS` is set (`.ci/run` sets it), a missing one
//! fails the test instead, so that CI cannot pass by skipping.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The variable that turns a missing program into a failure.
pub const REQUIRE: &str = "GIT_BRIEF_TEST_REQUIRE_TOOLS";

/// `program` as the first directory of `PATH` that has it.
pub fn program(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(program)).find(|path| path.is_file())
}

/// The first `python3` on `PATH` that can import `module` (a pyenv or venv
/// python3 can come before the system's, where a Debian package installs).
pub fn python_with(module: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("python3")).filter(|path| path.is_file()).find(|python| {
        Command::new(python)
            .args(["-c", &format!("import {module}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Whether the test must stop here because `what` is missing: `found` is
/// what the caller looked up, `package` the Debian package that brings it.
/// The line is written to the process's stderr itself, past the test
/// harness's capture, so that `cargo test` shows it.
pub fn missing<T>(found: &Option<T>, what: &str, package: &str) -> bool {
    if found.is_some() {
        return false;
    }
    let line = format!("{what} is not installed: apt-get install {package} (.ci/run does)");
    if std::env::var_os(REQUIRE).is_some_and(|v| !v.is_empty()) {
        panic!("{line}; {REQUIRE} is set, so a missing program is a failure");
    }
    let test = std::thread::current().name().unwrap_or("a test").to_string();
    let _ = writeln!(std::io::stderr(), "skipped {test}: {line}");
    true
}

/// What a test of this test binary did when run alone with `git` as the only
/// program on `PATH`: its status, and its output and error together.
pub struct Alone {
    pub status: std::process::ExitStatus,
    pub said: String,
}

/// Runs `test` of this test binary by itself with a `PATH` that holds only
/// git, as on a machine with only Rust and git; with `require`, as `.ci/run`
/// runs it.
pub fn run_with_git_only(test: &str, require: bool) -> Alone {
    let bin = tempfile::tempdir().expect("a directory for PATH");
    let git = program("git").expect("git is on PATH");
    std::os::unix::fs::symlink(git, bin.path().join("git")).expect("git linked");
    let mut command = Command::new(std::env::current_exe().expect("this test binary"));
    command.args(["--exact", test, "--test-threads", "1"]).env("PATH", bin.path());
    match require {
        true => command.env(REQUIRE, "1"),
        false => command.env_remove(REQUIRE),
    };
    let out = command.output().expect("this test binary runs");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    Alone { status: out.status, said }
}
