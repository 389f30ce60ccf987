#include "runtime/fiber/scheduler.hpp"

#include <algorithm>
#include <new>
#include <queue>
#include <stdexcept>
#include <utility>

#include "diagnostics/log.hpp"
#include "diagnostics/thread_name.hpp"
#include "diagnostics/thread_state.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "pykka/detail/continuation.hpp"
#include "pykka/detail/future_state.hpp"
#include "runtime/context_locals.hpp"
#include "runtime/exit_rule.hpp"
#include "runtime/park.hpp"

namespace pykka::detail::fiber {

namespace ctx = boost::context::detail;

// One worker thread of a Scheduler (see scheduler.hpp).
class Worker {
 public:
  Worker(Scheduler& owner, std::size_t number)
      : scheduler(owner), index(number), name("pykka-fiber-" + std::to_string(number + 1)) {}

  void start(std::shared_ptr<Scheduler> keep) {
    std::thread([this, keep = std::move(keep)]() mutable {
      thread_main(std::move(keep));
    }).detach();
  }

  bool wait(const FutureStateBase& future, std::optional<std::chrono::nanoseconds> timeout);

  Scheduler& scheduler;
  const std::size_t index;
  const std::string name;
  TaskQueue local;    // runnable tasks; other workers steal from here
  TaskQueue resumed;  // this worker's suspended tasks, ready to resume
  std::atomic<std::uint32_t> wake_word{0};
  bool parked = false;  // guarded by the scheduler's idle mutex
  std::uint64_t random = 0;
  std::uint32_t ticks = 0;  // find_task calls
  std::int64_t spin_budget_ns = kMaxSpinNs;
  bool spun_into_work = false;  // park() ended by finding work while spinning

  // For the watchdog: which actor runs and since when (0: none). The cell may only be read
  // with `running_mutex` held; the worker clears it under the mutex before releasing a cell.
  std::mutex running_mutex;
  const ActorCell* running_cell = nullptr;  // guarded by running_mutex
  std::atomic<std::int64_t> run_started_ns{0};
  std::atomic<std::uint64_t> run_number{0};
  std::uint64_t reported_run = 0;  // the watchdog's own

 private:
  static void entry(ctx::transfer_t transfer);
  void thread_main(std::shared_ptr<Scheduler> keep);
  void loop();
  void run(Task& task);
  void resume(Task& task);
  SwitchNote* switch_to(Fiber& to, SwitchNote& note) noexcept;
  void arrived(SwitchNote* note) noexcept;
  Fiber* take_fiber();
  void release_fiber(Fiber* fiber) noexcept;
  void begin_run(const ActorCell* cell) noexcept;
  void end_run() noexcept;

  static constexpr std::size_t kMaxPooledFibers = 16;

