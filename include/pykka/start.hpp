#pragma once

// pykka::start<A>(args...): construct an actor, register it and start its loop.
//
// Thread-safety: callable from any thread, actors included. The constructor runs in the calling
// thread; on_start and everything after run on the actor's own context.

#include <memory>
#include <type_traits>
#include <utility>

#include "pykka/actor.hpp"
#include "pykka/actor_ref.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "pykka/detail/member_table.hpp"
#include "pykka/detail/type_name.hpp"
#include "pykka/registry.hpp"

namespace pykka {

namespace detail {

template <class A>
void throw_null_pointer_of() {
  throw static_cast<A*>(nullptr);
}

// The class's identity, computed once (names are parsed from the compiler's signature text) and
// leaked on purpose: daemon actors may still use it during static destruction.
template <class A>
const ActorClassInfo& class_info_of() {
  static const ActorClassInfo* const info = [] {
    std::string qualified = type_name<A>();
    std::string name = unqualified(qualified);
    return new ActorClassInfo{&typeid(A), std::move(name), std::move(qualified),
                              &throw_null_pointer_of<A>, member_table_of<A>()};
  }();
  return *info;
}

/// Logs "Starting {actor}" (DEBUG).
void log_starting(const ActorCell& cell);

// Clears the thread-local "being constructed" marker even when the constructor throws.
class ConstructingScope {
 public:
  explicit ConstructingScope(ActorCell* cell) noexcept { ActorCell::set_constructing(cell); }
  ~ConstructingScope() { ActorCell::set_constructing(nullptr); }
  ConstructingScope(const ConstructingScope&) = delete;
  ConstructingScope& operator=(const ConstructingScope&) = delete;
};

}  // namespace detail

/// A class pykka::start can run: derived from pykka::Actor through a runtime base such as
/// pykka::ThreadingActor, which names the runtime in `runtime_type`.
template <class A>
concept StartableActor = std::is_base_of_v<Actor, A> && requires {
  typename A::runtime_type;
};

/// Starts an actor of class A constructed from `args`, and returns its ref.
///
/// Steps, as in Pykka: (1) A is constructed in the calling thread — its exceptions propagate to
/// the caller and nothing is registered; (2) the actor is registered in pykka::ActorRegistry;
/// (3) the runtime starts its loop, which runs on_start before any message.
/// @code
///   pykka::ActorRef<Greeter> greeter = pykka::start<Greeter>("Hi you!");
/// @endcode
template <class A, class... Args>
requires StartableActor<A> && std::is_constructible_v<A, Args...> ActorRef<A> start(
    Args&&... args) {
  static_assert(!std::is_abstract_v<A>, "pykka::start<A>: A is abstract");
  using Runtime = typename A::runtime_type;
  auto cell = std::make_shared<detail::ActorCell>(detail::class_info_of<A>());
  {
    detail::ConstructingScope constructing(cell.get());
    try {
      cell->adopt(std::make_unique<A>(std::forward<Args>(args)...));
    } catch (...) {
      cell->abandon();  // a ref the constructor handed out now sees a dead actor
      throw;
    }
  }
  ActorRef<A> ref(cell);
  ActorRegistry::register_actor(ref);
  detail::log_starting(*cell);
  try {
    Runtime::template launch<A>(cell);
  } catch (...) {
    ActorRegistry::unregister_actor(ref);
    cell->abandon();
    throw;
  }
  return ref;
}

}  // namespace pykka
