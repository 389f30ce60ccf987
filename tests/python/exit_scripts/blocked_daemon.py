import pykka
class Waiter(pykka.ThreadingActor):
    use_daemon_thread = True
    def on_receive(self, message):
        started, never = message
        started.set(True)
        never.get()
started = pykka.ThreadingFuture()
Waiter.start().tell((started, pykka.ThreadingFuture()))
started.get(timeout=5)
print("main done")
