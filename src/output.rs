//! Writing the brief where it was asked for.
//!
//! A regular file (or a new path) is written atomically: the brief goes to a
//! temporary file in the same directory, which is then renamed over the
//! target. A run that fails half-way (a full disk, a killed CI job) leaves the
//! previous file intact and no half-written brief behind; SIGINT, SIGTERM and
//! SIGHUP remove the temporary file before the process ends. The new file
//! keeps the permissions (and, where allowed, the owner) of the one it
//! replaces; a new file gets 0666 less the umask, as any file the user
//! creates.
//!
//! Anything else is written directly, never replaced: a device
//! (`/dev/null`, `/dev/full`, a terminal), a FIFO, and a file descriptor
//! (`/dev/stdout`, `/dev/fd/N`, `>(cmd)`). A symlink is kept: the file it
//! points to is replaced atomically.
//!
//! A link inside the repository's work tree came with the checkout, and in a
//! pull request's job the pull request chose it: such a link is followed only
//! while it leads to a place inside the work tree, so that a committed
//! `brief.md -> ~/.gitconfig` cannot make the brief replace a file of the
//! runner.

use std::fs::{File, Metadata};
use std::io::{BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;
use thiserror::Error;

/// Failures writing the brief.
#[derive(Debug, Error)]
pub enum OutputError {
    #[error("cannot write {}: the directory {} does not exist; create it first or choose another --output", path.display(), dir.display())]
    MissingDirectory { path: PathBuf, dir: PathBuf },
    #[error("cannot write {}: {source}; {}", path.display(), advice(source))]
    File { path: PathBuf, source: std::io::Error },
    #[error("cannot write {}: it is a directory; name a file in it, such as {}", path.display(), path.join("brief.md").display())]
    Directory { path: PathBuf },
    #[error("cannot write {}: it exists and is not a regular file; move it away, or choose another path", path.display())]
    NotAFile { path: PathBuf },
    #[error("cannot write {}: {} is a link in the repository's work tree that leads out of it; remove the link, or write the brief outside the work tree (in CI, under $RUNNER_TEMP)", path.display(), link.display())]
    LinkOutOfTree { path: PathBuf, link: PathBuf },
    #[error("cannot write to standard output: {source}; {}", advice(source))]
    Stdout { source: std::io::Error },
    #[error("standard output is closed, so the brief went nowhere: redirect it (> brief.md) or pass --output FILE")]
    StdoutClosed,
    #[error("the reader of standard output went away before the brief was written: check the command after the pipe, or pass --output FILE")]
    StdoutGone,
    #[error("--step-summary needs $GITHUB_STEP_SUMMARY, which GitHub Actions sets in every step: run it in a workflow, or drop --step-summary")]
    NoStepSummary,
}

/// What to do about an I/O error.
fn advice(error: &std::io::Error) -> &'static str {
    match error.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "free some space, or write elsewhere",
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => "check the path and its permissions",
        _ => "check the path and its permissions",
    }
}

/// The step summary file GitHub Actions gives each step.
pub fn step_summary_path() -> Result<PathBuf, OutputError> {
    std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .ok_or(OutputError::NoStepSummary)
}

/// Appends a Markdown brief to the step summary at `path`, keeping the whole
/// file within GitHub's 1 MiB limit (what earlier commands of the step wrote
/// counts too, and GitHub drops a summary over the limit entirely). Returns
/// a note for stderr when the brief had to be left out because the file is
/// already (almost) full.
pub fn append_step_summary(path: &Path, markdown: &str) -> Result<Option<String>, OutputError> {
    use crate::render::{fit, Budget};
    let file_error = |source| OutputError::File { path: path.to_path_buf(), source };
    let used = std::fs::metadata(path).map(|m| usize::try_from(m.len()).unwrap_or(usize::MAX)).unwrap_or(0);
    let separator = if used > 0 { "\n" } else { "" };
    let room = Budget::STEP_SUMMARY.limit().saturating_sub(used + separator.len());
    let text = fit(markdown, Budget::Bytes(room));
    if text.len() > room {
        return Ok(Some(format!(
            "the step summary {} already holds {used} bytes, and GitHub allows 1 MiB in all: the brief was not added to it",
            path.display()
        )));
    }
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(file_error)?;
    file.write_all(format!("{separator}{text}").as_bytes()).map_err(file_error)?;
    Ok(None)
}

