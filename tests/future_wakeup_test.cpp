// No lost wake-ups: many threads blocked in get on one future while another thread sets it.
// Repeated many times so that every interleaving of "check, then block" with "set, then wake"
// gets exercised (the race behind Pykka issue 232). Meant to run under ThreadSanitizer too.

#include <atomic>
#include <barrier>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/future.hpp>

#include "support/event.hpp"

namespace {

using pykka::Future;

constexpr int kGetters = 16;
constexpr int kRounds = 1000;

// Runs kRounds rounds on kGetters persistent getter threads plus one setter thread. Each round:
// `prepare` makes a fresh future, then all threads start together; getters call `get`, the
// setter calls `set`; then `check` inspects the round.
struct Rounds {
  std::function<void()> prepare;
  std::function<int()> get;
  std::function<void(int round)> set;
  std::function<void(int round)> check = [](int) {};
};

void run_rounds(Rounds& rounds) {
  std::atomic<int> wrong{0};
  std::atomic<int> timed_out{0};
  std::barrier sync(kGetters + 2);
  std::vector<std::thread> threads;
  for (int i = 0; i < kGetters; ++i) {
    threads.emplace_back([&] {
      for (int r = 0; r < kRounds; ++r) {
        sync.arrive_and_wait();  // round prepared
        try {
          if (rounds.get() != r) ++wrong;
        } catch (const pykka::Timeout&) {
          ++timed_out;
        }
        sync.arrive_and_wait();  // round finished
      }
    });
  }
  threads.emplace_back([&] {
    for (int r = 0; r < kRounds; ++r) {
      sync.arrive_and_wait();
      rounds.set(r);
      sync.arrive_and_wait();
    }
  });
  for (int r = 0; r < kRounds; ++r) {
    rounds.prepare();
    sync.arrive_and_wait();
    sync.arrive_and_wait();
    rounds.check(r);
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(timed_out.load(), 0) << "a getter missed its wake-up";
}

TEST(FutureWakeup, NoGetterMissesASetAmongSixteen) {
  Future<int> future;
  Rounds rounds;
  rounds.prepare = [&] { future = Future<int>(); };
  rounds.get = [&] { return future.get(pykka::testing::kWaitLimit); };
  rounds.set = [&](int r) { future.set(r); };
  run_rounds(rounds);
}

TEST(FutureWakeup, NoGetterOfAMappedFutureMissesTheSourceSet) {
  Future<int> source;
  Future<int> mapped;
  std::atomic<int> map_calls{0};
  Rounds rounds;
  rounds.prepare = [&] {
    map_calls = 0;
    source = Future<int>();
    mapped = source.map([&](int x) {
      ++map_calls;
      return x;
    });
  };
  rounds.get = [&] { return mapped.get(pykka::testing::kWaitLimit); };
  rounds.set = [&](int r) { source.set(r); };
  rounds.check = [&](int r) { ASSERT_EQ(map_calls.load(), 1) << "round " << r; };
  run_rounds(rounds);
}

TEST(FutureWakeup, EveryCallbackRunsOnceWhileGettersWait) {
  Future<int> future;
  std::atomic<int> callbacks{0};
  Rounds rounds;
  rounds.prepare = [&] {
    callbacks = 0;
    future = Future<int>();
  };
  rounds.get = [&] {
    future.on_done([&] { ++callbacks; });
    return future.get(pykka::testing::kWaitLimit);
  };
  rounds.set = [&](int r) { future.set(r); };
  rounds.check = [&](int r) { ASSERT_EQ(callbacks.load(), kGetters) << "round " << r; };
  run_rounds(rounds);
}

}  // namespace
