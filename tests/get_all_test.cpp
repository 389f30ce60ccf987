// pykka::get_all: the values of several futures, in order.

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/get_all.hpp>

#include "support/event.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::Future;

TEST(GetAll, ReturnsTheValuesInOrder) {
  std::vector<Future<int>> futures(3);
  futures[2].set(3);
  futures[0].set(1);
  futures[1].set(2);
  EXPECT_EQ(pykka::get_all(futures), (std::vector<int>{1, 2, 3}));
}

TEST(GetAll, CanBeCalledRepeatedly) {
  std::vector<Future<std::string>> futures(2);
  futures[0].set("a");
  futures[1].set("b");
  EXPECT_EQ(pykka::get_all(futures), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(pykka::get_all(futures, 0s), (std::vector<std::string>{"a", "b"}));
}

TEST(GetAll, AcceptsABracedList) {
  Future<int> a;
  Future<int> b;
  a.set(1);
  b.set(2);
  EXPECT_EQ(pykka::get_all({a, b}), (std::vector<int>{1, 2}));
  EXPECT_EQ(pykka::get_all({a, b}, 1s), (std::vector<int>{1, 2}));
}

TEST(GetAll, WaitsForFuturesSetByOtherThreads) {
  std::vector<Future<int>> futures(4);
  std::vector<std::thread> setters;
  for (std::size_t i = 0; i < futures.size(); ++i) {
    setters.emplace_back([future = futures[i], i] { future.set(static_cast<int>(i)); });
  }
  EXPECT_EQ(pykka::get_all(futures, pykka::testing::kWaitLimit), (std::vector<int>{0, 1, 2, 3}));
  for (auto& setter : setters) setter.join();
}

TEST(GetAll, ThrowsTimeoutWhenAFutureStaysUnset) {
  std::vector<Future<int>> futures(2);
  futures[0].set(1);
  auto outcome = std::async(std::launch::async, [&] {
    try {
      pykka::get_all(futures, 20ms);
    } catch (const pykka::Timeout&) {
      return true;
    }
    return false;
  });
  ASSERT_EQ(outcome.wait_for(pykka::testing::kWaitLimit), std::future_status::ready);
  EXPECT_TRUE(outcome.get());
}

TEST(GetAll, RethrowsTheFirstExceptionInOrder) {
  std::vector<Future<int>> futures(3);
  futures[0].set(1);
  futures[1].set_exception(std::make_exception_ptr(std::out_of_range("second")));
  futures[2].set_exception(std::make_exception_ptr(std::logic_error("third")));
  EXPECT_THROW(pykka::get_all(futures), std::out_of_range);
}

TEST(GetAll, WaitsForVoidFutures) {
  std::vector<Future<void>> futures(2);
  futures[0].set();
  EXPECT_THROW(pykka::get_all(futures, 0s), pykka::Timeout);
  futures[1].set();
  EXPECT_NO_THROW(pykka::get_all(futures, 0s));
}

TEST(GetAll, ReturnsFuturesHeldByFutures) {
  Future<int> inner;
  std::vector<Future<Future<int>>> futures(1);
  futures[0].set(inner);
  auto held = pykka::get_all(futures);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0], inner);
  inner.set(5);
  EXPECT_EQ(pykka::get_all(held), std::vector<int>{5});
}

TEST(GetAll, CollectsUntypedRepliesWithoutTakingThemOutOfTheFutures) {
  std::vector<Future<pykka::Message>> futures(2);  // what ask without a reply type returns
  futures[0].set(pykka::Message(1));
  std::thread setter([&] { futures[1].set(pykka::Message(std::string("two"))); });
  const auto values = pykka::get_all(futures, 10s);
  setter.join();
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0].get().as<int>(), 1);
  const pykka::Message& second = values[1];
  EXPECT_EQ(second.as<std::string>(), "two");
  // The values stay in the futures: a second get_all (or get) reads them again.
  EXPECT_EQ(pykka::get_all(futures)[1].get().as<std::string>(), "two");
  EXPECT_EQ(futures[0].get().as<int>(), 1);
}

TEST(GetAll, RethrowsTheFirstExceptionAmongUntypedReplies) {
  std::vector<Future<pykka::Message>> futures(2);
  futures[0].set(pykka::Message(1));
  futures[1].set_exception(std::make_exception_ptr(std::runtime_error("no reply")));
  EXPECT_THROW((void)pykka::get_all(futures), std::runtime_error);
}

TEST(GetAll, CollectsDerivedFutures) {
  Future<int> source;
  std::vector<Future<int>> futures{source.map([](int x) { return x + 1; }),
                                   source.map([](int x) { return x + 2; })};
  source.set(10);
  EXPECT_EQ(pykka::get_all(futures), (std::vector<int>{11, 12}));
}

}  // namespace
