"""Proxies: method calls, attribute reads and writes, defer, traversable members."""

import pytest
from conftest import TIMEOUT

import pykka
from pykka.messages import ProxyCall, ProxyGetAttr, ProxySetAttr


class Playback:
    def __init__(self):
        self.volume = 50

    def play(self):
        return True


@pykka.traversable
class Mixer:
    level = 3

    def mute(self):
        return "muted"


class Tracklist:
    pykka_traversable = True

    def __init__(self):
        self.nested = pykka.traversable(Inner())

    def count(self):
        return 7


class Inner:
    depth = "deep"

    def ping(self):
        return "pong"


class Calculator(pykka.ThreadingActor):
    playback = pykka.traversable(Playback())
    mixer = Mixer()
    tracklist = Tracklist()
    untraversed = Playback()

    def __init__(self):
        super().__init__()
        self.last_result = None
        self._private = "hidden"

    def add(self, a, b=None):
        if b is not None:
            self.last_result = a + b
        else:
            self.last_result += a
        return self.last_result

    def sub(self, a, b=None):
        if b is not None:
            self.last_result = a - b
        else:
            self.last_result -= a
        return self.last_result

    def kw(self, a, *, b=0):
        return (a, b)


@pytest.fixture()
def proxy():
    return Calculator.start().proxy()


def test_method_call_returns_a_future_of_the_result(proxy):
    future = proxy.add(1, 3)
    assert isinstance(future, pykka.Future)
    assert future.get(timeout=TIMEOUT) == 4
    assert proxy.last_result.get(timeout=TIMEOUT) == 4


def test_calls_are_processed_in_order(proxy):
    proxy.add(1, 3)
    proxy.sub(5)
    proxy.add(3)
    assert proxy.last_result.get(timeout=TIMEOUT) == 2


def test_attribute_write_is_applied_before_the_next_read(proxy):
    proxy.last_result = 17
    assert proxy.last_result.get(timeout=TIMEOUT) == 17


def test_keyword_arguments_reach_the_method(proxy):
    assert proxy.kw(1, b=2).get(timeout=TIMEOUT) == (1, 2)


def test_defer_calls_without_a_future(proxy):
    assert proxy.add.defer(2, 2) is None
    assert proxy.last_result.get(timeout=TIMEOUT) == 4


def test_method_without_call_is_a_callable_proxy(proxy):
    method = proxy.add
    assert isinstance(method, pykka.CallableProxy)
    assert method(5, 5).get(timeout=TIMEOUT) == 10
    assert proxy.add is method


def test_traversable_attribute_gives_a_nested_proxy(proxy):
    assert isinstance(proxy.playback, pykka.ActorProxy)
    assert proxy.playback.play().get(timeout=TIMEOUT) is True
    assert proxy.playback.volume.get(timeout=TIMEOUT) == 50


def test_traversable_class_decorator_and_pykka_traversable_flag(proxy):
    assert proxy.mixer.mute().get(timeout=TIMEOUT) == "muted"
    assert proxy.mixer.level.get(timeout=TIMEOUT) == 3
    assert proxy.tracklist.count().get(timeout=TIMEOUT) == 7


def test_traversal_goes_as_deep_as_marked(proxy):
    assert proxy.tracklist.nested.ping().get(timeout=TIMEOUT) == "pong"
    assert proxy.tracklist.nested.depth.get(timeout=TIMEOUT) == "deep"


def test_nested_attribute_write(proxy):
    proxy.playback.volume = 80
    assert proxy.playback.volume.get(timeout=TIMEOUT) == 80
    proxy.playback.volume = 50  # the Playback instance is shared by the class


def test_untraversable_attribute_is_returned_as_a_value(proxy):
    value = proxy.untraversed.get(timeout=TIMEOUT)
    assert isinstance(value, Playback)


def test_private_and_unknown_attributes_are_not_reachable(proxy):
    with pytest.raises(AttributeError):
        proxy._private  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'missing'"):
        proxy.missing  # noqa: B018


def test_proxy_repr_and_dir(proxy):
    assert repr(proxy) == f"<ActorProxy for {proxy.actor_ref}, attr_path=()>"
    assert "add" in dir(proxy)
    assert "last_result" in dir(proxy)


def test_proxies_of_the_same_actor_compare_equal(proxy):
    assert proxy == proxy.actor_ref.proxy()
    assert hash(proxy) == hash(proxy.actor_ref.proxy())
    assert proxy != Calculator.start().proxy()


def test_proxy_to_a_dead_actor_cannot_be_created():
    ref = Calculator.start()
    ref.stop(timeout=TIMEOUT)
    with pytest.raises(pykka.ActorDeadError, match="not found"):
        ref.proxy()


def test_proxy_keeps_its_actor_ref_after_the_actor_died(proxy):
    ref = proxy.actor_ref
    ref.stop(timeout=TIMEOUT)
    assert proxy.actor_ref is ref
    with pytest.raises(pykka.ActorDeadError):
        proxy.add(1, 2).get(timeout=TIMEOUT)


def test_actor_proxy_constructor_matches_ref_proxy():
    ref = Calculator.start()
    proxy = pykka.ActorProxy(actor_ref=ref)
    assert proxy.add(2, 3).get(timeout=TIMEOUT) == 5


def test_proxy_messages_can_be_sent_directly():
    ref = Calculator.start()
    assert ref.ask(ProxyCall(attr_path=["add"], args=[1, 2], kwargs={}), timeout=TIMEOUT) == 3
    assert ref.ask(ProxyGetAttr(attr_path=["last_result"]), timeout=TIMEOUT) == 3
    ref.ask(ProxySetAttr(attr_path=["last_result"], value=9), timeout=TIMEOUT)
    assert ref.ask(ProxyGetAttr(attr_path=["last_result"]), timeout=TIMEOUT) == 9
    ref.tell(ProxyCall(attr_path=["playback", "play"], args=(), kwargs={}))
    play = ProxyCall(attr_path=["playback", "play"], args=(), kwargs={})
    assert ref.ask(play, timeout=TIMEOUT) is True


def test_proxy_of_an_actor_with_a_public_proxy_to_itself_warns(caplog):
    class SelfProxy(pykka.ThreadingActor):
        def __init__(self):
            super().__init__()
            self.myself = self.actor_ref.proxy()

    with caplog.at_level("WARNING", logger="pykka"):
        proxy = SelfProxy.start().proxy()
    assert any("is a proxy to itself" in r.getMessage() for r in caplog.records)
    del proxy


def test_actors_can_call_each_other_through_proxies():
    class Adder(pykka.ThreadingActor):
        def add_one(self, i):
            return i + 1

    class Bookkeeper(pykka.ThreadingActor):
        def __init__(self, adder):
            super().__init__()
            self.adder = adder

        def count_to(self, target):
            i = 0
            while i < target:
                i = self.adder.add_one(i).get(timeout=TIMEOUT)
            return i

    adder = Adder.start().proxy()
    bookkeeper = Bookkeeper.start(adder).proxy()
    assert bookkeeper.count_to(10).get(timeout=TIMEOUT) == 10


def test_traversable_rejects_objects_with_slots():
    class Slotted:
        __slots__ = ("x",)

    with pytest.raises(Exception, match="slots"):
        pykka.traversable(Slotted())
