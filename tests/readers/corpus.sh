#!/usr/bin/env bash
# Builds the corpus the readers' own tools check: repositories made here with git (controlled
# dates, UTC), briefed by $BIN in every format a reader's software reads. Usage:
#   corpus.sh BIN OUT
# Cases: a quiet week; a busy week with every section (milestones and issues from a tracker
# file); a security week; --trend 8; --stats; an alert of 60 critical items; hostile text; an
# edited draft sent with `publish`.
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"
git config --global user.name "Ada Lovelace"
git config --global user.email ada@example.com
git config --global init.defaultBranch main

# commit REPO DATE MESSAGE [FILE]: one commit at DATE touching FILE (default: a file of its own).
n=0
commit() {
    local repo=$1 date=$2 message=$3 file=${4:-}
    n=$((n + 1))
    file=${file:-src/change$n.txt}
    mkdir -p "$(dirname "$repo/$file")"
    echo "$n" >>"$repo/$file"
    git -C "$repo" add -A
    GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date git -C "$repo" commit -q -m "$message"
}

# A brief of REPO in every format, as NAME.<format>: slack, teams, email, html, md.
brief() {
    local repo=$1 name=$2
    shift 2
    for format in slack teams html markdown; do
        "$bin" -C "$repo" --week 2026-W47 --tz UTC "$@" --format "$format" >"$out/$name.$format"
    done
    "$bin" -C "$repo" --week 2026-W47 --tz UTC "$@" --format email \
        --mail-from "Team brief <brief@example.com>" --mail-to "Board <board@example.com>" >"$out/$name.eml"
}

# A quiet week: nothing landed.
git init -q "$work/quiet"
commit "$work/quiet" 2026-11-02T10:00:00Z "chore: start"
brief "$work/quiet" quiet

# A busy week with every section.
busy=$work/busy
git init -q "$busy"
git -C "$busy" remote add origin https://github.com/acme/shop.git
commit "$busy" 2026-11-02T10:00:00Z "chore: start"
for week in 2026-11-10 2026-11-17; do
    for i in 1 2 3 4 5 6; do
        commit "$busy" "${week}T0$i:00:00Z" "feat(checkout): customers can pay with method $i (#4$i)"
        commit "$busy" "${week}T1$i:00:00Z" "fix(payments): retry declined card case $i (#5$i)"
    done
done
commit "$busy" 2026-11-18T09:00:00Z "feat(search): filter orders by date range

Refs #31"
commit "$busy" 2026-11-18T10:00:00Z "fix(security): escape search terms in the results page (CVE-2026-1234)"
commit "$busy" 2026-11-18T11:00:00Z "feat(api)!: prices in cents"
commit "$busy" 2026-11-18T12:00:00Z "feat(signin): remember this device"
git -C "$busy" revert --no-edit HEAD >/dev/null
GIT_COMMITTER_DATE=2026-11-18T13:00:00Z git -C "$busy" commit -q --amend --no-edit --date 2026-11-18T13:00:00Z
commit "$busy" 2026-11-19T10:00:00Z "chore(deps): bump serde to 1.0.200"
commit "$busy" 2026-11-19T11:00:00Z "test: cover refunds" tests/refunds.rs
git -C "$busy" tag v2.4.0
cat >"$work/issues.json" <<'JSON'
[{"number": 31, "title": "Order history filters", "state": "OPEN", "labels": [{"name": "blocked"}],
  "milestone": {"title": "Checkout v2", "dueOn": "2026-11-30T00:00:00Z"}},
 {"number": 41, "title": "Apple Pay", "state": "CLOSED", "milestone": {"title": "Checkout v2"}},
 {"number": 60, "title": "Gift cards", "state": "OPEN", "milestone": {"title": "Checkout v2"}}]
JSON
cat >"$work/intro.md" <<'MD'
A **short** week before the holidays: the [payments plan](https://example.com/plan) is next.

- Apple Pay reached every market.
- <b>Raw HTML</b>, a [script link](javascript:alert(1)), an image ![pixel](https://t.example/p.gif) and <!channel>.
MD
brief "$busy" busy --tracker-file "$work/issues.json" --intro "$work/intro.md"
brief "$busy" trend --tracker-file "$work/issues.json" --trend 8
brief "$busy" stats --tracker-file "$work/issues.json" --stats

# A security week: an advisory fix and a dependency update naming a CVE.
sec=$work/security
git init -q "$sec"
commit "$sec" 2026-11-02T10:00:00Z "chore: start"
commit "$sec" 2026-11-17T10:00:00Z "Merge commit from fork

Fix a path traversal in uploads (GHSA-57fm-592m-34r7)"
commit "$sec" 2026-11-18T10:00:00Z "Bump tar from 6.2.0 to 6.2.1

Fixes CVE-2026-17106." package-lock.json
brief "$sec" security

# Hostile text: markup, mentions, links and control characters in every field a commit writes.
evil=$work/hostile
git init -q "$evil"
commit "$evil" 2026-11-02T10:00:00Z "chore: start"
commit "$evil" 2026-11-17T10:00:00Z "feat(<b>x</b>): notify <!channel> <@U123> <https://evil.example|click> **bold** [a](javascript:alert(1)) & \`code\` <script>alert(1)</script>"
commit "$evil" 2026-11-17T11:00:00Z "fix: $(printf '\u202e')reversed \\\\ back\\slash {{title}} \${{ secrets.X }} ${RANDOM}x$(printf '%0.s€' $(seq 1 400))"
brief "$evil" hostile

# An edited draft (init --review): the busy week's issue text with the sender's word added and
# a hostile line of their own, sent with `publish`.
{
    sed -n '1,2p' "$out/busy.markdown"
    echo; echo 'Context from the team: <!channel> *launch* moved to Thursday & <b>not</b> Friday.'; echo
    sed -n '3,$p' "$out/busy.markdown"
} >"$work/edited.md"
for format in slack teams; do
    "$bin" publish "$work/edited.md" --format "$format" >"$out/draft.$format"
done
"$bin" publish "$work/edited.md" --format email \
    --mail-from "Team brief <brief@example.com>" --mail-to "Board <board@example.com>" >"$out/draft.eml"

# An alert of 60 critical items.
alert=$work/alert
git init -q "$alert"
commit "$alert" 2026-11-02T10:00:00Z "chore: start"
for i in $(seq 1 60); do
    commit "$alert" "2026-11-17T10:$(printf %02d $((i % 60))):00Z" "fix!: drop the v$i API <!here> (CVE-2026-$((1000 + i)))"
done
for format in slack teams; do
    "$bin" -C "$alert" alert --range HEAD~60..HEAD --format "$format" >"$out/alert.$format"
done
ls "$out"
