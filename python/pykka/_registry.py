"""pykka.ActorRegistry: every running actor, kept by the C++ core's registry."""

from pykka import _core
from pykka._exceptions import ActorDeadError
from pykka._ref import ActorRef

__all__ = ["ActorRegistry"]


class ActorRegistry:
    """Registry which provides easy access to all running actors.

    Contains global state (the core's process-wide registry, shared with C++ actors), but is
    thread-safe.
    """

    @classmethod
    def broadcast(cls, message, target_class=None):
        """Broadcast ``message`` to all actors of ``target_class`` (a class or class name).

        If no ``target_class`` is given, the message is broadcast to all actors. Actors that
        stop meanwhile are skipped.
        """
        if isinstance(target_class, str):
            targets = cls.get_by_class_name(target_class)
        elif target_class is not None:
            targets = cls.get_by_class(target_class)
        else:
            targets = cls.get_all()
        for ref in targets:
            try:
                ref.tell(message)
            except ActorDeadError:
                pass

    @classmethod
    def get_all(cls):
        """Get all running actors, in the order they were started."""
        return [ActorRef._for_core(core) for core in _core.registry_get_all()]

    @classmethod
    def get_by_class(cls, actor_class):
        """Get all running actors of the given class or a subclass."""
        return [ref for ref in cls.get_all() if issubclass(ref.actor_class, actor_class)]

    @classmethod
    def get_by_class_name(cls, actor_class_name):
        """Get all running actors of the given class name."""
        return [ref for ref in cls.get_all() if ref.actor_class.__name__ == actor_class_name]

    @classmethod
    def get_by_urn(cls, actor_urn):
        """Get an actor by its universally unique URN, or None if not found."""
        core = _core.registry_get_by_urn(actor_urn)
        return None if core is None else ActorRef._for_core(core)

    @classmethod
    def register(cls, actor_ref):
        """Register an ActorRef in the registry (done automatically by Actor.start)."""
        actor_ref._core.register()

    @classmethod
    def stop_all(cls, block=True, timeout=None):
        """Stop all running actors, last started first.

        ``block`` and ``timeout`` work as for :meth:`ActorRef.stop`. Returns a list of the stop
        results (or of their futures, if not blocking).
        """
        return [ref.stop(block=block, timeout=timeout) for ref in reversed(cls.get_all())]

    @classmethod
    def unregister(cls, actor_ref):
        """Remove an ActorRef from the registry (done automatically when an actor stops)."""
        actor_ref._core.unregister()
