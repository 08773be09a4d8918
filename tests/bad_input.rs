//! The bad-input matrix: every way a user, a CI job or an odd repository can
//! hand git-brief something unexpected. A failure is one line on stderr that
//! says what to do, with the documented exit code (1 runtime, 2 usage), and
//! never a panic or a half-written `--output` file; the odd-but-valid cases
//! (bare repositories, detached heads, octopus merges, submodules, worktrees,
//! commits from 1969 or 2099) simply work.

mod common;

use std::io::BufRead;
use std::path::{Path, PathBuf};

use common::{brief_binary, busy_week, commit_ids, fails, kpi, Repo};
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin"];
/// A moment inside week 47 of 2026 (16–22 Nov, Europe/Berlin).
const IN_WEEK: &str = "2026-11-17T10:00:00+01:00";
/// A moment inside week 46, the previous week.
const WEEK_BEFORE: &str = "2026-11-10T10:00:00+01:00";

/// An empty directory for `--output`, beside the test's home.
fn output_dir(home: &Path) -> PathBuf {
    let dir = home.join("out");
    std::fs::create_dir_all(&dir).expect("output directory");
    dir
}

/// The directory holds nothing: no brief, no temporary file.
fn assert_empty(dir: &Path) {
    let names: Vec<_> = std::fs::read_dir(dir).expect("read dir").map(|e| e.unwrap().file_name()).collect();
    assert!(names.is_empty(), "a failed run leaves nothing behind in {}: {names:?}", dir.display());
}

/// The directory holds exactly `name`: the brief, and no temporary file.
fn assert_only(dir: &Path, name: &str) {
    let names: Vec<_> = std::fs::read_dir(dir).expect("read dir").map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from(name)], "only the brief in {}", dir.display());
}

/// Runs `args` in `repo` with `--output` into an empty directory and checks
/// the failure with [`fails`] and that no file was written.
fn fails_writing_nothing(repo: &Repo, args: &[&str], code: i32, needles: &[&str]) -> String {
    let dir = output_dir(repo.home());
    let target = dir.join("brief.md");
    let mut cmd = repo.brief_command(args);
    cmd.arg("--output").arg(&target);
    let stderr = fails(cmd, code, needles);
    assert_empty(&dir);
    stderr
}

/// Runs `cmd` with `--format json --output` into `dir` and returns the file's
/// brief, which must be complete, valid JSON; nothing goes to stdout or stderr.
fn writes_json(mut cmd: assert_cmd::Command, dir: &Path) -> Value {
    let target = dir.join("brief.json");
    cmd.args(["--format", "json", "--output"]).arg(&target);
    let out = cmd.output().expect("git-brief runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(out.stdout.is_empty() && stderr.is_empty(), "quiet: {stderr}");
    assert_only(dir, "brief.json");
    let text = std::fs::read_to_string(&target).expect("the brief was written");
    serde_json::from_str(&text).expect("a complete, valid JSON brief")
}

fn repo_with_a_commit() -> Repo {
    let repo = Repo::new();
    repo.commit("feat: first", IN_WEEK);
    repo
}

fn subjects(brief: &Value) -> Vec<String> {
    let mut subjects: Vec<String> = brief["commits"]
        .as_array()
        .expect("commits")
        .iter()
        .map(|c| c["subject"].as_str().expect("subject").to_string())
        .collect();
    subjects.sort();
    subjects
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

// Repositories that are not what git-brief expects.

#[test]
fn not_a_repository_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&plain).unwrap();
    let out = output_dir(&home);
    let mut cmd = brief_binary(&home);
    cmd.arg("-C")
        .arg(&plain)
        .args(WEEK)
        .arg("--output")
        .arg(out.join("brief.md"))
        .env("GIT_CEILING_DIRECTORIES", dir.path());
    fails(cmd, 1, &["not inside a git repository", "-C"]);
    assert_empty(&out);
}

