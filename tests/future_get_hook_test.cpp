// Future::set_get_hook: a function producing the value on the first get.

#include <atomic>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/future.hpp>

#include "support/event.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::Future;
using pykka::GetTimeout;

TEST(FutureGetHook, ProducesTheValueOnGet) {
  Future<int> future;
  future.set_get_hook([](GetTimeout) { return 42; });
  EXPECT_EQ(future.get(), 42);
}

TEST(FutureGetHook, DoesNotRunBeforeTheFirstGet) {
  std::atomic<int> calls{0};
  Future<int> future;
  future.set_get_hook([&](GetTimeout) { return ++calls; });
  EXPECT_EQ(calls.load(), 0);
  EXPECT_FALSE(future.done());
  EXPECT_EQ(future.get(), 1);
  EXPECT_TRUE(future.done());
}

TEST(FutureGetHook, ReceivesTheTimeoutOfGet) {
  std::vector<GetTimeout> seen;
  Future<int> forever;
  forever.set_get_hook([&](GetTimeout timeout) {
    seen.push_back(timeout);
    return 1;
  });
  forever.get();
  Future<int> bounded;
  bounded.set_get_hook([&](GetTimeout timeout) {
    seen.push_back(timeout);
    return 2;
  });
  bounded.get(5s);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_FALSE(seen[0].has_value());
  ASSERT_TRUE(seen[1].has_value());
  EXPECT_GT(*seen[1], 4s);
  EXPECT_LE(*seen[1], 5s);
}

TEST(FutureGetHook, RunsOnceForManyGets) {
  int calls = 0;
  Future<std::string> future;
  future.set_get_hook([&](GetTimeout) {
    ++calls;
    return std::string("once");
  });
  for (int i = 0; i < 5; ++i) EXPECT_EQ(future.get(), "once");
  EXPECT_EQ(calls, 1);
}

TEST(FutureGetHook, RunsOnceEvenWhenItProducesNothing) {
  int calls = 0;
  Future<void> unit;
  unit.set_get_hook([&](GetTimeout) { ++calls; });
  unit.get();
  unit.get(1s);
  EXPECT_EQ(calls, 1);

  int empty_calls = 0;
  Future<std::optional<int>> empty;
  empty.set_get_hook([&](GetTimeout) -> std::optional<int> {
    ++empty_calls;
    return std::nullopt;
  });
  EXPECT_EQ(empty.get(), std::nullopt);
  EXPECT_EQ(empty.get(), std::nullopt);
  EXPECT_EQ(empty_calls, 1);
}

TEST(FutureGetHook, KeepsTheExceptionItThrows) {
  int calls = 0;
  Future<int> future;
  future.set_get_hook([&](GetTimeout) -> int {
    ++calls;
    throw std::runtime_error("hook failed");
  });
  EXPECT_THROW(future.get(), std::runtime_error);
  EXPECT_THROW(future.get(), std::runtime_error);
  EXPECT_EQ(calls, 1);
}

TEST(FutureGetHook, RunsAgainAfterATimeout) {
  Future<int> source;
  Future<int> future;
  int calls = 0;
  future.set_get_hook([&](GetTimeout timeout) {
    ++calls;
    return timeout ? source.get(*timeout) : source.get();
  });
  EXPECT_THROW(future.get(0s), pykka::Timeout);
  EXPECT_THROW(future.get(10ms), pykka::Timeout);
  source.set(7);
  EXPECT_EQ(future.get(), 7);
  EXPECT_EQ(future.get(), 7);
  EXPECT_EQ(calls, 3);
}

TEST(FutureGetHook, ExcludesSet) {
  Future<int> future;
  future.set_get_hook([](GetTimeout) { return 1; });
  EXPECT_THROW(future.set(2), pykka::Error);
  EXPECT_THROW(future.set_exception(std::make_exception_ptr(std::runtime_error("x"))),
               pykka::Error);
  EXPECT_EQ(future.get(), 1);
}

