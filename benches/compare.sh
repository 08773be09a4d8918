#!/usr/bin/env bash
# Times the git-brief binary against `git log` over the same windows of the
# benchmark fixtures (benches/fixture/mod.rs), checks that both see the same
# commits and, with --stats, the same totals, and measures max RSS.
#
#   benches/compare.sh                             1,000 and 100,000 commits
#   GIT_BRIEF_BENCH_LARGE=1 benches/compare.sh     and 300,000
#   GIT_BRIEF_BENCH_STRICT=1 benches/compare.sh    also fail when a target is missed
#   GIT_BRIEF_BENCH_HEAP=0 benches/compare.sh      skip the peak heap (valgrind massif)
#   GIT_BRIEF_BENCH_SHAPE=real benches/compare.sh  on histories shaped after git.git (git-style
#                                                  and ambiguous subjects, topic merges, a root
#                                                  tree of ~400 entries, a t/ of ~1,200; see
#                                                  benches/fixture/mod.rs); results in
#                                                  target/bench-results-real.md
#
# Cases (issue #9's targets), each against `git log` over the same commits;
# A and B are the newest first-parent commits before the window's start and end:
#   week        git-brief --since <7 days> --until U --format json      (with trends: reads 2 weeks)
#               vs git log --since=<14 days> --until=U --format=%H%x00%s%x00%b
#               target: flat across history sizes; within 1.5x on 300,000 commits
#   trend       the week with --trend 8 (reads 10 weeks: the week, the one before, 8 more)
#               vs git log --since=<70 days> --until=U --format=%H%x00%s%x00%b   target: 1.5x
#   year        git-brief --since <52 weeks> --until U --no-compare --format json
#               vs git log --no-merges --format=%H%x00%s%x00%b A..B        target: 1.5x
#   year+prev   the same with the previous year read for trends (no --no-compare)
#               vs the same git log A..B                                   target: 1.5x
#   whole       git-brief over the whole history (--since 1970-01-02), JSON
#               vs git log --no-merges --format=%H%x00%s%x00%b B            target: 3x
#   whole-text  the same as a text brief: its peak memory            target: < 300 MB max RSS
#   year-stats  the year with --stats vs git log --shortstat --no-renames --format=%H A..B
#               target: max RSS within 1.5x of git's (the totals must be equal)
#
# Fixtures are made once (cargo bench --bench window -- --fixtures-only) and
# reused; the release binary is rebuilt every run.
#
# Memory: max RSS (`/usr/bin/time -v`) counts the pages of the pack index
# that object lookups touched, and the kernel maps those in 64 KiB runs
# (fault-around): so RSS grows with the size of the .idx, for git as for
# git-brief, even when the process reads the same objects. The peak heap
# (valgrind massif, when valgrind is installed) is what git-brief itself
# allocates; the memory verdict rests on it when it is there. The Markdown table is
# printed and written to target/bench-results.md; raw numbers (hyperfine JSON,
# outputs) go to target/bench-compare/ (target/bench-compare-real/ for the
# real shape). A last table says how much of each fixture's year reaches the
# changed-paths check (`cargo bench --bench window -- --paths-share`). Exits
# non-zero when git-brief and git disagree on commit counts or on totals.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
SHAPE=${GIT_BRIEF_BENCH_SHAPE:-synthetic}
case $SHAPE in
    synthetic)
        OUT=$ROOT/target/bench-compare
        RESULTS=$ROOT/target/bench-results.md
        ;;
    real)
        OUT=$ROOT/target/bench-compare-real
        RESULTS=$ROOT/target/bench-results-real.md
        ;;
    *)
        printf 'GIT_BRIEF_BENCH_SHAPE=%s: expected synthetic or real\n' "$SHAPE" >&2
        exit 2
        ;;
esac
export GIT_BRIEF_BENCH_SHAPE=$SHAPE
BIN=$ROOT/target/release/git-brief

say() { printf '\n==> %s\n' "$*" >&2; }
die() {
    printf '\n!!! FAILED: %s\n' "$*" >&2
    exit 1
}

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run: $*"
    fi
}

