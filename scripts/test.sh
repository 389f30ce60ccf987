#!/usr/bin/env bash
# Runs every test: the suite in a normal (debug) build, under AddressSanitizer+UBSan and under
# ThreadSanitizer, then the packaging checks. Installs missing Debian packages first.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh

for preset in dev asan tsan; do
  echo "=== workflow: ${preset} ==="
  cmake --workflow --preset "${preset}"
done

echo "=== packaging ==="
./tests/package/run.sh build/dev

echo "all test runs passed"
