"""Loads the C++ core and ties its life to the interpreter's.

Non-daemon actors keep the interpreter alive, as Pykka's threads do: the first one starts a
non-daemon "pykka-keepalive" thread that ends only once the interpreter is shutting down and no
non-daemon actor is left, so Python's own wait for its non-daemon threads (after the main
thread finished) waits for the actors too. Then, once the atexit handlers run, actor threads stop
entering the interpreter for good: a daemon actor that still has work parks instead of touching
an interpreter that is being torn down.
"""

import atexit
import queue
import threading

from pykka import _core, _logging
from pykka._exceptions import ActorDeadError, Timeout

_core.init(ActorDeadError, Timeout, queue.Full, _logging.emit)

_keeper = None
_keeper_lock = threading.Lock()


def keep_interpreter_alive():
    """Start the keep-alive thread if it is not running yet (before a non-daemon actor)."""
    global _keeper  # noqa: PLW0603
    if _keeper is not None:
        return
    with _keeper_lock:
        if _keeper is None:
            keeper = threading.Thread(target=_core.keep_alive, name="pykka-keepalive")
            keeper.start()
            _keeper = keeper


try:
    threading._register_atexit(_core.begin_exit)  # noqa: SLF001
except (AttributeError, RuntimeError):  # pragma: no cover - imported during shutdown
    atexit.register(_core.begin_exit)

atexit.register(_core.shutdown)
