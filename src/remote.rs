//! Where the repository lives: its forge path and web address, read from the
//! `origin` remote, so that the brief can name the repository as people know
//! it (`acme/shop`) rather than by the directory it was cloned into.

use crate::brief;

/// A remote URL taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// `github.com`, `gitlab.example.org`.
    pub host: String,
    /// The repository's path on the host, without `.git`: `acme/shop`, `group/sub/project`.
    pub path: String,
}

impl Remote {
    /// The repository's web page.
    pub fn web_url(&self) -> String {
        format!("https://{}/{}", self.host, self.path)
    }
}

/// Reads the https, `ssh://` and scp-like (`git@host:path`) forms of a
/// remote URL. Local paths and `file://` URLs have no forge: `None`.
pub fn parse(url: &str) -> Option<Remote> {
    let url = url.trim();
    let (host, path) = if let Some((scheme, rest)) = url.split_once("://") {
        if !matches!(scheme, "https" | "http" | "ssh" | "git" | "git+ssh") {
            return None;
        }
        let (authority, path) = rest.split_once('/')?;
        let host = authority.rsplit('@').next()?;
        let host = host.split(':').next()?;
        (host, path)
    } else {
        let (authority, path) = url.split_once(':')?;
        if authority.contains('/') || path.starts_with("//") {
            return None;
        }
        (authority.rsplit('@').next()?, path)
    };
    let path = path.trim_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path).trim_matches('/');
    if host.is_empty() || path.is_empty() || !path.contains('/') {
        return None;
    }
    Some(Remote { host: host.to_ascii_lowercase(), path: path.to_string() })
}

/// The repository as the brief names it.
pub fn describe(repo: &git2::Repository, branch: Option<&str>) -> brief::Repository {
    let remote = origin(repo);
    let directory = repo
        .workdir()
        .unwrap_or_else(|| repo.path())
        .components()
        .next_back()
        .map(|c| c.as_os_str().to_string_lossy().trim_end_matches(".git").to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "repository".to_string());
    let branch = match branch {
        Some(name) => repo
            .find_branch(name, git2::BranchType::Local)
            .ok()
            .map(|_| name.to_string())
            .or_else(|| name.strip_prefix("origin/").map(str::to_string)),
        None => {
            repo.head().ok().filter(|h| h.is_branch()).and_then(|h| h.shorthand().ok().map(str::to_string))
        }
    };
    brief::Repository {
        name: remote.as_ref().map(|r| r.path.clone()).unwrap_or(directory),
        url: remote.as_ref().map(Remote::web_url),
        branch,
    }
}

/// The `origin` remote, when it points at a forge.
pub fn origin(repo: &git2::Repository) -> Option<Remote> {
    let origin = repo.find_remote("origin").ok()?;
    parse(origin.url().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_remote_forms() {
        let table = [
            ("https://github.com/acme/shop.git", Some(("github.com", "acme/shop"))),
            ("https://github.com/acme/shop", Some(("github.com", "acme/shop"))),
            ("git@github.com:acme/shop.git", Some(("github.com", "acme/shop"))),
            (
                "ssh://git@gitlab.example.org:2222/group/sub/project.git",
                Some(("gitlab.example.org", "group/sub/project")),
            ),
            ("https://user:token@gitlab.com/group/project/", Some(("gitlab.com", "group/project"))),
            ("/srv/git/shop.git", None),
            ("file:///srv/git/shop.git", None),
            ("C:\\repos\\shop", None),
        ];
        for (url, expected) in table {
            let got = parse(url);
            assert_eq!(got.as_ref().map(|r| (r.host.as_str(), r.path.as_str())), expected, "{url}");
        }
        assert_eq!(parse("git@github.com:acme/shop.git").unwrap().web_url(), "https://github.com/acme/shop");
    }
}
