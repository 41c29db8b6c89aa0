#!/usr/bin/env bash
# Our KV server over real TCP side by side with Go's net/rpc anchor (Benchmarks/GoAnchor), in one run:
#   scripts/bench-real.sh [seconds]   Go's kvserver + Go's kvload (1, 16, 64 clients, a connection each); our
#                                     'serve --in-memory' + kvload (1, 16, 64; a connection each, then one shared); our
#                                     durable 'serve --data <temp folder>' + kvload (the same); each server a process of
#                                     its own, started fresh and stopped after its runs; each run measures [seconds]
#                                     (default 5) after 1 s of warm-up
# Prints the machine's load, one line per run (Go's format; ours start with "cs"), then a markdown table of ops/s, p50
# and p99 per client count, with ours/Go ratios. BENCH_REAL_PORT (default 18734) is the first of the three ports used
# (Go, in-memory, durable); the script refuses to run if any is taken. Builds Release once; installs Go
# (scripts/setup-go.sh) when missing. Exit status 1 if any run failed (its cells say so), 2 for a bad argument or port.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
if ! [[ "$seconds" =~ ^[0-9]+([.][0-9]+)?$ ]] || [ "$(awk -v s="$seconds" 'BEGIN { print (s > 0) }')" != 1 ]; then
  echo "bench-real: '$seconds' is not a number of seconds above 0; usage: scripts/bench-real.sh [seconds]" >&2
  exit 2
fi
base=${BENCH_REAL_PORT:-18734}
if ! [[ "$base" =~ ^[0-9]+$ ]] || [ "$base" -lt 1 ] || [ "$base" -gt 65533 ]; then
  echo "bench-real: BENCH_REAL_PORT='$base' is not a port from 1 to 65533" >&2
  exit 2
fi
go_port=$base; mem_port=$((base + 1)); disk_port=$((base + 2))
for port in $go_port $mem_port $disk_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench-real: something already listens on 127.0.0.1:$port; stop it, or set BENCH_REAL_PORT to the first of three free ports." >&2
    exit 2
  fi
done
command -v go >/dev/null 2>&1 || scripts/setup-go.sh || exit 1

tmp=$(mktemp -d)
server=""
stop_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; fi
  server=""
}
cleanup() {
  stop_server
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME PORT COMMAND...: starts the server, waits until it says it listens; 1 if it does not.
start_server() {
  local name=$1 port=$2; shift 2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench-real: 127.0.0.1:$port was taken meanwhile; the $name runs are skipped" >&2
    return 1
  fi
  "$@" >"$tmp/$name.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    grep -q "listening on" "$tmp/$name.log" && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench-real: the $name server did not start; it printed:" >&2
  sed 's/^/  /' "$tmp/$name.log" >&2
  stop_server
  return 1
}

echo "# bench-real: ${seconds} s per run after 1 s of warm-up; $(nproc) cores; load:$(uptime | sed 's/.*load average://')"
echo "# building (Release) ..."
(cd Benchmarks/GoAnchor && go build -o "$tmp/" ./cmd/kvserver ./cmd/kvload) || { echo "bench-real: building Benchmarks/GoAnchor failed" >&2; exit 1; }
dotnet build Benchmarks/Benchmarks.csproj -c Release -v q -nologo >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; echo "bench-real: the Release build failed" >&2; exit 1; }
kvservice=(dotnet KvService/bin/Release/net10.0/KvService.dll)
kvload=(dotnet Benchmarks/bin/Release/net10.0/Benchmarks.dll kvload)
echo "# $(go version | cut -d' ' -f3-), .NET $(dotnet --version)"

status=0
results=$tmp/results.txt
: >"$results"
run() { # run COMMAND...: one load run; its line goes to the screen and the results
  local line
  if line=$("$@"); then :; else status=1; fi
  [ -n "$line" ] && { echo "$line"; echo "$line" >>"$results"; }
}

if start_server go "$go_port" "$tmp/kvserver" -addr "127.0.0.1:$go_port"; then
  for clients in 1 16 64; do run "$tmp/kvload" -addr "127.0.0.1:$go_port" -clients "$clients" -seconds "$seconds"; done
  kill -0 "$server" 2>/dev/null || { echo "bench-real: Go's server is gone" >&2; status=1; }
  stop_server
else status=1; fi

for kind in in-memory durable; do
  if [ "$kind" = durable ]; then port=$disk_port; store=(--data "$tmp/kvdata"); else port=$mem_port; store=(--in-memory); fi
  if start_server "$kind" "$port" "${kvservice[@]}" serve --port "$port" "${store[@]}"; then
    for conn in persistent shared; do
      shared=(); [ "$conn" = shared ] && shared=(--shared-connection)
      for clients in 1 16 64; do
        run "${kvload[@]}" --server "127.0.0.1:$port" --clients "$clients" --seconds "$seconds" --server-kind "$kind" --wait 30 "${shared[@]}"
      done
    done
    kill -0 "$server" 2>/dev/null || { echo "bench-real: our $kind server is gone; it printed:" >&2; sed 's/^/  /' "$tmp/$kind.log" >&2; status=1; }
    stop_server
  else status=1; fi
done

echo "# load after the runs:$(uptime | sed 's/.*load average://')"
echo
# The table: per client count, ops/s, p50 and p99 of each server, ours with its ratio to Go's figure (ours/Go).
awk '
  {
    who = $1; clients = ""; conn = ""; kind = "go"; errors = 0
    for (i = 2; i <= NF; i++) {
      split($i, kv, "=")
      if (kv[1] == "clients") clients = kv[2]
      else if (kv[1] == "conn") conn = kv[2]
      else if (kv[1] == "server") kind = kv[2]
      else if (kv[1] == "ops/s") ops = kv[2]
      else if (kv[1] == "p50_us") p50 = kv[2]
      else if (kv[1] == "p99_us") p99 = kv[2]
      else if (kv[1] == "errors") errors = kv[2]
    }
    col = (who == "go") ? "go" : kind "/" conn
    v[col, clients, "ops/s"] = ops; v[col, clients, "p50 µs"] = p50; v[col, clients, "p99 µs"] = p99
    if (errors > 0) bad[col, clients] = errors
  }
  function cell(col, c, f,   x, s) {
    if (!((col, c, f) in v)) return "failed (no figure)"
    x = v[col, c, f]
    s = sprintf("%.0f", x)
    if (col != "go" && (("go", c, f) in v) && v["go", c, f] > 0) s = s sprintf(" (%.2f×)", x / v["go", c, f])
    if ((col, c) in bad) s = s " [" bad[col, c] " errors]"
    return s
  }
  END {
    ncols = split("go in-memory/persistent in-memory/shared durable/persistent durable/shared", cols, " ")
    print "| clients | figure | Go net/rpc | ours in-memory | ours in-memory, one shared connection | ours durable | ours durable, one shared connection |"
    print "|---:|---|---:|---:|---:|---:|---:|"
    nf = split("ops/s|p50 µs|p99 µs", figs, "|")
    split("1 16 64", cs, " ")
    for (k = 1; k <= 3; k++)
      for (j = 1; j <= nf; j++) {
        line = "| " cs[k] " | " figs[j]
        for (i = 1; i <= ncols; i++) line = line " | " cell(cols[i], cs[k], figs[j])
        print line " |"
      }
  }' "$results"
echo
echo "(×: ours/Go; above 1 is more ops/s, or a longer latency. Go's clients have a connection each.)"
exit $status
