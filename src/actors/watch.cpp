#include "pykka/watch.hpp"

#include <optional>
#include <ostream>
#include <utility>
#include <vector>

#include "actors/watch_state.hpp"
#include "pykka/actor.hpp"
#include "pykka/detail/revocable_message.hpp"
#include "pykka/errors.hpp"

namespace pykka {
namespace detail {
namespace {

// The state every torn-down cell that nobody watched points to: always terminated, never
// freed, holding no watchers. Cells keep their own reason, so one stand-in serves them all.
WatchState& torn_down_state() {
  static auto* const state = [] {
    auto* made = new WatchState();
    made->terminated = true;
    return made;
  }();
  return *state;
}

// Hands a notice to a watcher; a watcher that died meanwhile no longer needs it.
void deliver(ActorCell& watcher, const Terminated& notice) noexcept {
  try {
    watcher.tell(Message(DeliverTerminated{notice}));
  } catch (...) {
    // Dead watcher (ActorDeadError) or no memory for the mailbox node: nobody is left to tell.
  }
}

ActorCell& own_cell_for(const char* what, const ActorCell* self) {
  ActorCell* current = ActorCell::current();
  if (current == nullptr || current != self) {
    throw Error(std::string(what) + " must be called from the watching actor's own code");
  }
  return *current;
}

}  // namespace

void delete_watch_state(WatchState* state) noexcept {
  if (state != nullptr && state != &torn_down_state()) delete state;
}

WatchState& ActorCell::watch_state() {
  WatchState* state = watch_.load(std::memory_order_acquire);
  if (state != nullptr) return *state;
  auto fresh = std::make_unique<WatchState>();
  if (watch_.compare_exchange_strong(state, fresh.get(), std::memory_order_acq_rel,
                                     std::memory_order_acquire)) {
    return *fresh.release();
  }
  return *state;  // another thread installed one first (or the actor was torn down)
}

Terminated ActorCell::terminated_notice() const {
  return Terminated{AnyActorRef(std::const_pointer_cast<ActorCell>(shared_from_this())),
                    termination_reason_, termination_error_};
}

void ActorCell::record_termination(TerminationReason reason,
                                   const std::exception_ptr& error) noexcept {
  if (termination_recorded_) return;
  termination_recorded_ = true;
  termination_reason_ = reason;
  termination_error_ = error;
}

void ActorCell::notify_terminated() noexcept {
  WatchState* state = nullptr;
  // Nobody ever watched: publish the stand-in (with this cell's reason, written above) and stop.
  if (watch_.compare_exchange_strong(state, &torn_down_state(), std::memory_order_acq_rel,
                                     std::memory_order_acquire)) {
    return;
  }
  // Whom this actor watched: those watches end with it.
  for (auto& [key, target] : state->watching) {
    WatchState& theirs = target->watch_state();
    std::lock_guard lock(theirs.mutex);
    theirs.watchers.erase(this);
  }
  state->watching.clear();

  std::unordered_map<const ActorCell*, std::weak_ptr<ActorCell>> watchers;
  {
    std::lock_guard lock(state->mutex);
    state->terminated = true;
    state->delivering = true;
    watchers.swap(state->watchers);
  }
  std::optional<Terminated> notice;
  try {
    notice.emplace(terminated_notice());
    // Watchers first: once the future completes, every watcher's notice is queued, so a
    // message sent to a watcher after termination().get() is handled after the notice.
    for (auto& [key, weak] : watchers) {
      if (auto watcher = weak.lock()) deliver(*watcher, *notice);
    }
  } catch (...) {
    // shared_from_this cannot fail on a live cell; nothing else here allocates.
  }
  std::shared_ptr<FutureState<Terminated>> termination;
  {
    std::lock_guard lock(state->mutex);
    state->delivering = false;
    // Taken out: once set, the future holds a notice holding a ref to this very cell, which
    // would keep the cell alive for ever if the cell kept the future.
    termination = std::move(state->termination);
  }
  if (termination && notice) (void)termination->try_set_value(*notice);
}

Future<Terminated> termination_of(const std::shared_ptr<ActorCell>& cell) {
  WatchState& state = cell->watch_state();
  std::lock_guard lock(state.mutex);
  if (state.terminated && !state.delivering) {
    // A complete future of its own: kept by the caller only (see notify_terminated).
    auto ready = std::make_shared<FutureState<Terminated>>();
    (void)ready->try_set_value(cell->terminated_notice());
    return Future<Terminated>(std::move(ready));
  }
  if (!state.termination) state.termination = std::make_shared<FutureState<Terminated>>();
  return Future<Terminated>(state.termination);
}

void DeliverTerminated::execute(Actor& actor) {
  WatchState& mine = actor.cell().watch_state();
  // Unwatched since the notice was sent: it must not be handled.
  if (mine.watching.erase(notice.actor.cell().get()) == 0) return;
  actor.on_terminated(notice);
}

void RevocableMessage::execute(Actor& actor) {
  if (revoked && revoked->load(std::memory_order_acquire)) return;
  (void)actor.on_receive(message);
}

}  // namespace detail

const char* to_string(TerminationReason reason) noexcept {
  switch (reason) {
    case TerminationReason::stopped:
      return "stopped";
    case TerminationReason::failed:
      return "failed";
    case TerminationReason::failed_in_on_start:
      return "failed_in_on_start";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, const Terminated& notice) {
  return out << "Terminated(" << notice.actor << ", " << to_string(notice.reason) << ")";
}

void Actor::watch(const AnyActorRef& target) {
  detail::ActorCell& self = detail::own_cell_for("watch", cell_);
  if (!target) throw Error("cannot watch an empty ActorRef: it does not point to any actor");
  if (target.cell().get() == &self) throw InvalidArgument(self.display() + " cannot watch itself");
  detail::WatchState& mine = self.watch_state();
  if (mine.watching.contains(target.cell().get())) return;
  detail::WatchState& theirs = target.cell()->watch_state();
  mine.watching.emplace(target.cell().get(), target.cell());
  bool already_dead = false;
  {
    std::lock_guard lock(theirs.mutex);
    if (theirs.terminated) {
      already_dead = true;
    } else {
      theirs.watchers.emplace(&self, self.weak_from_this());
    }
  }
  if (already_dead) detail::deliver(self, target.cell()->terminated_notice());
}

bool Actor::unwatch(const AnyActorRef& target) {
  detail::ActorCell& self = detail::own_cell_for("unwatch", cell_);
  if (!target) throw Error("cannot unwatch an empty ActorRef: it does not point to any actor");
  detail::WatchState& mine = self.watch_state();
  auto found = mine.watching.find(target.cell().get());
  if (found == mine.watching.end()) return false;
  detail::WatchState& theirs = found->second->watch_state();
  {
    std::lock_guard lock(theirs.mutex);
    theirs.watchers.erase(&self);
  }
  mine.watching.erase(found);
  return true;
}

void Actor::on_terminated(const Terminated& notice) {
  Message message(notice);
  (void)on_receive(message);
}

}  // namespace pykka