/// Writes `text` to `path`, or to standard output when there is none.
/// `tree` is the work tree of the repository being briefed: no link inside
/// it is followed out of it.
pub fn write(path: Option<&Path>, text: &str, tree: Option<&Path>) -> Result<(), OutputError> {
    write_with(path, tree, |out| out.write_all(text.as_bytes()))
}

/// Writes what `fill` writes, as [`write`] writes a text: for a brief
/// rendered as it is written, never whole in memory (the JSON of a long
/// history is tens of megabytes).
pub fn write_with<F>(path: Option<&Path>, tree: Option<&Path>, fill: F) -> Result<(), OutputError>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    match path {
        None => write_stdout(fill),
        Some(path) => match destination(path, tree)? {
            Destination::Direct { path, append } => write_direct(&path, append, fill),
            Destination::Replace { path, existing } => Staged::new(&path, existing.as_ref(), fill)?.commit(),
        },
    }
}

/// How much of the brief is gathered before each write: few system calls,
/// and a reader that stops early has had whole lines.
const BUFFER: usize = 64 * 1024;

/// A reader that stops early (`git brief | head -1`) is not an error, once
/// it has had some of the brief; a closed standard output, or a reader gone
/// before the first byte, is: the brief went nowhere.
fn write_stdout(fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), OutputError> {
    let mut out = Counted { inner: stdout()?, written: 0 };
    let result = {
        let mut buffered = BufWriter::with_capacity(BUFFER, &mut out);
        fill(&mut buffered).and_then(|()| buffered.flush())
    };
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe && out.written > 0 => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Err(OutputError::StdoutGone),
        Err(e) => Err(OutputError::Stdout { source: e }),
    }
}

/// A writer that counts the bytes it has passed on.
struct Counted<W> {
    inner: W,
    written: usize,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Standard output as a file of its own, unbuffered, so that every write is
/// one system call whose errors are seen: Rust's `Stdout` quietly succeeds
/// when descriptor 1 is closed.
#[cfg(unix)]
fn stdout() -> Result<File, OutputError> {
    use std::os::fd::AsFd;
    if stdout_was_closed() {
        return Err(OutputError::StdoutClosed);
    }
    match std::io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => Ok(File::from(fd)),
        Err(_) => Err(OutputError::StdoutClosed),
    }
}

/// Whether the process started with descriptor 1 closed (`git brief >&-`).
/// Rust's runtime then opens /dev/null in its place before `main`, exactly
/// as a parent that discards the output does (Python's `DEVNULL`, Go's
/// `exec` without a `Stdout`): so the question is asked before the runtime
/// starts, from the program's constructors. Elsewhere this cannot be told.
fn stdout_was_closed() -> bool {
    #[cfg(target_os = "linux")]
    return startup::STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed);
    #[cfg(not(target_os = "linux"))]
    return false;
}

#[cfg(target_os = "linux")]
mod startup {
    use std::sync::atomic::{AtomicBool, Ordering};

    pub(super) static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn ask() {
        // SAFETY: F_GETFD only reads the flags of a descriptor number; it
        // fails with EBADF when none is open under it.
        let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
        STDOUT_CLOSED.store(closed, Ordering::Relaxed);
    }

    /// Run by the loader with the other constructors, before Rust's runtime
    /// replaces closed standard descriptors.
    #[used]
    #[link_section = ".init_array"]
    static ASK: extern "C" fn() = ask;
}

#[cfg(not(unix))]
fn stdout() -> Result<std::io::Stdout, OutputError> {
    Ok(std::io::stdout())
}

/// How a path is written.
enum Destination {
    /// Written in place: a device, a FIFO, a file descriptor. `append` for a
    /// regular file reached through a descriptor (`-o /dev/stdout > file`),
    /// which must not be truncated or replaced behind the shell's back.
    Direct { path: PathBuf, append: bool },
    /// Replaced atomically: a regular file, or a new one (`existing` is
    /// `None`). A symlink's target, not the link.
    Replace { path: PathBuf, existing: Option<Metadata> },
}

fn destination(path: &Path, tree: Option<&Path>) -> Result<Destination, OutputError> {
    let file_error = |source| OutputError::File { path: path.to_path_buf(), source };
    if let Some(link) = tree.and_then(|tree| link_out_of(path, tree)) {
        return Err(OutputError::LinkOutOfTree { path: path.to_path_buf(), link });
    }
    if is_descriptor(path) {
        let append = std::fs::metadata(path).is_ok_and(|m| m.is_file());
        return Ok(Destination::Direct { path: path.to_path_buf(), append });
    }
    let target = follow_links(path);
    match std::fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => Err(OutputError::Directory { path: path.to_path_buf() }),
        Ok(meta) if meta.is_file() => Ok(Destination::Replace { path: target, existing: Some(meta) }),
        Ok(_) => Ok(Destination::Direct { path: path.to_path_buf(), append: false }),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            Ok(Destination::Replace { path: target, existing: None })
        }
        Err(e) => Err(file_error(e)),
    }
}

