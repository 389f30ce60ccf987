"""SystemExit raised in an actor stops every actor (on_stop runs); the interpreter exits."""

import sys

import pykka


def say(*parts):
    # One write per line: lines from several threads never interleave.
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


class Exiting(pykka.ThreadingActor):
    def on_receive(self, message):
        raise SystemExit(3)

    def on_stop(self):
        say("exiting on_stop")


class Bystander(pykka.ThreadingActor):
    def on_stop(self):
        say("bystander on_stop")


Bystander.start()
Exiting.start().tell("exit")
say("main done")
