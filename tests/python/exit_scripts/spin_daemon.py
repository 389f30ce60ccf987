"""A daemon actor spins in pure Python (never blocking) when the interpreter exits."""

import pykka


class Spin(pykka.ThreadingActor):
    use_daemon_thread = True

    def on_receive(self, message):
        message.set(True)
        count = 0
        while True:
            count += 1


started = pykka.ThreadingFuture()
Spin.start().tell(started)
started.get(timeout=10)
print("main done")
