#!/usr/bin/env bash
# The linearizability checker beside Porcupine (Go), on this machine, in one run:
#   scripts/bench-checker-go.sh [reps]     reps: timed checks per input and side (default 5), after one untimed check
# Inputs, each checked by both, one right after the other:
#   - Porcupine's own benchmark histories (data/histories): all etcd logs, etcd_002, c10 and c50 ok/bad by key, c10 ok/bad
#     without partitioning;
#   - hot-key histories recorded from the simulator (Benchmarks hotkey-history: the reference server, labrpc's unreliable
#     network, N clients × 20 operations, get : put : append even): one key, as recorded and with one stale or garbage read;
#     four keys with a stale read. LabRpc checks each twice: as it is (decided from unique values), and with the search
#     only (--search-only, as a history outside that class is checked).
# Then LabRpc alone on one hot key from 22 to 1,000 clients (puts and appends; and get : put : append).
# Porcupine: PORCUPINE_REPO (a git URL or path; default https://github.com/anishathalye/porcupine) at PORCUPINE_REF
# (default 55508eb, its HEAD when this was written), cloned into ${XDG_CACHE_HOME:-~/.cache}/labrpc/porcupine-<ref>;
# built with Debian's Go (scripts/setup-go.sh installs it) and Benchmarks/Linearizability/PorcupineRunner, which reads the
# same files and checks them with Porcupine's models (an unknown outcome returns at the end with an output the model
# accepts). A Porcupine check past PORCUPINE_TIMEOUT (default 120s) is reported as such.
# Each line: input, LabRpc median ms, Porcupine median ms, Porcupine / LabRpc, and both verdicts (which must agree).
set -uo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
if ! [[ "$reps" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench-checker-go: '$reps' is not a whole number above 0; usage: scripts/bench-checker-go.sh [reps]" >&2
  exit 2
fi
command -v go >/dev/null 2>&1 || scripts/setup-go.sh || exit 1
repo=${PORCUPINE_REPO:-https://github.com/anishathalye/porcupine}
ref=${PORCUPINE_REF:-55508eb}
ptimeout=${PORCUPINE_TIMEOUT:-120s}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/labrpc/porcupine-$ref
if [ ! -d "$cache/.git" ]; then
  rm -rf "$cache" && mkdir -p "$(dirname "$cache")"
  git clone -q "$repo" "$cache" && git -C "$cache" checkout -q "$ref" \
    || { echo "bench-checker-go: cannot get Porcupine $ref from $repo (set PORCUPINE_REPO to a clone)" >&2; rm -rf "$cache"; exit 1; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/runner" "$work/histories"
cp Benchmarks/Linearizability/PorcupineRunner/main.go "$work/runner/"
cat > "$work/runner/go.mod" <<EOF
module labrpc/porcupinerunner

go 1.19

require github.com/anishathalye/porcupine v0.0.0

replace github.com/anishathalye/porcupine => $cache
EOF
(cd "$work/runner" && go build -o runner .) || { echo "bench-checker-go: building the Porcupine runner failed" >&2; exit 1; }
dotnet build Benchmarks -c Release -v quiet -nologo >/dev/null || { echo "bench-checker-go: building Benchmarks failed" >&2; exit 1; }
ours=(dotnet Benchmarks/bin/Release/net10.0/Benchmarks.dll)
porcupine="$work/runner/runner"

h=$work/histories
record() { "${ours[@]}" hotkey-history --out "$h/$1" "${@:2}" >/dev/null || { echo "bench-checker-go: recording $1 failed" >&2; exit 1; }; }
record hot-ok.txt --clients 24 --seed 1
record hot-stale.txt --clients 24 --seed 1 --mutate stale
record hot-garbage.txt --clients 24 --seed 1 --mutate garbage
record four-keys-stale.txt --clients 60 --keys 4 --seed 2 --mutate stale
etcd=$(ls data/histories/jepsen/etcd_*.log | grep -v etcd_095)

# median and verdict of one side: "<name> <best> <median> <verdict>" -> "<median> <verdict>"
field() { awk '{ print $3, $4 }'; }
compare() { # label, our flags, porcupine flags, files...
  local label=$1 oflags=$2 pflags=$3; shift 3
  local o p
  o=$("${ours[@]}" checker-times --reps "$reps" $oflags "$@" | tail -1 | field)
  p=$("$porcupine" -reps "$reps" -timeout "$ptimeout" $pflags "$@" | tail -1 | field)
  local om=${o% *} ov=${o#* } pm=${p% *} pv=${p#* }
  if [ "$pv" = unknown ]; then
    printf '%-34s %10s %12s %8s   %s / %s\n' "$label" "$om" ">$ptimeout" ">" "$ov" "timeout"
  else
    printf '%-34s %10s %12s %7.1fx   %s / %s\n' "$label" "$om" "$pm" "$(awk -v a="$pm" -v b="$om" 'BEGIN { print a / b }')" "$ov" "$pv"
  fi
  [ "$pv" = unknown ] || [ "$ov" = "$pv" ] || echo "  ^ the verdicts differ" >&2
}

echo "# $(go version | cut -d' ' -f3-), Porcupine $(git -C "$cache" log -1 --format=%h), .NET $(dotnet --version), $(nproc) cores, load:$(uptime | sed 's/.*load average://'); medians of $reps"
printf '%-34s %10s %12s %8s   %s\n' input "LabRpc ms" "Porcupine ms" ratio "verdicts"
compare "etcd, all 102" "--together etcd" "-together etcd" $etcd
compare "etcd_002" "" "" data/histories/jepsen/etcd_002.log
for f in c10-ok c10-bad c50-ok c50-bad; do compare "$f, by key" "" "" "data/histories/kv/$f.txt"; done
for f in c10-ok c10-bad; do compare "$f, no partitioning" "--no-partition" "-nopartition" "data/histories/kv/$f.txt"; done
for f in hot-ok hot-stale hot-garbage four-keys-stale; do
  compare "$f" "" "" "$h/$f.txt"
  compare "$f, search only" "--search-only" "" "$h/$f.txt"
done

echo "# LabRpc alone, one hot key, N clients x 20 operations, unreliable network (median ms)"
printf '%-10s %16s %22s\n' clients "put : append" "get : put : append"
for n in 22 24 26 30 100 1000; do
  record "pa-$n.txt" --clients "$n" --mix 0:1:1 --seed 3
  record "gpa-$n.txt" --clients "$n" --seed 3
  printf '%-10s %16s %22s\n' "$n" "$("${ours[@]}" checker-times --reps "$reps" "$h/pa-$n.txt" | field)" "$("${ours[@]}" checker-times --reps "$reps" "$h/gpa-$n.txt" | field)"
done
