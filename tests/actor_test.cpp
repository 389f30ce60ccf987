// pykka::Actor: identity, replies, typed message access and the actor's own view of itself.

#include <memory>
#include <regex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/event.hpp"
#include "support/runtimes.hpp"

namespace {

using pykka::testing::kWaitLimit;

template <class Runtime>
class ActorTest : public ::testing::Test {};
TYPED_TEST_SUITE(ActorTest, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

template <class Base>
class Greeter : public Base {
 public:
  explicit Greeter(std::string greeting = "Hi there!") : greeting_(std::move(greeting)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override { return greeting_; }

 private:
  std::string greeting_;
};

TYPED_TEST(ActorTest, RepliesWithTheReturnValueOfOnReceive) {
  auto ref = pykka::start<Greeter<typename TypeParam::ActorBase>>();
  EXPECT_EQ(ref.template ask<std::string>("Hi?", kWaitLimit), "Hi there!");
  ref.stop();
}

TYPED_TEST(ActorTest, PassesStartArgumentsToTheConstructor) {
  auto ref = pykka::start<Greeter<typename TypeParam::ActorBase>>("Hi you!");
  EXPECT_EQ(ref.template ask<std::string>("Hi?", kWaitLimit), "Hi you!");
  ref.stop();
}

TYPED_TEST(ActorTest, UrnIsARandomVersion4Uuid) {
  auto a = pykka::start<Greeter<typename TypeParam::ActorBase>>();
  auto b = pykka::start<Greeter<typename TypeParam::ActorBase>>();
  const std::regex uuid4(
      "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  EXPECT_TRUE(std::regex_match(a.actor_urn(), uuid4)) << a.actor_urn();
  EXPECT_NE(a.actor_urn(), b.actor_urn());
  a.stop();
  b.stop();
}

TYPED_TEST(ActorTest, KnowsItsUrnAndRefAlreadyInTheConstructor) {
  struct Early : TypeParam::ActorBase {
    Early() : urn_at_construction(this->actor_urn()), ref(this->actor_ref()) {}
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      return urn_at_construction == this->actor_urn() && ref == this->actor_ref();
    }
    std::string urn_at_construction;
    pykka::AnyActorRef ref;
  };
  auto ref = pykka::start<Early>();
  EXPECT_TRUE(ref.template ask<bool>(0, kWaitLimit));
  ref.stop();
}

TYPED_TEST(ActorTest, ActorRefCanBeTypedAsTheActorsOwnClass) {
  struct Typed : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      pykka::ActorRef<Typed> self = this->template actor_ref<Typed>();
      return self.actor_urn() == this->actor_urn();
    }
  };
  auto ref = pykka::start<Typed>();
  EXPECT_TRUE(ref.template ask<bool>(0, kWaitLimit));
  ref.stop();
}

TYPED_TEST(ActorTest, ActorRefAsAnUnrelatedClassIsATypeError) {
  struct Other : TypeParam::ActorBase {};
  struct Asker : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      (void)this->template actor_ref<Other>();
      return {};
    }
  };
  auto ref = pykka::start<Asker>();
  EXPECT_THROW((void)ref.ask(0, kWaitLimit), pykka::TypeError);
  ref.stop();
}

TYPED_TEST(ActorTest, RunsOnAThreadNamedAfterItsClass) {
  if constexpr (!TypeParam::thread_per_actor) {
    GTEST_SKIP() << "actors of this runtime share worker threads";
  }
  struct Named : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      char name[16] = {};
      pthread_getname_np(pthread_self(), name, sizeof name);
      return std::string(name);
    }
  };
  auto ref = pykka::start<Named>();
  const auto name = ref.template ask<std::string>(0, kWaitLimit);
  EXPECT_TRUE(std::regex_match(name, std::regex("Named-[0-9]+"))) << name;
  ref.stop();
}

TYPED_TEST(ActorTest, HandlesMoveOnlyMessagesAndReplies) {
  struct Owner : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& message) override {
      auto value = std::move(message).template as<std::unique_ptr<int>>();
      *value += 1;
      return value;  // moved back to the caller
    }
  };
  auto ref = pykka::start<Owner>();
  auto reply = ref.template ask<std::unique_ptr<int>>(std::make_unique<int>(41), kWaitLimit);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(*reply, 42);
  ref.stop();
}

TYPED_TEST(ActorTest, ProcessesOneMessageAtATimeInOrder) {
  struct Counter : TypeParam::ActorBase {
    int count = 0;
    int max_concurrent = 0;
    int inside = 0;
    pykka::Message on_receive(pykka::Message& message) override {
      ++inside;
      max_concurrent = std::max(max_concurrent, inside);
      if (message.is<int>()) {
        EXPECT_EQ(message.as<int>(), count);
        ++count;
      }
      --inside;
      return std::make_pair(count, max_concurrent);
    }
  };
  auto ref = pykka::start<Counter>();
  std::vector<std::thread> senders;
  for (int i = 0; i < 4; ++i) {
    senders.emplace_back([&] {
      for (int j = 0; j < 1000; ++j) (void)ref.ask(std::string("x"), pykka::nonblocking);
    });
  }
  for (int i = 0; i < 1000; ++i) ref.tell(i);
  for (auto& sender : senders) sender.join();
  const auto [count, max_concurrent] =
      ref.template ask<std::pair<int, int>>(std::string("done"), kWaitLimit);
  EXPECT_EQ(count, 1000);
  EXPECT_EQ(max_concurrent, 1);
  ref.stop();
}

TEST(ActorStandalone, CanBeConstructedAndCalledWithoutStartingIt) {
  struct Adder : pykka::ThreadingActor {
    int add(int a, int b) const { return a + b; }
  };
  Adder adder;
  EXPECT_EQ(adder.add(1, 2), 3);
  EXPECT_THROW((void)adder.actor_urn(), pykka::Error);
  EXPECT_THROW((void)adder.actor_ref(), pykka::Error);
  adder.stop();  // no effect, no crash
}

}  // namespace
