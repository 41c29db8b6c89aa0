#!/usr/bin/env bash
# Runs the linearizability checker benchmarks (Porcupine's inputs) with BenchmarkDotNet.
# Extra arguments go to BenchmarkDotNet (e.g. --job short).
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project Benchmarks -- --filter '*CheckerBenchmarks*' "$@"
