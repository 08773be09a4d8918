//! Reading the files a run is told to read: the configuration and templates.
//!
//! In the pull-request workflow the configuration comes from the pull request's own
//! tree, so whoever opens a pull request chooses what it names. A file the
//! configuration names is therefore read only from inside the work tree (never its
//! `.git` directory, where the checkout may keep a token, and never through a
//! symbolic link that leads out of it), and every file read here must be a regular
//! file of bounded size: `/dev/stdin` would hang a job and `/dev/zero` exhaust its
//! memory.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use thiserror::Error;

/// The largest configuration file read.
pub const MAX_CONFIG: u64 = 256 * 1024;
/// The largest template read: forty times the largest built-in one (6 KB).
/// Compiling a template takes time quadratic in its size (handlebars'
/// parser finds each element's line from the start), so a bigger one would
/// hold a job for minutes; in a pull request's job it may be the pull
/// request's own.
pub const MAX_TEMPLATE: u64 = 256 * 1024;

/// Why a named file was not read.
#[derive(Debug, Error)]
pub enum FileError {
    #[error("it must be a path relative to the repository's root, without `..`")]
    NotRelative,
    #[error("it leads out of the repository's work tree")]
    Outside,
    #[error("it is inside the repository's .git directory")]
    InGitDir,
    #[error("it is not a regular file")]
    NotRegular,
    #[error("it is not a regular file, nor a pipe")]
    NotFileOrPipe,
    #[error("it is a pipe that nothing was written to")]
    EmptyPipe,
    #[error("it is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Reads a regular file of at most `limit` bytes as text.
///
/// What is not a regular file is refused before it is opened, and opened
/// without blocking: opening a FIFO for reading waits for a writer, which
/// would hang a job forever. The open file is checked again, in case the
/// path was swapped in between.
pub fn read_regular(path: &Path, limit: u64) -> Result<String, FileError> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(FileError::NotRegular);
    }
    let file = open_without_blocking(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(FileError::NotRegular);
    }
    if metadata.len() > limit {
        return Err(FileError::TooLarge { limit });
    }
    let mut text = String::new();
    file.take(limit + 1).read_to_string(&mut text)?;
    if text.len() as u64 > limit {
        return Err(FileError::TooLarge { limit });
    }
    Ok(text)
}

/// Reads a regular file or a pipe (`-` for standard input, `/dev/stdin` of a
/// pipeline, a shell's `<(…)`) of at most `limit` bytes as text: for the
/// files a user names on the command line, never for one a configuration
/// names. A pipe is read until its writer closes it, as `cat` would; a
/// terminal, a device or a directory is refused.
pub fn read_file_or_pipe(path: &Path, limit: u64) -> Result<String, FileError> {
    let mut text = String::new();
    if path == Path::new("-") {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            return Err(FileError::NotFileOrPipe);
        }
        std::io::stdin().take(limit + 1).read_to_string(&mut text)?;
    } else {
        let kind = std::fs::metadata(path)?.file_type();
        if kind.is_file() {
            return read_regular(path, limit);
        }
        if !is_pipe(&kind) {
            return Err(FileError::NotFileOrPipe);
        }
        // Opened without waiting for a writer: a named pipe that nobody
        // writes then reads as empty at once, where a plain open would hang.
        let file = open_without_blocking(path)?;
        blocking(&file)?;
        file.take(limit + 1).read_to_string(&mut text)?;
        if text.is_empty() {
            return Err(FileError::EmptyPipe);
        }
    }
    if text.len() as u64 > limit {
        return Err(FileError::TooLarge { limit });
    }
    Ok(text)
}

#[cfg(unix)]
fn is_pipe(kind: &std::fs::FileType) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(kind)
}

#[cfg(not(unix))]
fn is_pipe(_: &std::fs::FileType) -> bool {
    false
}

/// Makes reads of `file`, opened without blocking, wait for data again.
#[cfg(unix)]
fn blocking(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: fcntl on a descriptor this function's caller owns and keeps open.
    let flags = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETFL) };
    if flags < 0 || unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(unix))]
fn blocking(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// The path of `relative` inside the work tree `root`, when it stays there
/// after every symbolic link is followed and is not in `git_dir`.
pub fn confine(root: &Path, git_dir: &Path, relative: &Path) -> Result<PathBuf, FileError> {
    let plain = relative.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !plain || relative.as_os_str().is_empty() {
        return Err(FileError::NotRelative);
    }
    let root = root.canonicalize()?;
    let resolved = root.join(relative).canonicalize()?;
    if !resolved.starts_with(&root) {
        return Err(FileError::Outside);
    }
    let git_dir = git_dir.canonicalize().unwrap_or_else(|_| git_dir.to_path_buf());
    if resolved.starts_with(&git_dir) || resolved.components().any(|c| c.as_os_str() == ".git") {
        return Err(FileError::InGitDir);
    }
    Ok(resolved)
}

/// [`confine`], except that a file that is not there yet is no error: its
/// path in the work tree is returned, for a reader that fails softly (a
/// tracker export or a number an earlier CI step did not write).
pub fn confine_or_absent(root: &Path, git_dir: &Path, relative: &Path) -> Result<PathBuf, FileError> {
    match confine(root, git_dir, relative) {
        Err(FileError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(root.join(relative)),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_files_stay_in_the_work_tree() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "token").unwrap();
        std::fs::write(root.join("brief.hbs"), "{{title}}").unwrap();
        std::fs::write(dir.path().join("secret"), "token").unwrap();
        let git = root.join(".git");
        assert!(confine(&root, &git, Path::new("brief.hbs")).is_ok());
        assert!(matches!(confine(&root, &git, Path::new("../secret")), Err(FileError::NotRelative)));
        assert!(matches!(confine(&root, &git, Path::new("/etc/hostname")), Err(FileError::NotRelative)));
        assert!(matches!(confine(&root, &git, Path::new(".git/config")), Err(FileError::InGitDir)));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), root.join("out.hbs")).unwrap();
            assert!(matches!(confine(&root, &git, Path::new("out.hbs")), Err(FileError::Outside)));
        }
    }

    #[test]
    fn only_bounded_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, "x".repeat(100)).unwrap();
        assert!(matches!(read_regular(&big, 10), Err(FileError::TooLarge { limit: 10 })));
        assert_eq!(read_regular(&big, 100).unwrap().len(), 100);
        assert!(matches!(read_regular(dir.path(), 100), Err(FileError::NotRegular)));
        #[cfg(unix)]
        assert!(matches!(read_regular(Path::new("/dev/zero"), 100), Err(FileError::NotRegular)));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
            assert!(made.success());
            assert!(matches!(read_regular(&fifo, 100), Err(FileError::NotRegular)));
        }
    }
}
