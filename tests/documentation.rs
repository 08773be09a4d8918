//! The help, the man page and the README say the same things: every flag of
//! every subcommand is in all three, the exit codes are in `--help`, and the
//! package carries the licence files that Cargo.toml names.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{brief_binary, Repo};

const SUBCOMMANDS: &[&str] = &["init", "completions", "man", "alert", "merge"];

fn stdout(args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = brief_binary(home.path()).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The long flags a piece of text names (`--since`, `--from-source`).
fn flags(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("--") {
        let name: String =
            rest[at + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        if name.starts_with(|c: char| c.is_ascii_lowercase()) {
            found.insert(format!("--{}", name.trim_end_matches('-')));
        }
        rest = &rest[at + 2..];
    }
    found
}

/// The flags of the options list of `git-brief [SUBCOMMAND] --help`.
fn help_flags(subcommand: Option<&str>) -> BTreeSet<String> {
    let help = stdout(&[subcommand.into_iter().collect::<Vec<_>>(), vec!["--help"]].concat());
    let options = help.split_once("\nOptions:\n").map(|(_, o)| o).expect("an options list");
    // An option's own lines start with its name; its description may name others.
    let named: String = options
        .lines()
        .filter(|l| l.trim_start().starts_with('-'))
        .map(|l| l.trim_start().split("  ").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    flags(&named)
}

/// The flags of the man page's section for `subcommand` (the command's own
/// OPTIONS section without one): the `.TP` headings only.
fn man_flags(page: &str, subcommand: Option<&str>) -> BTreeSet<String> {
    let page = page.replace("\\-", "-");
    let start = match subcommand {
        None => page.find(".SH OPTIONS\n").expect("an OPTIONS section"),
        Some(name) => page
            .find(&format!(".SH \"GIT-BRIEF {}\"\n", name.to_uppercase()))
            .unwrap_or_else(|| panic!("the man page has no section for {name}")),
    };
    let section = &page[start + 4..];
    let section = &section[..section.find("\n.SH ").unwrap_or(section.len())];
    let lines: Vec<&str> = section.lines().collect();
    let headings: String =
        lines.windows(2).filter(|w| w[0] == ".TP").map(|w| w[1]).collect::<Vec<_>>().join("\n");
    flags(&headings)
}

// Item 39 of the third hardening round: the man page documented the
// command's own flags only, none of `init`, `alert` or `merge`.
#[test]
fn every_flag_of_every_subcommand_is_in_its_help_the_man_page_and_the_readme() {
    let page = stdout(&["man"]);
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for subcommand in std::iter::once(None).chain(SUBCOMMANDS.iter().copied().map(Some)) {
        let help = help_flags(subcommand);
        assert!(help.contains("--help"), "{subcommand:?}: {help:?}");
        assert_eq!(help, man_flags(&page, subcommand), "{subcommand:?}: --help and the man page");
        for flag in &help {
            assert!(readme.contains(flag.as_str()), "the README never names {subcommand:?} {flag}");
        }
    }
}

// Item 39: `alert --exit-code` exits 3, which the help's list of exit codes left out.
#[test]
fn the_help_lists_every_exit_code() {
    let help = stdout(&["--help"]).replace('\n', " ");
    for code in ["0 success", "1 runtime failure", "2 usage", "3 something critical"] {
        assert!(help.contains(code), "{code}: {help}");
    }
}

// Item 39: the README said "one side alone spans 7 days"; only --until alone
// does, --since alone runs up to now. The README and --help say what runs.
#[test]
fn the_readme_and_help_say_what_one_sided_windows_span() {
    let repo = Repo::new();
    repo.commit("feat: old work", "2026-10-01T10:00:00Z");
    let window = |args: &[&str]| {
        let brief = repo.json(&[args, &["--tz", "UTC"]].concat());
        (
            brief["window"]["since"].as_str().unwrap().to_string(),
            brief["window"]["until"].as_str().unwrap().to_string(),
        )
    };
    let (since, until) = window(&["--since", "2026-09-01"]);
    assert_eq!(since, "2026-09-01T00:00:00+00:00");
    assert!(until.as_str() > "2026-11-01", "--since alone runs up to now: {until}");
    assert_eq!(
        window(&["--until", "2026-10-08"]),
        ("2026-10-01T00:00:00+00:00".to_string(), "2026-10-08T00:00:00+00:00".to_string())
    );
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(!readme.contains("one side alone spans 7 days"));
    assert!(readme.contains("`--since` alone runs up to now, `--until` alone spans the 7 days before it"));
    let help = stdout(&["--help"]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("Default: now, also when --since is given alone"), "{help}");
    assert!(help.contains("Default: 7 days before --until, which alone spans 7 days"), "{help}");
}

// Item 39: Cargo.toml says "MIT OR Apache-2.0" and the package carried
// neither licence's text.
#[test]
fn the_package_carries_the_licence_files_cargo_toml_names() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""), "the licences this test knows");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files = String::from_utf8(out.stdout).unwrap();
    for (file, says) in [("LICENSE-MIT", "MIT License"), ("LICENSE-APACHE", "Apache License")] {
        assert!(files.lines().any(|l| l == file), "the package lacks {file}: {files}");
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + file).unwrap();
        assert!(text.contains(says), "{file}");
    }
}

// Item 40 of the third hardening round: a new user committed the workflows
// and their install step failed, the version not being on crates.io yet;
// nothing said why, or what to do until it is.
#[test]
fn the_readme_says_the_workflows_install_the_published_release_and_what_to_do_before() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    // Said where the workflows are introduced, before their YAML, and where installing is explained.
    let setup =
        &flat[flat.find("### Every Monday in GitHub Actions").unwrap()..flat.find("```yaml").unwrap()];
    assert!(setup.contains("**The workflows install the published release.**"), "{setup}");
    assert!(setup.contains("Until that version is published there, their install step fails"), "{setup}");
    assert!(setup.contains("`git brief init --from-source URL --rev REV`"), "{setup}");
    let installing = &flat[flat.find("### Installing a release").unwrap()..];
    assert!(installing.contains("install the published release of git-brief"), "{installing:.300}");
    assert!(
        installing.contains(
            "until that version is published, `git brief init --from-source URL --rev REV` is the way"
        ),
        "{installing:.300}"
    );
    // What the README promises is what `init --from-source URL --rev REV` writes.
    let repo = Repo::new();
    let home = repo.home().to_path_buf();
    brief_binary(&home)
        .args([
            "-C",
            repo.path.to_str().unwrap(),
            "init",
            "--from-source",
            "https://example.com/git-brief.git",
        ])
        .args(["--rev", "v0.1.0"])
        .assert()
        .success();
    let weekly = std::fs::read_to_string(repo.path.join(".github/workflows/brief.yml")).unwrap();
    assert!(weekly.contains("https://example.com/git-brief.git") && weekly.contains("v0.1.0"), "{weekly}");
    assert!(!weekly.contains("cargo install --locked git-brief --version"), "{weekly}");
}
