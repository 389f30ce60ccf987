// pykka._core: the C++ core of the Python package. Mailboxes, actor threads, futures and the
// registry are pykka's C++ ones; the Python layer (pykka/*.py) builds Pykka's API on top.
//
// A Python actor is a PyActor (a pykka::ThreadingActor) holding the Python actor object. Its
// hooks run the Python code with the GIL held and release it before returning to the core, so
// an actor thread holds the GIL only while it runs Python code. Every call that can wait
// releases the GIL while it waits. Python objects travel through the core inside PyRef, which is
// released with the GIL held on whatever thread drops it (see gil.hpp).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "diagnostics/thread_name.hpp"
#include "gil.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "pykka/pykka.hpp"
#include "pykka_python/export.hpp"

namespace py = pybind11;

namespace pykka_python {
namespace {

using pykka::AnyActorRef;
using pykka::Message;
using MessageFuture = pykka::Future<Message>;
using StopFuture = pykka::Future<bool>;

// --- Python objects the layer hands over at import (owned forever) -----------------------------
PyObject* g_actor_dead_error = nullptr;   // pykka.ActorDeadError
PyObject* g_timeout_error = nullptr;      // pykka.Timeout
PyObject* g_already_set_error = nullptr;  // queue.Full, as Pykka's ThreadingFuture raises
PyObject* g_log_function = nullptr;       // pykka._logging.emit(level, name, message, exc, text)

// --- Exceptions raised by Python code, carried through the core --------------------------------

std::string describe_python_exception(PyObject* value) {
  std::string text = Py_TYPE(value)->tp_name;
  PyObject* str = PyObject_Str(value);
  if (str != nullptr) {
    const char* utf8 = PyUnicode_AsUTF8(str);
    if (utf8 != nullptr && *utf8 != '\0') text += std::string(": ") + utf8;
    Py_DECREF(str);
  }
  PyErr_Clear();
  return text;
}

std::string repr_of(PyObject* value) {
  std::string text;
  PyObject* repr = PyObject_Repr(value);
  if (repr != nullptr) {
    const char* utf8 = PyUnicode_AsUTF8(repr);
    if (utf8 != nullptr) text = utf8;
    Py_DECREF(repr);
  }
  PyErr_Clear();
  return text;
}

/// A Python Exception raised by actor code (or set on a future): reaches the core as a C++
/// exception, and Python again as the very same exception object (with its traceback).
class PyError : public std::exception {
 public:
  PyError(std::shared_ptr<PyRef> value, std::string text)
      : value_(std::move(value)), text_(std::move(text)) {}
  [[nodiscard]] const char* what() const noexcept override { return text_.c_str(); }
  [[nodiscard]] PyObject* value() const noexcept { return value_->get(); }

 private:
  std::shared_ptr<PyRef> value_;
  std::string text_;
};

/// A BaseException that is not an Exception (KeyboardInterrupt, SystemExit, …): the core's
/// "stop every actor" exception, as Pykka treats them.
class PyExit : public pykka::SystemExit {
 public:
  PyExit(std::shared_ptr<PyRef> value, std::string repr)
      : pykka::SystemExit(std::move(repr)), value_(std::move(value)) {}
  [[nodiscard]] PyObject* value() const noexcept { return value_->get(); }

