#pragma once

// Scheduler: the worker threads of one FiberRuntime and the queues of runnable actors. Private.
//
// Workers. Each worker thread runs a scheduling loop on a fiber. An actor with messages is a
// runnable Task in some queue; a worker takes it and calls cell.run(budget) right there, on the
// fiber it is already on: a handler that returns without blocking costs no switch and leaves
// no stack behind. Only when a handler blocks (Scheduler::wait) does its fiber stay with the
// actor — the worker continues its loop on another fiber from its pool, and the suspended one
// is resumed where it stopped once the future completes or the timeout passes. The resumed
// fiber goes on running the loop after its handler returns, and the fiber that switched to it
// goes back to the pool. So at any moment each worker has exactly one fiber running its loop,
// some pooled ones parked inside the loop, and the fibers of its suspended actors.
//
// Pinning. A suspended fiber resumes on the worker it suspended on, never another: the code on
// it may have kept the addresses of thread-local variables (compilers cache them). Actors that
// are runnable but not suspended belong to no worker and may be stolen.
//
// Queues. Each worker has a local FIFO of runnable tasks, which other workers steal half of
// when they run dry, and a FIFO of its own suspended tasks ready to resume. Tasks made runnable
// by a thread that is not a worker go to a shared injection queue. Idle workers spin briefly,
// then park on a futex; making a task runnable costs a system call only when a worker is
// parked.
//
// Timed waits are woken by one timer thread per scheduler, started on the first timed wait.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "runtime/fiber/fiber.hpp"

namespace pykka::detail {
class ActorCell;
class FutureStateBase;
}  // namespace pykka::detail

namespace pykka::detail::fiber {

class Worker;
class Scheduler;

/// What the runtime keeps for one actor (its cell's runtime data).
///
/// `state` hands the actor from one worker to the next. The mailbox announces a message to a
/// blocked actor (Runtime::schedule) possibly before the worker that blocked it has returned
/// from try_block; so a worker owns the task (running) until it has let go of it (idle), and a
/// schedule that arrives before then only leaves a note (notified) for that worker to queue
/// the task itself. Whoever runs the task next thus starts after its last run has ended.
struct Task {
  static constexpr int kQueued = 0;    // in a queue, or about to be
  static constexpr int kRunning = 1;   // a worker runs it
  static constexpr int kNotified = 2;  // running, and already scheduled again
  static constexpr int kIdle = 3;      // blocked and in no queue

  std::atomic<int> state{kQueued};
  ActorCell* cell = nullptr;
  std::shared_ptr<ActorCell> keep_alive;  // from launch until the actor has finished
  bool daemon = false;
  unsigned number = 0;         // N in "Class-N", the actor's name in debug dumps
  Task* next = nullptr;        // link in whichever queue holds the task
  Fiber* suspended = nullptr;  // the fiber holding the actor's stack while it is suspended
};

/// A mutex-protected FIFO of tasks, linked through Task::next.
class TaskQueue {
 public:
  /// Appends `task`; returns the queue's length after.
  std::size_t push(Task* task) noexcept;
  Task* pop() noexcept;
  /// Moves about half of this queue's tasks (at least one, if any) to `into`; returns how many.
  std::size_t steal_half(TaskQueue& into) noexcept;
  [[nodiscard]] bool maybe_empty() const noexcept {
    return size_.load(std::memory_order_relaxed) == 0;
  }

 private:
  std::mutex mutex_;
  Task* head_ = nullptr;  // guarded by mutex_
  Task* tail_ = nullptr;  // guarded by mutex_
  std::atomic<std::size_t> size_{0};
};

/// One blocking wait of a suspended actor: woken once, by the future's completion or by its
/// timeout, whichever comes first.
struct WaitRecord {
  static constexpr int kWaiting = 0;    // registered, the fiber not yet switched away
  static constexpr int kSuspended = 1;  // the fiber is suspended and published
  static constexpr int kWoken = 2;      // completion or timeout came

  /// Makes the waiting task runnable again (once; later calls do nothing).
  void wake() noexcept;

