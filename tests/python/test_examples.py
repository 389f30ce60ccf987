"""The seed documentation's example programs, copied verbatim, print what the docs show."""

import os
import pathlib
import re
import signal
import subprocess
import sys

import pytest
from conftest import IMPL

EXAMPLES = pathlib.Path(__file__).parent / "examples"
RUN_TIMEOUT = 60
URN = re.compile(r"urn:uuid:[0-9a-f-]{36}")


def run(script, *args):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        env=dict(os.environ),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_plain_actor_prints_the_stored_messages():
    assert run("plain_actor.py") == (
        "[{'no': 'Norway', 'se': 'Sweden'}, {'a': 3, 'b': 4, 'c': 5}]\n"
    )


def test_counter_prints_the_documented_conversation():
    lines = URN.sub("urn", run("counter.py")).splitlines()
    expected = []
    for i in range(10):
        expected.append(f"Adder (urn) is increasing {i}")
        expected.append(f"Bookkeeper (urn) got {i + 1} back")
    assert lines == expected


def _proxy_example_lines(actor_thread):
    per_round = [
        "MainThread: calling AnActor.proc() ...",
        "MainThread: calling AnActor.func() ...",
        "MainThread: printing result ... (blocking)",
        f"{actor_thread}: this was printed by AnActor.proc()",
        "MainThread: this was returned by AnActor.func() after a delay",
        "MainThread: reading AnActor.field ...",
        "MainThread: printing result ... (blocking)",
        None,  # the field's value: the initial one in the first round only
        "MainThread: writing AnActor.field ...",
        "MainThread: printing new field value ... (blocking)",
        "MainThread: new value",
    ]
    lines = []
    for round_number in range(3):
        for line in per_round:
            if line is None:
                line = (
                    "MainThread: this is the value of AnActor.field"
                    if round_number == 0
                    else "MainThread: new value"
                )
            lines.append(line)
    return lines


def _print_calls(text):
    # print() from two threads may interleave a line with another's newline; split on the
    # thread prefixes instead of on newlines.
    return [part for part in re.split(r"(?=MainThread: |AnActor-1)", text.replace("\n", "")) if part]


def test_actor_with_proxy_prints_the_documented_lines():
    output = _print_calls(run("actor_with_proxy.py"))
    actor_lines = [line for line in output if not line.startswith("MainThread")]
    thread = actor_lines[0].split(":")[0]
    assert thread.startswith("AnActor-1")
    # The actor's line may come before or after the main thread's "printing result" line, as
    # the docs' own output shows; the main thread's lines keep their order.
    assert sorted(output) == sorted(_proxy_example_lines(thread))
    assert [line for line in output if line.startswith("MainThread")] == [
        line for line in _proxy_example_lines(thread) if line.startswith("MainThread")
    ]


@pytest.mark.cpp_only
def test_actor_with_proxy_names_the_actor_thread_as_the_docs_do():
    output = _print_calls(run("actor_with_proxy.py"))
    assert "AnActor-1: this was printed by AnActor.proc()" in output


def test_resolver_gathers_results_with_get_all():
    output = run("resolver.py", "2", "127.0.0.1", "not-an-ip")
    assert "Failed resolving not-an-ip" in output
    assert output.rstrip().endswith("('not-an-ip', None)]")


def test_the_testing_example_passes_under_pytest():
    pytest.importorskip("pytest_mock")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_producer.py"],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        env=dict(os.environ),
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def _read_stderr_until(stream, predicate):
    """Reads lines until one satisfies `predicate` (or the stream ends); returns them joined."""
    lines = []
    for line in stream:
        lines.append(line)
        if predicate(line):
            break
    return "".join(lines)


def _shows_both_actors_waiting(stderr):
    return "return b.bar().get()" in stderr and "return self.a.foo().get()" in stderr


def test_deadlock_debugging_logs_thread_tracebacks_on_sigusr1():
    process = subprocess.Popen(
        [sys.executable, "-u", str(EXAMPLES / "deadlock_debugging.py")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        for line in process.stdout:
            if line.startswith("2) Then"):
                break
        # The example's short sleep does not promise that the actors have reached their
        # deadlock on a busy machine: wait until the second actor logged its call, then dump
        # until a dump shows both actors waiting on each other, and the core has logged the
        # cycle (a few dumps at most).
        stderr = _read_stderr_until(process.stderr, lambda line: "BOOM!" in line)
        for _ in range(100):
            process.send_signal(signal.SIGUSR1)
            dump = _read_stderr_until(
                process.stderr,
                lambda line: line.startswith("CRITICAL:pykka:Current state of MainThread"),
            )
            stderr += dump
            detected = IMPL != "cpp" or "eadlock detected" in stderr
            if (_shows_both_actors_waiting(dump) and detected) or not dump:
                break
        process.terminate()
        process.wait(RUN_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(RUN_TIMEOUT)
        process.stdout.close()
        process.stderr.close()
    assert "DEBUG:root:This is foo calling bar" in stderr
    assert "DEBUG:root:This is bar calling foo; BOOM!" in stderr
    assert re.search(r"CRITICAL:pykka:Current state of DeadlockActorA-\d", stderr)
    assert re.search(r"CRITICAL:pykka:Current state of DeadlockActorB-\d", stderr)
    assert "return b.bar().get()" in stderr
    assert "return self.a.foo().get()" in stderr
    if IMPL == "cpp":
        assert "Deadlock detected" in stderr
