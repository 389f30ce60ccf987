#!/usr/bin/env bash
# Builds the API reference from the headers' `///` comments with Doxygen. Fails if Doxygen
# warns about anything, an undocumented public entity included.
#   usage: scripts/docs.sh [build-dir]     (default: build/docs; result: <build-dir>/api/html)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/docs}"

if ! command -v doxygen >/dev/null; then
  ./scripts/setup.sh
fi

# Only the docs target is built: configuring is enough to generate the Doxyfile and the
# version header, no compiler run is needed.
cmake -S . -B "$build" -DPYKKA_BUILD_TESTS=OFF -DPYKKA_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target docs
echo "API reference: $build/api/html/index.html"
