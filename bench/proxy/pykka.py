"""proxy, Python Pykka: the main thread calls a method through a proxy `count` times, blocking
on each future."""

import os
import sys

# This file is itself named pykka.py: replace its folder on the path so `import pykka` finds the
# library, and make the shared harness importable.
sys.path[0] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common")

import pykka  # noqa: E402

import pykka_harness as harness  # noqa: E402


class Counter(pykka.ThreadingActor):
    def __init__(self):
        super().__init__()
        self.total = 0

    def add(self, amount):
        self.total += amount
        return self.total


def main():
    count = harness.count_arg(20_000)
    proxy = Counter.start().proxy()
    start = harness.now()
    for _ in range(count):
        proxy.add(1).get()
    seconds = harness.now() - start
    assert proxy.total.get() == count
    proxy.actor_ref.stop()
    harness.report_rate("proxy", "calls/s", count, seconds)


main()
