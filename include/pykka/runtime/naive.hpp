#pragma once

// The naive runtime: the smallest correct implementation of pykka::Runtime, for runtime authors,
// tests and benchmarks. Each actor gets a new OS thread (no pool, no stack trimming); its thread
// waits for messages on a mutex and condition variable of its own, and code on it waits for a
// future the same way, woken by a completion callback. Nothing spins.
//
// It follows every rule the threading runtime does — a non-daemon actor keeps the process alive,
// a daemon one does not; threads are named "Class-N" — but it is not tuned: prefer
// pykka::ThreadingActor. Its stack size is the system default (`thread_stack_size` is ignored).

#include <chrono>
#include <memory>
#include <optional>

#include "pykka/actor.hpp"
#include "pykka/runtime.hpp"

namespace pykka {

/// Runs each actor on a new thread, waiting with mutexes and condition variables only.
class NaiveRuntime final : public Runtime {
 public:
  NaiveRuntime() = default;

  [[nodiscard]] const char* name() const noexcept override { return "naive"; }
  /// Starts a new thread for the actor. Throws std::system_error if none can be created.
  void launch(std::shared_ptr<detail::ActorCell> cell, const LaunchOptions& options) override;
  /// Signals the actor thread's condition variable.
  void schedule(detail::ActorCell& cell) noexcept override;
  /// Waits on a condition variable that the future's completion signals.
  bool wait(const detail::FutureStateBase& future,
            std::optional<std::chrono::nanoseconds> timeout) override;
};

/// Base class for actors run by the naive runtime.
class NaiveActor : public Actor {
 public:
  /// The runtime that runs actors derived from this class.
  using runtime_type = NaiveRuntime;
  /// Whether the actor's thread is a daemon thread (it never keeps the process alive).
  static constexpr bool use_daemon_thread = false;
};

}  // namespace pykka