# install PACKAGE: apt-get install, with an apt-get update first when needed.
install() {
    say "installing $1"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get install -y -q "$1" >/dev/null ||
        { as_root apt-get update -q >/dev/null && as_root apt-get install -y -q "$1" >/dev/null; } ||
        die "cannot install $1; install it and run again"
}

command -v hyperfine >/dev/null 2>&1 || install hyperfine
command -v python3 >/dev/null 2>&1 || install python3
[ -x /usr/bin/time ] || install time
HEAP=${GIT_BRIEF_BENCH_HEAP:-1}
if [ "$HEAP" != 0 ] && ! command -v valgrind >/dev/null 2>&1; then
    say "valgrind is not installed: no peak heap (apt-get install valgrind to have it)"
    HEAP=0
fi

say "building the release binary"
cargo build --release --locked

say "making the $SHAPE fixtures (reused when present)"
mkdir -p "$OUT"
cargo bench --locked --bench window -- --fixtures-only >"$OUT/fixtures.txt"
say "the share of a year that reaches the changed-paths check"
cargo bench --locked --bench window -- --paths-share >"$OUT/paths-share.txt"
value() { awk -v key="$1" '$1 == key { print $2 }' "$OUT/fixtures.txt"; }
UNTIL=$(value until)
WEEK_SINCE=$(value week_since)
PREVIOUS_SINCE=$(value previous_since)
YEAR_SINCE=$(value year_since)
TREND_SINCE=$(date -u -d "@$(($(date -d "$WEEK_SINCE" +%s) - 9 * 7 * 86400))" +%Y-%m-%dT%H:%M:%SZ)
if [ -z "$UNTIL" ] || [ -z "$WEEK_SINCE" ] || [ -z "$PREVIOUS_SINCE" ] || [ -z "$YEAR_SINCE" ]; then
    die "no window bounds in $OUT/fixtures.txt"
fi
mapfile -t FIXTURES < <(awk '$1 == "fixture" { print $2 " " $3 }' "$OUT/fixtures.txt")
[ "${#FIXTURES[@]}" -gt 0 ] || die "no fixtures listed in $OUT/fixtures.txt"

# max_rss FILE COMMAND...: the command's max RSS in KiB, into FILE.
max_rss() {
    local file=$1
    shift
    /usr/bin/time -v -o "$file.time" "$@" >/dev/null || die "failed: $*"
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$file.time" >"$file"
}

