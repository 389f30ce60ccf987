#pragma once

// How threads that pykka's C++ core created (actor threads) enter and leave the interpreter.
//
// Rules kept here:
// - An actor thread holds the GIL only while it runs Python code: every entry is a with_gil()
//   scope around one hook or callback, or a HeldGil kept from one hook to the next while the
//   actor has more to do at once (queued messages), never while it waits.
// - Once the interpreter is shutting down (our atexit hook ran, or CPython is finalizing), no
//   thread enters it any more: objects are leaked instead of released, log records dropped, and
//   an actor thread that would have to run Python code parks for good (the process is exiting).
// - CPython ends a daemon thread that wants the GIL after finalization started by calling
//   pthread_exit(), which unwinds the stack with abi::__forced_unwind. The core's actor loop is
//   noexcept, so that unwinding must never reach it: with_gil() catches it and parks the thread
//   instead. Code inside with_gil() therefore avoids RAII types whose destructors touch the
//   interpreter (PyRef checks for finalization itself).

#include <atomic>
#include <cstdint>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include <Python.h>

extern "C" int pykka_gil_state(void);  // 1: held, 0: free, -1: unknown (src/gil_probe.c)

namespace pykka_python {

/// Set by the atexit hook: from then on no actor thread enters the interpreter.
extern std::atomic<bool> g_shutting_down;

/// Returns true if a thread may still enter the interpreter. Safe without the GIL.
inline bool interpreter_usable() noexcept {
  return !g_shutting_down.load(std::memory_order_acquire) && Py_IsInitialized() != 0 &&
         _Py_IsFinalizing() == 0;
}

/// Take the GIL as PyGILState_Ensure and PyEval_RestoreThread do, but if another thread holds
/// it, spin for it to come free first, for an adaptive time per thread (see
/// pykka::detail::spin_adaptively and learn_from_park). Taking a GIL that is held puts the thread
/// to sleep on CPython's condition variable until the holder signals it, two kernel wake-ups per
/// hand-off that cost more than the Python code of a typical message; a holder that is about to
/// wait (a thread blocking on a future) or that runs a short hook lets it go within microseconds.
/// Only CPython 3.11's GIL can be watched (src/gil_probe.c); with others they do not spin.
PyGILState_STATE ensure_gil();
void restore_thread(PyThreadState* saved);

/// Blocks the calling thread until the process ends. Used where a thread may not touch the
/// interpreter again and may not unwind into the core either.
[[noreturn]] void park_forever() noexcept;

/// Gives an actor thread a Python thread state that lives as long as the thread (creating one
/// per hook would cost a thread-state allocation per message). Must be called without the GIL.
void pin_thread_state();

/// Runs `fn` with the GIL held, from any thread (re-entrant); returns what fn returns, and
/// rethrows C++ exceptions after releasing the GIL. If the interpreter ends this thread while
/// it waits for or runs under the GIL, the thread parks for good.
template <class F>
decltype(auto) with_gil(F&& fn) {
  PyGILState_STATE state;
  try {
    state = ensure_gil();
  } catch (...) {  // only CPython ending this thread (abi::__forced_unwind) gets here
    park_forever();
  }
  PyThreadState* const mine = PyThreadState_Get();
  try {
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      PyGILState_Release(state);
    } else {
      decltype(auto) result = fn();
      PyGILState_Release(state);
      return result;
    }
  } catch (...) {
    // CPython ends a thread (pthread_exit) only after dropping the GIL; a C++ exception from
    // fn leaves it held. Not catching abi::__forced_unwind by name keeps UBSan quiet (the
    // unwinding "exception" has no C++ object to bind a reference to).
    if (_PyThreadState_UncheckedGet() != mine) park_forever();
    PyGILState_Release(state);
    throw;
  }
}

