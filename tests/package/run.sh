#!/usr/bin/env bash
# Packaging checks: installs pykka from a configured build tree into a temporary prefix, then
# builds and runs consumer projects against it.
#   usage: tests/package/run.sh <configured-build-dir>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:?usage: run.sh <build-dir>}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null

check() {
  local name="$1"
  shift
  echo "package check: ${name}"
  cmake -S "$here/$name" -B "$work/$name" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$work/$name" -j2 >/dev/null
  "$work/$name/consumer"
}

check find_package -DCMAKE_PREFIX_PATH="$work/prefix"
echo "package checks passed"
