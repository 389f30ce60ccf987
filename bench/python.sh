#!/usr/bin/env bash
# Runs Pykka's benchmark scripts (bench/<scenario>/pykka.py) against Debian's Pykka 3.1 and
# against this project's Python package, interleaved over several repetitions, and prints the
# median of each and their ratio.
#
#   bench/python.sh [--reps N] [--build DIR]
#
# DIR is a build tree configured with -DPYKKA_BUILD_PYTHON=ON (default: build/release, built
# here with the release preset). The machine should be otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."

reps=5
build=build/release
while (($#)); do
  case "$1" in
    --reps) reps="$2"; shift ;;
    --build) build="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "bench/python.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

python=/usr/bin/python3
if [[ $build == build/release ]]; then
  ./scripts/setup.sh
  cmake --preset release >/dev/null
fi
cmake --build "$build" -j2 --target pykka_python_core pykka_python_sources >/dev/null
site="$build/python/site"

# scenario and the count each run uses (rates, so counts only change the noise)
plan=("tell 200000" "ask_thread 20000" "proxy 20000" "spawn 2000" "memory 5000")

declare -A results
for ((rep = 1; rep <= reps; rep++)); do
  for entry in "${plan[@]}"; do
    read -r scenario count <<<"$entry"
    for impl in pykka3 cpp; do
      if [[ $impl == cpp ]]; then path="$site"; else path=""; fi
      value=$(PYTHONPATH="$path" "$python" "bench/$scenario/pykka.py" "$count" |
        sed -n 's/^RESULT .* value=\([^ ]*\) unit=\([^ ]*\).*/\1 \2/p')
      results["$scenario,$impl"]+="${value% *} "
      results["$scenario,unit"]="${value#* }"
    done
  done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| scenario | unit | Pykka 3.1 | pykka (C++ core) | ratio |\n|---|---|---|---|---|\n'
for entry in "${plan[@]}"; do
  read -r scenario _ <<<"$entry"
  old=$(median <<<"${results[$scenario,pykka3]}")
  new=$(median <<<"${results[$scenario,cpp]}")
  unit=${results[$scenario,unit]}
  if [[ $unit == KiB/actor ]]; then
    ratio=$(awk -v a="$old" -v b="$new" 'BEGIN {printf "%.2f× less", a / b}')
  else
    ratio=$(awk -v a="$old" -v b="$new" 'BEGIN {printf "%.2f×", b / a}')
  fi
  printf '| %s | %s | %.4g | %.4g | %s |\n' "$scenario" "$unit" "$old" "$new" "$ratio"
done
