// The threading runtime's thread reuse, thread names and stack sizes.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <pthread.h>

#include <pykka/pykka.hpp>

#include "diagnostics/thread_name.hpp"

namespace {

using namespace std::chrono_literals;

struct WhoAreYou {};

struct Identity {
  pthread_t thread;
  std::string name;
  std::size_t stack_size;
};

Identity current_identity() {
  pthread_attr_t attr;
  std::size_t stack_size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    (void)pthread_attr_getstacksize(&attr, &stack_size);
    pthread_attr_destroy(&attr);
  }
  return Identity{pthread_self(), pykka::detail::current_thread_name(), stack_size};
}

class Reporter : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override { return current_identity(); }
};

class SmallStack : public pykka::ThreadingActor {
 public:
  static constexpr std::size_t thread_stack_size = 256 * 1024;
  pykka::Message on_receive(pykka::Message& /*message*/) override { return current_identity(); }
};

template <class A>
Identity identity_of_a_fresh_actor() {
  auto actor = pykka::start<A>();
  Identity identity = actor.template ask<Identity>(WhoAreYou{}, 10s);
  EXPECT_TRUE(actor.stop(10s));
  return identity;
}

TEST(ThreadReuse, RunsANewActorOnAFinishedActorsThread) {
  // stop() returns before the old thread is back in the pool, so the first restarts may get a
  // new thread; among many sequential actors, threads must repeat.
  std::set<pthread_t> threads;
  constexpr int kActors = 50;
  for (int i = 0; i < kActors; ++i) threads.insert(identity_of_a_fresh_actor<Reporter>().thread);
  EXPECT_LT(threads.size(), static_cast<std::size_t>(kActors));
}

TEST(ThreadReuse, NamesAReusedThreadAfterItsNewActor) {
  std::set<std::string> names;
  for (int i = 0; i < 20; ++i) {
    const Identity identity = identity_of_a_fresh_actor<Reporter>();
    EXPECT_EQ(identity.name.rfind("Reporter-", 0), 0U) << identity.name;
    names.insert(identity.name);
  }
  EXPECT_EQ(names.size(), 20U);  // "Class-N" counts actors, reused threads included
}

// The kernel's names of this process's threads right now (what ps, top and gdb show).
std::set<std::string> os_thread_names() {
  std::set<std::string> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) names.insert(name);
  }
  return names;
}

TEST(ThreadNames, AReusedThreadHasItsNewActorsNameWhenStartReturns) {
  for (int i = 0; i < 100; ++i) {
    auto actor = pykka::start<Reporter>();
    const std::set<std::string> names = os_thread_names();
    const Identity identity = actor.ask<Identity>(WhoAreYou{}, 10s);
    EXPECT_EQ(names.count(identity.name.substr(0, 15)), 1U) << identity.name;
    EXPECT_TRUE(actor.stop(10s));  // its thread goes back to the pool for the next round
  }
}

TEST(ThreadNames, ANewThreadHasItsActorsNameWhenStartReturns) {
  // Every actor stays alive, so none of them can run on a reused thread.
  std::vector<pykka::ActorRef<Reporter>> actors;
  std::vector<std::set<std::string>> names_after_start;
  for (int i = 0; i < 50; ++i) {
    actors.push_back(pykka::start<Reporter>());
    names_after_start.push_back(os_thread_names());
  }
  for (std::size_t i = 0; i < actors.size(); ++i) {
    const Identity identity = actors[i].ask<Identity>(WhoAreYou{}, 10s);
    EXPECT_EQ(names_after_start[i].count(identity.name.substr(0, 15)), 1U) << identity.name;
  }
  for (auto& actor : actors) EXPECT_TRUE(actor.stop(10s));
}

TEST(ThreadReuse, NeverGivesAnActorAThreadWithAnotherStackSize) {
  for (int i = 0; i < 10; ++i) {
    const Identity small = identity_of_a_fresh_actor<SmallStack>();
    const Identity normal = identity_of_a_fresh_actor<Reporter>();
    // Sanitizers may add to the requested size, so compare with a default-sized thread.
    EXPECT_GE(small.stack_size, SmallStack::thread_stack_size);
    EXPECT_LT(small.stack_size, normal.stack_size);
  }
}

TEST(ThreadReuse, CountsOnlyRunningActorsAsNonDaemonThreads) {
  for (int i = 0; i < 5; ++i) (void)identity_of_a_fresh_actor<Reporter>();
  // The last actor's thread reports itself finished just after stop() returned: poll, bounded.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (pykka::ThreadingRuntime::running_non_daemon_threads() != 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_EQ(pykka::ThreadingRuntime::running_non_daemon_threads(), 0U);
}

TEST(DefaultStackSize, AppliesToActorsThatKeepTheClassDefault) {
  ASSERT_EQ(pykka::ThreadingRuntime::default_stack_size(), 0U);
  const Identity system_default = identity_of_a_fresh_actor<Reporter>();
  pykka::ThreadingRuntime::set_default_stack_size(512 * 1024);
  EXPECT_EQ(pykka::ThreadingRuntime::default_stack_size(), 512U * 1024U);
  const Identity configured = identity_of_a_fresh_actor<Reporter>();
  pykka::ThreadingRuntime::set_default_stack_size(0);
  EXPECT_GE(configured.stack_size, 512U * 1024U);
  EXPECT_LT(configured.stack_size, system_default.stack_size);
  EXPECT_EQ(identity_of_a_fresh_actor<Reporter>().stack_size, system_default.stack_size);
}

TEST(DefaultStackSize, RejectsASizeTheSystemCannotUse) {
  EXPECT_THROW(pykka::ThreadingRuntime::set_default_stack_size(1), std::system_error);
  EXPECT_EQ(pykka::ThreadingRuntime::default_stack_size(), 0U);
}

}  // namespace
