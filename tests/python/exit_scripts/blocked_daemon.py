"""A daemon actor is blocked on a future that is never set when the interpreter exits."""

import pykka


class Waiter(pykka.ThreadingActor):
    use_daemon_thread = True

    def on_receive(self, message):
        started, never = message
        started.set(True)
        never.get()


started = pykka.ThreadingFuture()
Waiter.start().tell((started, pykka.ThreadingFuture()))
started.get(timeout=10)
print("main done")
