#!/usr/bin/env bash
# Grading throughput, measured with the command line on this machine, bubblewrap on (as the grader requires).
#   scripts/bench-grade.sh [submissions=10] [rubric=KvService/Grading/default-rubric.json] [repeats=3]
# Makes a class of copies of Tests/Grading/Corpus/correct, every project called mykv.csproj, then, with the grader as
# `dotnet run` builds it (JIT) and as scripts/grade.sh publishes it (ReadyToRun):
#   1. one student, as a student grades their own (`grade class/s01`, fresh results: compile included), median of repeats;
#   2. the whole class, compile included (fresh results), once;
# and the time per phase from the instructor's records (.instructor/*.json): compile, tests, determinism re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
rubric=${2:-KvService/Grading/default-rubric.json}
repeats=${3:-3}
dotnet build KvService -c Release -nologo -v:q >/dev/null
scripts/grade.sh /nonexistent >/dev/null 2>&1 || true   # publishes .grader/ (ReadyToRun) if it is out of date
work=$(mktemp -d /tmp/labrpc-bench-grade.XXXXXX)
trap 'rm -rf "$work"' EXIT
for i in $(seq -w 1 "$n"); do
  mkdir -p "$work/class/s$i"
  cp Tests/Grading/Corpus/correct/*.cs "$work/class/s$i/"
  cp Tests/Grading/Corpus/correct/correct.csproj "$work/class/s$i/mykv.csproj"
done
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
phases() { jq -r '.timings | [.build, .tests, .rerun] | @tsv' "$1"/.instructor/*.json | awk '{b+=$1; t+=$2; r+=$3} END {printf "compile %.2f s, tests %.2f s, re-run %.2f s (means per submission)", b/NR, t/NR, r/NR}'; }
echo "class of $n copies of the correct submission; rubric $rubric; $(nproc) cores"
for mode in jit r2r; do
  if [ $mode = jit ]; then kv="dotnet KvService/bin/Release/net10.0/KvService.dll"; else kv="dotnet .grader/KvService.dll"; fi
  one=$(for r in $(seq 1 "$repeats"); do seconds $kv grade "$work/class/s01" --rubric "$rubric" --out "$work/one-$mode-$r"; done | median)
  echo "$mode: one student (compile included): median $one s; $(phases "$work/one-$mode-1")"
  t=$(seconds $kv grade "$work/class" --rubric "$rubric" --out "$work/grades-$mode")
  echo "$mode: class of $n (compile included): $t s ($(echo "scale=2; $t / $n" | bc) s per submission); $(phases "$work/grades-$mode")"
  grep -c ",graded," "$work/grades-$mode/grades.csv" | sed "s/^/$mode: submissions graded: /"
done
