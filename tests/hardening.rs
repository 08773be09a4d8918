//! Hardening, round two (issue 9): what an adversarial week in CI broke, one
//! test per defect. Each failure is one line on stderr with the documented
//! exit code (1 runtime, 2 usage), never a panic, an abort or a stray file.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{brief_binary, fails, Repo};
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin"];
/// A moment inside week 47 of 2026 (16–22 Nov, Europe/Berlin).
const IN_WEEK: &str = "2026-11-17T10:00:00+01:00";

fn repo_with_a_commit() -> Repo {
    let repo = Repo::new();
    repo.commit("feat: export to CSV", IN_WEEK);
    repo
}

/// The binary as a `std::process::Command`, for what assert_cmd cannot
/// set up (stderr to a file, a closed stdout), with the same clean
/// environment as `common::brief_binary`.
fn raw(repo: &Repo, args: &[&str]) -> Command {
    common::std_command(repo, args)
}

/// The `window` of a JSON brief run with `args`.
fn window(repo: &Repo, args: &[&str]) -> Value {
    repo.json(args)["window"].clone()
}

fn timestamp(rfc3339: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339.as_str().expect("a time")).expect("RFC 3339").timestamp()
}

// Item 4: extreme but parseable dates.

#[test]
fn extreme_dates_exit_2_instead_of_panicking() {
    let repo = repo_with_a_commit();
    for args in [
        &["--since=-150000-01-01"][..],
        &["--until=-262143-01-03", "--no-compare"],
        &["--since=-200000-01-01", "--until=2026-12-01"],
        &["--since=+200000-01-01"],
        &["--since", "9999999999 weeks ago"],
        &["--since", "@-99999999999999"],
    ] {
        fails(repo.brief_command(args), 2, &["too far from today", "between the years 1 and 9999"]);
    }
    // The widest window there is works, with the window before it.
    repo.json(&["--since", "0001-01-01", "--until", "9999-12-31"]);
}

// Item 25: the date forms of `git log --since`, and the nearest zone for a typo.

#[test]
fn git_date_forms_mean_what_git_log_takes_them_to_mean() {
    let repo = repo_with_a_commit();
    for form in
        ["yesterday", "2 weeks ago", "3.days.ago", "last monday", "last friday", "1 month ago", "@1700000000"]
    {
        let git = repo.git(&["rev-parse", &format!("--since={form}")]);
        let git: i64 = git.trim_start_matches("--max-age=").parse().expect("git prints --max-age");
        let since = timestamp(&window(&repo, &["--since", form])["since"]);
        assert!((since - git).abs() <= 5, "{form}: git-brief {since}, git {git}");
    }
    let until = window(&repo, &["--since", "2 weeks ago", "--until", "yesterday"]);
    assert_eq!(timestamp(&until["until"]) - timestamp(&until["since"]), 13 * 86_400);
}

#[test]
fn a_mistyped_zone_suggests_the_nearest_iana_name() {
    let repo = repo_with_a_commit();
    fails(
        repo.brief_command(&["--week", "2026-W47", "--tz", "Europe/Berln"]),
        2,
        &["unknown time zone 'Europe/Berln' (did you mean Europe/Berlin?)"],
    );
    repo.write(".git-brief.toml", "[brief]\ntimezone = \"America/New York\"\n");
    fails(
        repo.brief_command(&["--week", "2026-W47"]),
        2,
        &[".git-brief.toml:2:", "(did you mean America/New_York?)"],
    );
}

// Item 22: $TZ, daylight-saving gaps.

#[test]
fn an_invalid_tz_variable_is_an_error_like_an_invalid_tz_flag() {
    let repo = repo_with_a_commit();
    let mut cmd = repo.brief_command(&["--week", "2026-W47"]);
    cmd.env("TZ", "Europe/Berln");
    fails(cmd, 2, &["the TZ environment variable 'Europe/Berln'", "did you mean Europe/Berlin?", "--tz"]);
    // The forms the C library accepts still work, and --tz wins over $TZ.
    for tz in [":Europe/Berlin", "/usr/share/zoneinfo/Europe/Berlin"] {
        let mut cmd = repo.brief_command(&["--week", "2026-W47", "--format", "json"]);
        cmd.env("TZ", tz);
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{tz}: {}", String::from_utf8_lossy(&out.stderr));
        let brief: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(brief["window"]["timezone"], "Europe/Berlin", "{tz}");
    }
    let mut cmd = repo.brief_command(&["--week", "2026-W47", "--tz", "UTC", "--format", "json"]);
    cmd.env("TZ", "Not/AZone");
    cmd.assert().success();
}