/// The GIL as an actor thread keeps it across several hook calls: taken by the first call that
/// needs it, given back by release() (PyActor gives it back in the core's on_batch_end, before
/// the core replies, stops, handles a failure or lets the thread wait). Owned by one thread.
class HeldGil {
 public:
  HeldGil() = default;
  HeldGil(const HeldGil&) = delete;
  HeldGil& operator=(const HeldGil&) = delete;
  ~HeldGil() { release(); }

  /// Runs `fn` with the GIL held, taking it first if this thread does not hold it already
  /// (spinning for it, see ensure_gil), and keeps it afterwards. A C++ exception from fn
  /// gives the GIL back and propagates; if the interpreter ends this thread, the thread parks
  /// for good, as in with_gil.
  template <class F>
  decltype(auto) run(F&& fn) {
    take();
    PyThreadState* const mine = PyThreadState_Get();
    try {
      return fn();
    } catch (...) {
      if (_PyThreadState_UncheckedGet() != mine) park_forever();
      release();
      throw;
    }
  }

  /// Gives the GIL back if held.
  void release() noexcept {
    if (!held_) return;
    held_ = false;
    PyGILState_Release(state_);
  }

 private:
  void take() noexcept {
    if (held_) return;
    try {
      state_ = ensure_gil();
    } catch (...) {  // only CPython ending this thread (abi::__forced_unwind) gets here
      park_forever();
    }
    held_ = true;
  }

  bool held_ = false;
  PyGILState_STATE state_{};  // valid while held_
};

/// Runs `fn` with the GIL released by the calling thread (which holds it), then takes it back.
/// Not RAII on purpose: see the header comment. fn must not touch the interpreter. Taking the
/// GIL back happens outside any catch block: if CPython ends the thread there, its unwinding
/// must not start inside a handler (the half-handled exception would abort the process).
template <class F>
auto without_gil(F&& fn) {
  std::exception_ptr error;
  PyThreadState* saved = PyEval_SaveThread();
  if constexpr (std::is_void_v<decltype(fn())>) {
    try {
      fn();
    } catch (...) {
      error = std::current_exception();
    }
    restore_thread(saved);
    if (error) std::rethrow_exception(error);
  } else {
    std::optional<decltype(fn())> result;
    try {
      result.emplace(fn());
    } catch (...) {
      error = std::current_exception();
    }
    restore_thread(saved);
    if (error) std::rethrow_exception(error);
    return std::move(*result);
  }
}

/// An owned reference to a Python object that may be destroyed on any thread: released with the
/// GIL held (taking it if needed), or leaked once the interpreter is shutting down.
class PyRef {
 public:
  PyRef() noexcept = default;
  /// Takes over a new (owned) reference.
  static PyRef steal(PyObject* object) noexcept {
    PyRef ref;
    ref.object_ = object;
    return ref;
  }
  /// Adds a reference; the caller holds the GIL.
  static PyRef borrow(PyObject* object) noexcept {
    Py_XINCREF(object);
    return steal(object);
  }
  PyRef(PyRef&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
  PyRef& operator=(PyRef&& other) noexcept {
    if (this != &other) {
      reset();
      object_ = std::exchange(other.object_, nullptr);
    }
    return *this;
  }
  /// Copies add a reference, so the copying thread must hold the GIL.
  PyRef(const PyRef& other) noexcept : object_(other.object_) { Py_XINCREF(object_); }
  PyRef& operator=(const PyRef& other) noexcept {
    if (this != &other) {
      reset();
      object_ = other.object_;
      Py_XINCREF(object_);
    }
    return *this;
  }
  ~PyRef() { reset(); }

  [[nodiscard]] PyObject* get() const noexcept { return object_; }
  /// Returns a new reference (GIL held).
  [[nodiscard]] PyObject* new_reference() const noexcept {
    Py_XINCREF(object_);
    return object_;
  }
  /// Gives up ownership.
  PyObject* release() noexcept { return std::exchange(object_, nullptr); }
  explicit operator bool() const noexcept { return object_ != nullptr; }

  void reset() noexcept;

 private:
  PyObject* object_ = nullptr;
};

}  // namespace pykka_python
