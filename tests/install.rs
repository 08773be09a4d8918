//! The README's recipes for the man page and shell completions, run as written
//! on a fresh account: an empty home whose only tool is the installed binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh home with `git-brief` installed where `cargo install` puts it.
fn fresh_home() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().expect("home");
    let bin = home.path().join(".cargo/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_git-brief"), bin.join("git-brief")).unwrap();
    (home, bin)
}

fn command(program: &str, home: &Path, bin: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display()))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("LANG", "C.UTF-8")
        .current_dir(home);
    cmd
}

/// The shell block of the README that installs the man page and completions.
fn readme_recipe() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    readme
        .split("```sh\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("git-brief man >"))
        .expect("a recipe for the man page in the README")
        .to_string()
}

fn run_recipe(home: &Path, bin: &Path) {
    let recipe = readme_recipe();
    let out = command("sh", home, bin).arg("-ec").arg(&recipe).output().unwrap();
    assert!(
        out.status.success(),
        "the recipe as written:\n{recipe}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_readme_recipe_makes_git_brief_help_show_the_manual() {
    if common::tools::missing(&common::tools::program("man"), "man", "man-db") {
        return;
    }
    let (home, bin) = fresh_home();
    run_recipe(home.path(), &bin);
    let out = command("git", home.path(), &bin).args(["brief", "--help"]).output().unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(page.contains("git-brief") && page.contains("--week"), "the manual: {page}");
}

#[test]
fn bash_completes_git_brief_and_git_space_brief() {
    let git_completion = "/usr/share/bash-completion/completions/git";
    // Debian's git ships it; a git built elsewhere may not.
    let found = Path::new(git_completion).exists().then_some(());
    if common::tools::missing(&found, "git's bash completion", "git") {
        return;
    }
    let (home, bin) = fresh_home();
    run_recipe(home.path(), &bin);
    let script = format!(
        r#"source {git_completion}
source "$HOME/.local/share/bash-completion/completions/git-brief"
COMP_WORDS=(git brief --fo); COMP_CWORD=2; COMP_LINE="git brief --fo"; COMP_POINT=${{#COMP_LINE}}
__git_wrap__git_main
echo "git brief: ${{COMPREPLY[*]}}"
COMPREPLY=()
COMP_WORDS=(git-brief --format m); COMP_CWORD=2
_git__brief git-brief m --format
echo "git-brief: ${{COMPREPLY[*]}}"
"#
    );
    let out = command("bash", home.path(), &bin).arg("-c").arg(&script).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("git brief: --format"), "{said}{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains("git-brief: markdown"), "{said}");
}

// Item 31 of the third hardening round: clap_complete names the branches of
// a hyphenated binary's subcommands `git__subcmd__brief__subcmd__init` where
// it looks for `git__brief__subcmd__init`, so no subcommand's option completed.
#[test]
fn bash_completes_the_options_of_subcommands() {
    let git_completion = "/usr/share/bash-completion/completions/git";
    // Debian's git ships it; a git built elsewhere may not.
    let found = Path::new(git_completion).exists().then_some(());
    if common::tools::missing(&found, "git's bash completion", "git") {
        return;
    }
    let (home, bin) = fresh_home();
    run_recipe(home.path(), &bin);
    let script = format!(
        r#"source {git_completion}
source "$HOME/.local/share/bash-completion/completions/git-brief"
COMP_WORDS=(git-brief init --); COMP_CWORD=2; COMP_LINE="git-brief init --"; COMP_POINT=${{#COMP_LINE}}
_git__brief git-brief -- init
echo "git-brief init: ${{COMPREPLY[*]}}"
COMPREPLY=()
COMP_WORDS=(git brief alert --ex); COMP_CWORD=3; COMP_LINE="git brief alert --ex"; COMP_POINT=${{#COMP_LINE}}
__git_wrap__git_main
echo "git brief alert: ${{COMPREPLY[*]}}"
COMPREPLY=()
COMP_WORDS=(git-brief merge --group ''); COMP_CWORD=3; COMP_LINE="git-brief merge --group "; COMP_POINT=${{#COMP_LINE}}
_git__brief git-brief '' --group
echo "git-brief merge --group: ${{COMPREPLY[*]}}"
"#
    );
    let out = command("bash", home.path(), &bin).arg("-c").arg(&script).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let line = |prefix: &str| {
        said.lines()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("{said}{}", String::from_utf8_lossy(&out.stderr)))
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let init = line("git-brief init: ");
    for flag in ["--force", "--slack", "--teams", "--email", "--org", "--from-source", "--rev"] {
        assert!(init.contains(&flag.to_string()), "git-brief init --<TAB>: {init:?}");
    }
    assert!(!init.contains(&"--week".to_string()), "the brief's own flags are not init's: {init:?}");
    assert_eq!(line("git brief alert: "), ["--exit-code"], "{said}");
    assert_eq!(line("git-brief merge --group: "), ["repository", "area"], "{said}");
}
