//! `git-brief merge`: one brief across repositories, from their JSON briefs.

use std::path::{Path, PathBuf};

use super::{Cli, Mail, COMMENT_MARKER};
use crate::config::Config;
use crate::render::{fit, Budget, Format, Template};
use crate::{output, Error};

/// `git-brief merge`: reads the JSON briefs, merges them, and renders the
/// result as the brief would be (the built-in templates, or `--template`).
pub(super) fn run(cli: &Cli, files: &[PathBuf], options: &crate::merge::Options) -> Result<(), Error> {
    let briefs = files
        .iter()
        .map(|path| crate::merge::read(path).map(|brief| (path.clone(), brief)))
        .collect::<Result<Vec<_>, _>>()?;
    let brief = crate::merge::merge(briefs, options)?;
    let format = cli.format()?;
    if cli.comment && format != Format::Markdown {
        return Err(Error::Usage("--comment shapes a Markdown brief: use it with --format markdown".into()));
    }
    let text = match format {
        Format::Email => Mail::new(cli, &Config::default(), None, Path::new(""))?.render(&brief)?,
        _ => {
            let template = Template::load(format, cli.template.as_deref())?.colored(cli.colored(format));
            let mut text = template.render(&brief)?;
            if let Some(width) = cli.terminal_width(format) {
                text = crate::render::wrap(&text, width);
            }
            if cli.comment {
                text = fit(&format!("{COMMENT_MARKER}\n{text}"), Budget::COMMENT);
            }
            text
        }
    };
    // Merged briefs are often written in a checkout too (the org job's).
    let tree =
        git2::Repository::discover(&cli.directory).ok().and_then(|r| r.workdir().map(Path::to_path_buf));
    output::write(cli.output.as_deref(), &text, tree.as_deref())?;
    Ok(())
}
