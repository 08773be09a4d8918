//! The range's words: a ref range (a pull request's) named by its branches,
//! never by commit ids.

use git2::Repository;

use crate::history::Span;
use crate::pull::PullRequest;
use crate::window::{RangeSpec, Window};

/// How the brief names its window when it is a ref range; a time window
/// needs no such words.
pub fn range_label(
    repo: &Repository,
    window: &Window,
    pull: Option<&PullRequest>,
    span: &Span,
) -> Option<String> {
    match window {
        Window::Range(range) => Some(range_words(repo, range, pull, span)),
        Window::Time { .. } => None,
    }
}

/// A ref range in words, never by commit ids: `Changes on feature/pay
/// compared with main` when both ends are branches (or the pull request
/// names them), else `12 commits`.
pub fn range_words(repo: &Repository, range: &RangeSpec, pull: Option<&PullRequest>, span: &Span) -> String {
    let base = branch_at(repo, &range.from).or_else(|| pull.and_then(|p| p.base_ref.clone()));
    let head = branch_at(repo, &range.to).or_else(|| pull.and_then(|p| p.head_ref.clone()));
    let count = match span.commits.iter().filter(|c| !span.outside.contains(&c.id)).count() {
        1 => "one commit".to_string(),
        n => format!("{n} commits"),
    };
    match (base, head) {
        (Some(base), Some(head)) if base != head => format!("Changes on {head} compared with {base}"),
        (_, Some(head)) => format!("{count} on {head}"),
        // A detached HEAD, a commit id: the branch it is on, else its tag.
        (_, None) => match containing(repo, &range.to) {
            Some(Place::Branch(branch)) => format!("{count} on {branch}"),
            Some(Place::Tag(tag)) => format!("{count} up to {tag}"),
            None => count,
        },
    }
}

/// Where a commit that no branch points at is.
enum Place {
    Branch(String),
    Tag(String),
}

/// The branch that contains `end` nearest its tip (a local branch before a
/// remote one), else a tag at it; never a commit id.
fn containing(repo: &Repository, end: &str) -> Option<Place> {
    let id = repo.revparse_single(end).ok()?.peel_to_commit().ok()?.id();
    let short = |name: &str| name.strip_prefix("origin/").unwrap_or(name).to_string();
    let mut best: Option<(usize, bool, String)> = None;
    for reference in repo.references().ok()?.flatten().filter(|r| r.is_branch() || r.is_remote()) {
        let (Some(tip), Ok(name)) = (reference.target(), reference.shorthand()) else { continue };
        if name == "HEAD" || name.ends_with("/HEAD") {
            continue;
        }
        if tip != id && !repo.graph_descendant_of(tip, id).unwrap_or(false) {
            continue;
        }
        let ahead = repo.graph_ahead_behind(tip, id).map_or(usize::MAX, |(ahead, _)| ahead);
        let candidate = (ahead, reference.is_remote(), short(name));
        if best.as_ref().is_none_or(|b| candidate < *b) {
            best = Some(candidate);
        }
    }
    if let Some((_, _, branch)) = best {
        return Some(Place::Branch(branch));
    }
    let tags = repo.tag_names(None).ok()?;
    let mut at: Vec<String> = (0..tags.len())
        .filter_map(|i| tags.get(i).ok().flatten())
        .filter(|tag| {
            repo.revparse_single(&format!("refs/tags/{tag}"))
                .ok()
                .and_then(|o| o.peel_to_commit().ok())
                .is_some_and(|c| c.id() == id)
        })
        .map(str::to_string)
        .collect();
    at.sort();
    at.pop().map(Place::Tag)
}

/// The branch an end of a range names: the name itself (without `origin/`)
/// when it is one, else a branch that points at the commit it resolves to;
/// never a commit id.
fn branch_at(repo: &Repository, end: &str) -> Option<String> {
    let short = |name: &str| name.strip_prefix("origin/").unwrap_or(name).to_string();
    if let Ok((_, Some(reference))) = repo.revparse_ext(end) {
        if reference.is_branch() || reference.is_remote() {
            return reference.shorthand().ok().map(short);
        }
        if reference.name().ok() == Some("HEAD") {
            return repo.head().ok().filter(|h| h.is_branch()).and_then(|h| h.shorthand().ok().map(short));
        }
    }
    let id = repo.revparse_single(end).ok()?.peel_to_commit().ok()?.id();
    let mut names: Vec<String> = repo
        .references()
        .ok()?
        .flatten()
        .filter(|r| r.is_branch() || r.is_remote())
        .filter(|r| r.target() == Some(id))
        .filter_map(|r| r.shorthand().ok().map(short))
        .filter(|name| name != "HEAD" && !name.ends_with("/HEAD"))
        .collect();
    names.sort_by_key(|n| (n.len(), n.clone()));
    names.into_iter().next()
}
