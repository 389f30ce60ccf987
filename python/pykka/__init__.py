"""Pykka's API, backed by pykka's C++ core (mailboxes, actor threads, futures, registry)."""

import logging as _stdlib_logging

from pykka._exceptions import ActorDeadError, Timeout
from pykka import _runtime  # noqa: F401  # isort:skip - loads and initialises the C++ core
from pykka._future import Future, ThreadingFuture, get_all
from pykka._proxy import ActorProxy, CallableProxy, traversable
from pykka._ref import ActorRef
from pykka._registry import ActorRegistry

# The following must be imported late, in this specific order.
from pykka._actor import Actor  # isort:skip
from pykka._threading import ThreadingActor  # isort:skip

__all__ = [
    "Actor",
    "ActorDeadError",
    "ActorProxy",
    "ActorRef",
    "ActorRegistry",
    "CallableProxy",
    "Future",
    "ThreadingActor",
    "ThreadingFuture",
    "Timeout",
    "get_all",
    "traversable",
]

#: The Pykka API level this package provides, plus the version of the C++ core behind it.
__version__ = "4.4.0+cpp.0.1.0"

_stdlib_logging.getLogger(__name__).addHandler(_stdlib_logging.NullHandler())
