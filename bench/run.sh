#!/usr/bin/env bash
# Runs every benchmark scenario for pykka, the naive port (the same scenario code on
# pykka::NaiveActor, the deliberately simple runtime: a new thread per actor, mutexes and condition
# variables), CAF and Python Pykka, and Pykka's own Python scripts again on this project's Python
# package, interleaved over several repetitions, and reports medians and ratios.
#
#   bench/run.sh            full run: writes docs/benchmarks.md and docs/benchmarks.png
#   bench/run.sh --quick    short run (< 2 min): prints the summary table only
#
# Options: --reps N (repetitions), --only a,b (scenarios), --out DIR (report folder; default
# docs/ for a full run), --nice N (run every benchmark process, of every system alike, at this
# nice level; a negative level needs root and keeps other work on a shared machine from
# stealing the cores), --baseline DIR (also run DIR/bench/<scenario>/bench_<scenario>_pykka, the
# release build of another commit, as system "baseline", interleaved with the others, and print an
# A/B table: how a change is measured). Extra CMake configure arguments can be passed in
# PYKKA_BENCH_CMAKE_ARGS.
# The machine should be otherwise idle; on a loaded machine the medians still hold the ranking,
# but absolute figures drop, thread-per-actor request/response most of all.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
reps=""
only=""
out=""
nice_level=""
baseline=""
while (($#)); do
  case "$1" in
    --quick) mode=quick ;;
    --reps) reps="$2"; shift ;;
    --only) only="$2"; shift ;;
    --out) out="$2"; shift ;;
    --nice) nice_level="$2"; shift ;;
    --baseline) baseline="$2"; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [[ -z "$reps" ]]; then
  if [[ $mode == quick ]]; then reps=3; else reps=5; fi
fi
if [[ -z "$out" && $mode == full ]]; then out=docs; fi

./scripts/setup.sh
python=/usr/bin/python3
if ! "$python" -c 'import pykka' 2>/dev/null; then
  echo "bench/run.sh: $python cannot import pykka (Debian package python3-pykka)" >&2
  exit 1
fi