  Fiber* native_ = nullptr;   // the thread's own stack
  Fiber* current_ = nullptr;  // the fiber running on this thread
  Fiber* pool_ = nullptr;     // fibers parked in the loop, ready to continue it
  std::size_t pooled_ = 0;
  Task* running_task_ = nullptr;
};

namespace {

thread_local Worker* t_worker = nullptr;

std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Wakes a suspended actor when the future it waits for completes (or dies incomplete, which
// cannot happen while the waiter holds it, but must not leave it suspended either).
class WakeOnComplete final : public Continuation {
 public:
  explicit WakeOnComplete(std::shared_ptr<WaitRecord> record) : record_(std::move(record)) {}
  void run() noexcept override {
    record_->wake();
    delete this;
  }
  void discard() noexcept override { run(); }

 private:
  std::shared_ptr<WaitRecord> record_;
};

}  // namespace

// --- TaskQueue ---------------------------------------------------------------------------

std::size_t TaskQueue::push(Task* task) noexcept {
  task->next = nullptr;
  std::lock_guard lock(mutex_);
  if (tail_ != nullptr) {
    tail_->next = task;
  } else {
    head_ = task;
  }
  tail_ = task;
  return size_.fetch_add(1, std::memory_order_relaxed) + 1;
}

Task* TaskQueue::pop() noexcept {
  if (maybe_empty()) return nullptr;
  std::lock_guard lock(mutex_);
  Task* task = head_;
  if (task == nullptr) return nullptr;
  head_ = task->next;
  if (head_ == nullptr) tail_ = nullptr;
  size_.fetch_sub(1, std::memory_order_relaxed);
  return task;
}

std::size_t TaskQueue::steal_half(TaskQueue& into) noexcept {
  if (maybe_empty()) return 0;
  Task* first = nullptr;
  Task* last = nullptr;
  std::size_t taken = 0;
  {
    std::lock_guard lock(mutex_);
    const std::size_t size = size_.load(std::memory_order_relaxed);
    const std::size_t want = (size + 1) / 2;
    while (taken < want && head_ != nullptr) {
      Task* task = head_;
      head_ = task->next;
      task->next = nullptr;
      if (last != nullptr) {
        last->next = task;
      } else {
        first = task;
      }
      last = task;
      ++taken;
    }
    if (head_ == nullptr) tail_ = nullptr;
    size_.fetch_sub(taken, std::memory_order_relaxed);
  }
  if (taken == 0) return 0;
  std::lock_guard lock(into.mutex_);
  if (into.tail_ != nullptr) {
    into.tail_->next = first;
  } else {
    into.head_ = first;
  }
  into.tail_ = last;
  into.size_.fetch_add(taken, std::memory_order_relaxed);
  return taken;
}

// --- WaitRecord --------------------------------------------------------------------------

void WaitRecord::wake() noexcept {
  if (state.exchange(kWoken, std::memory_order_acq_rel) == kSuspended) {
    worker->scheduler.push_resumed(*worker, *task);
  }
}

// --- Worker ------------------------------------------------------------------------------

// Counts the worker among those looking for work (see Scheduler::notify_one) from begin() to
// cancel() or the end of the scope.
class LookingForWork {
 public:
  explicit LookingForWork(Scheduler& scheduler) noexcept : scheduler_(scheduler) {}
  ~LookingForWork() { cancel(); }
  LookingForWork(const LookingForWork&) = delete;
  LookingForWork& operator=(const LookingForWork&) = delete;
  void begin() const noexcept {
    if (!active_) scheduler_.looking_for_work(+1);
    active_ = true;
  }
  void cancel() const noexcept {
    if (active_) scheduler_.looking_for_work(-1);
    active_ = false;
  }

