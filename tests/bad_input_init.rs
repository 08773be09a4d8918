//! The bad-input matrix for `init`, `completions` and `man`: flags that do
//! not go together, sources that cannot be written into a workflow, and
//! files in the way that are not files. Each is one line on stderr with the
//! documented exit code, never a panic or a hang, and leaves the work tree
//! as it was.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{fails, Repo};

/// Every file under `dir` (but .git), with its content, sorted: what a
/// refused run must leave as it was.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            let meta = path.symlink_metadata().unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
            }
            let content = if meta.is_file() { std::fs::read(&path).unwrap() } else { Vec::new() };
            found.push((path.strip_prefix(dir).unwrap().display().to_string(), content));
        }
    }
    found.sort();
    found
}

/// `init` with `args` fails with `code` and one line naming `needles`, and
/// changes nothing in the work tree.
fn init_fails(repo: &Repo, args: &[&str], code: i32, needles: &[&str]) {
    let before = tree(&repo.path);
    let mut cmd = repo.brief_command(&[&["init"], args].concat());
    cmd.timeout(Duration::from_secs(20));
    fails(cmd, code, needles);
    assert_eq!(tree(&repo.path), before, "init {args:?} changed the work tree");
}

#[test]
fn gitlab_does_not_mix_with_org() {
    init_fails(&Repo::new(), &["--gitlab", "--org"], 2, &["--org"]);
}

#[test]
fn gitlab_does_not_mix_with_slack() {
    init_fails(&Repo::new(), &["--gitlab", "--slack"], 2, &["--slack"]);
}

#[test]
fn org_does_not_mix_with_email() {
    init_fails(&Repo::new(), &["--org", "--email"], 2, &["--email"]);
}

#[test]
fn rev_without_from_source_exits_2() {
    init_fails(&Repo::new(), &["--rev", "v1.0.0"], 2, &["--from-source"]);
}

#[test]
fn a_plain_http_source_exits_2() {
    init_fails(
        &Repo::new(),
        &["--gitlab", "--from-source", "http://example.com/git-brief.git"],
        2,
        &["https"],
    );
}

#[test]
fn a_source_with_a_shell_character_exits_2() {
    init_fails(
        &Repo::new(),
        &["--gitlab", "--from-source", "https://example.com/a.git;id"],
        2,
        &["--from-source"],
    );
}

#[test]
fn an_empty_source_exits_2() {
    init_fails(&Repo::new(), &["--from-source", ""], 2, &["--from-source"]);
}

#[test]
fn a_rev_that_looks_like_a_flag_exits_2() {
    init_fails(&Repo::new(), &["--from-source", "https://example.com/a.git", "--rev=-x"], 2, &["--rev"]);
}

#[test]
fn init_in_a_bare_repository_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.git");
    let made = std::process::Command::new("git").args(["init", "-q", "--bare"]).arg(&bare).status().unwrap();
    assert!(made.success());
    let mut cmd = common::brief_binary(dir.path());
    cmd.args(["-C", bare.to_str().unwrap(), "init", "--gitlab"]);
    fails(cmd, 2, &["bare", "clone"]);
}

#[test]
fn init_twice_with_gitlab_has_nothing_to_add() {
    let repo = Repo::new();
    repo.brief(&["init", "--gitlab"]).success();
    init_fails(&repo, &["--gitlab"], 2, &["nothing to add", ".gitlab-ci.yml", "--force"]);
}

#[test]
fn a_directory_where_gitlab_ci_goes_is_left_alone() {
    let repo = Repo::new();
    repo.brief(&["init", "--gitlab"]).success();
    std::fs::remove_file(repo.path.join(".gitlab-ci.yml")).unwrap();
    std::fs::create_dir(repo.path.join(".gitlab-ci.yml")).unwrap();
    init_fails(&repo, &["--gitlab"], 2, &["nothing to add", ".gitlab-ci.yml"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_weekly_workflow_is_not_read_when_adding_a_step() {
    let repo = Repo::new();
    repo.brief(&["init"]).success();
    let weekly = repo.path.join(".github/workflows/brief.yml");
    std::fs::remove_file(&weekly).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(&weekly).status().unwrap().success());
    init_fails(&repo, &["--slack"], 2, &["brief.yml", "by hand"]);
}

#[cfg(unix)]
#[test]
fn a_weekly_workflow_linked_out_of_the_work_tree_is_not_edited() {
    let repo = Repo::new();
    repo.brief(&["init"]).success();
    let outside = repo.home().join("elsewhere.yml");
    let weekly = repo.path.join(".github/workflows/brief.yml");
    std::fs::rename(&weekly, &outside).unwrap();
    std::os::unix::fs::symlink(&outside, &weekly).unwrap();
    let before = std::fs::read_to_string(&outside).unwrap();
    init_fails(&repo, &["--teams"], 2, &["brief.yml", "by hand"]);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), before, "nothing written outside");
}

#[test]
fn completions_for_an_unknown_shell_exits_2() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::brief_binary(home.path());
    cmd.args(["completions", "tcsh"]);
    fails(cmd, 2, &["tcsh", "bash"]);
}

#[test]
fn man_with_an_argument_exits_2() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::brief_binary(home.path());
    cmd.args(["man", "git-brief"]);
    fails(cmd, 2, &["git-brief"]);
}
