#include <atomic>

#include "pykka/detail/actor_cell.hpp"
#include "pykka/runtime/fiber.hpp"
#include "runtime/exit_rule.hpp"
#include "runtime/fiber/scheduler.hpp"

namespace pykka {
namespace {

std::atomic<unsigned> g_actor_counter{0};

detail::fiber::SchedulerOptions to_scheduler(const FiberRuntimeOptions& options) {
  return {options.workers, options.stack_size, options.budget, options.stuck_after};
}

}  // namespace

FiberRuntime::FiberRuntime()
    : scheduler_(std::make_shared<detail::fiber::Scheduler>(to_scheduler({}))) {}

FiberRuntime::~FiberRuntime() { scheduler_->stop(); }

void FiberRuntime::launch(std::shared_ptr<detail::ActorCell> cell, const LaunchOptions& options) {
  auto task = std::make_shared<detail::fiber::Task>();
  task->cell = cell.get();
  task->daemon = options.daemon;
  task->number = g_actor_counter.fetch_add(1, std::memory_order_relaxed) + 1;
  task->keep_alive = cell;
  cell->set_runtime_data(task);
  if (!options.daemon) detail::non_daemon_actor_started();
  try {
    scheduler_->launch(*task);
  } catch (...) {
    task->keep_alive.reset();
    if (!options.daemon) detail::non_daemon_actor_finished();
    throw;
  }
}

void FiberRuntime::schedule(detail::ActorCell& cell) noexcept {
  scheduler_->make_runnable(*static_cast<detail::fiber::Task*>(cell.runtime_data()));
}

bool FiberRuntime::wait(const detail::FutureStateBase& future,
                        std::optional<std::chrono::nanoseconds> timeout) {
  return scheduler_->wait(future, timeout);
}

void FiberRuntime::configure(const FiberRuntimeOptions& options) {
  scheduler_->configure(to_scheduler(options));
}

FiberRuntimeOptions FiberRuntime::options() const {
  const detail::fiber::SchedulerOptions options = scheduler_->options();
  return {options.workers, options.stack_size, options.budget, options.stuck_after};
}

FiberRuntimeStats FiberRuntime::stats() const noexcept {
  const detail::fiber::SchedulerStats stats = scheduler_->stats();
  return {stats.workers,     stats.live_actors, stats.suspended,     stats.fibers,
          stats.stack_bytes, stats.steals,      stats.stuck_warnings};
}

}  // namespace pykka
