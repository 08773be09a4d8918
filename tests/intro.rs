//! #20, item 6 (first half): the sender's own words under the headline in
//! every format (`--intro FILE`, `[brief] intro`), escaped for each, and a
//! hostile intro harmless in all of them.

mod common;

use common::{fails, Repo};
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "UTC"];
const INTRO: &str = "A **short** week before the holidays.\n\nNext: the [payments plan](https://example.com/plan).\n\n<script>alert(1)</script> [x](javascript:alert(1)) ![p](https://t.example/p.gif) <!channel>\n";

fn repo() -> Repo {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-09T10:00:00Z");
    repo.commit("feat: customers can pay with Apple Pay", "2026-11-17T10:00:00Z");
    repo.write("docs/intro.md", INTRO);
    repo
}

fn render(repo: &Repo, format: &str, intro: &[&str]) -> String {
    let args = [WEEK, intro, &["--format", format]].concat();
    String::from_utf8(repo.brief(&args).success().get_output().stdout.clone()).unwrap()
}

#[test]
fn the_intro_follows_the_headline_in_every_format() {
    let repo = repo();
    let path = repo.path.join("docs/intro.md");
    let flag = ["--intro", path.to_str().unwrap()];

    let markdown = render(&repo, "markdown", &flag);
    let headline = markdown.find("The team delivered one improvement.").unwrap();
    let intro = markdown.find("A **short** week before the holidays.").expect("the Markdown as written");
    assert!(headline < intro && intro < markdown.find("## Delivered").unwrap(), "{markdown}");
    assert!(markdown.contains("&lt;script&gt;") && !markdown.contains("<script>"), "{markdown}");

    let html = render(&repo, "html", &flag);
    assert!(html.contains("A <strong>short</strong> week"), "{html}");
    assert!(html.contains("<a href=\"https://example.com/plan\">payments plan</a>"), "{html}");
    // Raw HTML is shown as text; no element, link or image of its own reaches the page.
    for harm in ["<script>", "href=\"javascript:", "<img", "src=\"https://t.example"] {
        assert!(!html.contains(harm), "{harm} in {html}");
    }

    let text = render(&repo, "text", &flag);
    assert!(text.contains("\nA short week before the holidays.\nNext: the payments plan.\n"), "{text}");

    let json: Value = serde_json::from_str(&render(&repo, "json", &flag)).unwrap();
    assert_eq!(json["intro"].as_str().unwrap(), INTRO.trim());

    let slack: Value = serde_json::from_str(&render(&repo, "slack", &flag)).unwrap();
    let second = slack["blocks"][2]["text"]["text"].as_str().unwrap();
    assert!(second.starts_with("A short week before the holidays."), "{second}");
    assert!(second.contains("&lt;!channel&gt;") && !second.contains("<!channel>"), "{second}");

    let teams: Value = serde_json::from_str(&render(&repo, "teams", &flag)).unwrap();
    let body = &teams["attachments"][0]["content"]["body"];
    assert_eq!(body[2]["inlines"][0]["type"], "TextRun");
    assert!(body[2]["inlines"][0]["text"].as_str().unwrap().starts_with("A short week"), "{}", body[2]);

    // Without an intro, nothing of it.
    let plain: Value = serde_json::from_str(&render(&repo, "json", &[])).unwrap();
    assert!(plain.get("intro").is_none());
}

#[test]
fn the_configuration_names_an_intro_inside_the_work_tree_only() {
    let repo = repo();
    repo.write(".git-brief.toml", "[brief]\nintro = \"docs/intro.md\"\n");
    assert!(render(&repo, "markdown", &[]).contains("A **short** week"));
    repo.write(".git-brief.toml", "[brief]\nintro = \"/etc/passwd\"\n");
    fails(repo.brief_command(&[WEEK, &["--format", "markdown"]].concat()), 2, &["/etc/passwd"]);
}

#[test]
fn an_intro_that_cannot_be_read_exits_2_in_one_line() {
    let repo = repo();
    let missing = repo.home().join("missing.md");
    fails(
        repo.brief_command(&[WEEK, &["--intro", missing.to_str().unwrap()]].concat()),
        2,
        &["cannot read the intro file", "missing.md"],
    );
    let big = repo.home().join("big.md");
    std::fs::write(&big, "word ".repeat(10_000)).unwrap();
    fails(repo.brief_command(&[WEEK, &["--intro", big.to_str().unwrap()]].concat()), 2, &["at most 16 KB"]);
}
