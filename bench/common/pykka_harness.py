"""The Python side of the benchmark harness: the same RESULT line as harness.hpp."""

import resource
import sys
import time


def count_arg(fallback):
    """Return sys.argv[1] as a positive count, or `fallback` when absent."""
    if len(sys.argv) < 2:
        return fallback
    value = int(sys.argv[1])
    if value <= 0:
        sys.exit(f"usage: {sys.argv[0]} [count > 0]")
    return value


def report_rate(scenario, unit, count, seconds):
    print(
        f"RESULT scenario={scenario} system=pykka-python value={count / seconds:.6g} "
        f"unit={unit} count={count} seconds={seconds:.4f}",
        flush=True,
    )


def report_value(scenario, unit, count, value):
    print(
        f"RESULT scenario={scenario} system=pykka-python value={value:.6g} unit={unit} "
        f"count={count} seconds=0",
        flush=True,
    )


def settle():
    """Waits one second, so that every actor started so far is idle before memory is read."""
    time.sleep(1.0)


def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


now = time.perf_counter
