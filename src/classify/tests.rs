use super::*;
use crate::history::Span;
use chrono::DateTime;
use git2::Oid;

/// A linear span of commits, newest first, each the parent of the one before.
fn span(messages: &[(&str, &str)]) -> Span {
    let time = DateTime::parse_from_rfc3339("2026-11-18T10:00:00+01:00").unwrap();
    let n = messages.len();
    let id = |i: usize| Oid::from_str(&format!("{:040x}", i + 1)).unwrap();
    let commits = messages
        .iter()
        .enumerate()
        .map(|(i, (message, author))| Commit {
            id: id(i),
            author: (*author).into(),
            email: format!("{}@example.com", author.replace(' ', ".")).into(),
            time: time - chrono::Duration::minutes(i as i64),
            authored: time - chrono::Duration::minutes(i as i64),
            by_author: true,
            landed: time - chrono::Duration::minutes(i as i64),
            message: message.to_string(),
            parent_ids: if i + 1 < n { [id(i + 1)].into() } else { Default::default() },
            tree: Oid::ZERO_SHA1,
            landing: id(i),
            stats: None,
        })
        .collect();
    Span { commits, ..Span::default() }
}

fn classified(messages: &[&str]) -> Changes {
    let with_author: Vec<(&str, &str)> = messages.iter().map(|m| (*m, "Ada")).collect();
    let reader = RefReader::new(&["PAY".to_string()], None).unwrap();
    classify(span(&with_author), &reader, &Rules::default(), &NoPaths)
}

fn change(message: &str, author: &str) -> Change {
    let reader = RefReader::new(&["PAY".to_string()], None).unwrap();
    let changes = classify(span(&[(message, author)]), &reader, &Rules::default(), &NoPaths);
    changes.listed.into_iter().next().unwrap()
}

fn bucket(message: &str) -> (Bucket, Option<Reason>) {
    let c = change(message, "Ada");
    (c.bucket, c.reason)
}

#[test]
fn each_type_lands_in_its_bucket() {
    use Bucket::*;
    let table = [
        ("feat(checkout): pay with Apple Pay", Delivered),
        ("perf: render the cart twice as fast", Delivered),
        ("Add export button", Delivered),
        ("fix(auth): reset link expired too early", Fixed),
        ("Fix crash on empty cart", Fixed),
        ("refactor: split the payment module", Maintenance),
        ("chore: tidy scripts", Maintenance),
        ("build: use the 2024 edition", Maintenance),
        ("ci: cache the target directory", Maintenance),
        ("docs: explain the config", Maintenance),
        ("style: format", Maintenance),
        ("test: cover refunds", Maintenance),
        ("chore(deps): bump serde from 1.0.1 to 1.0.2", Maintenance),
        ("fix(deps): update rust crate regex to 1.11", Maintenance),
        ("Bump lodash from 4.17.20 to 4.17.21", Maintenance),
        ("fixup! feat: pay with Apple Pay", Noise),
        ("squash! fix: typo", Noise),
        ("chore(release): 2.4.0", Noise),
        ("docs: write the install guide\n\nCloses #9", Delivered),
        ("Tweak the header", Maintenance),
        ("fix(security): escape search terms", Attention),
        ("fix: sanitise HTML in comments\n\nAddresses CVE-2026-1234", Attention),
        ("fix: close an XSS hole in the profile page", Attention),
        ("mingw: avoid auto-detecting symlink types, preventing NTLM credential leaks", Attention),
        ("fix: a heap buffer overflow in the parser", Attention),
        ("feat(security): two-factor sign-in", Delivered),
        ("http: avoid closing index-pack input twice", Fixed),
        ("add: introduce '--resolved' option", Delivered),
        ("doc: fix a typo", Maintenance),
        ("🐛 Fix the totals", Fixed),
        ("🔒 Escape search terms", Attention),
        ("[Feature] Export orders", Delivered),
        ("[SHOP-12] Fix the login redirect", Fixed),
        ("Merge if statements", Maintenance),
    ];
    for (message, expected) in table {
        assert_eq!(bucket(message).0, expected, "{message}");
    }
}

#[test]
fn roadblocks_carry_their_reason() {
    assert_eq!(bucket("revert: remember this device"), (Bucket::Attention, Some(Reason::Reverted)));
    assert_eq!(bucket("Revert \"feat: remember this device\""), (Bucket::Attention, Some(Reason::Reverted)));
    assert_eq!(bucket("feat(api)!: drop v1 endpoints"), (Bucket::Attention, Some(Reason::Breaking)));
    assert_eq!(
        bucket("fix: new token format\n\nBREAKING CHANGE: old tokens are rejected"),
        (Bucket::Attention, Some(Reason::Breaking))
    );
    assert_eq!(bucket("feat: refunds\n\nBlocked-by: PAY-12"), (Bucket::Attention, Some(Reason::Blocked)));
    assert_eq!(bucket("feat: WIP refunds screen"), (Bucket::Attention, Some(Reason::Blocked)));
    // A word that merely contains the marker is not one.
    assert_eq!(bucket("feat: wipe stale sessions").0, Bucket::Delivered);
}