/// The first link on the way to `path` that lies inside the work tree `tree`
/// and leads out of it. Each prefix of the path is resolved as the system
/// resolves it, so a link to a directory (`out -> /home/runner`) counts as
/// much as a link to a file, and a dangling link by where it would lead.
fn link_out_of(path: &Path, tree: &Path) -> Option<PathBuf> {
    let tree = std::fs::canonicalize(tree).ok()?;
    let absolute = match path.is_absolute() {
        true => path.to_path_buf(),
        false => std::env::current_dir().ok()?.join(path),
    };
    let mut prefix = PathBuf::new();
    for part in absolute.components() {
        prefix.push(part);
        let is_link = std::fs::symlink_metadata(&prefix).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            continue;
        }
        let at = prefix.parent().and_then(|dir| std::fs::canonicalize(dir).ok())?;
        if !at.starts_with(&tree) {
            continue;
        }
        let leads_to = std::fs::canonicalize(&prefix).ok().or_else(|| {
            // A dangling link: where its chain ends, by that place's directory.
            let end = follow_links(&prefix);
            let dir = end.parent().and_then(|dir| std::fs::canonicalize(dir).ok());
            dir.zip(end.file_name()).map(|(dir, name)| dir.join(name))
        });
        // The repository's own files are no place for a brief either.
        if !leads_to.is_some_and(|to| to.starts_with(&tree) && !to.starts_with(tree.join(".git"))) {
            return Some(prefix);
        }
    }
    None
}

/// The path a chain of symlinks ends at (the path itself when it is none),
/// whether or not that exists.
fn follow_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(next) => current = current.parent().unwrap_or(Path::new("")).join(next),
            Err(_) => break,
        }
    }
    current
}

/// `/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`, or a symlink to one: an
/// open file descriptor, whatever it is open on.
fn is_descriptor(path: &Path) -> bool {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let parent = current.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if std::fs::canonicalize(parent).is_ok_and(|dir| is_descriptor_directory(&dir)) {
            return true;
        }
        match std::fs::read_link(&current) {
            Ok(next) => current = parent.join(next),
            Err(_) => return false,
        }
    }
    false
}

/// `/proc/PID/fd` or `/proc/PID/task/TID/fd`.
fn is_descriptor_directory(dir: &Path) -> bool {
    let parts: Vec<_> = dir.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    matches!(parts.as_slice(), ["/", "proc", _, "fd"] | ["/", "proc", _, "task", _, "fd"])
}

fn write_direct(
    path: &Path,
    append: bool,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let file_error = |source| OutputError::File { path: path.to_path_buf(), source };
    let file = std::fs::OpenOptions::new().write(true).append(append).open(path).map_err(file_error)?;
    let mut buffered = BufWriter::with_capacity(BUFFER, file);
    fill(&mut buffered).and_then(|()| buffered.flush()).map_err(file_error)
}

/// A brief written to a temporary file beside its target, ready to be
/// renamed over it. Dropped without [`Staged::commit`], it leaves nothing.
pub struct Staged {
    temp: NamedTempFile,
    target: PathBuf,
    _pending: Pending,
}

