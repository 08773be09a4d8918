//! Where the repository lives: its forge, path and web address, read from the `origin`
//! remote, so that the brief can name the repository as people know it (`acme/shop`)
//! rather than by the directory it was cloned into, and link each issue and pull request
//! it cites.
//!
//! A remote URL is configured by whoever set up the clone, and a reference is read from a
//! commit message, so neither is trusted: hosts are checked letter by letter, every path
//! segment is percent-encoded when a link is built, and only `https://` or `http://`
//! addresses ever come out.

use serde::{Deserialize, Serialize};

use crate::refs::{RefKind, Reference};

/// The forges git-brief knows how to link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forge {
    GitHub,
    GitLab,
    Bitbucket,
    /// Gitea and Forgejo (Codeberg), which share their URL layout.
    Gitea,
    AzureDevOps,
}

impl Forge {
    /// The forge a (lower-case) host name belongs to: exact names first, then self-hosted
    /// instances, which are recognised by the product's name anywhere in the host.
    pub fn from_host(host: &str) -> Option<Forge> {
        let host = host.to_ascii_lowercase();
        match host.as_str() {
            "bitbucket.org" => Some(Forge::Bitbucket),
            "dev.azure.com" | "ssh.dev.azure.com" => Some(Forge::AzureDevOps),
            h if h.ends_with(".visualstudio.com") => Some(Forge::AzureDevOps),
            "codeberg.org" => Some(Forge::Gitea),
            h if h.contains("github") => Some(Forge::GitHub),
            h if h.contains("gitlab") => Some(Forge::GitLab),
            h if h.contains("gitea") || h.contains("forgejo") => Some(Forge::Gitea),
            _ => None,
        }
    }
}

/// A remote URL taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// `github.com`, `gitlab.example.org`; always `dev.azure.com` for Azure DevOps.
    pub host: String,
    /// The repository's path on the host, without `.git`, percent-decoded: `acme/shop`,
    /// `group/sub/project`; `org/project/repo` on Azure DevOps.
    pub path: String,
    /// `None` for a host git-brief does not recognise: no forge links are built for it.
    pub forge: Option<Forge>,
}

impl Remote {
    /// The repository's web page, `https://host/path`
    /// (`https://dev.azure.com/org/project/_git/repo` on Azure DevOps).
    pub fn web_url(&self) -> String {
        let segments: Vec<&str> = self.path.split('/').collect();
        match (self.forge, segments.as_slice()) {
            (Some(Forge::AzureDevOps), [org, project, repo]) => {
                url(&self.host, &[org, project, "_git", repo])
            }
            _ => url(&self.host, &segments),
        }
    }

    /// The web page of issue or pull request `number` of the repository at `path`
    /// (`None`: this one), or `None` when the forge is unknown or the path cannot be one
    /// of its repositories.
    fn item_url(&self, path: Option<&str>, number: &str, pull: bool) -> Option<String> {
        let forge = self.forge?;
        let path = segments(path.unwrap_or(&self.path))?;
        let fits = match forge {
            Forge::GitLab => path.len() >= 2,
            Forge::AzureDevOps => path.len() == 3,
            Forge::GitHub | Forge::Bitbucket | Forge::Gitea => path.len() == 2,
        };
        if !fits {
            return None;
        }
        let tail: Vec<&str> = match (forge, pull) {
            (Forge::GitHub, false) | (Forge::Bitbucket, false) | (Forge::Gitea, false) => vec!["issues"],
            (Forge::GitHub, true) => vec!["pull"],
            (Forge::GitLab, false) => vec!["-", "issues"],
            (Forge::GitLab, true) => vec!["-", "merge_requests"],
            (Forge::Bitbucket, true) => vec!["pull-requests"],
            (Forge::Gitea, true) => vec!["pulls"],
            (Forge::AzureDevOps, false) => vec!["_workitems", "edit"],
            (Forge::AzureDevOps, true) => vec!["_git", path[2], "pullrequest"],
        };
        // An Azure DevOps work item belongs to the project, not to a repository.
        let owner = if forge == Forge::AzureDevOps { &path[..2] } else { &path[..] };
        let all: Vec<&str> = owner.iter().chain(&tail).copied().chain([number]).collect();
        Some(url(&self.host, &all))
    }
}

