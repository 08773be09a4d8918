//! The files a configuration names are read only from the work tree: a pull
//! request's `.git-brief.toml` cannot put the checkout's token (kept in
//! `.git/config`) or any file of the runner into the brief, and no named file
//! can hang or exhaust a job.

mod common;

use common::Repo;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "UTC"];
const TOKEN: &str = "ghs_leakedTokenValue0123456789";

/// A repository whose `.git/config` holds a token, as actions/checkout leaves
/// it unless told not to, and a file outside the work tree.
fn checkout_with_a_token() -> Repo {
    let repo = Repo::new();
    repo.git(&["config", "http.https://github.com/.extraheader", &format!("AUTHORIZATION: basic {TOKEN}")]);
    std::fs::write(repo.path.parent().unwrap().join("runner-secret.txt"), TOKEN).unwrap();
    repo.commit("feat: one", "2026-11-17T10:00:00+00:00");
    repo
}

fn assert_refused(repo: &Repo, config: &str) {
    std::fs::write(repo.path.join(".git-brief.toml"), config).unwrap();
    for format in ["markdown", "html", "text"] {
        let out = repo.brief_command(&[WEEK, &["--format", format]].concat()).output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(2), "{config}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains("is not read"), "{stderr}");
        assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN), "the token leaked: {stdout}{stderr}");
    }
}

#[test]
fn config_named_templates_never_leave_the_work_tree() {
    let repo = checkout_with_a_token();
    for config in [
        "[templates]\nmarkdown = \".git/config\"\nhtml = \".git/config\"\ntext = \".git/config\"\n",
        "[templates]\nmarkdown = \"../runner-secret.txt\"\nhtml = \"../runner-secret.txt\"\ntext = \"../runner-secret.txt\"\n",
        "[templates]\nmarkdown = \"/etc/hostname\"\nhtml = \"/etc/hostname\"\ntext = \"/etc/hostname\"\n",
    ] {
        assert_refused(&repo, config);
    }
}

#[cfg(unix)]
#[test]
fn links_out_of_the_work_tree_are_not_followed() {
    let repo = checkout_with_a_token();
    std::os::unix::fs::symlink(repo.path.join(".git/config"), repo.path.join("brief.hbs")).unwrap();
    assert_refused(
        &repo,
        "[templates]\nmarkdown = \"brief.hbs\"\nhtml = \"brief.hbs\"\ntext = \"brief.hbs\"\n",
    );
    // The configuration itself, as a link to the token's file.
    std::fs::remove_file(repo.path.join(".git-brief.toml")).unwrap();
    std::os::unix::fs::symlink(repo.path.join(".git/config"), repo.path.join(".git-brief.toml")).unwrap();
    let out = repo.brief_command(WEEK).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains(TOKEN), "{stderr}");
}

#[test]
fn devices_are_no_template_and_a_template_inside_the_tree_works() {
    let repo = checkout_with_a_token();
    for device in ["/dev/zero", "/dev/stdin"] {
        let out = repo
            .brief_command(&[WEEK, &["--format", "markdown", "--template", device]].concat())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{device}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
    repo.write("docs/brief.md.hbs", "Custom: {{title}}\n");
    std::fs::write(repo.path.join(".git-brief.toml"), "[templates]\nmarkdown = \"docs/brief.md.hbs\"\n")
        .unwrap();
    let out = repo.brief(&[WEEK, &["--format", "markdown"]].concat()).success().get_output().stdout.clone();
    assert!(String::from_utf8_lossy(&out).starts_with("Custom: Weekly brief"));
}
