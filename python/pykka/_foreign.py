"""Refs to actors written in C++ (started by C++ code in the same process)."""

from pykka._actor import Actor

_classes = {}


class CppActor(Actor):
    """Stand-in class of actors implemented in C++; ``actor_class`` of their refs derives it."""

    def __init__(self):  # pragma: no cover - never instantiated
        raise TypeError("C++ actors are started from C++")


def _class_for(name):
    cls = _classes.get(name)
    if cls is None:
        cls = type(name, (CppActor,), {"__module__": "pykka._foreign"})
        _classes[name] = cls
    return cls


def foreign_ref(ref_class, core):
    """Return a new ActorRef for the C++ actor behind ``core``."""
    ref = ref_class.__new__(ref_class)
    ref._actor = None
    ref._core = core
    ref.actor_class = _class_for(core.class_name)
    ref.actor_urn = core.actor_urn
    ref.actor_inbox = None
    ref.actor_stopped = None
    return ref
