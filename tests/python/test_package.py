"""The package's public names."""

import pytest

import pykka


@pytest.mark.parametrize(
    "name",
    [
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
        "__version__",
    ],
)
def test_public_name_exists(name):
    assert hasattr(pykka, name)


def test_submodules_exist():
    import pykka.debug
    import pykka.messages

    assert callable(pykka.debug.log_thread_tracebacks)
    assert pykka.messages.ProxyCall(attr_path=["a"], args=(), kwargs={}).attr_path == ["a"]
    assert pykka.messages.ProxyGetAttr(attr_path=["a"]).attr_path == ["a"]
    assert pykka.messages.ProxySetAttr(attr_path=["a"], value=1).value == 1


def test_exceptions_are_exceptions():
    assert issubclass(pykka.ActorDeadError, Exception)
    assert issubclass(pykka.Timeout, Exception)


def test_threading_actor_is_an_actor_and_not_daemon_by_default():
    assert issubclass(pykka.ThreadingActor, pykka.Actor)
    assert pykka.ThreadingActor.use_daemon_thread is False
    assert issubclass(pykka.ThreadingFuture, pykka.Future)


def test_version_is_a_string():
    assert isinstance(pykka.__version__, str)
    assert pykka.__version__


@pytest.mark.cpp_only
def test_typing_helpers_as_in_pykka_4_docs():
    from typing import cast

    from pykka import ActorProxy, ThreadingActor
    from pykka.typing import ActorMemberMixin, proxy_field, proxy_method

    class CircleActor(ThreadingActor):
        pi = 3.14

        def area(self, radius: float) -> float:
            return self.pi * radius**2

    class CircleProxy(ActorMemberMixin, ActorProxy[CircleActor] if hasattr(ActorProxy, "__class_getitem__") else ActorProxy):  # noqa: E501
        pi = proxy_field(CircleActor.pi)
        area = proxy_method(CircleActor.area)

    proxy = cast(CircleProxy, CircleActor.start().proxy())
    assert proxy.pi.get(timeout=10) == 3.14
    assert proxy.area(1.0).get(timeout=10) == 3.14
