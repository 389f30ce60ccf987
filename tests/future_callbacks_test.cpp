// Future::done, on_done and then: polling and completion callbacks, beyond Pykka.

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::Future;
using pykka::testing::Event;
using pykka::testing::kWaitLimit;

TEST(FutureDone, IsFalseUntilSetAndNeverBlocks) {
  Future<int> future;
  EXPECT_FALSE(future.done());
  future.set(1);
  EXPECT_TRUE(future.done());
}

TEST(FutureDone, IsTrueForAStoredException) {
  Future<void> future;
  future.set_exception(std::make_exception_ptr(std::runtime_error("x")));
  EXPECT_TRUE(future.done());
}

TEST(FutureDone, FollowsTheSourcesOfJoin) {
  Future<int> a;
  Future<int> b;
  auto joined = a.join(b);
  a.set(1);
  EXPECT_FALSE(joined.done());
  b.set(2);
  EXPECT_TRUE(joined.done());
}

TEST(FutureOnDone, RunsOnTheSettingThreadWhenRegisteredBefore) {
  Future<int> future;
  std::thread::id ran_on;
  int value = 0;
  future.on_done([&](const Future<int>& done) {
    ran_on = std::this_thread::get_id();
    value = done.get(0s);
  });
  std::thread::id setter_id;
  std::thread setter([&] {
    setter_id = std::this_thread::get_id();
    future.set(5);
  });
  setter.join();
  EXPECT_EQ(ran_on, setter_id);
  EXPECT_EQ(value, 5);
}

TEST(FutureOnDone, RunsOnTheRegisteringThreadBeforeReturningWhenRegisteredAfter) {
  Future<int> future;
  future.set(5);
  std::thread::id ran_on;
  future.on_done([&] { ran_on = std::this_thread::get_id(); });
  EXPECT_EQ(ran_on, std::this_thread::get_id());
}

