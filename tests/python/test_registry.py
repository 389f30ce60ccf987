"""ActorRegistry: lookups, broadcast, register/unregister, stop_all."""

import pytest
from conftest import TIMEOUT

import pykka


class Base(pykka.ThreadingActor):
    def __init__(self, inbox=None):
        super().__init__()
        self.inbox = inbox if inbox is not None else []

    def on_receive(self, message):
        self.inbox.append(message)
        return message


class Derived(Base):
    pass


class Unrelated(pykka.ThreadingActor):
    pass


def test_get_all_lists_running_actors_in_start_order():
    refs = [Base.start(), Derived.start(), Unrelated.start()]
    assert pykka.ActorRegistry.get_all() == refs


def test_lookups_return_the_refs_that_start_returned():
    ref = Base.start()
    assert pykka.ActorRegistry.get_all()[0] is ref
    assert pykka.ActorRegistry.get_by_urn(ref.actor_urn) is ref


def test_get_by_class_includes_subclasses():
    base, derived, unrelated = Base.start(), Derived.start(), Unrelated.start()
    assert pykka.ActorRegistry.get_by_class(Base) == [base, derived]
    assert pykka.ActorRegistry.get_by_class(Derived) == [derived]
    assert pykka.ActorRegistry.get_by_class(pykka.ThreadingActor) == [base, derived, unrelated]


def test_get_by_class_name_is_exact():
    base, derived = Base.start(), Derived.start()
    assert pykka.ActorRegistry.get_by_class_name("Base") == [base]
    assert pykka.ActorRegistry.get_by_class_name("Derived") == [derived]
    assert pykka.ActorRegistry.get_by_class_name("Bas") == []


def test_get_by_urn_of_an_unknown_actor_is_none():
    assert pykka.ActorRegistry.get_by_urn("urn:uuid:00000000-0000-4000-8000-000000000000") is None


def test_stopped_actors_leave_the_registry():
    ref = Base.start()
    ref.stop(timeout=TIMEOUT)
    assert ref not in pykka.ActorRegistry.get_all()
    assert pykka.ActorRegistry.get_by_urn(ref.actor_urn) is None


def test_actor_sees_itself_registered_in_on_start():
    seen = []

    class Looker(pykka.ThreadingActor):
        def on_start(self):
            seen.append(pykka.ActorRegistry.get_by_urn(self.actor_urn) is not None)

    Looker.start().stop(timeout=TIMEOUT)
    assert seen == [True]


def test_broadcast_to_all_actors():
    inbox_a, inbox_b = [], []
    a, b = Base.start(inbox_a), Derived.start(inbox_b)
    pykka.ActorRegistry.broadcast("hello")
    a.ask("sync", timeout=TIMEOUT)
    b.ask("sync", timeout=TIMEOUT)
    assert inbox_a == ["hello", "sync"]
    assert inbox_b == ["hello", "sync"]


def test_broadcast_to_a_class_and_a_class_name():
    inbox_a, inbox_b = [], []
    a, b = Base.start(inbox_a), Derived.start(inbox_b)
    pykka.ActorRegistry.broadcast("to derived", target_class=Derived)
    pykka.ActorRegistry.broadcast("to base", target_class="Base")
    pykka.ActorRegistry.broadcast("to both", target_class=Base)
    a.ask("sync", timeout=TIMEOUT)
    b.ask("sync", timeout=TIMEOUT)
    assert inbox_a == ["to base", "to both", "sync"]
    assert inbox_b == ["to derived", "to both", "sync"]


def test_unregister_and_register_again():
    ref = Base.start()
    pykka.ActorRegistry.unregister(ref)
    assert pykka.ActorRegistry.get_all() == []
    assert ref.is_alive()
    pykka.ActorRegistry.register(ref)
    assert pykka.ActorRegistry.get_all() == [ref]


def test_stop_all_stops_last_started_first():
    order = []

    class Ordered(pykka.ThreadingActor):
        def __init__(self, name):
            super().__init__()
            self.name = name

        def on_stop(self):
            order.append(self.name)

    for name in "abcd":
        Ordered.start(name)
    results = pykka.ActorRegistry.stop_all(block=True, timeout=TIMEOUT)
    assert results == [True, True, True, True]
    assert order == ["d", "c", "b", "a"]
    assert pykka.ActorRegistry.get_all() == []


def test_stop_all_nonblocking_returns_futures():
    refs = [Base.start() for _ in range(3)]
    futures = pykka.ActorRegistry.stop_all(block=False)
    assert len(futures) == 3
    assert pykka.get_all(futures, timeout=TIMEOUT) == [True, True, True]
    assert not any(ref.is_alive() for ref in refs)


@pytest.mark.parametrize("count", [1, 20])
def test_stop_all_on_many_actors(count):
    for _ in range(count):
        Base.start()
    assert pykka.ActorRegistry.stop_all(block=True, timeout=TIMEOUT) == [True] * count
