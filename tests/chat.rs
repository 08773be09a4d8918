//! The brief as a Slack message: Block Kit within Slack's documented limits
//! on a 600-commit week, and commit text that can mention nobody.

mod common;

use common::{busy_week, Repo};
use serde_json::Value;

const WEEK: &[&str] = &["--week", "2026-W47", "--tz", "Europe/Berlin", "--format", "slack"];

fn slack(repo: &Repo, args: &[&str]) -> Value {
    let out = repo.brief(args).success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("JSON")
}

/// Every mrkdwn or plain text of the payload.
fn texts(payload: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for block in payload["blocks"].as_array().unwrap() {
        if let Some(t) = block["text"]["text"].as_str() {
            out.push(t.to_string());
        }
        for field in block["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(block["elements"].as_array().into_iter().flatten())
        {
            out.push(field["text"].as_str().unwrap().to_string());
        }
    }
    out
}

#[test]
fn a_600_commit_week_fits_every_block_kit_limit() {
    let repo = busy_week(600);
    let payload = slack(&repo, &[WEEK, &["--max-items", "1000"]].concat());
    let blocks = payload["blocks"].as_array().unwrap();
    assert!(blocks.len() <= 50, "{} blocks", blocks.len());
    assert!(payload["text"].as_str().is_some_and(|t| !t.is_empty()), "a notification fallback");
    assert_eq!(blocks[0]["type"], "header");
    assert!(blocks[0]["text"]["text"].as_str().unwrap().chars().count() <= 150);
    for block in blocks {
        match block["type"].as_str().unwrap() {
            "header" | "context" => {}
            "section" => {
                if let Some(text) = block["text"]["text"].as_str() {
                    assert!(text.chars().count() <= 3000, "section of {} characters", text.chars().count());
                }
                if let Some(fields) = block["fields"].as_array() {
                    assert!(fields.len() <= 10);
                    assert!(fields.iter().all(|f| f["text"].as_str().unwrap().chars().count() <= 2000));
                }
            }
            other => panic!("unexpected block {other}"),
        }
    }
    let delivered =
        texts(&payload).into_iter().find(|t| t.starts_with("*Delivered*")).expect("a Delivered section");
    assert!(
        delivered.contains("more"),
        "trimmed with a visible note: {}",
        &delivered[delivered.len() - 60..]
    );
}

#[test]
fn commit_text_mentions_nobody_and_links_nowhere() {
    let repo = Repo::new();
    repo.commit(
        "feat: notify <!channel> and <@U123> via <https://evil.example|click here> @here & more",
        "2026-11-17T10:00:00+01:00",
    );
    let payload = slack(&repo, WEEK);
    let all = texts(&payload).join("\n");
    for raw in ["<!channel>", "<@U123>", "<https://evil.example", "|click here>"] {
        assert!(!all.contains(raw), "{raw} in {all}");
    }
    assert!(all.contains("&lt;!channel&gt;") && all.contains("&amp; more"), "{all}");
}

#[test]
fn a_template_does_not_apply_to_slack() {
    let repo = Repo::new();
    repo.commit("feat: x", "2026-11-17T10:00:00+01:00");
    repo.write("t.hbs", "{{title}}");
    let path = repo.path.join("t.hbs");
    common::fails(
        repo.brief_command(&[WEEK, &["--template", path.to_str().unwrap()]].concat()),
        2,
        &["--template does not apply"],
    );
}

fn teams(repo: &Repo, args: &[&str]) -> (Value, usize) {
    let mut full = vec!["--week", "2026-W47", "--tz", "Europe/Berlin", "--format", "teams"];
    full.extend_from_slice(args);
    let out = repo.brief(&full).success().get_output().stdout.clone();
    (serde_json::from_slice(&out).expect("JSON"), out.len())
}

#[test]
fn a_600_commit_week_is_one_adaptive_card_within_teams_size_limit() {
    let repo = busy_week(600);
    let (message, bytes) = teams(&repo, &["--max-items", "1000"]);
    assert!(bytes <= 28 * 1024, "{bytes} bytes");
    assert_eq!(message["type"], "message");
    let card = &message["attachments"][0];
    assert_eq!(card["contentType"], "application/vnd.microsoft.card.adaptive");
    assert_eq!(card["content"]["type"], "AdaptiveCard");
    assert_eq!(card["content"]["version"], "1.5");
    let body = card["content"]["body"].as_array().unwrap();
    let text = serde_json::to_string(body).unwrap();
    assert!(text.contains("more"), "trimmed with a visible note");
    // Text blocks (parsed as Markdown by Teams) hold only git-brief's own words.
    for block in body.iter().filter(|b| b["type"] == "TextBlock") {
        let words = block["text"].as_str().unwrap();
        assert!(!words.contains("change"), "commit text in a Markdown TextBlock: {words}");
    }
}

#[test]
fn commit_text_in_a_teams_card_is_plain_runs() {
    let repo = Repo::new();
    repo.commit(
        "feat: <at>Ada</at> [click](https://evil.example) **loud** @here",
        "2026-11-17T10:00:00+01:00",
    );
    let (message, _) = teams(&repo, &[]);
    let body = message["attachments"][0]["content"]["body"].as_array().unwrap();
    let runs: Vec<&Value> = body
        .iter()
        .filter(|b| b["type"] == "RichTextBlock")
        .flat_map(|b| b["inlines"].as_array().unwrap())
        .collect();
    let hostile = runs
        .iter()
        .find(|r| r["text"].as_str().unwrap().contains("<at>Ada</at>"))
        .expect("the subject, as plain text");
    assert_eq!(hostile["type"], "TextRun");
    assert!(hostile.get("selectAction").is_none(), "no link of its own");
    assert!(!message.to_string().contains("\"entities\""), "no mention entities");
}

/// Every mrkdwn text object in a Slack payload, wherever it is.
fn mrkdwn_objects(value: &Value) -> Vec<&Value> {
    match value {
        Value::Object(map) => {
            let mut out: Vec<&Value> = map.values().flat_map(mrkdwn_objects).collect();
            if map.get("type").and_then(Value::as_str) == Some("mrkdwn") {
                out.push(value);
            }
            out
        }
        Value::Array(items) => items.iter().flat_map(mrkdwn_objects).collect(),
        _ => Vec::new(),
    }
}

// Item 8 of the third hardening round: Slack turns a bare address and a
// #channel in mrkdwn into links unless the text object is verbatim.
#[test]
fn a_bare_url_or_channel_name_in_commit_text_links_nowhere_in_slack() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-10T10:00:00+01:00");
    let before = repo.git(&["rev-parse", "HEAD"]);
    repo.commit(
        "fix(security): login, details at https://evil.example/login and in #general",
        "2026-11-17T10:00:00+01:00",
    );
    let out = repo
        .brief_command(&["alert", "--range", &format!("{before}..HEAD"), "--format", "slack"])
        .output()
        .unwrap();
    let alert: Value = serde_json::from_slice(&out.stdout).expect("a Slack alert");
    for payload in [slack(&repo, WEEK), alert] {
        let objects = mrkdwn_objects(&payload);
        assert!(
            objects.iter().any(|o| o["text"].as_str().unwrap().contains("https://evil.example/login")),
            "{payload}"
        );
        for object in objects {
            assert_eq!(object["verbatim"], true, "auto-linked by Slack: {object}");
        }
    }
}

