"""Failure rules: exceptions in handlers and hooks, and BaseException stopping every actor."""

import sys
import threading

import pytest
from conftest import TIMEOUT

import pykka


class Failing(pykka.ThreadingActor):
    def __init__(self, log=None):
        super().__init__()
        self.log = log if log is not None else []

    def on_receive(self, message):
        if message == "fail":
            raise ValueError("Oops")
        return message

    def on_failure(self, exception_type, exception_value, traceback):
        self.log.append(("on_failure", exception_type, str(exception_value), traceback))

    def on_stop(self):
        self.log.append(("on_stop",))

    def fail(self):
        raise LookupError("from a method")


def test_exception_in_ask_reaches_the_caller_and_the_actor_keeps_running():
    ref = Failing.start()
    with pytest.raises(ValueError, match="Oops"):
        ref.ask("fail", timeout=TIMEOUT)
    assert ref.is_alive()
    assert ref.ask("still here", timeout=TIMEOUT) == "still here"


def test_exception_in_ask_is_the_same_object_each_get():
    ref = Failing.start()
    future = ref.ask("fail", block=False)
    with pytest.raises(ValueError) as first:
        future.get(timeout=TIMEOUT)
    with pytest.raises(ValueError) as second:
        future.get(timeout=TIMEOUT)
    assert first.value is second.value
    assert first.value.__traceback__ is not None


def test_exception_in_a_tell_stops_the_actor_and_calls_on_failure():
    log = []
    ref = Failing.start(log)
    ref.tell("fail")
    # The actor is unregistered and stopped; its on_failure ran, not on_stop.
    # A stop queued behind the failing message is answered when the actor ends.
    ref.stop(block=False).get(timeout=TIMEOUT)
    assert not ref.is_alive()
    names = [entry[0] for entry in log]
    assert names == ["on_failure"]
    _, exc_type, text, traceback = log[0]
    assert exc_type is ValueError
    assert text == "Oops"
    assert traceback is not None
    assert pykka.ActorRegistry.get_by_urn(ref.actor_urn) is None


def test_exception_in_a_deferred_call_stops_the_actor():
    log = []
    proxy = Failing.start(log).proxy()
    proxy.fail.defer()
    proxy.actor_ref.stop(block=False).get(timeout=TIMEOUT)
    assert [entry[0] for entry in log] == ["on_failure"]
    assert log[0][1] is LookupError


def test_exception_in_a_proxy_call_reaches_the_caller():
    proxy = Failing.start().proxy()
    with pytest.raises(LookupError, match="from a method"):
        proxy.fail().get(timeout=TIMEOUT)
    assert proxy.actor_ref.is_alive()


def test_exception_in_on_start_stops_the_actor_without_on_failure_or_on_stop():
    log = []

    class BadStart(Failing):
        def on_start(self):
            raise RuntimeError("no start")

    ref = BadStart.start(log)
    with pytest.raises(pykka.ActorDeadError):
        ref.ask("hello", timeout=TIMEOUT)
    assert not ref.is_alive()
    assert log == []
    assert pykka.ActorRegistry.get_by_urn(ref.actor_urn) is None


def test_exception_in_on_stop_still_stops_the_actor():
    class BadStop(pykka.ThreadingActor):
        def on_stop(self):
            raise RuntimeError("no stop")

    ref = BadStop.start()
    ref.stop(timeout=TIMEOUT)
    assert not ref.is_alive()


def test_exception_in_on_failure_is_contained():
    class BadFailure(Failing):
        def on_failure(self, *args):
            raise RuntimeError("failure in failure")

    ref = BadFailure.start()
    ref.tell("fail")
    ref.stop(block=False).get(timeout=TIMEOUT)
    assert not ref.is_alive()
    assert Failing.start().ask("alive", timeout=TIMEOUT) == "alive"


@pytest.mark.parametrize("exception", [KeyboardInterrupt, SystemExit])
def test_base_exception_in_an_actor_stops_all_actors(exception):
    stopped = []
    changed = threading.Condition()

    def record(name):
        with changed:
            stopped.append(name)
            changed.notify_all()

    class Other(pykka.ThreadingActor):
        def on_stop(self):
            record("other")

    class Exiting(pykka.ThreadingActor):
        def on_receive(self, message):
            raise exception()

        def on_stop(self):
            record("exiting")

    others = [Other.start() for _ in range(3)]
    exiting = Exiting.start()
    exiting.tell("bye")
    # A stop that finds an actor already stopping returns before its on_stop has finished, so
    # wait for the on_stop calls themselves.
    with changed:
        assert changed.wait_for(
            lambda: stopped.count("other") == 3 and "exiting" in stopped, timeout=TIMEOUT
        ), stopped
    for ref in [*others, exiting]:
        ref.stop(block=False).get(timeout=TIMEOUT)
        assert not ref.is_alive()


@pytest.mark.cpp_only
def test_base_exception_in_an_ask_reaches_the_caller():
    class Exiting(pykka.ThreadingActor):
        def on_receive(self, message):
            raise SystemExit(3)

    with pytest.raises(SystemExit) as info:
        Exiting.start().ask("bye", timeout=TIMEOUT)
    assert info.value.code == 3


def test_an_actor_survives_a_caught_exception_in_its_own_code():
    class Careful(pykka.ThreadingActor):
        def on_receive(self, message):
            try:
                raise ValueError("inner")
            except ValueError:
                return sys.exc_info()[0].__name__

    assert Careful.start().ask("x", timeout=TIMEOUT) == "ValueError"


def test_failing_actor_leaves_other_actors_running():
    healthy = Failing.start()
    failing = Failing.start()
    failing.tell("fail")
    failing.stop(block=False).get(timeout=TIMEOUT)
    assert healthy.ask("ok", timeout=TIMEOUT) == "ok"
