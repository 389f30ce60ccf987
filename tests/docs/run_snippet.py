#!/usr/bin/env python3
"""Runs a program from the docs; fails if it fails or, given a file of expected output, if its
standard output differs from that file (trailing whitespace on each line is ignored).

usage: run_snippet.py ORIGIN PROGRAM [EXPECTED_OUTPUT_FILE]
ORIGIN (markdown-file:line) names the snippet in failure messages.
"""

import difflib
import subprocess
import sys


def normalise(text):
    return [line.rstrip() for line in text.rstrip("\n").split("\n")]


def main():
    origin, program = sys.argv[1], sys.argv[2]
    result = subprocess.run([program], stdout=subprocess.PIPE, text=True, check=False)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        print(f"{origin}: the program exited with status {result.returncode}", file=sys.stderr)
        return 1
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding="utf-8") as handle:
            expected = normalise(handle.read())
        actual = normalise(result.stdout)
        if actual != expected:
            print(f"{origin}: the output differs from the one shown there:", file=sys.stderr)
            sys.stderr.writelines(
                line + "\n"
                for line in difflib.unified_diff(expected, actual, "docs", "program", lineterm=""))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
