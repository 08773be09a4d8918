//! `--stats` counts exactly what `git log --shortstat --no-renames` counts,
//! commit by commit, on changes of every kind; a partial clone's missing
//! objects are reported, never fatal.

mod common;

use common::Repo;
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin", "--stats"];

fn at(day: u32, hour: u32) -> String {
    format!("2026-11-{day:02}T{hour:02}:00:00+01:00")
}

/// git's own totals for one commit: (files, insertions, deletions).
fn git_shortstat(repo: &Repo, id: &str) -> (u64, u64, u64) {
    let out = repo.git(&["show", "--shortstat", "--no-renames", "--format=", id]);
    let number = |word: &str| -> u64 {
        out.split(',')
            .find(|part| part.contains(word))
            .and_then(|part| part.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (number("changed"), number("insertion"), number("deletion"))
}

fn stats(commit: &Value) -> (u64, u64, u64) {
    let s = &commit["stats"];
    (s["files"].as_u64().unwrap(), s["insertions"].as_u64().unwrap(), s["deletions"].as_u64().unwrap())
}

/// A week with every kind of change a tree can see.
fn varied_week() -> Repo {
    let repo = Repo::new();
    let lines = |n: usize, tag: &str| (0..n).map(|i| format!("{tag} line {i}\n")).collect::<String>();
    repo.write("src/app/main.rs", &lines(40, "main"));
    repo.write("src/app/util.rs", &lines(10, "util"));
    repo.write("docs/guide.md", &lines(25, "guide"));
    repo.write("assets/logo.png", "\u{0}\u{1}PNG binary\n");
    repo.commit("chore: the starting tree", "2026-11-10T10:00:00+01:00");
    // Modify lines in the middle of a file, in a nested directory.
    let mut main = lines(40, "main");
    main = main.replace("main line 7\n", "main line seven\n").replace("main line 30\n", "");
    repo.write("src/app/main.rs", &main);
    repo.commit("fix(app): edit main", &at(16, 9));
    // Add a new directory with files; delete a file.
    repo.write("src/api/routes.rs", &lines(12, "routes"));
    repo.write("src/api/mod.rs", "pub mod routes;");
    repo.git(&["rm", "--quiet", "docs/guide.md"]);
    repo.commit("feat(api): routes", &at(16, 11));
    // A binary change and a mode change.
    repo.write("assets/logo.png", "\u{0}\u{2}PNG other binary\n");
    std::fs::set_permissions(
        repo.path.join("src/app/util.rs"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    repo.git(&["add", "src/app/util.rs"]);
    repo.commit("chore: new logo, executable util", &at(17, 10));
    // A rename (counted as delete + add without rename detection) and a symlink.
    repo.git(&["mv", "src/app/util.rs", "src/app/helpers.rs"]);
    std::os::unix::fs::symlink("main.rs", repo.path.join("src/app/entry.rs")).unwrap();
    repo.git(&["add", "src/app/entry.rs"]);
    repo.commit("refactor(app): rename util, link entry", &at(18, 10));
    // A file replaced by a directory of the same name.
    repo.git(&["rm", "--quiet", "src/api/mod.rs"]);
    repo.write("src/api/mod.rs/inner.rs", "x\ny\n");
    repo.commit("refactor(api): odd layout", &at(19, 10));
    // An empty commit.
    repo.git_at(&at(20, 10), &["commit", "--quiet", "--allow-empty", "-m", "chore: nothing"]);
    repo
}

#[test]
fn every_commit_counts_what_git_counts() {
    let repo = varied_week();
    let brief = repo.json(WEEK);
    let commits = brief["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 6);
    for commit in commits {
        let id = commit["id"].as_str().unwrap();
        assert_eq!(stats(commit), git_shortstat(&repo, id), "{}", commit["subject"]);
    }
    let lines: u64 = commits.iter().map(|c| stats(c).1 + stats(c).2).sum();
    assert_eq!(common::kpi(&brief, "lines_changed").0, Value::from(lines));
}

#[test]
fn a_partial_clone_reports_what_it_could_not_count() {
    let origin = varied_week();
    origin.git(&["config", "uploadpack.allowFilter", "true"]);
    let copy = Repo::new();
    std::fs::remove_dir_all(&copy.path).unwrap();
    let url = format!("file://{}", origin.path.display());
    origin.git(&[
        "clone",
        "--quiet",
        "--filter=blob:none",
        "--no-checkout",
        &url,
        copy.path.to_str().unwrap(),
    ]);
    let brief = copy.json(WEEK);
    let warning = brief["warnings"][0].as_str().expect("a warning");
    assert!(warning.contains("could not be counted because their objects are missing"), "{warning}");
    let kpi = brief["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "lines_changed").unwrap().clone();
    assert_eq!(kpi["exact"], false);
    assert_eq!(brief["commits"].as_array().unwrap().len(), 6, "the commits themselves are all there");
}

/// `.gitattributes` that mark files `-diff` or `binary` make git count them as
/// changed with no lines; the brief's totals stay git's.
#[test]
fn gitattributes_binary_and_minus_diff_count_as_git_counts_them() {
    let repo = Repo::new();
    repo.write(".gitattributes", "yarn.lock -diff\n*.dat binary\n");
    repo.commit("chore: attributes", &at(16, 9));
    let lines = |n: usize| (1..=n).map(|i| format!("{i}\n")).collect::<String>();
    repo.write("yarn.lock", &lines(500));
    repo.write("data.dat", &lines(100));
    let lock = repo.commit("chore(deps): lock", &at(17, 10));
    repo.write("yarn.lock", &lines(510));
    repo.write("data.dat", &lines(90));
    let update = repo.commit("chore(deps): lock again", &at(18, 10));
    let brief = repo.json(WEEK);
    for id in [&lock, &update] {
        let commit = brief["commits"].as_array().unwrap().iter().find(|c| c["id"] == id.as_str()).unwrap();
        assert_eq!(stats(commit), git_shortstat(&repo, id), "{}", commit["subject"]);
    }
}
