#include "diagnostics/wait_graph.hpp"

#include <mutex>
#include <unordered_map>
#include <vector>

#include "diagnostics/log.hpp"
#include "pykka/deadlock.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "pykka/errors.hpp"
#include "system/system_core.hpp"

namespace pykka::detail {
namespace {

struct Edge {
  const ActorCell* target;
  const FutureStateBase* future;  // alive: its waiter holds it for as long as the edge exists
};

class WaitGraph {
 public:
  /// Adds waiter → target unless that closes a cycle (then returns the cycle and, if `keep` is
  /// false, leaves the graph unchanged). Returns whether the edge was added in `added`. Adds
  /// nothing and reports nothing if `future` is already set.
  std::optional<std::string> add(const ActorCell* waiter, const ActorCell* target,
                                 const FutureStateBase* future, bool keep_on_cycle, bool& added) {
    std::lock_guard lock(mutex_);
    added = false;
    // The waiter saw its future unset before taking the lock, but the reply may have come since:
    // the replier then went on to ask the waiter and is blocked in the graph, so without this
    // look the edge would close a cycle that its own reply has already broken. A replier sets
    // the future before taking this lock to add its own edge, so the look cannot miss that set.
    if (future->ready()) return std::nullopt;
    std::optional<std::string> cycle = cycle_through(waiter, target);
    if (!cycle || keep_on_cycle) added = edges_.emplace(waiter, Edge{target, future}).second;
    return cycle;
  }

  void remove(const ActorCell* waiter) {
    std::lock_guard lock(mutex_);
    edges_.erase(waiter);
  }

  std::optional<std::string> cycle_from(const ActorCell* start) {
    std::lock_guard lock(mutex_);
    auto edge = live_edge(start);
    if (!edge) return std::nullopt;
    return cycle_through(start, edge->target);
  }

 private:
  // The edge of `waiter` if it still counts: its future not yet set.
  const Edge* live_edge(const ActorCell* waiter) const {
    auto found = edges_.find(waiter);
    if (found == edges_.end() || found->second.future->ready()) return nullptr;
    return &found->second;
  }

  // Follows the edges from `next` and spells out the cycle if they lead back to `start`. Every
  // future on the way is read unset under the lock, and a future never becomes unset again, so
  // all of them were unset together when the first was read: the cycle really was blocked.
  std::optional<std::string> cycle_through(const ActorCell* start, const ActorCell* next) const {
    std::vector<const ActorCell*> path{start};
    // Each actor has at most one edge, so a walk longer than the graph is stuck in a cycle
    // that does not involve `start` (reported by whichever actor closed it).
    while (path.size() <= edges_.size() + 1) {
      if (next == start) {
        std::string text;
        for (const ActorCell* cell : path) text.append(cell->display()).append(" → ");
        return text.append(start->display());
      }
      path.push_back(next);
      const Edge* edge = live_edge(next);
      if (edge == nullptr) return std::nullopt;  // `next` is not blocked: the chain ends
      next = edge->target;
    }
    return std::nullopt;
  }

  std::mutex mutex_;
  std::unordered_map<const ActorCell*, Edge> edges_;  // guarded by mutex_
};

// Leaked on purpose: actor threads may block while static destructors run at exit.
WaitGraph& graph() {
  static auto* instance = new WaitGraph();
  return *instance;
}

}  // namespace

std::optional<std::string> find_wait_cycle(const ActorCell* start) {
  return graph().cycle_from(start);
}

BlockingWait::BlockingWait(const FutureStateBase& state,
                           std::optional<std::chrono::nanoseconds> timeout) {
  if (state.ready() || (timeout && *timeout <= std::chrono::nanoseconds::zero())) return;
  const ActorCell* target = state.replier();
  const ActorCell* self = ActorCell::current();
  const DeadlockPolicy policy = self != nullptr
                                    ? self->system().deadlock_policy.load(std::memory_order_relaxed)
                                    : DeadlockPolicy::ignore;
  if (self != nullptr && target != nullptr && policy != DeadlockPolicy::ignore) {
    bool added = false;
    const bool raise = policy == DeadlockPolicy::raise;
    std::optional<std::string> cycle = graph().add(self, target, &state, !raise, added);
    if (added) waiter_ = self;
    if (cycle) {
      // Logged outside the graph's lock: a sink may do anything, including asking actors.
      log_event(
          LogLevel::error, [&] { return "Deadlock detected: " + *cycle; }, *self);
      if (raise) throw DeadlockError("deadlock detected: " + *cycle);
    }
  }
  blocked_.emplace(target);
}

BlockingWait::~BlockingWait() {
  if (waiter_ != nullptr) graph().remove(waiter_);
}

}  // namespace pykka::detail
