import sys

import pykka


class Announcer(pykka.ThreadingActor):
    def on_receive(self, message):
        sys.stdout.write("waiting\n")
        sys.stdout.flush()


announcer = Announcer.start()
try:
    # The main thread is (almost always) inside get() by the time the parent reads "waiting"
    # and sends SIGINT; only Ctrl-C ends this wait.
    announcer.tell("announce")
    pykka.ThreadingFuture().get()
except KeyboardInterrupt:
    sys.stdout.write("interrupted\n")
    sys.stdout.flush()
pykka.ActorRegistry.stop_all()
