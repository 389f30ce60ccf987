"""spawn, Python Pykka: start an actor, tell it one message, ask it to stop without waiting;
repeat, then wait until every actor has stopped."""

import os
import sys

# This file is itself named pykka.py: replace its folder on the path so `import pykka` finds the
# library, and make the shared harness importable.
sys.path[0] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common")

import pykka  # noqa: E402

import pykka_harness as harness  # noqa: E402


class Worker(pykka.ThreadingActor):
    def on_receive(self, message):
        return None


def main():
    count = harness.count_arg(2_000)
    start = harness.now()
    stopped = []
    for _ in range(count):
        worker = Worker.start()
        worker.tell(1)
        stopped.append(worker.stop(block=False))
    pykka.get_all(stopped)
    seconds = harness.now() - start
    harness.report_rate("spawn", "actors/s", count, seconds)


main()
