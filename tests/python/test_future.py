"""Futures: get, set, set_exception, get hooks, combinators, get_all and await."""

import asyncio
import queue
import sys
import threading

import pytest
from conftest import TIMEOUT

import pykka


def test_get_returns_the_value_set():
    future = pykka.ThreadingFuture()
    future.set(42)
    assert future.get(timeout=TIMEOUT) == 42
    assert future.get(timeout=TIMEOUT) == 42


def test_set_without_value_sets_none():
    future = pykka.ThreadingFuture()
    future.set()
    assert future.get(timeout=TIMEOUT) is None


def test_get_blocks_until_another_thread_sets_the_value():
    future = pykka.ThreadingFuture()
    setter = threading.Thread(target=future.set, args=("late",))
    setter.start()
    assert future.get(timeout=TIMEOUT) == "late"
    setter.join(TIMEOUT)


def test_get_times_out_with_pykka_timeout():
    future = pykka.ThreadingFuture()
    with pytest.raises(pykka.Timeout, match="0.01 seconds"):
        future.get(timeout=0.01)


def test_zero_timeout_polls():
    future = pykka.ThreadingFuture()
    with pytest.raises(pykka.Timeout):
        future.get(timeout=0)
    future.set(1)
    assert future.get(timeout=0) == 1


def test_setting_twice_raises():
    future = pykka.ThreadingFuture()
    future.set(1)
    with pytest.raises(queue.Full):
        future.set(2)


def test_set_exception_from_an_except_block_is_raised_by_get():
    future = pykka.ThreadingFuture()
    try:
        raise ValueError("stored")
    except ValueError:
        future.set_exception()
    with pytest.raises(ValueError, match="stored"):
        future.get(timeout=TIMEOUT)
    with pytest.raises(ValueError, match="stored"):
        future.get(timeout=TIMEOUT)


def test_set_exception_with_exc_info_tuple():
    future = pykka.ThreadingFuture()
    try:
        raise KeyError("k")
    except KeyError:
        exc_info = sys.exc_info()
    future.set_exception(exc_info)
    with pytest.raises(KeyError) as info:
        future.get(timeout=TIMEOUT)
    assert info.value is exc_info[1]


def test_set_exception_with_a_class_only_instantiates_it():
    future = pykka.ThreadingFuture()
    future.set_exception((RuntimeError, None, None))
    with pytest.raises(RuntimeError):
        future.get(timeout=TIMEOUT)


def test_future_may_hold_a_future():
    inner = pykka.ThreadingFuture()
    outer = pykka.ThreadingFuture()
    outer.set(inner)
    inner.set("deep")
    assert outer.get(timeout=TIMEOUT).get(timeout=TIMEOUT) == "deep"


def test_get_hook_produces_the_value_with_the_timeout():
    future = pykka.ThreadingFuture()
    seen = []

    def hook(timeout):
        seen.append(timeout)
        return "hooked"

    future.set_get_hook(hook)
    assert future.get(timeout=3) == "hooked"
    assert future.get(timeout=5) == "hooked"
    assert seen == [3]


def test_map_passes_the_whole_value_through_the_function():
    future = pykka.ThreadingFuture()
    mapped = future.map(lambda x: x["foo"])
    future.set({"foo": "bar"})
    assert mapped.get(timeout=TIMEOUT) == "bar"


def test_map_adds_ten():
    f = pykka.ThreadingFuture()
    g = f.map(lambda x: x + 10)
    f.set(30)
    assert g.get(timeout=TIMEOUT) == 40


def test_map_computes_once():
    calls = []
    f = pykka.ThreadingFuture()
    g = f.map(lambda x: calls.append(x) or x * 2)
    f.set(2)
    assert g.get(timeout=TIMEOUT) == 4
    assert g.get(timeout=TIMEOUT) == 4
    assert calls == [2]


def test_map_passes_the_timeout_through():
    f = pykka.ThreadingFuture()
    g = f.map(lambda x: x)
    with pytest.raises(pykka.Timeout):
        g.get(timeout=0.01)


def test_map_rethrows_the_exception_of_the_source():
    f = pykka.ThreadingFuture()
    g = f.map(lambda x: x)
    f.set_exception((ValueError, ValueError("source"), None))
    with pytest.raises(ValueError, match="source"):
        g.get(timeout=TIMEOUT)


def test_filter_keeps_items_passing_the_predicate():
    f = pykka.ThreadingFuture()
    g = f.filter(lambda x: x > 10)
    f.set(range(5, 15))
    assert list(f.get(timeout=TIMEOUT)) == list(range(5, 15))
    assert g.get(timeout=TIMEOUT) == [11, 12, 13, 14]


