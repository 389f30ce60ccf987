#pragma once

// pykka::start<A>(args...): construct an actor, register it and start its loop, in the current
// actor system (see pykka/system.hpp).
//
// Thread-safety: callable from any thread, actors included. The constructor runs in the calling
// thread; on_start and everything after run on the actor's own context.

#include <type_traits>
#include <utility>

#include "pykka/system.hpp"

namespace pykka {

/// Starts an actor of class A constructed from `args`, and returns its ref. The actor joins the
/// current system: the starting actor's, else the process default.
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
  return ActorSystem::current().start<A>(std::forward<Args>(args)...);
}

}  // namespace pykka