#[test]
fn a_time_in_a_daylight_saving_gap_is_reported_as_such() {
    let repo = repo_with_a_commit();
    fails(
        repo.brief_command(&["--since", "2026-03-29 02:30", "--tz", "Europe/Berlin"]),
        2,
        &[
            "--since '2026-03-29 02:30' does not exist in Europe/Berlin",
            "daylight saving",
            "2026-03-29 03:00",
        ],
    );
}

// Item 13: values in errors are quoted, on one line, and cut.

#[test]
fn config_values_cannot_inject_lines_or_flood_stderr() {
    let repo = repo_with_a_commit();
    repo.write(".git-brief.toml", "[brief]\ntimezone = \"Mars\\n::error title=Injected::x\\u001b[31m\"\n");
    let stderr = fails(repo.brief_command(WEEK), 2, &["'Mars\\n::error title=Injected::x\\u{1b}[31m'"]);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    // A pattern as long as a configuration may be (256 KiB)…
    let huge = "(".to_string() + &"a".repeat(200_000);
    repo.write(".git-brief.toml", &format!("[[rewrite]]\npattern = \"{huge}\"\nreplace = \"x\"\n"));
    let stderr = fails(repo.brief_command(WEEK), 2, &["`rewrite.pattern` '(aaa", "…'"]);
    assert!(stderr.len() < 1_000, "a short line: {} bytes", stderr.len());
    // …and a 10 MB file, which is no configuration at all.
    let flood = "(".to_string() + &"a".repeat(10_000_000);
    repo.write(".git-brief.toml", &format!("[[rewrite]]\npattern = \"{flood}\"\nreplace = \"x\"\n"));
    fails(repo.brief_command(WEEK), 2, &["is not read: it is larger than 262144 bytes"]);
    assert!(stderr.len() < 2_000, "{} bytes on stderr", stderr.len());
    std::fs::remove_file(repo.path.join(".git-brief.toml")).unwrap();
    let stderr = fails(
        repo.brief_command(&["--since", &format!("x\n::error::{}", "y".repeat(100_000))]),
        2,
        &["cannot read --since 'x\\n::error::yyy"],
    );
    assert!(stderr.len() < 2_000, "{} bytes on stderr", stderr.len());
}

// Item 17: an unwritable stderr.

#[test]
fn an_unwritable_stderr_keeps_the_exit_code() {
    let repo = repo_with_a_commit();
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let status = raw(&repo, &["--week", "2027-W53"]).stderr(full()).status().unwrap();
    assert_eq!(status.code(), Some(2), "a usage error, not an abort: {status:?}");
    let status = raw(&repo, &["--branch", "nope"]).stderr(full()).status().unwrap();
    assert_eq!(status.code(), Some(2), "{status:?}");
    let status = raw(&repo, &["--no-such-flag"]).stderr(full()).status().unwrap();
    assert_eq!(status.code(), Some(2), "{status:?}");
    let status = raw(&repo, WEEK).stderr(full()).stdout(Stdio::null()).status().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
}

// Item 6: repositories libgit2 cannot open, told apart.

