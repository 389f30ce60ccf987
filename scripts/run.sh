#!/usr/bin/env bash
# The main job: builds an optimised pykka, runs every example showing what each prints, then
# prints a short benchmark summary. Installs missing Debian packages first.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh

cmake --preset release >/dev/null
cmake --build --preset release

echo "=== examples ==="
# Each example's own output, under a header naming it. The list (commands, arguments, time
# limits) is ctest's, label "example"; the suite (scripts/test.sh) also checks what they print.
ctest --preset release -L example --show-only=json-v1 >build/release/examples.json
python3 - build/release/examples.json <<'PY'
import json, os, subprocess, sys

with open(sys.argv[1], encoding="utf-8") as handle:
    tests = json.load(handle)["tests"]
failed = []
for test in tests:
    properties = {p["name"]: p["value"] for p in test.get("properties", [])}
    command = test["command"]
    name = test["name"].removeprefix("example_")
    source = "examples/" + os.path.basename(command[0]).removeprefix("example_") + ".cpp"
    print(f"--- {' '.join([source] + command[1:])} ---", flush=True)
    try:
        status = subprocess.run(command, check=False, timeout=float(properties.get("TIMEOUT", 60)),
                                cwd=properties.get("WORKING_DIRECTORY")).returncode
    except subprocess.TimeoutExpired:
        status = "timed out"
    if status != 0:
        print(f"--- {name} FAILED ({status}) ---", flush=True)
        failed.append(name)
    print(flush=True)
if failed:
    sys.exit(f"examples failed: {', '.join(failed)}")
print(f"all {len(tests)} examples ran", flush=True)
PY

if [[ -x bench/run.sh ]]; then
  echo "=== benchmarks (quick) ==="
  bench/run.sh --quick
fi
