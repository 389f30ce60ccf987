// Dead letters: the DEBUG record and the system's hook for messages told and never handled.

#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::kWaitLimit;
using pykka::testing::LogCapture;

template <class Runtime>
class DeadLetters : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(DeadLetters, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

// Collects what the hook sees: "<reason> <message>".
class Letters {
 public:
  pykka::DeadLetterHook hook() {
    return [this](const pykka::DeadLetter& letter) {
      std::lock_guard lock(mutex_);
      seen_.push_back(std::string(letter.reason == pykka::DeadLetterReason::not_found
                                      ? "not_found "
                                      : "stopped_before_handling ") +
                      letter.message.to_string());
      recipients_.push_back(letter.recipient);
    };
  }
  std::vector<std::string> seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  std::vector<pykka::AnyActorRef> recipients() const {
    std::lock_guard lock(mutex_);
    return recipients_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> seen_;               // guarded by mutex_
  std::vector<pykka::AnyActorRef> recipients_;  // guarded by mutex_
};

template <class Base>
struct Quiet : Base {
  pykka::Message on_receive(pykka::Message& message) override {
    (void)pykka::testing::handle_block(message);
    return {};
  }
};

TYPED_TEST(DeadLetters, ATellToADeadActorIsSeenByTheHookAndLoggedAtDebug) {
  pykka::ActorSystem system;
  Letters letters;
  system.set_dead_letter_hook(letters.hook());
  LogCapture logs;
  auto actor = system.start<Quiet<typename TypeParam::ActorBase>>();
  actor.stop();
  EXPECT_THROW(actor.tell(std::string("late")), pykka::ActorDeadError);
  EXPECT_EQ(letters.seen(), (std::vector<std::string>{"not_found late"}));
  ASSERT_EQ(letters.recipients().size(), 1U);
  EXPECT_EQ(letters.recipients()[0], actor);
  EXPECT_EQ(logs.matching(pykka::LogLevel::debug, "Message to " + actor.actor_class_name()).size(),
            1U);
}

TYPED_TEST(DeadLetters, TellsStillQueuedWhenTheActorStopsAreSeenInOrder) {
  pykka::ActorSystem system;
  Letters letters;
  system.set_dead_letter_hook(letters.hook());
  auto actor = system.start<Quiet<typename TypeParam::ActorBase>>();
  {
    pykka::testing::Parked parked(actor);
    ASSERT_TRUE(parked.ok());
    (void)actor.stop(pykka::nonblocking);
    actor.tell(std::string("one"));
    actor.tell(std::string("two"));
  }
  (void)actor.termination().get(kWaitLimit);
  EXPECT_EQ(letters.seen(), (std::vector<std::string>{"stopped_before_handling one",
                                                      "stopped_before_handling two"}));
}

TYPED_TEST(DeadLetters, AsksAndStopRequestsAreNotDeadLetters) {
  pykka::ActorSystem system;
  Letters letters;
  system.set_dead_letter_hook(letters.hook());
  auto actor = system.start<Quiet<typename TypeParam::ActorBase>>();
  actor.stop();
  EXPECT_FALSE(actor.stop());
  EXPECT_THROW(actor.ask(std::string("question"), kWaitLimit), pykka::ActorDeadError);
  EXPECT_TRUE(letters.seen().empty());
}

TYPED_TEST(DeadLetters, ATimerMessageToADeadActorIsADeadLetter) {
  pykka::ActorSystem system;
  Letters letters;
  system.set_dead_letter_hook(letters.hook());
  auto actor = system.start<Quiet<typename TypeParam::ActorBase>>();
  actor.stop();
  auto timer = system.clock().tell_after(actor, 1ms, std::string("tick"));
  system.clock().after(20ms).get(kWaitLimit);
  EXPECT_FALSE(timer.is_active());
  EXPECT_EQ(letters.seen(), (std::vector<std::string>{"not_found tick"}));
}

TYPED_TEST(DeadLetters, AHookThatThrowsIsLoggedAtErrorAndTheSenderStillGetsActorDeadError) {
  pykka::ActorSystem system;
  system.set_dead_letter_hook([](const pykka::DeadLetter&) { throw std::runtime_error("boom"); });
  LogCapture logs;
  auto actor = system.start<Quiet<typename TypeParam::ActorBase>>();
  actor.stop();
  EXPECT_THROW(actor.tell(1), pykka::ActorDeadError);
  EXPECT_EQ(logs.matching(pykka::LogLevel::error, "Exception in the dead-letter hook").size(), 1U);
}

TYPED_TEST(DeadLetters, SettingAHookReturnsThePreviousOneAndAnEmptyOneRemovesIt) {
  pykka::ActorSystem system;
  Letters first;
  EXPECT_FALSE(system.set_dead_letter_hook(first.hook()));
  auto previous = system.set_dead_letter_hook({});
  EXPECT_TRUE(previous);
  auto actor = system.start<Quiet<typename TypeParam::ActorBase>>();
  actor.stop();
  EXPECT_THROW(actor.tell(1), pykka::ActorDeadError);
  EXPECT_TRUE(first.seen().empty());
}

TYPED_TEST(DeadLetters, AHookSeesOnlyItsOwnSystemsDeadLetters) {
  pykka::ActorSystem watched;
  pykka::ActorSystem other;
  Letters letters;
  watched.set_dead_letter_hook(letters.hook());
  auto actor = other.start<Quiet<typename TypeParam::ActorBase>>();
  actor.stop();
  EXPECT_THROW(actor.tell(1), pykka::ActorDeadError);
  EXPECT_TRUE(letters.seen().empty());
}

}  // namespace