#[test]
fn bots_are_maintenance_and_their_updates_are_dependencies() {
    let c = classified(&["fix: update dependency react to v19"]);
    assert_eq!(c.work[0].bucket, Bucket::Fixed);
    let reader = RefReader::new(&[], None).unwrap();
    let bot = classify(
        span(&[("fix: update dependency react to v19", "renovate[bot]")]),
        &reader,
        &Rules::default(),
        &NoPaths,
    );
    assert!(bot.listed[0].bot);
    assert_eq!((bot.work[0].bucket, bot.work[0].kind_of_work()), (Bucket::Maintenance, "deps"));
}

#[test]
fn the_type_prefix_is_not_read_as_a_closing_keyword() {
    let c = change("fix: #12 is about the cart", "Ada");
    assert_eq!(c.refs.len(), 1);
    assert_eq!(c.refs[0].action, Action::Refs);
    let closing = change("feat: cart totals\n\nFixes #12", "Ada");
    assert_eq!(closing.refs[0].action, Action::Closes);
}

#[test]
fn quoted_release_notes_and_bot_bodies_cite_nothing() {
    let c = change(
        "Bump foo from 1 to 2 (#40)\n\nBumps foo.\n<details>\nFixes other/project#2745\n</details>",
        "dependabot[bot]",
    );
    assert_eq!(c.refs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["#40"]);
    let quoted = change("fix: totals\n\n> Fixes #7 upstream\n\nRefs #8", "Ada");
    assert_eq!(quoted.refs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["#8"]);
}

const A: usize = 2;

#[test]
fn git_reverts_pair_by_the_id_in_their_body() {
    let original = Oid::from_str(&format!("{:040x}", A + 1)).unwrap();
    let c = classified(&[
        &format!("Revert \"feat(auth): remember this device\"\n\nThis reverts commit {original}.\n"),
        "feat(auth): remember this device",
        "feat(auth): remember this device",
    ]);
    assert_eq!(c.listed[0].reverts, Some(original));
    assert_eq!((c.work[2].bucket, c.work[2].reason), (Bucket::Attention, Some(Reason::RolledBack)));
    // Same subject, but not the commit the body names.
    assert_eq!(c.work[1].bucket, Bucket::Delivered);
}

#[test]
fn reverts_citing_an_abbreviated_id_undo_the_nearest_older_work_it_begins() {
    // 39 of the 40 digits, an odd count: every commit of this span begins so.
    let cites = |id: &str| format!("Revert \"feat: one\"\n\nThis reverts commit {id}.\n");
    let revert = cites(&"0".repeat(39));
    let c = classified(&[&revert, &revert, "feat: one", "feat: two"]);
    let pairs: Vec<_> = c.work.iter().map(|w| (w.reverts, w.reverted_by)).collect();
    // The second revert skips the work the first one undid.
    assert_eq!(pairs, [(Some(2), None), (Some(3), None), (None, Some(0)), (None, Some(1))]);
    // Longer than any commit's id, or the beginning of none here: nothing undone.
    for id in ["0".repeat(41), "00000000f".to_string()] {
        let alone = classified(&[&cites(&id), "feat: one"]);
        assert_eq!((alone.work[0].reverts, alone.work[1].bucket), (None, Bucket::Delivered), "{id}");
    }
}

#[test]
fn a_revert_button_commit_pairs_by_the_number_in_its_body() {
    // The subjects differ: only the body's `Reverts …#12` ties the two.
    let c = classified(&[
        "Revert \"Add CSV export\" (#13)\n\nReverts acme/app#12",
        "Export invoices as CSV (#12)",
    ]);
    assert_eq!(c.work[0].reverts, Some(1));
    assert_eq!((c.work[1].bucket, c.work[1].reason), (Bucket::Attention, Some(Reason::RolledBack)));
}

#[test]
fn subjects_pair_too_and_a_revert_of_older_work_stays_alone() {
    let c = classified(&["revert: feat(search): filters", "feat(search): filters"]);
    assert_eq!(c.work[0].reverts, Some(1));
    assert_eq!(c.work[1].reason, Some(Reason::RolledBack));
    let alone = classified(&["Revert \"feat: search suggestions\"", "feat: other work"]);
    assert_eq!((alone.work[0].reverts, alone.work[0].reason), (None, Some(Reason::Reverted)));
    assert_eq!(alone.work[1].bucket, Bucket::Delivered);
}

#[test]
fn a_reapply_restores_the_work_its_revert_undid() {
    let c = classified(&[
        "Reapply \"feat: remember this device\"",
        "Revert \"feat: remember this device\"",
        "feat: remember this device",
    ]);
    let buckets: Vec<(Bucket, Option<Reason>)> = c.work.iter().map(|w| (w.bucket, w.reason)).collect();
    assert_eq!(buckets, [(Bucket::Noise, None), (Bucket::Noise, None), (Bucket::Delivered, None)]);
    // A reapply of work reverted before the window delivers it again.
    let again = classified(&["Reapply \"feat: remember this device\"", "feat: other"]);
    assert_eq!(again.work[0].bucket, Bucket::Delivered);
}

#[test]
fn the_placements_the_settings_allow_are_the_ones_classify_reads() {
    for name in crate::bucket::PLACEMENTS {
        assert!(labels::Labels::placement(name).is_some(), "{name}");
    }
    for name in ["shipped", "Delivered", "", "bug"] {
        assert!(labels::Labels::placement(name).is_none(), "{name}");
        assert!(!crate::bucket::PLACEMENTS.contains(&name), "{name}");
    }
}