#[test]
fn a_bare_repository_is_briefed_like_its_original() {
    let repo = Repo::new();
    repo.commit("feat: search suggestions", WEEK_BEFORE);
    repo.branch("export");
    let export = repo.commit("feat(export): CSV export", IN_WEEK);
    repo.checkout("main");
    let pay = repo.commit("feat(checkout): pay with Apple Pay (#42)", "2026-11-18T10:00:00+01:00");
    repo.merge("export", "Merge branch 'export'", "2026-11-19T10:00:00+01:00");
    let bare = repo.home().join("shop.git");
    repo.git(&["clone", "--quiet", "--bare", repo.path.to_str().unwrap(), bare.to_str().unwrap()]);

    let original = repo.json(WEEK);
    let mut cmd = brief_binary(repo.home());
    cmd.arg("-C").arg(&bare).args(WEEK);
    let from_bare = writes_json(cmd, &output_dir(repo.home()));
    assert_eq!(commit_ids(&from_bare), sorted(vec![export, pay]));
    assert_eq!(commit_ids(&from_bare), commit_ids(&original), "the same commits as the original");
    assert_eq!(from_bare["kpis"], original["kpis"], "the same numbers");
    assert_eq!(from_bare["merges"].as_array().unwrap().len(), 1);
}

#[test]
fn an_empty_repository_exits_1() {
    let repo = Repo::new();
    fails_writing_nothing(&repo, WEEK, 1, &["no commits yet", "commit something first"]);
}

#[test]
fn an_unborn_branch_exits_1_in_one_line() {
    let repo = repo_with_a_commit();
    repo.git(&["symbolic-ref", "HEAD", "refs/heads/nothing-yet"]);
    let stderr = fails_writing_nothing(&repo, WEEK, 1, &[]);
    assert!(stderr.contains("the current branch 'nothing-yet' has no commits yet"), "{stderr}");
    assert!(stderr.contains("--branch main"), "it names a branch that has commits: {stderr}");
    // The branch with commits is still reachable by name.
    assert_eq!(repo.json(&[WEEK, &["--branch", "main"]].concat())["commits"].as_array().unwrap().len(), 1);
}

#[test]
fn a_detached_head_is_briefed() {
    let repo = Repo::new();
    let a = repo.commit("feat: first", "2026-11-16T10:00:00+01:00");
    let b = repo.commit("fix: second", "2026-11-17T10:00:00+01:00");
    repo.commit("feat: third", "2026-11-18T10:00:00+01:00");
    repo.git(&["checkout", "--quiet", "--detach", "HEAD~1"]);
    let brief = writes_json(repo.brief_command(WEEK), &output_dir(repo.home()));
    assert_eq!(commit_ids(&brief), sorted(vec![a, b]), "up to the detached HEAD, not main's tip");
}

// Refs, ranges, dates, weeks and time zones.

#[test]
fn an_unknown_branch_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &[WEEK, &["--branch", "nope"]].concat(),
        2,
        &["unknown --branch 'nope'", "git branch -a"],
    );
}

#[test]
fn an_unknown_range_start_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &["--range", "v9.9..HEAD"],
        2,
        &["unknown --range start 'v9.9'", "check the name"],
    );
}

#[test]
fn an_unknown_range_end_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &["--range", "HEAD..nope"],
        2,
        &["unknown --range end 'nope'", "check the name"],
    );
    fails_writing_nothing(&repo, &["--range", "HEAD...nope"], 2, &["unknown --range end 'nope'"]);
}

#[test]
fn a_range_without_dots_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(&repo, &["--range", "HEAD"], 2, &["cannot read --range 'HEAD'", "use A..B"]);
}

#[test]
fn an_unparsable_since_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &["--since", "next tuesday", "--tz", "Europe/Berlin"],
        2,
        &["cannot read --since 'next tuesday'", "YYYY-MM-DD"],
    );
}

#[test]
fn an_unparsable_until_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &["--until", "2026-13-01", "--tz", "Europe/Berlin"],
        2,
        &["cannot read --until '2026-13-01'", "YYYY-MM-DD"],
    );
}

#[test]
fn week_54_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &["--week", "2026-W54", "--tz", "Europe/Berlin"],
        2,
        &["cannot read --week '2026-W54'", "2026-W47"],
    );
}

