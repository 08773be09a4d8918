//! `git-brief publish`: a brief as the team edited it, for the channel
//! that sends it (the send job of `init --review`).

use std::path::{Path, PathBuf};

use super::Cli;
use crate::render::{draft, Format};
use crate::{output, Error};

/// The largest edited brief read: an issue's description holds 65,536
/// characters, which is at most four times as many bytes.
const MAX_DRAFT: u64 = 256 * 1024;

pub(super) fn run(cli: &Cli, file: &Path) -> Result<(), Error> {
    let format = cli.format()?;
    let markdown = crate::files::read_file_or_pipe(file, MAX_DRAFT).map_err(|e| {
        Error::Usage(format!(
            "cannot read the edited brief {}: {e}; give the Markdown file of the draft (at most {} KB), or - for standard input",
            crate::text::quote(&file.display().to_string()),
            MAX_DRAFT / 1024
        ))
    })?;
    let edited = draft::read(&markdown);
    if edited.title.is_empty() && edited.sections.is_empty() {
        return Err(Error::Usage(format!(
            "the edited brief {} is empty: nothing would be sent; check that the draft's text reached the file",
            crate::text::quote(&file.display().to_string())
        )));
    }
    let Some(mut text) = draft::render(&edited, &markdown, format)? else {
        return Err(Error::Usage(
            "publish writes an edited brief for a reader (slack, teams, email, text, html or markdown), not json: use the brief's own --format json".into(),
        ));
    };
    if format == Format::Email {
        let (Some(from), false) = (cli.mail_from.as_deref(), cli.mail_to.is_empty()) else {
            return Err(Error::Usage(
                "--format email needs a sender and a recipient: pass --mail-from and --mail-to".into(),
            ));
        };
        text = crate::render::email(&edited.title, &draft::text(&edited), &text, from, &cli.mail_to)?;
    }
    let tree: Option<PathBuf> =
        git2::Repository::discover(&cli.directory).ok().and_then(|r| r.workdir().map(Path::to_path_buf));
    output::write(cli.output.as_deref(), &text, tree.as_deref())?;
    Ok(())
}
