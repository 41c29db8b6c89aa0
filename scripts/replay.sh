#!/usr/bin/env bash
# Replays a saved fault scenario exactly (the check command prints this command for each failure):
#   scripts/replay.sh failures/<implementation>-<seed>/scenario.json [--impl <implementation>] [--out <folder>] [--log]
# Prints the verdict and the trace hash, and whether the hash is the one the file recorded.
# Exit code 0: passed; 1: a violation; 2: unreadable file or unknown implementation; 3: not the same run.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec dotnet run -c Release --project "$root/KvService" -- replay "$@"
