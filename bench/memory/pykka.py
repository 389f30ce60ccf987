"""memory, Python Pykka: growth of VmRSS per idle actor (each answered one ask).

As in the other systems' versions, one actor is started, asked and stopped before the first
reading, so that the figure is the cost of an actor, not of the library's first use.
"""

import os
import sys

# This file is itself named pykka.py: replace its folder on the path so `import pykka` finds the
# library, and make the shared harness importable.
sys.path[0] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common")

import pykka  # noqa: E402

import pykka_harness as harness  # noqa: E402


class Idle(pykka.ThreadingActor):
    def on_receive(self, message):
        return message


def main():
    count = harness.count_arg(10_000)
    warm_up = Idle.start()
    warm_up.ask(1)
    warm_up.stop()
    before = harness.rss_kib()
    actors = [Idle.start() for _ in range(count)]
    for actor in actors:
        actor.ask(1)
    harness.settle()
    after = harness.rss_kib()
    pykka.ActorRegistry.stop_all()
    harness.report_value("memory", "KiB/actor", count, (after - before) / count)


main()
