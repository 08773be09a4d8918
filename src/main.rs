//! The `git-brief` command: parses arguments, runs the pipeline, and maps
//! errors to one line on stderr and a documented exit code.

use std::process::ExitCode;

use clap::Parser;
use git_brief::cli::Cli;

fn main() -> ExitCode {
    one_heap();
    // A panic is a bug, never an answer: say so in one line, without a backtrace.
    std::panic::set_hook(Box::new(|info| {
        git_brief::cli::say(&format!("internal error ({info}); please report it with the command you ran"));
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return git_brief::cli::usage_error(e),
    };
    match git_brief::cli::run(&cli, chrono::Utc::now()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(git_brief::Error::Critical) => ExitCode::from(3),
        Err(e) => {
            git_brief::cli::say(&e.to_string());
            ExitCode::from(e.exit_code())
        }
    }
}

/// One malloc arena for every thread. glibc gives each new thread an arena of
/// its own, and keeps what a thread freed there: the two `--stats` diff
/// threads left 10-30 MiB behind that the rest of the run could not reuse
/// (a year of git.git with `--stats`: peak RSS 102 MiB, 76 MiB with one
/// arena, in the same time).
fn one_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a malloc parameter; it runs before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
