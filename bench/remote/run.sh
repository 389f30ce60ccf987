#!/usr/bin/env bash
# Runs the remote-actor benchmarks (bench/remote/): pykka's nodes on one nats-server (the served
# actors on the threading runtime, and again on the fiber runtime) beside CAF 0.17's middleman
# (publish/remote_actor), all on loopback, each with its server actors in a second process. The
# systems alternate within every repetition, the order rotated each time; the summary gives
# medians and ours ÷ CAF.
#
#   bench/remote/run.sh              5 repetitions of the full counts
#   bench/remote/run.sh --quick      3 repetitions of smaller counts
#
# Options: --reps N (repetitions), --out DIR (also write the figures into DIR/benchmarks.md, in
# the section "Remote actors (NATS) beside CAF's", between its generated-part markers; the rest
# of the file is kept).
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=full
reps=""
out=""
while (($#)); do
  case "$1" in
    --quick) mode=quick ;;
    --reps) reps="$2"; shift ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "bench/remote/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [[ -z "$reps" ]]; then
  if [[ $mode == quick ]]; then reps=3; else reps=5; fi
fi
./scripts/setup.sh
for tool in nats-server python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench/remote/run.sh: $tool not found (scripts/setup.sh installs it)" >&2
    exit 1
  fi
done

build=build/release
cmake --preset release -DPYKKA_BUILD_BENCHMARKS=ON >/dev/null
# Only the two binaries (and the library): the build yields to whatever else the machine runs.
nice -n 10 cmake --build "$build" -j2 \
  --target bench_remote_pykka bench_remote_fiber bench_remote_caf >/dev/null

# scenario | count (full, quick)
plan=(
  "tell          1000000 200000"
  "ask_pipelined 200000  50000"
  "ask_latency   10000   3000"
)

results_dir="$build/bench-results"
mkdir -p "$results_dir"
raw="$results_dir/remote-$mode.txt"
: >"$raw"

# One nats-server for every pykka run, on a free loopback port, stopped by its PID on exit.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nats-server -a 127.0.0.1 -p "$port" >"$results_dir/remote-nats-server.log" 2>&1 &
nats_pid=$!
stop_nats() {
  kill "$nats_pid" 2>/dev/null || true
  wait "$nats_pid" 2>/dev/null || true
}
trap stop_nats EXIT
up=""
for ((i = 0; i < 200; i++)); do
  if ! kill -0 "$nats_pid" 2>/dev/null; then break; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then up=1; break; fi
  sleep 0.05
done
if [[ -z $up ]]; then
  echo "bench/remote/run.sh: nats-server did not come up on port $port within 10 s" \
       "(log: $results_dir/remote-nats-server.log)" >&2
  exit 1
fi
url="nats://127.0.0.1:$port"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)

run_one() {  # system scenario command...
  local system=$1 scenario=$2
  shift 2
  local output status=0 line
  output=$(timeout 300 "$@" 2>"$results_dir/last_stderr.txt") || status=$?
  line=$(grep '^RESULT ' <<<"$output" || true)
  if [[ $status -eq 0 && -n $line ]]; then
    echo "$line" >>"$raw"
    printf '  %-14s %-6s %s\n' "$scenario" "$system" \
      "$(sed 's/.*value=\([^ ]*\) unit=\([^ ]*\).*/\1 \2/' <<<"$line")"
  else
    failure="$results_dir/remote-failed-$scenario-$system-$rep.txt"
    { echo "exit status $status"; echo "$output"; cat "$results_dir/last_stderr.txt"; } >"$failure"
    echo "  $scenario $system FAILED (exit status $status; see $failure)" >&2
    echo "FAILED scenario=remote_$scenario system=$system" >>"$raw"
  fi
}

# pykka and fiber: the served actors on the threading and on the fiber runtime.
systems=(pykka fiber caf)
for ((rep = 1; rep <= reps; rep++)); do
  echo "=== repetition $rep/$reps ($mode) ==="
  for entry in "${plan[@]}"; do
    read -r scenario full quick <<<"$entry"
    count=$full
    [[ $mode == quick ]] && count=$quick
    for ((k = 0; k < ${#systems[@]}; k++)); do
      system=${systems[$(((k + rep) % ${#systems[@]}))]}
      case $system in
        pykka | fiber)
          run_one "$system" "$scenario" "$build/bench/remote/bench_remote_$system" "$scenario" \
            "$count" "$url" ;;
        caf) run_one caf "$scenario" "$build/bench/remote/bench_remote_caf" "$scenario" "$count" ;;
      esac
    done
  done
done

elapsed=$(($(date +%s) - started))
command="bench/remote/run.sh"
if [[ $mode == quick ]]; then command+=" --quick"; fi
if [[ ($mode == full && $reps != 5) || ($mode == quick && $reps != 3) ]]; then
  command+=" --reps $reps"
fi
machine="$(nproc) cores, $(uname -sr), load $load_before at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"

python3 bench/remote/report.py "$raw" "$reps" "$elapsed" "$command" "$machine" "$out"
