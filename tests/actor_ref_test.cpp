// pykka::ActorRef: tell, the three forms of ask and stop, identity, printing and conversions.

#include <chrono>
#include <compare>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/event.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::kWaitLimit;
using pykka::testing::Parked;

template <class Runtime>
class ActorRefTest : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(ActorRefTest, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

template <class Base>
class Echo : public Base {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (pykka::testing::handle_block(message)) return {};
    return std::move(message);
  }
};

template <class Base>
class LoudEcho : public Echo<Base> {};

TYPED_TEST(ActorRefTest, TellDeliversWithoutWaiting) {
  pykka::testing::Event got;
  struct Sink : TypeParam::ActorBase {
    explicit Sink(pykka::testing::Event* e) : event(e) {}
    pykka::Message on_receive(pykka::Message& message) override {
      if (message.is<std::string>()) event->set();
      return {};
    }
    pykka::testing::Event* event;
  };
  auto ref = pykka::start<Sink>(&got);
  ref.tell(std::string("Hi!"));
  EXPECT_TRUE(got.wait());
}

TYPED_TEST(ActorRefTest, AskBlocksForTheReply) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  EXPECT_EQ(ref.template ask<int>(5), 5);
  EXPECT_EQ(ref.ask(std::string("x")).template as<std::string>(), "x");
}

TYPED_TEST(ActorRefTest, AskWithTimeoutThrowsTimeoutWhenTheActorIsBusy) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  Parked parked(ref);
  ASSERT_TRUE(parked.ok());
  EXPECT_THROW((void)ref.template ask<int>(1, 20ms), pykka::Timeout);
}

TYPED_TEST(ActorRefTest, NonblockingAskReturnsAFutureAtOnce) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  pykka::Future<int> future = [&] {
    Parked parked(ref);
    EXPECT_TRUE(parked.ok());
    auto f = ref.template ask<int>(3, pykka::nonblocking);
    EXPECT_FALSE(f.done());
    return f;
  }();
  EXPECT_EQ(future.get(kWaitLimit), 3);
}

TYPED_TEST(ActorRefTest, AskForTheWrongReplyTypeIsATypeError) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  EXPECT_THROW((void)ref.template ask<std::string>(1, kWaitLimit), pykka::TypeError);
  EXPECT_TRUE(ref.is_alive());
}

TYPED_TEST(ActorRefTest, AskWithVoidDiscardsTheReply) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  ref.template ask<void>(1, kWaitLimit);
  pykka::Future<void> done = ref.template ask<void>(2, pykka::nonblocking);
  done.get(kWaitLimit);
}

TYPED_TEST(ActorRefTest, TellToADeadActorThrowsActorDeadError) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  ref.stop();
  try {
    ref.tell(1);
    FAIL() << "tell to a dead actor did not throw";
  } catch (const pykka::ActorDeadError& error) {
    EXPECT_EQ(std::string(error.what()),
              ref.actor_class_name() + " (" + ref.actor_urn() + ") not found");
  }
}

TYPED_TEST(ActorRefTest, AskToADeadActorFailsThroughTheFuture) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  ref.stop();
  auto future = ref.ask(1, pykka::nonblocking);
  EXPECT_TRUE(future.done());
  EXPECT_THROW((void)future.get(), pykka::ActorDeadError);
  EXPECT_THROW((void)ref.ask(1), pykka::ActorDeadError);
}

// A message type that cannot be moved or copied into a mailbox.
struct Unmovable {
  Unmovable() = default;
  Unmovable(const Unmovable& /*other*/) { throw std::runtime_error("cannot copy"); }
  Unmovable(Unmovable&& /*other*/) { throw std::runtime_error("cannot move"); }
  Unmovable& operator=(const Unmovable&) = delete;
  Unmovable& operator=(Unmovable&&) = delete;
  ~Unmovable() = default;
};

TYPED_TEST(ActorRefTest, NonblockingAskDeliversAMessageThatCannotBeMovedThroughTheFuture) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  pykka::Future<pykka::Message> future;
  EXPECT_NO_THROW(future = ref.ask(Unmovable{}, pykka::nonblocking));
  EXPECT_TRUE(future.done());
  try {
    (void)future.get(kWaitLimit);
    ADD_FAILURE() << "expected the move constructor's exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "cannot move");
  }
  EXPECT_THROW((void)ref.ask(Unmovable{}, kWaitLimit), std::runtime_error);  // blocking: rethrown
  EXPECT_EQ(ref.template ask<int>(7, kWaitLimit), 7);  // the actor never saw it
}

TYPED_TEST(ActorRefTest, StopComesInThreeForms) {
  auto a = pykka::start<Echo<typename TypeParam::ActorBase>>();
  auto b = pykka::start<Echo<typename TypeParam::ActorBase>>();
  auto c = pykka::start<Echo<typename TypeParam::ActorBase>>();
  EXPECT_TRUE(a.stop());
  EXPECT_TRUE(b.stop(kWaitLimit));
  EXPECT_TRUE(c.stop(pykka::nonblocking).get(kWaitLimit));
  EXPECT_FALSE(a.is_alive());
  EXPECT_FALSE(b.is_alive());
  EXPECT_FALSE(c.is_alive());
}

