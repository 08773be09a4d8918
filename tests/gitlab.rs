//! `git-brief init --gitlab`: GitLab CI jobs for the weekly brief and each
//! merge request's, on a par with the GitHub workflows. (.ci/run also checks
//! the file against GitLab's schema with check-jsonschema.)

mod common;

use common::Repo;
use yaml_rust2::{Yaml, YamlLoader};

fn strings(list: &Yaml) -> Vec<String> {
    list.as_vec()
        .map(|l| l.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

// Item 35 of the third hardening round: `init` wrote GitHub workflows only;
// a GitLab team copied the weekly job from the README and had no
// merge-request brief at all.
#[test]
fn init_gitlab_writes_the_weekly_job_and_the_merge_request_job_with_full_history() {
    let repo = Repo::new();
    let out = repo.brief(&["init", "--gitlab"]).success().get_output().clone();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("wrote .git-brief.toml, .gitlab-ci.yml"), "{said}");
    assert!(said.contains("Pipeline schedules"), "{said}");
    assert!(!repo.path.join(".github").exists(), "no GitHub workflow for a GitLab project");
    let text = std::fs::read_to_string(repo.path.join(".gitlab-ci.yml")).unwrap();
    assert_eq!(
        text,
        git_brief::cli::init::rendered("gitlab-ci.yml", &git_brief::cli::init::Install::CratesIo).unwrap(),
        "the file the README shows"
    );
    let doc = YamlLoader::load_from_str(&text).unwrap().remove(0);
    for (job, rule, brief) in [
        (
            "git-brief",
            "$CI_PIPELINE_SOURCE == \"schedule\"",
            "git-brief --week last --format markdown --output brief.md",
        ),
        (
            "git-brief-merge-request",
            "$CI_PIPELINE_SOURCE == \"merge_request_event\"",
            "git-brief --format markdown --output brief.md",
        ),
    ] {
        let job = &doc[job];
        assert_eq!(job["variables"]["GIT_DEPTH"].as_str(), Some("0"), "{job:?}");
        assert_eq!(job["rules"][0]["if"].as_str(), Some(rule), "{job:?}");
        let script = strings(&job["script"]);
        assert_eq!(script.last().map(String::as_str), Some(brief), "{script:?}");
        assert_eq!(strings(&job["artifacts"]["paths"]), ["brief.md"]);
    }
    assert_eq!(
        doc["git-brief-merge-request"]["artifacts"]["expose_as"].as_str(),
        Some("Merge request brief")
    );
    // The configuration it wrote is one the brief accepts.
    repo.commit("feat: first", "2026-11-17T10:00:00Z");
    repo.brief(&["--week", "2026-W47", "--tz", "UTC"]).success();
    // A project's own .gitlab-ci.yml is left as it is, and said so.
    std::fs::write(repo.path.join(".gitlab-ci.yml"), "test:\n  script: [make]\n").unwrap();
    std::fs::remove_file(repo.path.join(".git-brief.toml")).unwrap();
    let out = repo.brief(&["init", "--gitlab"]).success().get_output().clone();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("wrote .git-brief.toml; left .gitlab-ci.yml as it is"), "{said}");
    assert_eq!(
        std::fs::read_to_string(repo.path.join(".gitlab-ci.yml")).unwrap(),
        "test:\n  script: [make]\n"
    );
    // GitHub's options do not mix with it.
    common::fails(repo.brief_command(&["init", "--gitlab", "--org"]), 2, &["--org"]);
}
