#!/usr/bin/env bash
# Runs the whole test suite (Release build) and ends with one line: "N passed, N failed".
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Network").
# The browser tests need Debian's chromium: when it is missing, scripts/setup.sh installs it first.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "test: chromium is missing (the browser tests need it); running scripts/setup.sh" >&2
  scripts/setup.sh || echo "test: the browser tests will fail until chromium is installed" >&2
fi
results=TestResults
rm -rf "$results"
dotnet test LabRpc.sln -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?
passed=0; failed=0
for trx in $(find "$results" -name '*.trx' 2>/dev/null); do
  p=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
