//! What the changed paths say when the wording does not: a commit that touched
//! only documentation is documentation, only tests is test work, only CI files
//! is CI, only lockfiles and manifests is a dependency update.

/// The kind every path agrees on, if any.
pub(super) fn kind(paths: &[String]) -> Option<&'static str> {
    let mut kinds = paths.iter().map(|p| of(p));
    let first = kinds.next()??;
    kinds.all(|k| k == Some(first)).then_some(first)
}

/// The kind every path `commit` changed agrees on, read only as far as the
/// first path that disagrees (most commits settle it on their first source file).
pub(super) fn agreed(paths: &dyn super::Paths, commit: git2::Oid) -> Option<&'static str> {
    let mut first = None;
    let read = paths.until(commit, &mut |path| {
        let this = of(path);
        *first.get_or_insert(this) != this || this.is_none()
    })?;
    kind(&read)
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

/// The kind of internal work a path is: tests, docs, CI, build, or tooling
/// and housekeeping; `None` for a path users get (the product).
pub fn internal(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let dirs: Vec<&str> = lower.split('/').collect();
    let dirs = &dirs[..dirs.len().saturating_sub(1)];
    let in_dir = |names: &[&str]| dirs.iter().any(|d| names.contains(d));
    let top = |names: &[&str]| dirs.first().is_some_and(|d| names.contains(d));
    if top(&[".github", ".gitlab", ".circleci", ".buildkite", ".ci", "ci", ".azure-pipelines", ".woodpecker"])
        || matches!(
            name,
            ".gitlab-ci.yml"
                | ".travis.yml"
                | "azure-pipelines.yml"
                | "jenkinsfile"
                | "appveyor.yml"
                | ".cirrus.yml"
                | "codecov.yml"
                | ".codecov.yml"
                | ".mergify.yml"
                | "renovate.json"
                | "renovate.json5"
                | ".renovaterc"
                | ".renovaterc.json"
                | ".pre-commit-config.yaml"
                | ".pre-commit-hooks.yaml"
        )
    {
        return Some("ci");
    }
    let test_dirs = [
        "test",
        "tests",
        "t",
        "__tests__",
        "__test__",
        "spec",
        "specs",
        "testdata",
        "test-data",
        "test_data",
        "fixtures",
        "e2e",
        "testing",
        "testsuite",
        "test-suite",
        "unittests",
        "benches",
        "bench",
        "benchmarks",
        "benchmark",
        "snapshots",
        "__snapshots__",
        "__mocks__",
        "mdtest",
        "test-resources",
    ];
    if in_dir(&test_dirs)
        || lower.contains("src/test/")
        || lower.contains("src/testfixtures/")
        || lower.contains("src/integrationtest/")
        || name.ends_with("_test.go")
        || name.ends_with("_test.py")
        || name.ends_with("_test.rs")
        || name.ends_with("_tests.rs")
        || (name.starts_with("test_") && name.ends_with(".py"))
        || name == "conftest.py"
        || name.contains(".test.")
        || name.contains(".spec.")
        || name.ends_with("_spec.rb")
        || name.ends_with("test.java")
        || name.ends_with("tests.java")
        || path.rsplit('/').next().is_some_and(|n| n.ends_with("IT.java"))
        || name.ends_with(".snap")
    {
        return Some("test");
    }
    if is_release_file(&lower) {
        return Some("release");
    }
    let lockfiles = [
        "cargo.lock",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "go.sum",
        "go.mod",
        "go.work",
        "go.work.sum",
        "gemfile.lock",
        "poetry.lock",
        "composer.lock",
        "uv.lock",
        "pipfile.lock",
        "bun.lockb",
        "bun.lock",
        "flake.lock",
        "vendor.conf",
        "vendor.mod",
        "vendor.sum",
        "modules.txt",
        "gradle.lockfile",
        "mix.lock",
        "pubspec.lock",
        "packages.lock.json",
    ];
    if lockfiles.contains(&name) || top(&["vendor", "third_party", "third-party"]) {
        return Some("deps");
    }
    let doc_ext =
        [".md", ".mdx", ".rst", ".adoc", ".asciidoc", ".markdown"].iter().any(|e| name.ends_with(e));
    if doc_ext
        || in_dir(&["doc", "docs", "documentation", "man", "website", "site-docs"])
        || name.starts_with("readme")
        || matches!(name, "mkdocs.yml" | "mkdocs.yaml" | "book.toml" | "antora.yml")
    {
        return Some("docs");
    }
    let build = [
        "cmakelists.txt",
        "configure.ac",
        "configure.in",
        "makefile.am",
        "makefile.in",
        "makefile",
        "gnumakefile",
        "acinclude.m4",
        "meson.build",
        "meson_options.txt",
        "meson.options",
        "build.gradle",
        "build.gradle.kts",
        "settings.gradle",
        "settings.gradle.kts",
        "gradle.properties",
        "justfile",
        "taskfile.yml",
        "build.rs",
        "dockerfile",
        ".dockerignore",
        "docker-bake.hcl",
        ".goreleaser.yml",
        ".goreleaser.yaml",
        "dist-workspace.toml",
        "cross.toml",
    ];
    if build.contains(&name)
        || name.ends_with(".cmake")
        || name.ends_with(".m4")
        || top(&[
            "cmake",
            "m4",
            "build-aux",
            "gradle",
            "buildsrc",
            "build-logic",
            "scripts",
            "script",
            "hack",
            "packaging",
        ])
        || in_dir(&["cmake", "m4"])
    {
        return Some("build");
    }
    let tooling = [
        ".gitignore",
        ".gitattributes",
        ".mailmap",
        ".git-blame-ignore-revs",
        "codeowners",
        "owners",
        "owners_aliases",
        "maintainers",
        "maintainers.md",
        ".editorconfig",
        "clippy.toml",
        ".clippy.toml",
        "rustfmt.toml",
        ".rustfmt.toml",
        "deny.toml",
        ".flake8",
        "mypy.ini",
        ".pylintrc",
        "pylintrc",
        ".golangci.yml",
        ".golangci.yaml",
        ".codespellrc",
        ".typos.toml",
        "_typos.toml",
        "typos.toml",
        ".yamllint",
        ".yamllint.yml",
        ".shellcheckrc",
        ".clang-format",
        ".clang-tidy",
        "tox.ini",
        "noxfile.py",
        ".prettierrc",
        ".prettierignore",
        "biome.json",
        "biome.jsonc",
        ".eslintignore",
        ".npmignore",
        "dependabot.yml",
        ".markdownlint.json",
        ".markdownlint.yaml",
        ".lycheeignore",
        "lychee.toml",
        ".nvmrc",
        ".node-version",
        ".python-version",
        ".tool-versions",
        "rust-toolchain",
        "rust-toolchain.toml",
        "license",
        "license-mit",
        "license-apache",
        "copying",
        "funding.yml",
        "thanks",
        ".nvim.lua",
        ".exrc",
        ".vimrc",
        ".dir-locals.el",
        ".envrc",
        ".helix",
    ];
    if tooling.contains(&name)
        || name.starts_with(".eslintrc")
        || name.starts_with("eslint.config.")
        || name.starts_with(".prettierrc")
        || name.starts_with(".markdownlint")
        || top(&[
            ".vscode",
            ".idea",
            ".zed",
            ".helix",
            ".devcontainer",
            ".cargo",
            ".husky",
            ".config",
            ".changeset",
        ])
    {
        return Some("chore");
    }
    None
}

