"""Actor proxies: method calls and attribute access turned into messages and futures."""

import logging
from collections.abc import Callable
from typing import NamedTuple

from pykka import messages
from pykka._exceptions import ActorDeadError

__all__ = ["ActorProxy", "CallableProxy", "traversable"]

logger = logging.getLogger("pykka")


class AttrInfo(NamedTuple):
    callable: bool
    traversable: bool


class ActorProxy:
    """An ActorProxy wraps an :class:`ActorRef` instance.

    Reading an attribute or calling a method returns a :class:`Future`; assigning an attribute
    blocks until the actor has set it. Methods accessed without calling give a
    :class:`CallableProxy`; attributes marked :func:`traversable` give a nested proxy.

    :raise: :exc:`pykka.ActorDeadError` if actor is not available
    """

    #: The actor's :class:`pykka.ActorRef` instance.
    actor_ref = None

    def __init__(self, actor_ref=None, attr_path=None, **kwargs):
        if actor_ref is None:
            actor_ref = kwargs.pop("actor_ref")
        if kwargs:
            raise TypeError(f"unexpected keyword arguments: {sorted(kwargs)}")
        if not actor_ref.is_alive():
            raise ActorDeadError(f"{actor_ref} not found")
        if actor_ref._actor is None:
            raise TypeError(f"{actor_ref} is a C++ actor: proxies reach Python actors only")
        self.actor_ref = actor_ref
        self._actor = actor_ref._actor
        self._attr_path = tuple(attr_path or ())
        self._known_attrs = self._introspect_attributes()
        self._actor_proxies = {}
        self._callable_proxies = {}

    def _introspect_attributes(self):
        result = {}
        attr_paths_to_visit = [[attr_name] for attr_name in dir(self._actor)]
        while attr_paths_to_visit:
            attr_path = attr_paths_to_visit.pop(0)
            if not self._is_exposable_attribute(attr_path[-1]):
                continue
            attr = self._actor._introspect_attribute_from_path(attr_path)
            if self._is_self_proxy(attr):
                logger.warning(
                    f"{self._actor} attribute {'.'.join(attr_path)!r} "
                    f"is a proxy to itself. "
                    f"Consider making it private "
                    f"by renaming it to {'_' + attr_path[-1]!r}."
                )
                continue
            attr_info = AttrInfo(
                callable=self._is_callable_attribute(attr),
                traversable=self._is_traversable_attribute(attr),
            )
            result[tuple(attr_path)] = attr_info
            if attr_info.traversable:
                for attr_name in dir(attr):
                    attr_paths_to_visit.append([*attr_path, attr_name])
        return result

    def _is_exposable_attribute(self, attr_name):
        return not attr_name.startswith("_")

    def _is_self_proxy(self, attr):
        return attr == self

    def _is_callable_attribute(self, attr):
        return isinstance(attr, Callable)

    def _is_traversable_attribute(self, attr):
        return (
            getattr(attr, "_pykka_traversable", False) is True
            or getattr(attr, "pykka_traversable", False) is True
        )

    def __eq__(self, other):
        if not isinstance(other, ActorProxy):
            return False
        if self._actor != other._actor:
            return False
        return self._attr_path == other._attr_path

    def __hash__(self):
        return hash((self._actor, self._attr_path))

    def __repr__(self):
        return f"<ActorProxy for {self.actor_ref}, attr_path={self._attr_path!r}>"

    def __dir__(self):
        result = ["__class__"]
        result += list(self.__class__.__dict__.keys())
        result += list(self.__dict__.keys())
        result += [attr_path[0] for attr_path in list(self._known_attrs.keys())]
        return sorted(result)

    def __getattr__(self, name):
        attr_path = (*self._attr_path, name)
        if attr_path not in self._known_attrs:
            self._known_attrs = self._introspect_attributes()
        attr_info = self._known_attrs.get(attr_path)
        if attr_info is None:
            raise AttributeError(f"{self} has no attribute {name!r}")
        if attr_info.callable:
            if attr_path not in self._callable_proxies:
                self._callable_proxies[attr_path] = CallableProxy(
                    actor_ref=self.actor_ref, attr_path=attr_path
                )
            return self._callable_proxies[attr_path]
        if attr_info.traversable:
            if attr_path not in self._actor_proxies:
                self._actor_proxies[attr_path] = ActorProxy(
                    actor_ref=self.actor_ref, attr_path=attr_path
                )
            return self._actor_proxies[attr_path]
        message = messages.ProxyGetAttr(attr_path=attr_path)
        return self.actor_ref.ask(message, block=False)

    def __setattr__(self, name, value):
        if name == "actor_ref" or name.startswith("_"):
            return super().__setattr__(name, value)
        attr_path = (*self._attr_path, name)
        message = messages.ProxySetAttr(attr_path=attr_path, value=value)
        self.actor_ref.ask(message)
        return None


class CallableProxy:
    """Proxy to a single method: calling it asks, :meth:`defer` tells."""

    def __init__(self, actor_ref=None, attr_path=None, **kwargs):
        if actor_ref is None:
            actor_ref = kwargs.pop("actor_ref")
        if kwargs:
            raise TypeError(f"unexpected keyword arguments: {sorted(kwargs)}")
        self.actor_ref = actor_ref
        self._attr_path = tuple(attr_path)

    def __call__(self, *args, **kwargs):
        """Call with :meth:`ActorRef.ask` semantics: returns a future of the return value."""
        message = messages.ProxyCall(attr_path=self._attr_path, args=args, kwargs=kwargs)
        return self.actor_ref.ask(message, block=False)

    def defer(self, *args, **kwargs):
        """Call with :meth:`ActorRef.tell` semantics: no future; failures go to on_failure."""
        message = messages.ProxyCall(attr_path=self._attr_path, args=args, kwargs=kwargs)
        self.actor_ref.tell(message)


def traversable(obj):
    """Mark an actor attribute (or, as a class decorator, a class) as traversable."""
    if hasattr(obj, "__slots__"):
        raise Exception(
            "pykka.traversable() cannot be used to mark "
            "an object using slots as traversable."
        )
    obj._pykka_traversable = True
    return obj
