#include "gil.hpp"

#include <chrono>

#include <unistd.h>

#include "runtime/park.hpp"

namespace pykka_python {

std::atomic<bool> g_shutting_down{false};

namespace {

// Per thread: a thread that keeps getting the GIL soon after it found it held keeps spinning.
thread_local std::int64_t t_gil_spin_ns = 10'000;

// Spins while another thread holds the GIL; runs `take` (which takes it, sleeping if need be)
// and adapts the budget to how long that slept when the spin ran out.
template <class Take>
decltype(auto) take_spinning(Take&& take) {
  if (pykka_gil_state() != 1 ||
      pykka::detail::spin_adaptively(t_gil_spin_ns, [] { return pykka_gil_state() == 0; })) {
    return take();
  }
  const auto slept = std::chrono::steady_clock::now();
  decltype(auto) result = take();
  pykka::detail::learn_from_park(t_gil_spin_ns, std::chrono::steady_clock::now() - slept);
  return result;
}

}  // namespace

PyGILState_STATE ensure_gil() {
  // This thread holding the GIL already (a re-entrant with_gil) is no reason to spin.
  if (PyGILState_Check() != 0) return PyGILState_Ensure();
  return take_spinning([] { return PyGILState_Ensure(); });
}

void restore_thread(PyThreadState* saved) {
  take_spinning([saved] {
    PyEval_RestoreThread(saved);
    return 0;
  });
}

void park_forever() noexcept {
  for (;;) ::pause();
}

namespace {

// The thread state pinned by pin_thread_state(), released when the thread ends (actor threads
// that sit idle in the core's pool for a while exit).
struct PinnedThreadState {
  bool pinned = false;
  PinnedThreadState() = default;
  PinnedThreadState(const PinnedThreadState&) = delete;
  PinnedThreadState& operator=(const PinnedThreadState&) = delete;
  ~PinnedThreadState() {
    if (!pinned || !interpreter_usable()) return;  // at exit: leak it
    try {
      PyGILState_STATE outer = PyGILState_Ensure();  // counter 2, GIL held
      // Forget the threading.Thread stand-in made for this thread, as CPython does for its own.
      PyObject* name = PyUnicode_FromString("threading");
      PyObject* threading = name != nullptr ? PyImport_GetModule(name) : nullptr;
      Py_XDECREF(name);
      if (threading != nullptr) {
        PyObject* active = PyObject_GetAttrString(threading, "_active");
        if (active != nullptr && PyDict_Check(active)) {
          PyObject* ident = PyLong_FromUnsignedLong(PyThread_get_thread_ident());
          if (ident != nullptr && PyDict_DelItem(active, ident) != 0) PyErr_Clear();
          Py_XDECREF(ident);
        }
        Py_XDECREF(active);
        Py_DECREF(threading);
      }
      PyErr_Clear();
      (void)outer;
      PyGILState_Release(PyGILState_LOCKED);    // counter 1, keep the GIL
      PyGILState_Release(PyGILState_UNLOCKED);  // counter 0: clears and deletes the state
    } catch (...) {                             // CPython ending this thread (abi::__forced_unwind)
      park_forever();
    }
  }
};

thread_local PinnedThreadState t_pinned;

}  // namespace

void pin_thread_state() {
  if (t_pinned.pinned) return;
  try {
    (void)PyGILState_Ensure();  // new thread state, counter 1, GIL held
    (void)PyEval_SaveThread();  // release the GIL, keep the state (counter stays 1)
  } catch (...) {               // CPython ending this thread (abi::__forced_unwind)
    park_forever();
  }
  t_pinned.pinned = true;
}

void PyRef::reset() noexcept {
  PyObject* object = std::exchange(object_, nullptr);
  if (object == nullptr || !interpreter_usable()) return;  // at exit: leak, never touch it
  if (PyGILState_Check() != 0) {
    Py_DECREF(object);
    return;
  }
  with_gil([object] { Py_DECREF(object); });
}

}  // namespace pykka_python
