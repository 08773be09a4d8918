//! The tracker's answers on disk for an hour, so that a second brief within
//! the hour asks nothing. One file per provider and repository, readable by
//! its owner only; it holds what the tracker said of each reference (or that
//! it knew nothing of it), never a token. A cache that cannot be read or
//! written is skipped in silence: it only saves requests.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Item;

/// How long an answer is trusted.
const TTL_SECONDS: u64 = 3600;
const MAX_CACHE: u64 = 16 << 20;

#[derive(Default, Serialize, Deserialize)]
struct Stored {
    /// By reference: when it was fetched, and what the tracker said (`None`:
    /// it does not know the reference).
    items: HashMap<String, (u64, Option<Item>)>,
}

pub(super) struct Cache {
    path: PathBuf,
    stored: Stored,
    now: u64,
    /// The directory and file are the user's own: else neither read nor written.
    usable: bool,
}

impl Cache {
    /// The cache of `provider` for `repository`, in `dir`.
    pub fn open(dir: PathBuf, provider: &str, repository: &str) -> Cache {
        let name: String = repository
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
            .take(120)
            .collect();
        let path = dir.join(format!("{provider}-{name}.json"));
        let usable = own(&dir) && own(&path);
        let stored = crate::files::read_regular(&path, MAX_CACHE)
            .ok()
            .filter(|_| usable)
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Cache { path, stored, now, usable }
    }

    /// Whether an answer fetched at `at` is fresh: within the hour, and
    /// never from the future (a clock that was ahead, a planted file).
    fn fresh(&self, at: u64) -> bool {
        at <= self.now && self.now - at < TTL_SECONDS
    }

    /// The cached answer for `id`, when fresh: `Some(None)` is never returned
    /// as an item; a reference the tracker did not know is skipped too.
    pub fn get(&self, id: &str) -> Option<Option<Item>> {
        let (at, item) = self.stored.items.get(id)?;
        self.fresh(*at).then(|| item.clone())
    }

    /// Stores what a fetch of `asked` found (`found`), and writes the file.
    pub fn put(&self, asked: &[String], found: &[Item]) {
        let mut stored = Stored {
            items: self
                .stored
                .items
                .iter()
                .filter(|(_, (at, _))| self.fresh(*at))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        };
        for id in asked {
            let item = found.iter().find(|item| &item.id == id).cloned();
            stored.items.insert(id.clone(), (self.now, item));
        }
        let _ = self.write(&stored);
    }

    fn write(&self, stored: &Stored) -> std::io::Result<()> {
        if !self.usable {
            return Ok(());
        }
        let dir = self.path.parent().ok_or(std::io::ErrorKind::NotFound)?;
        create_private_dir(dir)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        // A NamedTempFile is created with mode 0600 on Unix.
        serde_json::to_writer(&mut file, stored)?;
        file.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Whether `path` (when it exists) belongs to this user and no one else
/// may write it: a cache in a shared or world-writable directory, or a file
/// someone else left, is another user's word, not the tracker's.
fn own(path: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match std::fs::symlink_metadata(path) {
            // SAFETY: geteuid has no preconditions and cannot fail.
            Ok(meta) => meta.uid() == unsafe { libc::geteuid() } && meta.mode() & 0o022 == 0,
            Err(_) => true,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str) -> Item {
        serde_json::from_value(
            serde_json::json!({"id": "#1", "kind": "issue", "title": title, "labels": [], "state": "open"}),
        )
        .unwrap()
    }

    #[test]
    fn answers_from_the_future_or_from_files_others_may_write_are_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path().join("git-brief"), "github", "acme/shop");
        cache.put(&["#1".to_string()], &[item("Real title")]);
        let again = Cache::open(dir.path().join("git-brief"), "github", "acme/shop");
        assert_eq!(again.get("#1").flatten().map(|i| i.title), Some("Real title".to_string()));
        // Stamped in the future: stale, however far ahead.
        let file = dir.path().join("git-brief/github-acme_shop.json");
        std::fs::write(&file, r##"{"items":{"#1":[99999999999,{"id":"#1","kind":"issue","title":"Planted","labels":[],"state":"open"}]}}"##).unwrap();
        let planted = Cache::open(dir.path().join("git-brief"), "github", "acme/shop");
        assert!(planted.get("#1").is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A file anyone may write: not read, and not written over.
            cache.put(&["#1".to_string()], &[item("Real title")]);
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
            let shared = Cache::open(dir.path().join("git-brief"), "github", "acme/shop");
            assert!(shared.get("#1").is_none());
            shared.put(&["#2".to_string()], &[]);
            assert!(!std::fs::read_to_string(&file).unwrap().contains("#2"));
            // The same file, private again, is read; left by another user, it is not.
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
            assert!(Cache::open(dir.path().join("git-brief"), "github", "acme/shop").get("#1").is_some());
            // SAFETY: geteuid has no preconditions.
            if unsafe { libc::geteuid() } == 0 {
                std::os::unix::fs::chown(&file, Some(65534), None).unwrap();
                assert!(Cache::open(dir.path().join("git-brief"), "github", "acme/shop").get("#1").is_none());
            }
        }
    }
}