impl Staged {
    /// Writes what `fill` writes next to `target` (a regular file or a new
    /// path), with the permissions the result must have.
    fn new(
        target: &Path,
        existing: Option<&Metadata>,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<Staged, OutputError> {
        let file_error = |source| OutputError::File { path: target.to_path_buf(), source };
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(OutputError::MissingDirectory { path: target.to_path_buf(), dir });
        }
        remove_on_signal();
        let mut builder = tempfile::Builder::new();
        builder.prefix(".git-brief-").suffix(".tmp");
        // A new file: 0666 less the umask, which open(2) applies.
        #[cfg(unix)]
        if existing.is_none() {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        // Created and registered under the lock, so that a signal cannot
        // come between the two and leave the file behind.
        let (mut temp, pending) = {
            let mut pending = lock_pending();
            let temp = builder.tempfile_in(&dir).map_err(file_error)?;
            pending.push(temp.path().to_path_buf());
            let registered = Pending(temp.path().to_path_buf());
            (temp, registered)
        };
        let written = {
            let mut buffered = BufWriter::with_capacity(BUFFER, &mut temp);
            fill(&mut buffered).and_then(|()| buffered.flush())
        };
        written.and_then(|()| temp.as_file().sync_all()).map_err(file_error)?;
        if let Some(existing) = existing {
            keep_owner_and_mode(temp.as_file(), existing).map_err(file_error)?;
        }
        Ok(Staged { temp, target: target.to_path_buf(), _pending: pending })
    }

    /// Stages a brief for a path that must be a regular file or new (what
    /// `init` writes).
    pub fn file(path: &Path, text: &str, tree: Option<&Path>) -> Result<Staged, OutputError> {
        match destination(path, tree)? {
            Destination::Replace { path, existing } => {
                Staged::new(&path, existing.as_ref(), |out| out.write_all(text.as_bytes()))
            }
            Destination::Direct { .. } => Err(OutputError::NotAFile { path: path.to_path_buf() }),
        }
    }

    /// Renames the temporary file over the target.
    pub fn commit(self) -> Result<(), OutputError> {
        let Staged { temp, target, _pending } = self;
        // Under the lock: a signal either comes first and removes the
        // temporary file, or after, when there is none left to remove.
        let persisted = {
            let _held = lock_pending();
            temp.persist(&target)
        };
        persisted.map(drop).map_err(|e| OutputError::File { path: target, source: e.error })
    }

    /// The path the brief will have.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

/// The temporary files a signal must remove.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn lock_pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A registered temporary file, unregistered when dropped (after it was
/// renamed, or removed by `NamedTempFile`'s own drop).
struct Pending(PathBuf);

impl Drop for Pending {
    fn drop(&mut self) {
        lock_pending().retain(|p| *p != self.0);
    }
}

/// From the first temporary file on, SIGINT, SIGTERM and SIGHUP remove every
/// pending temporary file and then end the process as the signal would have
/// (so a shell or CI runner still sees "killed by SIGTERM").
fn remove_on_signal() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Held until the process ends: no rename can follow.
                    let pending = lock_pending();
                    for path in pending.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        });
    }
}

/// The replacement keeps what the replaced file had: its mode (a private
/// brief stays private) and, when allowed (as root), its owner.
#[cfg(unix)]
fn keep_owner_and_mode(file: &File, existing: &Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mine = file.metadata()?;
    if (mine.uid(), mine.gid()) != (existing.uid(), existing.gid()) {
        // Only root may give a file away; anyone else keeps their own.
        let _ = std::os::unix::fs::fchown(file, Some(existing.uid()), Some(existing.gid()));
    }
    file.set_permissions(std::fs::Permissions::from_mode(existing.mode() & 0o7777))
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &File, existing: &Metadata) -> std::io::Result<()> {
    file.set_permissions(existing.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("brief.md");
        std::fs::write(&target, "old").unwrap();
        write(Some(&target), "new brief\n", None).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new brief\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("brief.md")]);
    }

    #[test]
    fn descriptors_are_told_from_files() {
        assert!(is_descriptor_directory(Path::new("/proc/self/fd")));
        assert!(is_descriptor_directory(Path::new("/proc/123/task/124/fd")));
        assert!(!is_descriptor_directory(Path::new("/proc/123/fdinfo")));
        assert!(!is_descriptor_directory(Path::new("/dev")));
        if cfg!(target_os = "linux") {
            assert!(is_descriptor(Path::new("/dev/fd/1")) && is_descriptor(Path::new("/proc/self/fd/2")));
            assert!(!is_descriptor(Path::new("/tmp/brief.md")) && !is_descriptor(Path::new("brief.md")));
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_where_they_end_even_when_nothing_is_there() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("b", dir.path().join("a")).unwrap();
        std::os::unix::fs::symlink("sub/c.md", dir.path().join("b")).unwrap();
        assert_eq!(follow_links(&dir.path().join("a")), dir.path().join("sub/c.md"));
        assert_eq!(follow_links(&dir.path().join("plain.md")), dir.path().join("plain.md"));
    }

    #[test]
    fn a_missing_directory_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("nope/brief.md");
        let err = write(Some(&target), "x", None).unwrap_err();
        assert!(matches!(err, OutputError::MissingDirectory { .. }), "{err}");
        assert!(!target.exists());
    }
}
