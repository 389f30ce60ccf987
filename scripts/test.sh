#!/usr/bin/env bash
# Runs every test: the suite in a normal (debug) build, under AddressSanitizer+UBSan, under
# ThreadSanitizer and built by clang 14, then the packaging checks. Installs missing Debian
# packages first.
# The dev and asan runs include the Python package's pytest suite (ctest label "python"); the dev
# run also runs it against Debian's Pykka 3.1, which no sanitizer build changes; the tsan and
# clang presets do not build the package.
# The documentation snippets (ctest label "docs") are compiled and run in the normal build only,
# and the compile-fail checks run in the normal and clang builds: the library code the snippets
# exercise is covered by the other runs, and a compiler's diagnostics do not change with a
# sanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh

for preset in dev asan tsan clang; do
  echo "=== workflow: ${preset} ==="
  started=$SECONDS
  cmake --workflow --preset "${preset}"
  echo "=== workflow ${preset}: $((SECONDS - started)) s ==="
done

echo "=== packaging ==="
./tests/package/run.sh build/dev

echo "all test runs passed"
