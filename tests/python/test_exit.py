"""Interpreter exit with actors still around, measured in subprocesses.

Non-daemon actors keep the interpreter alive until they stop; daemon actors never keep it
alive and never crash it, even while they run Python code, wait on a future or log at exit;
KeyboardInterrupt and SystemExit raised in an actor stop every actor.
"""

import os
import pathlib
import subprocess
import sys

import pytest

SCRIPTS = pathlib.Path(__file__).parent / "exit_scripts"
EXIT_TIMEOUT = 60


def run(script):
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / script)],
        capture_output=True,
        text=True,
        timeout=EXIT_TIMEOUT,
        env=dict(os.environ),
        check=False,
    )
    return result


@pytest.mark.parametrize(
    "script",
    [
        "busy_daemon.py",
        "spin_daemon.py",
        "chatty_daemons.py",
        "blocked_daemon.py",
        "daemon_thread_blocked_in_get.py",
        "daemon_logging_at_exit.py",
    ],
)
def test_daemon_actors_never_block_or_crash_exit(script):
    result = run(script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "main done"
    assert "Fatal Python error" not in result.stderr
    assert "terminate called" not in result.stderr


def test_non_daemon_actor_keeps_the_interpreter_alive_until_it_stops():
    result = run("non_daemon.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "main done",
        "actor still running after main finished: True",
        "on_stop ran",
    ]


def test_keyboard_interrupt_in_an_actor_stops_all_actors():
    result = run("kbint.py")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "main done" in lines
    assert sorted(lines) == ["A on_stop", "B on_stop", "main done"]


def test_system_exit_in_an_actor_stops_all_actors():
    result = run("sysexit_in_actor.py")
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.splitlines()) == [
        "bystander on_stop",
        "exiting on_stop",
        "main done",
    ]


# Pykka 3.1 waits in a lock acquire, which a SIGINT ends only when the kernel delivers the
# signal to the main thread; delivered to an actor thread, the main thread sleeps on (about 3
# runs in 100 on a loaded machine). This package waits in slices and checks for signals.
@pytest.mark.cpp_only
def test_ctrl_c_interrupts_a_get_on_the_main_thread():
    import signal

    process = subprocess.Popen(
        [sys.executable, str(SCRIPTS / "ctrl_c_in_get.py")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert process.stdout.readline() == "waiting\n"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=EXIT_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=EXIT_TIMEOUT)
    assert process.returncode == 0, err
    assert out == "interrupted\n"
