"""A daemon actor runs Python code (sleeping in a loop) when the interpreter exits."""

import time

import pykka


class Busy(pykka.ThreadingActor):
    use_daemon_thread = True

    def on_receive(self, message):
        message.set(True)
        while True:
            time.sleep(0.001)


started = pykka.ThreadingFuture()
Busy.start().tell(started)
started.get(timeout=10)
print("main done")