 private:
  std::shared_ptr<PyRef> value_;
};

/// Takes the pending Python exception (GIL held) and returns it as a C++ exception pointer.
std::exception_ptr fetch_python_error() {
  PyObject* type = nullptr;
  PyObject* value = nullptr;
  PyObject* traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  if (value == nullptr) {
    Py_XDECREF(type);
    Py_XDECREF(traceback);
    return std::make_exception_ptr(std::runtime_error("unknown Python error"));
  }
  if (traceback != nullptr) PyException_SetTraceback(value, traceback);
  Py_XDECREF(type);
  Py_XDECREF(traceback);
  const bool is_exception = PyObject_IsInstance(value, PyExc_Exception) == 1;
  auto holder = std::make_shared<PyRef>(PyRef::steal(value));
  if (is_exception) {
    return std::make_exception_ptr(PyError(holder, describe_python_exception(holder->get())));
  }
  return std::make_exception_ptr(PyExit(holder, repr_of(holder->get())));
}

[[noreturn]] void throw_python_error() { std::rethrow_exception(fetch_python_error()); }

/// Makes `value` (an exception instance) the pending Python error, traceback included.
void restore_python_error(PyObject* value) {
  PyObject* type = reinterpret_cast<PyObject*>(Py_TYPE(value));
  Py_INCREF(type);
  Py_INCREF(value);
  PyErr_Restore(type, value, PyException_GetTraceback(value));
}

/// Sets the pending Python error for a C++ exception (GIL held).
void set_python_error(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const PyError& e) {
    restore_python_error(e.value());
  } catch (const PyExit& e) {
    restore_python_error(e.value());
  } catch (const py::error_already_set& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  } catch (const pykka::ActorDeadError& e) {
    PyErr_SetString(g_actor_dead_error, e.what());
  } catch (const pykka::Timeout& e) {
    PyErr_SetString(g_timeout_error, e.what());
  } catch (const pykka::InvalidArgument& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const pykka::TypeError& e) {
    PyErr_SetString(PyExc_TypeError, e.what());
  } catch (const pykka::SystemExit& e) {
    PyErr_SetString(PyExc_SystemExit, e.reason().c_str());
  } catch (const py::builtin_exception& e) {
    e.set_error();  // py::type_error, py::key_error, ... keep their Python type
  } catch (const std::bad_alloc&) {
    PyErr_NoMemory();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  } catch (...) {
    PyErr_SetString(PyExc_RuntimeError, "unknown C++ exception");
  }
}

/// Returns a new reference to the Python exception object for a C++ exception (GIL held).
PyObject* python_exception_object(const std::exception_ptr& error) {
  set_python_error(error);
  PyObject* type = nullptr;
  PyObject* value = nullptr;
  PyObject* traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  if (traceback != nullptr && value != nullptr) PyException_SetTraceback(value, traceback);
  Py_XDECREF(type);
  Py_XDECREF(traceback);
  return value;
}

// --- Values ---------------------------------------------------------------------------------

/// Converts a plain Python value (GIL held) to the C++ value a C++ actor expects (see
/// pykka_python/export.hpp); anything else stays a PyRef.
Message to_cpp_message(PyObject* object) {
  if (object == Py_None) return Message();
  if (PyBool_Check(object)) return Message(object == Py_True);
  if (PyLong_CheckExact(object)) {
    int overflow = 0;
    const long long value = PyLong_AsLongLongAndOverflow(object, &overflow);
    if (overflow == 0 && !(value == -1 && PyErr_Occurred() != nullptr)) return Message(value);
    PyErr_Clear();
  } else if (PyFloat_CheckExact(object)) {
    return Message(PyFloat_AS_DOUBLE(object));
  } else if (PyUnicode_CheckExact(object)) {
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(object, &size);
    if (text == nullptr) throw py::error_already_set();
    return Message(std::string(text, static_cast<std::size_t>(size)));
  } else if (PyBytes_CheckExact(object)) {
    const auto* data = reinterpret_cast<const std::byte*>(PyBytes_AS_STRING(object));
    return Message(std::vector<std::byte>(data, data + PyBytes_GET_SIZE(object)));
  } else if (PyList_CheckExact(object) || PyTuple_CheckExact(object)) {
    std::vector<Message> items;
    const Py_ssize_t size = PySequence_Fast_GET_SIZE(object);
    items.reserve(static_cast<std::size_t>(size));
    for (Py_ssize_t i = 0; i < size; ++i) {
      items.push_back(to_cpp_message(PySequence_Fast_GET_ITEM(object, i)));
    }
    if (PyTuple_CheckExact(object)) return Message(Tuple{std::move(items)});
    return Message(List{std::move(items)});
  } else if (PyDict_CheckExact(object)) {
    Dict dict;
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    Py_ssize_t position = 0;
    while (PyDict_Next(object, &position, &key, &value) != 0) {
      dict.items.emplace_back(to_cpp_message(key), to_cpp_message(value));
    }
    return Message(std::move(dict));
  }
  return Message(PyRef::borrow(object));
}

bool is_python_actor(const AnyActorRef& ref);

/// Wraps a Python object (GIL held) for the actor behind `ref`: Python actors get the object
/// itself, C++ actors its C++ value.
Message to_message(const AnyActorRef& ref, py::handle object) {
  if (is_python_actor(ref)) return Message(PyRef::borrow(object.ptr()));
  return to_cpp_message(object.ptr());
}

/// Wraps a Python object (GIL held) for a future.
Message to_message(py::handle object) { return Message(PyRef::borrow(object.ptr())); }

/// Returns a new reference to the Python form of a message or reply (GIL held). Python objects
/// come back as themselves; plain C++ values (from C++ actors) are converted.
PyObject* to_python(const Message& message) {
  if (!message.has_value()) Py_RETURN_NONE;
  if (const auto* ref = message.get_if<PyRef>()) return ref->new_reference();
  if (const auto* b = message.get_if<bool>()) return PyBool_FromLong(*b ? 1 : 0);
  if (const auto* i = message.get_if<int>()) return PyLong_FromLong(*i);
  if (const auto* l = message.get_if<long>()) return PyLong_FromLong(*l);
  if (const auto* ll = message.get_if<long long>()) return PyLong_FromLongLong(*ll);
  if (const auto* u = message.get_if<unsigned>()) return PyLong_FromUnsignedLong(*u);
  if (const auto* ul = message.get_if<unsigned long>()) return PyLong_FromUnsignedLong(*ul);
  if (const auto* d = message.get_if<double>()) return PyFloat_FromDouble(*d);
  if (const auto* f = message.get_if<float>()) return PyFloat_FromDouble(*f);
  if (const auto* s = message.get_if<std::string>()) {
    return PyUnicode_FromStringAndSize(s->data(), static_cast<Py_ssize_t>(s->size()));
  }
  if (const auto* bytes = message.get_if<std::vector<std::byte>>()) {
    return PyBytes_FromStringAndSize(reinterpret_cast<const char*>(bytes->data()),
                                     static_cast<Py_ssize_t>(bytes->size()));
  }
  const std::vector<Message>* items = nullptr;
  const auto* tuple = message.get_if<Tuple>();
  if (tuple != nullptr) items = &tuple->items;
  if (const auto* list = message.get_if<List>()) items = &list->items;
  if (items != nullptr) {
    PyObject* result = tuple != nullptr ? PyTuple_New(static_cast<Py_ssize_t>(items->size()))
                                        : PyList_New(static_cast<Py_ssize_t>(items->size()));
    if (result == nullptr) return nullptr;
    for (std::size_t i = 0; i < items->size(); ++i) {
      PyObject* item = to_python((*items)[i]);
      if (item == nullptr) {
        Py_DECREF(result);
        return nullptr;
      }
      if (tuple != nullptr) {
        PyTuple_SET_ITEM(result, static_cast<Py_ssize_t>(i), item);
      } else {
        PyList_SET_ITEM(result, static_cast<Py_ssize_t>(i), item);
      }
    }
    return result;
  }
  if (const auto* dict = message.get_if<Dict>()) {
    PyObject* result = PyDict_New();
    if (result == nullptr) return nullptr;
    for (const auto& [key, value] : dict->items) {
      PyObject* k = to_python(key);
      PyObject* v = k != nullptr ? to_python(value) : nullptr;
      const int rc = v != nullptr ? PyDict_SetItem(result, k, v) : -1;
      Py_XDECREF(k);
      Py_XDECREF(v);
      if (rc != 0) {
        Py_DECREF(result);
        return nullptr;
      }
    }
    return result;
  }
  PyErr_Format(PyExc_TypeError, "a C++ value of type %s has no Python form",
               message.type_name().c_str());
  return nullptr;
}

py::object to_python_object(const Message& message) {
  PyObject* object = to_python(message);
  if (object == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(object);
}

// --- Timeouts and waiting ----------------------------------------------------------------------

std::optional<double> to_seconds(py::handle timeout) {
  if (timeout.is_none()) return std::nullopt;
  const double seconds = PyFloat_AsDouble(timeout.ptr());
  if (seconds == -1.0 && PyErr_Occurred() != nullptr) throw py::error_already_set();
  if (std::isnan(seconds) || seconds < 0) {
    throw py::value_error("'timeout' must be a non-negative number");
  }
  return seconds;
}

[[noreturn]] void raise_timeout(py::handle timeout) {
  const std::string text = py::str(timeout).cast<std::string>() + " seconds";
  PyErr_SetString(g_timeout_error, text.c_str());
  throw py::error_already_set();
}

/// Waits (GIL released) until `future` is done or `seconds` passed; returns false on timeout.
/// On the main thread the wait is sliced so that signal handlers (Ctrl-C) run, as a Python
/// lock wait would let them.
template <class T>
bool wait_done(const pykka::Future<T>& future, std::optional<double> seconds) {
  if (future.done()) return true;
  using Clock = std::chrono::steady_clock;
  constexpr std::chrono::milliseconds kSlice{50};
  const bool main_thread = _PyOS_IsMainThread() != 0;
  const auto start = Clock::now();
  const auto limit = seconds ? std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(std::min(*seconds, 3.0e9)))
                             : Clock::duration::max();
  for (;;) {
    Clock::duration remaining = Clock::duration::max();
    if (seconds) {
      remaining = limit - (Clock::now() - start);
      if (remaining <= Clock::duration::zero()) return future.done();
    }
    const bool sliced = main_thread && remaining > kSlice;
    const bool ready = without_gil([&] {
      try {
        if (sliced) {
          (void)future.get(kSlice);
        } else if (!seconds) {
          (void)future.get();
        } else {
          (void)future.get(remaining);
        }
        return true;
      } catch (const pykka::Timeout&) {
        return false;
      } catch (...) {
        return true;  // done, with an exception
      }
    });
    if (ready) return true;
    if (!sliced) return false;
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  }
}

template <class T>
py::object get_result(const pykka::Future<T>& future, py::handle timeout) {
  if (!wait_done(future, to_seconds(timeout))) raise_timeout(timeout);
  try {
    if constexpr (std::is_same_v<T, Message>) {
      return to_python_object(future.get());
    } else {
      return py::bool_(future.get());
    }
  } catch (const py::error_already_set&) {
    throw;
  } catch (...) {
    set_python_error(std::current_exception());
    throw py::error_already_set();
  }
}

template <class T>
void add_done_callback(const pykka::Future<T>& future, py::object callback) {
  auto holder = std::make_shared<PyRef>(PyRef::borrow(callback.ptr()));
  future.on_done([holder] {
    if (!interpreter_usable()) return;
    with_gil([&] {
      PyObject* result = PyObject_CallNoArgs(holder->get());
      if (result == nullptr) {
        PyErr_WriteUnraisable(holder->get());
      } else {
        Py_DECREF(result);
      }
    });
  });
}

// --- Non-daemon Python actors -----------------------------------------------------------------
// Every Python actor runs on a thread the core treats as a daemon: the core's own exit waiter
// runs after the interpreter is gone, too late for actors that run Python code. The Python
// package waits for its non-daemon actors instead, before the interpreter shuts down.

struct LiveActors {
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t non_daemon = 0;  // guarded by mutex
  bool exiting = false;        // guarded by mutex: the interpreter began to shut down
};

LiveActors& live() {
  static auto* instance = new LiveActors();  // leaked: actor threads use it during exit
  return *instance;
}

void non_daemon_started() {
  std::lock_guard lock(live().mutex);
  ++live().non_daemon;
}

void non_daemon_finished() {
  std::lock_guard lock(live().mutex);
  --live().non_daemon;
  live().changed.notify_all();
}

// --- The actor --------------------------------------------------------------------------------

PyObject* g_name_on_start = nullptr;
PyObject* g_name_handle_receive = nullptr;
PyObject* g_name_on_stop = nullptr;
PyObject* g_name_on_failure = nullptr;

/// The C++ actor running a Python actor object. Hooks run on the actor's thread.
class PyActor final : public pykka::ThreadingActor {
 public:
  PyActor(PyRef actor, bool daemon) : actor_(std::move(actor)), daemon_(daemon) {
    if (!daemon_) non_daemon_started();
  }
  ~PyActor() override {
    actor_.reset();
    if (!daemon_) non_daemon_finished();
  }
  PyActor(const PyActor&) = delete;
  PyActor& operator=(const PyActor&) = delete;

