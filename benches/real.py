#!/usr/bin/env python3
"""Times git-brief against `git log` on clones of real repositories.

    benches/real.py [--bin target/release/git-brief] [--mirrors DIR] [--runs N] [--cases C,...] [REPO ...]

The same cases as benches/compare.sh, run on whatever clones are present
(fetched, never committed) as DIR/OWNER+NAME/repo or DIR/OWNER+NAME; REPO
narrows them to names containing it. The windows end at the clone's newest
first-parent commit, so a clone gives the same numbers until it is fetched
again. Each case is timed with hyperfine, the two commands alternating (one
run of each in turn, `--runs` times), and compared by medians:

  week        git-brief --since <7 days> --until U --format json (reads 2 weeks)
              vs git rev-list A..B + git log --no-merges --format=... A..B     target 1.5x
              over the two weeks (A, B: the newest first-parent commits
              before the bounds, as git-brief counts a window)
  year        git-brief --since <52 weeks> --until U --no-compare --format json
              vs git rev-list A..B + git log --no-merges --format=... A..B     target 1.5x
  year-prev   the same with the year before read for trends                    target 2.5x
  whole       the whole history (--since 1970-01-02), JSON vs git log B        target 4x
              and max RSS within 1.5x of git log's
  year-stats  the year with --stats vs git log --shortstat --no-renames A..B
              max RSS within 1.5x of git's; totals must be equal
  whole-names the whole history vs git log --no-merges --name-only B: git    no target
              reading what changed too, as the brief's evidence does (run
              only when named in --cases)

It checks that git-brief and git see the same commits and, with --stats, the
same totals, and prints a Markdown table (also written to
target/bench-real.md). Not part of CI.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = {"week": 1.5, "year": 1.5, "year-prev": 2.5, "whole": 4.0}
# Compared for reference only, and run only when asked for.
REFERENCES = {"whole-names"}


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True).stdout


def clones(mirrors, wanted):
    for name in sorted(os.listdir(mirrors)):
        if "+" not in name or (wanted and not any(w.lower() in name.lower() for w in wanted)):
            continue
        for path in (os.path.join(mirrors, name, "repo"), os.path.join(mirrors, name)):
            if os.path.isdir(path) and git(path, "rev-parse", "--is-inside-git-dir").strip() == "true":
                yield name.replace("+", "/"), path
                break


def max_rss(command):
    """Max RSS in KiB of a command, its output discarded."""
    with tempfile.NamedTemporaryFile("r") as out, open(os.devnull, "w") as null:
        subprocess.run(["/usr/bin/time", "-v", "-o", out.name, *command], stdout=null, check=True)
        return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.read()).group(1))


def medians(commands, runs):
    """Median seconds of each command; the commands alternate, run by run."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        subprocess.run(
            ["hyperfine", "-N", "--warmup", "1", "--runs", "1", "--style", "none", "--export-json", out.name]
            + commands,
            stdout=subprocess.DEVNULL,
            check=True,
        )
    times = [[] for _ in commands]
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
            subprocess.run(
                ["hyperfine", "-N", "--runs", "1", "--style", "none", "--export-json", out.name] + commands,
                stdout=subprocess.DEVNULL,
                check=True,
            )
            for i, result in enumerate(json.load(open(out.name))["results"]):
                times[i].extend(result["times"])
    return [sorted(t)[len(t) // 2] for t in times]


def landings(repo, head):
    """The first-parent commits from `head`, newest first, each with the time
    git-brief says it landed (src/history/chain.rs, `land`): its committer
    time held between the lower median of the four newer commits' landings
    and the upper median of the four older commits' times. A chain published
    with old dates (one of 2025 between commits of August) then cuts a window
    where git-brief cuts it, not at the first old date."""
    rows = [line.split() for line in git(repo, "log", "--first-parent", "--format=%H %ct", head).splitlines()]
    times = [int(t) for _, t in rows]
    landed = []
    for i, time in enumerate(times):
        newer, older = sorted(landed[max(0, i - 4) : i]), sorted(times[i + 1 : i + 5])
        high = newer[(len(newer) - 1) // 2] if newer else float("inf")
        low = older[len(older) // 2] if older else float("-inf")
        landed.append(min(max(time, low), high))
    return [(id, t) for (id, _), t in zip(rows, landed)]


def shell(command):
    return " ".join("'" + part.replace("'", "'\\''") + "'" for part in command)


def bench(name, repo, binary, runs, wanted):
    head = git(repo, "rev-parse", "HEAD").strip()
    # One second past the newest commit: --until is exclusive.
    until = datetime.fromtimestamp(int(git(repo, "log", "-1", "--format=%ct", head)) + 1, timezone.utc)
    stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    week, previous, year = until - timedelta(days=7), until - timedelta(days=14), until - timedelta(weeks=52)

    chain = landings(repo, head)

    def before(t):
        return next((id for id, landed in chain if landed < t.timestamp()), "")

    def span(start):
        a = before(start)
        return f"{a}..{b}" if a else b

    b = before(until)
    year_range, week_range, weeks_range = span(year), span(week), span(previous)
    fmt = "--format=%H%x00%s%x00%b"
    cases = {
        "week": (
            ["--since", stamp(week), "--until", stamp(until), "--format", "json"],
            [["rev-list", weeks_range], ["log", "--no-merges", fmt, weeks_range]],
            [week_range],
        ),
        "year": (
            ["--since", stamp(year), "--until", stamp(until), "--no-compare", "--format", "json"],
            [["rev-list", year_range], ["log", "--no-merges", fmt, year_range]],
            [year_range],
        ),
        "year-prev": (
            ["--since", stamp(year), "--until", stamp(until), "--format", "json"],
            [["rev-list", year_range], ["log", "--no-merges", fmt, year_range]],
            [year_range],
        ),
        "whole": (
            ["--since", "1970-01-02", "--until", stamp(until), "--no-compare", "--format", "json"],
            [["log", "--no-merges", fmt, b]],
            [b],
        ),
        "whole-names": (
            ["--since", "1970-01-02", "--until", stamp(until), "--no-compare", "--format", "json"],
            [["log", "--no-merges", "--name-only", fmt, b]],
            [b],
        ),
        "year-stats": (
            ["--since", stamp(year), "--until", stamp(until), "--no-compare", "--format", "json", "--stats"],
            [["log", "--shortstat", "--no-renames", "--format=%H", year_range]],
            [year_range],
        ),
    }
    rows = []
    for case, (args, git_runs, window) in cases.items():
        if (wanted and case not in wanted) or (not wanted and case in REFERENCES):
            continue
        print(f"==> {name}: {case}", file=sys.stderr)
        brief = [binary, "-C", repo, "--offline", "--tz", "UTC", *args]
        out = json.loads(subprocess.run(brief, capture_output=True, text=True, check=True).stdout)
        # The reading git is timed doing, so that a clone git cannot read is skipped.
        stats = {"year-stats": ["--shortstat", "--no-renames"], "whole-names": ["--name-only"]}.get(case, [])
        try:
            seen = git(repo, "log", *window, *stats, "--format=%H %P")
        except subprocess.CalledProcessError as e:
            # A fetched snapshot may lack its largest blobs: git then cannot
            # diff them, and there is nothing to compare with.
            reason = (e.stderr or "").strip().splitlines()[-1:] or [f"exit {e.returncode}"]
            print(f"    skipped: git cannot read this clone ({reason[0]})", file=sys.stderr)
            rows.append({"repo": name, "case": case, "skipped": reason[0]})
            continue
        git_commits = git_merges = 0
        totals = [0, 0, 0]
        stat = re.compile(r"(\d+) files? changed(?:, (\d+) insertions?\(\+\))?(?:, (\d+) deletions?\(-\))?")
        for line in seen.splitlines():
            if re.fullmatch(r"[0-9a-f]{40}( [0-9a-f]{40})*", line.strip()):
                parents = len(line.split()) - 1
                git_merges += parents > 1
                git_commits += parents <= 1
            elif m := stat.search(line):
                totals = [t + int(n or 0) for t, n in zip(totals, m.groups())]
        git_line = " && ".join(f"git -C {shell([repo])} {shell(r)} >/dev/null" for r in git_runs)
        git_command = f"sh -c {shell([git_line])}" if len(git_runs) > 1 else shell(["git", "-C", repo, *git_runs[0]])
        brief_time, git_time = medians([shell(brief), git_command], runs)
        row = {
            "repo": name,
            "case": case,
            "brief": brief_time,
            "git": git_time,
            "commits": (len(out["commits"]), len(out["merges"])),
            "git_commits": (git_commits, git_merges),
        }
        if case in ("whole", "whole-names", "year-stats"):
            row["rss"] = max_rss(brief)
            row["git_rss"] = max_rss(["git", "-C", repo, *git_runs[-1]])
        if case == "year-stats":
            row["totals"] = [sum(c["stats"][k] for c in out["commits"]) for k in ("files", "insertions", "deletions")]
            row["git_totals"] = totals
        rows.append(row)
    return rows


def table(rows, revision):
    lines = [
        f"git-brief {revision}; medians of alternating runs; max RSS from /usr/bin/time -v.",
        "",
        "| repository | case | git-brief | git | ratio | target | met? | max RSS git-brief (git) | commits+merges git-brief / git | totals equal? |",
        "|---|---|---:|---:|---:|---|---|---:|---|---|",
    ]
    missed, failures = [], []
    for r in rows:
        if "skipped" in r:
            lines.append(f"| {r['repo']} | {r['case']} | skipped: git fails on this clone ({r['skipped']}) | | | | | | | |")
            continue
        ratio = r["brief"] / r["git"]
        if r["case"] in REFERENCES:
            target, met = "none (reference)", True
        elif r["case"] in TARGETS:
            target = f"≤ {TARGETS[r['case']]}× time"
            met = ratio <= TARGETS[r["case"]]
        else:
            target = "RSS ≤ 1.5× git's"
            met = True
        rss = "n/a"
        if "rss" in r:
            rss_ratio = r["rss"] / r["git_rss"]
            rss = f"{r['rss'] / 1024:,.0f} MiB ({r['git_rss'] / 1024:,.0f} MiB, {rss_ratio:.2f}×)"
            target += ", RSS ≤ 1.5× git's" if r["case"] == "whole" else ""
            met = met and (rss_ratio <= 1.5 or r["case"] in REFERENCES)
        if not met:
            missed.append(f"{r['repo']} {r['case']}")
        counts = f"{r['commits'][0]:,}+{r['commits'][1]:,} / {r['git_commits'][0]:,}+{r['git_commits'][1]:,}"
        if r["commits"] != r["git_commits"]:
            counts += " **DIFFER**"
            failures.append(f"{r['repo']} {r['case']} commits")
        totals = "n/a"
        if "totals" in r:
            totals = "yes" if r["totals"] == r["git_totals"] else f"**NO** {r['totals']} vs {r['git_totals']}"
            if r["totals"] != r["git_totals"]:
                failures.append(f"{r['repo']} {r['case']} totals")
        lines.append(
            f"| {r['repo']} | {r['case']} | {r['brief'] * 1000:,.0f} ms | {r['git'] * 1000:,.0f} ms | {ratio:.2f}× "
            f"| {target} | {'yes' if met else 'NO'} | {rss} | {counts} | {totals} |"
        )
    if missed:
        lines += ["", "Targets missed: " + ", ".join(missed) + "."]
    if failures:
        lines += ["", "**git-brief and git disagree:** " + ", ".join(failures) + "."]
    return "\n".join(lines) + "\n", failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "git-brief"))
    parser.add_argument("--mirrors", default=os.environ.get("GIT_BRIEF_MIRRORS", "/work/.mirror"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cases", default="", help="only these cases, comma-separated (week,year,...)")
    parser.add_argument("repos", nargs="*")
    args = parser.parse_args()
    wanted = {c for c in args.cases.split(",") if c}
    unknown = wanted - set(TARGETS) - {"year-stats"} - REFERENCES
    if unknown:
        sys.exit(
            f"unknown case {', '.join(sorted(unknown))}: use week, year, year-prev, whole, year-stats or whole-names"
        )
    found = list(clones(args.mirrors, args.repos))
    if not found:
        sys.exit(f"no clones under {args.mirrors}: fetch some public repositories there first")
    rows = []
    for name, path in found:
        rows += bench(name, path, os.path.abspath(args.bin), args.runs, wanted)
    revision = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    text, failures = table(rows, revision)
    print(text)
    os.makedirs(os.path.join(ROOT, "target"), exist_ok=True)
    open(os.path.join(ROOT, "target", "bench-real.md"), "w").write(text)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
