#!/usr/bin/env bash
# Installs Go (Debian's golang-go) when it is missing. Only scripts/bench-go.sh needs it; the build and the tests do not.
set -uo pipefail
if command -v go >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  echo "setup-go: Go is missing; install it (sudo apt-get install golang-go) to run scripts/bench-go.sh." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq golang-go >/dev/null \
  || { $sudo apt-get update -qq && $sudo apt-get install -y -qq golang-go >/dev/null; } \
  || { echo "setup-go: installing golang-go failed; install Go 1.19 or later yourself to run scripts/bench-go.sh." >&2; exit 1; }
go version