def test_filter_of_a_non_iterable_raises_type_error():
    f = pykka.ThreadingFuture()
    g = f.filter(lambda x: x)
    f.set(1)
    with pytest.raises(TypeError):
        g.get(timeout=TIMEOUT)


def test_join_lists_the_results_in_order():
    a, b, c = pykka.ThreadingFuture(), pykka.ThreadingFuture(), pykka.ThreadingFuture()
    f = a.join(b, c)
    a.set("def")
    b.set(123)
    c.set(False)
    assert f.get(timeout=TIMEOUT) == ["def", 123, False]


def test_join_times_out_while_one_is_missing():
    a, b = pykka.ThreadingFuture(), pykka.ThreadingFuture()
    a.set(1)
    with pytest.raises(pykka.Timeout):
        a.join(b).get(timeout=0.01)


@pytest.mark.parametrize(
    ("values", "args", "expected"),
    [
        (["a", "b", "c"], (), "abc"),
        ([1, 2, 3], (), 6),
        ([1, 2, 3], (5,), 11),
        ([], (5,), 5),
    ],
)
def test_reduce_folds_left_to_right(values, args, expected):
    f = pykka.ThreadingFuture()
    g = f.reduce(lambda x, y: x + y, *args)
    f.set(values)
    assert g.get(timeout=TIMEOUT) == expected


def test_reduce_of_an_empty_list_without_initial_raises_type_error():
    f = pykka.ThreadingFuture()
    g = f.reduce(lambda x, y: x + y)
    f.set([])
    with pytest.raises(TypeError):
        g.get(timeout=TIMEOUT)


def test_get_all_collects_values_in_order():
    futures = [pykka.ThreadingFuture() for _ in range(3)]
    for i, future in enumerate(reversed(futures)):
        future.set(i)
    assert pykka.get_all(futures, timeout=TIMEOUT) == [2, 1, 0]


def test_get_all_times_out():
    futures = [pykka.ThreadingFuture(), pykka.ThreadingFuture()]
    futures[0].set(1)
    with pytest.raises(pykka.Timeout):
        pykka.get_all(futures, timeout=0.01)


def test_get_all_of_actor_replies():
    class Echo(pykka.ThreadingActor):
        def on_receive(self, message):
            return message * 2

    refs = [Echo.start() for _ in range(4)]
    futures = [ref.ask(i, block=False) for i, ref in enumerate(refs)]
    assert pykka.get_all(futures, timeout=TIMEOUT) == [0, 2, 4, 6]


def test_future_can_be_awaited_in_asyncio():
    class Echo(pykka.ThreadingActor):
        def on_receive(self, message):
            return message

    ref = Echo.start()

    async def main():
        return await ref.ask("awaited", block=False)

    assert asyncio.run(asyncio.wait_for(main(), TIMEOUT)) == "awaited"


def test_awaiting_a_proxy_call():
    class Calc(pykka.ThreadingActor):
        def add(self, a, b):
            return a + b

    proxy = Calc.start().proxy()

    async def main():
        return await proxy.add(1, 2)

    assert asyncio.run(asyncio.wait_for(main(), TIMEOUT)) == 3


def test_awaiting_a_failed_future_raises():
    future = pykka.ThreadingFuture()
    future.set_exception((ValueError, ValueError("async"), None))

    async def main():
        return await future

    with pytest.raises(ValueError, match="async"):
        asyncio.run(asyncio.wait_for(main(), TIMEOUT))


@pytest.mark.cpp_only
def test_awaiting_does_not_block_the_event_loop():
    future = pykka.ThreadingFuture()
    progress = []

    async def other():
        progress.append("other ran")
        # Set from another thread once the loop has proven it is free.
        threading.Thread(target=future.set, args=("done",)).start()

    async def main():
        waiter = asyncio.ensure_future(other())
        value = await future
        await waiter
        return value

    assert asyncio.run(asyncio.wait_for(main(), TIMEOUT)) == "done"
    assert progress == ["other ran"]


def test_iterating_a_future_yields_once_then_returns_the_value():
    future = pykka.ThreadingFuture()
    future.set("iterated")
    iterator = iter(future)
    assert next(iterator) is None
    with pytest.raises(StopIteration) as info:
        next(iterator)
    assert info.value.value == "iterated"


def test_get_releases_the_gil_while_waiting():
    future = pykka.ThreadingFuture()
    counted = []

    def count():
        # Runs Python code (needs the GIL) while the main thread waits in get().
        for i in range(10000):
            counted.append(i)
        future.set(len(counted))

    worker = threading.Thread(target=count)
    worker.start()
    assert future.get(timeout=TIMEOUT) == 10000
    worker.join(TIMEOUT)
