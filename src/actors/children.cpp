// Parent and children: Actor::start_child and the stop of a parent's children before its own
// on_stop / on_failure.

#include <chrono>
#include <utility>

#include "actors/watch_state.hpp"
#include "diagnostics/log.hpp"
#include "pykka/actor_ref.hpp"
#include "pykka/errors.hpp"

namespace pykka::detail {
namespace {

// How long a stopping parent waits for each child before it goes on without it (logged at
// WARNING): a child whose on_stop never returns must not keep its parent from stopping.
constexpr std::chrono::seconds kChildStopLimit{10};

thread_local ActorCell* t_starting_parent = nullptr;

}  // namespace

void ActorCell::set_starting_parent(ActorCell* parent) noexcept { t_starting_parent = parent; }

void ActorCell::adopt_parent() noexcept {
  if (ActorCell* parent = std::exchange(t_starting_parent, nullptr)) {
    parent_ = parent->weak_from_this();
  }
}

bool ActorCell::has_live_parent() const noexcept {
  const auto parent = parent_.lock();
  return parent && parent->is_alive();
}

void ActorCell::check_can_start_child() const {
  if (current() != this) {
    throw Error("start_child must be called from the parent actor's own code");
  }
  if (!is_alive()) {
    throw Error("cannot start a child of " + display() + ": it is stopping");
  }
}

void ActorCell::adopt_child(std::shared_ptr<ActorCell> child) {
  try {
    auto& children = watch_state().children;
    // Children that stopped on their own need no stop later: drop them whenever the list
    // doubles, so a parent that starts many short-lived children keeps a short list.
    if (children.size() >= 16 && (children.size() & (children.size() - 1)) == 0) {
      std::erase_if(children, [](const auto& known) { return known->stopped(); });
    }
    children.push_back(child);
  } catch (...) {
    (void)AnyActorRef(std::move(child)).stop(nonblocking);  // an orphan would outlive us
    throw;
  }
}

void ActorCell::stop_children() noexcept {
  WatchState* state = watch_.load(std::memory_order_acquire);
  if (state == nullptr || state->children.empty()) return;
  actor_->on_batch_end();  // before waiting for them
  std::vector<std::shared_ptr<ActorCell>> children;
  children.swap(state->children);
  for (auto it = children.rbegin(); it != children.rend(); ++it) {
    try {
      AnyActorRef child(*it);
      (void)child.stop(nonblocking);
      // Waiting for the teardown, not the stop request's reply: a child already stopping
      // answers a stop at once, before its on_stop has finished.
      (void)child.termination().get(kChildStopLimit);
    } catch (...) {
      log_event(
          LogLevel::warning,
          [&] {
            return "Stopped waiting for child " + (*it)->display() + " of " + display() +
                   ", still stopping";
          },
          *this);
    }
  }
}

}  // namespace pykka::detail
