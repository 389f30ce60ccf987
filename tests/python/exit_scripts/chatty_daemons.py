import pykka
class Ping(pykka.ThreadingActor):
    use_daemon_thread = True
    def __init__(self, other=None):
        super().__init__()
        self.other = other
    def on_receive(self, message):
        if self.other is not None:
            self.other.tell(message)
        else:
            self.actor_ref.tell(message)
a = Ping.start()
b = Ping.start(a)
for i in range(100):
    b.tell(i)
print(a.ask("x", timeout=5) if False else "main done")
