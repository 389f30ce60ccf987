#pragma once

// The thread-local state that belongs to the code running on a thread rather than to the thread
// itself. Private.
//
// A runtime that suspends an actor's stack in the middle of a handler and runs other actors on
// the same thread meanwhile takes this state out before switching away and puts it back after
// switching in: which actor's handler runs (ActorCell::current, which also drives deadlock
// detection), what debug dumps show the thread doing, the exit rule's non-daemon mark, the
// queue of future continuations being drained, the current coroutine executor, and the depth of
// log sink calls.

#include "diagnostics/thread_state.hpp"
#include "pykka/detail/continuation.hpp"

namespace pykka {
class Executor;
}

namespace pykka::detail {

class ActorCell;

struct ContextLocals {
  ActorCell* current = nullptr;
  ActorCell* constructing = nullptr;
  ActivitySnapshot activity;
  bool non_daemon = false;
  PendingContinuations continuations;
  Executor* executor = nullptr;
  int sink_depth = 0;
};

/// Returns the calling thread's context locals and resets them to those of a thread that runs
/// no actor code.
ContextLocals take_context_locals() noexcept;

/// Puts back what take_context_locals() returned (on the same thread).
void restore_context_locals(const ContextLocals& locals) noexcept;

}  // namespace pykka::detail