: >"$OUT/results.jsonl"
for fixture in "${FIXTURES[@]}"; do
    size=${fixture%% *}
    repo=${fixture#* }
    # A..B of the year and B of the whole: first-parent commits before the bounds.
    before() { git -C "$repo" log --first-parent -1 --format=%H --before="@$(($(date -d "$1" +%s) - 1))" main; }
    B=$(before "$UNTIL")
    A=$(before "$YEAR_SINCE")
    # A history younger than a year: the year is all of it.
    YEAR_RANGE=$B
    [ -n "$A" ] && YEAR_RANGE=$A..$B
    for case in week trend year year-prev whole whole-text year-stats; do
        if [ "${case#whole}" != "$case" ] && [ "$size" -lt 80000 ]; then
            continue
        fi
        case $case in
            week)
                brief=(--since "$WEEK_SINCE" --until "$UNTIL" --format json)
                git_timed=(--since="$PREVIOUS_SINCE" --until="$UNTIL" --format=%H%x00%s%x00%b)
                git_window=(--since="$WEEK_SINCE" --until="$UNTIL")
                ;;
            trend)
                brief=(--since "$WEEK_SINCE" --until "$UNTIL" --trend 8 --format json)
                git_timed=(--since="$TREND_SINCE" --until="$UNTIL" --format=%H%x00%s%x00%b)
                git_window=(--since="$WEEK_SINCE" --until="$UNTIL")
                ;;
            year | year-prev)
                brief=(--since "$YEAR_SINCE" --until "$UNTIL" --format json)
                [ "$case" = year ] && brief+=(--no-compare)
                git_timed=(--no-merges --format=%H%x00%s%x00%b "$YEAR_RANGE")
                git_window=("$YEAR_RANGE")
                ;;
            whole | whole-text)
                brief=(--since 1970-01-02 --until "$UNTIL" --no-compare --format json)
                [ "$case" = whole-text ] && brief=(--since 1970-01-02 --until "$UNTIL" --no-compare --format text)
                git_timed=(--no-merges --format=%H%x00%s%x00%b "$B")
                git_window=("$B")
                ;;
            year-stats)
                brief=(--since "$YEAR_SINCE" --until "$UNTIL" --no-compare --format json --stats)
                git_timed=(--shortstat --no-renames --format=%H "$YEAR_RANGE")
                git_window=("$YEAR_RANGE")
                ;;
        esac
        base=$OUT/$size-$case
        say "$size commits, $case"

        # What each one sees: the commits (with their parents) and the totals.
        counted=("${brief[@]}")
        [ "$case" = whole-text ] && counted=(--since 1970-01-02 --until "$UNTIL" --no-compare --format json)
        "$BIN" -C "$repo" "${counted[@]}" >"$base.brief.json" || die "git-brief failed on $repo"
        git -C "$repo" log "${git_window[@]}" --shortstat --no-renames --format='%H %P' >"$base.git.txt"

        # Times, both through a pipe, no shell in between.
        hyperfine -N --warmup 1 --min-runs 5 --output=pipe --style basic \
            --export-json "$base.hyperfine.json" \
            -n git-brief "$BIN -C '$repo' ${brief[*]}" \
            -n git "git -C '$repo' log ${git_timed[*]}"

        max_rss "$base.brief.rss" "$BIN" -C "$repo" "${brief[@]}"
        max_rss "$base.git.rss" git -C "$repo" log "${git_timed[@]}"
        rm -f "$base.heap"
        if [ "$HEAP" != 0 ] && [ "${case#whole}" = "$case" ]; then
            valgrind -q --tool=massif --massif-out-file="$base.massif" "$BIN" -C "$repo" "${brief[@]}" \
                >/dev/null || die "git-brief failed under valgrind"
            awk -F= '/^mem_heap_B=/ { if ($2 + 0 > max) max = $2 + 0 } END { print max + 0 }' \
                "$base.massif" >"$base.heap"
        fi

        python3 - "$size" "$case" "$base" >>"$OUT/results.jsonl" <<'PY'
import json, re, sys

size, case, base = int(sys.argv[1]), sys.argv[2], sys.argv[3]
brief = json.load(open(base + ".brief.json"))
commits, merges = brief["commits"], brief["merges"]
result = {"size": size, "case": case}
result["brief_commits"] = len(commits)
result["brief_merges"] = len(merges)
if case == "year-stats":
    result["brief_totals"] = [sum(c["stats"][k] for c in commits) for k in ("files", "insertions", "deletions")]

git_commits = git_merges = 0
totals = [0, 0, 0]
stat = re.compile(r"(\d+) files? changed(?:, (\d+) insertions?\(\+\))?(?:, (\d+) deletions?\(-\))?")
for line in open(base + ".git.txt", encoding="utf-8", errors="replace"):
    line = line.strip()
    if re.fullmatch(r"[0-9a-f]{40}( [0-9a-f]{40})*", line):
        parents = len(line.split()) - 1
        if parents > 1:
            git_merges += 1
        else:
            git_commits += 1
    elif m := stat.search(line):
        totals = [t + int(n or 0) for t, n in zip(totals, m.groups())]
result["git_commits"] = git_commits
result["git_merges"] = git_merges
if case == "year-stats":
    result["git_totals"] = totals

runs = {r["command"]: r for r in json.load(open(base + ".hyperfine.json"))["results"]}
for who in ("git-brief", "git"):
    key = "brief" if who == "git-brief" else "git"
    result[key + "_mean"] = runs[who]["mean"]
    result[key + "_stddev"] = runs[who]["stddev"]
    result[key + "_runs"] = len(runs[who]["times"])
    result[key + "_rss_kib"] = int(open(f"{base}.{key}.rss").read().strip())
try:
    result["brief_heap_b"] = int(open(base + ".heap").read().strip())
except FileNotFoundError:
    pass
