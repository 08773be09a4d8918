//! What the changed paths say when the wording does not: a commit that touched
//! only documentation is documentation, only tests is test work, only CI files
//! is CI, only lockfiles and manifests is a dependency update.

/// The kind every path agrees on, if any.
pub(super) fn kind(paths: &[String]) -> Option<&'static str> {
    let mut kinds = paths.iter().map(|p| of(p));
    let first = kinds.next()??;
    kinds.all(|k| k == Some(first)).then_some(first)
}

fn of(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let dirs: Vec<&str> = lower.split('/').collect();
    let dirs = &dirs[..dirs.len().saturating_sub(1)];
    let in_dir = |names: &[&str]| dirs.iter().any(|d| names.contains(d));
    if lower.starts_with(".github/workflows/")
        || lower.starts_with(".circleci/")
        || lower.starts_with(".buildkite/")
        || matches!(
            name,
            ".gitlab-ci.yml" | ".travis.yml" | "azure-pipelines.yml" | "jenkinsfile" | "appveyor.yml"
        )
    {
        return Some("ci");
    }
    if matches!(
        name,
        "cargo.lock"
            | "package-lock.json"
            | "yarn.lock"
            | "pnpm-lock.yaml"
            | "go.sum"
            | "go.mod"
            | "gemfile.lock"
            | "poetry.lock"
            | "composer.lock"
            | "uv.lock"
            | "pipfile.lock"
            | "bun.lockb"
            | "flake.lock"
    ) || (name.starts_with("requirements") && name.ends_with(".txt"))
    {
        return Some("deps");
    }
    if in_dir(&["test", "tests", "t", "__tests__", "spec", "specs", "testdata", "e2e"])
        || name.ends_with("_test.go")
        || name.starts_with("test_")
        || name.contains(".test.")
        || name.contains(".spec.")
        || name.ends_with("_spec.rb")
    {
        return Some("test");
    }
    let doc_ext = [".md", ".rst", ".adoc", ".asciidoc"].iter().any(|e| name.ends_with(e));
    if doc_ext
        || in_dir(&["doc", "docs", "documentation", "man"])
        || name.starts_with("readme")
        || name.starts_with("changelog")
    {
        return Some("docs");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(paths: &[&str]) -> Option<&'static str> {
        kind(&paths.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn paths_decide_only_when_they_agree() {
        assert_eq!(kind_of(&["README.md", "docs/guide.md"]), Some("docs"));
        assert_eq!(kind_of(&["tests/cart.rs", "src/foo_test.go"]), Some("test"));
        assert_eq!(kind_of(&[".github/workflows/ci.yml"]), Some("ci"));
        assert_eq!(kind_of(&["Cargo.lock", "web/package-lock.json"]), Some("deps"));
        assert_eq!(kind_of(&["README.md", "src/main.rs"]), None);
        assert_eq!(kind_of(&[]), None);
    }
}
