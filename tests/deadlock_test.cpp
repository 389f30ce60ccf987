// Deadlock detection: a cycle of actors blocked on each other's replies is reported at ERROR
// (and, under DeadlockPolicy::raise, throws DeadlockError); chains without a cycle never are.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actor_test.hpp"
#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/runtimes.hpp"
#include "support/text.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::DeadlockPolicy;
using pykka::LogLevel;
using pykka::testing::display;
using pykka::testing::LogCapture;

// Replies holding an exception are kept (as futures) until the actors that set them have
// stopped: libstdc++ counts exception_ptr references out of ThreadSanitizer's sight, so the last
// owner must be ordered after the actor's release by pykka's own synchronisation.

// Long enough for the report to be logged first, short enough to keep the suite quick: a
// detected but tolerated cycle only ends through this timeout.
constexpr auto kCycleTimeout = 300ms;

class PolicyScope {
 public:
  explicit PolicyScope(DeadlockPolicy policy) : previous_(pykka::deadlock_policy()) {
    pykka::set_deadlock_policy(policy);
  }
  ~PolicyScope() { pykka::set_deadlock_policy(previous_); }
  PolicyScope(const PolicyScope&) = delete;
  PolicyScope& operator=(const PolicyScope&) = delete;

 private:
  DeadlockPolicy previous_;
};

std::vector<pykka::LogRecord> deadlock_reports(const LogCapture& log) {
  return log.matching(LogLevel::error, "Deadlock detected: ");
}

struct AskSelf {
  bool timed;
};

template <class Base>
class SelfAsker : public Base {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* ask = message.get_if<AskSelf>()) {
      auto self = this->actor_ref();
      if (ask->timed) return self.template ask<int>(std::string("x"), kCycleTimeout);
      return self.template ask<int>(std::string("x"));
    }
    return 1;
  }
};

struct CallPeer {};
struct CallBack {
  bool timed;
};

template <class Base>
class First : public Base {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* peer = message.get_if<pykka::AnyActorRef>()) {
      peer_ = *peer;
      return {};
    }
    if (auto* call = message.get_if<CallBack>()) return peer_.ask<int>(*call);
    return 1;
  }

 private:
  pykka::AnyActorRef peer_;
};

template <class Base>
class Second : public Base {
 public:
  explicit Second(pykka::AnyActorRef first) : first_(std::move(first)) {}
  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* call = message.get_if<CallBack>()) {
      if (call->timed) return first_.ask<int>(CallPeer{}, kCycleTimeout);
      return first_.ask<int>(CallPeer{});
    }
    return 2;
  }

 private:
  pykka::AnyActorRef first_;
};

template <class Base>
struct Pair {
  pykka::ActorRef<First<Base>> first = pykka::start<First<Base>>();
  pykka::ActorRef<Second<Base>> second = pykka::start<Second<Base>>(first);
  Pair() { first.ask(pykka::AnyActorRef(second)); }
  ~Pair() {
    pykka::ActorRegistry::stop_all();  // also answers whatever is still queued
  }
  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;
};

template <class Runtime>
class DeadlockDetection : public pykka::testing::ActorTest {};
TYPED_TEST_SUITE(DeadlockDetection, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

TYPED_TEST(DeadlockDetection, ReportsAnActorAskingItselfAtErrorAndStillBlocks) {
  LogCapture log;
  auto actor = pykka::start<SelfAsker<typename TypeParam::ActorBase>>();
  auto reply = actor.ask(AskSelf{true}, pykka::nonblocking);
  EXPECT_THROW(reply.get(pykka::testing::kWaitLimit), pykka::Timeout);  // Pykka's outcome

  const auto reports = deadlock_reports(log);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].message, "Deadlock detected: " + display(actor) + " → " + display(actor));
  EXPECT_EQ(reports[0].actor, display(actor));
  actor.stop();
}

TYPED_TEST(DeadlockDetection, ThrowsOnAnActorAskingItselfWhenRaiseIsEnabled) {
  PolicyScope raise(DeadlockPolicy::raise);
  LogCapture log;
  auto actor = pykka::start<SelfAsker<typename TypeParam::ActorBase>>();
  auto reply = actor.ask(AskSelf{false}, pykka::nonblocking);  // would hang without detection
  try {
    reply.get(pykka::testing::kWaitLimit);
    ADD_FAILURE() << "expected pykka::DeadlockError";
  } catch (const pykka::DeadlockError& error) {
    EXPECT_EQ(std::string(error.what()),
              "deadlock detected: " + display(actor) + " → " + display(actor));
  }
  EXPECT_EQ(deadlock_reports(log).size(), 1u);
  actor.stop();
}

