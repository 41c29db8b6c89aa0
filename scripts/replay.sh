#!/usr/bin/env bash
# Replays a saved fault scenario exactly (the check command prints this command, with full paths, for each failure):
#   scripts/replay.sh failures/<implementation>-<seed>/scenario.json [--impl <implementation>] [--out <folder>] [--log]
#     [--check-timeout <time>|none]
# Works from any folder. Prints the verdict and the trace hash, and whether the hash is the one the file recorded.
# Exit code 0: passed; 1: a violation; 2: bad option, unreadable file or unknown implementation; 3: not the same run;
# 4: unknown (the checker ran out of time and nothing else was wrong: not a pass).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/KvService/bin/Release/net10.0"
dll="$bin/KvService.dll"
stamp="$dll"
[ "$bin/LabRpc.dll" -nt "$stamp" ] && stamp="$bin/LabRpc.dll"
# The Release build, as the other scripts use; built first unless it is newer than every source file.
if [ -f "$dll" ] && [ -z "$(find "$root/KvService" "$root/LabRpc" "$root/Directory.Build.props" "$root/Directory.Packages.props" \
    \( -name bin -o -name obj \) -prune -o -type f -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  exec dotnet "$dll" replay "$@"
fi
exec dotnet run -c Release --project "$root/KvService" -- replay "$@"
