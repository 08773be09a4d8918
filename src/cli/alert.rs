//! `git-brief alert`: the brief of a push or window, reduced to what is
//! critical; silent (exit 0) when nothing is.

use chrono::{DateTime, Utc};
use git2::{Oid, Repository};

use super::Cli;
use crate::config::Config;
use crate::{history, output, Error};

/// Runs the alert; with `exit_code`, something critical ends in exit 3.
pub(super) fn run(cli: &Cli, now: DateTime<Utc>, exit_code: bool) -> Result<(), Error> {
    let repo = history::open(&cli.directory)?;
    let root = repo.workdir().map(std::path::Path::to_path_buf);
    let config = Config::load(cli.config.as_deref(), root.as_deref(), repo.path())?;
    let format = cli.format()?;
    let mut request = cli.request(&config, now, false);
    request.tracker = cli.tracker_choice(&config, root.as_deref(), repo.path())?;
    if let Some(range) = request.window.range.take() {
        request.window.range = Some(pushed(&repo, &range));
    }
    let brief = crate::brief(&repo, &request)?;
    if let Some(warning) = brief.tracker.as_ref().and_then(|t| t.warning.as_deref()) {
        super::say(&format!("warning: {warning}"));
    }
    let alert = crate::alert::of(&brief, &config.alert_markers());
    if alert.items.is_empty() {
        return Ok(());
    }
    output::write(cli.output.as_deref(), &crate::render::alert(&alert, format)?, root.as_deref())?;
    if exit_code {
        return Err(Error::Critical);
    }
    Ok(())
}

/// The range a push stands for. `BEFORE..AFTER` as it is, unless BEFORE is
/// all zeros (a new branch) or is not in this clone (a force-push that
/// dropped it): then AFTER's own commit alone, never the whole history.
fn pushed(repo: &Repository, range: &str) -> String {
    let Some((before, after)) = range.split_once("..").filter(|(_, a)| !a.starts_with('.')) else {
        return range.to_string();
    };
    let zeros = !before.is_empty() && before.chars().all(|c| c == '0');
    let known = repo.revparse_single(before).is_ok();
    if !zeros && known {
        return range.to_string();
    }
    let parent = repo
        .revparse_single(after)
        .ok()
        .and_then(|o| o.peel_to_commit().ok())
        .and_then(|c| c.parent_ids().next())
        .map(|p: Oid| p.to_string());
    match parent {
        Some(parent) => format!("{parent}..{after}"),
        None => range.to_string(),
    }
}
