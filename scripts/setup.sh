#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK. Safe to run twice.
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet restore LabRpc.sln

# The linearizability picture is tested in a real headless browser: Debian's chromium.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is missing; install it (sudo apt-get install chromium) for the browser test." >&2
  fi
fi
