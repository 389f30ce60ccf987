"""Waiting releases the GIL; Python objects carried by the core are released."""

import gc
import logging
import threading
import weakref

import pytest
from conftest import TIMEOUT

import pykka


class Gated(pykka.ThreadingActor):
    """Blocks its first message until `gate` is set."""

    def __init__(self, gate):
        super().__init__()
        self.gate = gate
        self.value = 0

    def on_receive(self, message):
        self.gate.wait(TIMEOUT)
        return message

    def wait_gate(self):
        self.gate.wait(TIMEOUT)
        return "opened"


def open_gate_from_python_code(gate):
    """Starts a thread that must run Python code (needing the GIL) before it opens the gate."""

    def work():
        total = sum(i * i for i in range(20000))
        assert total > 0
        gate.set()

    thread = threading.Thread(target=work)
    return thread


@pytest.mark.parametrize(
    "operation",
    ["ask", "stop", "proxy_set", "get_all", "stop_all", "future_get"],
)
def test_blocking_calls_release_the_gil_while_they_wait(operation):
    gate = threading.Event()
    ref = Gated.start(gate)
    ref.tell("hold")  # the actor blocks on the gate; everything below queues behind it
    opener = open_gate_from_python_code(gate)
    if operation == "ask":
        opener.start()
        assert ref.ask("x", timeout=TIMEOUT) == "x"
    elif operation == "stop":
        opener.start()
        assert ref.stop(timeout=TIMEOUT) is True
    elif operation == "proxy_set":
        proxy = ref.proxy()
        opener.start()
        proxy.value = 5  # blocks until the actor applied it
        assert proxy.value.get(timeout=TIMEOUT) == 5
    elif operation == "get_all":
        futures = [ref.ask(i, block=False) for i in range(3)]
        opener.start()
        assert pykka.get_all(futures, timeout=TIMEOUT) == [0, 1, 2]
    elif operation == "stop_all":
        opener.start()
        assert pykka.ActorRegistry.stop_all(block=True, timeout=TIMEOUT) == [True]
    elif operation == "future_get":
        future = ref.proxy().wait_gate()
        opener.start()
        assert future.get(timeout=TIMEOUT) == "opened"
    opener.join(TIMEOUT)
    assert gate.is_set()


def test_actors_run_python_code_concurrently_with_each_other():
    # Two actors each wait for the other's event: only possible if neither holds the GIL
    # while it waits.
    first, second = threading.Event(), threading.Event()

    class Waiter(pykka.ThreadingActor):
        def handshake(self, mine, theirs):
            mine.set()
            return theirs.wait(TIMEOUT)

    a, b = Waiter.start().proxy(), Waiter.start().proxy()
    fa = a.handshake(first, second)
    fb = b.handshake(second, first)
    assert fa.get(timeout=TIMEOUT) is True
    assert fb.get(timeout=TIMEOUT) is True


def test_an_actor_gives_the_gil_back_once_a_burst_of_tells_is_handled():
    # The actor keeps the GIL from one queued tell to the next; if it kept it once its mailbox
    # was empty, this thread could not come back from the wait below.
    count = 20000
    handled = threading.Event()

    class Counter(pykka.ThreadingActor):
        def __init__(self):
            super().__init__()
            self.seen = 0

        def on_receive(self, message):
            self.seen += 1
            if self.seen == count:
                handled.set()

    ref = Counter.start()
    for i in range(count):
        ref.tell(i)
    assert handled.wait(TIMEOUT)
    assert sum(i * i for i in range(20000)) > 0  # Python code on this thread, GIL needed
    assert ref.stop(timeout=TIMEOUT) is True


def released_eventually(event):
    """Collects garbage until `event` is set (bounded): the actor and its ref form a reference
    cycle, as in Pykka, so the object goes at the first collection after the actor thread let
    go of it, which may come after any one collect() of ours."""
    for _ in range(int(TIMEOUT / 0.05)):
        gc.collect()
        if event.wait(0.05):
            return True
    return False


def test_messages_dropped_after_stop_are_released():
    gate = threading.Event()
    released = threading.Event()

    class Payload:
        pass

    ref = Gated.start(gate)
    ref.tell("hold")
    stopping = ref.stop(block=False)
    payload = Payload()
    weakref.finalize(payload, released.set)
    ref.tell(payload)  # queued behind the stop: dropped when the actor ends
    del payload
    gate.set()
    stopping.get(timeout=TIMEOUT)
    assert released_eventually(released)


def test_actor_object_is_released_after_it_stops():
    released = threading.Event()

    class Plain(pykka.ThreadingActor):
        pass

    ref = Plain.start()
    weakref.finalize(ref._actor if hasattr(ref, "_actor") else ref, released.set)
    ref.stop(timeout=TIMEOUT)
    del ref
    assert released_eventually(released)


@pytest.mark.cpp_only  # Pykka's actor loop keeps the last reply until the next message
def test_replies_are_released_once_unused():
    released = threading.Event()

    class Reply:
        pass

    class Maker(pykka.ThreadingActor):
        def on_receive(self, message):
            reply = Reply()
            weakref.finalize(reply, released.set)
            return reply

    ref = Maker.start()
    future = ref.ask("make", block=False)
    assert isinstance(future.get(timeout=TIMEOUT), Reply)
    del future
    assert released_eventually(released)


@pytest.mark.cpp_only
def test_actors_waiting_for_each_other_are_reported_as_a_deadlock(caplog):
    class A(pykka.ThreadingActor):
        use_daemon_thread = True

        def foo(self, b):
            return b.bar().get(timeout=2)

    class B(pykka.ThreadingActor):
        use_daemon_thread = True

        def __init__(self, a):
            super().__init__()
            self.a = a

        def bar(self):
            return self.a.foo(None).get(timeout=2)

    caplog.set_level(logging.ERROR, logger="pykka")
    a = A.start().proxy()
    b = B.start(a).proxy()
    with pytest.raises(pykka.Timeout):
        a.foo(b).get(timeout=TIMEOUT)
    assert any("eadlock detected" in r.getMessage() for r in caplog.records)