TYPED_TEST(ActorRefTest, StopWithTimeoutThrowsTimeoutWhileTheActorIsBusy) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  Parked parked(ref);
  ASSERT_TRUE(parked.ok());
  EXPECT_THROW((void)ref.stop(20ms), pykka::Timeout);
  // Queue a second stop while the actor is still busy: once released, the actor handles the
  // first request and the second one must still report "stopped", not "already dead".
  auto again = ref.stop(pykka::nonblocking);
  parked.release();
  EXPECT_TRUE(again.get(kWaitLimit));  // the earlier stop request is still honoured
}

TYPED_TEST(ActorRefTest, RefsToTheSameActorAreEqualAndHashAlike) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  auto other = pykka::start<Echo<typename TypeParam::ActorBase>>();
  auto copy = ref;
  pykka::AnyActorRef erased = ref;
  EXPECT_TRUE(copy == ref);
  EXPECT_TRUE(erased == ref);
  EXPECT_FALSE(other == ref);
  std::unordered_set<pykka::AnyActorRef> set{erased, pykka::AnyActorRef(copy), other};
  EXPECT_EQ(set.size(), 2U);
}

TYPED_TEST(ActorRefTest, RefsAreOrderedByTheirActorConsistentlyWithEquality) {
  auto a = pykka::start<Echo<typename TypeParam::ActorBase>>();
  auto b = pykka::start<LoudEcho<typename TypeParam::ActorBase>>();
  const pykka::AnyActorRef erased = a;
  std::set<pykka::AnyActorRef> set{erased, pykka::AnyActorRef(b), pykka::AnyActorRef(a)};
  EXPECT_EQ(set.size(), 2U);
  EXPECT_EQ(set.count(pykka::AnyActorRef(a)), 1U);
  EXPECT_TRUE(std::is_eq(a <=> erased));  // across ref types, like ==
  EXPECT_FALSE(a < erased || erased < a);
  EXPECT_NE(a < b, b < a);  // a strict order between different actors
  EXPECT_TRUE(std::is_eq(pykka::AnyActorRef() <=> pykka::AnyActorRef()));
  EXPECT_FALSE(std::is_eq(pykka::AnyActorRef() <=> erased));
  std::map<pykka::ActorRef<LoudEcho<typename TypeParam::ActorBase>>, int> by_ref{{b, 1}};
  EXPECT_EQ(by_ref.at(b), 1);
}

TYPED_TEST(ActorRefTest, PrintsClassAndUrn) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  std::ostringstream out;
  out << ref;
  EXPECT_EQ(out.str(), ref.actor_class_name() + " (" + ref.actor_urn() + ")");
  EXPECT_EQ(ref.actor_class_name().rfind("Echo<", 0), 0U) << ref.actor_class_name();
  std::ostringstream empty;
  empty << pykka::AnyActorRef();
  EXPECT_EQ(empty.str(), "ActorRef(empty)");
}

TYPED_TEST(ActorRefTest, ConvertsToABaseClassRefAndBackWithRefCast) {
  using Base = Echo<typename TypeParam::ActorBase>;
  using Derived = LoudEcho<typename TypeParam::ActorBase>;
  pykka::ActorRef<Derived> derived = pykka::start<Derived>();
  pykka::ActorRef<Base> base = derived;
  pykka::AnyActorRef erased = base;
  EXPECT_EQ(erased.template ask<int>(4, kWaitLimit), 4);
  EXPECT_TRUE(pykka::ref_cast<Derived>(erased).has_value());
  EXPECT_TRUE(pykka::ref_cast<Base>(erased).has_value());
  EXPECT_FALSE(pykka::ref_cast<Derived>(pykka::AnyActorRef(pykka::start<Base>())).has_value());
  EXPECT_EQ(erased.actor_class(), typeid(Derived));
  static_assert(!std::is_convertible_v<pykka::ActorRef<Base>, pykka::ActorRef<Derived>>);
}

TYPED_TEST(ActorRefTest, IsAliveReadsTheStoppedFlag) {
  auto ref = pykka::start<Echo<typename TypeParam::ActorBase>>();
  EXPECT_TRUE(ref.is_alive());
  ref.stop();
  EXPECT_FALSE(ref.is_alive());
}

TEST(ActorRefEmpty, EveryOperationOnAnEmptyRefIsAClearError) {
  pykka::AnyActorRef empty;
  EXPECT_FALSE(empty);
  EXPECT_FALSE(empty.is_alive());
  EXPECT_THROW(empty.tell(1), pykka::Error);
  EXPECT_THROW((void)empty.ask(1), pykka::Error);
  EXPECT_THROW((void)empty.ask(1, pykka::nonblocking), pykka::Error);  // misuse: not a future
  EXPECT_THROW((void)empty.stop(), pykka::Error);
  EXPECT_THROW((void)empty.actor_urn(), pykka::Error);
  EXPECT_TRUE(empty == pykka::AnyActorRef());
}

}  // namespace
