"""Bridge from the C++ core's log records to Python's logging module."""

import logging

logger = logging.getLogger("pykka")


def emit(level, name, message, exception, text):
    """Log one record of the C++ core (called with the GIL held, from any thread)."""
    target = logger if name == "pykka" else logging.getLogger(name)
    if not target.isEnabledFor(level):
        return
    if exception is not None:
        target.log(
            level, message, exc_info=(type(exception), exception, exception.__traceback__)
        )
    elif text:
        target.log(level, f"{message}\n{text}")
    else:
        target.log(level, message)
