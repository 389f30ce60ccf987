"""Loads the C++ core and ties its life to the interpreter's.

At exit, Python first waits for non-daemon threads; the package waits for its non-daemon actors
at the same point (they keep the interpreter alive, as Pykka's do). Then, once the atexit
handlers run, actor threads stop entering the interpreter for good: a daemon actor that still
has work parks instead of touching an interpreter that is being torn down.
"""

import atexit
import queue
import threading

from pykka import _core, _logging
from pykka._exceptions import ActorDeadError, Timeout

_core.init(ActorDeadError, Timeout, queue.Full, _logging.emit)

try:
    threading._register_atexit(_core.wait_for_non_daemon_actors)  # noqa: SLF001
except (AttributeError, RuntimeError):  # pragma: no cover - imported during shutdown
    atexit.register(_core.wait_for_non_daemon_actors)

atexit.register(_core.shutdown)
