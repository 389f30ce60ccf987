// pykka::ActorProxy: typed method calls, defer, field reads and writes, dead actors, ordering,
// proxies to self, identity and printing.

#include <atomic>
#include <chrono>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <unordered_set>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/proxy_actors.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::Calculator;
using pykka::testing::Journal;
using pykka::testing::kWaitLimit;
using pykka::testing::Parked;

template <class Runtime>
class ProxyTest : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(ProxyTest, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

// Records what it handles, whichever way it arrives (plain message or proxy call).
template <class Base>
class Recorder : public Base {
 public:
  explicit Recorder(Journal* journal) : journal_(journal) {}
  void record(const std::string& entry) { journal_->add(entry); }
  pykka::Message on_receive(pykka::Message& message) override {
    if (pykka::testing::handle_block(message)) return {};
    journal_->add(message.as<std::string>());
    return {};
  }

 private:
  Journal* journal_;
};

// A field whose assignment is observable from the test thread, or throws on request.
struct Watched {
  std::shared_ptr<std::atomic<int>> assigned = std::make_shared<std::atomic<int>>(0);
  int value = 0;
  Watched() = default;
  explicit Watched(int v) : value(v) {}
  Watched(const Watched&) = default;
  Watched& operator=(const Watched& other) {
    if (other.value < 0) throw std::domain_error("negative");
    value = other.value;
    assigned = other.assigned;
    assigned->fetch_add(1);
    return *this;
  }
};

template <class Base>
class Holder : public Base {
 public:
  Watched watched;
  std::unique_ptr<int> take(std::unique_ptr<int> in) { return std::make_unique<int>(*in * 2); }
  const std::string& name() const { return name_; }
  const char* literal() const { return "literal"; }
  std::string echo(std::string text) { return text; }
  std::size_t length(std::string_view text) const { return text.size(); }
  pykka::Message on_receive(pykka::Message& message) override {
    (void)pykka::testing::handle_block(message);
    return {};
  }

 private:
  std::string name_ = "holder";
};

template <class Base>
class FailsOnDefer : public Base {
 public:
  explicit FailsOnDefer(pykka::testing::Event* failed) : failed_(failed) {}
  void explode() { throw std::runtime_error("boom"); }

 protected:
  void on_failure(std::exception_ptr /*error*/) override { failed_->set(); }

 private:
  pykka::testing::Event* failed_;
};

TYPED_TEST(ProxyTest, CallReturnsAFutureOfTheMethodsResult) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<Calc>().proxy();
  pykka::Future<int> sum = proxy.call(pykka::overload<int(int, int)>(&Calc::add), 1, 3);
  EXPECT_EQ(sum.get(kWaitLimit), 4);
  EXPECT_EQ(proxy.get(&Calc::last_result).get(kWaitLimit), 4);
}

TYPED_TEST(ProxyTest, CallsRunOnTheActorsOwnThread) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<Calc>().proxy();
  const std::thread::id first = proxy.call(&Calc::thread).get(kWaitLimit);
  EXPECT_NE(first, std::this_thread::get_id());
  const std::thread::id second = proxy.call(&Calc::thread).get(kWaitLimit);
  // A fiber actor runs on whichever worker is free; each call ran on the actor's side anyway.
  if constexpr (TypeParam::thread_per_actor) {
    EXPECT_EQ(second, first);
  }
  EXPECT_NE(second, std::this_thread::get_id());
}

TYPED_TEST(ProxyTest, CallsMethodsOfAnyArityConstnessAndOverload) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<Calc>().proxy();
  EXPECT_EQ(proxy.call(pykka::overload<int(int, int)>(&Calc::sub), 10, 3).get(kWaitLimit), 7);
  EXPECT_EQ(proxy.call(pykka::overload<int(int)>(&Calc::sub), 5).get(kWaitLimit), 2);
  EXPECT_EQ(proxy.call(pykka::overload<int(int)>(&Calc::add), 3).get(kWaitLimit), 5);
  EXPECT_EQ(proxy.call(&Calc::total).get(kWaitLimit), 5);  // const, no arguments
  EXPECT_EQ(proxy.call(&Calc::describe, "x", 3, '!').get(kWaitLimit), "x!!!");
}

