// Child process of sigusr1_test: deadlocks two actors, installs the SIGUSR1 dump, prints
// "ready", and exits with 0 once the dump (four threads: main, pykka-debug, two actors) has been
// logged to stderr, or with 3 if it does not arrive in time. The deadlocked actors never stop,
// so the process leaves with _exit.

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <mutex>

#include <unistd.h>

#include <pykka/pykka.hpp>

namespace {

struct Foo {
  pykka::AnyActorRef b;
};
struct Bar {};

class DeadlockActorA : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    return message.as<Foo>().b.ask<int>(Bar{});
  }
};

class DeadlockActorB : public pykka::ThreadingActor {
 public:
  explicit DeadlockActorB(pykka::AnyActorRef a) : a_(std::move(a)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    return a_.ask<int>(Foo{actor_ref()});
  }

 private:
  pykka::AnyActorRef a_;
};

std::mutex g_mutex;
std::condition_variable g_changed;
int g_errors = 0;    // guarded by g_mutex
int g_critical = 0;  // guarded by g_mutex

template <class Done>
bool wait_until(Done done) {
  std::unique_lock lock(g_mutex);
  return g_changed.wait_for(lock, std::chrono::seconds(30), done);
}

}  // namespace

int main() {
  pykka::set_log_sink([sink = pykka::stderr_log_sink()](const pykka::LogRecord& record) {
    sink(record);
    std::lock_guard lock(g_mutex);
    if (record.level == pykka::LogLevel::error) ++g_errors;
    if (record.level == pykka::LogLevel::critical) ++g_critical;
    g_changed.notify_all();
  });
  pykka::debug::install_traceback_signal_handler();

  auto a = pykka::start<DeadlockActorA>();
  auto b = pykka::start<DeadlockActorB>(a);
  auto never = a.ask<int>(Foo{b}, pykka::nonblocking);
  if (!wait_until([] { return g_errors >= 1; })) _exit(2);  // the deadlock report

  std::printf("ready\n");
  std::fflush(stdout);
  const bool dumped = wait_until([] { return g_critical >= 4; });
  std::fflush(stderr);
  _exit(dumped ? 0 : 3);
}
