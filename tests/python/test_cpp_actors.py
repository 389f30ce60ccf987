"""C++ actors exported to Python: started from Python, sharing the registry, values converted.

Uses the actors of tests/python/cpp/test_actors.cpp, compiled into the extension when
PYKKA_PYTHON_TEST_ACTORS is ON (the default with tests).
"""

import pytest
from conftest import IMPL, TIMEOUT

import pykka

pytestmark = pytest.mark.cpp_only

if IMPL == "cpp":
    import pykka.cpp

    if "CppEcho" not in pykka.cpp.names():
        pytestmark = [pytestmark, pytest.mark.skip(reason="built without the test C++ actors")]


class PythonActor(pykka.ThreadingActor):
    def on_receive(self, message):
        return ("python got", message)


def test_exported_classes_are_listed():
    assert {"CppCounter", "CppEcho", "CppRelay"} <= set(pykka.cpp.names())


def test_unknown_class_raises_key_error():
    with pytest.raises(KeyError, match="NoSuchActor"):
        pykka.cpp.start("NoSuchActor")


def test_start_returns_a_ref_printed_and_registered_like_any_other():
    ref = pykka.cpp.start("CppEcho")
    assert isinstance(ref, pykka.ActorRef)
    assert str(ref) == f"CppEcho ({ref.actor_urn})"
    assert ref.actor_class.__name__ == "CppEcho"
    assert ref.is_alive()
    assert pykka.ActorRegistry.get_by_class_name("CppEcho") == [ref]
    assert pykka.ActorRegistry.get_by_urn(ref.actor_urn) == ref
    assert ref.stop(timeout=TIMEOUT) is True
    assert not ref.is_alive()


@pytest.mark.parametrize(
    "value",
    [None, True, False, 0, -7, 2**62, 2.5, "text", "", b"\x00bytes", [1, "a", [2.0]], (1, (2,)),
     {"k": [1, None], 3: "three"}],
)
def test_plain_values_convert_both_ways(value):
    echo = pykka.cpp.start("CppEcho")
    reply = echo.ask(value, timeout=TIMEOUT)
    assert reply == value
    assert type(reply) is type(value)


def test_other_objects_reach_cpp_and_come_back_as_themselves():
    echo = pykka.cpp.start("CppEcho")
    marker = object()
    assert echo.ask(marker, timeout=TIMEOUT) is marker
    big = 10**30  # beyond long long: kept as the Python object
    assert echo.ask(big, timeout=TIMEOUT) == big


def test_constructor_arguments_are_converted():
    counter = pykka.cpp.start("CppCounter", 10)
    counter.tell(5)
    counter.tell(7)
    assert counter.ask(None, timeout=TIMEOUT) == 22
    assert counter.ask("hi", timeout=TIMEOUT) == "hi!"
    with pytest.raises(TypeError):
        pykka.cpp.start("CppCounter")


def test_cpp_actor_asks_a_python_actor_through_the_registry():
    PythonActor.start()
    relay = pykka.cpp.start("CppRelay")
    assert relay.ask("PythonActor", timeout=TIMEOUT) == ("python got", "from C++")


def test_exception_of_a_cpp_actor_reaches_the_python_caller():
    relay = pykka.cpp.start("CppRelay")
    with pytest.raises(pykka.ActorDeadError, match="Nobody not found"):
        relay.ask("Nobody", timeout=TIMEOUT)
    assert relay.is_alive()


def test_stop_all_stops_cpp_and_python_actors_last_first():
    pykka.cpp.start("CppEcho")
    PythonActor.start()
    assert pykka.ActorRegistry.stop_all(block=True, timeout=TIMEOUT) == [True, True]
    assert pykka.ActorRegistry.get_all() == []


def test_proxies_reach_python_actors_only():
    ref = pykka.cpp.start("CppEcho")
    with pytest.raises(TypeError, match="C\\+\\+ actor"):
        ref.proxy()
