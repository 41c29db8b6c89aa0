#!/usr/bin/env bash
# How quickly `check --lab pb` catches each flaw class of the primary/backup zoo (Tests/PrimaryBackup/Broken): for
# each member and each sweep seed, `check --lab pb --impl Tests.dll:...BrokenPb.<Member> -s <seed> --no-shrink` with
# the default number of scenarios, and the number of the first failing scenario (as check prints it, counting from 0;
# the sweep reports its lowest-numbered failure). Prints a markdown table on stdout (progress on stderr). 8 members × 20 seeds
# take about 10 minutes on two cores.
#
# Usage: scripts/catch-rates-pb.sh [Member ...]      (default: every member; a Member is a property of BrokenPb)
# Environment: SEEDS (default "$(seq 1 20)"), SCENARIOS (default: check's own, 200), PARALLEL (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seeds=${SEEDS:-$(seq 1 20)}
parallel=${PARALLEL:-2}
scenarios=()
if [ -n "${SCENARIOS:-}" ]; then scenarios=(-n "$SCENARIOS"); fi

zoo=(
  AnswersBeforeBackup AcceptsStalePrimary TransferWithoutDuplicates ServesAfterReplaced
  ReappliesForwards NeverAsksAgain CopiesStateBeforeLock LastSequenceOnly
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

# One sweep: prints "<first failing scenario or -> <note>".
sweep() {
  local member=$1 seed=$2 out status=0
  out=$(cd "$work" && dotnet "$kvservice" check --lab pb --impl "$tests:LabRpc.Tests.PrimaryBackup.Broken.BrokenPb.$member" -s "$seed" \
    --no-shrink --parallel "$parallel" --out "$work/failure" "${scenarios[@]}" 2>&1) || status=$?
  rm -rf "$work/failure"
  if [ "$status" -eq 0 ] && grep -qE "^All [0-9,]+ scenarios passed" <<<"$out"; then
    echo "- passed"
  elif [ "$status" -eq 1 ] && [[ $(grep -oE "The first is scenario [0-9]+" <<<"$out" | head -1) =~ scenario\ ([0-9]+) ]]; then
    echo "${BASH_REMATCH[1]} failed"
  else
    echo "- error(exit $status): $(tail -1 <<<"$out")"
  fi
}

header="| flaw class (member) |"
rule="|---|"
for seed in $seeds; do header+=" $seed |"; rule+="---:|"; done
rows=()
for member in "${zoo[@]}"; do
  row="| $member |"
  caught=0 total=0 worst=-1
  for seed in $seeds; do
    read -r first note < <(sweep "$member" "$seed")
    total=$((total + 1))
    case $note in
      failed) caught=$((caught + 1)); cell="$first"; if [ "$first" -gt "$worst" ]; then worst=$first; fi ;;
      passed) cell="—" ;;
      *) cell="error"; echo "  $member, seed $seed: $note" >&2 ;;
    esac
    row+=" $cell |"
    echo "  $member seed $seed: $cell  ($((SECONDS - start)) s)" >&2
  done
  rows+=("$row **$caught of $total** (latest $worst) |")
done

echo
echo "First failing scenario of each sweep (check's number, from 0) of the ${SCENARIOS:-200}; — none failed."
echo
echo "$header caught on |"
echo "$rule---:|"
printf '%s\n' "${rows[@]}"
echo
echo "($((SECONDS - start)) s; check --lab pb --no-shrink --parallel $parallel on $(nproc) processors)"
