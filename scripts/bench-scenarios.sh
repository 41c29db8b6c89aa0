#!/usr/bin/env bash
# Measures the check command's speed with BenchmarkDotNet: the standard scenario (5 clients x 50 operations,
# unreliable network, one crash) run against the reference implementation and judged, on one core.
# Reports scenarios per second and simulated seconds per wall-clock second. Also the sweep's own scenarios, KV next to
# primary/backup (SweepScenarioBenchmarks). Extra arguments go to BenchmarkDotNet.
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project Benchmarks -- --filter '*ScenarioBenchmarks*' "$@"