TYPED_TEST(ProxyTest, VoidMethodsGiveAFutureVoidThatCompletesAfterTheCall) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<Calc>().proxy();
  proxy.set(&Calc::last_result, 9);
  pykka::Future<void> done = proxy.call(&Calc::reset);  // noexcept method
  static_assert(std::is_same_v<decltype(done), pykka::Future<void>>);
  done.get(kWaitLimit);
  EXPECT_EQ(proxy.get(&Calc::last_result).get(kWaitLimit), 0);
}

TYPED_TEST(ProxyTest, AnExceptionLandsInTheFutureAndTheActorSurvives) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  pykka::testing::LogCapture logs(pykka::LogLevel::info);
  auto proxy = pykka::start<Calc>().proxy();
  auto failed = proxy.call(&Calc::fail, "bad input");
  try {
    (void)failed.get(kWaitLimit);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "bad input");
  }
  EXPECT_TRUE(proxy.actor_ref().is_alive());
  EXPECT_EQ(proxy.call(pykka::overload<int(int, int)>(&Calc::add), 2, 2).get(kWaitLimit), 4);
  EXPECT_EQ(logs.matching(pykka::LogLevel::info, "Exception returned from").size(), 1U);
}

TYPED_TEST(ProxyTest, ResultsAreCopiedOutOfTheActor) {
  using H = Holder<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<H>().proxy();
  auto name = proxy.call(&H::name);
  static_assert(std::is_same_v<decltype(name), pykka::Future<std::string>>);
  EXPECT_EQ(name.get(kWaitLimit), "holder");
  auto literal = proxy.call(&H::literal);
  static_assert(std::is_same_v<decltype(literal), pykka::Future<std::string>>);
  EXPECT_EQ(literal.get(kWaitLimit), "literal");
}

TYPED_TEST(ProxyTest, MoveOnlyArgumentsAndResultsPassThrough) {
  using H = Holder<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<H>().proxy();
  std::unique_ptr<int> doubled = proxy.call(&H::take, std::make_unique<int>(21)).get();
  ASSERT_NE(doubled, nullptr);
  EXPECT_EQ(*doubled, 42);
}

TYPED_TEST(ProxyTest, ArgumentsAreOwnedByTheMessage) {
  using H = Holder<typename TypeParam::ActorBase>;
  auto ref = pykka::start<H>();
  auto proxy = ref.proxy();
  char buffer[] = "before";
  pykka::Future<std::string> echoed;
  {
    Parked parked(ref);
    ASSERT_TRUE(parked.ok());
    echoed = proxy.call(&H::echo, buffer);  // converted to std::string by the caller
    buffer[0] = 'X';
  }
  EXPECT_EQ(echoed.get(kWaitLimit), "before");
}

TYPED_TEST(ProxyTest, StringViewArgumentsAreCopiedIntoTheMessage) {
  using H = Holder<typename TypeParam::ActorBase>;
  auto ref = pykka::start<H>();
  auto proxy = ref.proxy();
  pykka::Future<std::size_t> length;
  {
    Parked parked(ref);
    ASSERT_TRUE(parked.ok());
    std::string text(100, 'x');  // gone before the actor runs the call
    length = proxy.call(&H::length, std::string_view(text));
  }
  EXPECT_EQ(length.get(kWaitLimit), 100U);
  EXPECT_EQ(ref.template ask<std::size_t>(pykka::proxy_call(&H::length, "four")), 4U);
}

TYPED_TEST(ProxyTest, ProxyMessagesKeepTheirPlaceAmongOtherMessages) {
  using R = Recorder<typename TypeParam::ActorBase>;
  Journal journal;
  auto ref = pykka::start<R>(&journal);
  auto proxy = ref.proxy();
  {
    Parked parked(ref);
    ASSERT_TRUE(parked.ok());
    ref.tell(std::string("a"));
    proxy.defer(&R::record, "b");
    ref.tell(std::string("c"));
    (void)proxy.call(&R::record, "d");
  }
  ASSERT_TRUE(journal.wait_for("d"));
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"a", "b", "c", "d"}));
}

