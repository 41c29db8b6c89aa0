#!/usr/bin/env bash
# Grades with a ReadyToRun build of the grader: `scripts/grade.sh <submissions> [grade options...]`, the same options as
# `dotnet run -c Release --project KvService -- grade`. The harness, the compiler and the workers' code are compiled to
# native code ahead of time (dotnet publish -p:PublishReadyToRun=true), so that neither the grader's first compile of a
# submission nor each worker's start waits for the JIT. The build goes to .grader/ and is made again when the
# sources changed. The first run publishes (about a minute); `scripts/bench-grade.sh` measures both ways.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.grader
stamp="$out/.sources"
sources=$( (git rev-parse HEAD; git status --porcelain -- LabRpc LabRpc.Analyzers KvService; git diff HEAD -- LabRpc LabRpc.Analyzers KvService) 2>/dev/null | sha256sum | cut -c1-16)
if [ ! -f "$out/KvService.dll" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sources" ]; then
  echo "grade: publishing the grader (ReadyToRun) into $out/ ..." >&2
  rm -rf "$out"
  dotnet publish KvService -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o "$out" -nologo -v:q >&2
  echo "$sources" > "$stamp"
fi
cd - >/dev/null
exec dotnet "$(dirname "$0")/../$out/KvService.dll" grade "$@"
