//! Finding and opening the repository, as git would: `-C PATH` and the
//! directories above it, or the repository git's environment names
//! (`GIT_DIR`, `GIT_WORK_TREE`, so that `git --git-dir=X brief` briefs X).
//! A repository that exists but cannot be read says why, with git's own fix
//! where there is one, instead of "not inside a git repository".

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Once;

use git2::{ErrorCode, Repository, RepositoryOpenFlags};

use super::HistoryError;

/// Repository extensions that change nothing for a reader of what is there.
/// A partial clone (`git clone --filter=blob:none`, which CI checkouts use)
/// lacks some blobs, and those commits' stats are counted as unreadable;
/// precious objects only forbid pruning.
const READABLE_EXTENSIONS: [&str; 2] = ["partialclone", "preciousobjects"];

/// Opens the repository for `directory` (`-C`), honouring `GIT_DIR`,
/// `GIT_WORK_TREE`, `GIT_CEILING_DIRECTORIES` and
/// `GIT_DISCOVERY_ACROSS_FILESYSTEM` as git does. A relative `GIT_DIR` or
/// `GIT_WORK_TREE` is relative to `directory`, as after `git -C`.
pub fn open(directory: &Path) -> Result<Repository, HistoryError> {
    static EXTENSIONS: Once = Once::new();
    EXTENSIONS.call_once(|| {
        // SAFETY: set once, before any repository is opened and before any
        // other thread exists; libgit2 copies the names.
        let _ = unsafe { git2::opts::set_extensions(&READABLE_EXTENSIONS) };
    });
    read_settings();
    match std::fs::metadata(directory) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(HistoryError::NotADirectory { path: directory.to_path_buf() }),
        Err(_) => return Err(HistoryError::MissingDirectory { path: directory.to_path_buf() }),
    }
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let (repo, looked_in) = match env("GIT_DIR") {
        Some(git_dir) => {
            let git_dir = directory.join(git_dir);
            (Repository::open_ext(&git_dir, RepositoryOpenFlags::NO_SEARCH, no_ceiling()), git_dir)
        }
        None => {
            let mut flags = RepositoryOpenFlags::empty();
            if env("GIT_DISCOVERY_ACROSS_FILESYSTEM").is_some_and(|v| is_true(&v)) {
                flags |= RepositoryOpenFlags::CROSS_FS;
            }
            let ceilings: Vec<PathBuf> = env("GIT_CEILING_DIRECTORIES")
                .map(|v| std::env::split_paths(&v).collect())
                .unwrap_or_default();
            (Repository::open_ext(directory, flags, ceilings), directory.to_path_buf())
        }
    };
    let repo = repo.map_err(|e| match diagnose(e, &looked_in) {
        HistoryError::NotARepository { path } if env("GIT_DIR").is_some() => {
            HistoryError::NotAGitDir { path }
        }
        other => other,
    })?;
    if let Some(work_tree) = env("GIT_WORK_TREE") {
        repo.set_workdir(&directory.join(work_tree), false)?;
    }
    Ok(repo)
}

/// libgit2's process-wide settings for reading history, set once, before
/// the first object is read: a pack window opened before them keeps
/// libgit2's defaults for good (the whole pack mapped as one window of up
/// to 1 GiB, every page a long window's brief touches resident).
pub(super) fn read_settings() {
    static SETTINGS: Once = Once::new();
    SETTINGS.call_once(|| {
        // A read-only tool gains nothing from re-hashing every object it
        // reads (git does not verify on read either): about a tenth of a
        // walk's time.
        git2::opts::strict_hash_verification(false);
        // SAFETY: process-wide libgit2 options, set before any other thread
        // uses libgit2 (the `--stats` threads start later).
        unsafe {
            // Each commit is read once (the chain's are handed to the
            // walks), so libgit2's cache of parsed commits would only hold a
            // copy of every message of the window: hundreds of megabytes
            // for a long one.
            let _ = git2::opts::set_cache_object_limit(git2::ObjectType::Commit, 0);
            // Trees are read as bytes (history/trees.rs), and the ones read
            // again are kept by the changed-paths check within its own
            // bound; libgit2 would keep a second copy of every small tree a
            // long window reads (its object database caches what it reads).
            let _ = git2::opts::set_cache_object_limit(git2::ObjectType::Tree, 0);
            // libgit2 would keep every window of the pack it has read
            // mapped (8 GiB allowed): a long window's brief would keep the
            // whole pack in memory. git itself keeps at most a few hundred
            // megabytes mapped; 16 MiB here, with windows of 2 MiB (the
            // pages a run has read stay resident while mapped: 2–7 MB less
            // at the peak than 64 MiB of 8 MiB windows, at the same speed;
            // 1 MiB windows were slower).
            let _ = git2::opts::set_mwindow_size(2 << 20);
            let _ = git2::opts::set_mwindow_mapped_limit(16 << 20);
            // Objects up to 64 MiB in all, not libgit2's 256 MiB. Commits,
            // trees (the changed-paths check keeps its own, the `--stats`
            // threads none) and blobs are not cached at all; this bounds
            // what is left, tags.
            let _ = git2::opts::set_cache_max_size(64 << 20);
        }
    });
}

