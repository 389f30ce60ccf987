#!/usr/bin/env bash
# A consumer built without CMake, by the compiler and pkg-config alone.
#   usage: build.sh <output-binary>   (PKG_CONFIG_PATH must name the installed pykka.pc's dir)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# Word splitting of pkg-config's output is intended: it is a list of flags.
# shellcheck disable=SC2046
g++ -std=c++20 -O1 -o "${1:?usage: build.sh <output-binary>}" "$here/../consumer.cpp" \
  $(pkg-config --cflags --libs pykka)