/// Reads the https, `ssh://`, `git://` and scp-like (`git@host:path`) forms of a remote
/// URL, including Azure DevOps' `_git` and `v3/` layouts. Local paths, `file://` URLs and
/// anything that does not name a host and a repository of at least two segments: `None`.
pub fn parse(url: &str) -> Option<Remote> {
    let url = url.trim();
    if url.is_empty() || url.contains('\\') || url.chars().any(char::is_control) {
        return None;
    }
    let (host, path) = split(url)?;
    let host = canonical_host(host)?;
    let mut path = decode_path(path)?;
    let forge = Forge::from_host(&host);
    let host = if forge == Some(Forge::AzureDevOps) {
        path = azure_path(&host, &path)?;
        "dev.azure.com".to_string()
    } else {
        host
    };
    if path.len() < 2 {
        return None;
    }
    Some(Remote { host, path: path.join("/"), forge })
}

/// The host and path parts of a remote URL, before any checking.
fn split(url: &str) -> Option<(&str, &str)> {
    let (host, path) = if let Some((scheme, rest)) = url.split_once("://") {
        let scheme = scheme.to_ascii_lowercase();
        if !matches!(scheme.as_str(), "https" | "http" | "ssh" | "git" | "git+ssh" | "ssh+git") {
            return None;
        }
        let rest = rest.split(['?', '#']).next()?;
        let (authority, path) = rest.split_once('/')?;
        let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        (host.split(':').next()?, path)
    } else {
        // scp-like `[user@]host:path`; git reads anything with a `/` before the first `:`
        // as a local path, and so does a Windows drive letter (`C:/repos/shop`).
        let (authority, path) = url.split_once(':')?;
        if authority.contains('/') || path.starts_with("//") {
            return None;
        }
        let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        if host.len() == 1 && !authority.contains('@') {
            return None;
        }
        (host, path)
    };
    Some((host, path))
}

/// The lower-cased host if every character may appear in a host name; ssh aliases of the
/// public forges (`github.com-work`, the usual trick for a second account) become the
/// forge itself, as that is where the repository's web page is.
fn canonical_host(host: &str) -> Option<String> {
    let host = host.to_ascii_lowercase();
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    if host.is_empty() || !host.chars().all(valid) || host.starts_with(['.', '-']) {
        return None;
    }
    for public in ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org"] {
        if host.strip_prefix(public).is_some_and(|rest| rest.starts_with(['-', '_'])) {
            return Some(public.to_string());
        }
    }
    Some(host)
}

/// The path's segments, percent-decoded, with empty segments and a trailing `.git`
/// dropped; `None` for `.`/`..` segments or an escape that decodes to a `/`, a control
/// character or invalid UTF-8.
fn decode_path(path: &str) -> Option<Vec<String>> {
    let mut decoded = Vec::new();
    for raw in path.split('/').filter(|segment| !segment.is_empty()) {
        let segment = percent_decode(raw)?;
        if segment == "." || segment == ".." || segment.contains('/') || segment.chars().any(char::is_control)
        {
            return None;
        }
        decoded.push(segment);
    }
    if let Some(last) = decoded.last_mut() {
        if let Some(stem) = last.strip_suffix(".git") {
            *last = stem.to_string();
        }
        if last.is_empty() {
            decoded.pop();
        }
    }
    Some(decoded)
}