fn no_ceiling() -> std::iter::Empty<&'static Path> {
    std::iter::empty()
}

/// git's boolean spellings.
fn is_true(value: &OsString) -> bool {
    matches!(value.to_string_lossy().to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
}

/// Why a repository could not be opened, in words that lead to a fix.
fn diagnose(error: git2::Error, looked_in: &Path) -> HistoryError {
    let message = error.message();
    if error.code() == ErrorCode::Owner {
        // libgit2 names the directory safe.directory must list, in quotes.
        let path = message.split('\'').nth(1).map(PathBuf::from).unwrap_or_else(|| looked_in.to_path_buf());
        return HistoryError::DubiousOwnership { path };
    }
    let unsupported = |what: &str, fix: &str| HistoryError::Unsupported {
        path: looked_in.to_path_buf(),
        what: what.to_string(),
        fix: fix.to_string(),
    };
    if message.contains("object format") || message.ends_with("extensions.objectformat") {
        return unsupported(
            "SHA-256 object names",
            "libgit2, through which git-brief reads repositories, has no stable SHA-256 support yet and git cannot convert a repository back to SHA-1; use git log for this one",
        );
    }
    if message.ends_with("extensions.refstorage") {
        // `git refs migrate` would convert in place, but git before 2.48
        // refuses a repository with reflogs (all of them): a clone works.
        let top = std::fs::canonicalize(looked_in).unwrap_or_else(|_| looked_in.to_path_buf());
        let top = top.ancestors().find(|dir| dir.join(".git").exists()).unwrap_or(&top).to_path_buf();
        let mut clone = top.clone().into_os_string();
        clone.push("-files");
        let fix = format!(
            "brief a clone that stores refs as files: `git clone --quiet --ref-format=files {} {}`, then git-brief -C {}",
            shell_word(&top),
            shell_word(Path::new(&clone)),
            shell_word(Path::new(&clone)),
        );
        return unsupported("the reftable ref storage", &fix);
    }
    if let Some(extension) = message.split_once("unsupported extension name ").map(|(_, name)| name) {
        // git refuses extensions it does not know too: this one came from a
        // newer git, another tool, or a mistake.
        // git config itself refuses such a repository unless given the file.
        let fix = format!(
            "use a tool that knows it, or, if it was set by mistake, remove it: `git config --file {} --unset {}`",
            shell_word(&config_file(looked_in)),
            shell_word(Path::new(extension))
        );
        return unsupported(&format!("the repository extension {}", crate::window::quote(extension)), &fix);
    }
    match error.code() {
        ErrorCode::NotFound => HistoryError::NotARepository { path: looked_in.to_path_buf() },
        _ => HistoryError::Git(error),
    }
}

/// The configuration file of the repository at or above `directory`:
/// `.git/config` of a work tree, `config` of a bare repository.
fn config_file(directory: &Path) -> PathBuf {
    let start = std::fs::canonicalize(directory).unwrap_or_else(|_| directory.to_path_buf());
    start
        .ancestors()
        .find_map(|dir| {
            let dot_git = dir.join(".git");
            if dot_git.is_dir() {
                Some(dot_git.join("config"))
            } else if dir.join("HEAD").is_file() && dir.join("config").is_file() {
                Some(dir.join("config"))
            } else {
                None
            }
        })
        .unwrap_or_else(|| start.join(".git/config"))
}

/// A path as a shell word: as it is when it needs no quoting.
pub(super) fn shell_word(path: &Path) -> String {
    let text = path.to_string_lossy();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c)) {
        text.into_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
