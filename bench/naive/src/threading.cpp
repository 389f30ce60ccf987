// Benchmark baseline ("naive port"): the first implementation, kept for bench/run.sh; see
// bench/naive/include/pykka/detail/mailbox.hpp.

#include "pykka/runtime/threading.hpp"

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <string>
#include <system_error>

#include <pthread.h>

#include "pykka/detail/thread_name.hpp"

namespace pykka {
namespace {

// Counts live non-daemon actor threads so process exit can wait for them. Leaked on purpose:
// actor threads touch it after main returned.
struct LiveThreads {
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t non_daemon = 0;  // guarded by mutex
};

LiveThreads& live() {
  static auto* instance = new LiveThreads();
  return *instance;
}

thread_local bool t_is_non_daemon_actor_thread = false;

// Destroyed during static destruction (after main returns or on exit()): waits for every
// non-daemon actor, as Python waits for non-daemon threads.
struct ExitWaiter {
  ExitWaiter() = default;
  ExitWaiter(const ExitWaiter&) = delete;
  ExitWaiter& operator=(const ExitWaiter&) = delete;
  ~ExitWaiter() {
    // exit() called from a non-daemon actor thread must not wait for that very thread.
    const std::size_t own = t_is_non_daemon_actor_thread ? 1 : 0;
    std::unique_lock lock(live().mutex);
    live().changed.wait(lock, [own] { return live().non_daemon <= own; });
  }
};

void install_exit_waiter() { static ExitWaiter waiter; }

std::atomic<unsigned> g_thread_counter{0};

struct ThreadStart {
  std::shared_ptr<detail::ActorCell> cell;
  std::string name;
  bool daemon;
};

void run_loop(detail::ActorCell& cell) {
  if (cell.run_setup()) {
    while (!cell.stopped()) cell.handle(cell.mailbox().pop_wait());
  }
  cell.run_teardown();
}

void* thread_main(void* arg) {
  std::unique_ptr<ThreadStart> start(static_cast<ThreadStart*>(arg));
  detail::set_current_thread_name(start->name);
  t_is_non_daemon_actor_thread = !start->daemon;
  run_loop(*start->cell);
  const bool daemon = start->daemon;
  start.reset();  // drop the cell before reporting the thread finished
  if (!daemon) {
    std::lock_guard lock(live().mutex);
    --live().non_daemon;
    live().changed.notify_all();
  }
  return nullptr;
}

}  // namespace

void ThreadingRuntime::launch_thread(std::shared_ptr<detail::ActorCell> cell,
                                     ThreadOptions options) {
  install_exit_waiter();
  const unsigned number = g_thread_counter.fetch_add(1, std::memory_order_relaxed) + 1;
  auto start = std::make_unique<ThreadStart>(ThreadStart{std::move(cell), {}, options.daemon});
  start->name = start->cell->class_name() + "-" + std::to_string(number);

  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (options.stack_size != 0) {
    const int rc = pthread_attr_setstacksize(&attr, options.stack_size);
    if (rc != 0) {
      pthread_attr_destroy(&attr);
      throw std::system_error(
          rc, std::generic_category(),
          "pykka: invalid thread_stack_size " + std::to_string(options.stack_size));
    }
  }
  if (!options.daemon) {
    std::lock_guard lock(live().mutex);
    ++live().non_daemon;
  }
  pthread_t thread;
  const int rc = pthread_create(&thread, &attr, &thread_main, start.get());
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    if (!options.daemon) {
      std::lock_guard lock(live().mutex);
      --live().non_daemon;
      live().changed.notify_all();
    }
    throw std::system_error(rc, std::generic_category(), "pykka: cannot create actor thread");
  }
  (void)start.release();  // owned by the new thread now
}

std::size_t ThreadingRuntime::running_non_daemon_threads() noexcept {
  std::lock_guard lock(live().mutex);
  return live().non_daemon;
}

}  // namespace pykka
