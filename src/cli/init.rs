//! `git-brief init`: the files a team needs to get its first brief on
//! Monday, written into the repository. It never overwrites a file unless
//! told to, and writes nothing at all if any file is in the way.

use std::path::{Path, PathBuf};

use crate::{history, output, Error};

/// What `init` writes, relative to the repository root.
const FILES: [(&str, &str); 4] = [
    (".git-brief.toml", include_str!("../../templates/init/git-brief.toml")),
    (".github/workflows/brief.yml", include_str!("../../templates/init/brief.yml")),
    (".github/workflows/pr-brief.yml", include_str!("../../templates/init/pr-brief.yml")),
    (".github/workflows/alert.yml", include_str!("../../templates/init/alert.yml")),
];

/// The steps `--slack`, `--teams` and `--email` add to the weekly workflow.
const POSTING: [(&str, &str); 3] = [
    ("slack", include_str!("../../templates/init/post-slack.yml")),
    ("teams", include_str!("../../templates/init/post-teams.yml")),
    ("email", include_str!("../../templates/init/post-email.yml")),
];

/// Where the workflows install git-brief from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Install {
    /// crates.io, this version.
    CratesIo,
    /// A git repository (`--from-source URL`), for a fork or before a
    /// release; at the commit `rev` names (`--rev`), else at its HEAD's.
    Source { url: String, rev: Option<String> },
}

impl Install {
    /// `--from-source URL [--rev REV]`: an https URL and a revision of plain
    /// characters only, since they are written into YAML and shell lines
    /// that CI runs with the job's token (no space, quote, `;`, `$`, `{`,
    /// `#` or newline can reach them).
    pub fn source(url: &str, rev: Option<&str>) -> Result<Install, Error> {
        let bad = |why: &str| {
            Error::Usage(format!(
                "--from-source {url:?} {why}: give the https URL of a git repository, such as {}",
                env!("CARGO_PKG_REPOSITORY")
            ))
        };
        let Some(rest) = url.strip_prefix("https://") else { return Err(bad("is not an https URL")) };
        let host = rest.split('/').next().unwrap_or("");
        if host.is_empty() || rest.len() == host.len() {
            return Err(bad("names no repository"));
        }
        let plain = |c: char| c.is_ascii_alphanumeric() || "-._~/:@%+".contains(c);
        if let Some(c) = url.chars().find(|&c| !plain(c)) {
            return Err(bad(&format!("holds {c:?}, which a URL written into a workflow may not")));
        }
        if let Some(rev) = rev {
            let name = |c: char| c.is_ascii_alphanumeric() || "-._/".contains(c);
            if rev.is_empty() || rev.starts_with('-') || !rev.chars().all(name) {
                return Err(Error::Usage(format!(
                    "--rev {rev:?} is no commit, tag or branch name: give one such as v1.4.0 or a commit id"
                )));
            }
        }
        Ok(Install::Source { url: url.to_string(), rev: rev.map(str::to_string) })
    }

    /// The `cargo install` command line.
    pub fn command(&self) -> String {
        match self {
            Install::CratesIo => {
                format!("cargo install --locked git-brief --version {}", env!("CARGO_PKG_VERSION"))
            }
            Install::Source { url, rev: None } => format!("cargo install --locked --git '{url}' git-brief"),
            Install::Source { url, rev: Some(rev) } => {
                format!("cargo install --locked --git '{url}' --rev '{rev}' git-brief")
            }
        }
    }

