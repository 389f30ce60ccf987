#include "runtime/exit_rule.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <sys/syscall.h>
#include <unistd.h>

#include "diagnostics/dump.hpp"
#include "diagnostics/log.hpp"

namespace pykka::detail {
namespace {

// How long exit waits before it says what it waits for.
constexpr std::chrono::seconds kPatience{3};

struct LiveActors {
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t non_daemon = 0;  // guarded by mutex
  // Non-daemon actors not counted idle. Changed without the mutex (on every park and wake of
  // an actor thread); whoever makes it zero notifies under the mutex, so a waiter that saw it
  // non-zero under the mutex cannot miss that.
  std::atomic<std::size_t> busy{0};
  bool reported = false;  // guarded by mutex; the CRITICAL record was logged
};

LiveActors& live() {
  static auto* instance = new LiveActors();
  return *instance;
}

thread_local bool t_non_daemon_context = false;

std::string actors_text(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " non-daemon actor" : " non-daemon actors");
}

// Waits until `done()` holds; after kPatience, logs (once per process) which actors it waits
// for, then keeps waiting, as Python keeps waiting for non-daemon threads. Requires `lock`.
template <class Done>
void wait_at_exit(std::unique_lock<std::mutex>& lock, const char* what, Done done) {
  LiveActors& state = live();
  while (!state.changed.wait_for(lock, kPatience, done)) {
    if (state.reported) {
      state.changed.wait(lock, done);
      return;
    }
    state.reported = true;
    const std::size_t count = state.non_daemon;
    lock.unlock();
    log_event(LogLevel::critical, [&] {
      std::string text = "Process exit has waited " + std::to_string(kPatience.count()) +
                         " s for " + actors_text(count) + " " + what +
                         " and keeps waiting: stop them before the process exits, or make them "
                         "daemon actors. Actor threads:";
      try {
        for (const std::string& thread : describe_actor_threads()) text += "\n" + thread;
      } catch (...) {
        text += "\n(no thread states: out of memory)";
      }
      text += "\nEnd of the actors still running at exit.";
      return text;
    });
    lock.lock();
  }
}

// Phase 1: exit() runs the calling thread's thread_local destructors before any atexit handler
// or static destructor, so this object, armed on the main thread, is the earliest point of the
// exit sequence the library can reach. Waiting here for the busy actors keeps alive every
// static they may still use (a function-local static first used after the first start is
// destroyed before anything registered earlier). Idle actors are left to phase 2: destructors
// and atexit handlers that run next may stop them.
struct BusyActorsWaiter {
  bool armed = false;
  BusyActorsWaiter() = default;
  BusyActorsWaiter(const BusyActorsWaiter&) = delete;
  BusyActorsWaiter& operator=(const BusyActorsWaiter&) = delete;
  ~BusyActorsWaiter() {
    if (!armed) return;
    std::unique_lock lock(live().mutex);
    wait_at_exit(lock, "to become idle or stop",
                 [] { return live().busy.load(std::memory_order_acquire) == 0; });
  }
};

thread_local BusyActorsWaiter t_busy_actors_waiter;

// Phase 2: constructed while the library is initialised, before the objects of the program
// that uses it, so it is destroyed after every static object and atexit handler registered
// later; by then, nothing that could still stop an actor is left to run.
struct ExitWaiter {
  ExitWaiter() noexcept {
    // exit() from another thread runs that thread's thread_local destructors, not the main
    // thread's, and a thread's ordinary end runs them too: only the main thread is armed.
    if (::syscall(SYS_gettid) == ::getpid()) t_busy_actors_waiter.armed = true;
  }
  ExitWaiter(const ExitWaiter&) = delete;
  ExitWaiter& operator=(const ExitWaiter&) = delete;
  ~ExitWaiter() {
    // exit() called from a non-daemon actor's context must not wait for that very actor.
    const std::size_t own = t_non_daemon_context ? 1 : 0;
    std::unique_lock lock(live().mutex);
    wait_at_exit(lock, "to stop", [own] { return live().non_daemon <= own; });
  }
};

// 101 is the first priority open to programs: with the library linked statically, this runs
// before the program's own static objects (default priority); as a shared library, its
// initialisers run before the program's anyway.
__attribute__((init_priority(101))) ExitWaiter g_exit_waiter;

}  // namespace

void non_daemon_actor_started() {
  live().busy.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(live().mutex);
  ++live().non_daemon;
}

void non_daemon_actor_finished() noexcept {
  std::lock_guard lock(live().mutex);
  --live().non_daemon;
  live().busy.fetch_sub(1, std::memory_order_acq_rel);
  live().changed.notify_all();
}

void non_daemon_actor_idle() noexcept {
  if (live().busy.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  std::lock_guard lock(live().mutex);
  live().changed.notify_all();
}

void non_daemon_actor_busy() noexcept { live().busy.fetch_add(1, std::memory_order_acq_rel); }

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
