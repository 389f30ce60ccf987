#include "pykka/runtime/threading.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "diagnostics/thread_name.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "runtime/exit_rule.hpp"
#include "runtime/park.hpp"
#include "runtime/threading/futex_hash.hpp"
#include "runtime/threading/stack_trim.hpp"

namespace pykka {
namespace {

void actor_finished(bool daemon) {
  if (!daemon) detail::non_daemon_actor_finished();
}

std::atomic<unsigned> g_thread_counter{0};
std::atomic<std::size_t> g_live_actor_threads{0};  // launched actors whose thread is not free

// The runtime data of a non-daemon actor's cell points here (daemon cells have none), so
// schedule() knows which wake-ups the exit rule counts. Allocation-free: an aliasing pointer.
char g_non_daemon_tag = 0;
std::atomic<std::size_t> g_default_stack_size{0};

struct ThreadStart {
  std::shared_ptr<detail::ActorCell> cell;
  std::string name;
  bool daemon = false;
};

void thread_about_to_be_free() noexcept;

// Waits until the mailbox has a message: spins for a bounded, adaptive time, then blocks the
// mailbox and parks on its word until the unblocking push wakes this thread (schedule()).
void wait_for_messages(detail::Mailbox& mailbox, bool non_daemon, std::int64_t& spin_budget_ns) {
  if (detail::spin_adaptively(spin_budget_ns, [&] { return mailbox.has_message(); })) return;
  if (!mailbox.try_block()) return;
  // Blocked: the push that unblocks the mailbox counts the actor busy again (schedule()).
  if (non_daemon) detail::non_daemon_actor_idle();
  // If a handler left stack pages behind, the first park is timed: when it times out, the actor
  // is idle for real, and its thread gives those pages back before parking for good.
  bool trim_pending = detail::stack_trim_worthwhile();
  const auto parked = std::chrono::steady_clock::now();
  while (mailbox.blocked()) {
    if (trim_pending) {
      detail::futex_wait(mailbox.blocked_word(), 1, detail::kTrimStackAfter);
      if (std::chrono::steady_clock::now() - parked >= detail::kTrimStackAfter) {
        trim_pending = false;
        detail::trim_stack();
      }
    } else {
      detail::futex_wait(mailbox.blocked_word(), 1);
    }
  }
  detail::learn_from_park(spin_budget_ns, std::chrono::steady_clock::now() - parked);
}

void run_loop(detail::ActorCell& cell, bool non_daemon) {
  // A thread runs one actor, so there is nothing to yield to: no budget.
  constexpr std::size_t kUnlimited = ~std::size_t{0};
  std::int64_t spin_budget_ns = 10'000;
  for (;;) {
    const RunResult result = cell.run(kUnlimited);
    if (result == RunResult::finished) break;
    if (result == RunResult::idle) wait_for_messages(cell.mailbox(), non_daemon, spin_budget_ns);
  }
  thread_about_to_be_free();
  cell.finish();
}

// Spent ThreadStart records, kept for the next launch. A record is made by the launcher and
// spent on the actor's thread: freed there, it would wait in that thread's malloc cache, out of
// the launchers' reach, and under churn (actors replaced all day) those caches would grow by a
// record per replaced actor across all actor threads. Leaked on purpose, like the pool.
class SpareStarts {
 public:
  static constexpr std::size_t kMax = 64;

  SpareStarts() { spare_.reserve(kMax); }

  std::unique_ptr<ThreadStart> take() {
    std::lock_guard lock(mutex_);
    if (spare_.empty()) return nullptr;
    std::unique_ptr<ThreadStart> start = std::move(spare_.back());
    spare_.pop_back();
    return start;
  }

