#!/usr/bin/env bash
# Runs the benchmarks (BenchmarkDotNet, Release). Without arguments: the core benchmarks (RPC per call,
# 100 concurrent clients, timer churn). Pass a filter for others, e.g. scripts/bench.sh '*Checker*'.
set -euo pipefail
cd "$(dirname "$0")/.."
filter=${1:-'LabRpc.Benchmarks.Core.*'}
shift || true
dotnet run -c Release --project Benchmarks -- --filter "$filter" "$@"
