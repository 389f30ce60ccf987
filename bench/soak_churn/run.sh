#!/usr/bin/env bash
# Runs the churn soak (1000 actors passing tokens while one is replaced every 100 ms) from the
# release build and plots VmRSS and the thread count over time.
#
#   bench/soak_churn/run.sh [seconds=600] [out=docs/soak_churn]
#   bench/soak_churn/run.sh --plot <out>      only redraw <out>.png from <out>.dat
#
# Writes <out>.dat (the samples) and <out>.png, and prints the RSS change from the end of the
# first minute (when every thread and arena exists) to the end. The environment reaches the soak
# (GLIBC_TUNABLES, for instance). The soak keeps both cores busy: run it with nice on a shared
# machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ ${1:-} == --plot ]]; then
  out=$2
else
  seconds=${1:-600}
  out=${2:-docs/soak_churn}
  build=build/release
  cmake --preset release -DPYKKA_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build "$build" -j2 --target bench_soak_churn >/dev/null
  "$build/bench/soak_churn/bench_soak_churn" "$seconds" >"$out.dat"
fi
awk 'NR == 1 { next } $1 == 60 { base = $2 } { last = $2; t = $3 }
     END { printf "RSS at 60 s: %d KiB, at the end: %d KiB (%+.1f %%), threads at the end: %d\n",
                  base, last, 100 * (last - base) / base, t }' "$out.dat"
gnuplot <<GNUPLOT
set terminal pngcairo size 900,500
set output "$out.png"
set title "Churn soak: 1000 actors, one replaced every 100 ms (${GLIBC_TUNABLES:-default malloc})"
set xlabel "seconds"
set ylabel "MiB"
set y2label "threads"
set y2tics
set ytics nomirror
set yrange [0:*]
set y2range [0:*]
set key bottom right
plot "$out.dat" using 1:(\$2/1024) with lines title "VmRSS (MiB)", \
     "$out.dat" using 1:(\$4/1024) with lines title "heap in use (MiB)", \
     "$out.dat" using 1:3 axes x1y2 with lines title "threads"
GNUPLOT
echo "wrote $out.dat and $out.png"