pub(super) use crate::history::CHANGELOG_STEMS;

/// A changelog, release notes or version file: what a release commit touches.
pub fn is_release_file(lower: &str) -> bool {
    let name = lower.rsplit('/').next().unwrap_or(lower);
    // `00-RELEASENOTES` sorts first in its folder.
    let stem =
        name.split('.').next().unwrap_or(name).trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
    CHANGELOG_STEMS.contains(&stem)
        || matches!(stem, "releasenotes" | "version")
        || lower.contains("/relnotes/")
        || lower.starts_with("relnotes/")
        || lower.contains("release-notes/")
        || lower.starts_with("changelog/")
        || name == "version.txt"
        || name == "git-version-gen"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_files_of_every_shape() {
        for path in ["00-releasenotes", "changelog.md", "documentation/relnotes/2.50.1.adoc", "version.txt"] {
            assert!(is_release_file(path), "{path}");
        }
        for path in ["src/server.c", "src/version.h.in/x.c", "tests/00-setup.tcl"] {
            assert!(!is_release_file(path), "{path}");
        }
    }

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
    #[test]
    fn internal_paths_cover_the_common_layouts() {
        for (path, kind) in [
            ("src/test/java/org/acme/FileEntryTest.java", "test"),
            ("tests/data/archive.tar", "test"),
            ("pkg/server/server_test.go", "test"),
            ("packages/astro/test/fixtures/a/src/pages/index.astro", "test"),
            ("crates/ruff/resources/test/fixtures/x.py", "test"),
            ("docs/guide.md", "docs"),
            (".nvim.lua", "chore"),
            (".zed/settings.json", "chore"),
            ("buildSrc/src/main/java/org/acme/build/Transformers.java", "build"),
            ("Documentation/git-log.adoc", "docs"),
            (".github/workflows/ci.yml", "ci"),
            ("renovate.json5", "ci"),
            ("CMakeLists.txt", "build"),
            ("scripts/sync-branch", "build"),
            (".codespellrc", "chore"),
            ("CHANGELOG.md", "release"),
            ("RELEASE-NOTES", "release"),
            ("go.sum", "deps"),
            ("vendor/golang.org/x/net/http2/frame.go", "deps"),
        ] {
            assert_eq!(internal(path), Some(kind), "{path}");
        }
        for path in ["src/main.rs", "lib/url.c", "packages/astro/src/core/render.ts", "crates/ty/src/lib.rs"]
        {
            assert_eq!(internal(path), None, "{path}");
        }
    }
}
