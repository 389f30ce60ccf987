import time, pykka
class Busy(pykka.ThreadingActor):
    use_daemon_thread = True
    def on_receive(self, message):
        message.set(True)
        while True:
            time.sleep(0.001)
started = pykka.ThreadingFuture()
Busy.start().tell(started)
started.get(timeout=5)
print("main done")
