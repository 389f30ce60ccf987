/* Whether some thread holds the GIL, read without taking it. An actor thread that finds a
   message while another thread runs Python code spins briefly for the GIL to come free instead
   of sleeping on CPython's condition variable, which costs a kernel wake-up per hand-off. This
   reads CPython 3.11's runtime state, the layout of one minor version: any other version
   reports "unknown" and nobody spins. */
#define Py_BUILD_CORE 1
#include <Python.h>

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
#include "internal/pycore_runtime.h"

int pykka_gil_state(void) { return _Py_atomic_load_relaxed(&_PyRuntime.ceval.gil.locked) ? 1 : 0; }
#else
int pykka_gil_state(void) { return -1; }
#endif