  // Keeps an emptied record (its name keeps its buffer), or frees it if enough are kept.
  void give(std::unique_ptr<ThreadStart> start) noexcept {
    start->cell.reset();
    start->name.clear();
    std::lock_guard lock(mutex_);
    if (spare_.size() < kMax) spare_.push_back(std::move(start));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<ThreadStart>> spare_;  // guarded by mutex_
};

SpareStarts& spare_starts() {
  static auto* spare = new SpareStarts;
  return *spare;
}

void run_actor(ThreadStart* job) {
  std::unique_ptr<ThreadStart> start(job);
  detail::set_current_thread_pykka_name(start->name);  // the launcher set the OS name
  const bool daemon = start->daemon;
  {
    const detail::NonDaemonContext context(!daemon);
    run_loop(*start->cell, !daemon);
    spare_starts().give(std::move(start));  // drops the cell before the actor is reported finished
  }
  actor_finished(daemon);
  g_live_actor_threads.fetch_sub(1, std::memory_order_relaxed);
}

// An OS thread that runs actors one after another. Between actors it sits in the pool; a
// thread in the pool belongs to no actor, so it never delays process exit.
struct Worker {
  static constexpr std::uint32_t kBusy = 0;      // running an actor
  static constexpr std::uint32_t kIdle = 1;      // in the pool, spinning for a job
  static constexpr std::uint32_t kParked = 2;    // in the pool, parked on the futex
  static constexpr std::uint32_t kAssigned = 3;  // a launcher handed over `job`

  explicit Worker(std::size_t stack) : stack_size(stack) {}

  std::atomic<std::uint32_t> state{kBusy};
  ThreadStart* job = nullptr;  // written by the launcher before it publishes kAssigned
  const std::size_t stack_size;
  pthread_t thread{};  // written by the thread itself before it first enters the pool
  // The thread's /proc comm file, so that a launcher names it with one write (~2 µs here;
  // pthread_setname_np on another thread opens, writes and closes it: ~9 µs). Opened when the
  // thread first enters the pool, kept until it exits, for at most kMaxCommFiles threads.
  int comm_fd = -1;
  Worker* next_idle = nullptr;                       // guarded by the pool's mutex
  bool pooled = false;                               // guarded by the pool's mutex
  std::int64_t spin_budget_ns = detail::kMaxSpinNs;  // the worker's own
};

// Idle actor threads waiting to be reused. Starting an actor on one costs a hand-off instead of
// a thread creation (~20 µs here); an idle thread that gets no work within kIdleLifetime exits,
// and at most kMaxIdle threads wait, so the pool never holds much memory.
class Pool {
 public:
  static constexpr std::size_t kMaxIdle = 64;
  static constexpr std::chrono::milliseconds kIdleLifetime{1000};

  // Hands `job` to an idle thread with this stack size; false if there is none.
  bool hand_over(ThreadStart* job, std::size_t stack_size) {
    Worker* worker = take_idle(stack_size);
    if (worker == nullptr && finishing_.load(std::memory_order_acquire) > 0) {
      // A thread whose actor stopped is tearing it down and will be free in a moment (typical
      // of start-stop loops). Waiting briefly for it is far cheaper than creating a thread, and
      // it keeps the number of busy threads at the number of live actors.
      std::int64_t budget = kHandOverWaitNs;
      (void)detail::spin_adaptively(budget, [this] {
        return idle_hint_.load(std::memory_order_acquire) > 0 ||
               finishing_.load(std::memory_order_acquire) == 0;
      });
      worker = take_idle(stack_size);
    }
    if (worker == nullptr) return false;
    // start() returns with the thread already named after its new actor. Until kAssigned is
    // published the worker neither runs nor retires (it is no longer pooled) nor closes its
    // comm file, so it can be named from here without waiting for it.
    name_worker(*worker, job->name);
    worker->job = job;
    if (worker->state.exchange(Worker::kAssigned, std::memory_order_acq_rel) == Worker::kParked) {
      detail::futex_wake(worker->state, 1);
    }
    return true;
  }

  // Closes what a worker's thread holds, as it exits.
  void release(Worker& worker) noexcept {
    if (worker.comm_fd < 0) return;
    ::close(worker.comm_fd);
    worker.comm_fd = -1;
    comm_files_.fetch_sub(1, std::memory_order_relaxed);
  }

  // Notes that a thread's actor has stopped, so the thread is about to enter the pool.
  void about_to_be_free() noexcept { finishing_.fetch_add(1, std::memory_order_acq_rel); }

