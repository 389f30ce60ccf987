"""Shared set-up of the Python test suite.

The suite runs against this package (PYKKA_IMPL=cpp, the default: PYTHONPATH points at the
built package) or, as a differential oracle, against Debian's Pykka 3.1 (PYKKA_IMPL=pykka3:
nothing on PYTHONPATH, so `import pykka` finds /usr/lib/python3/dist-packages/pykka). Tests of
behaviour that Pykka 3.1 does not share carry the `cpp_only` marker and are skipped there.
"""

import os

import pytest

import pykka

IMPL = os.environ.get("PYKKA_IMPL", "cpp")
if IMPL not in ("cpp", "pykka3"):
    raise RuntimeError(f"PYKKA_IMPL must be 'cpp' or 'pykka3', not {IMPL!r}")
_is_cpp = hasattr(pykka, "_core")
if (IMPL == "cpp") != _is_cpp:
    raise RuntimeError(
        f"PYKKA_IMPL={IMPL} but `import pykka` found {pykka.__file__}; "
        "set PYTHONPATH to the built package for 'cpp', leave it unset for 'pykka3'"
    )

#: Upper bound of every wait in the suite, in seconds: a broken implementation fails, it
#: never hangs the run.
TIMEOUT = 10


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "cpp_only: behaviour of this package that Pykka 3.1 does not share"
    )


def pytest_collection_modifyitems(config, items):
    if IMPL == "cpp":
        return
    skip = pytest.mark.skip(reason="not Pykka 3.1 behaviour (cpp_only)")
    for item in items:
        if "cpp_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _stop_all_actors():
    yield
    pykka.ActorRegistry.stop_all(block=True, timeout=TIMEOUT)


@pytest.fixture()
def events():
    """A namespace of fresh threading.Events, created on first access."""
    import threading
    import types

    class Events(types.SimpleNamespace):
        def __getattr__(self, name):
            event = threading.Event()
            setattr(self, name, event)
            return event

    return Events()
