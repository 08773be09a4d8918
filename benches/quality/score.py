#!/usr/bin/env python3
"""Scores git-brief's buckets against the hand-labelled corpus in labels/.

    benches/quality/score.py [--bin target/release/git-brief] [--mirrors DIR] [--list]

For every labelled week of every repository whose clone is present, it runs
`git-brief --week W --tz UTC --format json --offline` on the clone's default
branch and finds each labelled landing among the brief's units (a merge by its
merge commit, any other landing by its one commit). A landing that is in no
unit (a merge that brought nothing) counts as noise.

It prints, per repository and overall:
  agree     the share of units whose bucket equals the label's
  +alt      the same, counting the label's debatable second bucket as agreement
  recall    of the units labelled delivered, fixed or attention, the share the
            brief shows in one of those sections
  precision of the units the brief shows there, the share so labelled
  security  labelled security units the brief missed (not attention for
            security), and security alarms on units labelled not security
and, with --list, every disagreement. Clones are looked for in --mirrors
(default $GIT_BRIEF_MIRRORS, else /work/.mirror) as OWNER+NAME/repo, a bare
clone as the search tool's fetch leaves it, or OWNER+NAME as a plain clone.
Nothing here is part of CI: the clones are public repositories, not committed.
"""

import argparse
import collections
import csv
import glob
import json
import os
import subprocess
import sys

STAKEHOLDER = {"delivered", "fixed", "attention"}
HERE = os.path.dirname(os.path.abspath(__file__))


def clone_of(mirrors, repo):
    owner, name = repo.split("/")
    for candidate in (f"{owner}+{name}/repo", f"{owner}+{name}", f"{owner}__{name}"):
        path = os.path.join(mirrors, candidate)
        if os.path.isdir(path):
            return path
    return None


def default_branch(path):
    out = subprocess.run(["git", "--git-dir", git_dir(path), "symbolic-ref", "HEAD"], capture_output=True, text=True)
    return out.stdout.strip().removeprefix("refs/heads/") or None


def git_dir(path):
    return path if os.path.exists(os.path.join(path, "HEAD")) else os.path.join(path, ".git")


def brief(binary, path, week):
    branch = default_branch(path)
    cmd = [binary, "-C", path, "--week", week, "--tz", "UTC", "--format", "json", "--offline", "--no-compare"]
    if branch:
        cmd += ["--branch", branch]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"git-brief failed on {path} {week}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def tool_verdicts(brief_json):
    """landing id -> (bucket, reason, title, evidence)"""
    verdicts = {}
    for unit in brief_json["units"]:
        verdict = (unit["bucket"], unit.get("reason"), unit["title"], unit.get("evidence"), unit.get("type"))
        if unit.get("merge"):
            verdicts[unit["merge"]] = verdict
        for commit in unit["commits"]:
            verdicts.setdefault(commit, verdict)
    return verdicts


RANK = ["attention", "fixed", "delivered", "maintenance", "noise"]


def brought(path, landing, verdicts):
    """A merge that is no unit of its own (a forward merge of a release
    branch, whose commits the brief lists one by one): the most important
    verdict among the units of what it brought in; noise when it brought
    nothing new."""
    out = subprocess.run(
        ["git", "--git-dir", git_dir(path), "rev-list", "--no-merges", f"{landing}^1..{landing}"],
        capture_output=True, text=True,
    )
    found = [verdicts[c] for c in out.stdout.split() if c in verdicts]
    if not found:
        return ("noise", None, "(no unit)", None, None)
    best = min(found, key=lambda v: (RANK.index(v[0]), v[1] != "security"))
    return (best[0], best[1], f"({len(found)} commits) {best[2]}", best[3], best[4])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(HERE, "..", "..", "target", "release", "git-brief"))
    parser.add_argument("--mirrors", default=os.environ.get("GIT_BRIEF_MIRRORS", "/work/.mirror"))
    parser.add_argument("--list", action="store_true", help="list every disagreement")
    parser.add_argument("--json", help="write every unit's label and verdict to this file")
    args = parser.parse_args()

    labels = collections.defaultdict(list)
    for path in sorted(glob.glob(os.path.join(HERE, "labels", "*.tsv"))):
        with open(path, newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                labels[row["repo"]].append(row)

    stats = collections.OrderedDict()
    disagreements, every = [], []
    for repo, rows in labels.items():
        path = clone_of(args.mirrors, repo)
        if not path:
            print(f"{repo}: no clone in {args.mirrors}, skipped", file=sys.stderr)
            continue
        verdicts = {}
        for week in sorted({r["week"] for r in rows}):
            verdicts.update(tool_verdicts(brief(args.bin, path, week)))
        s = collections.Counter()
        for row in rows:
            label, alt = row["bucket"], row["alt"]
            bucket, reason, title, evidence, kind = verdicts.get(row["landing"]) or brought(path, row["landing"], verdicts)
            secure = row["security"] == "yes"
            s["units"] += 1
            s["agree"] += bucket == label
            s["agree_alt"] += bucket in (label, alt)
            s["labelled"] += label in STAKEHOLDER
            s["shown"] += bucket in STAKEHOLDER
            s["both"] += label in STAKEHOLDER and bucket in STAKEHOLDER
            s["security"] += secure
            s["missed"] += secure and not (bucket == "attention" and reason == "security")
            s["alarm"] += (not secure) and reason == "security"
            every.append(dict(row, tool=bucket, reason=reason, title=title, evidence=evidence, type=kind))
            if bucket != label or (secure != (reason == "security")):
                disagreements.append((repo, row["week"], row["landing"][:10], row["unit"], label, alt, bucket, reason, evidence, title))
        stats[repo] = s

    def pct(a, b):
        return f"{100 * a / b:5.1f}%" if b else "    —"

    total = sum(stats.values(), collections.Counter())
    print(f"| repository | units | agree | +alt | recall | precision | security missed | false alarms |")
    print(f"|---|---:|---:|---:|---:|---:|---:|---:|")
    for repo, s in list(stats.items()) + [("overall", total)]:
        print(
            f"| {repo} | {s['units']} | {pct(s['agree'], s['units'])} | {pct(s['agree_alt'], s['units'])} | "
            f"{pct(s['both'], s['labelled'])} | {pct(s['both'], s['shown'])} | {s['missed']} of {s['security']} | {s['alarm']} |"
        )
    if args.list:
        print()
        for d in disagreements:
            repo, week, landing, unit, label, alt, bucket, reason, evidence, title = d
            got = bucket + (f" ({reason})" if reason else "") + (f" [{evidence}]" if evidence else "")
            print(f"{repo} {week} {landing} {unit}: label {label}/{alt}, brief {got}: {title[:90]}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(every, f, indent=1)


if __name__ == "__main__":
    main()