// first asks second, which asks first back. Whichever of the two starts waiting last closes the
// cycle (second, unless first is slow to reach its wait) and reports it, starting from itself.
bool is_cycle_of(const std::string& text, const std::string& a, const std::string& b) {
  return text == a + " → " + b + " → " + a || text == b + " → " + a + " → " + b;
}

TYPED_TEST(DeadlockDetection, ReportsATwoActorCycleSpelledOutFromTheActorClosingIt) {
  LogCapture log;
  Pair<typename TypeParam::ActorBase> pair;
  auto reply = pair.first.ask(CallBack{true}, pykka::nonblocking);
  EXPECT_THROW(reply.get(pykka::testing::kWaitLimit), pykka::Timeout);

  const auto reports = deadlock_reports(log);
  ASSERT_EQ(reports.size(), 1u);
  const std::string a = display(pair.first);
  const std::string b = display(pair.second);
  const std::string prefix = "Deadlock detected: ";
  ASSERT_EQ(reports[0].message.rfind(prefix, 0), 0u);
  const std::string cycle = reports[0].message.substr(prefix.size());
  EXPECT_TRUE(is_cycle_of(cycle, a, b)) << cycle;
  EXPECT_EQ(cycle.substr(0, reports[0].actor.size()), reports[0].actor);
  pykka::ActorRegistry::stop_all();
}

TYPED_TEST(DeadlockDetection, ThrowsOnATwoActorCycleWhenRaiseIsEnabled) {
  PolicyScope raise(DeadlockPolicy::raise);
  LogCapture log;
  Pair<typename TypeParam::ActorBase> pair;
  const std::string a = display(pair.first);
  const std::string b = display(pair.second);
  auto reply = pair.first.ask(CallBack{false}, pykka::nonblocking);
  try {
    reply.get(pykka::testing::kWaitLimit);
    ADD_FAILURE() << "expected pykka::DeadlockError";
  } catch (const pykka::DeadlockError& error) {
    // Thrown in the actor closing the cycle and passed back along the asks to us.
    const std::string prefix = "deadlock detected: ";
    const std::string text = error.what();
    ASSERT_EQ(text.rfind(prefix, 0), 0u);
    EXPECT_TRUE(is_cycle_of(text.substr(prefix.size()), a, b)) << text;
  }
  EXPECT_EQ(deadlock_reports(log).size(), 1u);
  pykka::ActorRegistry::stop_all();
}

TYPED_TEST(DeadlockDetection, IgnorePolicyNeitherReportsNorThrows) {
  PolicyScope ignore(DeadlockPolicy::ignore);
  LogCapture log;
  auto actor = pykka::start<SelfAsker<typename TypeParam::ActorBase>>();
  auto reply = actor.ask(AskSelf{true}, pykka::nonblocking);
  EXPECT_THROW(reply.get(pykka::testing::kWaitLimit), pykka::Timeout);
  EXPECT_TRUE(deadlock_reports(log).empty());
  actor.stop();
}

struct Relay {};

// Forwards Relay down the chain and blocks on the answer; the last link answers 0.
template <class Base>
class Link : public Base {
 public:
  explicit Link(pykka::AnyActorRef next = {}) : next_(std::move(next)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    if (!next_) return 0;
    return next_.ask<int>(Relay{}) + 1;
  }

 private:
  pykka::AnyActorRef next_;
};

TYPED_TEST(DeadlockDetection, ALongChainOfBlockingAsksIsNeverReported) {
  PolicyScope raise(DeadlockPolicy::raise);  // a false positive would throw, not just log
  LogCapture log;
  constexpr int kLength = 40;
  std::vector<pykka::AnyActorRef> chain{pykka::start<Link<typename TypeParam::ActorBase>>()};
  for (int i = 1; i < kLength; ++i) {
    chain.push_back(pykka::start<Link<typename TypeParam::ActorBase>>(chain.back()));
  }
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(chain.back().ask<int>(Relay{}, pykka::testing::kWaitLimit), kLength - 1);
  }
  EXPECT_TRUE(deadlock_reports(log).empty());
  pykka::ActorRegistry::stop_all();
}

struct Start {};
struct Answer {};
struct AskBack {};
struct Sync {};

