#!/usr/bin/env bash
# Runs the whole Raft suite (3A-3D) against each member of the zoo (Raft/Raft/Zoo/RaftZoo.cs) and prints, per member,
# the tests that fail and the first failure's message: which test and which check or invariant catches each bug.
#   scripts/raft-zoo.sh                 every member
#   scripts/raft-zoo.sh Name1 Name2     those members
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet build Tests -c Release -v quiet -nologo >/dev/null || exit 1
members=("$@")
if [ ${#members[@]} -eq 0 ]; then
  mapfile -t members < <(grep -o 'Member("[A-Za-z]*"' Raft/Raft/Zoo/RaftZoo.cs | cut -d'"' -f2)
fi
results=$(mktemp -d)
for m in "${members[@]}"; do
  rm -rf "$results"/*
  LABRPC_RAFT_IMPL="zoo:$m" dotnet test Tests -c Release --no-build --filter "FullyQualifiedName~LabRpc.Tests.Raft.Raft3" \
    --logger "trx;LogFileName=zoo.trx" --results-directory "$results" >/dev/null 2>&1
  python3 - "$results"/zoo.trx "$m" <<'PY'
import re, sys, html
t = open(sys.argv[1]).read(); member = sys.argv[2]
failed = []
for m in re.finditer(r'<UnitTestResult [^>]*testName="([^"]+)"[^>]*outcome="Failed"[^>]*>(.*?)</UnitTestResult>', t, re.S):
    msg = re.search(r'<Message>(.*?)</Message>', m.group(2), re.S)
    text = html.unescape(msg.group(1)).split('\n')[0] if msg else ''
    failed.append((m.group(1), text))
print(f"{member}: {len(failed)} of 28 tests fail")
for name, text in failed:
    print(f"  {name}: {text[:220]}")
PY
done
rm -rf "$results"
