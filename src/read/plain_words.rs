// The word patterns of plain.rs, in a file of their own: the build (build.rs) compiles each
// into DFAs, which the program loads instead of compiling them itself.
words! {
    plain;

    /// A release tag used as a subject's first word (`v1.2.3`, `2.0`).
    VERSION = r"^v?[0-9]+\.[0-9]+";

    /// Renovate/Dependabot-style subjects (`Update dependency x to v2`, `Update rust crate
    /// serde to 1.0.200`, `Update module …`); matched against the lower-cased subject.
    DEPENDENCY_UPDATE = r"(?-u:\b)updated?\s+(?:dependency|dependencies|deps|rust\s+crate|module|all\s+(?:non-major\s+)?dependencies)(?-u:\b)|(?-u:\b)to\s+v[0-9]|(?-u:\b)to\s+[0-9]+\.[0-9]";

    /// Phrases that tell a fix wherever they stand (`git am no longer crashes …`).
    FIX_PHRASE = r"(?-u:\b)no longer(?-u:\b)|(?-u:\b)(?:has|have|is|are|was|were) (?:been )?(?:fixed|corrected)(?-u:\b)|(?-u:\b)did not(?-u:\b)|(?-u:\b)didn't(?-u:\b)|(?-u:\b)fail(?:s|ed)? to(?-u:\b)|(?-u:\b)crash(?:es|ed|ing)?(?-u:\b)|(?-u:\b)regression(?-u:\b)|(?-u:\b)bug(?-u:\b)|(?-u:\b)broken(?-u:\b)|(?-u:\b)leak(?:s|ed|ing)?(?-u:\b)|(?-u:\b)wrong(?:ly)?(?-u:\b)|(?-u:\b)incorrect(?:ly)?(?-u:\b)";

    /// Phrases that tell new capability wherever they stand (`"git log" learned …`).
    FEATURE_PHRASE = r"(?-u:\b)learn(?:s|ed|t)(?-u:\b)|(?-u:\b)can now(?-u:\b)|(?-u:\b)now (?:supports?|allows?|accepts?|shows?|can)(?-u:\b)|(?-u:\b)gain(?:s|ed)?(?-u:\b)|(?-u:\b)taught(?-u:\b)|(?-u:\b)new (?:option|command|feature|flag|setting)(?-u:\b)|(?-u:\b)introduc(?:es|ed)(?-u:\b)|(?-u:\b)support for(?-u:\b)|(?-u:\b)(?:is|are) now(?-u:\b)";

    /// Phrases that tell internal clean-up wherever they stand (`… has been refactored`).
    REFACTOR_PHRASE = r"(?-u:\b)(?:has|have) been (?:refactored|cleaned up|simplified|reorganized|reorganised|restructured)(?-u:\b)|(?-u:\b)code clean-?ups?(?-u:\b)";

    /// Phrases that tell groundwork: code laid for work users will see later
    /// (`add some initial indexing scaffolding`, `Add base for "all symbols"`).
    GROUNDWORK = r"(?-u:\b)(?:scaffold(?:ing)?|groundwork|boilerplate|skeleton)(?-u:\b)|(?-u:\b)(?:base|basis|foundation|preparation|prep work) for(?-u:\b)|(?-u:\b)in preparation for(?-u:\b)|(?-u:\b)preparatory(?-u:\b)";

    /// Phrases that tell speed.
    PERF_PHRASE = r"(?-u:\b)faster(?-u:\b)|(?-u:\b)speed(?:s|ed)? up(?-u:\b)|(?-u:\b)sped up(?-u:\b)|(?-u:\b)performance(?-u:\b)";

    /// What a user can feel of a speed-up: a measure, or what got quicker.
    FELT = r"(?-u:\b)(?:latency|memory|startup|start-up|throughput|load time|response time|[0-9]+(?:\.[0-9]+)? ?(?:x|%|ms|times))(?-u:\b)|[0-9] ?×";

    /// Tools of the trade: a feature or fix that is about them is CI or style work.
    TOOLING = r"(?-u:\b)(?:ci|tox|pre-commit|azure pipelines?|github actions?|workflows?|travis|appveyor|circleci|codecov|coverage report|dependabot|renovate)(?-u:\b)";

    STYLE_TOOLS = r"(?-u:\b)(?:black|flake8|ruff|rustfmt|clippy|eslint|prettier|isort|pylint|stylecheck|linter|lint|code style|style issues|staticcheck|codespell|spotbugs|checkstyle|golangci(?:-lint)?|mypy|pyright|typing errors?|type errors?|type[- ]?check(?:ing|er)?|^fix(?:es)? typing$|shellcheck|gosec|errorprone|sonar(?:cloud|qube)?|compiler warnings?|build warnings?|(?:gcc|clang|msvc) warnings?|warnings? (?:from|in|with) (?:gcc|clang|msvc|the compiler)|(?:avoid|fix|remove|prevent)(?:s|es|ed|ing)? (?:variable |name )?shadowing|variable shadowing|shadow(?:ed|ing) (?:variables?|names?|imports?))(?-u:\b)";

    /// Words of cost: avoiding or reducing them is a speed-up.
    COST = r"(?-u:\b)(?:overhead|allocations?|copies|copying|latency|memory usage|memory use|round trips?|syscalls?|lookups?)(?-u:\b)";
}
