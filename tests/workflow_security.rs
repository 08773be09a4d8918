//! What zizmor checks in `.ci/run`, checked here too without it: every
//! workflow `init` writes (each variant) and this repository's own pin each
//! action to a commit with its version in a comment, keep no token in the
//! checkout, and give write permissions only to the job that needs them.

mod common;

use std::path::{Path, PathBuf};

use common::Repo;
use yaml_rust2::{Yaml, YamlLoader};

/// The workflows of `init`, `init --slack --teams --email`, `init --org` and
/// `init --from-source URL`, then this repository's own and its action.
fn workflows() -> Vec<(String, String)> {
    let mut found = Vec::new();
    let variants: [&[&str]; 4] = [
        &["init"],
        &["init", "--slack", "--teams", "--email"],
        &["init", "--org"],
        &["init", "--from-source", "https://example.com/git-brief.git"],
    ];
    for args in variants {
        let repo = Repo::new();
        repo.brief(args).success();
        for path in files(&repo.path.join(".github/workflows")) {
            let name = format!("{} {}", args.join(" "), path.file_name().unwrap().to_string_lossy());
            found.push((name, std::fs::read_to_string(path).unwrap()));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in files(&root.join(".github/workflows"))
        .into_iter()
        .chain([root.join(".github/actions/git-brief/action.yml")])
    {
        found.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
    }
    found
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

// Item 38 of the third hardening round: the workflows named actions by a
// tag that can be moved (`actions/checkout@v5`).
#[test]
fn every_action_is_pinned_to_a_commit_with_its_version_in_a_comment() {
    for (name, text) in workflows() {
        for line in text.lines() {
            let Some(value) = line.trim().trim_start_matches("- ").strip_prefix("uses:") else { continue };
            let value = value.trim();
            if value.starts_with("./") {
                continue;
            }
            let (action, comment) = value.split_once(" # ").unwrap_or((value, ""));
            let (_, commit) = action.split_once('@').unwrap_or_else(|| panic!("{name}: {line}"));
            assert!(
                commit.len() == 40
                    && commit.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
                "{name}: {action} is not pinned to a commit"
            );
            assert!(
                comment.starts_with('v') || comment == "stable",
                "{name}: {action} has no version in a comment: {line}"
            );
        }
    }
}

fn load(name: &str, text: &str) -> Yaml {
    YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("{name}: {e}")).remove(0)
}

// Item 38: a checkout kept the job's token in .git/config, where anything
// the job runs, or uploads, can read it.
#[test]
fn every_checkout_keeps_no_token() {
    for (name, text) in workflows() {
        let doc = load(&name, &text);
        let jobs: Vec<Yaml> =
            doc["jobs"].as_hash().map(|j| j.values().cloned().collect()).unwrap_or_default();
        let steps = jobs
            .iter()
            .flat_map(|job| job["steps"].as_vec().cloned().unwrap_or_default())
            .chain(doc["runs"]["steps"].as_vec().cloned().unwrap_or_default());
        for step in steps {
            if step["uses"].as_str().is_some_and(|u| u.starts_with("actions/checkout@")) {
                assert_eq!(
                    step["with"]["persist-credentials"].as_bool(),
                    Some(false),
                    "{name}: a checkout keeps its token: {step:?}"
                );
            }
        }
    }
}

// Item 38: the organisation's workflow gave `issues: write` to every job,
// where only the roll-up updates an issue.
#[test]
fn a_workflow_of_several_jobs_grants_writing_only_to_the_job_that_writes() {
    for (name, text) in workflows() {
        let doc = load(&name, &text);
        let Some(jobs) = doc["jobs"].as_hash() else { continue };
        if jobs.len() < 2 {
            continue;
        }
        if let Some(permissions) = doc["permissions"].as_hash() {
            for (scope, level) in permissions {
                assert_ne!(level.as_str(), Some("write"), "{name}: {scope:?}: write for every job");
            }
        }
    }
}
