"""pykka.Actor: the base class of every Python actor."""

import logging
import threading

from pykka import _core, messages
from pykka._ref import ActorRef
from pykka._registry import ActorRegistry

__all__ = ["Actor"]

logger = logging.getLogger("pykka")

# Cells created by Actor.__init__ on this thread while Actor.start constructs an actor, so a
# failing constructor's actor is marked dead (refs it handed out then report it dead).
_constructing = threading.local()


class _ActorStopped:
    """Read-only stand-in for Pykka's ``actor_stopped`` threading.Event."""

    __slots__ = ("_core",)

    def __init__(self, core):
        self._core = core

    def is_set(self):
        return not self._core.is_alive()

    isSet = is_set  # noqa: N815 - threading.Event's old spelling

    def __repr__(self):
        return f"<actor_stopped is_set={self.is_set()}>"


class Actor:
    """An actor is an execution unit that executes concurrently with other actors.

    Subclass :class:`pykka.ThreadingActor`, implement your methods (including ``__init__``)
    as usual, and call :meth:`start` on your class with the arguments for your constructor.
    """

    #: The actor URN string is a universally unique identifier for the actor. It may be used
    #: for looking up a specific actor using :meth:`ActorRegistry.get_by_urn`.
    actor_urn = None

    #: The actor's inbox. The mailbox lives in the C++ core and is not exposed: always None.
    actor_inbox = None

    #: The actor's :class:`ActorRef` instance.
    actor_ref = None

    #: An object whose ``is_set()`` tells whether the actor stopped (read-only).
    actor_stopped = None

    @classmethod
    def start(cls, *args, **kwargs):
        """Start an actor and register it in the :class:`ActorRegistry`.

        Any arguments passed to :meth:`start` are passed on to the class constructor, which
        runs in the calling thread. Returns the actor's :class:`ActorRef`.
        """
        previous = getattr(_constructing, "cells", None)
        _constructing.cells = []
        try:
            obj = cls(*args, **kwargs)
        except BaseException:
            for core in _constructing.cells:
                _core.abandon(core)
            raise
        finally:
            created = _constructing.cells
            _constructing.cells = previous
        if obj.actor_ref is None:
            for core in created:
                _core.abandon(core)
        assert obj.actor_ref is not None, (
            "Actor.__init__() have not been called. "
            "Did you forget to call super() in your override?"
        )
        ActorRegistry.register(obj.actor_ref)
        obj._start_actor_loop()  # logs "Starting ..."
        return obj.actor_ref

    def _start_actor_loop(self):
        raise NotImplementedError("Use a subclass of Actor")

    def __init__(self, *_args, **_kwargs):
        cls = self.__class__
        core = _core.new_cell(cls.__name__, f"{cls.__module__}.{cls.__qualname__}")
        cells = getattr(_constructing, "cells", None)
        if cells is not None:
            cells.append(core)
        self._pykka_core = core
        self.actor_urn = core.actor_urn
        self.actor_inbox = None
        self.actor_stopped = _ActorStopped(core)
        self.actor_ref = ActorRef(self)

    def __str__(self):
        return f"{self.__class__.__name__} ({self.actor_urn})"

    def stop(self):
        """Stop the actor; equivalent to ``ActorRef.stop(block=False)``."""
        self._pykka_core.stop_async()

    # --- hooks --------------------------------------------------------------------------------

    def on_start(self):
        """Run code at the beginning of the actor's life, in the actor's own thread.

        If an exception is raised by this method the stack trace is logged, and the actor stops.
        """

    def on_stop(self):
        """Run code at the end of the actor's life, after it processed its last message.

        Not called when the actor stops because of an unhandled exception (see
        :meth:`on_failure`). If it raises, the stack trace is logged and the actor still stops.
        """

    def on_failure(self, exception_type, exception_value, traceback):
        """Run code when an unhandled exception is raised, before the actor stops.

        The arguments are the relevant information from :func:`sys.exc_info`.
        """

    def on_receive(self, message):
        """May be implemented for the actor to handle regular non-proxy messages.

        Returns anything that should be sent as a reply to the sender.
        """
        logger.warning(f"Unexpected message received by {self}: {message}")

    # --- called by the core, on the actor's thread -----------------------------------------

    def _pykka_on_start(self, thread_name):
        # The core's thread appears in `threading` as a stand-in Thread; give it the actor
        # thread's name and daemon flag, as Pykka's own thread would have.
        thread = threading.current_thread()
        thread.name = thread_name
        thread._daemonic = bool(getattr(self, "use_daemon_thread", False))  # noqa: SLF001
        self.on_start()

    def _handle_receive(self, message):
        if isinstance(message, messages.ProxyCall):
            callee = self._get_attribute_from_path(message.attr_path)
            return callee(*message.args, **message.kwargs)
        if isinstance(message, messages.ProxyGetAttr):
            return self._get_attribute_from_path(message.attr_path)
        if isinstance(message, messages.ProxySetAttr):
            parent_attr = self._get_attribute_from_path(message.attr_path[:-1])
            attr_name = message.attr_path[-1]
            return setattr(parent_attr, attr_name, message.value)
        return self.on_receive(message)

    def _get_attribute_from_path(self, attr_path):
        attr = self
        for attr_name in attr_path:
            attr = getattr(attr, attr_name)
        return attr

    def _introspect_attribute_from_path(self, attr_path):
        if not attr_path:
            return self
        parent = self._get_attribute_from_path(attr_path[:-1])
        parent_attrs = self._introspect_attributes(parent)
        attr_name = attr_path[-1]
        try:
            return parent_attrs[attr_name]
        except KeyError:
            raise AttributeError(
                f"type object {parent.__class__.__name__!r} has no attribute {attr_name!r}"
            ) from None

    def _introspect_attributes(self, obj):
        result = {}
        for cls in reversed(obj.__class__.mro()):
            result.update(cls.__dict__)
        if hasattr(obj, "__dict__"):
            result.update(obj.__dict__)
        return result