TYPED_TEST(ProxyTest, DeferRunsTheCallWithoutAFuture) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<Calc>().proxy();
  proxy.defer(pykka::overload<int(int, int)>(&Calc::add), 20, 22);
  EXPECT_EQ(proxy.get(&Calc::last_result).get(kWaitLimit), 42);
}

TYPED_TEST(ProxyTest, ADeferredExceptionRunsOnFailureAndStopsTheActor) {
  using F = FailsOnDefer<typename TypeParam::ActorBase>;
  pykka::testing::LogCapture logs(pykka::LogLevel::error);
  pykka::testing::Event failed;
  auto proxy = pykka::start<F>(&failed).proxy();
  proxy.defer(&F::explode);
  ASSERT_TRUE(failed.wait());
  EXPECT_FALSE(proxy.actor_ref().is_alive());
  EXPECT_TRUE(logs.wait_for(pykka::LogLevel::error, "Unhandled exception in"));
}

TYPED_TEST(ProxyTest, CallableProxyCallsAndDefers) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<Calc>().proxy();
  auto add = proxy[pykka::overload<int(int)>(&Calc::add)];
  add.defer(5);
  EXPECT_EQ(add(10).get(kWaitLimit), 15);
  EXPECT_EQ(add.proxy(), proxy);
}

TYPED_TEST(ProxyTest, GetReturnsACopyOfTheField) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<Calc>().proxy();
  pykka::Future<std::string> secret = proxy.get(&Calc::_secret);
  EXPECT_EQ(secret.get(kWaitLimit), "hidden");
}

TYPED_TEST(ProxyTest, SetReturnsOnlyAfterTheActorAppliedTheValue) {
  using H = Holder<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<H>().proxy();
  Watched probe;  // shares its counter with the actor's copy after the first assignment
  proxy.set(&H::watched, probe);
  // No wait here: a non-blocking set would usually still be queued at this point.
  EXPECT_EQ(proxy.get(&H::watched).get(kWaitLimit).value, 0);
  EXPECT_EQ(probe.assigned->load(), 1);
  proxy.set(&H::watched, Watched(5));
  EXPECT_EQ(proxy.get(&H::watched).get(kWaitLimit).value, 5);
}

TYPED_TEST(ProxyTest, SetRethrowsTheAssignmentsExceptionToTheWriter) {
  using H = Holder<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<H>().proxy();
  EXPECT_THROW(proxy.set(&H::watched, Watched(-1)), std::domain_error);
  EXPECT_TRUE(proxy.actor_ref().is_alive());
}

TYPED_TEST(ProxyTest, SetWithATimeoutThrowsTimeoutWhileTheActorIsBusy) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto ref = pykka::start<Calc>();
  auto proxy = ref.proxy();
  Parked parked(ref);
  ASSERT_TRUE(parked.ok());
  EXPECT_THROW(proxy.set(&Calc::last_result, 1, 20ms), pykka::Timeout);
}

TYPED_TEST(ProxyTest, AProxyToADeadActorCannotBeCreated) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto ref = pykka::start<Calc>();
  ref.stop();
  try {
    (void)ref.proxy();
    FAIL() << "expected pykka::ActorDeadError";
  } catch (const pykka::ActorDeadError& error) {
    std::ostringstream expected;
    expected << ref << " not found";
    EXPECT_EQ(error.what(), expected.str());
  }
  EXPECT_THROW((void)pykka::ActorRef<Calc>().proxy(), pykka::Error);
}