print(json.dumps(result))
PY
    done
done

say "results"
python3 - "$OUT/results.jsonl" "$RESULTS" "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo '+changes')" "$SHAPE" "$OUT/paths-share.txt" <<'PY'
import json, os, platform, subprocess, sys, time

rows = [json.loads(line) for line in open(sys.argv[1])]
results_path, revision, shape, share_path = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
strict = os.environ.get("GIT_BRIEF_BENCH_STRICT", "") not in ("", "0")

def ms(seconds, sd=None):
    text = f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.2f} s"
    return text if sd is None else f"{text} ± {sd * 1000:,.1f}"

def mib(kib):
    return f"{kib / 1024:,.1f} MiB"

def heap(r):
    return mib(r["brief_heap_b"] / 1024) if "brief_heap_b" in r else "n/a"

WEEKS_PER_YEAR, PER_WEEK = 52, 58
week_base = min((r for r in rows if r["case"] == "week"), key=lambda r: r["size"])
failures, missed = [], []
lines = [
    "| size | case | git-brief mean | git mean | ratio | target | met? | max RSS git-brief (git) "
    "| peak heap | commits git-brief / git | totals equal? |",
    "|---:|---|---:|---:|---:|---|---|---:|---:|---|---|",
]
for r in rows:
    ratio = r["brief_mean"] / r["git_mean"]
    rss_ratio = r["brief_rss_kib"] / r["git_rss_kib"]
    if r["case"] == "week" and r["size"] < 300_000:
        flat = r["brief_mean"] / week_base["brief_mean"]
        target = f"flat: ≤ 1.25× the {week_base['size']:,} week"
        met = flat <= 1.25
        met_text = f"{'yes' if met else 'NO'} ({flat:.2f}×)"
    elif r["case"] == "whole-text":
        target = "max RSS < 300 MB"
        met = r["brief_rss_kib"] < 300 * 1000 * 1000 / 1024
        met_text = f"{'yes' if met else 'NO'} ({r['brief_rss_kib'] * 1024 / 1e6:,.0f} MB)"
    elif r["case"] == "year-stats":
        target = "max RSS ≤ 1.5× git's"
        met = rss_ratio <= 1.5
        met_text = f"{'yes' if met else 'NO'} ({rss_ratio:.2f}×)"
    else:
        limit = {"week": 1.5, "trend": 1.5, "year": 1.5, "year-prev": 1.5, "whole": 3.0}[r["case"]]
        target = f"≤ {limit:.1f}× git"
        met = ratio <= limit
        met_text = "yes" if met else "NO"
    if not met:
        missed.append(f"{r['size']:,} {r['case']}")
    counts_equal = (r["brief_commits"], r["brief_merges"]) == (r["git_commits"], r["git_merges"])
    counts = f"{r['brief_commits']:,}+{r['brief_merges']} / {r['git_commits']:,}+{r['git_merges']}"
    if not counts_equal:
        counts += " **DIFFER**"
        failures.append(f"{r['size']:,} {r['case']}: commits+merges {counts}")
    if "brief_totals" in r:
        equal = r["brief_totals"] == r["git_totals"]
        fmt = lambda t: "/".join(f"{n:,}" for n in t)
        totals = f"yes ({fmt(r['brief_totals'])})" if equal else f"**NO**: {fmt(r['brief_totals'])} vs git {fmt(r['git_totals'])}"
        if not equal:
            failures.append(f"{r['size']:,} {r['case']}: files/insertions/deletions {totals}")
    else:
        totals = "n/a"
    case = {
        "week": "one week (with trends)",
        "trend": "one week with --trend 8 (10 weeks read)",
        "year": "one year",
        "year-prev": "one year, with the year before",
        "whole": "the whole history",
        "whole-text": "the whole history, text brief",
        "year-stats": "one year --stats",
    }[r["case"]]
    lines.append(
        f"| {r['size']:,} | {case} | {ms(r['brief_mean'], r['brief_stddev'])} | {ms(r['git_mean'], r['git_stddev'])} "
        f"| {ratio:.2f}× | {target} | {met_text} | {mib(r['brief_rss_kib'])} ({mib(r['git_rss_kib'])}) | {heap(r)} | {counts} | {totals} |"
    )

