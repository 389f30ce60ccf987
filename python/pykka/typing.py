"""Helpers to improve type hints of actor proxies (see Pykka's docs on type hints)."""

from typing import TYPE_CHECKING, Any, Callable, Protocol, TypeVar

from pykka import Future

if TYPE_CHECKING:
    from typing_extensions import Concatenate, ParamSpec  # pragma: no cover

    P = ParamSpec("P")  # pragma: no cover

__all__ = ["ActorMemberMixin", "proxy_field", "proxy_method"]

T = TypeVar("T")
R = TypeVar("R", covariant=True)


class Method(Protocol[R]):
    """A callable attribute of a proxy; calling it returns a future."""

    def __call__(self, *args: Any, **kwargs: Any) -> R: ...  # pragma: no cover

    def defer(self, *args: Any, **kwargs: Any) -> None: ...  # pragma: no cover


def proxy_field(field: T) -> "Future[T]":
    """Type a field on an actor proxy.

    .. versionadded:: 4.0
    """
    return field  # type: ignore[return-value]


def proxy_method(field: Callable[..., T]) -> "Method[Future[T]]":
    """Type a method on an actor proxy.

    .. versionadded:: 4.0
    """
    return field  # type: ignore[return-value]


class ActorMemberMixin:
    """Mixin class for typing Actor methods which are accessible via proxy instances.

    .. versionadded:: 4.0
    """

    stop: "Method[Future[None]]"
    on_start: "Method[Future[None]]"
    on_stop: "Method[Future[None]]"
    on_failure: "Method[Future[None]]"
    on_receive: "Method[Future[Any]]"