/// The label of every number in a Slack payload's fields, in order.
fn field_labels(payload: &Value) -> Vec<String> {
    payload["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["fields"].as_array().cloned().unwrap_or_default())
        .map(|f| {
            let text = f["text"].as_str().unwrap();
            text.lines().next().unwrap().trim_matches('*').to_string()
        })
        .collect()
}

// Item 7 of the third hardening round: Slack takes ten fields a section,
// and the payload kept the first ten numbers, so the team's own [[kpi]]s,
// which come last, were the ones silently lost.
#[test]
fn every_number_of_the_brief_reaches_slack_the_teams_own_included() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-09T10:00:00+01:00");
    repo.branch("topic");
    repo.commit("feat: topic work", "2026-11-12T10:00:00+01:00");
    repo.checkout("main");
    repo.merge("topic", "Merge pull request #5 from acme/topic", "2026-11-17T10:00:00+01:00");
    repo.write("m/uptime.csv", "kpi,window_end,value\nuptime,2026-11-23,0.999\n");
    repo.write("m/nps.csv", "kpi,window_end,value\nnps,2026-11-23,41\n");
    repo.write(
        ".git-brief.toml",
        "[[kpi]]\nlabel = \"Uptime\"\nfile = \"m/uptime.csv\"\nformat = \"percent\"\n\n\
         [[kpi]]\nlabel = \"Net promoter score\"\nfile = \"m/nps.csv\"\n",
    );
    let json = repo.json(&["--week", "2026-W47", "--tz", "Europe/Berlin", "--stats"]);
    let labels: Vec<String> =
        json["kpis"].as_array().unwrap().iter().map(|k| k["label"].as_str().unwrap().to_string()).collect();
    assert!(labels.len() > 10, "more numbers than one section's fields: {labels:?}");
    assert!(labels.contains(&"Uptime".to_string()) && labels.contains(&"Net promoter score".to_string()));
    let payload = slack(&repo, &[WEEK, &["--stats"]].concat());
    assert_eq!(field_labels(&payload), labels);
    for block in payload["blocks"].as_array().unwrap() {
        assert!(block["fields"].as_array().is_none_or(|f| f.len() <= 10), "{block}");
    }
}