// B answers A, then at once asks A: A's wait on B is over, although A may not have woken yet.
// Counting A's finished wait as an edge would report a cycle that does not exist.
template <class Base>
class Answerer : public Base {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<Answer>()) {
      this->actor_ref().tell(AskBack{});  // handled right after this reply goes out
      return 1;
    }
    if (message.is<AskBack>()) return asker_.ask<int>(Answer{});
    if (auto* asker = message.get_if<pykka::AnyActorRef>()) asker_ = *asker;
    return {};  // Sync: everything queued before it is done
  }

 private:
  pykka::AnyActorRef asker_;
};

template <class Base>
class Asker : public Base {
 public:
  explicit Asker(pykka::AnyActorRef answerer) : answerer_(std::move(answerer)) {}
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<Start>()) return answerer_.ask<int>(Answer{});
    return 2;
  }

 private:
  pykka::AnyActorRef answerer_;
};

TYPED_TEST(DeadlockDetection, AReplyInFlightIsNotMistakenForACycle) {
  PolicyScope raise(DeadlockPolicy::raise);
  LogCapture log;
  using Base = typename TypeParam::ActorBase;
  auto answerer = pykka::start<Answerer<Base>>();
  auto asker = pykka::start<Asker<Base>>(answerer);
  answerer.ask(pykka::AnyActorRef(asker));
  for (int round = 0; round < 50; ++round) {
    EXPECT_EQ(asker.template ask<int>(Start{}, pykka::testing::kWaitLimit), 1);
    // AskBack is already queued ahead of Sync; letting it finish keeps the next Start from
    // meeting a blocked answerer, which would be a real cycle.
    answerer.ask(Sync{}, pykka::testing::kWaitLimit);
  }
  answerer.stop();
  asker.stop();
  EXPECT_TRUE(deadlock_reports(log).empty());
  EXPECT_TRUE(log.matching(LogLevel::info, "Exception returned").empty());
}

// The same pattern hammered from several pairs at once, so that askers are often preempted
// between seeing their reply unset and entering the wait-for graph: by then the answerer may have
// replied and be blocked on the asker, which only the asker's own (set) future breaks.
TYPED_TEST(DeadlockDetection, ARepliedAskerIsNeverReportedUnderContention) {
  PolicyScope raise(DeadlockPolicy::raise);
  LogCapture log;
  using Base = typename TypeParam::ActorBase;
  constexpr int kPairs = 4;
  constexpr int kRounds = 2000;
  const auto budget = std::chrono::steady_clock::now() + 5s;  // bounds the test on a slow host
  std::atomic<int> failures{0};
  std::atomic<int> rounds_done{0};
  std::vector<std::thread> drivers;
  for (int pair = 0; pair < kPairs; ++pair) {
    drivers.emplace_back([&] {
      auto answerer = pykka::start<Answerer<Base>>();
      auto asker = pykka::start<Asker<Base>>(answerer);
      answerer.ask(pykka::AnyActorRef(asker));
      for (int round = 0; round < kRounds && std::chrono::steady_clock::now() < budget; ++round) {
        try {
          if (asker.template ask<int>(Start{}, pykka::testing::kWaitLimit) != 1) ++failures;
          answerer.ask(Sync{}, pykka::testing::kWaitLimit);
        } catch (const pykka::Error&) {
          ++failures;
          break;
        }
        ++rounds_done;
      }
      answerer.stop();
      asker.stop();
    });
  }
  for (auto& driver : drivers) driver.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(rounds_done.load(), 0);
  EXPECT_TRUE(deadlock_reports(log).empty());
}

TYPED_TEST(DeadlockDetection, WaitingFromAThreadThatIsNotAnActorIsNeverReported) {
  PolicyScope raise(DeadlockPolicy::raise);
  LogCapture log;
  auto actor = pykka::start<SelfAsker<typename TypeParam::ActorBase>>();
  EXPECT_EQ(actor.template ask<int>(std::string("plain"), pykka::testing::kWaitLimit), 1);
  EXPECT_TRUE(deadlock_reports(log).empty());
  actor.stop();
}

TEST(DeadlockPolicySetting, DefaultsToReportAndCanBeChanged) {
  EXPECT_EQ(pykka::deadlock_policy(), DeadlockPolicy::report);
  {
    PolicyScope raise(DeadlockPolicy::raise);
    EXPECT_EQ(pykka::deadlock_policy(), DeadlockPolicy::raise);
  }
  EXPECT_EQ(pykka::deadlock_policy(), DeadlockPolicy::report);
}

TEST(DeadlockErrorType, IsAPykkaError) {
  const pykka::DeadlockError error("deadlock detected: x");
  const pykka::Error& base = error;
  EXPECT_STREQ(base.what(), "deadlock detected: x");
}

}  // namespace
