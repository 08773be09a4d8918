//! Bad input gets one clear line on stderr and a documented exit code:
//! 1 for runtime failures (git, I/O), 2 for usage errors. Never a panic.

mod common;

use common::{brief_binary, Repo};

/// Runs git-brief and checks its exit code and that stderr is one line,
/// prefixed, with advice, and no panic.
fn fails(mut cmd: assert_cmd::Command, code: i32, needle: &str) -> String {
    let out = cmd.output().expect("git-brief runs");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(code), "exit code; stderr: {stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout: {}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.starts_with("git-brief: "), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
    assert!(stderr.contains(needle), "{needle:?} in {stderr}");
    stderr
}

fn repo_with_a_commit() -> Repo {
    let repo = Repo::new();
    repo.commit("feat: first", "2026-11-17T10:00:00+01:00");
    repo
}

#[test]
fn not_a_repository_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = brief_binary(dir.path());
    cmd.arg("-C").arg(dir.path()).env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap());
    fails(cmd, 1, "not inside a git repository");
}

#[test]
fn empty_repository_exits_1() {
    let repo = Repo::new();
    fails(repo.brief_command(&[]), 1, "no commits yet");
}

#[test]
fn unknown_branch_exits_2() {
    let repo = repo_with_a_commit();
    fails(repo.brief_command(&["--branch", "nope"]), 2, "unknown --branch 'nope'");
}

#[test]
fn unknown_range_ref_exits_2() {
    let repo = repo_with_a_commit();
    fails(repo.brief_command(&["--range", "v9.9..HEAD"]), 2, "unknown --range start 'v9.9'");
    fails(repo.brief_command(&["--range", "HEAD"]), 2, "use A..B");
}

#[test]
fn unparsable_dates_and_weeks_exit_2() {
    let repo = repo_with_a_commit();
    fails(repo.brief_command(&["--since", "next tuesday"]), 2, "cannot read --since 'next tuesday'");
    fails(repo.brief_command(&["--until", "2026-13-01"]), 2, "cannot read --until");
    fails(repo.brief_command(&["--week", "2026-W54"]), 2, "cannot read --week '2026-W54'");
    fails(repo.brief_command(&["2026-47"]), 2, "ISO week");
}

#[test]
fn since_after_until_exits_2() {
    let repo = repo_with_a_commit();
    fails(
        repo.brief_command(&["--since", "2026-11-20", "--until", "2026-11-10"]),
        2,
        "is not before --until",
    );
}

#[test]
fn unknown_time_zone_exits_2() {
    let repo = repo_with_a_commit();
    fails(repo.brief_command(&["--tz", "Mars/Olympus"]), 2, "unknown time zone 'Mars/Olympus'");
}

#[test]
fn conflicting_or_unknown_flags_exit_2_in_one_line() {
    let repo = repo_with_a_commit();
    fails(repo.brief_command(&["--week", "2026-W47", "--range", "a..b"]), 2, "cannot be used with");
    fails(repo.brief_command(&["--format", "pdf"]), 2, "invalid value 'pdf'");
    fails(repo.brief_command(&["--frobnicate"]), 2, "--help");
}

#[test]
fn a_missing_output_directory_exits_1_and_writes_nothing() {
    let repo = repo_with_a_commit();
    let target = repo.home().join("missing/brief.md");
    fails(repo.brief_command(&["--output", target.to_str().unwrap()]), 1, "does not exist");
    assert!(!target.exists());
}

#[test]
fn a_broken_template_names_its_line_and_exits_2() {
    let repo = repo_with_a_commit();
    let template = repo.home().join("brief.md.hbs");
    std::fs::write(&template, "# {{title}}\n\n{{#each delivered}}\n- {{text}}\n").unwrap();
    fails(repo.brief_command(&["--template", template.to_str().unwrap(), "-f", "markdown"]), 2, "line");
    fails(
        repo.brief_command(&["--template", "/nonexistent.hbs", "-f", "markdown"]),
        2,
        "cannot read template",
    );
}

#[test]
fn a_users_template_replaces_the_built_in_one() {
    let repo = repo_with_a_commit();
    let template = repo.home().join("short.md.hbs");
    std::fs::write(&template, "{{headline}} ({{len commits}} commits)\n").unwrap();
    repo.brief(&[
        "--template",
        template.to_str().unwrap(),
        "-f",
        "markdown",
        "--since",
        "2026-11-16",
        "--until",
        "2026-11-23",
    ])
    .success()
    .stdout("The team delivered one improvement. (1 commits)\n");
}

#[test]
fn help_and_version_exit_0() {
    let repo = repo_with_a_commit();
    repo.brief(&["--help"]).success();
    repo.brief(&["--version"]).success();
}