 protected:
  // Keeps the GIL after on_start and from one message to the next while more are queued, a stop
  // and its on_stop included: the core calls on_batch_end (which gives it back) before it sends
  // a reply (a stop's too), handles a failure, waits for children, or lets the thread wait for
  // the next message. Starting an actor and handling what is already queued for it, or a burst
  // of tells, then costs one GIL hand-off instead of one per hook (CPython's switch interval
  // still lets other threads in).
  void on_start() override {
    if (!interpreter_usable()) park_forever();
    pin_thread_state();
    const std::string name = pykka::detail::current_thread_name();
    gil_.run([&] {
      PyObject* thread_name =
          PyUnicode_FromStringAndSize(name.data(), static_cast<Py_ssize_t>(name.size()));
      PyObject* result = thread_name == nullptr ? nullptr
                                                : PyObject_CallMethodOneArg(
                                                      actor_.get(), g_name_on_start, thread_name);
      Py_XDECREF(thread_name);
      if (result == nullptr) throw_python_error();
      Py_DECREF(result);
    });
  }

  Message on_receive(Message& message) override {
    if (!interpreter_usable()) {
      gil_.release();
      park_forever();
    }
    return gil_.run([&] {
      PyObject* argument = nullptr;
      if (auto* ref = message.get_if<PyRef>()) {
        argument = ref->release();  // the message is ours: no extra reference needed
      } else {
        argument = to_python(message);
        if (argument == nullptr) throw_python_error();
      }
      PyObject* result = PyObject_CallMethodOneArg(actor_.get(), g_name_handle_receive, argument);
      Py_DECREF(argument);
      if (result == nullptr) throw_python_error();
      return Message(PyRef::steal(result));
    });
  }

