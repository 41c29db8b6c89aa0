#!/usr/bin/env bash
# The checker's decision from unique values against its search, on many generated histories (random and adversarial:
# stale, future and garbage reads, lost and duplicated appends, wrong old values, unknown outcomes, values outside the
# class). The test suite runs 25,000; this runs more.
#   scripts/check-differential.sh [histories] [seed]    default: 1000000 histories, seed 20261207
# Ends with the test's summary line, e.g. "1,000,000 histories (seed 20261207) agree; parts decided from values: ...".
set -uo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
seed=${2:-20261207}
if ! [[ "$count" =~ ^[1-9][0-9]*$ && "$seed" =~ ^[0-9]+$ ]]; then
  echo "check-differential: usage: scripts/check-differential.sh [histories] [seed] (whole numbers, histories above 0)" >&2
  exit 2
fi
dotnet build Tests -c Release -v quiet -nologo >/dev/null || { echo "check-differential: the build failed" >&2; exit 1; }
LABRPC_DIFFERENTIAL_HISTORIES=$count LABRPC_DIFFERENTIAL_SEED=$seed \
  dotnet test Tests -c Release --no-build --filter "FullyQualifiedName~UniqueValueDifferentialTests" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "histories \(seed|History [0-9]+|Passed!|Failed!|Expected|But was" | sed "s/^ *//" | awk "!seen[\$0]++"
exit "${PIPESTATUS[0]}"