#[test]
fn week_53_of_a_52_week_year_exits_2() {
    let repo = repo_with_a_commit();
    // 2027 has 52 ISO weeks; 2026 (starting on a Thursday) has 53.
    fails_writing_nothing(
        &repo,
        &["--week", "2027-W53", "--tz", "Europe/Berlin"],
        2,
        &["'2027-W53'", "2026-W47"],
    );
    repo.brief(&["--week", "2026-W53", "--tz", "Europe/Berlin", "--format", "json"]).success();
}

#[test]
fn a_week_without_its_year_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(&repo, &["--week", "W47", "--tz", "Europe/Berlin"], 2, &["'W47'", "2026-W47"]);
}

#[test]
fn a_week_without_its_w_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &["--week", "2026-47", "--tz", "Europe/Berlin"],
        2,
        &["'2026-47'", "2026-W47"],
    );
    // The positional shorthand says the same.
    fails_writing_nothing(&repo, &["2026-47", "--tz", "Europe/Berlin"], 2, &["ISO week"]);
}

#[test]
fn since_after_until_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &["--since", "2026-11-20", "--until", "2026-11-10", "--tz", "Europe/Berlin"],
        2,
        &["is not before --until", "swap them"],
    );
}

#[test]
fn an_unknown_time_zone_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &["--week", "2026-W47", "--tz", "Mars/Olympus"],
        2,
        &["unknown time zone 'Mars/Olympus'", "IANA"],
    );
}

// Configuration and templates.

#[test]
fn a_missing_config_exits_2() {
    let repo = repo_with_a_commit();
    let missing = repo.home().join("no-such.toml");
    fails_writing_nothing(
        &repo,
        &[WEEK, &["--config", missing.to_str().unwrap()]].concat(),
        2,
        &["cannot read config", "no-such.toml", "check the path"],
    );
}

#[test]
fn an_unreadable_config_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let repo = repo_with_a_commit();
    let config = repo.home().join("brief.toml");
    std::fs::write(&config, "[brief]\ntitle = \"Payments team\"\n").unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o000)).unwrap();
    let args = [WEEK, &["--config", config.to_str().unwrap()]].concat();
    if std::fs::read(&config).is_ok() {
        // Running as root: mode 000 does not stop root from reading, so the
        // config is simply used.
        let brief = writes_json(repo.brief_command(&args), &output_dir(repo.home()));
        assert!(brief["title"].as_str().unwrap().contains("Payments team"), "{}", brief["title"]);
    } else {
        fails_writing_nothing(&repo, &args, 2, &["cannot read config", "brief.toml"]);
    }
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn a_config_value_of_the_wrong_type_exits_2_naming_its_line() {
    let repo = repo_with_a_commit();
    std::fs::write(repo.path.join(".git-brief.toml"), "[brief]\ntitle = \"Shop\"\nmax_items = \"eight\"\n")
        .unwrap();
    let in_repo = fails_writing_nothing(&repo, WEEK, 2, &[".git-brief.toml:3:", "fix or remove the key"]);
    let config = repo.home().join("other.toml");
    std::fs::write(&config, "[classify]\nfix_streak = [3]\n").unwrap();
    let given = fails_writing_nothing(
        &repo,
        &[WEEK, &["--config", config.to_str().unwrap()]].concat(),
        2,
        &["other.toml:2:"],
    );
    // The README promises "one line naming the file, the line and the key" for
    // a value of the wrong kind too: the user should not have to open the file
    // to learn which key is wrong.
    assert!(in_repo.contains("max_items"), "names the key: {in_repo}");
    assert!(given.contains("fix_streak"), "names the key: {given}");
}

#[test]
fn a_template_with_a_syntax_error_names_its_line_and_exits_2() {
    let repo = repo_with_a_commit();
    let template = repo.home().join("brief.md.hbs");
    std::fs::write(&template, "# {{title}}\n\n{{headline}}\n{{#if delivered}\n- done\n{{/if}}\n").unwrap();
    fails_writing_nothing(
        &repo,
        &[WEEK, &["--format", "markdown", "--template", template.to_str().unwrap()]].concat(),
        2,
        &["brief.md.hbs", "line 4", "fix the template"],
    );
}