fn repo_with_config(config: &str) -> Repo {
    let repo = repo_with_a_commit();
    std::fs::write(repo.path.join(".git-brief.toml"), config).unwrap();
    repo
}

#[test]
fn an_unknown_config_key_exits_2_naming_file_line_and_key() {
    let repo = repo_with_config("[brief]\ntitle = \"Shop\"\nmax_item = 3\n");
    let stderr = fails(repo.brief_command(&[]), 2, ".git-brief.toml:3: unknown field `max_item`");
    assert!(stderr.contains("`max_items`"), "what is allowed: {stderr}");
}

#[test]
fn a_config_value_of_the_wrong_type_exits_2() {
    let repo = repo_with_config("[brief]\nmax_items = \"eight\"\n");
    fails(repo.brief_command(&[]), 2, ".git-brief.toml:2:");
    let repo = repo_with_config("[areas]\nauth = 3\n");
    fails(repo.brief_command(&[]), 2, ".git-brief.toml:2:");
}

#[test]
fn a_bad_rewrite_regex_exits_2_naming_its_line() {
    let repo = repo_with_config("[[rewrite]]\npattern = \"(oauth\"\nreplace = \"sign-in\"\n");
    fails(
        repo.brief_command(&[]),
        2,
        ".git-brief.toml:2: `rewrite.pattern` '(oauth' is not a valid regular expression",
    );
}

#[test]
fn a_missing_config_file_exits_2() {
    let repo = repo_with_a_commit();
    fails(
        repo.brief_command(&["--config", "/nonexistent/brief.toml"]),
        2,
        "cannot read config /nonexistent/brief.toml",
    );
}

#[test]
fn a_config_template_that_is_missing_exits_2() {
    let repo = repo_with_config("[templates]\nmarkdown = \".github/brief.md.hbs\"\n");
    fails(repo.brief_command(&["-f", "markdown"]), 2, ".github/brief.md.hbs");
    std::fs::create_dir_all(repo.path.join(".github")).unwrap();
    std::fs::write(repo.path.join(".github/brief.md.hbs"), "{{title}}\n").unwrap();
    repo.brief(&["-f", "markdown", "--since", "2026-11-16", "--until", "2026-11-23"])
        .success()
        .stdout(predicates::str::starts_with("Weekly brief — shop · 16–22 Nov 2026"));
}

// Item 33 of the third hardening round: when the tracker or Prometheus
// failed, the stakeholder part quoted the socket error ("io: Connection
// refused (os error 111)"). It says one plain sentence now; the technical
// detail is in the appendix and on stderr.
#[test]
fn an_unreachable_tracker_or_prometheus_is_one_plain_sentence_and_the_detail_is_in_the_appendix() {
    let repo = Repo::new();
    repo.git(&["remote", "add", "origin", "https://github.com/acme/shop.git"]);
    // A loopback port with nothing behind it.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    repo.write(
        ".git-brief.toml",
        &format!("[prometheus]\nurl = \"http://{closed}\"\n\n[[kpi]]\nlabel = \"Error rate\"\nprometheus = \"sum(errors)\"\n"),
    );
    repo.commit("chore: start", "2026-11-02T10:00:00Z");
    repo.commit("feat: gift cards (#12)", "2026-11-17T10:00:00Z");
    for format in ["markdown", "html"] {
        let mut cmd = repo.brief_command(&["--week", "2026-W47", "--format", format]);
        cmd.env("GITHUB_TOKEN", "ghp_secret0token0never0shown")
            .env("GITHUB_API_URL", format!("http://{closed}"))
            .env("XDG_CACHE_HOME", repo.home().join("cache"));
        let out = cmd.output().expect("git-brief runs");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        let (stakeholder, appendix) = text.split_once("Engineering detail").expect("an appendix");
        assert!(
            stakeholder.contains("The issue tracker could not be reached; items are named by their commits."),
            "{stakeholder}"
        );
        assert!(stakeholder.contains("could not be read from Prometheus; it shows as —."), "{stakeholder}");
        for technical in ["os error", "Connection refused", "127.0.0.1", "io:"] {
            assert!(!stakeholder.contains(technical), "{technical} in the stakeholder part: {stakeholder}");
        }
        assert!(appendix.contains("The issue tracker (github) was not used"), "{appendix}");
        assert!(
            appendix.contains(&format!("Prometheus at &#x27;http://{closed}&#x27;"))
                || appendix.contains(&format!("Prometheus at 'http://{closed}'")),
            "{appendix}"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("warning: The issue tracker (github) was not used"), "{stderr}");
        assert!(stderr.contains(&format!("Prometheus at 'http://{closed}'")), "{stderr}");
        assert!(!text.contains("ghp_secret") && !stderr.contains("ghp_secret"));
    }
}
