"""Actor lifecycle: start, hooks, messages, replies, stop."""

import threading

import pytest
from conftest import IMPL, TIMEOUT

import pykka


class Recorder(pykka.ThreadingActor):
    def __init__(self, log=None):
        super().__init__()
        self.log = log if log is not None else []

    def on_start(self):
        self.log.append(("on_start", threading.current_thread().name))

    def on_stop(self):
        self.log.append(("on_stop",))

    def on_receive(self, message):
        self.log.append(("message", message))
        return ("reply", message)


def test_start_returns_a_ref_to_a_live_actor():
    ref = Recorder.start()
    assert isinstance(ref, pykka.ActorRef)
    assert ref.is_alive()


def test_constructor_receives_start_arguments_and_runs_in_the_calling_thread():
    seen = {}

    class Args(pykka.ThreadingActor):
        def __init__(self, a, b=None):
            super().__init__()
            seen["args"] = (a, b)
            seen["thread"] = threading.current_thread()

    Args.start(1, b=2)
    assert seen == {"args": (1, 2), "thread": threading.current_thread()}


def test_constructor_exception_reaches_the_caller_and_nothing_is_registered():
    class Broken(pykka.ThreadingActor):
        def __init__(self):
            super().__init__()
            raise ValueError("bad init")

    with pytest.raises(ValueError, match="bad init"):
        Broken.start()
    assert pykka.ActorRegistry.get_by_class(Broken) == []


def test_start_without_super_init_fails_with_pykkas_assertion():
    class NoSuper(pykka.ThreadingActor):
        def __init__(self):
            pass

    with pytest.raises(AssertionError, match="Did you forget to call super"):
        NoSuper.start()


def test_urn_is_a_version_4_uuid_urn_shared_by_actor_and_ref():
    import uuid

    ref = Recorder.start()
    assert ref.actor_urn.startswith("urn:uuid:")
    assert uuid.UUID(ref.actor_urn[len("urn:uuid:") :]).version == 4
    assert ref.proxy().actor_urn.get(timeout=TIMEOUT) == ref.actor_urn


def test_on_start_runs_in_the_actor_thread_before_any_message():
    log = []
    ref = Recorder.start(log)
    ref.ask("first", timeout=TIMEOUT)
    assert log[0][0] == "on_start"
    assert log[0][1] != threading.current_thread().name
    assert log[1] == ("message", "first")


def test_actor_thread_is_named_after_the_class():
    ref = Recorder.start()
    name = ref.proxy().log.get(timeout=TIMEOUT)[0][1]
    assert name.startswith("Recorder-")


@pytest.mark.cpp_only
def test_actor_thread_name_is_class_dash_number_as_in_pykkas_docs():
    ref = Recorder.start()
    name = ref.proxy().log.get(timeout=TIMEOUT)[0][1]
    prefix, number = name.split("-")
    assert prefix == "Recorder"
    assert number.isdigit()


def test_ask_returns_the_reply_of_on_receive():
    ref = Recorder.start()
    assert ref.ask("Hi?", timeout=TIMEOUT) == ("reply", "Hi?")


def test_ask_nonblocking_returns_a_future():
    ref = Recorder.start()
    future = ref.ask("Hi?", block=False)
    assert isinstance(future, pykka.Future)
    assert future.get(timeout=TIMEOUT) == ("reply", "Hi?")


def test_none_is_a_valid_reply():
    class Silent(pykka.ThreadingActor):
        def on_receive(self, message):
            pass

    assert Silent.start().ask("anything", timeout=TIMEOUT) is None


def test_messages_are_not_copied():
    received = []

    class Keeper(pykka.ThreadingActor):
        def on_receive(self, message):
            received.append(message)
            return message

    message = {"mutable": []}
    assert Keeper.start().ask(message, timeout=TIMEOUT) is message
    assert received[0] is message


def test_messages_from_one_sender_are_handled_in_order():
    log = []
    ref = Recorder.start(log)
    for i in range(200):
        ref.tell(i)
    ref.ask("done", timeout=TIMEOUT)
    assert [entry[1] for entry in log[1:-1]] == list(range(200))


def test_stop_runs_on_stop_and_returns_true():
    log = []
    ref = Recorder.start(log)
    assert ref.stop(timeout=TIMEOUT) is True
    assert log[-1] == ("on_stop",)
    assert not ref.is_alive()


def test_stop_of_a_dead_actor_returns_false():
    ref = Recorder.start()
    ref.stop(timeout=TIMEOUT)
    assert ref.stop(timeout=TIMEOUT) is False


def test_stop_nonblocking_returns_a_future_of_true():
    ref = Recorder.start()
    future = ref.stop(block=False)
    assert future.get(timeout=TIMEOUT) is True
    assert ref.stop(block=False).get(timeout=TIMEOUT) is False


