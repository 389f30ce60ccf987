#!/usr/bin/env bash
# The main job: builds an optimised pykka, runs every example, then prints a short benchmark
# summary. Installs missing Debian packages first.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh

cmake --preset release >/dev/null
cmake --build --preset release

echo "=== examples ==="
ctest --preset release -L example

if [[ -x bench/run.sh ]]; then
  echo "=== benchmarks (quick) ==="
  bench/run.sh --quick
fi