 private:
  Scheduler& scheduler_;
  mutable bool active_ = false;
};

void Worker::thread_main(std::shared_ptr<Scheduler> keep) {
  t_worker = this;
  set_current_thread_name(name);
  Mailbox::consume_many_on_this_thread();
  random = 0x9E3779B97F4A7C15ULL * (index + 1);
  {
    Fiber native;
    native_ = &native;
    Fiber* first = nullptr;
    try {
      first = take_fiber();
    } catch (...) {
      log_event(LogLevel::critical,
                [&] { return "Fiber worker " + name + " could not map its first stack"; });
    }
    if (first != nullptr) {
      current_ = first;
      SwitchNote note;
      SwitchNote* back = native.switch_to(*first, note);
      // Only an exit switches back here; its fiber and the pooled ones are no longer needed.
      current_ = &native;
      scheduler.fiber_destroyed(back->from->stack_size());
      delete back->from;
    }
    while (Fiber* fiber = pool_) {
      pool_ = fiber->next;
      scheduler.fiber_destroyed(fiber->stack_size());
      delete fiber;
    }
    native_ = nullptr;
  }
  t_worker = nullptr;
  keep.reset();  // may destroy the scheduler, and this worker with it
}

void Worker::entry(ctx::transfer_t transfer) {
  Worker& self = *t_worker;
  Fiber* fiber = self.current_;
  self.arrived(fiber->started(transfer));
  t_worker->loop();
  SwitchNote note{SwitchNote::Action::exit};
  Worker& worker = *t_worker;
  worker.current_ = worker.native_;
  (void)fiber->switch_to(*worker.native_, note);
  std::terminate();  // never switched back to
}

SwitchNote* Worker::switch_to(Fiber& to, SwitchNote& note) noexcept {
  Fiber* from = current_;
  current_ = &to;
  SwitchNote* back = from->switch_to(to, note);
  // Whoever switched back here made this fiber current again.
  return back;
}

void Worker::arrived(SwitchNote* note) noexcept {
  switch (note->action) {
    case SwitchNote::Action::release:
      release_fiber(note->from);
      break;
    case SwitchNote::Action::suspend: {
      auto* record = static_cast<WaitRecord*>(note->argument);
      Task& task = *record->task;
      task.suspended = note->from;
      // From here on the record may be woken (and the task resumed) at any moment.
      if (record->state.exchange(WaitRecord::kSuspended, std::memory_order_acq_rel) ==
          WaitRecord::kWoken) {
        scheduler.push_resumed(*this, task);
      }
      break;
    }
    case SwitchNote::Action::none:
    case SwitchNote::Action::exit:
      break;
  }
}

Fiber* Worker::take_fiber() {
  if (Fiber* fiber = pool_) {
    pool_ = fiber->next;
    --pooled_;
    return fiber;
  }
  const std::size_t stack = scheduler.started_options().stack_size;
  auto* fiber = new Fiber(stack, &Worker::entry);
  scheduler.fiber_created(fiber->stack_size());
  return fiber;
}

void Worker::release_fiber(Fiber* fiber) noexcept {
  if (pooled_ < kMaxPooledFibers) {
    fiber->next = pool_;
    pool_ = fiber;
    ++pooled_;
    return;
  }
  scheduler.fiber_destroyed(fiber->stack_size());
  delete fiber;
}

void Worker::loop() {
  for (;;) {
    Task* task = scheduler.find_task(*this);
    if (task == nullptr) {
      if (!scheduler.park(*this)) return;
      continue;
    }
    // A spinner that took work stopped spinning: if more is queued, another worker should look
    // for it. Checked once the task is taken, so a single task wakes nobody.
    if (std::exchange(spun_into_work, false) && scheduler.has_work_for(*this)) {
      scheduler.notify_one();
    }
    if (task->suspended != nullptr) {
      resume(*task);
    } else {
      run(*task);
    }
  }
}

void Worker::resume(Task& task) {
  Fiber* target = std::exchange(task.suspended, nullptr);
  SwitchNote note{SwitchNote::Action::release};
  // This fiber goes to the pool; when it is taken out again, the loop continues here.
  arrived(switch_to(*target, note));
}

void Worker::begin_run(const ActorCell* cell) noexcept {
  {
    std::lock_guard lock(running_mutex);
    running_cell = cell;
  }
  run_number.fetch_add(1, std::memory_order_relaxed);
  run_started_ns.store(now_ns(), std::memory_order_relaxed);
}

void Worker::end_run() noexcept {
  run_started_ns.store(0, std::memory_order_relaxed);
  // The actor whose run ended is on no thread now (idle, queued or suspended and listed on its
  // own): a dump must not show this worker still running it.
  (void)exchange_activity({});
  std::lock_guard lock(running_mutex);
  running_cell = nullptr;
}

void Worker::run(Task& task) {
  task.state.store(Task::kRunning, std::memory_order_relaxed);  // ours since it was popped
  running_task_ = &task;
  begin_run(task.cell);
  (void)exchange_non_daemon_context(!task.daemon);
  const std::size_t budget = scheduler.started_options().budget;
  // From the end of the actor's messages to the next find_task this worker counts as looking
  // for work, so an actor made runnable meanwhile (typically by the reply just sent) is left for
  // it rather than for a parked worker woken with a system call.
  const LookingForWork looking(scheduler);
  for (;;) {
    const RunResult result = task.cell->run(budget);
    if (result == RunResult::idle) {
      looking.begin();
      if (!task.cell->try_block()) {
        looking.cancel();
        continue;  // a message arrived meanwhile
      }
      int running = Task::kRunning;
      if (task.state.compare_exchange_strong(running, Task::kIdle, std::memory_order_acq_rel)) {
        if (!task.daemon) non_daemon_actor_idle();  // lets process exit run destructors
        break;
      }
      // Scheduled again while blocking: this worker queues it, now that its run is over.
      task.state.store(Task::kQueued, std::memory_order_relaxed);
      local.push(&task);
      break;
    }
    if (result == RunResult::yielded) {
      // Nothing else is waiting for a worker: going round the queues would only cost time.
      if (!scheduler.has_work_for(*this)) continue;
      task.state.store(Task::kQueued, std::memory_order_relaxed);
      // Behind everything already runnable, on any worker: a flooded actor cannot starve
      // others, and another worker may take it.
      scheduler.push_injected(task);
      break;
    }
    looking.begin();
    task.cell->finish();
    (void)exchange_non_daemon_context(false);
    std::shared_ptr<ActorCell> cell = std::move(task.keep_alive);
    const bool daemon = task.daemon;
    running_task_ = nullptr;
    end_run();
    cell.reset();  // may destroy the task (the cell's runtime data), even the runtime
    if (!daemon) non_daemon_actor_finished();
    scheduler.task_finished();
    return;
  }
  (void)exchange_non_daemon_context(false);
  running_task_ = nullptr;
  end_run();
}

bool Worker::wait(const FutureStateBase& future, std::optional<std::chrono::nanoseconds> timeout) {
  Task* task = running_task_;
  auto record = std::make_shared<WaitRecord>();
  record->worker = this;
  record->task = task;
  auto* wake = new WakeOnComplete(record);
  if (!future.notify_on_complete(*wake)) {
    delete wake;
    return true;
  }
  if (timeout) {
    if (timeout->count() <= 0) {
      record->wake();  // nothing to wait for; the registered wake-up finds it woken
      return future.ready();
    }
    scheduler.add_timer(std::chrono::steady_clock::now() + *timeout, record);
  }
  Fiber* next = nullptr;
  try {
    next = take_fiber();
  } catch (...) {
    // No stack for the worker to go on with: block this worker's thread instead.
    record->wake();
    return wait_on_thread(future, timeout);
  }
  const ContextLocals locals = take_context_locals();
  // Lists the suspended actor in debug dumps, in place of this thread, which moves on.
  const SuspendedContext listed(task->cell->class_name() + "-" + std::to_string(task->number),
                                locals.activity);
  running_task_ = nullptr;
  end_run();
  scheduler.suspended_changed(+1);
  SwitchNote note{SwitchNote::Action::suspend, nullptr, record.get()};
  arrived(switch_to(*next, note));
  // Resumed on this same worker (suspended fibers never move).
  scheduler.suspended_changed(-1);
  restore_context_locals(locals);
  running_task_ = task;
  begin_run(task->cell);
  return future.ready();
}

// --- Scheduler ---------------------------------------------------------------------------

struct Scheduler::Timers {
  std::mutex mutex;
  std::condition_variable changed;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> due;  // guarded by mutex
  bool stop = false;                                                   // guarded by mutex

