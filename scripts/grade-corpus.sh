#!/usr/bin/env bash
# Grades the test corpus (Tests/Grading/Corpus) with the corpus rubric, then grades it again with --verify: the second
# grading must give the same scores, outcomes and trace hashes (exit code 0). Prints the class table and the verdict.
#   scripts/grade-corpus.sh [results-folder=/tmp/labrpc-corpus-grades]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/labrpc-corpus-grades}
rm -rf "$out"
dotnet build KvService -c Release -nologo -v:q >/dev/null
kv="dotnet KvService/bin/Release/net10.0/KvService.dll"
$kv grade Tests/Grading/Corpus --rubric Tests/Grading/corpus-rubric.json --out "$out" | grep -v '%$'
$kv grade Tests/Grading/Corpus --rubric Tests/Grading/corpus-rubric.json --out "$out" --verify | grep -v '%$'
