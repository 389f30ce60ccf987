#include "runtime/exit_rule.hpp"

#include <condition_variable>
#include <mutex>
#include <utility>

namespace pykka::detail {
namespace {

struct LiveActors {
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t non_daemon = 0;  // guarded by mutex
};

LiveActors& live() {
  static auto* instance = new LiveActors();
  return *instance;
}

thread_local bool t_non_daemon_context = false;

// Destroyed during static destruction (after main returns or on exit()): waits for every
// non-daemon actor.
struct ExitWaiter {
  ExitWaiter() = default;
  ExitWaiter(const ExitWaiter&) = delete;
  ExitWaiter& operator=(const ExitWaiter&) = delete;
  ~ExitWaiter() {
    // exit() called from a non-daemon actor's context must not wait for that very actor.
    const std::size_t own = t_non_daemon_context ? 1 : 0;
    std::unique_lock lock(live().mutex);
    live().changed.wait(lock, [own] { return live().non_daemon <= own; });
  }
};

}  // namespace

void non_daemon_actor_started() {
  static ExitWaiter waiter;  // constructed (and registered for exit) by the first count
  std::lock_guard lock(live().mutex);
  ++live().non_daemon;
}

void non_daemon_actor_finished() noexcept {
  std::lock_guard lock(live().mutex);
  --live().non_daemon;
  live().changed.notify_all();
}

std::size_t running_non_daemon_actors() noexcept {
  std::lock_guard lock(live().mutex);
  return live().non_daemon;
}

bool exchange_non_daemon_context(bool non_daemon) noexcept {
  return std::exchange(t_non_daemon_context, non_daemon);
}

NonDaemonContext::NonDaemonContext(bool non_daemon) noexcept
    : previous_(std::exchange(t_non_daemon_context, non_daemon)) {}

NonDaemonContext::~NonDaemonContext() { t_non_daemon_context = previous_; }

}  // namespace pykka::detail
