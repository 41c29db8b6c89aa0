#!/usr/bin/env bash
# Measures the KV suite (Tests/Kv: 6.824's kvsrv checks, memory, crashes, teeth) and runs the KV benchmarks.
#   scripts/bench-kv.sh          the suite's wall time (3 runs), then the BenchmarkDotNet KV benchmarks
#   scripts/bench-kv.sh suite    only the suite's wall time
#   KV_FILTER='FullyQualifiedName~KvServiceTests|FullyQualifiedName~KvMemoryTests' scripts/bench-kv.sh suite
#                                the course's ten checks alone
# Extra arguments after "suite"/"all" go to BenchmarkDotNet (e.g. --job short).
set -uo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}; shift || true
dotnet build LabRpc.sln -c Release -v quiet -nologo >/dev/null || exit 1
results=$(mktemp -d)
for run in 1 2 3; do
  rm -rf "$results"/*
  start=$(date +%s.%N)
  dotnet test Tests -c Release --no-build --filter "${KV_FILTER:-FullyQualifiedName~LabRpc.Tests.Kv.}" \
    --logger "trx;LogFileName=kv.trx" --results-directory "$results" >/dev/null 2>&1
  status=$?
  end=$(date +%s.%N)
  python3 - "$results"/*.trx "$start" "$end" "$status" <<'PY'
import re, sys
from datetime import datetime
trx, start, end, status = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
t = open(trx).read()
def secs(x):
    h, m, s = x.split(':'); return int(h) * 3600 + int(m) * 60 + float(s)
durations = [secs(d) for d in re.findall(r'<UnitTestResult [^>]*duration="([^"]+)"', t)]
def parse(v):
    return datetime.fromisoformat(re.sub(r'(\.\d{6})\d*', r'\1', v))
def stamp(name):
    return parse(re.search(name + r'="([^"]+)"', re.search(r'<Times [^>]*>', t).group(0)).group(1))
starts = [parse(v) for v in re.findall(r'<UnitTestResult [^>]*startTime="([^"]+)"', t)]
ends = [parse(v) for v in re.findall(r'<UnitTestResult [^>]*endTime="([^"]+)"', t)]
counters = re.search(r'<Counters [^>]*', t).group(0)
passed = re.search(r'passed="(\d+)"', counters).group(1); failed = re.search(r'failed="(\d+)"', counters).group(1)
print(f"KV suite: {len(durations)} tests ({passed} passed, {failed} failed): tests {sum(durations):.2f} s, "
      f"first test start to last test end {(max(ends) - min(starts)).total_seconds():.2f} s, "
      f"test run {(stamp('finish') - stamp('start')).total_seconds():.2f} s (of it {(min(starts) - stamp('start')).total_seconds():.2f} s "
      f"before the first test), dotnet test command {end - start:.2f} s (exit {status})")
PY
done
rm -rf "$results"
[ "$what" = "suite" ] && exit 0
dotnet run -c Release --no-build --project Benchmarks -- --filter '*KvThroughputBenchmarks*' '*PersistCostBenchmarks*' "$@"