/// `org/project/repo` from the path of an Azure DevOps remote:
/// `v3/org/project/repo` (ssh), `org/project/_git/repo` (dev.azure.com) or
/// `[collection/]project/_git/repo` (`org.visualstudio.com`). A repository named after
/// its project may leave the project out: `org/_git/repo`.
fn azure_path(host: &str, path: &[String]) -> Option<Vec<String>> {
    if path.first().is_some_and(|first| first == "v3") {
        return (path.len() == 4).then(|| path[1..].to_vec());
    }
    let at = path.iter().position(|segment| segment == "_git")?;
    let (before, after) = (&path[..at], &path[at + 1..]);
    let after = match after {
        [view, rest @ ..] if view == "_full" || view == "_optimized" => rest,
        _ => after,
    };
    let [repo] = after else { return None };
    let (org, project) = match host.strip_suffix(".visualstudio.com") {
        None => match before {
            [org] => (org.clone(), repo.clone()),
            [org, project] => (org.clone(), project.clone()),
            _ => return None,
        },
        Some(org) => match before {
            [] => (org.to_string(), repo.clone()),
            [project] | [_, project] => (org.to_string(), project.clone()),
            _ => return None,
        },
    };
    (!org.contains('.')).then(|| vec![org, project, repo.clone()])
}

/// The repository the brief is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repository {
    /// `acme/shop` when the `origin` remote tells it, else the directory name.
    pub name: String,
    /// The repository's web page, when known.
    pub url: Option<String>,
    /// The branch the brief looked at (`main`), when it is a branch.
    pub branch: Option<String>,
    /// The repository's default branch, when the brief looked at another
    /// one (`feature/x` on a laptop): its work is not merged there yet, and
    /// the brief does not call it delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmerged_into: Option<String>,
    /// The repositories a brief made by `merge` covers, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repositories: Vec<String>,
}

/// The repository as the brief names it.
pub fn describe(repo: &git2::Repository, remote: Option<&Remote>, branch: Option<&str>) -> Repository {
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
    let unmerged_into = default_branch(repo).filter(|default| branch.as_ref().is_some_and(|b| b != default));
    Repository {
        name: remote.map(|r| r.path.clone()).unwrap_or(directory),
        url: remote.map(Remote::web_url),
        branch,
        unmerged_into,
        repositories: Vec::new(),
    }
}

/// The repository's default branch: the one `origin/HEAD` names, else a
/// local `main` or `master`; `None` when it cannot be told.
fn default_branch(repo: &git2::Repository) -> Option<String> {
    if let Ok(head) = repo.find_reference("refs/remotes/origin/HEAD") {
        if let Some(target) = head.symbolic_target().ok().flatten() {
            return target.strip_prefix("refs/remotes/origin/").map(str::to_string);
        }
    }
    ["main", "master"]
        .into_iter()
        .find(|name| repo.find_branch(name, git2::BranchType::Local).is_ok())
        .map(str::to_string)
}

/// The `origin` remote, when it points at a host (a forge or not).
pub fn origin(repo: &git2::Repository) -> Option<Remote> {
    let origin = repo.find_remote("origin").ok()?;
    parse(origin.url().ok()?)
}

/// Builds the web addresses of references: the forge's for this repository's issues and
/// pull requests and for other repositories' on the same host; the configured pattern's
/// for this repository's issues and for tracker keys.
#[derive(Debug, Clone, Default)]
pub struct Links {
    remote: Option<Remote>,
    /// The pattern, its scheme lower-cased, when it is an http(s) URL containing `{id}`.
    pattern: Option<String>,
}

/// What a reference id names.
enum Target<'a> {
    /// `#12`, `!12`, `owner/repo#12`, `group/project!12`: `path` is `None` for this repository.
    Item { path: Option<&'a str>, number: &'a str, pull: bool },
    /// `PAY-77`.
    Key(&'a str),
}

