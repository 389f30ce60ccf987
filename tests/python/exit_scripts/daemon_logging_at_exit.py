import logging

import pykka

logging.basicConfig(level=logging.DEBUG)


class Churn(pykka.ThreadingActor):
    use_daemon_thread = True

    def on_receive(self, message):
        # Keep starting and stopping actors: core log records reach Python's logging from
        # actor threads while the interpreter exits.
        child = Child.start()
        child.stop(block=False)
        self.actor_ref.tell(message)


class Child(pykka.ThreadingActor):
    use_daemon_thread = True


ref = Churn.start()
ref.tell("go")
print("main done", flush=True)