TYPED_TEST(ProxyTest, UsingAProxyAfterTheActorDiedReportsActorDeadError) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<Calc>().proxy();
  const std::string urn = proxy.actor_ref().actor_urn();
  proxy.actor_ref().stop();
  EXPECT_FALSE(proxy.actor_ref().is_alive());
  EXPECT_EQ(proxy.actor_ref().actor_urn(), urn);
  EXPECT_THROW((void)proxy.call(&Calc::total).get(kWaitLimit), pykka::ActorDeadError);
  EXPECT_THROW((void)proxy.get(&Calc::last_result).get(kWaitLimit), pykka::ActorDeadError);
  EXPECT_THROW(proxy.set(&Calc::last_result, 1), pykka::ActorDeadError);
  EXPECT_THROW(proxy.defer(&Calc::reset), pykka::ActorDeadError);
}

TYPED_TEST(ProxyTest, CallsQueuedBeforeStopAreAnsweredWithActorDeadError) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto ref = pykka::start<Calc>();
  auto proxy = ref.proxy();
  pykka::Future<int> late;
  {
    Parked parked(ref);
    ASSERT_TRUE(parked.ok());
    (void)ref.stop(pykka::nonblocking);
    late = proxy.call(&Calc::total);
  }
  EXPECT_THROW((void)late.get(kWaitLimit), pykka::ActorDeadError);
}

// Splits work into steps and schedules each next step through a proxy to itself.
template <class Base>
class Stepper : public Recorder<Base> {
 public:
  using Recorder<Base>::Recorder;
  void begin() {
    this->record("begin");
    self_.defer(&Stepper::step, 1);
  }
  void step(int n) {
    this->record("step " + std::to_string(n));
    if (n < 2) self_.defer(&Stepper::step, n + 1);
  }

 private:
  // Created in the constructor, as Pykka suggests; the actor's teardown breaks the cycle.
  pykka::ActorProxy<Stepper> self_ = this->template actor_ref<Stepper>().proxy();
};

TYPED_TEST(ProxyTest, AProxyToSelfSchedulesWorkAfterTheMessagesAlreadyQueued) {
  using S = Stepper<typename TypeParam::ActorBase>;
  Journal journal;
  auto ref = pykka::start<S>(&journal);
  {
    Parked parked(ref);
    ASSERT_TRUE(parked.ok());
    ref.proxy().defer(&S::begin);
    ref.tell(std::string("queued before the first step"));
  }
  ASSERT_TRUE(journal.wait_for("step 2"));
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"begin", "queued before the first step",
                                                         "step 1", "step 2"}));
  EXPECT_TRUE(ref.stop(kWaitLimit));
}

TYPED_TEST(ProxyTest, ProxiesAreEqualAndHashAlikeForTheSameActor) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto ref = pykka::start<Calc>();
  auto other = pykka::start<Calc>();
  const auto a = ref.proxy();
  const auto b = ref.proxy();
  EXPECT_EQ(a, b);
  EXPECT_NE(a, other.proxy());
  std::unordered_set<pykka::ActorProxy<Calc>> set{a, b, other.proxy()};
  EXPECT_EQ(set.size(), 2U);
  EXPECT_EQ(std::hash<pykka::ActorProxy<Calc>>{}(a), std::hash<pykka::ActorProxy<Calc>>{}(b));
}

TYPED_TEST(ProxyTest, PrintsLikePykka) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto ref = pykka::start<Calc>();
  std::ostringstream printed;
  printed << ref.proxy();
  std::ostringstream expected;
  expected << "<ActorProxy for " << ref << ", attr_path=[]>";
  EXPECT_EQ(printed.str(), expected.str());
  EXPECT_TRUE(ref.proxy().attr_path().empty());
}

TYPED_TEST(ProxyTest, ProxiesAreUsableFromManyThreadsAtOnce) {
  using Calc = Calculator<typename TypeParam::ActorBase>;
  auto proxy = pykka::start<Calc>().proxy();
  constexpr int kThreads = 4;
  constexpr int kCalls = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([proxy] {
      for (int i = 0; i < kCalls; ++i) (void)proxy.call(pykka::overload<int(int)>(&Calc::add), 1);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(proxy.get(&Calc::last_result).get(kWaitLimit), kThreads * kCalls);
}

}  // namespace