#[test]
fn a_missing_template_file_exits_2() {
    let repo = repo_with_a_commit();
    let template = repo.home().join("gone.hbs");
    fails_writing_nothing(
        &repo,
        &[WEEK, &["--format", "markdown", "--template", template.to_str().unwrap()]].concat(),
        2,
        &["cannot read template", "gone.hbs", "check the path"],
    );
}

// Where the brief goes.

#[test]
fn output_into_a_missing_directory_exits_1() {
    let repo = repo_with_a_commit();
    let dir = output_dir(repo.home());
    let target = dir.join("missing/brief.md");
    let mut cmd = repo.brief_command(WEEK);
    cmd.arg("--output").arg(&target);
    fails(cmd, 1, &["does not exist", "create it first"]);
    assert_empty(&dir);
}

#[test]
fn output_into_an_unwritable_directory_exits_1_or_works_as_root() {
    use std::os::unix::fs::PermissionsExt;
    let repo = repo_with_a_commit();
    let dir = output_dir(repo.home());
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join("probe");
    let root_can_write = std::fs::write(&probe, "x").is_ok();
    let _ = std::fs::remove_file(&probe);
    if root_can_write {
        // Running as root: mode 555 does not stop root from writing, so the
        // run succeeds and writes a complete brief.
        let brief = writes_json(repo.brief_command(WEEK), &dir);
        assert_eq!(brief["commits"].as_array().unwrap().len(), 1);
    } else {
        let mut cmd = repo.brief_command(WEEK);
        cmd.arg("--output").arg(dir.join("brief.md"));
        fails(cmd, 1, &["cannot write", "permissions"]);
        assert_empty(&dir);
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

// Commit messages and dates git allows but nobody expects.

#[test]
fn a_commit_message_that_is_not_utf8_is_shown_lossily() {
    let repo = Repo::new();
    let message = repo.home().join("message.txt");
    std::fs::write(&message, b"feat: caf\xe9 cr\xe8me\n\nLatin-1 body: \xe0 la carte\n").unwrap();
    repo.write("menu.txt", "menu\n");
    repo.git_at(
        IN_WEEK,
        &["-c", "i18n.commitEncoding=ISO-8859-1", "commit", "--quiet", "-F", message.to_str().unwrap()],
    );
    let brief = writes_json(repo.brief_command(WEEK), &output_dir(repo.home()));
    let subject = brief["commits"][0]["subject"].as_str().expect("a subject");
    assert!(subject.starts_with("feat: caf"), "{subject:?}");
    assert!(
        subject == "feat: café crème" || subject.contains('\u{FFFD}'),
        "decoded or shown lossily, never dropped: {subject:?}"
    );
    let markdown = repo.markdown(WEEK);
    assert!(markdown.contains("\n- Caf"), "listed as delivered: {markdown}");
    repo.brief(&[WEEK, &["--format", "text"]].concat()).success();
    repo.brief(&[WEEK, &["--format", "html"]].concat()).success();
}

// Item 27 of the third hardening round: the `encoding` header covers the
// author too, as git log shows it.
#[test]
fn a_latin1_commit_has_its_author_decoded_as_its_message() {
    let repo = Repo::new();
    repo.commit("chore: start", WEEK_BEFORE);
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]);
    let parent = repo.git(&["rev-parse", "HEAD"]);
    // 2026-11-17 10:00 UTC.
    let raw = [
        format!("tree {}\nparent {}\n", tree.trim(), parent.trim()).into_bytes(),
        b"author C\xe9line <c@example.com> 1794909600 +0000\ncommitter C <c@example.com> 1794909600 +0000\n"
            .to_vec(),
        b"encoding ISO-8859-1\n\nfeat: caf\xe9 menu\n".to_vec(),
    ]
    .concat();
    let file = repo.home().join("raw-commit");
    std::fs::write(&file, raw).unwrap();
    let id = repo.git(&["hash-object", "-t", "commit", "-w", "--literally", file.to_str().unwrap()]);
    repo.git(&["update-ref", "HEAD", id.trim()]);
    let brief = repo.json(WEEK);
    let commit = &brief["commits"][0];
    assert_eq!(commit["subject"], "feat: café menu");
    assert_eq!(commit["author"], "Céline");
}

