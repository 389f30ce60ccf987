// Future::map, filter, reduce and join: derived futures computed once, on the first get.
// The Pykka documentation's examples for each come first.

#include <atomic>
#include <chrono>
#include <future>
#include <list>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/future.hpp>

#include "support/event.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::Future;

std::vector<int> range(int from, int to) {
  std::vector<int> values;
  for (int i = from; i < to; ++i) values.push_back(i);
  return values;
}

// Runs `get` on another thread, so that a hang fails the test (bounded) instead of blocking it.
template <class F>
void expect_timeout_within_limit(F get) {
  auto outcome = std::async(std::launch::async, [&] {
    try {
      get();
    } catch (const pykka::Timeout&) {
      return true;
    }
    return false;
  });
  ASSERT_EQ(outcome.wait_for(pykka::testing::kWaitLimit), std::future_status::ready);
  EXPECT_TRUE(outcome.get()) << "expected pykka::Timeout";
}

TEST(FutureDocExamples, FilterKeepsTheItemsAboveTen) {
  Future<std::vector<int>> f;
  auto g = f.filter([](int x) { return x > 10; });
  f.set(range(5, 15));
  EXPECT_EQ(f.get(), range(5, 15));
  EXPECT_EQ(g.get(), (std::vector<int>{11, 12, 13, 14}));
}

TEST(FutureDocExamples, JoinCollectsTheValuesInOrder) {
  Future<std::string> a;
  Future<int> b;
  Future<bool> c;
  auto f = a.join(b, c);
  a.set("def");
  b.set(123);
  c.set(false);
  EXPECT_EQ(f.get(), std::make_tuple(std::string("def"), 123, false));
}

TEST(FutureDocExamples, MapAddsTen) {
  Future<int> f;
  auto g = f.map([](int x) { return x + 10; });
  f.set(30);
  EXPECT_EQ(g.get(), 40);
}

TEST(FutureDocExamples, MapExtractsAField) {
  Future<std::map<std::string, std::string>> f;
  auto g = f.map([](const std::map<std::string, std::string>& x) { return x.at("foo"); });
  f.set(std::map<std::string, std::string>{{"foo", "bar"}});
  EXPECT_EQ(g.get(), "bar");
}

TEST(FutureDocExamples, ReduceConcatenatesStrings) {
  Future<std::vector<std::string>> f;
  auto g = f.reduce([](std::string x, const std::string& y) { return x + y; });
  f.set(std::vector<std::string>{"a", "b", "c"});
  EXPECT_EQ(g.get(), "abc");
}

TEST(FutureDocExamples, ReduceSumsNumbers) {
  Future<std::vector<int>> f;
  auto g = f.reduce([](int x, int y) { return x + y; });
  f.set(std::vector<int>{1, 2, 3});
  EXPECT_EQ(g.get(), 6);
}

TEST(FutureDocExamples, ReduceStartsFromTheInitialValue) {
  Future<std::vector<int>> f;
  auto g = f.reduce([](int x, int y) { return x + y; }, 5);
  f.set(std::vector<int>{1, 2, 3});
  EXPECT_EQ(g.get(), 11);
}

TEST(FutureDocExamples, ReduceOfNothingIsTheInitialValue) {
  Future<std::vector<int>> f;
  auto g = f.reduce([](int x, int y) { return x + y; }, 5);
  f.set(std::vector<int>{});
  EXPECT_EQ(g.get(), 5);
}

TEST(FutureMap, PassesTheWholeValueNotEachItem) {
  Future<std::vector<int>> f;
  auto size = f.map([](const std::vector<int>& items) { return items.size(); });
  f.set(std::vector<int>{1, 2, 3});
  EXPECT_EQ(size.get(), 3u);
}

TEST(FutureMap, ComputesOnceAndCaches) {
  std::atomic<int> calls{0};
  Future<int> f;
  auto g = f.map([&](int x) {
    ++calls;
    return x * 2;
  });
  f.set(4);
  EXPECT_EQ(g.get(), 8);
  EXPECT_EQ(g.get(1s), 8);
  EXPECT_EQ(calls.load(), 1);
}

TEST(FutureMap, DoesNotRunBeforeGet) {
  int calls = 0;
  Future<int> f;
  auto g = f.map([&](int x) {
    ++calls;
    return x;
  });
  f.set(1);
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(g.done());  // get would not wait for anyone
  EXPECT_EQ(g.get(), 1);
  EXPECT_EQ(calls, 1);
}

TEST(FutureMap, PassesTheTimeoutToTheSource) {
  Future<int> f;
  auto g = f.map([](int x) { return x + 1; });
  expect_timeout_within_limit([&] { g.get(20ms); });
  expect_timeout_within_limit([&] { g.get(0s); });
  f.set(1);
  EXPECT_EQ(g.get(0s), 2);  // a timeout is not cached: the next get computes
}

TEST(FutureMap, RethrowsTheSourceException) {
  Future<int> f;
  auto g = f.map([](int x) { return x + 1; });
  f.set_exception(std::make_exception_ptr(std::out_of_range("no value")));
  EXPECT_THROW(g.get(), std::out_of_range);
}

TEST(FutureMap, RethrowsTheFunctionException) {
  int calls = 0;
  Future<int> f;
  auto g = f.map([&](int) -> int {
    ++calls;
    throw std::invalid_argument("bad");
  });
  f.set(1);
  EXPECT_THROW(g.get(), std::invalid_argument);
  EXPECT_THROW(g.get(), std::invalid_argument);
  EXPECT_EQ(calls, 1);
}

