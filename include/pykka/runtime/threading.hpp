#pragma once

// The threading runtime: each actor runs its loop on its own OS thread, named "Class-N" (N counts
// actor threads started in this process), as Pykka's ThreadingActor does.
//
// Process exit: a non-daemon actor keeps the process alive — when main returns (or exit() is
// called), static destruction first waits until every non-daemon actor has stopped, as Python
// waits for non-daemon threads. A daemon actor (`use_daemon_thread = true`) never delays exit: its
// thread is simply abandoned when the process ends, so its on_stop may never run. pykka's own
// state is never destroyed, so an abandoned daemon thread cannot touch freed library memory, and
// no actor thread ever causes std::terminate.

#include <cstddef>
#include <memory>

#include "pykka/actor.hpp"
#include "pykka/detail/actor_cell.hpp"

namespace pykka {

/// Options for one actor thread.
struct ThreadOptions {
  bool daemon = false;         ///< Abandon (rather than wait for) the thread at process exit.
  std::size_t stack_size = 0;  ///< Stack size in bytes; 0 keeps the system default.
};

/// Runs each actor on a dedicated OS thread.
class ThreadingRuntime {
 public:
  ThreadingRuntime() = delete;

  /// Starts the loop of a registered, constructed actor of class A on a new thread, using A's
  /// `use_daemon_thread` and `thread_stack_size`. Throws std::system_error if no thread can be
  /// created.
  template <class A>
  static void launch(std::shared_ptr<detail::ActorCell> cell) {
    launch_thread(std::move(cell), ThreadOptions{A::use_daemon_thread, A::thread_stack_size});
  }

  /// Starts the loop of `cell` on a new thread with these options.
  static void launch_thread(std::shared_ptr<detail::ActorCell> cell, ThreadOptions options);

  /// Returns the number of non-daemon actor threads still running.
  static std::size_t running_non_daemon_threads() noexcept;
};

/// Base class for actors that run on their own thread (Pykka's ThreadingActor).
///
/// Override the class constants in a subclass to change them:
/// @code
///   class Watchdog : public pykka::ThreadingActor {
///    public:
///     static constexpr bool use_daemon_thread = true;  // never keeps the process alive
///   };
/// @endcode
class ThreadingActor : public Actor {
 public:
  /// The runtime that runs actors derived from this class.
  using runtime_type = ThreadingRuntime;
  /// Whether the actor's thread is a daemon thread (see the header comment). Actors do not
  /// inherit it from the actor that started them.
  static constexpr bool use_daemon_thread = false;
  /// Stack size of the actor's thread in bytes; 0 keeps the system default.
  static constexpr std::size_t thread_stack_size = 0;
};

}  // namespace pykka
