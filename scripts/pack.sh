#!/usr/bin/env bash
# Packs what a student's or an engineer's project references into the local folder feed artifacts/packages/: LabRpc (the
# simulator and checker), LabRpc.KvService.Contract (the KV lab's contract), LabRpc.Raft.Contract (the Raft lab's contract), LabRpc.Analyzers (the submission rules),
# LabRpc.Tool (the command line as `labrpc`) and the templates (LabRpc.Templates: `dotnet new labrpc-kv`, `dotnet new labrpc-pb`, `dotnet new labrpc-raft`). The
# templates' nuget.config points at this folder; `dotnet tool install -g LabRpc.Tool --add-source artifacts/packages`.
#   scripts/pack.sh
# Each pack gets its own patch number, the commit count (0.1.<n>), and the templates ask for 0.1.* (the highest in the
# feed): a new pack is never shadowed by an older one of the same version in NuGet's package cache.
set -euo pipefail
cd "$(dirname "$0")/.."
version="0.1.$(git rev-list --count HEAD 2>/dev/null || echo 0)"
for project in LabRpc/LabRpc.csproj KvService/Contract/KvService.Contract.csproj Raft/Contract/LabRpc.Raft.Contract.csproj LabRpc.Analyzers/LabRpc.Analyzers.csproj KvService/KvService.csproj templates/LabRpc.Templates.csproj; do
  [ -f "$project" ] || continue
  dotnet pack "$project" -c Release -nologo -v:q -p:PackageVersion="$version"
done
ls artifacts/packages/
