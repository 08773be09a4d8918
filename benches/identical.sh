#!/usr/bin/env bash
# Runs two git-brief binaries over the same windows of clones of real
# repositories and says whether their outputs are byte-identical: the check
# a performance change must pass (benches/real.py measures it).
#
#   benches/identical.sh BEFORE AFTER [MIRRORS]
#
# MIRRORS (default $GIT_BRIEF_MIRRORS, else /work/.mirror) holds clones as
# OWNER+NAME/repo or OWNER+NAME, as for benches/real.py. For each, the
# windows end one second past the newest commit: a week, a year (52 weeks),
# the year with --stats, and the whole history without comparison, each in
# JSON and Markdown. Standard error and the exit status must match too.
# Exits 1 when anything differs; the outputs stay in a temporary directory
# named at the end.
set -u
before=${1:?usage: benches/identical.sh BEFORE AFTER [MIRRORS]}
after=${2:?usage: benches/identical.sh BEFORE AFTER [MIRRORS]}
mirrors=${3:-${GIT_BRIEF_MIRRORS:-/work/.mirror}}
out=$(mktemp -d)
stamp() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
status=0
for dir in "$mirrors"/*+*; do
  repo=$dir/repo
  [[ -d $repo ]] || repo=$dir
  [[ "$(git -C "$repo" rev-parse --is-inside-git-dir 2>/dev/null)" == true ]] || continue
  name=$(basename "$dir")
  newest=$(git -C "$repo" log -1 --format=%ct HEAD)
  until=$((newest + 1))
  cases=(
    "week|--since $(stamp $((until - 7 * 86400))) --until $(stamp $until)"
    "year|--since $(stamp $((until - 364 * 86400))) --until $(stamp $until)"
    "year-stats|--since $(stamp $((until - 364 * 86400))) --until $(stamp $until) --stats"
    "whole|--since 1970-01-02 --until $(stamp $until) --no-compare"
  )
  for case in "${cases[@]}"; do
    label=${case%%|*}
    read -r -a args <<<"${case#*|}"
    for format in json markdown; do
      file=$out/$name.$label.$format
      "$before" -C "$repo" --offline --tz UTC "${args[@]}" --format "$format" >"$file.before" 2>"$file.before.err"
      echo "exit $?" >>"$file.before.err"
      "$after" -C "$repo" --offline --tz UTC "${args[@]}" --format "$format" >"$file.after" 2>"$file.after.err"
      echo "exit $?" >>"$file.after.err"
      if cmp -s "$file.before" "$file.after" && cmp -s "$file.before.err" "$file.after.err"; then
        echo "same     $name $label $format ($(wc -c <"$file.before") bytes)"
      else
        echo "DIFFERS  $name $label $format"
        status=1
      fi
    done
  done
done
echo "outputs in $out"
exit $status
