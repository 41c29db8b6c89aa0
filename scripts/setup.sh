#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK. Safe to run twice; scripts/test.sh runs it when chromium is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet restore LabRpc.sln

# The linearizability picture is tested in a real headless browser: Debian's chromium.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "setup: chromium is missing; install it (sudo apt-get install chromium) for the browser tests." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null \
    || { echo "setup: installing chromium failed; install it (apt-get install chromium) for the browser tests." >&2; exit 1; }
fi

# The grader runs each submission's worker inside bubblewrap where it is installed (no network, read-only harness).
if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=""; fi
  if [ -n "$sudo" ] || [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq bubblewrap >/dev/null \
      || echo "setup: installing bubblewrap failed; the grader will run workers without a sandbox (it says so)." >&2
  else
    echo "setup: bubblewrap is missing (apt-get install bubblewrap); the grader will run workers without a sandbox." >&2
  fi
fi
