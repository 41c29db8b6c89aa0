#!/usr/bin/env bash
# The Go anchor (Benchmarks/GoAnchor): the 6.824 lecture note's net/rpc KV server, and a load generator.
#   scripts/bench-go.sh [seconds]   builds both, starts the server as a process of its own (pinned nowhere), and runs
#                                    1, 16 and 64 clients with a connection each, then 1 client that dials per call
#                                    as the note's client does; each run measures [seconds] (default 5) after 1 s of warm-up
# Prints the machine's load, then one line per run:
#   go clients=16 conn=persistent seconds=5.0 ops=... ops/s=... p50_us=... p99_us=... errors=0
# GO_ANCHOR_ADDR moves the server (default 127.0.0.1:1234, the note's port). Installs Go (scripts/setup-go.sh) when missing.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
if ! [[ "$seconds" =~ ^[0-9]+([.][0-9]+)?$ ]] || [ "$(awk -v s="$seconds" 'BEGIN { print (s > 0) }')" != 1 ]; then
  echo "bench-go: '$seconds' is not a number of seconds above 0; usage: scripts/bench-go.sh [seconds]" >&2
  exit 2
fi
command -v go >/dev/null 2>&1 || scripts/setup-go.sh || exit 1

addr=${GO_ANCHOR_ADDR:-127.0.0.1:1234}
host=${addr%:*}; port=${addr##*:}
if (exec 3<>"/dev/tcp/${host:-127.0.0.1}/$port") 2>/dev/null; then
  echo "bench-go: something already listens on $addr; stop it, or set GO_ANCHOR_ADDR to a free address." >&2
  exit 2
fi

bin=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; fi
  rm -rf "$bin"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(cd Benchmarks/GoAnchor && go build -o "$bin/" ./cmd/kvserver ./cmd/kvload) || { echo "bench-go: building Benchmarks/GoAnchor failed" >&2; exit 1; }
"$bin/kvserver" -addr "$addr" 2>/dev/null &
server=$!

echo "# $(go version | cut -d' ' -f3-), $(nproc) cores, load:$(uptime | sed 's/.*load average://')"
status=0
for clients in 1 16 64; do
  "$bin/kvload" -addr "$addr" -clients "$clients" -seconds "$seconds" || status=1
done
"$bin/kvload" -addr "$addr" -clients 1 -dial-per-call -seconds "$seconds" || status=1
kill -0 "$server" 2>/dev/null || { echo "bench-go: the server is gone (it could not listen on $addr?)" >&2; status=1; }
exit $status
