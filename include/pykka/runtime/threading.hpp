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
//
// Thread reuse: when an actor has finished, its thread waits briefly (at most 1 s, at most 64
// threads at a time) for another actor to start, and runs that one instead of a new thread
// being created; a reused thread takes the new actor's name. A waiting thread belongs to no
// actor: it never delays process exit and uses no CPU once parked. Thread-local variables of
// actor code can therefore outlive the actor that set them.
//
// Stack size: an actor class's `thread_stack_size`, else the process-wide default set with
// set_default_stack_size(), else the system default (usually 8 MiB of address space; only the
// pages actually touched use memory).

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>

#include "pykka/actor.hpp"
#include "pykka/runtime.hpp"

namespace pykka {

/// Options for one actor thread.
struct ThreadOptions {
  bool daemon = false;         ///< Abandon (rather than wait for) the thread at process exit.
  std::size_t stack_size = 0;  ///< Stack size in bytes; 0 keeps the runtime default.
};

/// Runs each actor on a dedicated OS thread. Each actor system has its own instance; the
/// threads, their pool and the exit rule are shared by the whole process.
class ThreadingRuntime final : public Runtime {
 public:
  ThreadingRuntime() = default;

  [[nodiscard]] const char* name() const noexcept override { return "threading"; }

  /// Starts the actor's loop on a thread of its own (a pooled one if available). Throws
  /// std::system_error if no thread can be created or the stack size is unusable.
  void launch(std::shared_ptr<detail::ActorCell> cell, const LaunchOptions& options) override;

  /// Wakes the actor's thread, parked on its mailbox.
  void schedule(detail::ActorCell& cell) noexcept override;

  /// Starts the loop of `cell` on a new thread with these options.
  static void launch_thread(std::shared_ptr<detail::ActorCell> cell, ThreadOptions options);

  /// Returns the number of non-daemon actor threads still running.
  static std::size_t running_non_daemon_threads() noexcept;

  /// Sets the stack size in bytes for actors started from now on whose class keeps
  /// `thread_stack_size` at 0; 0 restores the system default. Process-wide and thread-safe.
  /// Throws std::system_error for a size the system cannot use (below PTHREAD_STACK_MIN).
  /// @code
  ///   pykka::ThreadingRuntime::set_default_stack_size(256 * 1024);  // many small actors
  /// @endcode
  static void set_default_stack_size(std::size_t bytes);

  /// Returns the default set with set_default_stack_size (0: the system default).
  [[nodiscard]] static std::size_t default_stack_size() noexcept;
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
  /// Stack size of the actor's thread in bytes; 0 keeps the runtime default (see
  /// ThreadingRuntime::set_default_stack_size).
  static constexpr std::size_t thread_stack_size = 0;
};

}  // namespace pykka
