#pragma once

// The process-exit rule every runtime follows: a non-daemon actor keeps the process alive. Private.
//
// A runtime counts each non-daemon actor from launch until its teardown is over. The first count
// installs a static object whose destructor — run after main returns, or by exit() — waits until
// the count is back to zero, as Python waits for non-daemon threads. exit() called on a
// non-daemon actor's own context does not wait for that actor. All functions are thread-safe;
// the state is leaked on purpose, as actor threads use it after main returned.

#include <cstddef>

namespace pykka::detail {

/// Counts a non-daemon actor as running (call before it can run).
void non_daemon_actor_started();

/// Ends the count of a non-daemon actor started with non_daemon_actor_started().
void non_daemon_actor_finished() noexcept;

/// Returns the number of non-daemon actors still counted.
std::size_t running_non_daemon_actors() noexcept;

/// Sets whether the calling thread runs a non-daemon actor's code; returns what it was.
bool exchange_non_daemon_context(bool non_daemon) noexcept;

/// Marks, for its lifetime, the calling thread as the context of a non-daemon actor.
class NonDaemonContext {
 public:
  explicit NonDaemonContext(bool non_daemon) noexcept;
  ~NonDaemonContext();
  NonDaemonContext(const NonDaemonContext&) = delete;
  NonDaemonContext& operator=(const NonDaemonContext&) = delete;

 private:
  bool previous_;
};

}  // namespace pykka::detail
