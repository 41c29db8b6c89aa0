#!/usr/bin/env bash
# The cost of building one submission: the grader's in-process Roslyn compile with the submission rules
# (SubmissionCompiler; the first compile in a process, then later ones).
#   scripts/bench-compile.sh [rounds=5]
# Runs three times: with .NET's default JIT settings, as the grader runs (KvService: no quick JIT), and as the tests run
# (no tiered compilation): the first compile is mostly the JIT compiling Roslyn's own code.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
dotnet build Benchmarks -c Release -nologo -v:q >/dev/null
bench="dotnet Benchmarks/bin/Release/net10.0/Benchmarks.dll compile Tests/Grading/Corpus Benchmarks/bin/Release/net10.0"
echo "== default JIT"
$bench "$rounds"
echo "== as the grader runs (KvService: TieredCompilationQuickJit=false)"
DOTNET_TC_QuickJit=0 $bench "$rounds"
echo "== as the tests run (TieredCompilation=false)"
DOTNET_TieredCompilation=0 $bench "$rounds"