    /// The GitHub Actions steps that install git-brief: the binary of this
    /// version (of this source commit) from the cache, else built once and cached.
    fn steps(&self) -> String {
        let restore = |what: &str, key: &str| {
            format!(
                "      # git-brief {what}, built once per version and cached: the first run compiles it (a
      # few minutes), later runs restore the binary in seconds.
      - name: Restore git-brief
        id: git-brief
        uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5
        with:
          path: ~/.cargo/bin/git-brief
          key: {key}-${{{{ runner.os }}}}-${{{{ runner.arch }}}}
      - name: Install git-brief
        if: steps.git-brief.outputs.cache-hit != 'true'"
            )
        };
        match self {
            Install::CratesIo => {
                let version = env!("CARGO_PKG_VERSION");
                format!(
                    "{}\n        run: {}",
                    restore("from crates.io", &format!("git-brief-{version}")),
                    self.command()
                )
            }
            // The URL and the revision reach the shell as variables, never as script text.
            Install::Source { url, rev } => {
                let (find, rev) = match rev {
                    Some(rev) => (String::new(), format!("'{rev}'")),
                    None => (
                        format!(
                            "      # The commit the source's HEAD is at: a new one is built and cached once.
      - name: Find git-brief's source commit
        id: git-brief-source
        env:
          GIT_BRIEF_SOURCE: '{url}'
        run: echo \"rev=$(git ls-remote \"$GIT_BRIEF_SOURCE\" HEAD | cut -f1)\" >> \"$GITHUB_OUTPUT\"
"
                        ),
                        "${{ steps.git-brief-source.outputs.rev }}".to_string(),
                    ),
                };
                let key = match self {
                    Install::Source { rev: Some(pinned), .. } => format!("git-brief-source-{pinned}"),
                    _ => "git-brief-source-${{ steps.git-brief-source.outputs.rev }}".to_string(),
                };
                format!(
                    "{find}{}\n        env:\n          GIT_BRIEF_SOURCE: '{url}'\n          GIT_BRIEF_REV: {rev}\n        run: cargo install --locked --git \"$GIT_BRIEF_SOURCE\" --rev \"$GIT_BRIEF_REV\" git-brief",
                    restore(&format!("from {url}"), &key)
                )
            }
        }
    }
}

/// A workflow or recipe as `init` writes it (`brief.yml`, `pr-brief.yml`,
/// `alert.yml`, `org-brief.yml`, `gitlab-ci.yml`), installing git-brief as
/// `install` says; `None` for another name.
pub fn rendered(name: &str, install: &Install) -> Option<String> {
    let text = match name {
        "brief.yml" => include_str!("../../templates/init/brief.yml"),
        "pr-brief.yml" => include_str!("../../templates/init/pr-brief.yml"),
        "alert.yml" => include_str!("../../templates/init/alert.yml"),
        "org-brief.yml" => include_str!("../../templates/init/org-brief.yml"),
        "brief-review.yml" => include_str!("../../templates/init/brief-review.yml"),
        "gitlab-ci.yml" => include_str!("../../templates/init/gitlab-ci.yml"),
        _ => return None,
    };
    Some(
        text.replace("      # @INSTALL@", &install.steps())
            .replace("@CARGO_INSTALL@", &install.command())
            .replace("@VERSION@", env!("CARGO_PKG_VERSION")),
    )
}

/// Where the weekly workflow posts the brief besides the run's page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Posting {
    pub slack: bool,
    pub teams: bool,
    pub email: bool,
}

/// The weekly workflow with the posting steps asked for, after its own.
fn weekly(text: &str, posting: Posting) -> String {
    let mut out = text.trim_end().to_string();
    for (name, step) in POSTING {
        let on = match name {
            "slack" => posting.slack,
            "teams" => posting.teams,
            _ => posting.email,
        };
        if on {
            out.push_str("\n\n");
            out.push_str(step.trim_end());
        }
    }
    out.push('\n');
    out
}

/// The reviewed weekly workflow: its send job posts the edited issue text
/// (`git-brief publish`) where the posting steps asked for would post the
/// brief, in the same order, with the same secrets.
fn reviewed(text: &str, posting: Posting) -> String {
    let steps = weekly("", posting);
    let steps = steps
        .replace("GITHUB_TOKEN: ${{ github.token }}\n          ", "")
        .replace("git-brief --week last --format", "git-brief publish \"$RUNNER_TEMP/edited.md\" --format")
        .replace("Post the brief to", "Send the edited brief to")
        .replace("E-mail the brief", "E-mail the edited brief");
    format!("{}{steps}", text.trim_end())
}

/// GitLab CI's pipeline file, whose jobs `init --gitlab` writes.
const GITLAB_CI: &str = ".gitlab-ci.yml";

/// The CI the files are for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Forge {
    /// GitHub Actions workflows in .github/workflows.
    #[default]
    GitHub,
    /// GitLab CI jobs in .gitlab-ci.yml: the weekly brief and the merge request's.
    GitLab,
}

