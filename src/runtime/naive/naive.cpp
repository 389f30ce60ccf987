#include "pykka/runtime/naive.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "diagnostics/thread_name.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "pykka/detail/continuation.hpp"
#include "pykka/detail/future_state.hpp"
#include "runtime/exit_rule.hpp"

namespace pykka {
namespace {

// What the actor's thread waits on while its mailbox is blocked. Owned by the cell (as its
// runtime data), so a sender inside schedule() always finds it alive.
struct Wakeup {
  std::mutex mutex;
  std::condition_variable runnable_changed;
  bool runnable = false;  // guarded by mutex
};

std::atomic<unsigned> g_thread_counter{0};

void run_actor(const std::shared_ptr<detail::ActorCell>& cell, Wakeup& wakeup) {
  // One message per run: every step of the runtime contract is exercised all the time.
  constexpr std::size_t kBudget = 1;
  for (;;) {
    const RunResult result = cell->run(kBudget);
    if (result == RunResult::finished) break;
    if (result == RunResult::idle && cell->try_block()) {
      std::unique_lock lock(wakeup.mutex);
      wakeup.runnable_changed.wait(lock, [&] { return wakeup.runnable; });
      wakeup.runnable = false;
    }
  }
  cell->finish();
}

}  // namespace

void NaiveRuntime::launch(std::shared_ptr<detail::ActorCell> cell, const LaunchOptions& options) {
  auto wakeup = std::make_shared<Wakeup>();
  cell->set_runtime_data(wakeup);
  const std::string name =
      cell->class_name() + "-" +
      std::to_string(g_thread_counter.fetch_add(1, std::memory_order_relaxed) + 1);
  const bool daemon = options.daemon;
  if (!daemon) detail::non_daemon_actor_started();
  try {
    std::thread([cell = std::move(cell), wakeup = std::move(wakeup), name, daemon]() mutable {
      detail::set_current_thread_name(name);
      {
        const detail::NonDaemonContext context(!daemon);
        run_actor(cell, *wakeup);
        cell.reset();  // drop the actor before reporting it finished
      }
      if (!daemon) detail::non_daemon_actor_finished();
    }).detach();
  } catch (...) {
    if (!daemon) detail::non_daemon_actor_finished();
    throw;
  }
}

void NaiveRuntime::schedule(detail::ActorCell& cell) noexcept {
  auto& wakeup = *static_cast<Wakeup*>(cell.runtime_data());
  std::lock_guard lock(wakeup.mutex);
  wakeup.runnable = true;
  wakeup.runnable_changed.notify_one();
}

bool NaiveRuntime::wait(const detail::FutureStateBase& future,
                        std::optional<std::chrono::nanoseconds> timeout) {
  struct Done {
    std::mutex mutex;
    std::condition_variable changed;
    bool done = false;  // guarded by mutex
  };
  // Shared with the callback, which may run after a timed-out wait has returned.
  auto done = std::make_shared<Done>();
  detail::Continuation* signal = detail::make_continuation([done] {
    std::lock_guard lock(done->mutex);
    done->done = true;
    done->changed.notify_all();
  });
  if (!future.notify_on_complete(*signal)) {
    signal->discard();
    return true;  // already complete
  }
  std::unique_lock lock(done->mutex);
  if (!timeout) {
    done->changed.wait(lock, [&] { return done->done; });
    return true;
  }
  return done->changed.wait_for(lock, *timeout, [&] { return done->done; });
}

}  // namespace pykka