TEST(FutureMap, ChainsAndWorksOnVoidFutures) {
  Future<void> f;
  auto g = f.map([] { return 2; }).map([](int x) { return x * 10; }).map([](int x) {
    return std::to_string(x);
  });
  f.set();
  EXPECT_EQ(g.get(), "20");
}

TEST(FutureMap, CanHoldAFuture) {
  Future<int> inner;
  Future<Future<int>> outer;
  auto flattened = outer.map([](const Future<int>& f) { return f.get(); });
  outer.set(inner);
  inner.set(3);
  EXPECT_EQ(flattened.get(), 3);
}

TEST(FutureFilter, WorksOnAnyRange) {
  Future<std::list<std::string>> f;
  auto g = f.filter([](const std::string& s) { return s.size() > 1; });
  f.set(std::list<std::string>{"a", "bb", "ccc"});
  EXPECT_EQ(g.get(), (std::vector<std::string>{"bb", "ccc"}));
}

TEST(FutureFilter, FailsAtGetOnAValueThatIsNotARange) {
  Future<int> f;
  auto g = f.filter([](int x) { return x > 1; });
  f.set(5);
  try {
    g.get();
    FAIL() << "expected pykka::TypeError";
  } catch (const pykka::TypeError& error) {
    EXPECT_NE(std::string(error.what()).find("filter needs a range"), std::string::npos)
        << error.what();
  }
}

TEST(FutureFilter, PassesTheTimeoutToTheSource) {
  Future<std::vector<int>> f;
  auto g = f.filter([](int) { return true; });
  expect_timeout_within_limit([&] { g.get(20ms); });
  f.set(std::vector<int>{1});
  EXPECT_EQ(g.get(), std::vector<int>{1});
}

TEST(FutureReduce, FailsAtGetOnAValueThatIsNotARange) {
  Future<int> f;
  auto without_initial = f.reduce([](int x, int y) { return x + y; });
  auto with_initial = f.reduce([](int x, int y) { return x + y; }, 0);
  f.set(5);
  EXPECT_THROW(without_initial.get(), pykka::TypeError);
  EXPECT_THROW(with_initial.get(), pykka::TypeError);
}

TEST(FutureReduce, FailsAtGetOnAnEmptyRangeWithoutInitialValue) {
  Future<std::vector<int>> f;
  auto g = f.reduce([](int x, int y) { return x + y; });
  f.set(std::vector<int>{});
  EXPECT_THROW(g.get(), pykka::TypeError);
}

TEST(FutureReduce, FoldsLeftToRight) {
  Future<std::set<int>> f;
  auto g = f.reduce([](std::string acc, int x) { return acc + "," + std::to_string(x); },
                    std::string("start"));
  f.set(std::set<int>{3, 1, 2});
  EXPECT_EQ(g.get(), "start,1,2,3");
}

TEST(FutureReduce, PassesTheTimeoutToTheSource) {
  Future<std::vector<int>> f;
  auto g = f.reduce([](int x, int y) { return x + y; });
  auto h = f.reduce([](int x, int y) { return x + y; }, 1);
  expect_timeout_within_limit([&] { g.get(20ms); });
  expect_timeout_within_limit([&] { h.get(20ms); });
  f.set(std::vector<int>{1, 2});
  EXPECT_EQ(g.get(), 3);
  EXPECT_EQ(h.get(), 4);
}

TEST(FutureJoin, PassesTheTimeoutToEverySource) {
  Future<int> a;
  Future<int> b;
  auto joined = a.join(b);
  a.set(1);
  expect_timeout_within_limit([&] { joined.get(20ms); });
  b.set(2);
  EXPECT_EQ(joined.get(0s), std::make_tuple(1, 2));
}

TEST(FutureJoin, SharesOneDeadlineAmongTheSources) {
  std::vector<pykka::GetTimeout> seen;
  Future<int> a;
  a.set_get_hook([&](pykka::GetTimeout timeout) {
    seen.push_back(timeout);
    return 1;
  });
  Future<int> b;
  b.set_get_hook([&](pykka::GetTimeout timeout) {
    seen.push_back(timeout);
    return 2;
  });
  EXPECT_EQ(a.join(b).get(5s), std::make_tuple(1, 2));
  ASSERT_EQ(seen.size(), 2u);
  ASSERT_TRUE(seen[0] && seen[1]);
  EXPECT_LE(*seen[0], 5s);
  EXPECT_LT(*seen[1], *seen[0]);  // what is left of the deadline, not a fresh 5 s
}

TEST(FutureJoin, SurfacesTheExceptionOfAFailingMember) {
  Future<int> a;
  Future<std::string> b;
  Future<int> c;
  auto joined = a.join(b, c);
  a.set(1);
  b.set_exception(std::make_exception_ptr(std::domain_error("b failed")));
  c.set(3);
  try {
    joined.get();
    FAIL() << "expected the member's exception";
  } catch (const std::domain_error& error) {
    EXPECT_STREQ(error.what(), "b failed");
  }
}

TEST(FutureJoin, ComputesOnceAndKeepsTheSourcesValues) {
  Future<int> a;
  Future<int> b;
  auto joined = a.join(b);
  a.set(1);
  b.set(2);
  EXPECT_EQ(joined.get(), std::make_tuple(1, 2));
  EXPECT_EQ(joined.get(), std::make_tuple(1, 2));
  EXPECT_EQ(a.get(), 1);  // the sources still hold their values
}

TEST(FutureCombinators, ComposeAcrossThreads) {
  Future<std::vector<int>> f;
  auto total =
      f.filter([](int x) { return x % 2 == 0; }).reduce([](int x, int y) { return x + y; });
  std::thread setter([f] { f.set(range(0, 10)); });
  EXPECT_EQ(total.get(10s), 0 + 2 + 4 + 6 + 8);
  setter.join();
}

}  // namespace
