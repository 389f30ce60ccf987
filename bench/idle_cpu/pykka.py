"""idle_cpu, Python Pykka: CPU used by `count` idle actors over a window."""

import os
import sys
import time

# This file is itself named pykka.py: replace its folder on the path so `import pykka` finds the
# library, and make the shared harness importable.
sys.path[0] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common")

import pykka  # noqa: E402

import pykka_harness as harness  # noqa: E402


class Idle(pykka.ThreadingActor):
    def on_receive(self, message):
        return message


def main():
    count = harness.count_arg(1_000)
    window = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    actors = [Idle.start() for _ in range(count)]
    for actor in actors:
        actor.ask(1)
    cpu_before = harness.cpu_seconds()
    start = harness.now()
    time.sleep(window)  # the measurement window itself
    percent = 100.0 * (harness.cpu_seconds() - cpu_before) / (harness.now() - start)
    pykka.ActorRegistry.stop_all()
    harness.report_value("idle_cpu", "%core", count, percent)


main()
