"""pykka.ActorRef: the handle to a running actor."""

import weakref

from pykka._future import ThreadingFuture, _StopFuture

__all__ = ["ActorRef"]

# The Python ref of every Python actor, by URN, so registry lookups return that very object.
_refs_by_urn = weakref.WeakValueDictionary()


class ActorRef:
    """Reference to a running actor which may safely be passed around.

    Returned by :meth:`Actor.start` and the lookup methods of :class:`ActorRegistry`; you
    should never need to create ActorRef instances yourself.
    """

    #: The class of the referenced actor.
    actor_class = None
    #: See :attr:`Actor.actor_urn`.
    actor_urn = None
    #: See :attr:`Actor.actor_inbox` (always None: the mailbox lives in the C++ core).
    actor_inbox = None
    #: See :attr:`Actor.actor_stopped`.
    actor_stopped = None

    def __init__(self, actor):
        self._actor = actor
        self._core = actor._pykka_core
        self.actor_class = actor.__class__
        self.actor_urn = actor.actor_urn
        self.actor_inbox = actor.actor_inbox
        self.actor_stopped = actor.actor_stopped
        _refs_by_urn[self.actor_urn] = self

    @classmethod
    def _for_core(cls, core):
        """Return the ref for a core ref: the Python actor's own, or a new one (C++ actors)."""
        ref = _refs_by_urn.get(core.actor_urn)
        if ref is not None:
            return ref
        from pykka._foreign import foreign_ref  # noqa: PLC0415

        return foreign_ref(cls, core)

    def __repr__(self):
        return f"<ActorRef for {self}>"

    def __str__(self):
        return f"{self.actor_class.__name__} ({self.actor_urn})"

    def __eq__(self, other):
        if not isinstance(other, ActorRef):
            return NotImplemented
        return self._core == other._core

    def __hash__(self):
        return hash(self.actor_urn)

    def is_alive(self):
        """Check if actor is alive (based on the actor's stopped flag)."""
        return self._core.is_alive()

    def tell(self, message):
        """Send message to actor without waiting for any response.

        :raise: :exc:`pykka.ActorDeadError` if actor is not available
        """
        self._core.tell(message)

    def ask(self, message, block=True, timeout=None):
        """Send message to actor and wait for the reply.

        If ``block`` is False, immediately return a :class:`pykka.Future`. If ``block`` is
        True, wait for the reply (at most ``timeout`` seconds if it is not None, then raise
        :exc:`pykka.Timeout`), and raise any exception returned by the receiving actor.
        """
        if block:
            return self._core.ask_get(message, timeout)
        return ThreadingFuture(self._core.ask(message))

    def stop(self, block=True, timeout=None):
        """Send a message to the actor, asking it to stop.

        Returns True if the actor is stopped or was being stopped at the time of the call,
        False if it was already dead; a future of that if ``block`` is False. Messages sent
        before the stop are processed first.
        """
        if block:
            return self._core.stop(timeout)
        return _StopFuture(self._core.stop_async())

    def proxy(self):
        """Wrap the ActorRef in an :class:`ActorProxy`.

        :raise: :exc:`pykka.ActorDeadError` if actor is not available
        """
        from pykka._proxy import ActorProxy  # noqa: PLC0415

        return ActorProxy(actor_ref=self)