  // on_stop and on_failure are the last hooks: each lets go of the Python actor object while it
  // holds the GIL anyway, rather than the destructor taking the GIL once more for that.
  void on_stop() override {
    if (!interpreter_usable()) {
      gil_.release();
      park_forever();
    }
    gil_.run([&] {
      PyObject* result = PyObject_CallMethodNoArgs(actor_.get(), g_name_on_stop);
      let_go_of_actor(result);
    });
  }

  void on_failure(std::exception_ptr error) override {
    if (!interpreter_usable()) park_forever();
    with_gil([&] {
      PyObject* value = python_exception_object(error);
      if (value == nullptr) throw_python_error();
      PyObject* type = reinterpret_cast<PyObject*>(Py_TYPE(value));
      PyObject* traceback = PyException_GetTraceback(value);
      PyObject* result =
          PyObject_CallMethodObjArgs(actor_.get(), g_name_on_failure, type, value,
                                     traceback != nullptr ? traceback : Py_None, nullptr);
      Py_XDECREF(traceback);
      Py_DECREF(value);
      let_go_of_actor(result);
    });
  }

 private:
  void on_batch_end() noexcept override { gil_.release(); }

  // After the last hook, with the GIL held: drops the hook's result and the actor object, then
  // raises the hook's Python error, if any (fetched first: releasing an object may run code).
  void let_go_of_actor(PyObject* result) {
    if (result == nullptr) {
      const std::exception_ptr error = fetch_python_error();
      actor_.reset();
      std::rethrow_exception(error);
    }
    Py_DECREF(result);
    actor_.reset();
  }

