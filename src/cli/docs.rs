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
        script = bash_subcommand_branches(&script, "git-brief");
        script.push_str(GIT_SUBCOMMAND_COMPLETION);
    }
    script
}

/// clap_complete's bash script (4.5/4.6) for a binary whose name has a hyphen
/// sets `cmd` to `git__brief__subcmd__init` on `git-brief init`, but names
/// the branch that completes init's options `git__subcmd__brief__subcmd__init`
/// (the hyphen read as a subcommand separator), so no subcommand's option
/// ever completed. This renames those branches to what `cmd` is set to; once
/// clap_complete writes them so itself, there is nothing to rename.
fn bash_subcommand_branches(script: &str, bin: &str) -> String {
    let written = format!("{}__subcmd__", bin.replace('-', "__subcmd__"));
    let looked_up = format!("{}__subcmd__", bin.replace('-', "__"));
    script
        .lines()
        .map(|line| match line.trim_start().starts_with(&written) && line.trim_end().ends_with(')') {
            true => line.replacen(&written, &looked_up, 1),
            false => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The man page, in roff: the command's sections, then one per subcommand
/// with its synopsis, description and every option, so that `init --slack`
/// or `alert --exit-code` is documented where `git brief --help` shows it.
pub(super) fn man_page() -> Result<String, output::OutputError> {
    roff().map_err(|source| output::OutputError::Stdout { source })
}

fn roff() -> std::io::Result<String> {
    let mut command = Cli::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    let mut page = String::from_utf8_lossy(&page).into_owned();
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = sub.get_name();
        let man = clap_mangen::Man::new(sub.clone());
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)?;
        man.render_description_section(&mut section)?;
        man.render_options_section(&mut section)?;
        let section = String::from_utf8_lossy(&section)
            .replacen(".SH SYNOPSIS", &format!(".SH \"GIT-BRIEF {}\"", name.to_uppercase()), 1)
            .replacen(".SH DESCRIPTION\n", ".PP\n", 1)
            .replacen(".SH OPTIONS", &format!(".SS \"Options of git-brief {name}\""), 1);
        page.push_str(&section);
    }
    let mut version = Vec::new();
    man.render_version_section(&mut version)?;
    page.push_str(&String::from_utf8_lossy(&version));
    Ok(page)
}
