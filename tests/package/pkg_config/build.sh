#!/usr/bin/env bash
# A consumer built without CMake, by the compiler and pkg-config alone: runs the pkg-config
# command of docs/installing.md ("### pkg-config, without CMake") as it is written there, with
# only its paths changed (/opt/pykka/lib/pkgconfig becomes <pc-dir>; main.cpp is consumer.cpp),
# in a shell where PKG_CONFIG_PATH is not set, so a command that only works with the variable
# exported fails here too.
#   usage: build.sh <work-dir> <pc-dir>     (result: <work-dir>/app)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
doc="$here/../../../docs/installing.md"
work="${1:?usage: build.sh <work-dir> <pc-dir>}"
pc_dir="${2:?usage: build.sh <work-dir> <pc-dir>}"

# The first sh block after the heading.
command="$(awk '/^### pkg-config, without CMake/ { section = 1; next }
                section && /^```sh$/ { inside = 1; next }
                inside && /^```$/ { exit }
                inside { print }' "$doc")"
if [[ "$command" != *"/opt/pykka/lib/pkgconfig"* || "$command" != *"main.cpp"* ]]; then
  echo "build.sh: no pkg-config command naming /opt/pykka/lib/pkgconfig and main.cpp in $doc:"
  echo "$command"
  exit 1
fi
command="${command//\/opt\/pykka\/lib\/pkgconfig/$pc_dir}"

mkdir -p "$work"
cp "$here/../consumer.cpp" "$work/main.cpp"
echo "+ $command"
(cd "$work" && env -u PKG_CONFIG_PATH bash -euo pipefail -c "$command")