// Item 19 of the third hardening round: only the items per section were
// cut to fit Teams' payload limit, so long milestone titles from a tracker
// export, a long title or long [[kpi]] labels gave a card Teams refuses.
#[test]
fn a_teams_card_with_huge_titles_and_labels_still_fits_teams_limit() {
    let repo = Repo::new();
    repo.git(&["remote", "add", "origin", "https://github.com/acme/shop.git"]);
    repo.commit("chore: start", "2026-11-09T10:00:00+01:00");
    for n in 1..=3 {
        repo.commit(&format!("Work on the thing (#{n})"), &format!("2026-11-17T1{n}:00:00+01:00"));
    }
    let issues: Vec<Value> = (1..=3)
        .map(|n| {
            serde_json::json!({"number": n, "title": format!("Issue {n}"), "state": "OPEN",
                "milestone": {"title": format!("{}{n}", "M".repeat(40_000))}})
        })
        .collect();
    let export = repo.home().join("issues.json");
    std::fs::write(&export, Value::from(issues).to_string()).unwrap();
    let rows: String = (0..30).map(|n| format!("k{n},2026-11-23,{n}\n")).collect();
    repo.write("m/k.csv", &format!("kpi,window_end,value\n{rows}"));
    let kpis: String = (0..30)
        .map(|n| {
            format!("[[kpi]]\nlabel = \"{n} {}\"\nfile = \"m/k.csv\"\nid = \"k{n}\"\n\n", "é".repeat(3_000))
        })
        .collect();
    repo.write(".git-brief.toml", &format!("[brief]\ntitle = \"{}\"\n\n{kpis}", "T".repeat(20_000)));
    let (message, bytes) = teams(&repo, &["--tracker-file", export.to_str().unwrap()]);
    assert!(bytes <= 28 * 1024, "a card of {bytes} bytes");
    let text = message.to_string();
    assert!(text.contains("MMMMMMMMMM") && text.contains("TTTTTTTTTT"), "cut, not dropped: {text:.300}");
    assert!(text.contains("more"), "says what was left out");
}

/// #20, items 1 and 2: the message opens with Needs attention, a security
/// item loudest; "Behind the scenes" is one quiet line; an open issue
/// without a title says it is an issue; the estimation note comes last.
#[test]
fn needs_attention_leads_and_the_notes_come_last() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-09T10:00:00+01:00");
    repo.commit("Add the export button\n\nRefs #31", "2026-11-17T10:00:00+01:00");
    repo.commit("Fix an XSS in the search page", "2026-11-17T11:00:00+01:00");
    repo.commit("Update the build script", "2026-11-17T12:00:00+01:00");
    let payload = slack(&repo, WEEK);
    let blocks = payload["blocks"].as_array().unwrap();
    let sections: Vec<&str> = blocks.iter().filter_map(|b| b["text"]["text"].as_str()).collect();
    let first = sections.iter().position(|t| t.starts_with('*') && t.contains('\n')).unwrap();
    assert!(sections[first].starts_with("*Needs attention*\n:rotating_light: "), "{sections:?}");
    assert!(sections[first].contains("— *a security fix shipped*"), "{}", sections[first]);
    let progress = sections.iter().find(|t| t.starts_with("*In progress*")).expect("In progress");
    assert!(progress.contains("• issue #31"), "{progress}");
    let contexts: Vec<String> = blocks
        .iter()
        .filter(|b| b["type"] == "context")
        .map(|b| b["elements"][0]["text"].as_str().unwrap().to_string())
        .collect();
    assert!(
        contexts.iter().any(|c| c.starts_with("*Behind the scenes:* 1 maintenance change")),
        "{contexts:?}"
    );
    let note = blocks
        .iter()
        .position(|b| b["elements"][0]["text"].as_str().is_some_and(|t| t.starts_with("Note: ")));
    let numbers = blocks.iter().position(|b| b["fields"].is_array());
    assert!(note > numbers, "the note after the numbers: {blocks:?}");
}

/// The same order in a Teams card: Needs attention first, its security
/// line in the attention colour, Behind the scenes kept as one quiet line,
/// the notes last.
#[test]
fn a_teams_card_leads_with_needs_attention_and_keeps_behind_the_scenes() {
    let repo = Repo::new();
    repo.commit("chore: start", "2026-11-09T10:00:00+01:00");
    repo.commit("Add the export button\n\nRefs #31", "2026-11-17T10:00:00+01:00");
    repo.commit("Fix an XSS in the search page", "2026-11-17T11:00:00+01:00");
    repo.commit("Update the build script", "2026-11-17T12:00:00+01:00");
    let out =
        repo.brief(&[&WEEK[..4], &["--format", "teams"]].concat()).success().get_output().stdout.clone();
    let card: Value = serde_json::from_slice(&out).unwrap();
    let body = card["attachments"][0]["content"]["body"].as_array().unwrap().clone();
    let text = |block: &Value| -> String {
        block["inlines"]
            .as_array()
            .map(|runs| runs.iter().filter_map(|r| r["text"].as_str()).collect())
            .unwrap_or_default()
    };
    let lines: Vec<String> = body.iter().map(text).collect();
    assert_eq!(lines[2], "Needs attention", "{lines:?}");
    let security = body[3]["inlines"].as_array().unwrap().iter().find(|r| r["color"] == "Attention");
    assert_eq!(security.and_then(|r| r["text"].as_str()), Some("a security fix shipped"), "{:?}", body[3]);
    assert!(lines.iter().any(|l| l == "• issue #31"), "{lines:?}");
    let behind =
        lines.iter().position(|l| l.starts_with("Behind the scenes: 1 maintenance change")).expect("behind");
    let note = lines.iter().position(|l| l.starts_with("Note: ")).expect("a note");
    assert!(note > behind, "{lines:?}");
}
