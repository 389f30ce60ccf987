#pragma once

// The process-exit rule every runtime follows: a non-daemon actor keeps the process alive. Private.
//
// A runtime counts each non-daemon actor from launch until its teardown is over, and may also
// report when such an actor is idle (its mailbox empty and blocked, no message in hand). When
// the main thread ends the process (main returns, or it calls exit()), the wait happens in two
// places (docs/runtimes.md states the rule for users):
//   1. first, before any static object is destroyed or atexit handler runs (the main thread's
//      thread_local destructors, which exit() runs first): until no non-daemon actor is busy;
//   2. last, after every static destructor and atexit handler registered once the library was
//      initialised: until no non-daemon actor is left.
// Phase 1 keeps everything an actor still working may use alive; phase 2 lets destructors and
// atexit handlers stop idle actors. A runtime that never reports idleness (the naive one) keeps its
// actors busy, so phase 1 waits for them to stop. A wait that lasts more than a few seconds logs
// one CRITICAL record with every actor thread's state, then goes on waiting. exit() called on a
// non-daemon actor's own context skips phase 1 and does not wait for that actor. All functions are
// thread-safe; the state is leaked on purpose, as actor threads use it after main returned.

#include <cstddef>

namespace pykka::detail {

/// Counts a non-daemon actor as running and busy (call before it can run).
void non_daemon_actor_started();

/// Ends the count of a non-daemon actor started with non_daemon_actor_started(); the actor must
/// be counted busy (it is tearing down).
void non_daemon_actor_finished() noexcept;

/// Counts a busy non-daemon actor as idle: on its own context, after its mailbox was blocked.
void non_daemon_actor_idle() noexcept;

/// Counts an idle non-daemon actor as busy again: by whoever unblocked its mailbox, before the
/// actor can run, so no moment exists in which an actor with work is counted idle.
void non_daemon_actor_busy() noexcept;

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