  // Puts the calling thread's worker in the pool and waits for the next job; null means the
  // thread should exit.
  ThreadStart* wait_for_job(Worker& worker) {
    if (worker.comm_fd < 0) open_comm(worker);
    {
      std::lock_guard lock(mutex_);
      finishing_.fetch_sub(1, std::memory_order_acq_rel);
      if (idle_count_ >= kMaxIdle) return nullptr;
      worker.state.store(Worker::kIdle, std::memory_order_relaxed);
      worker.next_idle = idle_;
      worker.pooled = true;
      idle_ = &worker;
      set_idle_count(idle_count_ + 1);
    }
    auto assigned = [&] {
      return worker.state.load(std::memory_order_acquire) == Worker::kAssigned;
    };
    if (detail::spin_adaptively(worker.spin_budget_ns, assigned)) return take_job(worker);

    const auto deadline = std::chrono::steady_clock::now() + kIdleLifetime;
    bool may_retire = true;
    for (;;) {
      std::uint32_t state = worker.state.load(std::memory_order_acquire);
      if (state == Worker::kAssigned) return take_job(worker);
      if (state == Worker::kIdle && !worker.state.compare_exchange_strong(
                                        state, Worker::kParked, std::memory_order_acquire)) {
        continue;
      }
      const auto left = deadline - std::chrono::steady_clock::now();
      if (may_retire && left <= std::chrono::nanoseconds::zero()) {
        std::lock_guard lock(mutex_);
        if (worker.pooled) {
          remove(worker);
          return nullptr;
        }
        // A launcher took this worker and is handing over a job right now: wait for it.
        may_retire = false;
        continue;
      }
      detail::futex_wait(worker.state, Worker::kParked,
                         may_retire ? std::chrono::duration_cast<std::chrono::nanoseconds>(left)
                                    : std::chrono::nanoseconds(-1));
    }
  }

 private:
  static constexpr std::int64_t kHandOverWaitNs = 50'000;
  static constexpr int kMaxCommFiles = 2 * static_cast<int>(kMaxIdle);

  Worker* take_idle(std::size_t stack_size) {
    std::lock_guard lock(mutex_);
    for (Worker** link = &idle_; *link != nullptr; link = &(*link)->next_idle) {
      if ((*link)->stack_size == stack_size) {
        Worker* worker = *link;
        *link = worker->next_idle;
        worker->pooled = false;
        set_idle_count(idle_count_ - 1);
        return worker;
      }
    }
    return nullptr;
  }

  void set_idle_count(std::size_t count) {  // requires mutex_
    idle_count_ = count;
    idle_hint_.store(count, std::memory_order_release);
  }

  static ThreadStart* take_job(Worker& worker) {
    worker.state.store(Worker::kBusy, std::memory_order_relaxed);
    return worker.job;
  }

  void open_comm(Worker& worker) noexcept {
    // A few descriptors serve any start-stop churn; thousands of live actors must not each
    // hold one (the process's descriptor limit is the application's).
    if (comm_files_.fetch_add(1, std::memory_order_relaxed) < kMaxCommFiles) {
      worker.comm_fd = ::open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC);
      if (worker.comm_fd >= 0) return;
    }
    comm_files_.fetch_sub(1, std::memory_order_relaxed);
  }

  static void name_worker(Worker& worker, const std::string& name) noexcept {
    char kept[16] = {};  // the kernel keeps 15 characters
    const std::size_t length = name.copy(kept, sizeof kept - 1);
    if (worker.comm_fd < 0 || ::write(worker.comm_fd, kept, length) < 0) {
      detail::set_os_thread_name(worker.thread, name);
    }
  }

  void remove(Worker& worker) {  // requires mutex_
    for (Worker** link = &idle_; *link != nullptr; link = &(*link)->next_idle) {
      if (*link == &worker) {
        *link = worker.next_idle;
        worker.pooled = false;
        set_idle_count(idle_count_ - 1);
        return;
      }
    }
  }

