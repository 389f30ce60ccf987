"""Logging: Pykka's logger, levels and texts."""

import logging
import re

import pytest
from conftest import TIMEOUT

import pykka


@pytest.fixture()
def records(caplog):
    caplog.set_level(logging.DEBUG, logger="pykka")
    return caplog


def messages(caplog, level=None):
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "pykka" and (level is None or r.levelno == level)
    ]


class Quiet(pykka.ThreadingActor):
    def on_receive(self, message):
        if message == "fail":
            raise ValueError("logged failure")
        return message


def test_pykka_logger_has_a_null_handler():
    handlers = logging.getLogger("pykka").handlers
    assert any(isinstance(h, logging.NullHandler) for h in handlers)


def test_lifecycle_is_logged_at_debug(records):
    ref = Quiet.start()
    ref.stop(timeout=TIMEOUT)
    debug = messages(records, logging.DEBUG)
    name = f"Quiet ({ref.actor_urn})"
    for text in (f"Registered {name}", f"Starting {name}", f"Unregistered {name}",
                 f"Stopped {name}"):
        assert text in debug
    assert debug.index(f"Registered {name}") < debug.index(f"Starting {name}")


def test_exception_returned_to_caller_is_logged_at_info_with_exc_info(records):
    ref = Quiet.start()
    with pytest.raises(ValueError):
        ref.ask("fail", timeout=TIMEOUT)
    [record] = [r for r in records.records if r.levelno == logging.INFO]
    assert record.getMessage() == f"Exception returned from Quiet ({ref.actor_urn}) to caller:"
    assert record.exc_info[0] is ValueError
    assert str(record.exc_info[1]) == "logged failure"


def test_unhandled_exception_is_logged_at_error_with_exc_info(records):
    ref = Quiet.start()
    ref.tell("fail")
    ref.stop(block=False).get(timeout=TIMEOUT)
    errors = [r for r in records.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == [f"Unhandled exception in Quiet ({ref.actor_urn}):"]
    assert errors[0].exc_info[0] is ValueError
    assert errors[0].exc_info[2] is not None


def test_exception_in_on_start_is_logged_at_error(records):
    class BadStart(pykka.ThreadingActor):
        def on_start(self):
            raise RuntimeError("start failed")

    ref = BadStart.start()
    ref.stop(block=False).get(timeout=TIMEOUT)
    errors = [r for r in records.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        f"Unhandled exception in BadStart ({ref.actor_urn}):"
    ]
    assert errors[0].exc_info[0] is RuntimeError


def test_unexpected_message_is_logged_at_warning(records):
    class Plain(pykka.ThreadingActor):
        pass

    ref = Plain.start()
    ref.ask({"a": 1}, timeout=TIMEOUT)
    assert messages(records, logging.WARNING) == [
        f"Unexpected message received by Plain ({ref.actor_urn}): {{'a': 1}}"
    ]


def test_base_exception_is_logged_at_debug_with_its_repr(records):
    class Exiting(pykka.ThreadingActor):
        def on_receive(self, message):
            raise KeyboardInterrupt()

    ref = Exiting.start()
    ref.tell("bye")
    ref.stop(block=False).get(timeout=TIMEOUT)
    assert f"KeyboardInterrupt() in Exiting ({ref.actor_urn}). Stopping all actors." in messages(
        records, logging.DEBUG
    )


def test_log_records_from_actors_carry_the_actor_thread_name(records):
    ref = Quiet.start()
    ref.tell("fail")
    ref.stop(block=False).get(timeout=TIMEOUT)
    [record] = [r for r in records.records if r.levelno == logging.ERROR]
    assert record.threadName.startswith("Quiet-")


def test_debug_log_thread_tracebacks_logs_every_thread_at_critical(records):
    import pykka.debug

    class Idle(pykka.ThreadingActor):
        pass

    Idle.start()
    pykka.debug.log_thread_tracebacks()
    critical = messages(records, logging.CRITICAL)
    assert any(re.match(r"Current state of MainThread \(ident: \d+\):\n", m) for m in critical)
    assert any("test_debug_log_thread_tracebacks" in m for m in critical)


def test_debug_log_thread_tracebacks_accepts_signal_handler_arguments(records):
    import pykka.debug

    pykka.debug.log_thread_tracebacks(10, None)
    assert messages(records, logging.CRITICAL)
