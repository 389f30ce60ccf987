// Deadlock debugging, after Pykka's example of the same name: actor A asks B and waits for the
// answer, while B, to answer, asks A and waits. Neither can ever go on.
//
// pykka notices the cycle the moment B starts waiting and logs it at ERROR. Sending SIGUSR1 to
// the process then logs, for every thread, what it is doing: the actor, the message, the reply
// it is blocked on and its native stack.
//
//   example_deadlock_debugging           deadlock, then dump via SIGUSR1 sent to itself, exit
//   example_deadlock_debugging --wait    deadlock, then wait for you to `kill -SIGUSR1 <pid>`
//   example_deadlock_debugging --raise   opt in to DeadlockPolicy::raise: B's ask throws instead

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>

#include <unistd.h>

#include <pykka/pykka.hpp>

namespace {

// Pykka's foo(b) and bar(): B calls foo without a b, as Pykka's example does.
struct Foo {
  pykka::AnyActorRef b;
};
struct Bar {};

// Daemon threads, unlike Pykka's example, so the program can end while its actors stay stuck.
class DeadlockActorA : public pykka::ThreadingActor {
 public:
  static constexpr bool use_daemon_thread = true;

  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* foo = message.get_if<Foo>()) {
      if (!foo->b) return 0;  // no one to call (only reached with --raise, see below)
      std::cerr << "DEBUG:root:This is foo calling bar\n";
      return foo->b.ask<int>(Bar{});
    }
    return {};
  }
};

class DeadlockActorB : public pykka::ThreadingActor {
 public:
  static constexpr bool use_daemon_thread = true;

  explicit DeadlockActorB(pykka::ActorRef<DeadlockActorA> a) : a_(std::move(a)) {}

  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<Bar>()) {
      std::cerr << "DEBUG:root:This is bar calling foo; BOOM!\n";
      return a_.ask<int>(Foo{});
    }
    return {};
  }

 private:
  pykka::ActorRef<DeadlockActorA> a_;
};

// Counts what the program waits for before moving on; everything is also printed to stderr.
class Progress {
 public:
  void record(const pykka::LogRecord& record) {
    std::lock_guard lock(mutex_);
    if (record.level == pykka::LogLevel::error) ++reports_;
    if (record.level == pykka::LogLevel::critical) ++dumped_threads_;
    changed_.notify_all();
  }
  bool wait_for_report() {
    return wait([this] { return reports_ >= 1; });
  }
  bool wait_for_dump(int threads) {
    return wait([&] { return dumped_threads_ >= threads; });
  }

 private:
  template <class Done>
  bool wait(Done done) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(20), done);
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  int reports_ = 0;         // guarded by mutex_
  int dumped_threads_ = 0;  // guarded by mutex_
};

}  // namespace

int main(int argc, char** argv) {
  const bool wait_for_user = argc > 1 && std::strcmp(argv[1], "--wait") == 0;
  const bool raise = argc > 1 && std::strcmp(argv[1], "--raise") == 0;

  std::cout << "Setting up logging to get output from signal handler..." << std::endl;
  static Progress progress;
  pykka::set_log_sink([stderr_sink = pykka::stderr_log_sink()](const pykka::LogRecord& record) {
    stderr_sink(record);
    progress.record(record);
  });
  if (raise) pykka::set_deadlock_policy(pykka::DeadlockPolicy::raise);

  std::cout << "Registering signal handler..." << std::endl;
  pykka::debug::install_traceback_signal_handler(SIGUSR1);

  std::cout << "Starting actors..." << std::endl;
  auto a = pykka::start<DeadlockActorA>();
  auto b = pykka::start<DeadlockActorB>(a);

  std::cout << "Now doing something stupid that will deadlock the actors..." << std::endl;
  auto foo = a.ask<int>(Foo{b}, pykka::nonblocking);

  if (raise) {
    // B's ask throws DeadlockError, which travels back through A to us. B's Foo stays sent:
    // A handles it once it is free again, as it would a message whose ask timed out.
    try {
      foo.get(std::chrono::seconds(20));
    } catch (const pykka::DeadlockError& error) {
      std::cout << "foo failed with pykka::DeadlockError: " << error.what() << std::endl;
      pykka::ActorRegistry::stop_all();
      return 0;
    }
    return 1;
  }

  if (!progress.wait_for_report()) return 1;
  const pid_t pid = ::getpid();
  std::cout << "Making main thread relax; not block, not quit\n"
            << "1) Use `kill -SIGUSR1 " << pid << "` to log thread tracebacks\n"
            << "2) Then `kill " << pid << "` to terminate the process" << std::endl;
  if (wait_for_user) {
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }

  // Unattended: send the signal ourselves and wait for the four threads' records (this thread,
  // the pykka-debug thread that writes the dump, and the two actors).
  ::kill(pid, SIGUSR1);
  return progress.wait_for_dump(4) ? 0 : 1;
}
