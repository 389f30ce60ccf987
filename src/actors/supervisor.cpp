#include "pykka/supervisor.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

#include "diagnostics/log.hpp"

namespace pykka::detail {
namespace {

// How long a supervisor waits for a sibling it stops before a restart.
constexpr std::chrono::seconds kSiblingStopLimit{10};

std::string display_of(const Actor& self) { return self.actor_ref().cell()->display(); }

}  // namespace

SupervisorCore::SupervisorCore(Strategy strategy, RestartIntensity intensity,
                               std::vector<ChildSpec> specs)
    : strategy_(strategy), intensity_(intensity) {
  if (intensity.max_restarts < 0 || intensity.within <= std::chrono::milliseconds::zero()) {
    throw InvalidArgument("a restart intensity needs max_restarts >= 0 and a positive period");
  }
  for (ChildSpec& spec : specs) {
    if (!spec.start) throw InvalidArgument("child spec '" + spec.id + "' has no start function");
    const bool taken = std::any_of(entries_.begin(), entries_.end(),
                                   [&](const Entry& entry) { return entry.spec.id == spec.id; });
    if (taken) throw InvalidArgument("two child specs have the id '" + spec.id + "'");
    entries_.push_back(Entry{std::move(spec), AnyActorRef()});
  }
}

void SupervisorCore::start_all(Actor& self) {
  for (Entry& entry : entries_) start_one(self, entry, /*restarting=*/false);
}

void SupervisorCore::start_one(Actor& self, Entry& entry, bool restarting) {
  for (;;) {
    try {
      AnyActorRef started = entry.spec.start(self);
      if (!started) throw Error("child spec '" + entry.spec.id + "' started no actor");
      self.watch(started);
      entry.current = std::move(started);
      return;
    } catch (...) {
      if (!restarting) throw;  // on_start fails, and with it the supervisor's start
      const std::exception_ptr error = std::current_exception();
      log_event(
          LogLevel::error,
          [&] {
            return "Supervisor " + display_of(self) + " could not restart child " + entry.spec.id +
                   ":";
          },
          display_of(self), error);
      count_restart(self);  // a failed restart is one more restart; gives up in time
    }
  }
}

void SupervisorCore::stop_one(Actor& self, Entry& entry) {
  if (!entry.current) return;
  (void)self.unwatch(entry.current);
  (void)entry.current.stop(nonblocking);
  try {
    (void)entry.current.termination().get(kSiblingStopLimit);
  } catch (const Timeout&) {
    log_event(
        LogLevel::warning,
        [&] {
          return "Supervisor " + display_of(self) + " stopped waiting for " +
                 entry.current.cell()->display() + ", still stopping";
        },
        display_of(self));
  }
}

void SupervisorCore::count_restart(Actor& self) {
  const auto now = std::chrono::steady_clock::now();
  while (!restarts_.empty() && now - restarts_.front() > intensity_.within) restarts_.pop_front();
  restarts_.push_back(now);
  if (static_cast<int>(restarts_.size()) <= intensity_.max_restarts) return;
  const std::string message = "Supervisor " + display_of(self) + " gave up: more than " +
                              std::to_string(intensity_.max_restarts) + " restarts within " +
                              std::to_string(intensity_.within.count()) + " ms";
  log_event(
      LogLevel::error, [&] { return message; }, display_of(self));
  throw SupervisorGaveUp(message);
}

void SupervisorCore::on_terminated(Actor& self, const Terminated& notice) {
  auto found = std::find_if(entries_.begin(), entries_.end(),
                            [&](const Entry& entry) { return entry.current == notice.actor; });
  if (found == entries_.end()) return;  // not (or no longer) one of ours
  const Restart restart = found->spec.restart;
  const bool again =
      restart == Restart::permanent || (restart == Restart::transient && !notice.stopped());
  if (!again) {
    if (restart == Restart::temporary) entries_.erase(found);
    return;
  }
  count_restart(self);
  log_event(
      LogLevel::info,
      [&] {
        return "Restarting child " + found->spec.id + " of " + display_of(self) + " after " +
               notice.actor.cell()->display() + " " + (notice.stopped() ? "stopped" : "failed");
      },
      display_of(self));

  // Which entries restart: [first, end) for rest_for_one and one_for_all, just one otherwise.
  const auto index = static_cast<std::size_t>(found - entries_.begin());
  std::size_t first = index;
  std::size_t last = index + 1;
  if (strategy_ == Strategy::one_for_all) first = 0;
  if (strategy_ != Strategy::one_for_one) last = entries_.size();
  for (std::size_t i = last; i-- > first;) {
    if (i != index) stop_one(self, entries_[i]);
  }
  entries_[index].current = AnyActorRef();
  std::vector<Entry*> to_start;
  for (std::size_t i = first; i < last; ++i) to_start.push_back(&entries_[i]);
  for (Entry* entry : to_start) {
    if (entry != &entries_[index] && entry->spec.restart == Restart::temporary) continue;
    start_one(self, *entry, /*restarting=*/true);
  }
  // Temporary siblings stopped for the restart are not started again: forget them.
  std::erase_if(entries_, [](const Entry& entry) {
    return entry.spec.restart == Restart::temporary && !entry.current.is_alive();
  });
}

AnyActorRef SupervisorCore::child(const std::string& id) const {
  for (const Entry& entry : entries_) {
    if (entry.spec.id == id) return entry.current;
  }
  throw InvalidArgument("no child with the id '" + id + "'");
}

}  // namespace pykka::detail
