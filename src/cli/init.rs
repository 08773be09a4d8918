//! `git-brief init`: the files a team needs to get its first brief on
//! Monday, written into the repository. It never overwrites a file unless
//! told to, and writes nothing at all if any file is in the way.

use std::path::{Path, PathBuf};

use crate::{history, output, Error};

/// What `init` writes, relative to the repository root.
const FILES: [(&str, &str); 3] = [
    (".git-brief.toml", include_str!("../../templates/init/git-brief.toml")),
    (".github/workflows/brief.yml", include_str!("../../templates/init/brief.yml")),
    (".github/workflows/pr-brief.yml", include_str!("../../templates/init/pr-brief.yml")),
];

/// Writes the configuration and the two workflows into the repository that
/// contains `directory`.
pub fn run(directory: &Path, force: bool) -> Result<(), Error> {
    let repo = history::open(directory)?;
    let root = repo.workdir().ok_or_else(|| {
        Error::Usage(
            "init writes files into a work tree, and this repository is bare: run it in a clone".into(),
        )
    })?;
    let targets: Vec<(PathBuf, &str)> = FILES.iter().map(|(path, text)| (root.join(path), *text)).collect();
    if !force {
        if let Some((existing, _)) = targets.iter().find(|(path, _)| path.exists()) {
            return Err(Error::Usage(format!(
                "{} already exists: keep it, or pass --force to overwrite it",
                existing.display()
            )));
        }
    }
    for (path, text) in &targets {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|source| output::OutputError::File { path: dir.to_path_buf(), source })?;
        }
        output::write(Some(path), text)?;
    }
    let written: Vec<&str> = FILES.iter().map(|(path, _)| *path).collect();
    super::say(&format!(
        "wrote {}; set your time zone in .git-brief.toml, commit the files, and the first brief runs next Monday",
        written.join(", ")
    ));
    Ok(())
}