#[test]
fn a_one_megabyte_commit_message_keeps_the_markdown_small() {
    let repo = Repo::new();
    let mut message = String::from("feat: import the product catalogue\n\n");
    while message.len() < 1 << 20 {
        message.push_str(&"catalogue row with a price and a description ".repeat(2));
        message.push('\n');
    }
    repo.commit(&message, IN_WEEK);
    let markdown = repo.markdown(WEEK);
    assert!(markdown.contains("\n- Import the product catalogue"), "{markdown}");
    assert!(!markdown.contains("catalogue row"), "the body is not shown");
    assert!(markdown.len() < 16 * 1024, "a reasonable brief: {} bytes", markdown.len());
    assert_eq!(repo.json(WEEK)["commits"].as_array().unwrap().len(), 1);
}

#[test]
fn a_one_megabyte_subject_line_is_shortened_for_the_stakeholder() {
    let repo = Repo::new();
    let mut subject = String::from("feat: ");
    while subject.len() < 1 << 20 {
        subject.push_str("endless ");
    }
    let subject = subject.trim_end().to_string();
    repo.commit(&subject, IN_WEEK);
    let markdown = repo.markdown(WEEK);
    let stakeholder = common::stakeholder_part(&markdown);
    assert!(stakeholder.len() < 4 * 1024, "the stakeholder part is a page: {} bytes", stakeholder.len());
    assert!(stakeholder.contains("\n- Endless endless"), "listed, shortened");
    assert!(
        markdown.len() < subject.len() + 16 * 1024,
        "the subject is not copied more than once: {} bytes",
        markdown.len()
    );
    assert!(markdown.trim_end().ends_with("</details>"), "the page is whole");
    assert_eq!(repo.json(WEEK)["commits"][0]["subject"], subject.as_str());
}

/// Writes a root commit dated `seconds` since the epoch (negative: before
/// 1970), which `git commit` refuses, straight into the object database.
fn root_commit_at(repo: &Repo, seconds: i64, message: &str) -> String {
    let tree = repo.git(&["write-tree"]);
    let object = format!(
        "tree {tree}\nauthor Ada Lovelace <ada@example.com> {seconds} +0000\n\
         committer Ada Lovelace <ada@example.com> {seconds} +0000\n\n{message}\n"
    );
    let file = repo.home().join("commit-object");
    std::fs::write(&file, object).unwrap();
    let id = repo.git(&["hash-object", "--literally", "-t", "commit", "-w", file.to_str().unwrap()]);
    repo.git(&["update-ref", "refs/heads/main", &id]);
    id
}

#[test]
fn commits_dated_in_2099_and_before_1970_stay_in_their_own_windows() {
    let repo = Repo::new();
    let ancient = root_commit_at(&repo, -86_400, "feat: from 1969");
    let before = repo.commit("feat: week 46", WEEK_BEFORE);
    let a = repo.commit("feat: week 47 a", IN_WEEK);
    let b = repo.commit("fix: week 47 b", "2026-11-18T10:00:00+01:00");
    let future = repo.commit("feat: from 2099", "2099-01-01T10:00:00+00:00");

    let brief = writes_json(repo.brief_command(WEEK), &output_dir(repo.home()));
    assert_eq!(commit_ids(&brief), sorted(vec![a, b]), "neither 1969 nor 2099 in week 47");
    assert_eq!(kpi(&brief, "delivered"), (Value::from(1), Value::from(1)), "week 46 has one feature");
    assert_eq!(commit_ids(&repo.json(&["--week", "2026-W46", "--tz", "Europe/Berlin"])), vec![before]);
    let in_2099 = repo.json(&["--since", "2098-12-31", "--until", "2099-01-07", "--tz", "UTC"]);
    assert_eq!(commit_ids(&in_2099), vec![future]);
    let in_1969 =
        repo.json(&["--since", "1969-12-30", "--until", "1970-01-02", "--tz", "UTC", "--no-compare"]);
    assert_eq!(commit_ids(&in_1969), vec![ancient]);
    repo.markdown(WEEK);
}

// Shapes of history.

