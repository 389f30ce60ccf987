// pykka::Future basics: set once, read many times, bounded waits, exceptions rethrown intact.

#include <chrono>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/event.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Future, GetReturnsTheValueThatWasSet) {
  pykka::Future<int> future;
  future.set(42);
  EXPECT_EQ(future.get(), 42);
}

TEST(Future, ValueCanBeReadAnyNumberOfTimes) {
  pykka::Future<std::string> future;
  future.set("abc");
  EXPECT_EQ(future.get(), "abc");
  EXPECT_EQ(future.get(1s), "abc");
  pykka::Future<std::string> copy = future;
  EXPECT_EQ(copy.get(), "abc");
}

TEST(Future, GetBlocksUntilAnotherThreadSetsTheValue) {
  pykka::Future<int> future;
  std::thread setter([future] { future.set(7); });
  EXPECT_EQ(future.get(pykka::testing::kWaitLimit), 7);
  setter.join();
}

TEST(Future, GetWithTimeoutThrowsTimeoutWhenNothingArrives) {
  pykka::Future<int> future;
  try {
    (void)future.get(20ms);
    FAIL() << "get did not time out";
  } catch (const pykka::Timeout& timeout) {
    EXPECT_STREQ(timeout.what(), "0.02 seconds");
  }
}

TEST(Future, ZeroTimeoutPolls) {
  pykka::Future<int> future;
  EXPECT_THROW((void)future.get(0s), pykka::Timeout);
  future.set(1);
  EXPECT_EQ(future.get(0s), 1);
}

TEST(Future, NegativeTimeoutIsRejected) {
  pykka::Future<int> future;
  future.set(1);
  EXPECT_THROW((void)future.get(-1ms), pykka::InvalidArgument);
}

TEST(Future, NaNTimeoutIsRejected) {
  pykka::Future<int> future;
  future.set(1);
  const std::chrono::duration<double> not_a_number(std::numeric_limits<double>::quiet_NaN());
  EXPECT_THROW((void)future.get(not_a_number), pykka::InvalidArgument);
}

TEST(Future, HugeTimeoutsWaitAsLongAsNeededInsteadOfOverflowing) {
  const std::chrono::duration<double> astronomical(1e300);
  pykka::Future<int> future;
  std::thread setter([future] { future.set(7); });
  EXPECT_EQ(future.get(std::chrono::nanoseconds::max()), 7);
  EXPECT_EQ(future.get(std::chrono::seconds::max()), 7);
  EXPECT_EQ(future.get(std::chrono::hours::max()), 7);
  EXPECT_EQ(future.get(astronomical), 7);
  setter.join();
}

TEST(Future, HugeTimeoutWaitsForAGetHookAnotherThreadIsRunning) {
  pykka::testing::Event hook_started;
  pykka::testing::Event release_hook;
  pykka::Future<int> future;
  future.set_get_hook([&](pykka::GetTimeout) {
    hook_started.set();
    (void)release_hook.wait(pykka::testing::kWaitLimit);
    return 5;
  });
  std::thread runner([future] { (void)future.get(); });
  ASSERT_TRUE(hook_started.wait(pykka::testing::kWaitLimit));
  std::thread releaser([&] { release_hook.set(); });
  EXPECT_EQ(future.get(std::chrono::nanoseconds::max()), 5);
  releaser.join();
  runner.join();
}

TEST(Future, SettingTwiceIsAnError) {
  pykka::Future<int> future;
  future.set(1);
  EXPECT_THROW(future.set(2), pykka::Error);
  EXPECT_THROW(future.set_exception(std::make_exception_ptr(std::runtime_error("x"))),
               pykka::Error);
  EXPECT_EQ(future.get(), 1);
}

TEST(Future, SettingAfterAnExceptionIsAnError) {
  pykka::Future<int> future;
  future.set_exception(std::make_exception_ptr(std::runtime_error("first")));
  EXPECT_THROW(future.set(2), pykka::Error);
}

TEST(Future, StoredExceptionIsRethrownWithItsTypeAndMessageEveryTime) {
  pykka::Future<int> future;
  future.set_exception(std::make_exception_ptr(std::out_of_range("index 3")));
  for (int i = 0; i < 2; ++i) {
    try {
      (void)future.get();
      FAIL() << "get did not rethrow";
    } catch (const std::out_of_range& error) {
      EXPECT_STREQ(error.what(), "index 3");
    }
  }
}

TEST(Future, SetExceptionWithoutArgumentStoresTheExceptionBeingHandled) {
  pykka::Future<int> future;
  try {
    throw std::logic_error("current");
  } catch (...) {
    future.set_exception();
  }
  EXPECT_THROW((void)future.get(), std::logic_error);
}

TEST(Future, SetExceptionRejectsAnEmptyExceptionPointer) {
  pykka::Future<int> future;
  EXPECT_THROW(future.set_exception(nullptr), pykka::InvalidArgument);
}

TEST(Future, VoidFutureSignalsCompletion) {
  pykka::Future<void> future;
  EXPECT_FALSE(future.done());
  future.set();
  EXPECT_TRUE(future.done());
  future.get();
  EXPECT_THROW(future.set(), pykka::Error);
}

TEST(Future, MoveOnlyValueIsMovedOutOfATemporaryFuture) {
  pykka::Future<std::unique_ptr<int>> future;
  future.set(std::make_unique<int>(5));
  EXPECT_EQ(*future.get(), 5);  // read by reference
  std::unique_ptr<int> owned = std::move(future).get();
  EXPECT_EQ(*owned, 5);
}

TEST(Future, CanHoldAFuture) {
  pykka::Future<pykka::Future<int>> outer;
  pykka::Future<int> inner;
  outer.set(inner);
  inner.set(3);
  EXPECT_EQ(outer.get().get(), 3);
}

TEST(Future, DoneReportsWhetherGetWouldBlock) {
  pykka::Future<int> future;
  EXPECT_FALSE(future.done());
  future.set(1);
  EXPECT_TRUE(future.done());
}

TEST(Future, ManyConcurrentGettersAllWakeUp) {
  for (int round = 0; round < 200; ++round) {
    pykka::Future<int> future;
    std::vector<std::thread> getters;
    std::atomic<int> sum{0};
    for (int i = 0; i < 8; ++i) {
      getters.emplace_back([&] { sum += future.get(pykka::testing::kWaitLimit); });
    }
    future.set(1);
    for (auto& getter : getters) getter.join();
    ASSERT_EQ(sum.load(), 8) << "round " << round;
  }
}

TEST(Future, CopiesShareOneState) {
  pykka::Future<int> future;
  pykka::Future<int> copy = future;
  EXPECT_TRUE(copy == future);
  copy.set(9);
  EXPECT_EQ(future.get(), 9);
  EXPECT_FALSE(pykka::Future<int>() == future);
}

}  // namespace
