#!/usr/bin/env bash
# How quickly `check` catches each deliberately broken implementation (Tests/Scenarios/Broken, Tests/Kv/Broken): for
# each one and each sweep seed, `check --impl Tests.dll:<Type> -s <seed> --no-shrink` with the default number of
# scenarios, and the number of the first failing scenario (as check prints it, counting from 0) and how many failed.
# Prints a markdown table on stdout (progress on stderr). 14 members × 20 seeds take about 30 minutes on two cores.
#
# Usage: scripts/catch-rates.sh [Type ...]      (default: every member of the zoo; a Type is a full or short name)
# Environment: SEEDS (default "$(seq 1 20)"), SCENARIOS (default: check's own, 200), PARALLEL (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seeds=${SEEDS:-$(seq 1 20)}
parallel=${PARALLEL:-2}
scenarios=()
if [ -n "${SCENARIOS:-}" ]; then scenarios=(-n "$SCENARIOS"); fi

zoo=(
  NoDuplicateTableKv LostDuplicateTableKv SequenceOnlyDuplicatesKv NewSequenceOnRetryKv ReplyBeforePersistKv
  RemembersOnlyGetsKv TwoStepPersistKv AwaitBeforeRecordKv ForgetsClientOnGetKv RandomClientIdKv GivesUpClerkKv
  ValuesThenEntryPersistKv ForgetsClientOnPutKv
  LabRpc.Tests.Kv.Broken.NoDuplicateDetectionKv
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
start=$SECONDS

# One sweep: prints "<first failing scenario or -> <failures or -> <note>".
sweep() {
  local type=$1 seed=$2 out status=0
  case $type in *.*) ;; *) type=LabRpc.Tests.Scenarios.Broken.$type ;; esac
  out=$(cd "$work" && dotnet "$kvservice" check --impl "$tests:$type" -s "$seed" --no-shrink --parallel "$parallel" \
    --out "$work/failure" "${scenarios[@]}" 2>&1) || status=$?
  rm -rf "$work/failure"
  local summary
  summary=$(grep -E "^All [0-9,]+ scenarios passed|scenarios failed\. The first is scenario|^Stopped after" <<<"$out" | head -1 || true)
  if [ "$status" -eq 0 ] && [[ $summary == All* ]]; then
    echo "- 0 passed"
  elif [ "$status" -eq 1 ] && [[ $summary =~ ^([0-9,]+)\ of\ [0-9,]+\ scenarios\ failed\.\ The\ first\ is\ scenario\ ([0-9]+) ]]; then
    echo "${BASH_REMATCH[2]} ${BASH_REMATCH[1]//,/} failed"
  elif [ "$status" -eq 1 ] && [[ $summary =~ scenario\ ([0-9]+)\ .*blocked ]]; then
    echo "${BASH_REMATCH[1]} - blocked"
  else
    echo "- - error(exit $status): $(tail -1 <<<"$out")"
  fi
}

header="| implementation |"
rule="|---|"
for seed in $seeds; do header+=" $seed |"; rule+="---:|"; done
rows=()
for member in "${zoo[@]}"; do
  row="| ${member##*.} |"
  caught=0 total=0
  for seed in $seeds; do
    read -r first failed note < <(sweep "$member" "$seed")
    total=$((total + 1))
    case $note in
      failed) caught=$((caught + 1)); cell="$first ($failed)" ;;
      blocked) caught=$((caught + 1)); cell="$first (blocked)" ;;
      passed) cell="—" ;;
      *) cell="error"; echo "  $member, seed $seed: $note" >&2 ;;
    esac
    row+=" $cell |"
    echo "  ${member##*.} seed $seed: $cell  ($((SECONDS - start)) s)" >&2
  done
  rows+=("$row **$caught of $total** |")
done

echo
echo "First failing scenario of each sweep (check's number, from 0) and, in brackets, how many of the ${SCENARIOS:-200} failed; — none did."
echo
echo "$header caught on |"
echo "$rule---:|"
printf '%s\n' "${rows[@]}"
echo
echo "($((SECONDS - start)) s; check --no-shrink --parallel $parallel on $(nproc) processors)"