  void run() {
    std::unique_lock lock(mutex);
    while (!stop) {
      if (due.empty()) {
        changed.wait(lock);
        continue;
      }
      const auto at = due.top().at;
      if (std::chrono::steady_clock::now() < at) {
        changed.wait_until(lock, at);
        continue;
      }
      std::shared_ptr<WaitRecord> record = due.top().record;
      due.pop();
      lock.unlock();
      record->wake();
      record.reset();
      lock.lock();
    }
  }
};

// The watchdog ticks every millisecond while a worker is awake. Once all are parked it waits
// one grace period, unsignalled, and only then sleeps without a deadline; only then does a waking
// worker signal it. So a worker that parks and wakes between messages (a thread asking a fiber
// actor one request at a time) costs the watchdog no wake-up per message, and idle workers cost
// it one wake-up per idle period.
struct Scheduler::Watchdog {
  static constexpr std::chrono::milliseconds kGrace{10};

  std::mutex mutex;
  std::condition_variable changed;
  bool stop = false;      // guarded by mutex
  int awake = 0;          // workers not parked; guarded by mutex
  bool sleeping = false;  // waiting without a deadline for a worker to wake; guarded by mutex
};

Scheduler::Scheduler(SchedulerOptions options) : options_(options) {}

Scheduler::~Scheduler() = default;

void Scheduler::configure(const SchedulerOptions& options) {
  std::lock_guard lock(config_mutex_);
  if (running_.load(std::memory_order_acquire)) {
    throw std::logic_error(
        "pykka: the fiber runtime's workers are running; configure it before its first actor "
        "starts");
  }
  if (options.stack_size < 16 * 1024) {
    throw std::invalid_argument("pykka: fiber stack size must be at least 16384 bytes, got " +
                                std::to_string(options.stack_size));
  }
  if (options.budget == 0) throw std::invalid_argument("pykka: fiber budget must be positive");
  options_ = options;
}

SchedulerOptions Scheduler::options() const {
  std::lock_guard lock(config_mutex_);
  SchedulerOptions options = options_;
  if (options.workers == 0) options.workers = std::max(1U, std::thread::hardware_concurrency());
  return options;
}

void Scheduler::start_workers() {
  std::lock_guard lock(config_mutex_);
  if (options_.workers == 0) options_.workers = std::max(1U, std::thread::hardware_concurrency());
  workers_.reserve(options_.workers);
  for (std::size_t i = 0; i < options_.workers; ++i) {
    workers_.push_back(std::make_unique<Worker>(*this, i));
  }
  watchdog_ = std::make_shared<Watchdog>();
  watchdog_->awake = static_cast<int>(workers_.size());
  running_.store(true, std::memory_order_release);
  for (auto& worker : workers_) worker->start(shared_from_this());
  std::thread([self = shared_from_this(), watchdog = watchdog_] {
    set_current_thread_name("pykka-fiber-watch");
    self->watch_workers();
  }).detach();
}

void Scheduler::launch(Task& task) {
  std::call_once(started_, [this] { start_workers(); });
  live_.fetch_add(1, std::memory_order_relaxed);
  task.state.store(Task::kQueued, std::memory_order_relaxed);
  enqueue(task);
}

void Scheduler::make_runnable(Task& task) noexcept {
  int state = Task::kIdle;
  while (!task.state.compare_exchange_weak(state, Task::kQueued, std::memory_order_acq_rel)) {
    if (state == Task::kRunning &&
        task.state.compare_exchange_weak(state, Task::kNotified, std::memory_order_acq_rel)) {
      return;  // the worker that runs it queues it once that run is over
    }
    if (state != Task::kIdle && state != Task::kRunning) return;  // cannot happen (see Task)
  }
  // Counted busy again before it can run (launch counted it busy to begin with).
  if (!task.daemon) non_daemon_actor_busy();
  enqueue(task);
}

void Scheduler::enqueue(Task& task) noexcept {
  Worker* worker = t_worker;
  if (worker != nullptr && &worker->scheduler == this) {
    // The pushing worker runs it after its current run; another is woken only for a backlog
    // (and by the watchdog, should the current run take long).
    if (worker->local.push(&task) >= 2) notify_one();
    return;
  }
  push_injected(task);
}

void Scheduler::push_injected(Task& task) noexcept {
  injected_.push(&task);
  notify_one();
}

Task* Scheduler::find_task(Worker& worker) noexcept {
  // Now and then the shared queue goes first, so actors made runnable by other threads are
  // not starved by a worker whose own actors keep each other busy.
  if (++worker.ticks % 61 == 0) {
    if (Task* task = pop_injected()) return task;
  }
  if (Task* task = worker.resumed.pop()) return task;
  if (Task* task = worker.local.pop()) {
    if (!worker.local.maybe_empty()) notify_one();  // more than this worker can run at once
    return task;
  }
  if (Task* task = pop_injected()) return task;
  const std::size_t count = workers_.size();
  if (count > 1) {
    worker.random ^= worker.random << 13;
    worker.random ^= worker.random >> 7;
    worker.random ^= worker.random << 17;
    const std::size_t first = worker.random % count;
    for (std::size_t i = 0; i < count; ++i) {
      Worker& victim = *workers_[(first + i) % count];
      if (&victim == &worker) continue;
      if (const std::size_t stolen = victim.local.steal_half(worker.local); stolen != 0) {
        count_steal(stolen);
        return worker.local.pop();
      }
    }
  }
  return nullptr;
}

Task* Scheduler::pop_injected() noexcept {
  Task* task = injected_.pop();
  // Several tasks pushed while one worker was looking for work woke nobody (notify_one left
  // them to it): that worker takes one, and another must come for the rest, or they wait
  // behind whatever this one runs next, however long it blocks.
  if (task != nullptr && !injected_.maybe_empty()) notify_one();
  return task;
}

bool Scheduler::has_work_for(const Worker& worker) const noexcept {
  if (!worker.resumed.maybe_empty() || !worker.local.maybe_empty() || !injected_.maybe_empty()) {
    return true;
  }
  return std::any_of(workers_.begin(), workers_.end(),
                     [](const auto& other) { return !other->local.maybe_empty(); });
}

bool Scheduler::park(Worker& worker) noexcept {
  // One idle worker at a time spins (the others park at once): on a machine with few cores, a
  // second spinner would only take a core from the threads doing the work.
  if (spinning_.fetch_add(1, std::memory_order_acq_rel) == 0) {
    const bool found = spin_adaptively(worker.spin_budget_ns, [&] { return has_work_for(worker); });
    spinning_.fetch_sub(1, std::memory_order_acq_rel);
    if (found) {
      worker.spun_into_work = true;  // loop() wakes another worker if more than one task waits
      return true;
    }
  } else {
    spinning_.fetch_sub(1, std::memory_order_acq_rel);
  }
  {
    std::lock_guard lock(idle_mutex_);
    worker.wake_word.store(0, std::memory_order_relaxed);
    worker.parked = true;
    idle_.push_back(&worker);
    // An RMW: pairs with the one in notify_one, so either the pusher sees this worker idle or
    // this worker's check below sees the pushed task.
    idle_count_.fetch_add(1, std::memory_order_acq_rel);
  }
  const bool has_work = has_work_for(worker);
  const bool exit = !has_work && stopping_.load(std::memory_order_acquire) &&
                    live_.load(std::memory_order_acquire) == 0;
  if (has_work || exit) {
    std::lock_guard lock(idle_mutex_);
    if (worker.parked) {
      worker.parked = false;
      idle_.erase(std::find(idle_.begin(), idle_.end(), &worker));
      idle_count_.fetch_sub(1, std::memory_order_acq_rel);
    }
    return !exit;
  }
  {
    std::lock_guard lock(watchdog_->mutex);
    --watchdog_->awake;
  }
  while (worker.wake_word.load(std::memory_order_acquire) == 0) futex_wait(worker.wake_word, 0);
  {
    std::lock_guard lock(watchdog_->mutex);
    if (watchdog_->awake++ == 0 && watchdog_->sleeping) {
      watchdog_->sleeping = false;
      watchdog_->changed.notify_one();
    }
  }
  return true;
}

bool Scheduler::wake(Worker& worker) noexcept {
  {
    std::lock_guard lock(idle_mutex_);
    if (!worker.parked) return false;
    worker.parked = false;
    idle_.erase(std::find(idle_.begin(), idle_.end(), &worker));
    idle_count_.fetch_sub(1, std::memory_order_acq_rel);
  }
  worker.wake_word.store(1, std::memory_order_release);
  futex_wake(worker.wake_word, 1);
  return true;
}

void Scheduler::notify_one() noexcept {
  // RMWs, not loads: they pair with the spinner's and the parker's own, so a worker that stops
  // spinning or parks after this sees the pushed task.
  if (spinning_.fetch_add(0, std::memory_order_acq_rel) != 0) return;    // a spinner will find it
  if (idle_count_.fetch_add(0, std::memory_order_acq_rel) == 0) return;  // nobody parked
  Worker* worker = nullptr;
  {
    std::lock_guard lock(idle_mutex_);
    if (idle_.empty()) return;
    worker = idle_.back();
  }
  (void)wake(*worker);
}

void Scheduler::push_resumed(Worker& worker, Task& task) noexcept {
  worker.resumed.push(&task);
  if (t_worker == &worker) return;  // it will look at its queue before parking
  if (idle_count_.fetch_add(0, std::memory_order_acq_rel) == 0) return;
  (void)wake(worker);
}

bool Scheduler::wait(const FutureStateBase& future,
                     std::optional<std::chrono::nanoseconds> timeout) {
  Worker* worker = t_worker;
  if (worker == nullptr || &worker->scheduler != this || ActorCell::current() == nullptr) {
    return wait_on_thread(future, timeout);
  }
  return worker->wait(future, timeout);
}

void Scheduler::add_timer(std::chrono::steady_clock::time_point at,
                          std::shared_ptr<WaitRecord> record) {
  std::call_once(timers_started_, [this] {
    timers_ = std::make_shared<Timers>();
    std::thread([timers = timers_] {
      set_current_thread_name("pykka-fiber-timer");
      timers->run();
    }).detach();
  });
  std::lock_guard lock(timers_->mutex);
  const bool earliest = timers_->due.empty() || at < timers_->due.top().at;
  timers_->due.push(Timer{at, std::move(record)});
  if (earliest) timers_->changed.notify_one();
}

void Scheduler::watch_workers() {
  std::shared_ptr<Watchdog> watchdog = watchdog_;
  std::unique_lock lock(watchdog->mutex);
  while (!watchdog->stop) {
    if (watchdog->awake == 0) {
      // Every worker is parked. Wait once, unsignalled, for the grace period; if they are all
      // still parked then, sleep until a waking worker signals.
      (void)watchdog->changed.wait_for(lock, Watchdog::kGrace,
                                       [&] { return watchdog->stop || watchdog->awake > 0; });
      if (watchdog->stop) break;
      if (watchdog->awake == 0) {
        watchdog->sleeping = true;
        watchdog->changed.wait(lock, [&] { return watchdog->stop || !watchdog->sleeping; });
      }
      continue;
    }
    watchdog->changed.wait_for(lock, std::chrono::milliseconds(1));
    if (watchdog->stop) break;
    lock.unlock();
    const std::int64_t now = now_ns();
    const std::int64_t stuck_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(options_.stuck_after).count();
    for (auto& worker : workers_) {
      const std::int64_t started = worker->run_started_ns.load(std::memory_order_relaxed);
      if (started == 0) continue;
      // A worker in a long run may have runnable tasks queued behind it, in its own queue or in
      // the shared one: let another take them.
      if (now - started > 1'000'000 && (!worker->local.maybe_empty() || !injected_.maybe_empty())) {
        notify_one();
      }
      const std::uint64_t run = worker->run_number.load(std::memory_order_relaxed);
      if (now - started < stuck_ns || worker->reported_run == run) continue;
      worker->reported_run = run;
      std::lock_guard running(worker->running_mutex);
      if (worker->running_cell == nullptr) continue;
      stuck_warnings_.fetch_add(1, std::memory_order_relaxed);
      const double seconds = static_cast<double>(now - started) / 1e9;
      log_event(
          LogLevel::warning,
          [&] {
            char text[48];
            std::snprintf(text, sizeof text, "%.1f", seconds);
            return "Fiber worker " + worker->name + " has been running " +
                   worker->running_cell->display() + " for " + text +
                   " s without switching: a blocking system call (sleep, file or socket I/O) "
                   "in a handler stops every other actor on that worker";
          },
          *worker->running_cell);
    }
    lock.lock();
  }
}

void Scheduler::stop() noexcept {
  stopping_.store(true, std::memory_order_release);
  if (!running_.load(std::memory_order_acquire)) return;
  for (auto& worker : workers_) (void)wake(*worker);
  {
    std::lock_guard lock(watchdog_->mutex);
    watchdog_->stop = true;
    watchdog_->changed.notify_all();
  }
  if (timers_) {
    std::lock_guard lock(timers_->mutex);
    timers_->stop = true;
    timers_->changed.notify_all();
  }
}

void Scheduler::looking_for_work(int delta) noexcept {
  spinning_.fetch_add(delta, std::memory_order_acq_rel);
}

void Scheduler::task_finished() noexcept {
  if (live_.fetch_sub(1, std::memory_order_acq_rel) == 1 &&
      stopping_.load(std::memory_order_acquire)) {
    for (auto& worker : workers_) (void)wake(*worker);  // the last actor is gone: exit
  }
}

void Scheduler::fiber_created(std::size_t stack) noexcept {
  fibers_.fetch_add(1, std::memory_order_relaxed);
  stack_bytes_.fetch_add(stack, std::memory_order_relaxed);
}

void Scheduler::fiber_destroyed(std::size_t stack) noexcept {
  fibers_.fetch_sub(1, std::memory_order_relaxed);
  stack_bytes_.fetch_sub(stack, std::memory_order_relaxed);
}

void Scheduler::suspended_changed(int delta) noexcept {
  if (delta > 0) {
    suspended_.fetch_add(1, std::memory_order_relaxed);
  } else {
    suspended_.fetch_sub(1, std::memory_order_relaxed);
  }
}

SchedulerStats Scheduler::stats() const noexcept {
  SchedulerStats stats;
  stats.workers = running_.load(std::memory_order_acquire) ? workers_.size() : 0;
  stats.live_actors = live_.load(std::memory_order_relaxed);
  stats.suspended = suspended_.load(std::memory_order_relaxed);
  stats.fibers = fibers_.load(std::memory_order_relaxed);
  stats.stack_bytes = stack_bytes_.load(std::memory_order_relaxed);
  stats.steals = steals_.load(std::memory_order_relaxed);
  stats.stuck_warnings = stuck_warnings_.load(std::memory_order_relaxed);
  return stats;
}

}  // namespace pykka::detail::fiber
