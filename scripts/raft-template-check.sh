#!/usr/bin/env bash
# Makes a Raft submission from the template the way a student does and runs part 3A against it: packs LabRpc, the Raft
# contract and the analyzer into a scratch feed, installs templates/raft into a scratch hive, `dotnet new labrpc-raft`,
# builds it (no warnings expected: the analyzer allows the contract), and runs Tests/Raft's 3A, which fails honestly
# ("expected one leader, got none") until the peer is written.
#   scripts/raft-template-check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
version="0.1.$(git rev-list --count HEAD 2>/dev/null || echo 0)"
for project in LabRpc/LabRpc.csproj Raft/Contract/LabRpc.Raft.Contract.csproj LabRpc.Analyzers/LabRpc.Analyzers.csproj; do
  dotnet pack "$project" -c Release -nologo -v:q -p:PackageVersion="$version" -o "$scratch/feed" >/dev/null || exit 1
done
dotnet new install templates/raft --debug:custom-hive "$scratch/hive" >/dev/null || exit 1
(cd "$scratch" && dotnet new labrpc-raft -o myraft --feed "$scratch/feed" --debug:custom-hive "$scratch/hive" >/dev/null) || exit 1
(cd "$scratch/myraft" && NUGET_PACKAGES="$scratch/nuget" dotnet build -c Release 2>&1 | grep -E "warning|error|Build succeeded" | sort -u)
dotnet build Tests -c Release -v quiet -nologo >/dev/null || exit 1
LABRPC_RAFT_IMPL="$scratch/myraft/bin/Release/net10.0/myraft.dll" dotnet test Tests -c Release --no-build \
  --filter "FullyQualifiedName~LabRpc.Tests.Raft.Raft3A" 2>&1 | grep -E "RaftCheckException|Passed!|Failed!" | sort -u
rm -rf "$scratch"
