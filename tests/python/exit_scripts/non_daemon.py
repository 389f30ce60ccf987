"""A non-daemon actor keeps the interpreter alive after the main thread finished."""

import sys
import threading

import pykka


def say(*parts):
    # One write per line: lines from several threads never interleave.
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


class Lingering(pykka.ThreadingActor):
    def on_receive(self, message):
        threading.main_thread().join(timeout=10)
        say("actor still running after main finished:", not threading.main_thread().is_alive())
        self.stop()

    def on_stop(self):
        say("on_stop ran")


Lingering.start().tell("go")
say("main done")
