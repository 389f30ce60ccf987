"""Two daemon actors keep passing messages to each other when the interpreter exits."""

import pykka


class Ping(pykka.ThreadingActor):
    use_daemon_thread = True

    def __init__(self, other=None):
        super().__init__()
        self.other = other

    def on_receive(self, message):
        target = self.other if self.other is not None else self.actor_ref
        target.tell(message)


a = Ping.start()
b = Ping.start(a)
for i in range(100):
    b.tell(i)
print("main done")
