//! Fuzzes `git_brief::config::Config::parse` with arbitrary files: a configuration is
//! read from a pull request's own tree in the pull-request workflow, so it is
//! untrusted. It must parse or fail with one line that names the file, and never panic.
#![no_main]

use std::path::Path;

use git_brief::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Config::parse(text, Path::new(".git-brief.toml")) {
        Ok(config) => {
            let _ = config.types();
            let _ = config.rewrites();
            let _ = config.issue_keys();
        }
        Err(e) => {
            let message = e.to_string();
            assert!(!message.contains(['\n', '\r']), "a multi-line error: {message:?}");
            assert!(message.starts_with(".git-brief.toml"), "the file is named: {message:?}");
        }
    }
});
