"""ask_thread, Python Pykka: the main thread asks one actor `count` times, blocking each time."""

import os
import sys

# This file is itself named pykka.py: replace its folder on the path so `import pykka` finds the
# library, and make the shared harness importable.
sys.path[0] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common")

import pykka  # noqa: E402

import pykka_harness as harness  # noqa: E402


class Echo(pykka.ThreadingActor):
    def on_receive(self, message):
        return message + 1


def main():
    count = harness.count_arg(20_000)
    echo = Echo.start()
    total = 0
    start = harness.now()
    for i in range(count):
        total += echo.ask(i & 0xFFFF)
    seconds = harness.now() - start
    echo.stop()
    assert total > 0
    harness.report_rate("ask_thread", "asks/s", count, seconds)


main()
