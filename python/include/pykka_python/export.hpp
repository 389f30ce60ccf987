#pragma once

// Exporting a C++ actor class to Python: the class can then be started from Python with
// `pykka.cpp.start("Name", *args)`, which returns a pykka.ActorRef. Python and C++ actors share
// one registry and tell/ask each other.
//
// The exported class must be compiled into the extension module itself (list its source in the
// CMake variable PYKKA_PYTHON_ACTOR_SOURCES): the extension links the C++ core statically, and a
// second module would have a registry of its own.
//
// Values: a message from Python to a C++ actor is converted: None → empty Message, bool → bool,
// int → long long, float → double, str → std::string, bytes → std::vector<std::byte>,
// list → pykka_python::List, tuple → pykka_python::Tuple, dict → pykka_python::Dict;
// anything else arrives as an opaque pykka_python::PyRef. C++ values of those types (and int,
// long, unsigned, float) reach Python actors, and come back as replies, as the Python values.
//
// Thread-safety: export_actor is meant for static initialisation (PYKKA_PYTHON_EXPORT_ACTOR);
// the starter runs with the GIL released while the actor is constructed and started.

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>

#include "pykka/pykka.hpp"

namespace pykka_python {

/// A Python list as a C++ value. (Not a bare std::vector<pykka::Message>: that type claims to be
/// copyable, which a Message holding it cannot be printed or stored as.)
struct List {
  std::vector<pykka::Message> items;  ///< The list's items, converted.
};

/// A Python tuple as a C++ value.
struct Tuple {
  std::vector<pykka::Message> items;  ///< The tuple's items, converted.
};

/// A Python dict as a C++ value, in the dict's order.
struct Dict {
  std::vector<std::pair<pykka::Message, pykka::Message>> items;  ///< Key and value pairs.
};

/// Starts an exported actor from Python arguments (GIL held on entry).
using ActorStarter = std::function<pykka::AnyActorRef(const pybind11::args&)>;

/// Makes `starter` available to Python as pykka.cpp.start(name, ...). Call before the module
/// is imported (static initialisation). A second class with the same name replaces the first.
void register_actor_starter(const std::string& name, ActorStarter starter);

namespace detail {
/// Runs `fn` with the GIL released (the caller holds it).
pykka::AnyActorRef start_without_gil(const std::function<pykka::AnyActorRef()>& fn);

template <class A, class... Args, std::size_t... I>
pykka::AnyActorRef start_from(const pybind11::args& args, std::index_sequence<I...> /*unused*/) {
  if (args.size() != sizeof...(Args)) {
    throw pybind11::type_error("expected " + std::to_string(sizeof...(Args)) +
                               " argument(s), got " + std::to_string(args.size()));
  }
  auto values = std::make_tuple(args[I].template cast<Args>()...);
  return start_without_gil(
      [&] { return pykka::AnyActorRef(pykka::start<A>(std::move(std::get<I>(values))...)); });
}
}  // namespace detail

/// Exports actor class A, started from Python with arguments convertible to Args.
/// @code
///   class Counter : public pykka::ThreadingActor { ... };
///   PYKKA_PYTHON_EXPORT_ACTOR(Counter, long long);   // pykka.cpp.start("Counter", 10)
/// @endcode
template <class A, class... Args>
void export_actor(const std::string& name) {
  register_actor_starter(name, [](const pybind11::args& args) {
    return detail::start_from<A, Args...>(args, std::index_sequence_for<Args...>{});
  });
}

}  // namespace pykka_python

/// Exports `Class` (constructor arguments `...`) under its own name at static initialisation.
#define PYKKA_PYTHON_EXPORT_ACTOR(Class, ...)                               \
  static const bool pykka_python_exported_##Class = [] {                    \
    ::pykka_python::export_actor<Class __VA_OPT__(, ) __VA_ARGS__>(#Class); \
    return true;                                                            \
  }()
