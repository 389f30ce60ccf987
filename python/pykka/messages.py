"""Pykka's own actor messages.

In general, you should not need to use any of these classes. They are part of the public API so
that certain optimizations can be done without touching Pykka's internals, e.g. asking
``ProxyCall(attr_path=["my_method"], args=["foo"], kwargs={})`` without building a proxy.
"""

from typing import Any, Dict, NamedTuple, Sequence, Tuple

__all__ = ["ProxyCall", "ProxyGetAttr", "ProxySetAttr"]

AttrPath = Sequence[str]


class ProxyCall(NamedTuple):
    """Message to ask the actor to call the method with the arguments."""

    #: List with the path from the actor to the method.
    attr_path: AttrPath
    #: List with positional arguments.
    args: Tuple[Any, ...]
    #: Dict with keyword arguments.
    kwargs: Dict[str, Any]


class ProxyGetAttr(NamedTuple):
    """Message to ask the actor to return the value of the attribute."""

    #: List with the path from the actor to the attribute.
    attr_path: AttrPath


class ProxySetAttr(NamedTuple):
    """Message to ask the actor to set the attribute to the value."""

    #: List with the path from the actor to the attribute.
    attr_path: AttrPath
    #: The value to set the attribute to.
    value: Any