/// Runs git in `dir` (which need not be a repository yet) with the test's isolation.
fn git_in(repo: &Repo, dir: &Path, args: &[&str]) -> String {
    let mut cmd = repo.git_command(args);
    cmd.current_dir(dir).env("GIT_AUTHOR_DATE", IN_WEEK).env("GIT_COMMITTER_DATE", IN_WEEK);
    let out = cmd.output().expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A new repository beside `repo` made with `git init <init>`, with one commit.
fn other_repository(repo: &Repo, name: &str, init: &[&str]) -> std::path::PathBuf {
    let dir = repo.home().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    git_in(repo, &dir, &[&["init", "--quiet", "--initial-branch=main"], init].concat());
    std::fs::write(dir.join("a.txt"), "a\n").unwrap();
    git_in(repo, &dir, &["add", "a.txt"]);
    git_in(repo, &dir, &["commit", "--quiet", "-m", "feat: the other repository's work"]);
    dir
}

fn brief_in(repo: &Repo, dir: &Path) -> assert_cmd::Command {
    let mut cmd = brief_binary(repo.home());
    cmd.arg("-C").arg(dir).args(WEEK);
    cmd
}

/// The command between the first pair of backticks of an error.
fn printed_command(stderr: &str) -> String {
    stderr.split('`').nth(1).expect("a command in backticks").to_string()
}

fn run_shell(repo: &Repo, command: &str) {
    let out = Command::new("sh")
        .args(["-c", command])
        .env("HOME", repo.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_CONFIG_GLOBAL")
        .output()
        .unwrap();
    assert!(out.status.success(), "{command}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_sha256_repository_is_named_unsupported() {
    let repo = repo_with_a_commit();
    let dir = other_repository(&repo, "sha256", &["--object-format=sha256"]);
    fails(brief_in(&repo, &dir), 1, &["uses SHA-256 object names, which git-brief cannot read"]);
}

#[test]
fn a_reftable_repository_is_named_and_the_printed_conversion_works() {
    let repo = repo_with_a_commit();
    let dir = other_repository(&repo, "reftable", &["--ref-format=reftable"]);
    let stderr = fails(brief_in(&repo, &dir), 1, &["uses the reftable ref storage", "git clone"]);
    run_shell(&repo, &printed_command(&stderr));
    let out =
        brief_in(&repo, &repo.home().join("reftable-files")).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_unknown_extension_is_named_and_a_partial_clone_is_briefed() {
    let repo = repo_with_a_commit();
    let dir = other_repository(&repo, "extension", &[]);
    git_in(&repo, &dir, &["config", "core.repositoryformatversion", "1"]);
    git_in(&repo, &dir, &["config", "extensions.frobnicate", "yes"]);
    let stderr = fails(brief_in(&repo, &dir), 1, &["uses the repository extension 'extensions.frobnicate'"]);
    run_shell(&repo, &printed_command(&stderr));
    brief_in(&repo, &dir).assert().success();
    // What `git clone --filter=blob:none` writes: git-brief reads what is there.
    repo.git(&["config", "uploadpack.allowFilter", "true"]);
    let url = format!("file://{}", repo.path.display());
    git_in(&repo, repo.home(), &["clone", "--quiet", "--filter=blob:none", &url, "partial"]);
    let out = brief_in(&repo, &repo.home().join("partial")).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let brief: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(brief["commits"][0]["subject"], "feat: export to CSV");
}

#[test]
fn a_repository_of_another_user_gets_gits_safe_directory_fix() {
    let uid = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        eprintln!("skipped: changing a repository's owner needs root");
        return;
    }
    let repo = repo_with_a_commit();
    let status = Command::new("chown").args(["-R", "54321:54321"]).arg(&repo.path).status().unwrap();
    assert!(status.success());
    let stderr = fails(
        repo.brief_command(WEEK),
        1,
        &["belongs to another user", "dubious ownership", "safe.directory"],
    );
    run_shell(&repo, &printed_command(&stderr));
    repo.brief(WEEK).success();
}

// Item 7: git's environment names the repository.

#[test]
fn git_dir_and_git_work_tree_are_honoured_as_git_does() {
    let repo = repo_with_a_commit();
    let other = other_repository(&repo, "other", &[]);
    // `git --git-dir=X brief` run from another repository briefs X.
    let bin = repo.home().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_git-brief"), bin.join("git-brief")).unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let git_dir = format!("--git-dir={}", repo.path.join(".git").display());
    let out = Command::new("git")
        .args([git_dir.as_str(), "brief", "--format", "json"])
        .args(WEEK)
        .current_dir(&other)
        .env_clear()
        .env("PATH", path)
        .env("HOME", repo.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let brief: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(brief["commits"][0]["subject"], "feat: export to CSV", "the repository --git-dir names");
    // A relative GIT_DIR is relative to -C; GIT_WORK_TREE is where the configuration is read.
    let work_tree = repo.home().join("tree");
    std::fs::create_dir_all(&work_tree).unwrap();
    std::fs::write(work_tree.join(".git-brief.toml"), "[brief]\ntitle = \"From the work tree\"\n").unwrap();
    let mut cmd = brief_in(&repo, &other);
    cmd.args(["--format", "json"]).env("GIT_DIR", "../../shop/.git").env("GIT_WORK_TREE", &work_tree);
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let brief: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(brief["commits"][0]["subject"], "feat: export to CSV");
    assert!(brief.to_string().contains("From the work tree"), "the title from GIT_WORK_TREE's config");
    let mut cmd = brief_in(&repo, &other);
    cmd.env("GIT_DIR", "nowhere");
    fails(cmd, 1, &["GIT_DIR names", "nowhere", "not a git repository"]);
}

// Item 22: a missing -C directory.

#[test]
fn a_missing_directory_for_dash_c_is_named_as_such() {
    let repo = repo_with_a_commit();
    let mut cmd = brief_binary(repo.home());
    cmd.args(["-C", "/nonexistent/shop"]).args(WEEK);
    fails(cmd, 1, &["the directory /nonexistent/shop given to -C does not exist"]);
}

// Item 2: -o writes atomically only to regular files and new paths.

fn is_root() -> bool {
    let uid = Command::new("id").arg("-u").output().expect("id runs");
    String::from_utf8_lossy(&uid.stdout).trim() == "0"
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn output_into_a_fifo_feeds_its_reader_and_leaves_the_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let repo = repo_with_a_commit();
    let fifo = repo.home().join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let (sender, received) = std::sync::mpsc::channel();
    let reader_path = fifo.clone();
    std::thread::spawn(move || {
        let _ = sender.send(std::fs::read_to_string(reader_path));
    });
    let out = raw(&repo, &[WEEK, &["--format", "markdown", "-o"]].concat()).arg(&fifo).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is still a FIFO");
    let text = received.recv_timeout(std::time::Duration::from_secs(10)).expect("the reader got it").unwrap();
    assert!(text.starts_with("# Weekly brief"), "{text}");
    assert_eq!(names(repo.home()), ["pipe"], "no temporary file");
}

#[test]
fn output_to_a_file_descriptor_writes_through_it() {
    let repo = repo_with_a_commit();
    // /dev/fd/1 and a link to /proc/self/fd/1, which is what /dev/stdout is.
    let link = repo.home().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    for target in [Path::new("/dev/fd/1"), link.as_path()] {
        let out = raw(&repo, &[WEEK, &["--format", "markdown", "-o"]].concat()).arg(target).output().unwrap();
        assert!(out.status.success(), "{}: {}", target.display(), String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("# Weekly brief"), "{}", target.display());
    }
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is kept");
    assert_eq!(names(repo.home()), ["stdout"], "no temporary file");
}

#[test]
fn output_to_devices_writes_to_them_and_a_full_device_is_an_error() {
    use std::os::unix::fs::FileTypeExt;
    if !is_root() {
        eprintln!("skipped: making device nodes needs root");
        return;
    }
    let repo = repo_with_a_commit();
    let dev = repo.home().join("dev");
    std::fs::create_dir_all(&dev).unwrap();
    for (name, minor) in [("null", "3"), ("full", "7")] {
        let status = Command::new("mknod").arg(dev.join(name)).args(["c", "1", minor]).status().unwrap();
        assert!(status.success(), "mknod {name}");
    }
    let null = dev.join("null");
    raw(&repo, &[WEEK, &["-o"]].concat()).arg(&null).status().map(|s| assert!(s.success())).unwrap();
    assert!(std::fs::metadata(&null).unwrap().file_type().is_char_device(), "the null device is kept");
    let mut cmd = brief_binary(repo.home());
    cmd.arg("-C").arg(&repo.path).args(WEEK).arg("-o").arg(dev.join("full"));
    fails(cmd, 1, &["No space left on device", "free some space"]);
    assert!(
        std::fs::metadata(dev.join("full")).unwrap().file_type().is_char_device(),
        "the full device is kept"
    );
    assert_eq!(names(&dev), ["full", "null"], "no temporary file");
}

/// Runs git-brief under `umask` with `-o target`.
fn brief_with_umask(repo: &Repo, umask: &str, target: &Path) {
    let out = Command::new("sh")
        .args(["-c", &format!("umask {umask}; exec \"$0\" \"$@\"")])
        .arg(env!("CARGO_BIN_EXE_git-brief"))
        .arg("-C")
        .arg(&repo.path)
        .args(WEEK)
        .args(["--format", "markdown", "-o"])
        .arg(target)
        .env("HOME", repo.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn output_keeps_an_existing_files_mode_and_honours_the_umask_for_a_new_one() {
    use std::os::unix::fs::PermissionsExt;
    let repo = repo_with_a_commit();
    let dir = repo.home().join("out");
    std::fs::create_dir_all(&dir).unwrap();
    let private = dir.join("private.md");
    std::fs::write(&private, "old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    brief_with_umask(&repo, "022", &private);
    assert_eq!(mode(&private), 0o600, "a private brief stays private");
    let shared = dir.join("shared.md");
    std::fs::write(&shared, "old").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
    brief_with_umask(&repo, "077", &shared);
    assert_eq!(mode(&shared), 0o664, "an existing file's mode, whatever the umask");
    brief_with_umask(&repo, "077", &dir.join("new-private.md"));
    assert_eq!(mode(&dir.join("new-private.md")), 0o600);
    brief_with_umask(&repo, "022", &dir.join("new.md"));
    assert_eq!(mode(&dir.join("new.md")), 0o644);
    assert!(std::fs::read_to_string(&private).unwrap().starts_with("# Weekly brief"));
    assert_eq!(names(&dir), ["new-private.md", "new.md", "private.md", "shared.md"], "no temporary file");
}

#[test]
fn output_through_a_symlink_keeps_the_link_and_replaces_its_file() {
    let repo = repo_with_a_commit();
    let dir = repo.home().join("out");
    std::fs::create_dir_all(dir.join("real")).unwrap();
    std::fs::write(dir.join("real/brief.md"), "old").unwrap();
    std::os::unix::fs::symlink("real/brief.md", dir.join("latest.md")).unwrap();
    repo.brief(&[WEEK, &["--format", "markdown", "-o"], &[dir.join("latest.md").to_str().unwrap()]].concat())
        .success();
    assert!(std::fs::symlink_metadata(dir.join("latest.md")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(dir.join("real/brief.md")).unwrap().starts_with("# Weekly brief"));
    assert_eq!(names(&dir.join("real")), ["brief.md"], "no temporary file");
    fails(repo.brief_command(&[WEEK, &["-o"], &[dir.to_str().unwrap()]].concat()), 1, &["it is a directory"]);
}

// Item 11: the step summary's 1 MiB is for the whole file.

#[test]
fn an_almost_full_step_summary_is_never_pushed_past_one_mebibyte() {
    let repo = repo_with_a_commit();
    let summary = repo.home().join("summary.md");
    for used in [1_048_576 - 10, 1_048_576 - 300, 1_048_576 - 3_000] {
        std::fs::write(&summary, "x".repeat(used - 1) + "\n").unwrap();
        let out = repo
            .brief_command(&[WEEK, &["--format", "json", "--step-summary"]].concat())
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let size = std::fs::metadata(&summary).unwrap().len();
        assert!(size <= 1_048_576, "{used} bytes before: {size} after");
        if size == used as u64 {
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("the brief was not added"),
                "a note says so"
            );
        }
    }
}

// Item 12: a signal while the brief is written leaves no temporary file.

#[test]
fn sigterm_while_writing_leaves_no_temporary_file() {
    // strace holds the write open long enough to interrupt it.
    if common::tools::missing(&common::tools::program("strace"), "strace", "strace") {
        return;
    }
    let repo = repo_with_a_commit();
    let dir = repo.home().join("out");
    std::fs::create_dir_all(&dir).unwrap();
    // strace makes fsync wait 3 seconds: the temporary file exists then.
    let mut strace = Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "-e", "trace=fsync", "-e", "inject=fsync:delay_enter=3000000"])
        .arg(env!("CARGO_BIN_EXE_git-brief"))
        .arg("-C")
        .arg(&repo.path)
        .args(WEEK)
        .arg("-o")
        .arg(dir.join("brief.md"))
        .env("HOME", repo.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !names(&dir).iter().any(|n| n.ends_with(".tmp")) {
        assert!(start.elapsed().as_secs() < 20, "the temporary file never appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let children = std::fs::read_to_string(format!("/proc/{0}/task/{0}/children", strace.id())).unwrap();
    let pid = children.split_whitespace().next().expect("git-brief runs under strace");
    assert!(Command::new("kill").args(["-TERM", pid]).status().unwrap().success());
    strace.wait().unwrap();
    assert_eq!(names(&dir), Vec::<String>::new(), "neither a brief nor a temporary file");
}

// Item 18: init writes everything or nothing.

#[test]
fn init_writes_all_its_files_or_none() {
    let repo = repo_with_a_commit();
    std::fs::write(repo.path.join(".github"), "a file where a directory must go").unwrap();
    fails(repo.brief_command(&["init"]), 1, &[".github"]);
    assert!(!repo.path.join(".git-brief.toml").exists(), "nothing written");
    std::fs::remove_file(repo.path.join(".github")).unwrap();
    repo.brief(&["init"]).success();
    for file in [
        ".git-brief.toml",
        ".github/workflows/brief.yml",
        ".github/workflows/pr-brief.yml",
        ".github/workflows/alert.yml",
    ] {
        assert!(repo.path.join(file).is_file(), "{file}");
    }
}

// Item 22: a closed standard output.

#[test]
fn a_closed_stdout_is_an_error_unless_a_reader_had_some_of_the_brief() {
    let repo = repo_with_a_commit();
    let shell = |script: &str| {
        let mut sh = Command::new("bash");
        sh.args(["-c", script])
            .arg(env!("CARGO_BIN_EXE_git-brief"))
            .arg("-C")
            .arg(&repo.path)
            .args(WEEK)
            .current_dir(repo.home())
            .env("HOME", repo.home())
            .env("GIT_CONFIG_NOSYSTEM", "1");
        sh.output().unwrap()
    };
    // JSON is written as it is rendered, the other formats at once: the same answers.
    for format in ["markdown", "json"] {
        let closed = shell(&format!(r#"exec "$0" "$@" --format {format} >&-"#));
        assert_eq!(closed.status.code(), Some(1), "{}", String::from_utf8_lossy(&closed.stderr));
        assert!(String::from_utf8_lossy(&closed.stderr).contains("standard output is closed"));
        // A pipe whose reader is gone before the first byte.
        let gone = shell(&format!(
            r#"rm -f p && mkfifo p && exec 4<>p 5>p 4<&- && exec "$0" "$@" --format {format} >&5"#
        ));
        assert_eq!(gone.status.code(), Some(1), "{}", String::from_utf8_lossy(&gone.stderr));
        assert!(String::from_utf8_lossy(&gone.stderr).contains("went away before the brief was written"));
    }
    // `> /dev/null` is a place too, and so is /dev/null opened for reading
    // and writing, as a parent that discards the output opens it (Python's
    // `subprocess.DEVNULL`, Go's `exec` without a `Stdout`).
    let null = shell(r#"exec "$0" "$@" > /dev/null"#);
    assert!(null.status.success(), "{}", String::from_utf8_lossy(&null.stderr));
    let discarded = shell(r#"exec "$0" "$@" 1<>/dev/null"#);
    assert!(discarded.status.success(), "{}", String::from_utf8_lossy(&discarded.stderr));
}

// Item 27: an output extension that names no format.

#[test]
fn an_output_extension_that_names_no_format_needs_format() {
    let repo = repo_with_a_commit();
    let dir = repo.home().join("out");
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("brief.pdf");
    fails(
        repo.brief_command(&[WEEK, &["-o", pdf.to_str().unwrap()]].concat()),
        2,
        &["cannot tell the format of --output", "'.pdf'", "--format"],
    );
    assert_eq!(names(&dir), Vec::<String>::new(), "nothing written");
    repo.brief(&[WEEK, &["--format", "markdown", "-o", pdf.to_str().unwrap()]].concat()).success();
    // No extension at all keeps the default (Markdown, not being a terminal); known ones pick theirs.
    repo.brief(&[WEEK, &["-o", dir.join("brief").to_str().unwrap()]].concat()).success();
    assert!(std::fs::read_to_string(dir.join("brief")).unwrap().starts_with("# Weekly brief"));
    repo.brief(&[WEEK, &["-o", dir.join("brief.HTML").to_str().unwrap()]].concat()).success();
    assert!(std::fs::read_to_string(dir.join("brief.HTML")).unwrap().contains("<html"));
}

// Item 22: `git replace` applies as in git log.

/// The subjects of a JSON brief's commits, newest first.
fn subjects(brief: &Value) -> Vec<String> {
    brief["commits"]
        .as_array()
        .expect("commits")
        .iter()
        .map(|c| c["subject"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn replaced_commits_read_as_git_log_shows_them() {
    let repo = Repo::new();
    repo.commit("feat: old import", "2026-11-02T10:00:00+01:00");
    let old = repo.git(&["rev-parse", "HEAD"]);
    repo.commit("feat: middle step", "2026-11-10T10:00:00+01:00");
    repo.commit("feat: export to CSV", "2026-11-16T10:00:00+01:00");
    repo.commit("fix: typo in the export", IN_WEEK);
    let typo = repo.git(&["rev-parse", "HEAD"]);
    // The newest commit's message replaced: git log shows the replacement under the old id.
    repo.git_at(IN_WEEK, &["commit", "--quiet", "--amend", "-m", "fix: the export keeps leading zeros"]);
    let replacement = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&["reset", "--quiet", "--hard", &typo]);
    repo.git(&["replace", &typo, &replacement]);
    // And the week's first commit grafted onto the old import, dropping what was between.
    let csv = repo.git(&["rev-parse", "HEAD~1"]);
    repo.git(&["replace", "--graft", &csv, &old]);

    let git_log = |env: Option<(&str, &str)>| {
        let mut git = repo.git_command(&["log", "--format=%s", "--since=2026-11-16T00:00:00+01:00"]);
        if let Some((k, v)) = env {
            git.env(k, v);
        }
        String::from_utf8(git.output().unwrap().stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let brief = repo.json(WEEK);
    assert_eq!(subjects(&brief), git_log(None));
    assert_eq!(subjects(&brief), ["fix: the export keeps leading zeros", "feat: export to CSV"]);
    assert_eq!(brief["commits"][0]["id"], typo, "the id git log shows, the original's");
    assert!(brief["warnings"].as_array().unwrap().is_empty(), "{}", brief["warnings"]);
    // Through the graft, the middle step is gone from the history, as in git log.
    let week = |w: &str| subjects(&repo.json(&["--week", w, "--tz", "Europe/Berlin"]));
    assert_eq!(week("2026-W46"), Vec::<String>::new());
    assert_eq!(week("2026-W45"), ["feat: old import"]);
    // As in git, GIT_NO_REPLACE_OBJECTS reads the objects as stored.
    let stored = repo
        .brief_command(&[WEEK, &["--format", "json"]].concat())
        .env("GIT_NO_REPLACE_OBJECTS", "1")
        .output()
        .unwrap();
    assert!(stored.status.success() && stored.stderr.is_empty());
    let stored: Value = serde_json::from_slice(&stored.stdout).unwrap();
    assert_eq!(subjects(&stored), git_log(Some(("GIT_NO_REPLACE_OBJECTS", "1"))));
    assert_eq!(subjects(&stored)[0], "fix: typo in the export");
}

// Item 5: a partial that includes itself.

#[test]
fn a_template_partial_that_includes_itself_is_an_error_not_an_abort() {
    let repo = repo_with_a_commit();
    for (file, source, route) in [
        ("self.hbs", "{{#*inline \"p\"}}{{> p}}{{/inline}}{{> p}}\n", "(p → p)"),
        ("mutual.hbs", "{{#*inline \"a\"}}{{#if title}}{{> b}}{{/if}}{{/inline}}{{#*inline \"b\"}}x{{> a}}{{/inline}}{{> a}}\n", "(a → b → a)"),
    ] {
        repo.write(file, source);
        let path = repo.path.join(file);
        let args = [WEEK, &["--format", "markdown", "--template", path.to_str().unwrap()]].concat();
        let stderr = fails(repo.brief_command(&args), 2, &["includes itself", "may not recurse"]);
        assert!(stderr.contains(route), "{route} in {stderr}");
    }
    // The same from the configuration's template.
    repo.write(".git-brief.toml", "[templates]\nmarkdown = \"self.hbs\"\n");
    fails(repo.brief_command(&[WEEK, &["--format", "markdown"]].concat()), 2, &["includes itself"]);
    // Partials that do not recurse work.
    repo.write(
        "fine.hbs",
        "{{#*inline \"item\"}}- {{text}}\n{{/inline}}{{#each delivered}}{{> item}}{{/each}}",
    );
    let fine = repo.path.join("fine.hbs");
    let out = repo
        .brief(&[WEEK, &["--format", "markdown", "--template", fine.to_str().unwrap()]].concat())
        .success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), "- Export to CSV\n");
}

// Item 26: a user's template is strict.

#[test]
fn a_misspelt_field_in_a_user_template_is_an_error_naming_it() {
    let repo = repo_with_a_commit();
    repo.write("mine.hbs", "# {{headline}}\n\n{{titel}}\n");
    fails(
        repo.brief_command(
            &[WEEK, &["--format", "markdown", "--template", repo.path.join("mine.hbs").to_str().unwrap()]]
                .concat(),
        ),
        2,
        &["mine.hbs line 3", "titel"],
    );
}

#[test]
fn the_built_in_templates_work_as_strict_user_templates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let busy = common::busy_week(40);
    let quiet = Repo::new();
    quiet.commit("chore: a commit long before", "2026-01-05T10:00:00+01:00");
    for repo in [&busy, &quiet] {
        for (format, file) in
            [("markdown", "brief.md.hbs"), ("html", "brief.html.hbs"), ("text", "brief.txt.hbs")]
        {
            repo.write(file, &std::fs::read_to_string(root.join(file)).unwrap());
            let builtin = repo.brief(&[WEEK, &["--format", format, "--stats"]].concat()).success();
            let path = repo.path.join(file);
            let args =
                [WEEK, &["--format", format, "--stats", "--template", path.to_str().unwrap()]].concat();
            let user = repo.brief(&args).success();
            assert_eq!(
                String::from_utf8_lossy(&user.get_output().stdout),
                String::from_utf8_lossy(&builtin.get_output().stdout),
                "{format}"
            );
        }
    }
}

// Item 16: a commit libgit2 cannot parse (a timestamp out of range).

/// Writes a commit on `parent` whose dates overflow, as a broken tool
/// could; git shows it as 1970, libgit2 refuses to parse it.
fn overflowing_commit(repo: &Repo, parent: &str) -> String {
    let tree = repo.git(&["write-tree"]);
    let raw = format!(
        "tree {tree}\nparent {parent}\nauthor A <a@x> 99999999999999999999 +0000\ncommitter A <a@x> 99999999999999999999 +0000\n\nfeat: odd date\n"
    );
    let mut git = repo.git_command(&["hash-object", "-t", "commit", "-w", "--literally", "--stdin"]);
    git.stdin(Stdio::piped()).stdout(Stdio::piped());
    let mut child = git.spawn().expect("git runs");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), raw.as_bytes()).expect("written");
    let out = child.wait_with_output().expect("git ends");
    String::from_utf8(out.stdout).expect("an id").trim().to_string()
}

#[test]
fn a_commit_with_an_unreadable_date_is_left_out_and_said() {
    let repo = Repo::new();
    repo.commit("feat: base export", "2026-11-10T10:00:00+01:00");
    let base = repo.git(&["rev-parse", "HEAD"]);
    let bad = overflowing_commit(&repo, &base);
    repo.git(&["update-ref", "refs/heads/odd", &bad]);
    repo.git(&["update-ref", "HEAD", &bad]);
    repo.commit("feat: export to CSV", IN_WEEK);

    let said = |brief: &Value| {
        brief["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .any(|w| w.as_str().unwrap().contains("1 commit could not be read"))
    };
    // Behind the tip: the walk reads past it, this week and the one before.
    let brief = repo.json(WEEK);
    assert_eq!(brief["commits"].as_array().unwrap().len(), 1, "{brief}");
    assert!(said(&brief), "{}", brief["warnings"]);
    assert_eq!(
        repo.json(&["--week", "2026-W46", "--tz", "Europe/Berlin"])["commits"][0]["subject"],
        "feat: base export"
    );
    // A ref range through it.
    let range = repo.json(&["--range", &format!("{base}..HEAD")]);
    assert_eq!(range["commits"].as_array().unwrap().len(), 1);
    assert!(said(&range));
    // At the tip: a branch that names it is found, and so is HEAD on it.
    assert!(said(&repo.json(&["--branch", "odd", "--since", "2026-11-01", "--until", "2026-12-01"])));
    repo.git(&["checkout", "-q", "odd"]);
    assert!(said(&repo.json(&["--since", "2026-11-01", "--until", "2026-12-01"])));
    // Through `~`, which must parse it, the error says so instead of "unknown".
    fails(repo.brief_command(&["--branch", "main~1"]), 1, &["cannot read --branch 'main~1'", "git fsck"]);
}

// Round three, item 2: a link the checkout brought is not followed out of it.

#[cfg(unix)]
#[test]
fn a_committed_link_out_of_the_work_tree_is_never_written_through() {
    let repo = repo_with_a_commit();
    let outside = repo.path.parent().unwrap().join("runner-home");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join(".gitconfig"), "[user]\n\tname = Runner\n").unwrap();
    std::os::unix::fs::symlink("../runner-home/.gitconfig", repo.path.join("brief.md")).unwrap();
    std::os::unix::fs::symlink("../runner-home", repo.path.join("out")).unwrap();
    std::os::unix::fs::symlink("../runner-home/new.md", repo.path.join("dangling.md")).unwrap();
    std::os::unix::fs::symlink(".git/config", repo.path.join("config.md")).unwrap();
    for target in ["brief.md", "out/brief.md", "dangling.md", "config.md"] {
        let target = repo.path.join(target);
        let stderr = fails(
            repo.brief_command(
                &[WEEK, &["--format", "markdown", "--output", target.to_str().unwrap()]].concat(),
            ),
            1,
            &["leads out of it", "$RUNNER_TEMP"],
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    // Also from inside the work tree, by a relative path.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_git-brief"))
        .current_dir(&repo.path)
        .env("HOME", repo.home())
        .args([WEEK, &["--format", "markdown", "-o", "brief.md"]].concat())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(outside.join(".gitconfig")).unwrap(), "[user]\n\tname = Runner\n");
    assert_eq!(names(&outside), [".gitconfig"], "nothing new outside");
    assert!(repo.git(&["config", "--list", "--local"]).contains("core.bare"), ".git/config untouched");
    // A link that stays inside the work tree is followed, as before.
    std::fs::create_dir_all(repo.path.join("docs")).unwrap();
    std::os::unix::fs::symlink("docs/brief.md", repo.path.join("latest.md")).unwrap();
    repo.brief(
        &[WEEK, &["--format", "markdown", "-o"], &[repo.path.join("latest.md").to_str().unwrap()]].concat(),
    )
    .success();
    assert!(std::fs::read_to_string(repo.path.join("docs/brief.md")).unwrap().starts_with("# Weekly brief"));
}

#[cfg(unix)]
#[test]
fn init_writes_no_workflow_through_a_link_out_of_the_work_tree() {
    let repo = repo_with_a_commit();
    let outside = repo.path.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(outside.join("workflows")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", repo.path.join(".github")).unwrap();
    fails(repo.brief_command(&["init"]), 1, &["leads out of it"]);
    assert!(names(&outside.join("workflows")).is_empty(), "nothing written outside");
    assert!(!repo.path.join(".git-brief.toml").exists(), "all or nothing");
}
