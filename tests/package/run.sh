#!/usr/bin/env bash
# Packaging checks: builds and runs the consumer program (consumer.cpp) four ways, each of
# which must print the project's version and the actor's reply:
#   find_package      find_package(pykka CONFIG) against an installed, then moved, prefix
#   pkg_config        docs/installing.md's g++ + pkg-config command against the same moved prefix
#   add_subdirectory  pykka's source tree vendored with add_subdirectory
#   fetch_content     FetchContent from the local source tree
# then checks which versions find_package accepts (0.x: the same minor version only), repeats
# find_package and pkg_config against a shared-library build installed with Debian's multiarch
# libdir (lib/x86_64-linux-gnu), whose pykka.pc sits one level deeper, and finally builds and
# installs pykka where Boost.Stacktrace cannot be found (it falls back to glibc's backtrace).
#   usage: tests/package/run.sh <configured-build-dir>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$(cd "$here/../.." && pwd)"
build="$(cd "${1:?usage: run.sh <build-dir>}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

version="$(sed -n 's/^  VERSION \([0-9][0-9.]*\)$/\1/p' "$source_dir/CMakeLists.txt")"
expected="pykka ${version}
echo: package"

# quietly <name> <command...>: runs a command, showing its output only if it fails.
quietly() {
  local name="$1"
  shift
  if ! "$@" >"$work/$name.log" 2>&1; then
    cat "$work/$name.log"
    echo "package check $name failed: $*"
    return 1
  fi
}

# run_consumer <name> <binary>: runs a consumer and compares its output with the expected one.
run_consumer() {
  local output
  output="$("$2")"
  if [[ "$output" != "$expected" ]]; then
    printf 'package check %s: unexpected output:\n%s\nexpected:\n%s\n' "$1" "$output" "$expected"
    return 1
  fi
  echo "package check passed: $1"
}

# cmake_consumer <name> <project-dir> <cmake-args...>: configures, builds and runs a consumer.
cmake_consumer() {
  local name="$1" dir="$2"
  shift 2
  quietly "$name" cmake -S "$here/$dir" -B "$work/$name" -DCMAKE_BUILD_TYPE=Release "$@"
  quietly "$name" cmake --build "$work/$name" -j2
  run_consumer "$name" "$work/$name/consumer"
}

# pkg_config_consumer <name> <pc-dir>: builds the consumer with pkg-config alone and runs it.
pkg_config_consumer() {
  local name="$1" pc_dir="$2"
  if [[ "$(PKG_CONFIG_PATH="$pc_dir" pkg-config --modversion pykka)" != "$version" ]]; then
    echo "package check $name: pkg-config reports another version than $version"
    return 1
  fi
  # The URL names this project's guide, installed beside the library.
  local url
  url="$(sed -n 's/^URL: //p' "$pc_dir/pykka.pc")"
  url="${url//\$\{prefix\}/$(PKG_CONFIG_PATH="$pc_dir" pkg-config --variable=prefix pykka)}"
  if [[ ! -f "${url#file://}" ]]; then
    echo "package check $name: the URL in pykka.pc names no installed file: $url"
    return 1
  fi
  quietly "$name" "$here/pkg_config/build.sh" "$work/$name" "$pc_dir"
  LD_LIBRARY_PATH="$(PKG_CONFIG_PATH="$pc_dir" pkg-config --variable=libdir pykka)" \
    run_consumer "$name" "$work/$name/app"
}

# install_moved <build-dir> <prefix>: installs, then moves the tree so that any path baked in at
# install time would point nowhere.
install_moved() {
  quietly install cmake --install "$1" --prefix "$2.staging"
  mv "$2.staging" "$2"
}

install_moved "$build" "$work/prefix"
libdir="$(dirname "$(find "$work/prefix" -name pykka.pc -print -quit)")/.."
cmake_consumer find_package find_package -DCMAKE_PREFIX_PATH="$work/prefix"
pkg_config_consumer pkg_config "$libdir/pkgconfig"

# find_package_version <requested> <expected: found|rejected>: configures a project asking for
# `find_package(pykka <requested> CONFIG)` against the installed prefix.
# CMake wraps its message at a width that depends on the paths in it, so lines are joined first.
find_package_version() {
  local name="version_$1" result
  if cmake -S "$here/version" -B "$work/$name" -DREQUESTED="$1" -DCMAKE_PREFIX_PATH="$work/prefix" \
    >"$work/$name.log" 2>&1; then
    result=found
  elif tr -s ' \n' '  ' <"$work/$name.log" | grep -q "compatible with requested version"; then
    result=rejected
  else
    result="an error other than a version mismatch"
  fi
  if [[ "$result" != "$2" ]]; then
    cat "$work/$name.log"
    echo "package check $name: find_package(pykka $1) was $result against $version, expected $2"
    return 1
  fi
  echo "package check passed: find_package(pykka $1) $result against $version"
}
IFS=. read -r major minor _ <<<"$version"
find_package_version "$major.$minor" found
find_package_version "$version" found
if ((major == 0)); then
  find_package_version "0.$((minor + 1))" rejected
  if ((minor > 0)); then find_package_version "0.$((minor - 1))" rejected; fi
else
  find_package_version "$major.0" found
fi
find_package_version "$((major + 1)).0" rejected

cmake_consumer add_subdirectory add_subdirectory -DPYKKA_SOURCE_DIR="$source_dir"
cmake_consumer fetch_content fetch_content -DPYKKA_SOURCE_DIR="$source_dir"

multiarch_libdir="lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)"
quietly multiarch cmake -S "$source_dir" -B "$work/multiarch-build" -DCMAKE_BUILD_TYPE=Release \
  -DBUILD_SHARED_LIBS=ON -DCMAKE_INSTALL_LIBDIR="$multiarch_libdir" \
  -DPYKKA_BUILD_TESTS=OFF -DPYKKA_BUILD_EXAMPLES=OFF
quietly multiarch cmake --build "$work/multiarch-build" -j2
install_moved "$work/multiarch-build" "$work/multiarch"
if [[ ! -f "$work/multiarch/$multiarch_libdir/pkgconfig/pykka.pc" ]]; then
  echo "package check multiarch: pykka.pc is not in $multiarch_libdir/pkgconfig"
  exit 1
fi
cmake_consumer find_package_multiarch find_package -DCMAKE_PREFIX_PATH="$work/multiarch"
pkg_config_consumer pkg_config_multiarch "$work/multiarch/$multiarch_libdir/pkgconfig"

# Without Boost.Stacktrace (its header and library directories ignored by every find_*), pykka
# still configures, says so, builds, installs and serves a consumer.
quietly no_boost cmake -S "$source_dir" -B "$work/no-boost-build" \
  -DCMAKE_IGNORE_PATH="/usr/include;/usr/$multiarch_libdir;/usr/lib" \
  -DPYKKA_BUILD_TESTS=OFF -DPYKKA_BUILD_EXAMPLES=OFF
if ! grep -q "Boost.Stacktrace (backtrace backend) not found" "$work/no_boost.log"; then
  cat "$work/no_boost.log"
  echo "package check no_boost: configuring did not report the fallback to glibc's backtrace"
  exit 1
fi
quietly no_boost cmake --build "$work/no-boost-build" -j2
install_moved "$work/no-boost-build" "$work/no-boost"
cmake_consumer find_package_no_boost find_package -DCMAKE_PREFIX_PATH="$work/no-boost"
pkg_config_consumer pkg_config_no_boost "$work/no-boost/lib/pkgconfig"

echo "package checks passed"