  PyRef actor_;
  bool daemon_;
  HeldGil gil_;  // kept across hooks, see on_start
};

[[noreturn]] void throw_py_actor_pointer() { throw static_cast<PyActor*>(nullptr); }

bool is_python_actor(const AnyActorRef& ref) {
  return ref.cell() && ref.cell()->actor_type() == typeid(PyActor);
}

// --- Exported C++ actors --------------------------------------------------------------------

std::unordered_map<std::string, ActorStarter>& starters() {
  static auto* instance = new std::unordered_map<std::string, ActorStarter>();
  return *instance;
}

// One identity per Python actor class (by name and qualified name), leaked like the core's own.
const pykka::detail::ActorClassInfo& class_info(const std::string& name,
                                                const std::string& qualified) {
  static auto* mutex = new std::mutex();
  static auto* infos = new std::unordered_map<std::string, const pykka::detail::ActorClassInfo*>();
  const std::string key = qualified + '\n' + name;
  std::lock_guard lock(*mutex);
  auto found = infos->find(key);
  if (found != infos->end()) return *found->second;
  auto* info = new pykka::detail::ActorClassInfo{&typeid(PyActor), name, qualified,
                                                 &throw_py_actor_pointer, nullptr};
  infos->emplace(key, info);
  return *info;
}

// --- Logging ----------------------------------------------------------------------------------

/// Forwards a core log record to Python's logging (pykka._logging.emit). A record about an
/// exception carries the Python exception object when the exception came from Python code
/// (the core logs from inside its catch block, so the exception is the current one).
void forward_record(const pykka::LogRecord& record) {
  if (g_log_function == nullptr || !interpreter_usable()) return;
  std::exception_ptr current = std::current_exception();
  with_gil([&] {
    std::string message = record.message;
    PyObject* exception = nullptr;  // borrowed
    if (current) {
      try {
        std::rethrow_exception(current);
      } catch (const PyError& e) {
        exception = e.value();
      } catch (const PyExit& e) {
        // The core names the exception "SystemExit('<reason>')"; Pykka shows its repr.
        const std::string wrapped = "SystemExit('" + e.reason() + "')";
        if (message.rfind(wrapped, 0) == 0) message = e.reason() + message.substr(wrapped.size());
        exception = record.exception.empty() ? nullptr : e.value();
      } catch (...) {
      }
    }
    const std::string& text = exception == nullptr ? record.exception : std::string();
    PyObject* result = nullptr;
    PyObject* level = PyLong_FromLong(static_cast<long>(record.level));
    PyObject* logger = PyUnicode_FromStringAndSize(record.logger.data(),
                                                   static_cast<Py_ssize_t>(record.logger.size()));
    PyObject* text_object =
        PyUnicode_DecodeUTF8(message.data(), static_cast<Py_ssize_t>(message.size()), "replace");
    PyObject* detail =
        PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
    if (level != nullptr && logger != nullptr && text_object != nullptr && detail != nullptr) {
      result =
          PyObject_CallFunctionObjArgs(g_log_function, level, logger, text_object,
                                       exception != nullptr ? exception : Py_None, detail, nullptr);
    }
    Py_XDECREF(level);
    Py_XDECREF(logger);
    Py_XDECREF(text_object);
    Py_XDECREF(detail);
    if (result == nullptr) {
      PyErr_WriteUnraisable(g_log_function);
    } else {
      Py_DECREF(result);
    }
  });
}

// --- Module -----------------------------------------------------------------------------------

AnyActorRef new_cell(const std::string& name, const std::string& qualified) {
  // The actor joins the current system (the starting actor's, else the default), run by the
  // system's threading runtime, as pykka::start would.
  pykka::ActorSystem& system = pykka::ActorSystem::current();
  auto cell = std::make_shared<pykka::detail::ActorCell>(class_info(name, qualified), system.core(),
                                                         system.runtime<pykka::ThreadingRuntime>());
  return AnyActorRef(std::move(cell));
}

void launch(const AnyActorRef& ref, py::object actor, bool daemon) {
  const auto& cell = ref.cell();
  if (!cell) throw py::value_error("empty actor reference");
  {
    pykka::detail::ConstructingScope constructing(cell.get());
    cell->adopt(std::make_unique<PyActor>(PyRef::borrow(actor.ptr()), daemon));
  }
  // Logged with the GIL held: the record goes to Python's logging, so logging it without the GIL
  // would take the GIL back just for that (behind any actor thread waiting for it).
  pykka::detail::log_starting(*cell);
  without_gil([&] {
    try {
      pykka::ThreadingRuntime::launch_thread(cell, pykka::ThreadOptions{true, 0});
    } catch (...) {
      pykka::ActorRegistry::unregister_actor(ref);
      cell->abandon();
      throw;
    }
  });
}

// Runs on the package's keep-alive thread, a non-daemon threading.Thread: returns once the
// interpreter is shutting down and no non-daemon Python actor is left, so Python's own wait for
// non-daemon threads (after the main thread has finished) is the wait for those actors.
void keep_alive() {
  without_gil([] {
    std::unique_lock lock(live().mutex);
    live().changed.wait(lock, [] { return live().exiting && live().non_daemon == 0; });
  });
}

void begin_exit() {
  std::lock_guard lock(live().mutex);
  live().exiting = true;
  live().changed.notify_all();
}

std::size_t live_non_daemon_actors() {
  std::lock_guard lock(live().mutex);
  return live().non_daemon;
}

PyObject* intern(const char* name) {
  PyObject* text = PyUnicode_InternFromString(name);
  if (text == nullptr) throw py::error_already_set();
  return text;  // owned forever
}

}  // namespace
}  // namespace pykka_python