  std::atomic<int> state{kWaiting};
  Worker* worker = nullptr;
  Task* task = nullptr;
};

/// Configuration fixed when the workers start.
struct SchedulerOptions {
  std::size_t workers = 0;                      // 0: one per core
  std::size_t stack_size = 256 * 1024;          // bytes per fiber stack
  std::size_t budget = 64;                      // messages per run of an actor
  std::chrono::milliseconds stuck_after{1000};  // warn about a worker busy this long
};

/// Counters for stats and tests.
struct SchedulerStats {
  std::size_t workers = 0;
  std::size_t live_actors = 0;
  std::size_t suspended = 0;       // actors suspended in a wait right now
  std::size_t fibers = 0;          // fibers that exist (running, pooled and suspended)
  std::size_t stack_bytes = 0;     // their stacks' size, mapped (not necessarily touched)
  std::size_t steals = 0;          // tasks moved by work stealing so far
  std::size_t stuck_warnings = 0;  // WARNING records about blocked workers so far
};

class Scheduler : public std::enable_shared_from_this<Scheduler> {
 public:
  explicit Scheduler(SchedulerOptions options);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// Changes options before the workers started; throws std::logic_error afterwards.
  void configure(const SchedulerOptions& options);
  [[nodiscard]] SchedulerOptions options() const;

  /// Starts running `task` (whose cell is launched); starts the workers on first use.
  void launch(Task& task);
  /// Makes a task runnable (its mailbox was unblocked).
  void make_runnable(Task& task) noexcept;
  /// Suspends the calling actor until `future` completes or `timeout` passes, if called on one
  /// of this scheduler's workers inside an actor; else parks the calling thread.
  bool wait(const FutureStateBase& future, std::optional<std::chrono::nanoseconds> timeout);
  /// Lets the workers exit once no actor is left (called when the runtime is destroyed).
  void stop() noexcept;

  [[nodiscard]] SchedulerStats stats() const noexcept;

  // --- used by workers --------------------------------------------------------------------
  Task* find_task(Worker& worker) noexcept;
  bool park(Worker& worker) noexcept;  // false: stop, the worker should exit
  void push_resumed(Worker& worker, Task& task) noexcept;
  void push_injected(Task& task) noexcept;
  /// Whether any task is visible that `worker` could run (its own queues, the shared one, or
  /// another worker's local queue).
  [[nodiscard]] bool has_work_for(const Worker& worker) const noexcept;
  /// Wakes one parked worker, unless a worker is spinning (it will find the work) or none is
  /// parked.
  void notify_one() noexcept;
  void task_finished() noexcept;
  void looking_for_work(int delta) noexcept;
  void fiber_created(std::size_t stack) noexcept;
  void fiber_destroyed(std::size_t stack) noexcept;
  void suspended_changed(int delta) noexcept;
  [[nodiscard]] const SchedulerOptions& started_options() const noexcept { return options_; }
  void count_steal(std::size_t n) noexcept { steals_.fetch_add(n, std::memory_order_relaxed); }

 private:
  void start_workers();
  void enqueue(Task& task) noexcept;
  Task* pop_injected() noexcept;       // wakes another worker if more tasks wait there
  bool wake(Worker& worker) noexcept;  // true if it was parked
  void add_timer(std::chrono::steady_clock::time_point at, std::shared_ptr<WaitRecord> record);
  void watch_workers();

  mutable std::mutex config_mutex_;
  SchedulerOptions options_;
  std::once_flag started_;
  std::atomic<bool> running_{false};
  std::vector<std::unique_ptr<Worker>> workers_;
  TaskQueue injected_;

  std::mutex idle_mutex_;
  std::vector<Worker*> idle_;       // guarded by idle_mutex_
  std::atomic<int> idle_count_{0};  // idle_.size(), changed under idle_mutex_
  std::atomic<bool> stopping_{false};
  std::atomic<int> spinning_{0};  // idle workers spinning for work (at most one at a time)

  std::atomic<std::size_t> live_{0};
  std::atomic<std::size_t> suspended_{0};
  std::atomic<std::size_t> fibers_{0};
  std::atomic<std::size_t> stack_bytes_{0};
  std::atomic<std::size_t> steals_{0};
  std::atomic<std::size_t> stuck_warnings_{0};

  // Timed waits.
  struct Timer {
    std::chrono::steady_clock::time_point at;
    std::shared_ptr<WaitRecord> record;
    bool operator>(const Timer& other) const noexcept { return at > other.at; }
  };
  struct Timers;
  std::shared_ptr<Timers> timers_;
  std::once_flag timers_started_;

  // The watchdog that warns about workers stuck in one run.
  struct Watchdog;
  std::shared_ptr<Watchdog> watchdog_;

  friend class Worker;
};

}  // namespace pykka::detail::fiber
