#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK. Safe to run twice.
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet restore LabRpc.sln