build=build/release
# shellcheck disable=SC2086  # word splitting of the extra arguments is intended
cmake --preset release -DPYKKA_BUILD_BENCHMARKS=ON -DPYKKA_BUILD_PYTHON=ON \
  ${PYKKA_BENCH_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j2 --target pykka_benchmarks pykka_python_core pykka_python_sources >/dev/null
site="$build/python/site"  # this project's Python package, run beside Debian's Pykka

# scenario | count for pykka and CAF (full, quick) | count for Python Pykka (full, quick; - = none)
# Python Pykka and a CAF thread blocking on a request are two orders of magnitude slower than the
# rest, so they run fewer iterations; every figure is a rate, so counts only change the noise.
plan=(
  "tell                 10000000 2000000   200000 50000"
  "ask_thread           200000   50000     20000  4000"
  "ask_actor            200000   50000     20000  4000"
  "spawn                20000    5000      2000   500"
  "proxy                -        -         20000  4000"
  "stop_all             10000    2000      -      -"
  "memory               10000    2000      10000  2000"
  "memory_tuned         10000    2000      -      -"
  "idle_cpu             1000     1000      1000   1000"
  "savina_pingpong      200000   50000     -      -"
  "savina_counting      1000000  300000    -      -"
  "savina_threadring    100000   20000     -      -"
  "savina_fj_throughput 10000    2000      -      -"
  "savina_fj_creation   10000    3000      -      -"
  "savina_big           2000     500       -      -"
)
caf_ask_thread_counts=(20000 2000)  # CAF's blocked thread manages ~11k requests/s
glibc_tls_tunables="glibc.rtld.nns=1:glibc.rtld.optional_static_tls=0"
idle_window=5
[[ $mode == quick ]] && idle_window=2

launcher=()
if [[ -n "$nice_level" ]]; then
  if [[ $nice_level == -* && $(id -u) -ne 0 ]]; then
    echo "bench/run.sh: --nice $nice_level needs root; running at the normal level" >&2
    nice_level=""
  else
    launcher=(nice -n "$nice_level")
  fi
fi

results_dir="$build/bench-results"
mkdir -p "$results_dir"
raw="$results_dir/$mode.txt"
: >"$raw"
started=$(date +%s)

run_one() {  # system scenario command...
  local system=$1 scenario=$2
  shift 2
  local line
  if line=$(timeout 300 "${launcher[@]}" "$@" 2>"$results_dir/last_stderr.txt" | grep '^RESULT '); then
    # A baseline binary reports itself as pykka: label it with the system it runs as.
    line=$(sed "s/ system=[^ ]*/ system=$system/" <<<"$line")
    echo "$line" >>"$raw"
    printf '  %-22s %-13s %s\n' "$scenario" "$system" "$(sed 's/.*value=\([^ ]*\) unit=\([^ ]*\).*/\1 \2/' <<<"$line")"
  else
    echo "  $scenario $system FAILED (stderr in $results_dir/last_stderr.txt)" >&2
    echo "FAILED scenario=$scenario system=$system" >>"$raw"
  fi
}

for ((rep = 1; rep <= reps; rep++)); do
  echo "=== repetition $rep/$reps ($mode) ==="
  for entry in "${plan[@]}"; do
    read -r scenario full quick py_full py_quick <<<"$entry"
    if [[ -n "$only" && ",$only," != *",$scenario,"* ]]; then continue; fi
    count=$full py_count=$py_full caf_count=$full
    if [[ $mode == quick ]]; then count=$quick py_count=$py_quick caf_count=$quick; fi
    if [[ $scenario == ask_thread ]]; then
      caf_count=${caf_ask_thread_counts[0]}
      [[ $mode == quick ]] && caf_count=${caf_ask_thread_counts[1]}
    fi
    extra=()
    [[ $scenario == idle_cpu ]] && extra=("$idle_window")
    systems=(pykka fiber naive caf)
    # proxy: Pykka's proxy-call script only, for Debian's Pykka and for this project's package.
    [[ $scenario == proxy ]] && systems=()
    [[ $py_count != - ]] && systems+=(pykka-python python-pkg)
    # memory_tuned: the memory scenario with glibc's static-TLS surplus turned off, so that the
    # top stack page can hold a parked thread's frames (see docs/runtimes.md); ours and naive.
    [[ $scenario == memory_tuned ]] && systems=(pykka naive)
    [[ -n $baseline && $count != - ]] && systems+=(baseline)
    # Rotate the order every repetition so no system always runs first (or right after another).
    n=${#systems[@]}
    for ((k = 0; k < n; k++)); do
      system=${systems[$(((k + rep) % n))]}
      case $system in
        pykka | fiber | naive)
          if [[ $scenario == memory_tuned ]]; then
            run_one "$system" "$scenario" env "GLIBC_TUNABLES=$glibc_tls_tunables" \
              bench/memory/rename_scenario.sh memory_tuned \
              "$build/bench/memory/bench_memory_${system}" "$count"
          else
            run_one "$system" "$scenario" "$build/bench/$scenario/bench_${scenario}_${system}" \
              "$count" "${extra[@]}"
          fi ;;
        baseline)
          if [[ $scenario == memory_tuned ]]; then
            run_one baseline "$scenario" env "GLIBC_TUNABLES=$glibc_tls_tunables" \
              bench/memory/rename_scenario.sh memory_tuned \
              "$baseline/bench/memory/bench_memory_pykka" "$count"
          else
            run_one baseline "$scenario" "$baseline/bench/$scenario/bench_${scenario}_pykka" \
              "$count" "${extra[@]}"
          fi ;;
        caf)
          binary="$build/bench/$scenario/bench_${scenario}_caf"
          [[ -x $binary ]] && run_one caf "$scenario" "$binary" "$caf_count" "${extra[@]}" ;;
        pykka-python) run_one pykka-python "$scenario" "$python" "bench/$scenario/pykka.py" \
                        "$py_count" "${extra[@]}" ;;
        python-pkg) run_one python-pkg "$scenario" env "PYTHONPATH=$site" "$python" \
                      "bench/$scenario/pykka.py" "$py_count" "${extra[@]}" ;;
      esac
    done
  done
done

elapsed=$(($(date +%s) - started))
command="bench/run.sh"
[[ $mode == quick ]] && command+=" --quick"
[[ -n "$nice_level" ]] && command+=" --nice $nice_level"
report_args=(--raw "$raw" --mode "$mode" --reps "$reps" --elapsed "$elapsed"
             --command "$command" --machine "$(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)")
[[ -n "$out" ]] && report_args+=(--out "$out")
"$python" bench/report.py "${report_args[@]}"
