// The threading runtime: one named thread per actor, daemon threads, stack size, and the
// process-exit rule (checked in child processes).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/wait.h>

#include <pykka/pykka.hpp>

#include "support/child_process.hpp"
#include "support/event.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::ChildResult;
using pykka::testing::kWaitLimit;

ChildResult run_child(const char* mode, std::chrono::milliseconds limit) {
  return pykka::testing::run_child(PYKKA_EXIT_RULE_CHILD, mode, limit);
}

TEST(ThreadingExitRule, MainReturningWaitsForNonDaemonActors) {
  const auto result = run_child("non-daemon", std::chrono::seconds(30));
  ASSERT_TRUE(result.exited) << result.output;
  EXPECT_EQ(WEXITSTATUS(result.status), 0);
  EXPECT_EQ(result.output, "main returning\nactor finished after main returned\non_stop ran\n");
}

TEST(ThreadingExitRule, DaemonActorsNeverDelayExit) {
  // The daemon actor would linger for 60 s; the process must end long before that, cleanly.
  const auto result = run_child("daemon", std::chrono::seconds(30));
  ASSERT_TRUE(result.exited) << result.output;
  EXPECT_EQ(WEXITSTATUS(result.status), 0);
  EXPECT_EQ(result.output.find("actor finished"), std::string::npos) << result.output;
  EXPECT_LT(result.took, std::chrono::seconds(20));
}

class Plain : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    return pykka::ThreadingRuntime::running_non_daemon_threads();
  }
};

class Daemon : public pykka::ThreadingActor {
 public:
  static constexpr bool use_daemon_thread = true;
  pykka::Message on_receive(pykka::Message& /*message*/) override { return 0; }
};

TEST(ThreadingRuntime, CountsOnlyNonDaemonThreads) {
  const auto before = pykka::ThreadingRuntime::running_non_daemon_threads();
  auto daemon = pykka::start<Daemon>();
  auto plain = pykka::start<Plain>();
  EXPECT_EQ(plain.ask<std::size_t>(0, kWaitLimit), before + 1);
  daemon.stop();
  plain.stop();
}

class SmallStack : public pykka::ThreadingActor {
 public:
  static constexpr std::size_t thread_stack_size = 256 * 1024;
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    pthread_attr_t attr;
    pthread_getattr_np(pthread_self(), &attr);
    std::size_t size = 0;
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
    return size;
  }
};

TEST(ThreadingRuntime, UsesTheConfiguredStackSize) {
  auto ref = pykka::start<SmallStack>();
  const auto size = ref.ask<std::size_t>(0, kWaitLimit);
  EXPECT_GE(size, 256U * 1024U);
  EXPECT_LT(size, 1024U * 1024U);
  ref.stop();
}

class TinyStack : public pykka::ThreadingActor {
 public:
  static constexpr std::size_t thread_stack_size = 1;  // below PTHREAD_STACK_MIN
};

TEST(ThreadingRuntime, InvalidStackSizeFailsStartAndRegistersNothing) {
  EXPECT_THROW(pykka::start<TinyStack>(), std::system_error);
  EXPECT_TRUE(pykka::ActorRegistry::get_by_class<TinyStack>().empty());
}

// Its constructor asks itself before the launch fails: that ask must not be left unanswered.
class TinyStackAskingItself : public pykka::ThreadingActor {
 public:
  static constexpr std::size_t thread_stack_size = 1;
  explicit TinyStackAskingItself(std::optional<pykka::Future<pykka::Message>>* reply) {
    *reply = actor_ref().ask(1, pykka::nonblocking);
  }
};

TEST(ThreadingRuntime, AnAskQueuedBeforeAFailedLaunchIsAnsweredWithActorDeadError) {
  std::optional<pykka::Future<pykka::Message>> reply;
  EXPECT_THROW(pykka::start<TinyStackAskingItself>(&reply), std::system_error);
  ASSERT_TRUE(reply.has_value());
  EXPECT_THROW((void)reply->get(kWaitLimit), pykka::ActorDeadError);
}

// Resident size of the mapping that contains `address`, from /proc/self/smaps; -1 if none.
long resident_kib_of_mapping_at(std::uintptr_t address) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    unsigned long long from = 0;
    unsigned long long to = 0;
    if (std::sscanf(line.c_str(), "%llx-%llx ", &from, &to) == 2) {
      inside = from <= address && address < to;
      continue;
    }
    long kib = 0;
    if (inside && std::sscanf(line.c_str(), "Rss: %ld kB", &kib) == 1) return kib;
  }
  return -1;
}

class DeepStack : public pykka::ThreadingActor {
 public:
  // Touches 256 KiB of stack, then answers with the lowest usable address of its stack.
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    touch_stack();
    pthread_attr_t attr;
    pthread_getattr_np(pthread_self(), &attr);
    void* low = nullptr;
    std::size_t size = 0;
    pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
    return reinterpret_cast<std::uintptr_t>(low);
  }

 private:
  [[gnu::noinline]] static void touch_stack() {
    volatile char buffer[256 * 1024];
    for (std::size_t i = 0; i < sizeof buffer; i += 512) buffer[i] = 1;
  }
};

TEST(ThreadingRuntime, AnIdleActorGivesBackTheStackPagesItsHandlersTouched) {
#if !defined(__x86_64__) || defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "stack trimming is x86-64 only and off under sanitizers";
#endif
  auto ref = pykka::start<DeepStack>();
  const auto stack_low = ref.ask<std::uintptr_t>(0, kWaitLimit);
  EXPECT_GE(resident_kib_of_mapping_at(stack_low), 0);
  // Polled, bounded: the actor trims once it has been parked for kTrimStackAfter (0.2 s).
  long resident = -1;
  const auto deadline = std::chrono::steady_clock::now() + kWaitLimit;
  do {
    resident = resident_kib_of_mapping_at(stack_low);
    if (resident >= 0 && resident < 64) break;
    std::this_thread::sleep_for(10ms);
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_LT(resident, 64) << "KiB of the actor's stack still resident";
  // The actor still works, deep handlers included, after its stack was trimmed.
  EXPECT_EQ(ref.ask<std::uintptr_t>(0, kWaitLimit), stack_low);
  ref.stop();
}

TEST(ThreadingRuntime, EachActorGetsItsOwnThread) {
  struct WhoAmI : pykka::ThreadingActor {
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      return std::this_thread::get_id();
    }
  };
  auto a = pykka::start<WhoAmI>();
  auto b = pykka::start<WhoAmI>();
  const auto ta = a.ask<std::thread::id>(0, kWaitLimit);
  const auto tb = b.ask<std::thread::id>(0, kWaitLimit);
  EXPECT_NE(ta, tb);
  EXPECT_NE(ta, std::this_thread::get_id());
  a.stop();
  b.stop();
}

}  // namespace
