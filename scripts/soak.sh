#!/usr/bin/env bash
# A long sweep of fault scenarios against the implementation under test (LABRPC_KV_IMPL, else the reference):
#   scripts/soak.sh [scenarios (default 20000)] [seed (default: a new one, printed)] [more check options...]
# On a violation it shrinks the first failing scenario, writes its artifacts and prints the replay command (exit 1).
set -uo pipefail
cd "$(dirname "$0")/.."
scenarios="${1:-20000}"
seed="${2:-$(( (RANDOM << 15) | RANDOM ))}"
shift $(( $# < 2 ? $# : 2 ))
echo "soak: $scenarios scenarios from seed $seed"
exec dotnet run -c Release --project KvService -- check --scenarios "$scenarios" --seed "$seed" "$@"
