#!/usr/bin/env bash
# Installs the Debian packages pykka needs to build, test and benchmark. Safe to re-run: it only
# calls apt-get when something is missing.
set -euo pipefail

packages=(
  g++ clang-14 cmake make pkg-config git
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  libboost-stacktrace-dev libboost-context-dev
  libcaf-dev python3-pykka
  python3-dev pybind11-dev python3-pybind11 python3-pytest python3-pytest-mock
  python3-setuptools python3-venv python3-pip
  nats-server libnats-dev libmsgpack-cxx-dev
  doxygen gnuplot-nox
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi
