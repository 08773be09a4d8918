//! What is generated from the clap definition besides the help text: the
//! shell completion scripts and the man page.

use clap::CommandFactory;

use super::Cli;
use crate::output;

/// git's bash completion completes `git brief …` with a function named
/// `_git_brief` when one is defined: this one hands the words, without the
/// leading `git`, to the completion of `git-brief` itself.
const GIT_SUBCOMMAND_COMPLETION: &str = r#"
# `git brief …`: git's own completion calls _git_brief for its `brief` subcommand.
_git_brief() {
    local COMP_WORDS=("git-brief" "${COMP_WORDS[@]:2}")
    local COMP_CWORD=$((COMP_CWORD - 1))
    _git__brief git-brief "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
}
"#;

/// The completion script for `shell`; bash's also completes `git brief …`.
pub(super) fn completions(shell: clap_complete::Shell) -> String {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "git-brief", &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    if shell == clap_complete::Shell::Bash {
        script.push_str(GIT_SUBCOMMAND_COMPLETION);
    }
    script
}

/// The man page, in roff.
pub(super) fn man_page() -> Result<String, output::OutputError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|source| output::OutputError::Stdout { source })?;
    Ok(String::from_utf8_lossy(&page).into_owned())
}
