#!/usr/bin/env bash
# Grading throughput and the cost of isolation, measured with the command line on this machine.
#   scripts/bench-grade.sh [submissions=10] [rubric=KvService/Grading/default-rubric.json]
# Makes a class of copies of Tests/Grading/Corpus/correct, then times:
#   1. grade, build included (a fresh results folder);
#   2. grade again into the same folder, build excluded (projects whose files did not change are not built again);
#   3. worker start: a grading of one built submission with one tiny test, without and with bubblewrap (median of 5).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
rubric=${2:-KvService/Grading/default-rubric.json}
dotnet build KvService -c Release -nologo -v:q >/dev/null
kv="dotnet KvService/bin/Release/net10.0/KvService.dll"
work=$(mktemp -d /tmp/labrpc-bench-grade.XXXXXX)
for i in $(seq -w 1 "$n"); do
  mkdir -p "$work/class/s$i"
  cp Tests/Grading/Corpus/correct/*.cs "$work/class/s$i/"
  cp Tests/Grading/Corpus/correct/correct.csproj "$work/class/s$i/s$i.csproj"
done
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
echo "class of $n copies of the correct submission; rubric $rubric"
t1=$(seconds $kv grade "$work/class" --rubric "$rubric" --out "$work/grades")
echo "grade, build included:  $t1 s  ($(echo "scale=2; $t1 / $n" | bc) s per submission)"
t2=$(seconds $kv grade "$work/class" --rubric "$rubric" --out "$work/grades")
echo "grade, build excluded:  $t2 s  ($(echo "scale=2; $t2 / $n" | bc) s per submission)"
grep -c ",graded," "$work/grades/grades.csv" | sed 's/^/submissions graded: /'
mkdir -p "$work/one/s1" && cp "$work/grades/.work/build/out/s01/s01.dll" "$work/one/s1/"
cat > "$work/tiny.json" <<'JSON'
{ "name": "tiny", "groups": [ { "name": "faults", "points": 1, "scenarios": { "faults": "none", "count": 1, "seeds": [1] } } ], "nondeterminism": { "samples": 0 } }
JSON
for mode in --no-sandbox ""; do
  times=$(for r in 1 2 3 4 5; do seconds $kv grade "$work/one" --rubric "$work/tiny.json" --out "$work/tiny$r" $mode; done | sort -n)
  echo "one tiny test ${mode:-(bubblewrap)}: median $(echo "$times" | sed -n 3p) s (of: $(echo $times))"
done
rm -rf "$work"
