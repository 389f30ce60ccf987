#pragma once

// The fiber runtime: many actors on a few threads (Pykka 2's gevent and eventlet runtimes, in
// C++). Actors derived from pykka::FiberActor run M:N on a pool of worker threads owned by their
// actor system — by default one per core — and everything else stays as it is: start, refs,
// tell and ask, futures, proxies, the registry, lifecycle hooks and failure rules, logging,
// deadlock detection, and the exit rule. Fiber actors, threading actors and plain threads talk
// to each other freely in both directions.
//
// Scheduling: an actor with messages is runnable; a worker runs it for up to `budget` messages
// (64 by default), then lets others run, so a flooded actor cannot starve the rest. Each worker
// has its own queue, and idle workers steal from busy ones. Idle workers park: idle actors cost
// no CPU, and sending to an actor costs no system call unless a worker has to be woken.
//
// Blocking: a handler may block as in any Pykka actor — Future::get, a blocking ask, stop(),
// get_all, with or without a timeout. That suspends the actor, not its worker: the worker runs
// other actors until the future completes or the timeout passes, then resumes the actor where
// it stopped, on the same worker. A handler that returns without blocking needs no stack of
// its own, so an idle actor holds none; only a suspended actor holds a stack (stack_size bytes
// of address space, of which only the touched pages use memory, with a guard page below).
// co_await needs no stack at all.
//
// What still blocks a worker: a blocking system call in a handler (sleep, file or socket I/O,
// a mutex held elsewhere for long). Every other actor on that worker waits meanwhile; a worker
// that runs one actor for longer than `stuck_after` logs a WARNING naming it. Give such work
// to a pykka::ThreadingActor.
//
// Thread-local variables: an actor's handlers may run on different workers over its life (but
// a suspended handler resumes on the worker it suspended on).
//
// Availability: the library builds this runtime when Boost.Context is found at configure time
// (Debian: libboost-context-dev); without it, using these classes fails to link.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>

#include "pykka/actor.hpp"
#include "pykka/runtime.hpp"

namespace pykka {

namespace detail::fiber {
class Scheduler;
}

/// Settings of a FiberRuntime, fixed when its first actor starts.
struct FiberRuntimeOptions {
  /// Worker threads; 0: one per core.
  std::size_t workers = 0;
  /// Bytes of stack for each suspended actor (at least 16 KiB).
  std::size_t stack_size = 256 * 1024;
  /// Messages an actor handles before its worker moves on to others.
  std::size_t budget = 64;
  /// A worker running one actor this long without switching logs a WARNING.
  std::chrono::milliseconds stuck_after{1000};
};

/// What a FiberRuntime is doing, for tests, benchmarks and monitoring.
struct FiberRuntimeStats {
  std::size_t workers = 0;         ///< worker threads started (0 before the first actor)
  std::size_t live_actors = 0;     ///< actors launched and not yet finished
  std::size_t suspended = 0;       ///< actors suspended in a blocking wait right now
  std::size_t stacks = 0;          ///< stacks mapped: running, pooled and suspended
  std::size_t stack_bytes = 0;     ///< their size (address space; touched pages use memory)
  std::size_t steals = 0;          ///< runnable actors moved between workers so far
  std::size_t stuck_warnings = 0;  ///< WARNING records about stuck workers so far
};

/// Runs actors on a pool of worker threads, suspending actors (not threads) that block. Each
/// actor system has its own instance, with its own workers:
/// @code
///   pykka::ActorSystem system;
///   system.runtime<pykka::FiberRuntime>().configure({.workers = 4});
/// @endcode
class FiberRuntime final : public Runtime {
 public:
  FiberRuntime();
  ~FiberRuntime() override;

  [[nodiscard]] const char* name() const noexcept override { return "fiber"; }

  /// Queues the actor to run its on_start on a worker; starts the workers on first use.
  void launch(std::shared_ptr<detail::ActorCell> cell, const LaunchOptions& options) override;
  /// Makes the actor runnable.
  void schedule(detail::ActorCell& cell) noexcept override;
  /// Suspends the calling fiber actor until the future completes or the timeout passed.
  bool wait(const detail::FutureStateBase& future,
            std::optional<std::chrono::nanoseconds> timeout) override;

  /// Changes the settings. Throws std::logic_error once the first actor has started, and
  /// std::invalid_argument for a stack below 16 KiB or a zero budget.
  void configure(const FiberRuntimeOptions& options);
  /// Returns the settings (with `workers` resolved to a number).
  [[nodiscard]] FiberRuntimeOptions options() const;
  /// Returns what the runtime is doing right now.
  [[nodiscard]] FiberRuntimeStats stats() const noexcept;

 private:
  std::shared_ptr<detail::fiber::Scheduler> scheduler_;
};

/// Base class for actors run by the fiber runtime: many actors per thread; a blocking call
/// suspends only the actor (see the header comment).
class FiberActor : public Actor {
 public:
  /// The runtime that runs actors derived from this class.
  using runtime_type = FiberRuntime;
  /// Whether the actor never keeps the process alive (the name is shared with
  /// pykka::ThreadingActor, where a thread is what is kept or abandoned).
  static constexpr bool use_daemon_thread = false;
};

}  // namespace pykka