#[test]
fn an_octopus_merge_brings_all_its_branches_and_counts_once() {
    let repo = Repo::new();
    repo.commit("chore: start", WEEK_BEFORE);
    let mut work = Vec::new();
    for (branch, message) in
        [("a", "feat: first branch"), ("b", "feat: second branch"), ("c", "fix: third branch")]
    {
        repo.checkout("main");
        repo.branch(branch);
        work.push(repo.commit(message, "2026-11-16T10:00:00+01:00"));
    }
    repo.checkout("main");
    repo.git_at(IN_WEEK, &["merge", "--quiet", "--no-ff", "-m", "Merge branches a, b and c", "a", "b", "c"]);
    assert_eq!(repo.rev_list(&["--min-parents=4", "main"]).len(), 1, "an octopus merge");

    let brief = writes_json(repo.brief_command(WEEK), &output_dir(repo.home()));
    assert_eq!(commit_ids(&brief), sorted(work), "the branches' commits");
    assert_eq!(brief["merges"].as_array().unwrap().len(), 1, "the merge is counted, not listed");
    // Each branch of the octopus is a merged unit of work of its own.
    assert_eq!(kpi(&brief, "pull_requests").0, Value::from(3));
    assert_eq!(brief["units"].as_array().unwrap().len(), 3);
    assert_eq!(kpi(&brief, "delivered").0, Value::from(2));
    assert_eq!(kpi(&brief, "fixed").0, Value::from(1));
    let markdown = repo.markdown(WEEK);
    assert!(!markdown.contains("Merge branches"), "merges are not listed: {markdown}");
}

#[test]
fn a_root_commit_inside_the_window_is_listed_and_the_week_before_is_empty() {
    let repo = Repo::new();
    let root = repo.commit("feat: the very first commit", IN_WEEK);
    let second = repo.commit("fix: the second commit", "2026-11-18T10:00:00+01:00");
    let brief = writes_json(repo.brief_command(WEEK), &output_dir(repo.home()));
    assert_eq!(commit_ids(&brief), sorted(vec![root, second]));
    assert_eq!(kpi(&brief, "delivered"), (Value::from(1), Value::from(0)));
    let before = repo.json(&["--week", "2026-W46", "--tz", "Europe/Berlin"]);
    assert_eq!(before["commits"], serde_json::json!([]));
    assert_eq!(before["headline"], "No changes reached main this week.");
    assert!(repo.markdown(&["--week", "2026-W46", "--tz", "Europe/Berlin"]).contains("No changes reached"));
}

#[test]
fn a_submodule_change_is_briefed() {
    let lib = Repo::new();
    lib.commit("feat: lib version one", WEEK_BEFORE);
    let repo = Repo::new();
    repo.commit("feat: the app", WEEK_BEFORE);
    let lib_path = lib.path.to_str().unwrap();
    repo.git(&["-c", "protocol.file.allow=always", "submodule", "add", "--quiet", lib_path, "lib"]);
    repo.git_at(IN_WEEK, &["commit", "--quiet", "-m", "build: add the lib submodule"]);
    let added = repo.git(&["rev-parse", "HEAD"]);
    lib.commit("feat: lib version two", IN_WEEK);
    repo.git(&["-C", "lib", "-c", "protocol.file.allow=always", "fetch", "--quiet", "origin"]);
    repo.git(&["-C", "lib", "checkout", "--quiet", "origin/main"]);
    repo.git(&["add", "lib"]);
    repo.git_at("2026-11-18T10:00:00+01:00", &["commit", "--quiet", "-m", "build: bump lib"]);
    let bumped = repo.git(&["rev-parse", "HEAD"]);

    let brief = writes_json(repo.brief_command(WEEK), &output_dir(repo.home()));
    assert_eq!(commit_ids(&brief), sorted(vec![added.clone(), bumped.clone()]), "not the lib's own commits");
    let with_stats = repo.json(&[WEEK, &["--stats"]].concat());
    assert_eq!(commit_ids(&with_stats), sorted(vec![added, bumped]));
    repo.markdown(&[WEEK, &["--stats"]].concat());
}