  std::mutex mutex_;
  Worker* idle_ = nullptr;                 // guarded by mutex_; most recently idle (warmest) first
  std::size_t idle_count_ = 0;             // guarded by mutex_
  std::atomic<std::size_t> idle_hint_{0};  // idle_count_, readable without the mutex
  std::atomic<int> finishing_{0};          // threads whose actor stopped, not yet in the pool
  std::atomic<int> comm_files_{0};         // workers' open comm files
};

// Leaked on purpose: pooled threads use it until the process ends.
Pool& pool() {
  static auto* instance = new Pool();
  return *instance;
}

void thread_about_to_be_free() noexcept { pool().about_to_be_free(); }

void* thread_main(void* arg) {
  auto* worker = static_cast<Worker*>(arg);
  worker->thread = pthread_self();
  detail::enable_stack_trimming();  // idle actors give back the stack pages they touched
  for (ThreadStart* job = worker->job; job != nullptr; job = pool().wait_for_job(*worker)) {
    run_actor(job);
  }
  pool().release(*worker);
  delete worker;
  return nullptr;
}

}  // namespace

void ThreadingRuntime::launch(std::shared_ptr<detail::ActorCell> cell,
                              const LaunchOptions& options) {
  launch_thread(std::move(cell), ThreadOptions{options.daemon, options.stack_size});
}

void ThreadingRuntime::schedule(detail::ActorCell& cell) noexcept {
  // The push that unblocked the mailbox already cleared its word; the actor's thread is parked
  // on it (or about to look at it).
  if (cell.runtime_data() == &g_non_daemon_tag) detail::non_daemon_actor_busy();
  detail::futex_wake(cell.mailbox().blocked_word(), 1);
}

void ThreadingRuntime::launch_thread(std::shared_ptr<detail::ActorCell> cell,
                                     ThreadOptions options) {
  const std::size_t stack_size = options.stack_size != 0
                                     ? options.stack_size
                                     : g_default_stack_size.load(std::memory_order_relaxed);
  if (stack_size != 0 && stack_size < static_cast<std::size_t>(PTHREAD_STACK_MIN)) {
    throw std::system_error(EINVAL, std::generic_category(),
                            "pykka: invalid thread_stack_size " + std::to_string(stack_size));
  }
  if (!options.daemon) {
    cell->set_runtime_data(std::shared_ptr<void>(std::shared_ptr<void>(), &g_non_daemon_tag));
  }
  const unsigned number = g_thread_counter.fetch_add(1, std::memory_order_relaxed) + 1;
  std::unique_ptr<ThreadStart> start = spare_starts().take();
  if (!start) start = std::make_unique<ThreadStart>();
  start->cell = std::move(cell);
  start->daemon = options.daemon;
  start->name.assign(start->cell->class_name()).append("-").append(std::to_string(number));
  if (!options.daemon) detail::non_daemon_actor_started();
  detail::fit_futex_hash(g_live_actor_threads.fetch_add(1, std::memory_order_relaxed) + 1);
  if (pool().hand_over(start.get(), stack_size)) {
    (void)start.release();  // owned by the pooled thread now
    return;
  }

  auto worker = std::make_unique<Worker>(stack_size);
  worker->job = start.get();
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int rc = stack_size != 0 ? pthread_attr_setstacksize(&attr, stack_size) : 0;
  pthread_t thread;
  if (rc == 0) {
    // A new thread starts with its creator's name, so the launcher wears the actor's name for
    // the moment of the clone: two prctl calls (~1.5 µs here) instead of naming the new thread
    // through /proc (~9 µs) or waiting for it to name itself.
    char own_name[16] = {};
    const bool renamed = ::prctl(PR_GET_NAME, own_name, 0, 0, 0) == 0;
    if (renamed) detail::set_os_thread_name(pthread_self(), start->name);
    rc = pthread_create(&thread, &attr, &thread_main, worker.get());
    if (renamed) (void)::prctl(PR_SET_NAME, own_name, 0, 0, 0);
  }
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    g_live_actor_threads.fetch_sub(1, std::memory_order_relaxed);
    actor_finished(options.daemon);
    throw std::system_error(rc, std::generic_category(),
                            rc == EINVAL
                                ? "pykka: invalid thread_stack_size " + std::to_string(stack_size)
                                : std::string("pykka: cannot create actor thread"));
  }
  (void)worker.release();  // both owned by the new thread now
  (void)start.release();
}

std::size_t ThreadingRuntime::running_non_daemon_threads() noexcept {
  return detail::running_non_daemon_actors();
}

void ThreadingRuntime::set_default_stack_size(std::size_t bytes) {
  if (bytes != 0 && bytes < static_cast<std::size_t>(PTHREAD_STACK_MIN)) {
    throw std::system_error(EINVAL, std::generic_category(),
                            "pykka: invalid default stack size " + std::to_string(bytes));
  }
  g_default_stack_size.store(bytes, std::memory_order_relaxed);
}

std::size_t ThreadingRuntime::default_stack_size() noexcept {
  return g_default_stack_size.load(std::memory_order_relaxed);
}

}  // namespace pykka
