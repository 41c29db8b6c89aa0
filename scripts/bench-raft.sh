#!/usr/bin/env bash
# Measures the wall time of the Raft suite (Tests/Raft: 6.5840's 3A-3D, 28 tests) on the reference, three runs.
#   scripts/bench-raft.sh                       the reference
#   LABRPC_RAFT_IMPL=zoo:Name scripts/bench-raft.sh   another implementation (reference, zoo:Name, path/to/Assembly.dll)
# Each run prints: the tests' own time, the window from the first test's start to the last one's end, and the whole
# `dotnet test` command (process start and test discovery included). The build is not timed.
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet build Tests -c Release -v quiet -nologo >/dev/null || exit 1
results=$(mktemp -d)
for run in 1 2 3; do
  rm -rf "$results"/*
  start=$(date +%s.%N)
  dotnet test Tests -c Release --no-build --filter "FullyQualifiedName~LabRpc.Tests.Raft.Raft3" \
    --logger "trx;LogFileName=raft.trx" --results-directory "$results" >/dev/null 2>&1
  status=$?
  end=$(date +%s.%N)
  python3 - "$results"/*.trx "$start" "$end" "$status" <<'PY'
import re, sys
from datetime import datetime
trx, start, end, status = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
t = open(trx).read()
def secs(x):
    h, m, s = x.split(':'); return int(h) * 3600 + int(m) * 60 + float(s)
def parse(v):
    return datetime.fromisoformat(re.sub(r'(\.\d{6})\d*', r'\1', v))
durations = [secs(d) for d in re.findall(r'<UnitTestResult [^>]*duration="([^"]+)"', t)]
starts = [parse(v) for v in re.findall(r'<UnitTestResult [^>]*startTime="([^"]+)"', t)]
ends = [parse(v) for v in re.findall(r'<UnitTestResult [^>]*endTime="([^"]+)"', t)]
counters = re.search(r'<Counters [^>]*', t).group(0)
passed = re.search(r'passed="(\d+)"', counters).group(1); failed = re.search(r'failed="(\d+)"', counters).group(1)
print(f"Raft 3A-3D: {len(durations)} tests ({passed} passed, {failed} failed): tests {sum(durations):.2f} s, "
      f"first test start to last test end {(max(ends) - min(starts)).total_seconds():.2f} s, "
      f"dotnet test command {end - start:.2f} s (exit {status})")
PY
done
rm -rf "$results"
