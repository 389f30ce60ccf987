"""tell, Python Pykka: the main thread tells one actor `count` ints, then asks for the total."""

import os
import sys

# This file is itself named pykka.py: replace its folder on the path so `import pykka` finds the
# library, and make the shared harness importable.
sys.path[0] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common")

import pykka  # noqa: E402

import pykka_harness as harness  # noqa: E402


class Sink(pykka.ThreadingActor):
    def __init__(self):
        super().__init__()
        self.received = 0

    def on_receive(self, message):
        if message == "count":
            return self.received
        self.received += 1
        return None


def main():
    count = harness.count_arg(200_000)
    sink = Sink.start()
    start = harness.now()
    for i in range(count):
        sink.tell(i)
    received = sink.ask("count")
    seconds = harness.now() - start
    sink.stop()
    assert received == count
    harness.report_rate("tell", "msg/s", count, seconds)


main()
