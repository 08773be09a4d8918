//! Writing the brief where it was asked for.
//!
//! A file is written atomically: the brief goes to a temporary file in the
//! same directory, which is then renamed over the target. A run that fails
//! half-way (a full disk, a killed CI job) leaves the previous file intact
//! and no half-written brief behind.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

/// Failures writing the brief.
#[derive(Debug, Error)]
pub enum OutputError {
    #[error("cannot write {}: the directory {} does not exist; create it first or choose another --output", path.display(), dir.display())]
    MissingDirectory { path: PathBuf, dir: PathBuf },
    #[error("cannot write {}: {source}; check the path and its permissions", path.display())]
    File { path: PathBuf, source: std::io::Error },
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    #[error("--step-summary needs $GITHUB_STEP_SUMMARY, which GitHub Actions sets in every step: run it in a workflow, or drop --step-summary")]
    NoStepSummary,
}

/// The step summary file GitHub Actions gives each step.
pub fn step_summary_path() -> Result<PathBuf, OutputError> {
    std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .ok_or(OutputError::NoStepSummary)
}

/// Appends a Markdown brief to the step summary at `path`, within GitHub's
/// 1 MiB limit for a step's summary (what earlier commands of the step wrote
/// counts too).
pub fn append_step_summary(path: &Path, markdown: &str) -> Result<(), OutputError> {
    use crate::render::{fit, Budget};
    let file_error = |source| OutputError::File { path: path.to_path_buf(), source };
    let used = std::fs::metadata(path).map(|m| m.len() as usize).unwrap_or(0);
    let room = Budget::STEP_SUMMARY.limit().saturating_sub(used + 2);
    let text = fit(markdown, Budget::Bytes(room));
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(file_error)?;
    let separator = if used > 0 { "\n" } else { "" };
    file.write_all(format!("{separator}{text}").as_bytes()).map_err(file_error)
}

/// Writes `text` to `path`, or to standard output when there is none.
pub fn write(path: Option<&Path>, text: &str) -> Result<(), OutputError> {
    match path {
        Some(path) => write_file(path, text),
        None => write_stdout(text),
    }
}

/// A reader that stops early (`git brief | head -1`) is not an error.
fn write_stdout(text: &str) -> Result<(), OutputError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(OutputError::Stdout(e)),
        _ => Ok(()),
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), OutputError> {
    let file_error = |source| OutputError::File { path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(OutputError::MissingDirectory { path: path.to_path_buf(), dir });
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".git-brief-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(file_error)?;
    temp.write_all(text.as_bytes()).and_then(|()| temp.as_file().sync_all()).map_err(file_error)?;
    readable_by_others(temp.as_file()).map_err(file_error)?;
    temp.persist(path).map_err(|e| file_error(e.error))?;
    Ok(())
}

/// Temporary files are private (0600); a brief is meant to be read, by a
/// web server or a CI artifact upload, like any file the user creates.
#[cfg(unix)]
fn readable_by_others(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_others(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("brief.md");
        std::fs::write(&target, "old").unwrap();
        write(Some(&target), "new brief\n").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new brief\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("brief.md")]);
    }

    #[test]
    fn a_missing_directory_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("nope/brief.md");
        let err = write(Some(&target), "x").unwrap_err();
        assert!(matches!(err, OutputError::MissingDirectory { .. }), "{err}");
        assert!(!target.exists());
    }
}
