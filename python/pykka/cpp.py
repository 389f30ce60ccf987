"""C++ actors exported to Python (not part of Pykka's API).

A C++ actor class compiled into the extension with ``PYKKA_PYTHON_EXPORT_ACTOR`` (see
``python/include/pykka_python/export.hpp``) is started with :func:`start`; the returned
:class:`pykka.ActorRef` works as any other: ``tell``, ``ask``, ``stop``, the registry. Plain
Python values (None, bool, int, float, str, bytes, list, tuple, dict) are converted to C++ values
on the way to a C++ actor and back.
"""

from pykka import _core
from pykka._ref import ActorRef

__all__ = ["names", "start"]


def start(name, *args):
    """Start the exported C++ actor class ``name`` with constructor arguments ``args``."""
    return ActorRef._for_core(_core.start_cpp_actor(name, *args))


def names():
    """Return the names of the exported C++ actor classes, sorted."""
    return _core.cpp_actor_names()
