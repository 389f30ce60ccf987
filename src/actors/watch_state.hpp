#pragma once

// WatchState: what death watch and parenthood keep for one actor cell, allocated only once the
// actor watches, is watched, is asked for its termination future or starts a child. Private.
//
// Two halves with different owners:
//   - who watches this actor (`watchers`, `termination`, `terminated`): any thread, under `mutex`;
//   - whom this actor watches (`watching`): the actor's own context only, no lock.
// The teardown sets `terminated` under the mutex and takes the watchers in the same critical
// section, so a watch racing with the death is either in the list that is notified or sees
// `terminated` and is answered at once: no notice is lost or sent twice. The termination future
// completes only after every notice is queued (see `delivering`), so a message sent to a watcher
// after termination().get() is handled after the notice.

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "pykka/detail/actor_cell.hpp"
#include "pykka/detail/future_state.hpp"
#include "pykka/watch.hpp"

namespace pykka::detail {

class WatchState {
 public:
  std::mutex mutex;
  bool terminated = false;                                                  // guarded by mutex
  std::unordered_map<const ActorCell*, std::weak_ptr<ActorCell>> watchers;  // guarded by mutex
  std::shared_ptr<FutureState<Terminated>> termination;  // guarded by mutex; null once terminated
  // Guarded by mutex: the teardown is queuing the notices of the watchers it took. Until it is
  // done, termination() hands out the future the teardown completes afterwards, not a ready one.
  bool delivering = false;

  // The actors this one watches, kept alive so that unwatch and the teardown can reach them.
  std::unordered_map<const ActorCell*, std::shared_ptr<ActorCell>> watching;  // own context
  // The children this actor started, in start order (see Actor::start_child).
  std::vector<std::shared_ptr<ActorCell>> children;  // own context
};

/// Deletes a cell's watch state unless it is the shared stand-in for torn-down cells.
void delete_watch_state(WatchState* state) noexcept;

/// The command that hands a notice to the watching actor's on_terminated.
struct DeliverTerminated {
  static constexpr bool pykka_command = true;
  Terminated notice;
  void execute(Actor& actor);
};

}  // namespace pykka::detail