TEST(FutureGetHook, CannotBeAddedToASetFuture) {
  Future<int> future;
  future.set(1);
  EXPECT_THROW(future.set_get_hook([](GetTimeout) { return 2; }), pykka::Error);
  EXPECT_EQ(future.get(), 1);

  Future<int> failed;
  failed.set_exception(std::make_exception_ptr(std::runtime_error("x")));
  EXPECT_THROW(failed.set_get_hook([](GetTimeout) { return 2; }), pykka::Error);
}

TEST(FutureGetHook, ASecondHookReplacesTheFirst) {
  int first_calls = 0;
  Future<int> future;
  future.set_get_hook([&](GetTimeout) { return ++first_calls; });
  future.set_get_hook([](GetTimeout) { return 2; });
  EXPECT_EQ(future.get(), 2);
  EXPECT_EQ(first_calls, 0);
}

TEST(FutureGetHook, CannotBeReplacedOnceItHasProducedTheValue) {
  Future<int> future;
  future.set_get_hook([](GetTimeout) { return 1; });
  EXPECT_EQ(future.get(), 1);
  EXPECT_THROW(future.set_get_hook([](GetTimeout) { return 2; }), pykka::Error);
  EXPECT_EQ(future.get(), 1);
}

TEST(FutureGetHook, ReplacingARunningHookLetsItsValueStand) {
  pykka::testing::Event running;
  pykka::testing::Event release;
  Future<int> future;
  future.set_get_hook([&](GetTimeout) {
    running.set();
    EXPECT_TRUE(release.wait());
    return 1;
  });
  std::thread getter([&] { EXPECT_EQ(future.get(10s), 1); });
  ASSERT_TRUE(running.wait());
  future.set_get_hook([](GetTimeout) { return 2; });  // returns at once, the run goes on
  release.set();
  getter.join();
  EXPECT_EQ(future.get(), 1);
}

TEST(FutureGetHook, AHookReplacedWhileRunningTakesOverAfterATimeout) {
  pykka::testing::Event running;
  pykka::testing::Event release;
  Future<int> future;
  future.set_get_hook([&](GetTimeout) -> int {
    running.set();
    EXPECT_TRUE(release.wait());
    throw pykka::Timeout("gave up");  // with a deadline: not an outcome
  });
  std::thread getter([&] { EXPECT_THROW(future.get(10s), pykka::Timeout); });
  ASSERT_TRUE(running.wait());
  future.set_get_hook([](GetTimeout) { return 2; });
  release.set();
  getter.join();
  EXPECT_EQ(future.get(), 2);
}

TEST(FutureGetHook, CannotReplaceTheHookOfACombinator) {
  Future<int> source;
  auto doubled = source.map([](int v) { return 2 * v; });
  EXPECT_THROW(doubled.set_get_hook([](GetTimeout) { return 0; }), pykka::Error);
  source.set(4);
  EXPECT_EQ(doubled.get(), 8);
}

TEST(FutureGetHook, RunsOnceWithConcurrentGetters) {
  pykka::testing::Event release;
  std::atomic<int> calls{0};
  Future<int> future;
  future.set_get_hook([&](GetTimeout) {
    ++calls;
    EXPECT_TRUE(release.wait());
    return 5;
  });
  std::vector<std::thread> getters;
  std::atomic<int> sum{0};
  for (int i = 0; i < 8; ++i) {
    getters.emplace_back([&] { sum += future.get(10s); });
  }
  release.set();
  for (auto& getter : getters) getter.join();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(sum.load(), 40);
}

TEST(FutureGetHook, AWaitingGetterTakesOverWhenTheRunnerTimesOut) {
  Future<int> source;
  Future<int> future;
  future.set_get_hook(
      [&](GetTimeout timeout) { return timeout ? source.get(*timeout) : source.get(); });
  pykka::testing::Event patient_started;
  std::atomic<int> patient_result{0};
  // The impatient getter runs the hook and gives up; the patient one must then run it itself.
  std::thread impatient([&] { EXPECT_THROW(future.get(50ms), pykka::Timeout); });
  std::thread patient([&] {
    patient_started.set();
    patient_result = future.get(10s);
  });
  impatient.join();
  ASSERT_TRUE(patient_started.wait());
  source.set(9);
  patient.join();
  EXPECT_EQ(patient_result.load(), 9);
}

}  // namespace
