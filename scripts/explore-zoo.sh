#!/usr/bin/env bash
# Finds each deliberately broken implementation (Tests/Scenarios/Broken, Tests/Kv/Broken) by systematic exploration: for
# each, `explore --impl Tests.dll:<Type>` on the configurations 1x1, 1x2, 2x1, 1x3, 2x2, 2x3 (clients x operations, one
# key), each with seeds 1 to 3, with the default bounds (at most 2 faults, 1 crash, 2 deviations), until one fails; then
# explores the reference completely on each configuration used. Prints a markdown table on stdout (progress on stderr):
# member, configuration, schedules judged until found, the counterexample's size, seconds (of the explore command, which
# includes starting the process).
#
# Usage: scripts/explore-zoo.sh [Type ...]      (default: every member of the zoo; a Type is a full or short name)
# Environment: SEEDS (default "1 2 3"), CONFIGS (default "1x1 1x2 2x1 1x3 2x2 2x3").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seeds=${SEEDS:-1 2 3}
configs=${CONFIGS:-1x1 1x2 2x1 1x3 2x2 2x3}
zoo=(
  NoDuplicateTableKv LostDuplicateTableKv SequenceOnlyDuplicatesKv NewSequenceOnRetryKv ReplyBeforePersistKv
  RemembersOnlyGetsKv TwoStepPersistKv AwaitBeforeRecordKv ForgetsClientOnGetKv RandomClientIdKv GivesUpClerkKv
  ValuesThenEntryPersistKv ForgetsClientOnPutKv LabRpc.Tests.Kv.Broken.NoDuplicateDetectionKv
)
if [ $# -gt 0 ]; then zoo=("$@"); fi

echo "Building (Release)..." >&2
if ! build=$(dotnet build Tests/Tests.csproj -c Release 2>&1); then
  echo "$build" | grep -E "error" | sort -u >&2
  echo "The build failed: fix it and run again." >&2
  exit 2
fi
kvservice=$root/KvService/bin/Release/net10.0/KvService.dll
tests=$root/Tests/bin/Release/net10.0/Tests.dll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One exploration: prints "<exit code> <seconds>" and leaves the output in $work/out.
explore() {
  local status=0 start=$SECONDS
  (cd "$work" && dotnet "$kvservice" explore "$@" --out "$work/failure" >"$work/out" 2>&1) || status=$?
  rm -rf "$work/failure"
  echo "$status $(awk -v s="$(grep -oE 'in [0-9.]+ s' "$work/out" | head -1 | grep -oE '[0-9.]+')" 'BEGIN { print s }')"
}

rows=()
used=()
for member in "${zoo[@]}"; do
  type=$member
  case $type in *.*) ;; *) type=LabRpc.Tests.Scenarios.Broken.$type ;; esac
  found=""
  for config in $configs; do
    clients=${config%x*} ops=${config#*x}
    for seed in $seeds; do
      read -r status seconds < <(explore --impl "$tests:$type" --seed "$seed" --clients "$clients" --ops "$ops")
      if [ "$status" -eq 1 ]; then
        line=$(grep -E "^VIOLATION after" "$work/out" | head -1)
        schedules=$(sed -E 's/^VIOLATION after ([0-9,]+) schedules?.*/\1/' <<<"$line")
        verdict=$(sed -E 's/^VIOLATION after [0-9,]+ schedules? \((.*)\); the counterexample.*/\1/' <<<"$line")
        size=$(sed -E 's/.*the counterexample has ([0-9]+) non-default choice\(s\) in ([0-9]+) branching points.*/\1 non-default choice(s) in \2 branching points/' <<<"$line")
        workload=$(grep -E "^  workload:" "$work/out" | sed -E 's/^  workload: //')
        found="| ${member##*.} | $clients × $ops, seed $seed ($workload) | $schedules | $size | $verdict | $seconds |"
        used+=("$clients $ops $seed")
        break 2
      elif [ "$status" -ne 0 ]; then
        echo "  ${member##*.} $config seed $seed: exit $status: $(tail -1 "$work/out")" >&2
      fi
    done
  done
  [ -n "$found" ] || found="| ${member##*.} | not found in $configs (seeds $seeds) | — | — | — | — |"
  rows+=("$found")
  echo "  $found" >&2
done

reference=()
for key in $(printf '%s\n' "${used[@]}" | sort -u | tr ' ' '_'); do
  IFS=_ read -r clients ops seed <<<"$key"
  read -r status seconds < <(explore --seed "$seed" --clients "$clients" --ops "$ops")
  result=$(grep -E "^(COMPLETE|INCOMPLETE|VIOLATION|UNKNOWN)" "$work/out" | head -1)
  reference+=("| reference | $clients × $ops, seed $seed | ${result%%:*} | $(grep -oE '\(([0-9,]+) schedules?\)' "$work/out" | head -1 | tr -d '()') | exit $status | $seconds |")
  echo "  reference $clients x $ops seed $seed: $result" >&2
done

echo
echo "| member | configuration (first found) | schedules until found | counterexample | verdict | seconds |"
echo "|---|---|---:|---|---|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "| implementation | configuration | search | schedules | exit | seconds |"
echo "|---|---|---|---:|---|---:|"
printf '%s\n' "${reference[@]}"
echo
echo "(explore with the default bounds; seconds are the search's own, as explore prints them)"
