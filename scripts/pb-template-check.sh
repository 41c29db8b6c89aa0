#!/usr/bin/env bash
# A primary/backup submission made the way a student makes one from templates/pb, built and judged as a student would:
# a project in a folder outside the repository, with the code of Tests/PrimaryBackup/Plain (the plain implementation,
# written from docs/students/primary-backup.md against the contract alone) in place of the skeleton, built against the
# contract only; then the PB suite (LABRPC_PB_IMPL) and `check --service pb` run against its dll. The project references
# the clone's contract by path (the template's own project takes the packages: Tests/Templates/StudentTemplateTests
# builds that one). With --skeleton, the template's code is built as it is (it must compile; its tests fail).
#
# Usage: scripts/pb-template-check.sh [--skeleton]      Environment: SCENARIOS (default 500) for the check.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/mypb"
# The template's project, with a path reference into this clone in place of the packages.
cat > "$work/mypb/mypb.csproj" <<'PROJECT'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$(LabRpcRoot)KvService/Contract/KvService.Contract.csproj" />
  </ItemGroup>
</Project>
PROJECT
if [ "${1:-}" = --skeleton ]; then
  cp templates/pb/*.cs "$work/mypb/"
else
  for file in Tests/PrimaryBackup/Plain/*.cs; do
    # The test project's global usings (LabRpc, NUnit) are not a student's: the file says what it uses.
    { echo "using LabRpc;"; sed -e 's/^namespace LabRpc\.Tests\.PrimaryBackup\.Plain;/namespace MyPb;/' "$file"; } > "$work/mypb/$(basename "$file")"
  done
fi
echo "Building the submission in $work/mypb against $root/KvService/Contract ..." >&2
dotnet build "$work/mypb" -c Release -p:LabRpcRoot="$root/" 2>&1 | grep -E "error|warn|Build succeeded|Elapsed" | sort -u >&2
dll=$work/mypb/bin/Release/net10.0/mypb.dll
[ -f "$dll" ] || { echo "no $dll: the build failed" >&2; exit 2; }
if [ "${1:-}" = --skeleton ]; then echo "The skeleton builds: $dll" >&2; exit 0; fi
echo "The PB suite against $dll ..." >&2
LABRPC_PB_IMPL=$dll dotnet test Tests/Tests.csproj -c Release --filter "FullyQualifiedName~LabRpc.Tests.PrimaryBackup.Suite" 2>&1 | tail -3
dotnet run -c Release --project KvService -- check --service pb --impl "$dll" -n "${SCENARIOS:-500}" --out "$work/failure" 2>&1 | tail -2
