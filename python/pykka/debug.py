"""Debug helpers."""

import logging
import sys
import threading
import traceback

from pykka import _core

logger = logging.getLogger("pykka")

__all__ = ["log_thread_tracebacks", "log_native_thread_tracebacks"]


def log_thread_tracebacks(*_args, **_kwargs):
    """Log a traceback for each running thread at logging.CRITICAL level.

    This can be a convenient tool for debugging deadlocks. The function accepts any arguments
    so that it can easily be used as e.g. a signal handler, but it does not use them.

    Actor threads show their Python stack while they run Python code (including while they are
    blocked on a future inside an actor method). An actor waiting for its next message has no
    Python frames; :func:`log_native_thread_tracebacks` shows what the core's threads are doing.
    """
    thread_names = {t.ident: t.name for t in threading.enumerate()}
    for ident, frame in sys._current_frames().items():  # noqa: SLF001
        name = thread_names.get(ident, "?")
        stack = "".join(traceback.format_stack(frame))
        logger.critical(f"Current state of {name} (ident: {ident}):\n{stack}")


def log_native_thread_tracebacks(*_args, **_kwargs):
    """Log the C++ core's dump of every actor thread at logging.CRITICAL level.

    For each thread known to the core: the actor it runs, the message it is processing, the
    actor whose reply it waits for (and a deadlock cycle, if any) and its native stack.
    Blocks for up to about two seconds while threads answer. Not part of Pykka's API.
    """
    _core.log_native_thread_tracebacks()
