#pragma once

// The runtimes every behaviour test runs on. A new runtime joins the whole suite by adding its
// traits here.

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

namespace pykka::testing {

/// Traits of the threading runtime: the actor base class tests derive from.
struct Threading {
  using ActorBase = ThreadingActor;
  static constexpr const char* name = "Threading";
  /// Each actor runs on a thread of its own, named "Class-N".
  static constexpr bool thread_per_actor = true;
  /// One turn of an actor runs every message queued for it.
  static constexpr bool one_turn_per_backlog = true;
};

/// Traits of the naive runtime, the deliberately simple second implementation of the seam.
struct Naive {
  using ActorBase = NaiveActor;
  static constexpr const char* name = "Naive";
  static constexpr bool thread_per_actor = true;
  /// Each turn runs one message.
  static constexpr bool one_turn_per_backlog = false;
};

/// Traits of the fiber runtime: many actors per worker thread.
struct Fiber {
  using ActorBase = FiberActor;
  static constexpr const char* name = "Fiber";
  /// Actors share worker threads named "pykka-fiber-N".
  static constexpr bool thread_per_actor = false;
  /// A turn runs up to its budget of messages (far more than any test queues).
  static constexpr bool one_turn_per_backlog = true;
};

using Runtimes = ::testing::Types<Threading, Naive, Fiber>;

/// Prints the runtime name in test names (e.g. "ActorRefTest/Threading").
struct RuntimeNames {
  template <class T>
  static std::string GetName(int /*index*/) {
    return T::name;
  }
};

}  // namespace pykka::testing