def test_messages_queued_before_stop_are_processed_first():
    log = []
    ref = Recorder.start(log)
    for i in range(10):
        ref.tell(i)
    ref.stop(timeout=TIMEOUT)
    assert [entry[1] for entry in log[1:11]] == list(range(10))
    assert log[-1] == ("on_stop",)


def test_asks_queued_after_stop_fail_with_actor_dead_error():
    gate = threading.Event()

    class Gated(pykka.ThreadingActor):
        def on_receive(self, message):
            if message == "wait":
                gate.wait(TIMEOUT)

    ref = Gated.start()
    ref.tell("wait")
    stopping = ref.stop(block=False)
    late = ref.ask("late", block=False)
    gate.set()
    assert stopping.get(timeout=TIMEOUT) is True
    with pytest.raises(pykka.ActorDeadError, match="stopped before handling the message"):
        late.get(timeout=TIMEOUT)


def test_tell_to_a_dead_actor_raises_actor_dead_error():
    ref = Recorder.start()
    ref.stop(timeout=TIMEOUT)
    with pytest.raises(pykka.ActorDeadError, match=r"Recorder \(urn:uuid:.*\) not found"):
        ref.tell("hello")


def test_ask_to_a_dead_actor_raises_actor_dead_error():
    ref = Recorder.start()
    ref.stop(timeout=TIMEOUT)
    with pytest.raises(pykka.ActorDeadError, match="not found"):
        ref.ask("hello", timeout=TIMEOUT)
    future = ref.ask("hello", block=False)
    with pytest.raises(pykka.ActorDeadError):
        future.get(timeout=TIMEOUT)


def test_actor_can_stop_itself():
    class Quitter(pykka.ThreadingActor):
        def on_receive(self, message):
            self.stop()
            return "bye"

    ref = Quitter.start()
    assert ref.ask("quit", timeout=TIMEOUT) == "bye"
    assert ref.stop(block=False).get(timeout=TIMEOUT) in (True, False)
    assert not ref.is_alive()


def test_stop_inside_on_start_stops_the_actor_cleanly():
    log = []

    class EarlyExit(pykka.ThreadingActor):
        def on_start(self):
            self.stop()

        def on_stop(self):
            log.append("on_stop")

    ref = EarlyExit.start()
    ref.stop(block=False).get(timeout=TIMEOUT)
    assert log == ["on_stop"]


def test_actor_str_and_ref_str_repr_follow_pykka():
    ref = Recorder.start()
    assert str(ref) == f"Recorder ({ref.actor_urn})"
    assert repr(ref) == f"<ActorRef for Recorder ({ref.actor_urn})>"
    assert ref.actor_class is Recorder


def test_actor_ref_is_available_inside_the_actor():
    class Self(pykka.ThreadingActor):
        def on_receive(self, message):
            return self.actor_ref

    ref = Self.start()
    inner = ref.ask("who", timeout=TIMEOUT)
    assert inner.actor_urn == ref.actor_urn


def test_actor_stopped_flag_follows_the_actor():
    ref = Recorder.start()
    assert not ref.actor_stopped.is_set()
    ref.stop(timeout=TIMEOUT)
    assert ref.actor_stopped.is_set()


def test_default_on_receive_returns_none():
    class Plain(pykka.ThreadingActor):
        pass

    assert Plain.start().ask("unexpected", timeout=TIMEOUT) is None


def test_actor_proxy_to_itself_schedules_work_after_queued_messages():
    log = []

    class Scheduler(pykka.ThreadingActor):
        def __init__(self):
            super().__init__()
            self._in_future = self.actor_ref.proxy()

        def do_work(self):
            log.append("work")
            self._in_future.do_more_work()

        def do_more_work(self):
            log.append("more")

        def mark(self):
            log.append("mark")

    proxy = Scheduler.start().proxy()
    proxy.do_work()
    proxy.mark()
    proxy.mark().get(timeout=TIMEOUT)
    proxy.mark().get(timeout=TIMEOUT)
    assert log[:2] == ["work", "mark"]
    assert "more" in log
    assert log.index("more") > log.index("mark")


def test_many_actors_can_start_and_stop():
    refs = [Recorder.start() for _ in range(50)]
    assert all(r.stop(timeout=TIMEOUT) for r in refs)


def test_actors_on_a_daemon_thread_are_started_as_usual():
    class Daemon(pykka.ThreadingActor):
        use_daemon_thread = True

        def on_receive(self, message):
            return threading.current_thread().daemon

    ref = Daemon.start()
    assert ref.ask("daemon?", timeout=TIMEOUT) is True


def test_impl_under_test_is_the_one_selected():
    assert hasattr(pykka, "_core") == (IMPL == "cpp")