# Memory: the same window over longer histories must cost the same memory.
# The 1,000-commit history is shorter than a year: its year is not a full one.
memory = [
    "",
    "| case | max RSS of git-brief by history size | peak heap by history size | grows with the history? |",
    "|---|---|---|---|",
]
for case in ("week", "year", "year-stats"):
    if not any(r["case"] == case for r in rows):
        continue
    of_case = [r for r in rows if r["case"] == case]
    full = [r for r in of_case if case == "week" or r["size"] >= WEEKS_PER_YEAR * PER_WEEK]
    rss = ", ".join(f"{r['size']:,}: {mib(r['brief_rss_kib'])}" for r in of_case)
    heaps = ", ".join(f"{r['size']:,}: {heap(r)}" for r in of_case)
    on_heap = all("brief_heap_b" in r for r in full)
    measure = (lambda r: r["brief_heap_b"]) if on_heap else (lambda r: r["brief_rss_kib"])
    if len(full) < 2:
        verdict = "n/a: only one history holds a full year (GIT_BRIEF_BENCH_LARGE=1 adds 300,000)"
    else:
        growth = max(map(measure, full)) / min(map(measure, full))
        what = "peak heap" if on_heap else "max RSS"
        verdict = f"{'no' if growth <= 1.25 else 'YES'} ({what} {growth:.2f}× from the smallest to the largest history)"
        if growth > 1.25:
            missed.append(f"memory {case}")
    memory.append(f"| {case} | {rss} | {heaps} | {verdict} |")

# How much of a year the classify step sends through the changed-paths check.
shares = [
    "",
    "| size | a year's commits | wording ambiguous (paths read: landed alone) "
    "| in units whose paths are read | units whose paths are read | units decided by their paths | tree diffs |",
    "|---:|---:|---:|---:|---:|---:|---:|",
]
pct = lambda n, d: f"{100 * n / d:.0f}%" if d else "n/a"
for line in open(share_path):
    fields = line.split()
    if not fields or fields[0] != "paths_share":
        continue
    size, commits, ambiguous, alone, reached, units, units_reached, by_paths, diffs = map(int, fields[1:10])
    shares.append(
        f"| {size:,} | {commits:,} | {ambiguous:,} ({pct(ambiguous, commits)}; {alone:,}, {pct(alone, commits)}) "
        f"| {reached:,} ({pct(reached, commits)}) | {units_reached:,} of {units:,} ({pct(units_reached, units)}) "
        f"| {by_paths:,} | {diffs:,} ({pct(diffs, commits)} of the commits) |"
    )

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
git_version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
header = [
    f"# git-brief vs git log ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
    "",
    f"Fixtures: {shape} shape. git-brief {revision}, release build; {git_version}; {os.cpu_count()} × {cpu}; "
    f"load average {os.getloadavg()[0]:.2f} at the end. Means of hyperfine runs (output through a pipe), "
    "max RSS from `/usr/bin/time -v` (it includes the pack index pages that lookups mapped, which grow with "
    "the repository for git as for git-brief), peak heap from valgrind massif. The week's git log covers the 14 days git-brief reads for it (the week and the one "
    "before, for trends); its commit counts are the week's own. Commits are non-merge + merge commits; totals are "
    "files changed / insertions / deletions summed over the window.",
    "",
]
text = "\n".join(header + lines + memory + shares) + "\n"
if failures:
    text += "\n**git-brief and git disagree:**\n\n" + "".join(f"- {f}\n" for f in failures)
if missed:
    text += "\nTargets missed: " + ", ".join(missed) + ".\n"
open(results_path, "w").write(text)
print(text)
print(f"(written to {results_path})", file=sys.stderr)
if failures:
    print("\n!!! FAILED: git-brief and git disagree on " + "; ".join(failures), file=sys.stderr)
    sys.exit(1)
if missed and strict:
    print("\n!!! FAILED (GIT_BRIEF_BENCH_STRICT): targets missed: " + ", ".join(missed), file=sys.stderr)
    sys.exit(2)
PY