namespace pykka_python {

void register_actor_starter(const std::string& name, ActorStarter starter) {
  starters()[name] = std::move(starter);
}

pykka::AnyActorRef detail::start_without_gil(const std::function<pykka::AnyActorRef()>& fn) {
  return without_gil(fn);
}

}  // namespace pykka_python

PYBIND11_MODULE(_core, m) {
  using namespace pykka_python;
  m.doc() = "The C++ core of pykka: actor threads, mailboxes, futures and the registry.";

  g_name_on_start = intern("_pykka_on_start");
  g_name_handle_receive = intern("_handle_receive");
  g_name_on_stop = intern("on_stop");
  g_name_on_failure = intern("on_failure");

  py::register_exception_translator([](std::exception_ptr error) {
    if (error) set_python_error(error);
  });

  m.def(
      "init",
      [](py::object dead, py::object timeout, py::object already_set, py::object log_function) {
        g_actor_dead_error = dead.release().ptr();
        g_timeout_error = timeout.release().ptr();
        g_already_set_error = already_set.release().ptr();
        g_log_function = log_function.release().ptr();
        pykka::set_log_sink(&forward_record);
      },
      "Hands the package's exception classes and log function to the core.");

  m.def(
      "shutdown", [] { g_shutting_down.store(true, std::memory_order_release); },
      "Stops actor threads from entering the interpreter (called at exit).");

  py::class_<AnyActorRef>(m, "Ref")
      .def_property_readonly("actor_urn", [](const AnyActorRef& r) { return r.actor_urn(); })
      .def_property_readonly("class_name",
                             [](const AnyActorRef& r) { return r.actor_class_name(); })
      .def("is_alive", &AnyActorRef::is_alive)
      .def("tell", [](const AnyActorRef& r, py::object message) { r.tell(to_message(r, message)); })
      .def("ask", [](const AnyActorRef& r,
                     py::object message) { return r.ask(to_message(message), pykka::nonblocking); })
      .def(
          "ask_get",
          [](const AnyActorRef& r, py::object message, py::object timeout) {
            auto future = r.ask(to_message(r, message), pykka::nonblocking);
            return get_result(future, timeout);
          },
          py::arg("message"), py::arg("timeout") = py::none())
      .def("stop_async", [](const AnyActorRef& r) { return r.stop(pykka::nonblocking); })
      .def(
          "stop",
          [](const AnyActorRef& r, py::object timeout) {
            return get_result(r.stop(pykka::nonblocking), timeout);
          },
          py::arg("timeout") = py::none())
      .def("register", [](const AnyActorRef& r) { pykka::ActorRegistry::register_actor(r); })
      .def("unregister", [](const AnyActorRef& r) { pykka::ActorRegistry::unregister_actor(r); })
      .def("__eq__", [](const AnyActorRef& a, const AnyActorRef& b) { return a == b; })
      .def("__hash__", [](const AnyActorRef& r) { return std::hash<AnyActorRef>{}(r); })
      .def("__str__", [](const AnyActorRef& r) { return r.cell() ? r.cell()->display() : ""; });

  py::class_<MessageFuture>(m, "Future")
      .def(py::init<>())
      .def("get", &get_result<Message>, py::arg("timeout") = py::none())
      .def("done", &MessageFuture::done)
      .def("set",
           [](const MessageFuture& f, py::object value) {
             try {
               f.set(to_message(value));
             } catch (const pykka::Error&) {
               PyErr_SetString(g_already_set_error, "the future is already set");
               throw py::error_already_set();
             }
           })
      .def("set_exception",
           [](const MessageFuture& f, py::object value) {
             auto holder = std::make_shared<PyRef>(PyRef::borrow(value.ptr()));
             std::exception_ptr error;
             if (PyObject_IsInstance(value.ptr(), PyExc_Exception) == 1) {
               error =
                   std::make_exception_ptr(PyError(holder, describe_python_exception(value.ptr())));
             } else {
               error = std::make_exception_ptr(PyExit(holder, repr_of(value.ptr())));
             }
             try {
               f.set_exception(error);
             } catch (const pykka::Error&) {
               PyErr_SetString(g_already_set_error, "the future is already set");
               throw py::error_already_set();
             }
           })
      .def("add_done_callback", &add_done_callback<Message>);

  py::class_<StopFuture>(m, "StopFuture")
      .def("get", &get_result<bool>, py::arg("timeout") = py::none())
      .def("done", &StopFuture::done)
      .def("add_done_callback", &add_done_callback<bool>);

  m.def("new_cell", &new_cell, py::arg("name"), py::arg("qualified_name"),
        "Creates the core side of an actor that is being constructed.");
  m.def("launch", &launch, py::arg("ref"), py::arg("actor"), py::arg("daemon"),
        "Adopts the constructed Python actor and starts its thread.");
  m.def(
      "abandon",
      [](const AnyActorRef& ref) {
        if (ref.cell()) without_gil([&] { ref.cell()->abandon(); });
      },
      "Marks an actor whose construction failed as dead.");
  m.def(
      "start_cpp_actor",
      [](const std::string& name, const py::args& args) {
        auto found = starters().find(name);
        if (found == starters().end()) {
          throw py::key_error("no C++ actor class exported as '" + name + "'");
        }
        return found->second(args);
      },
      py::arg("name"), "Starts an exported C++ actor class; returns its core ref.");
  m.def("cpp_actor_names", [] {
    std::vector<std::string> names;
    for (const auto& entry : starters()) names.push_back(entry.first);
    std::sort(names.begin(), names.end());
    return names;
  });
  m.def("registry_get_all", [] { return pykka::ActorRegistry::get_all(); });
  m.def("registry_get_by_urn", [](const std::string& urn) -> py::object {
    auto found = pykka::ActorRegistry::get_by_urn(urn);
    if (!found) return py::none();
    return py::cast(*found);
  });
  m.def("keep_alive", &keep_alive,
        "Blocks (GIL released) until exit began and no non-daemon Python actor is left.");
  m.def("begin_exit", &begin_exit, "Tells keep_alive that the interpreter is shutting down.");
  m.def("live_non_daemon_actors", &live_non_daemon_actors);
  m.def(
      "log_native_thread_tracebacks",
      [] { without_gil([] { pykka::debug::log_thread_tracebacks(); }); },
      "Logs the core's dump of every actor thread (native stacks) at CRITICAL.");
  m.def(
      "set_deadlock_policy",
      [](const std::string& policy) {
        if (policy == "ignore") {
          pykka::set_deadlock_policy(pykka::DeadlockPolicy::ignore);
        } else if (policy == "report") {
          pykka::set_deadlock_policy(pykka::DeadlockPolicy::report);
        } else if (policy == "raise") {
          pykka::set_deadlock_policy(pykka::DeadlockPolicy::raise);
        } else {
          throw py::value_error("policy must be 'ignore', 'report' or 'raise'");
        }
      },
      "Chooses what a blocking get in a cycle of waiting actors does.");
}
