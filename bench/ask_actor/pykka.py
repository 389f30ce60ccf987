"""ask_actor, Python Pykka: a client actor asks a server actor `count` times, blocking each time."""

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


class Client(pykka.ThreadingActor):
    def on_receive(self, message):
        server, count = message
        total = 0
        for i in range(count):
            total += server.ask(i & 0xFFFF)
        return total


def main():
    count = harness.count_arg(20_000)
    server = Echo.start()
    client = Client.start()
    start = harness.now()
    total = client.ask((server, count))
    seconds = harness.now() - start
    client.stop()
    server.stop()
    assert total > 0
    harness.report_rate("ask_actor", "asks/s", count, seconds)


main()
