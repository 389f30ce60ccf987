// ReadyFlag, the one-shot flag futures wait on: visibility, timeouts and no lost wake-ups.

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/detail/ready_flag.hpp>

namespace {

using namespace std::chrono_literals;
using pykka::detail::ReadyFlag;

TEST(ReadyFlag, StartsUnsetAndStaysSetOnceSet) {
  ReadyFlag flag;
  EXPECT_FALSE(flag.is_set());
  flag.set();
  EXPECT_TRUE(flag.is_set());
  flag.wait();
  EXPECT_TRUE(flag.wait_for(0ns));
}

TEST(ReadyFlagWaitFor, PollsWithAZeroTimeout) {
  ReadyFlag flag;
  EXPECT_FALSE(flag.wait_for(0ns));
  EXPECT_FALSE(flag.wait_for(-5ns));
}

TEST(ReadyFlagWaitFor, ReturnsFalseAfterTheTimeoutWhenNeverSet) {
  ReadyFlag flag;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(flag.wait_for(30ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
}

TEST(ReadyFlagWait, SeesEverythingWrittenBeforeSet) {
  for (int round = 0; round < 200; ++round) {
    auto flag = std::make_shared<ReadyFlag>();
    auto value = std::make_shared<int>(0);
    std::thread setter([flag, value, round] {
      *value = round + 1;  // a plain write, published by set()
      flag->set();
    });
    ASSERT_TRUE(flag->wait_for(10s));
    EXPECT_EQ(*value, round + 1);
    setter.join();
  }
}

TEST(ReadyFlagWait, WakesEveryWaiterIncludingParkedOnes) {
  for (int round = 0; round < 20; ++round) {
    ReadyFlag flag;
    std::atomic<int> woken{0};
    std::atomic<int> waiting{0};
    std::vector<std::thread> waiters;
    for (int i = 0; i < 4; ++i) {
      waiters.emplace_back([&, i] {
        waiting.fetch_add(1);
        if (i % 2 == 0) {
          flag.wait();
        } else {
          EXPECT_TRUE(flag.wait_for(10s));
        }
        woken.fetch_add(1);
      });
    }
    while (waiting.load() != 4) std::this_thread::yield();
    // Let some waiters run out of spinning and park (busy, not sleeping: no synchronisation
    // depends on it; it only varies the interleaving).
    const auto end = std::chrono::steady_clock::now() + std::chrono::microseconds(round * 20);
    while (std::chrono::steady_clock::now() < end) std::this_thread::yield();
    flag.set();
    for (auto& waiter : waiters) waiter.join();
    EXPECT_EQ(woken.load(), 4);
  }
}

TEST(ReadyFlagWait, NeverLosesAWakeUpWhenSetRacesWithParking) {
  // Vary the setter's delay around the waiter's spin budget so set() lands before, during and
  // after the waiter announces itself; a lost wake-up fails wait_for (bounded).
  for (int round = 0; round < 400; ++round) {
    ReadyFlag flag;
    std::atomic<bool> started{false};
    std::thread setter([&] {
      while (!started.load()) std::this_thread::yield();
      const auto end =
          std::chrono::steady_clock::now() + std::chrono::microseconds((round % 40) * 3);
      while (std::chrono::steady_clock::now() < end) {
      }
      flag.set();
    });
    started.store(true);
    EXPECT_TRUE(flag.wait_for(10s));
    setter.join();
  }
}

}  // namespace
