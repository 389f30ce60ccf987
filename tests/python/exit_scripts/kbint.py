"""KeyboardInterrupt raised in an actor stops every actor (on_stop runs); the interpreter exits."""

import sys

import pykka


def say(*parts):
    # One write per line: lines from several threads never interleave.
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


class A(pykka.ThreadingActor):
    def on_receive(self, message):
        raise KeyboardInterrupt()

    def on_stop(self):
        say("A on_stop")


class B(pykka.ThreadingActor):
    def on_stop(self):
        say("B on_stop")


b = B.start()
a = A.start()
a.tell("boom")
say("main done")