/// What `init` is asked to write.
#[derive(Debug, Clone)]
pub struct Plan {
    pub forge: Forge,
    pub force: bool,
    pub posting: Posting,
    pub install: Install,
    /// `--org`: only the organisation's workflow, for a repository of its own.
    pub org: bool,
    /// `--review`: the weekly workflow drafts an issue and sends its edited text.
    pub review: bool,
}

/// Writes the configuration and the three workflows into the repository that
/// contains `directory` (the weekly one posting where the plan says), or
/// with `--org` the organisation's workflow alone.
///
/// On an existing set-up it adds what is missing: the files that are not
/// there, and the posting steps asked for to a weekly workflow without them.
/// It leaves every other file as it is and says so; `--force` overwrites the
/// workflows, never `.git-brief.toml`, which holds the team's settings.
pub fn run(directory: &Path, plan: &Plan) -> Result<(), Error> {
    let Posting { slack, teams, email } = plan.posting;
    if plan.review && !(slack || teams || email) {
        return Err(Error::Usage(
            "--review sends the edited brief somewhere: add --slack, --teams or --email (or several)".into(),
        ));
    }
    let repo = history::open(directory)?;
    let root = repo.workdir().ok_or_else(|| {
        Error::Usage(
            "init writes files into a work tree, and this repository is bare: run it in a clone".into(),
        )
    })?;
    let files: Vec<&str> = match plan.forge {
        _ if plan.org => vec![".github/workflows/org-brief.yml"],
        Forge::GitLab => vec![CONFIG, GITLAB_CI],
        Forge::GitHub => FILES.iter().map(|(path, _)| *path).collect(),
    };
    let mut targets: Vec<(PathBuf, String)> = Vec::new();
    let (mut wrote, mut added, mut kept) = (Vec::new(), Vec::new(), Vec::new());
    for path in files {
        let name = match path {
            GITLAB_CI => "gitlab-ci.yml",
            _ => Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or_default(),
        };
        let text = match rendered(name, &plan.install) {
            Some(_) if name == "brief.yml" && plan.review => {
                reviewed(&rendered("brief-review.yml", &plan.install).unwrap_or_default(), plan.posting)
            }
            Some(text) if name == "brief.yml" => weekly(&text, plan.posting),
            Some(text) => text,
            None => FILES.iter().find(|(p, _)| *p == path).map(|(_, t)| t.to_string()).unwrap_or_default(),
        };
        let target = root.join(path);
        let exists = target.symlink_metadata().is_ok();
        if !exists || (plan.force && path != CONFIG) {
            wrote.push(path);
            targets.push((target, text));
            continue;
        }
        if name == "brief.yml" {
            match with_posting_steps(&target, plan.posting) {
                Steps::Added(text, steps) => {
                    added.push(format!("the {} to {path}", steps.join(" and ")));
                    targets.push((target, text));
                    continue;
                }
                Steps::CannotAdd(steps) => {
                    kept.push(format!(
                        "{path} (add the {} by hand: its steps do not end the file)",
                        steps.join(" and ")
                    ));
                    continue;
                }
                Steps::None => {}
            }
        }
        kept.push(path.to_string());
    }
    if targets.is_empty() {
        return Err(Error::Usage(format!(
            "nothing to add, every file already exists: {}; keep them, or pass --force to overwrite the workflows (never .git-brief.toml)",
            kept.join(", ")
        )));
    }
    write_all_or_nothing(&targets, root)?;
    let mut said = Vec::new();
    if !wrote.is_empty() {
        said.push(format!("wrote {}", wrote.join(", ")));
    }
    if !added.is_empty() {
        said.push(format!("added {}", added.join("; ")));
    }
    if !kept.is_empty() {
        let how = match plan.force {
            true => "it holds your settings",
            false => "pass --force to overwrite the workflows; never .git-brief.toml",
        };
        let verb = if kept.len() == 1 { "it is" } else { "they are" };
        said.push(format!("left {} as {verb} ({how})", kept.join(", ")));
    }
    let next = match plan.forge {
        _ if plan.org => {
            "list your repositories and your time zone in it, commit it, and the first brief runs next Monday"
        }
        Forge::GitLab => {
            "set your time zone in .git-brief.toml, commit the files, and create the weekly schedule under Build → Pipeline schedules (interval 0 7 * * 1); merge requests get their brief at once"
        }
        Forge::GitHub if plan.review => {
            "set your time zone in .git-brief.toml, set the channels' secrets and addresses in brief.yml, commit the files, and next Monday's brief opens as an issue labelled brief-draft: label it send to send what it says then"
        }
        Forge::GitHub => {
            "set your time zone in .git-brief.toml, commit the files, and the first brief runs next Monday"
        }
    };
    super::say(&format!("{}; {next}", said.join("; ")));
    Ok(())
}