TEST(FutureOnDone, RunsEachCallbackOnceInRegistrationOrder) {
  Future<std::string> future;
  std::vector<int> order;
  for (int i = 0; i < 3; ++i) future.on_done([&order, i] { order.push_back(i); });
  future.set("x");
  future.on_done([&order] { order.push_back(3); });
  EXPECT_THROW(future.set("again"), pykka::Error);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

TEST(FutureOnDone, SeesTheStoredException) {
  Future<int> future;
  bool saw_error = false;
  future.on_done([&](const Future<int>& done) {
    try {
      done.get();
    } catch (const std::logic_error&) {
      saw_error = true;
    }
  });
  future.set_exception(std::make_exception_ptr(std::logic_error("broken")));
  EXPECT_TRUE(saw_error);
}

TEST(FutureOnDone, LogsAnEscapingExceptionAndRunsTheOtherCallbacks) {
  pykka::testing::LogCapture log;
  Future<int> future;
  bool second_ran = false;
  future.on_done([] { throw std::runtime_error("callback failed"); });
  future.on_done([&] { second_ran = true; });
  EXPECT_NO_THROW(future.set(1));
  EXPECT_TRUE(second_ran);
  auto records = log.matching(pykka::LogLevel::error, "Unhandled exception in future callback");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_NE(records[0].exception.find("callback failed"), std::string::npos);
}

TEST(FutureOnDone, ReleasesCallbacksOfAnAbandonedFuture) {
  auto token = std::make_shared<int>(0);
  std::weak_ptr<int> watch = token;
  {
    Future<int> never_set;
    never_set.on_done([token = std::move(token)] {});
  }
  EXPECT_TRUE(watch.expired());
}

TEST(FutureOnDone, RunsWhenTheSourcesOfAMappedFutureComplete) {
  Future<int> source;
  std::atomic<int> mapped_value{0};
  // The mapped future itself is dropped: the callback alone keeps the work alive.
  source.map([](int x) { return x * 3; }).on_done([&](const Future<int>& done) {
    mapped_value = done.get(0s);
  });
  EXPECT_EQ(mapped_value.load(), 0);
  source.set(4);
  EXPECT_EQ(mapped_value.load(), 12);
}

TEST(FutureOnDone, RunsWhenAMapFunctionFailsWithItsOwnTimeout) {
  Future<int> source;
  Future<int> slow_inner;  // never set: the function's own get on it times out
  Future<int> mapped = source.map([slow_inner](int x) { return slow_inner.get(1ms) + x; });
  std::atomic<bool> called{false};
  mapped.on_done([&] { called = true; });
  source.set(4);
  EXPECT_TRUE(called.load());
  EXPECT_TRUE(mapped.done());
  EXPECT_THROW((void)mapped.get(0s), pykka::Timeout);
}

TEST(FutureOnDone, RunsTheGetHookOfAUserHookedFuture) {
  Future<int> hooked;
  hooked.set_get_hook([](pykka::GetTimeout) { return 8; });
  int value = 0;
  hooked.on_done([&](const Future<int>& done) { value = done.get(0s); });
  EXPECT_EQ(value, 8);
}

TEST(FutureOnDone, DefersCallbacksOfFuturesCompletedInsideACallback) {
  Future<int> first;
  Future<int> second;
  std::vector<std::string> events;
  second.on_done([&] { events.push_back("second's callback"); });
  first.on_done([&] {
    second.set(2);
    events.push_back("first's callback returns");
  });
  first.set(1);
  EXPECT_EQ(events, (std::vector<std::string>{"first's callback returns", "second's callback"}));
}

TEST(FutureOnDone, KeepsTheStackFlatAlongALongChain) {
  // Each link completes the next from its callback; nesting would overflow the stack.
  constexpr int kLinks = 100000;
  Future<int> head;
  Future<int> tail = head;
  for (int i = 0; i < kLinks; ++i) {
    tail = tail.then([](const Future<int>& done) { return done.get(0s) + 1; });
  }
  head.set(0);
  EXPECT_EQ(tail.get(0s), kLinks);
}

TEST(FutureThen, ReturnsAFutureOfTheResult) {
  Future<int> future;
  auto text = future.then([](const Future<int>& done) { return std::to_string(done.get()); });
  EXPECT_FALSE(text.done());
  future.set(12);
  EXPECT_EQ(text.get(0s), "12");
}

TEST(FutureThen, StoresTheExceptionOfTheCallback) {
  Future<int> future;
  auto failed = future.then([](const Future<int>&) -> int { throw std::range_error("nope"); });
  future.set(1);
  EXPECT_THROW(failed.get(0s), std::range_error);
}

TEST(FutureThen, PassesTheSourceExceptionWhenTheCallbackRethrows) {
  Future<int> future;
  auto chained = future.then([](const Future<int>& done) { return done.get() + 1; });
  future.set_exception(std::make_exception_ptr(std::overflow_error("source")));
  EXPECT_THROW(chained.get(0s), std::overflow_error);
}

TEST(FutureThen, WorksWithVoid) {
  Future<void> future;
  bool ran = false;
  Future<void> after = future.then([&] { ran = true; });
  future.set();
  after.get(0s);
  EXPECT_TRUE(ran);
}

TEST(FutureCallbacks, RunExactlyOnceWhenRegisteredConcurrentlyWithSet) {
  constexpr int kRounds = 1000;
  constexpr int kRegistrars = 4;
  for (int round = 0; round < kRounds; ++round) {
    Future<int> future;
    std::atomic<int> runs{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kRegistrars; ++i) {
      threads.emplace_back([&] { future.on_done([&] { runs.fetch_add(1); }); });
    }
    threads.emplace_back([&] { future.set(round); });
    for (auto& thread : threads) thread.join();
    ASSERT_EQ(runs.load(), kRegistrars) << "round " << round;
  }
}

template <class Runtime>
class FutureCallbacksWithActors : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(FutureCallbacksWithActors, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

TYPED_TEST(FutureCallbacksWithActors, RunOnTheActorThreadForARegisteredReply) {
  struct Gated : TypeParam::ActorBase {
    explicit Gated(Event* gate) : gate_(gate) {}
    pykka::Message on_receive(pykka::Message& message) override {
      EXPECT_TRUE(gate_->wait());
      actor_thread = std::this_thread::get_id();
      return message.as<int>() + 1;
    }
    Event* gate_;
    std::atomic<std::thread::id> actor_thread{};
  };
  Event gate;
  auto ref = pykka::start<Gated>(&gate);
  auto reply = ref.template ask<int>(1, pykka::nonblocking);
  Event called;
  std::atomic<std::thread::id> ran_on{};
  std::atomic<int> value{0};
  reply.on_done([&](const Future<int>& done) {
    ran_on = std::this_thread::get_id();
    value = done.get(0s);
    called.set();
  });
  gate.set();
  ASSERT_TRUE(called.wait());
  EXPECT_EQ(value.load(), 2);
  EXPECT_NE(ran_on.load(), std::this_thread::get_id());
}

}  // namespace
