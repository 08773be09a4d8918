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
        let stored = crate::files::read_regular(&path, MAX_CACHE)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Cache { path, stored, now }
    }

    /// The cached answer for `id`, when fresh: `Some(None)` is never returned
    /// as an item; a reference the tracker did not know is skipped too.
    pub fn get(&self, id: &str) -> Option<Option<Item>> {
        let (at, item) = self.stored.items.get(id)?;
        (self.now.saturating_sub(*at) < TTL_SECONDS).then(|| item.clone())
    }

    /// Stores what a fetch of `asked` found (`found`), and writes the file.
    pub fn put(&self, asked: &[String], found: &[Item]) {
        let mut stored = Stored {
            items: self
                .stored
                .items
                .iter()
                .filter(|(_, (at, _))| self.now.saturating_sub(*at) < TTL_SECONDS)
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
        let dir = self.path.parent().ok_or(std::io::ErrorKind::NotFound)?;
        create_private_dir(dir)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        // A NamedTempFile is created with mode 0600 on Unix.
        serde_json::to_writer(&mut file, stored)?;
        file.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
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
