import pykka
class Spin(pykka.ThreadingActor):
    use_daemon_thread = True
    def on_receive(self, message):
        message.set(True)
        x = 0
        while True:
            x += 1
started = pykka.ThreadingFuture()
Spin.start().tell(started)
started.get(timeout=5)
print("main done")