impl Links {
    /// `pattern` is the config's `[issues] url`, e.g. `https://tracker.acme.test/browse/{id}`.
    /// A pattern that is not an `http(s)://` URL or has no `{id}` is ignored.
    pub fn new(remote: Option<&Remote>, pattern: Option<&str>) -> Links {
        let pattern = pattern.map(str::trim).filter(|p| p.contains("{id}")).and_then(|p| {
            let (scheme, rest) = p.split_once("://")?;
            let scheme = scheme.to_ascii_lowercase();
            let starts_with_host = rest.starts_with(|c: char| c.is_ascii_alphanumeric());
            (matches!(scheme.as_str(), "https" | "http") && starts_with_host)
                .then(|| format!("{scheme}://{rest}"))
        });
        Links { remote: remote.cloned(), pattern }
    }

    /// The web address of a reference, or `None` when none can be built.
    pub fn url(&self, reference: &Reference) -> Option<String> {
        match target(reference)? {
            Target::Key(key) => self.by_pattern(key),
            Target::Item { path: None, number, pull: false } if self.pattern.is_some() => {
                self.by_pattern(number)
            }
            Target::Item { path, number, pull } => self.remote.as_ref()?.item_url(path, number, pull),
        }
    }

    /// The pattern with every `{id}` replaced; characters that have no place in a URL are
    /// percent-encoded, existing `%XX` escapes kept.
    fn by_pattern(&self, id: &str) -> Option<String> {
        let pattern = self.pattern.as_deref()?;
        let mut out = String::with_capacity(pattern.len() + id.len());
        for (i, piece) in pattern.split("{id}").enumerate() {
            if i > 0 {
                encode(id, &mut out);
            }
            for (at, c) in piece.char_indices() {
                let escape =
                    piece.as_bytes().get(at + 1..at + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
                if c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&*+,;=".contains(c) || (c == '%' && escape) {
                    out.push(c);
                } else {
                    encode(c.encode_utf8(&mut [0; 4]), &mut out);
                }
            }
        }
        Some(out)
    }
}

/// Reads a reference id; `None` for anything not shaped like one.
fn target(reference: &Reference) -> Option<Target<'_>> {
    let id = reference.id.as_str();
    if let Some(at) = id.rfind(['#', '!']) {
        let (path, number) = (&id[..at], &id[at + 1..]);
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let pull = id[at..].starts_with('!') || reference.kind == RefKind::PullRequest;
        return Some(Target::Item { path: (!path.is_empty()).then_some(path), number, pull });
    }
    let (key, number) = id.split_once('-')?;
    let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let number_ok = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    (key_ok && number_ok).then_some(Target::Key(id))
}

/// A repository path's segments, when none is empty, `.`, `..` or holds a control character.
fn segments(path: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = path.split('/').collect();
    let bad = |s: &&str| s.is_empty() || *s == "." || *s == ".." || s.chars().any(char::is_control);
    (!parts.iter().any(bad)).then_some(parts)
}

/// `https://host/a/b/c` with each segment percent-encoded; a host character that has no
/// place in a host name (only possible in a hand-built [`Remote`]) is encoded too.
fn url(host: &str, segments: &[&str]) -> String {
    let mut out = String::from("https://");
    for c in host.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':') {
            out.push(c);
        } else {
            encode(c.encode_utf8(&mut [0; 4]), &mut out);
        }
    }
    for segment in segments {
        out.push('/');
        encode(segment, &mut out);
    }
    out
}

/// Appends `text`, percent-encoding every byte but RFC 3986's unreserved characters.
fn encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
}