#[test]
fn a_worktree_is_briefed_from_its_own_path() {
    let repo = Repo::new();
    repo.commit("feat: on main", IN_WEEK);
    let worktree = repo.path.with_file_name("shop-feature");
    repo.git(&["worktree", "add", "--quiet", "-b", "feature", worktree.to_str().unwrap()]);
    let wt = worktree.to_str().unwrap();
    repo.git_at(
        "2026-11-18T10:00:00+01:00",
        &["-C", wt, "commit", "--quiet", "--allow-empty", "-m", "feat: in the worktree"],
    );
    let mut cmd = brief_binary(repo.home());
    cmd.arg("-C").arg(&worktree).args(WEEK);
    let brief = writes_json(cmd, &output_dir(repo.home()));
    assert_eq!(subjects(&brief), vec!["feat: in the worktree", "feat: on main"], "the worktree's HEAD");
    assert_eq!(subjects(&repo.json(WEEK)), vec!["feat: on main"], "the main checkout is unchanged");
}

#[test]
fn stdout_closed_early_is_not_an_error() {
    let repo = busy_week(600);
    let first = first_line_then_close(&repo, "markdown");
    assert_eq!(first, "# Weekly brief — shop · 16–22 Nov 2026\n");
    // JSON is written as it is rendered: the reader has gone after the first of several writes.
    assert_eq!(first_line_then_close(&repo, "json"), "{\n");
}

/// Reads the first line of the brief in `format`, then closes the pipe as
/// `head -1` does; the run must end well, quietly.
fn first_line_then_close(repo: &Repo, format: &str) -> String {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let mut child = common::std_command(repo, &[WEEK, &["--format", format]].concat())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("git-brief starts");
    let mut first = String::new();
    {
        let mut reader = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        reader.read_line(&mut first).expect("one line");
        // Dropping the reader closes the pipe, as `head -1` does.
    }
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).unwrap();
    let status = child.wait().expect("git-brief finishes");
    assert_eq!(status.signal(), None, "not killed by SIGPIPE: {status:?}");
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "", "nothing on stderr");
    first
}

#[test]
fn a_device_that_takes_nothing_is_one_error_in_every_format() {
    let repo = repo_with_a_commit();
    for format in ["markdown", "json"] {
        let mut cmd = repo.brief_command(&[WEEK, &["--format", format, "--output", "/dev/full"]].concat());
        cmd.env("LC_ALL", "C");
        fails(cmd, 1, &["cannot write /dev/full", "space"]);
    }
}

// Flags that do not go together.

#[test]
fn comment_with_html_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &[WEEK, &["--comment", "--format", "html"]].concat(),
        2,
        &["--comment", "--format markdown"],
    );
}

#[test]
fn step_summary_without_github_step_summary_exits_2() {
    let repo = repo_with_a_commit();
    fails_writing_nothing(
        &repo,
        &[WEEK, &["--format", "markdown", "--step-summary"]].concat(),
        2,
        &["GITHUB_STEP_SUMMARY", "drop --step-summary"],
    );
    let dir = output_dir(repo.home());
    let mut cmd = repo.brief_command(&[WEEK, &["--step-summary", "--output"]].concat());
    cmd.arg(dir.join("brief.md")).env("GITHUB_STEP_SUMMARY", "");
    fails(cmd, 2, &["GITHUB_STEP_SUMMARY"]);
    assert_empty(&dir);
}

#[test]
fn init_twice_exits_2_the_second_time() {
    let repo = repo_with_a_commit();
    repo.brief(&["init"]).success();
    let files = [
        ".git-brief.toml",
        ".github/workflows/brief.yml",
        ".github/workflows/pr-brief.yml",
        ".github/workflows/alert.yml",
    ];
    let before: Vec<String> =
        files.iter().map(|f| std::fs::read_to_string(repo.path.join(f)).unwrap()).collect();
    std::fs::write(repo.path.join(".git-brief.toml"), "# the team's own settings\n").unwrap();
    fails(repo.brief_command(&["init"]), 2, &["already exists", "--force"]);
    assert_eq!(
        std::fs::read_to_string(repo.path.join(".git-brief.toml")).unwrap(),
        "# the team's own settings\n",
        "never overwritten without --force"
    );
    for (file, text) in files.iter().zip(&before).skip(1) {
        assert_eq!(&std::fs::read_to_string(repo.path.join(file)).unwrap(), text, "{file} unchanged");
    }
}