/// The configuration: the team's settings, which init never overwrites.
const CONFIG: &str = ".git-brief.toml";

/// What the posting steps asked for do to an existing weekly workflow.
enum Steps {
    /// None is missing (or none was asked for).
    None,
    /// The workflow with the missing steps appended, and their names.
    Added(String, Vec<&'static str>),
    /// Steps are missing, but the file does not end with a job's steps.
    CannotAdd(Vec<&'static str>),
}

/// The weekly workflow at `path` with the posting steps `posting` asks for
/// that it lacks, after its own steps (as `weekly` writes them). A step is
/// there when its `- name:` line is; a file that is not a plain file, or
/// whose last line is not inside a step, is not edited.
fn with_posting_steps(path: &Path, posting: Posting) -> Steps {
    let asked = [
        ("slack", posting.slack, "Slack step"),
        ("teams", posting.teams, "Teams step"),
        ("email", posting.email, "e-mail step"),
    ];
    let regular = path.symlink_metadata().is_ok_and(|m| m.file_type().is_file());
    let Some(text) = regular.then(|| std::fs::read_to_string(path).ok()).flatten() else {
        let missing: Vec<&str> = asked.iter().filter(|(_, on, _)| *on).map(|(_, _, what)| *what).collect();
        return if missing.is_empty() { Steps::None } else { Steps::CannotAdd(missing) };
    };
    let mut out = text.trim_end().to_string();
    let mut names = Vec::new();
    for (key, step) in POSTING {
        let Some((_, true, what)) = asked.iter().find(|(k, _, _)| *k == key) else { continue };
        let name_line = step.lines().find(|l| l.trim_start().starts_with("- name:")).unwrap_or_default();
        if text.lines().any(|l| l.trim() == name_line.trim()) {
            continue;
        }
        out.push_str("\n\n");
        out.push_str(step.trim_end());
        names.push(*what);
    }
    out.push('\n');
    if names.is_empty() {
        return Steps::None;
    }
    // A step's own lines are indented 8 spaces or more under `steps:`.
    let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let in_a_step = last.len() - last.trim_start().len() >= 8 && text.lines().any(|l| l.trim() == "steps:");
    if !in_a_step {
        return Steps::CannotAdd(names);
    }
    Steps::Added(out, names)
}

/// Writes every file or none: the directories and the files' contents are
/// all prepared before the first file takes its place, and a failure on the
/// way removes what this run created (directories and new files). A file
/// overwritten with --force cannot be given back, but the renames that
/// replace files are the only step left by then.
fn write_all_or_nothing(targets: &[(PathBuf, String)], root: &Path) -> Result<(), Error> {
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    let mut placed: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<(), output::OutputError> {
        for (path, _) in targets {
            let Some(dir) = path.parent() else { continue };
            let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
            for new in missing.into_iter().rev() {
                std::fs::create_dir(new)
                    .map_err(|source| output::OutputError::File { path: new.to_path_buf(), source })?;
                created_dirs.push(new.to_path_buf());
            }
        }
        let staged = targets
            .iter()
            .map(|(path, text)| Ok((output::Staged::file(path, text, Some(root))?, !path.exists())))
            .collect::<Result<Vec<_>, output::OutputError>>()?;
        for (file, new) in staged {
            let path = file.target().to_path_buf();
            file.commit()?;
            if new {
                placed.push(path);
            }
        }
        Ok(())
    })();
    if result.is_err() {
        for path in placed.iter().rev() {
            let _ = std::fs::remove_file(path);
        }
        for dir in created_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    Ok(result?)
}