/// `%XX` escapes decoded; a `%` not followed by two hex digits is kept as it is.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        match (bytes[i], hex) {
            (b'%', Some(h)) => {
                let value = |d: u8| char::from(d).to_digit(16).unwrap_or(0) as u8;
                out.push((value(h[0]) << 4) | value(h[1]));
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refs::Action;
    use Forge::*;

    /// The host, path and forge a remote URL is read as.
    type Parsed = (&'static str, &'static str, Option<Forge>);
    /// A reference id and kind, and the link expected for it.
    type Case = (&'static str, RefKind, Option<&'static str>);

    const FORBIDDEN: &[char] = &[' ', '"', '\'', '<', '>', '(', ')', '\\', '{', '}', '`', '|', '^'];

    #[test]
    fn remote_forms() {
        let table: &[(&str, Option<Parsed>)] = &[
            ("https://github.com/acme/shop.git", Some(("github.com", "acme/shop", Some(GitHub)))),
            ("https://github.com/acme/shop", Some(("github.com", "acme/shop", Some(GitHub)))),
            ("https://github.com/acme/shop.git/", Some(("github.com", "acme/shop", Some(GitHub)))),
            ("  HTTPS://GitHub.COM/Acme/Shop  ", Some(("github.com", "Acme/Shop", Some(GitHub)))),
            ("git@github.com:acme/shop.git", Some(("github.com", "acme/shop", Some(GitHub)))),
            ("ssh://git@github.com/acme/shop.git", Some(("github.com", "acme/shop", Some(GitHub)))),
            ("git://github.com/acme/shop.git", Some(("github.com", "acme/shop", Some(GitHub)))),
            ("git@github.com-work:acme/shop.git", Some(("github.com", "acme/shop", Some(GitHub)))),
            (
                "https://user:token@github.example.com/acme/shop.git",
                Some(("github.example.com", "acme/shop", Some(GitHub))),
            ),
            ("https://github.com/acme/shop.git?x=1#top", Some(("github.com", "acme/shop", Some(GitHub)))),
            (
                "https://gitlab.com/group/sub/project.git",
                Some(("gitlab.com", "group/sub/project", Some(GitLab))),
            ),
            ("git@gitlab.com:group/sub/project.git", Some(("gitlab.com", "group/sub/project", Some(GitLab)))),
            (
                "ssh://git@gitlab.acme.test:2222/group/project.git",
                Some(("gitlab.acme.test", "group/project", Some(GitLab))),
            ),
            (
                "https://user@bitbucket.org/team/repo.git",
                Some(("bitbucket.org", "team/repo", Some(Bitbucket))),
            ),
            ("git@bitbucket.org:team/repo.git", Some(("bitbucket.org", "team/repo", Some(Bitbucket)))),
            ("https://codeberg.org/owner/repo.git", Some(("codeberg.org", "owner/repo", Some(Gitea)))),
            ("git@codeberg.org:owner/repo.git", Some(("codeberg.org", "owner/repo", Some(Gitea)))),
            ("https://gitea.acme.test/owner/repo", Some(("gitea.acme.test", "owner/repo", Some(Gitea)))),
            ("https://forgejo.acme.test:3000/o/r", Some(("forgejo.acme.test", "o/r", Some(Gitea)))),
            (
                "https://dev.azure.com/org/project/_git/repo",
                Some(("dev.azure.com", "org/project/repo", Some(AzureDevOps))),
            ),
            (
                "https://org@dev.azure.com/org/project/_git/repo",
                Some(("dev.azure.com", "org/project/repo", Some(AzureDevOps))),
            ),
            (
                "git@ssh.dev.azure.com:v3/org/project/repo",
                Some(("dev.azure.com", "org/project/repo", Some(AzureDevOps))),
            ),
            (
                "ssh://git@ssh.dev.azure.com/v3/org/My%20Project/repo",
                Some(("dev.azure.com", "org/My Project/repo", Some(AzureDevOps))),
            ),
            (
                "https://org.visualstudio.com/project/_git/repo",
                Some(("dev.azure.com", "org/project/repo", Some(AzureDevOps))),
            ),
            (
                "https://org.visualstudio.com/DefaultCollection/project/_git/_optimized/repo",
                Some(("dev.azure.com", "org/project/repo", Some(AzureDevOps))),
            ),
            (
                "org@vs-ssh.visualstudio.com:v3/org/project/repo",
                Some(("dev.azure.com", "org/project/repo", Some(AzureDevOps))),
            ),
            (
                "https://dev.azure.com/org/_git/repo",
                Some(("dev.azure.com", "org/repo/repo", Some(AzureDevOps))),
            ),
            ("https://git.example.org/acme/shop.git", Some(("git.example.org", "acme/shop", None))),
            ("git.example.org:acme/shop", Some(("git.example.org", "acme/shop", None))),
            ("/srv/git/shop.git", None),
            ("file:///srv/git/shop.git", None),
            ("../shop", None),
            ("C:\\repos\\shop", None),
            ("C:/repos/shop", None),
            ("", None),
            ("   ", None),
            ("ftp://github.com/acme/shop.git", None),
            ("https://github.com", None),
            ("https://github.com/acme", None),
            ("https://github.com/acme/../shop", None),
            ("https://github.com/acme/sh%2Fop", None),
            ("https://git hub.com/acme/shop", None),
            ("https://github.com/acme/sh\nop", None),
            ("https://dev.azure.com/org/project/repo", None),
            ("git@ssh.dev.azure.com:v3/org/repo", None),
        ];
        assert!(table.len() >= 14);
        for (url, expected) in table {
            let got = parse(url);
            let got = got.as_ref().map(|r| (r.host.as_str(), r.path.as_str(), r.forge));
            assert_eq!(got, *expected, "{url:?}");
        }
    }

    #[test]
    fn forge_by_host() {
        for (host, forge) in [
            ("github.com", Some(GitHub)),
            ("github.acme.corp", Some(GitHub)),
            ("gitlab.com", Some(GitLab)),
            ("code.gitlab.acme.test", Some(GitLab)),
            ("bitbucket.org", Some(Bitbucket)),
            ("bitbucket.acme.test", None),
            ("dev.azure.com", Some(AzureDevOps)),
            ("ssh.dev.azure.com", Some(AzureDevOps)),
            ("acme.visualstudio.com", Some(AzureDevOps)),
            ("codeberg.org", Some(Gitea)),
            ("git.example.org", None),
        ] {
            assert_eq!(Forge::from_host(host), forge, "{host}");
        }
    }

    #[test]
    fn web_urls() {
        for (url, web) in [
            ("git@github.com:acme/shop.git", "https://github.com/acme/shop"),
            (
                "ssh://git@gitlab.acme.test:2222/group/sub/project.git",
                "https://gitlab.acme.test/group/sub/project",
            ),
            ("git@bitbucket.org:team/repo.git", "https://bitbucket.org/team/repo"),
            ("git@codeberg.org:owner/repo.git", "https://codeberg.org/owner/repo"),
            ("git@ssh.dev.azure.com:v3/org/project/repo", "https://dev.azure.com/org/project/_git/repo"),
            (
                "https://org.visualstudio.com/My%20Project/_git/repo",
                "https://dev.azure.com/org/My%20Project/_git/repo",
            ),
            ("https://git.example.org/a/b.git", "https://git.example.org/a/b"),
        ] {
            assert_eq!(parse(url).map(|r| r.web_url()).as_deref(), Some(web), "{url}");
        }
    }

    fn reference(id: &str, kind: RefKind) -> Reference {
        Reference { id: id.to_string(), kind, action: Action::Refs }
    }

    fn links(remote: &str, pattern: Option<&str>) -> Links {
        Links::new(parse(remote).as_ref(), pattern)
    }

    fn check(links: &Links, cases: &[(&str, RefKind, Option<&str>)]) {
        for (id, kind, expected) in cases {
            let got = links.url(&reference(id, *kind));
            assert_eq!(got.as_deref(), *expected, "{id} {kind:?} with {links:?}");
            if let Some(url) = got {
                assert!(url.starts_with("https://") || url.starts_with("http://"), "{url}");
                assert!(!url.contains(FORBIDDEN), "{url}");
            }
        }
    }

    use RefKind::{Issue, PullRequest as Pull};

    #[test]
    fn forge_links() {
        let table: &[(&str, &[Case])] = &[
            (
                "git@github.com:acme/shop.git",
                &[
                    ("#12", Issue, Some("https://github.com/acme/shop/issues/12")),
                    ("#12", Pull, Some("https://github.com/acme/shop/pull/12")),
                    ("!12", Pull, Some("https://github.com/acme/shop/pull/12")),
                    ("other/repo#3", Issue, Some("https://github.com/other/repo/issues/3")),
                    ("other/repo#3", Pull, Some("https://github.com/other/repo/pull/3")),
                    ("a/b/c#3", Issue, None),
                    ("PAY-77", Issue, None),
                ],
            ),
            (
                "https://github.example.com/acme/shop.git",
                &[("#12", Issue, Some("https://github.example.com/acme/shop/issues/12"))],
            ),
            (
                "git@gitlab.com:group/sub/project.git",
                &[
                    ("#12", Issue, Some("https://gitlab.com/group/sub/project/-/issues/12")),
                    ("#12", Pull, Some("https://gitlab.com/group/sub/project/-/merge_requests/12")),
                    ("!12", Pull, Some("https://gitlab.com/group/sub/project/-/merge_requests/12")),
                    ("!12", Issue, Some("https://gitlab.com/group/sub/project/-/merge_requests/12")),
                    ("group/proj!4", Pull, Some("https://gitlab.com/group/proj/-/merge_requests/4")),
                    ("a/b/c#3", Issue, Some("https://gitlab.com/a/b/c/-/issues/3")),
                ],
            ),
            (
                "git@bitbucket.org:team/repo.git",
                &[
                    ("#12", Issue, Some("https://bitbucket.org/team/repo/issues/12")),
                    ("#12", Pull, Some("https://bitbucket.org/team/repo/pull-requests/12")),
                    ("team/other#3", Pull, Some("https://bitbucket.org/team/other/pull-requests/3")),
                ],
            ),
            (
                "https://codeberg.org/owner/repo.git",
                &[
                    ("#12", Issue, Some("https://codeberg.org/owner/repo/issues/12")),
                    ("#12", Pull, Some("https://codeberg.org/owner/repo/pulls/12")),
                    ("other/lib#3", Issue, Some("https://codeberg.org/other/lib/issues/3")),
                ],
            ),
            (
                "https://dev.azure.com/org/project/_git/repo",
                &[
                    ("#12", Issue, Some("https://dev.azure.com/org/project/_workitems/edit/12")),
                    ("#12", Pull, Some("https://dev.azure.com/org/project/_git/repo/pullrequest/12")),
                    ("!12", Pull, Some("https://dev.azure.com/org/project/_git/repo/pullrequest/12")),
                    ("o/p/r#3", Issue, Some("https://dev.azure.com/o/p/_workitems/edit/3")),
                    ("o/p/r#3", Pull, Some("https://dev.azure.com/o/p/_git/r/pullrequest/3")),
                    ("other/repo#3", Issue, None),
                ],
            ),
            ("https://git.example.org/acme/shop.git", &[("#12", Issue, None), ("other/repo#3", Pull, None)]),
        ];
        let cases: usize = table.iter().map(|(_, cases)| cases.len()).sum();
        assert!(cases >= 20);
        for (remote, cases) in table {
            check(&links(remote, None), cases);
        }
    }

    #[test]
    fn malformed_ids_get_no_link() {
        let github = links("git@github.com:acme/shop.git", Some("https://t.test/{id}"));
        let none = None;
        check(
            &github,
            &[
                ("", Issue, none),
                ("#", Issue, none),
                ("#12a", Issue, none),
                ("12", Issue, none),
                ("PAY-", Issue, none),
                ("1PAY-2", Issue, none),
                ("a/#3", Issue, none),
                ("/a/b#3", Issue, none),
                ("a/../b#3", Pull, none),
                ("a/b#-3", Pull, none),
            ],
        );
        assert_eq!(Links::default().url(&reference("#1", Issue)), None);
    }

    #[test]
    fn pattern_wins_for_this_repositorys_issues_and_keys_only() {
        let tracker = Some("https://tracker.acme.test/browse/{id}");
        check(
            &links("git@github.com:acme/shop.git", tracker),
            &[
                ("#12", Issue, Some("https://tracker.acme.test/browse/12")),
                ("PAY-77", Issue, Some("https://tracker.acme.test/browse/PAY-77")),
                ("#12", Pull, Some("https://github.com/acme/shop/pull/12")),
                ("!12", Issue, Some("https://github.com/acme/shop/pull/12")),
                ("other/repo#3", Issue, Some("https://github.com/other/repo/issues/3")),
            ],
        );
        let unknown = Links::new(None, Some("https://github.com/acme/shop/issues/{id}"));
        check(
            &unknown,
            &[
                ("#12", Issue, Some("https://github.com/acme/shop/issues/12")),
                ("A_1-4", Issue, Some("https://github.com/acme/shop/issues/A_1-4")),
                ("#12", Pull, None),
                ("other/repo#3", Issue, None),
            ],
        );
        check(
            &Links::new(None, Some(" HTTP://t.test/{id}?again={id} ")),
            &[("#5", Issue, Some("http://t.test/5?again=5"))],
        );
        for ignored in
            ["javascript:alert({id})", "ftp://t.test/{id}", "https://t.test/browse", "https:///{id}", ""]
        {
            let links = links("git@github.com:acme/shop.git", Some(ignored));
            check(
                &links,
                &[("#1", Issue, Some("https://github.com/acme/shop/issues/1")), ("PAY-1", Issue, None)],
            );
        }
    }

    #[test]
    fn untrusted_text_is_percent_encoded() {
        let remote = parse(r#"https://github.com/ac me/"shop"<x>(y)'z.git"#);
        let remote = remote.as_ref();
        assert_eq!(remote.map(|r| r.path.as_str()), Some(r#"ac me/"shop"<x>(y)'z"#));
        let encoded = "https://github.com/ac%20me/%22shop%22%3Cx%3E%28y%29%27z";
        assert_eq!(remote.map(Remote::web_url).as_deref(), Some(encoded));
        let pattern = r#"https://t.test/a b/"q"<{id}>(x)\%zz%41"#;
        check(
            &Links::new(remote, Some(pattern)),
            &[
                ("#7", Pull, Some(&format!("{encoded}/pull/7"))),
                ("ü/🦀#3", Issue, Some("https://github.com/%C3%BC/%F0%9F%A6%80/issues/3")),
                ("PAY-7", Issue, Some("https://t.test/a%20b/%22q%22%3CPAY-7%3E%28x%29%5C%25zz%41")),
            ],
        );
        let forged = Remote { host: "evil.test/\"><b>".into(), path: "a b/c".into(), forge: Some(GitHub) };
        assert_eq!(forged.web_url(), "https://evil.test%2F%22%3E%3Cb%3E/a%20b/c");
        let links = Links::new(Some(&forged), None);
        check(&links, &[("#1", Issue, Some("https://evil.test%2F%22%3E%3Cb%3E/a%20b/c/issues/1"))]);
    }

    #[test]
    fn origin_reads_the_remote() -> Result<(), git2::Error> {
        let dir = tempfile::tempdir().map_err(|e| git2::Error::from_str(&e.to_string()))?;
        let repo = git2::Repository::init(dir.path())?;
        assert_eq!(origin(&repo), None);
        repo.remote("origin", "git@gitlab.com:group/sub/project.git")?;
        let remote = origin(&repo);
        assert_eq!(
            remote.as_ref().map(|r| (r.path.as_str(), r.forge)),
            Some(("group/sub/project", Some(GitLab)))
        );
        assert_eq!(
            describe(&repo, remote.as_ref(), None).url.as_deref(),
            Some("https://gitlab.com/group/sub/project")
        );
        Ok(())
    }
}
