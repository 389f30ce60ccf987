"""pykka.ThreadingActor: an actor on its own thread (a thread of the C++ core)."""

from pykka import _core, _runtime
from pykka._actor import Actor
from pykka._future import ThreadingFuture

__all__ = ["ThreadingActor", "ThreadingFuture"]


class ThreadingActor(Actor):
    """Implementation of :class:`Actor` running each actor on its own thread."""

    #: Whether this actor is executed on a daemon thread (True) or not (False). Non-daemon
    #: actors keep the interpreter alive at exit until they are stopped; daemon actors may be
    #: interrupted at any time, with no guarantee that on_stop is called. Actors do not inherit
    #: the flag from the actor that started them.
    use_daemon_thread = False

    @staticmethod
    def _create_future():
        return ThreadingFuture()

    def _start_actor_loop(self):
        daemon = bool(self.use_daemon_thread)
        if not daemon:
            _runtime.keep_interpreter_alive()
        _core.launch(self._pykka_core, self, daemon)
