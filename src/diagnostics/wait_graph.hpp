#pragma once

// The wait-for graph: which actor is blocked on the reply of which other actor. Private.
//
// An edge A → B exists while code running on A's context blocks in a future wait whose reply B
// is expected to deliver. Adding an edge and searching for a cycle happen under one mutex, so
// of two actors closing a cycle at the same time the second one always sees it. An edge whose
// future is already set no longer counts (its waiter is about to wake), which keeps a reply
// that is in flight from looking like a deadlock; nor does a wait whose own future was set
// between the waiter's first look and its taking the lock. A reported cycle is one whose every
// future was unset at one moment while every edge existed: a cycle that really is blocked.
//
// Every actor that has an edge is blocked inside one of its own handlers, so it is alive and
// its display string may be read while the edge exists.

#include <chrono>
#include <optional>
#include <string>

#include "diagnostics/thread_state.hpp"
#include "pykka/detail/future_state.hpp"

namespace pykka::detail {

class ActorCell;

/// Returns "A (urn) → B (urn) → A (urn)" if `start` is part of a wait cycle right now.
std::optional<std::string> find_wait_cycle(const ActorCell* start);

/// Guards one blocking wait on `state`: records the wait-for edge and the thread's "blocked on"
/// state, and checks for a cycle first. Does nothing if the wait cannot block (the future is
/// set, or the timeout is zero). On a cycle it logs ERROR "Deadlock detected: {cycle}" and,
/// under DeadlockPolicy::raise, throws pykka::DeadlockError instead of letting the wait start.
class BlockingWait {
 public:
  BlockingWait(const FutureStateBase& state, std::optional<std::chrono::nanoseconds> timeout);
  ~BlockingWait();
  BlockingWait(const BlockingWait&) = delete;
  BlockingWait& operator=(const BlockingWait&) = delete;

 private:
  const ActorCell* waiter_ = nullptr;  // set while this scope owns a graph edge
  std::optional<BlockedScope> blocked_;
};

}  // namespace pykka::detail
