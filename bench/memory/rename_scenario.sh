#!/usr/bin/env bash
# Runs a benchmark binary and renames the scenario in its RESULT line:
#   rename_scenario.sh <new-name> <binary> [args...]
set -euo pipefail
name=$1
shift
"$@" | sed "s/^RESULT scenario=[^ ]*/RESULT scenario=$name/"
