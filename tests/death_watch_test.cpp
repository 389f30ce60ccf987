// Death watch: Actor::watch/unwatch, the Terminated notice and ActorRef::termination().

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/event.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::Journal;
using pykka::testing::kWaitLimit;

template <class Runtime>
class DeathWatch : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(DeathWatch, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

struct WatchIt {
  pykka::AnyActorRef target;
};
struct UnwatchIt {
  pykka::AnyActorRef target;
};
// Waits (inside the watcher) until `target` is torn down, then unwatches it.
struct UnwatchAfterDeath {
  pykka::AnyActorRef target;
};

// Records each notice as "notice <class> <reason>" and each other message as its text.
template <class Base>
class Watcher : public Base {
 public:
  explicit Watcher(Journal* journal) : journal_(journal) {}

  void on_terminated(const pykka::Terminated& notice) override {
    const std::string& name = notice.actor.actor_class_name();
    std::string what =
        "notice " + name.substr(0, name.find('<')) + " " + pykka::to_string(notice.reason);
    if (notice.error) {
      try {
        std::rethrow_exception(notice.error);
      } catch (const std::exception& e) {
        what += std::string(" ") + e.what();
      }
    }
    journal_->add(what);
  }

  pykka::Message on_receive(pykka::Message& message) override {
    if (pykka::testing::handle_block(message)) return {};
    if (auto* watch_it = message.get_if<WatchIt>()) {
      this->watch(watch_it->target);
      return {};
    }
    if (auto* unwatch_it = message.get_if<UnwatchIt>()) return this->unwatch(unwatch_it->target);
    if (auto* after = message.get_if<UnwatchAfterDeath>()) {
      (void)after->target.termination().get(kWaitLimit);
      return this->unwatch(after->target);
    }
    journal_->add(message.to_string());
    return {};
  }

 private:
  Journal* journal_;
};

template <class Base>
class Target : public Base {
 public:
  explicit Target(Journal* journal = nullptr, bool fail_on_start = false)
      : journal_(journal), fail_on_start_(fail_on_start) {}
  void on_start() override {
    if (fail_on_start_) throw std::runtime_error("no start");
  }
  void on_stop() override {
    if (journal_ != nullptr) journal_->add("target on_stop");
  }
  void on_failure(std::exception_ptr /*error*/) override {
    if (journal_ != nullptr) journal_->add("target on_failure");
  }
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<std::string>() && message.as<std::string>() == "fail") {
      throw std::runtime_error("handler failed");
    }
    return {};
  }

 private:
  Journal* journal_;
  bool fail_on_start_;
};

TYPED_TEST(DeathWatch, WatcherIsToldAfterTheWatchedActorsOnStopThatItStopped) {
  Journal journal;
  auto watcher = pykka::start<Watcher<typename TypeParam::ActorBase>>(&journal);
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>(&journal);
  watcher.ask(WatchIt{target}, kWaitLimit);
  target.stop();
  ASSERT_TRUE(journal.wait_for("notice Target stopped"))
      << ::testing::PrintToString(journal.entries());
  EXPECT_EQ(journal.entries(),
            (std::vector<std::string>{"target on_stop", "notice Target stopped"}));
}

TYPED_TEST(DeathWatch, NoticeOfAFailureCarriesTheExceptionAndComesAfterOnFailure) {
  Journal journal;
  auto watcher = pykka::start<Watcher<typename TypeParam::ActorBase>>(&journal);
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>(&journal);
  watcher.ask(WatchIt{target}, kWaitLimit);
  target.tell(std::string("fail"));
  ASSERT_TRUE(journal.wait_for("notice Target failed handler failed"))
      << ::testing::PrintToString(journal.entries());
  EXPECT_EQ(journal.entries(),
            (std::vector<std::string>{"target on_failure", "notice Target failed handler failed"}));
}

TYPED_TEST(DeathWatch, NoticeOfAnActorWhoseOnStartThrewSaysSo) {
  Journal journal;
  auto watcher = pykka::start<Watcher<typename TypeParam::ActorBase>>(&journal);
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>(&journal, true);
  watcher.ask(WatchIt{target}, kWaitLimit);
  EXPECT_TRUE(journal.wait_for("notice Target failed_in_on_start no start"))
      << ::testing::PrintToString(journal.entries());
}

TYPED_TEST(DeathWatch, WatchingAnAlreadyDeadActorDeliversTheNoticeAtOnce) {
  Journal journal;
  auto watcher = pykka::start<Watcher<typename TypeParam::ActorBase>>(&journal);
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>();
  target.stop();
  (void)target.termination().get(kWaitLimit);
  watcher.ask(WatchIt{target}, kWaitLimit);
  EXPECT_TRUE(journal.wait_for("notice Target stopped"))
      << ::testing::PrintToString(journal.entries());
}

// Starts a Watcher journaling into `journal` and a Target it watches.
template <class Base>
std::pair<pykka::ActorRef<Watcher<Base>>, pykka::ActorRef<Target<Base>>> start_watching(
    Journal& journal) {
  auto watcher = pykka::start<Watcher<Base>>(&journal);
  auto target = pykka::start<Target<Base>>();
  watcher.ask(WatchIt{target}, kWaitLimit);
  return {watcher, target};
}

TYPED_TEST(DeathWatch, NoticeIsHandledInOrderWithTheWatchersOtherMessages) {
  Journal journal;
  auto [watcher, target] = start_watching<typename TypeParam::ActorBase>(journal);
  {
    pykka::testing::Parked parked(watcher);
    ASSERT_TRUE(parked.ok());
    watcher.tell(std::string("before"));
    target.stop();
    (void)target.termination().get(kWaitLimit);  // the notice is queued now
    watcher.tell(std::string("after"));
  }
  ASSERT_TRUE(journal.wait_for("after")) << ::testing::PrintToString(journal.entries());
  EXPECT_EQ(journal.entries(),
            (std::vector<std::string>{"before", "notice Target stopped", "after"}));
}

TYPED_TEST(DeathWatch, ATerminationSeenDoneMeansTheWatchersNoticeIsQueuedAlready) {
  // Polls the termination future while the target dies, so that some rounds see it done while
  // the teardown is still queuing notices: a message told after that comes after the notice.
  for (int round = 0; round < 100; ++round) {
    Journal journal;
    auto [watcher, target] = start_watching<typename TypeParam::ActorBase>(journal);
    {
      pykka::testing::Parked parked(watcher);
      ASSERT_TRUE(parked.ok());
      (void)target.stop(pykka::nonblocking);
      const auto deadline = std::chrono::steady_clock::now() + kWaitLimit;
      while (!target.termination().done() && std::chrono::steady_clock::now() < deadline) {
      }
      watcher.tell(std::string("after"));
    }
    ASSERT_TRUE(journal.wait_for("after")) << ::testing::PrintToString(journal.entries());
    ASSERT_EQ(journal.entries(), (std::vector<std::string>{"notice Target stopped", "after"}))
        << "round " << round;
    EXPECT_TRUE(watcher.stop(kWaitLimit));
  }
}

TYPED_TEST(DeathWatch, UnwatchedActorsNoticeIsNotHandledEvenWhenAlreadyQueued) {
  Journal journal;
  auto watcher = pykka::start<Watcher<typename TypeParam::ActorBase>>(&journal);
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>();
  watcher.ask(WatchIt{target}, kWaitLimit);
  auto unwatched = watcher.template ask<bool>(UnwatchAfterDeath{target}, pykka::nonblocking);
  target.stop();
  EXPECT_TRUE(unwatched.get(kWaitLimit));
  watcher.ask(std::string("done"), kWaitLimit);
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"done"}));
}

TYPED_TEST(DeathWatch, UnwatchBeforeTheDeathMeansNoNotice) {
  Journal journal;
  auto watcher = pykka::start<Watcher<typename TypeParam::ActorBase>>(&journal);
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>();
  watcher.ask(WatchIt{target}, kWaitLimit);
  EXPECT_TRUE(watcher.template ask<bool>(UnwatchIt{target}, kWaitLimit));
  EXPECT_FALSE(watcher.template ask<bool>(UnwatchIt{target}, kWaitLimit));
  target.stop();
  (void)target.termination().get(kWaitLimit);
  watcher.ask(std::string("done"), kWaitLimit);
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"done"}));
}

TYPED_TEST(DeathWatch, WatchingTwiceGivesOneNotice) {
  Journal journal;
  auto watcher = pykka::start<Watcher<typename TypeParam::ActorBase>>(&journal);
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>();
  watcher.ask(WatchIt{target}, kWaitLimit);
  watcher.ask(WatchIt{target}, kWaitLimit);
  target.stop();
  ASSERT_TRUE(journal.wait_for("notice Target stopped"))
      << ::testing::PrintToString(journal.entries());
  watcher.ask(std::string("done"), kWaitLimit);
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"notice Target stopped", "done"}));
}

TYPED_TEST(DeathWatch, DefaultOnTerminatedPassesTheNoticeToOnReceive) {
  struct Plain : TypeParam::ActorBase {
    Journal* journal;
    explicit Plain(Journal* j) : journal(j) {}
    pykka::Message on_receive(pykka::Message& message) override {
      if (auto* watch_it = message.get_if<WatchIt>()) {
        this->watch(watch_it->target);
      } else if (auto* notice = message.get_if<pykka::Terminated>()) {
        journal->add(notice->stopped() ? "terminated stopped" : "terminated failed");
      }
      return {};
    }
  };
  Journal journal;
  auto watcher = pykka::start<Plain>(&journal);
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>();
  watcher.ask(WatchIt{target}, kWaitLimit);
  target.stop();
  EXPECT_TRUE(journal.wait_for("terminated stopped"))
      << ::testing::PrintToString(journal.entries());
}

TYPED_TEST(DeathWatch, AnExceptionFromOnTerminatedFailsTheWatcher) {
  struct Fragile : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& message) override {
      if (auto* watch_it = message.get_if<WatchIt>()) this->watch(watch_it->target);
      return {};
    }
    void on_terminated(const pykka::Terminated& /*notice*/) override {
      throw std::runtime_error("cannot cope");
    }
  };
  auto watcher = pykka::start<Fragile>();
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>();
  watcher.ask(WatchIt{target}, kWaitLimit);
  target.stop();
  const pykka::Terminated notice = watcher.termination().get(kWaitLimit);
  EXPECT_EQ(notice.reason, pykka::TerminationReason::failed);
  EXPECT_EQ(notice.actor, watcher);
}

TYPED_TEST(DeathWatch, WatchOutsideTheActorsOwnCodeThrows) {
  struct Plain : TypeParam::ActorBase {};
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>();
  Plain unstarted;
  EXPECT_THROW(unstarted.watch(target), pykka::Error);
}

TYPED_TEST(DeathWatch, WatchingAnEmptyRefOrItselfIsRefusedWithAClearError) {
  struct SelfWatcher : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& message) override {
      if (message.is<std::string>()) {
        this->watch(pykka::AnyActorRef());
      } else {
        this->watch(this->actor_ref());
      }
      return {};
    }
  };
  auto watcher = pykka::start<SelfWatcher>();
  EXPECT_THROW(watcher.ask(std::string("empty"), kWaitLimit), pykka::Error);
  EXPECT_THROW(watcher.ask(0, kWaitLimit), pykka::InvalidArgument);
  EXPECT_TRUE(watcher.is_alive());  // an ask's exception goes to the caller
}

TYPED_TEST(DeathWatch, TerminationFutureCompletesOnceTheActorIsTornDownWithTheReason) {
  Journal journal;
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>(&journal);
  auto termination = target.termination();
  EXPECT_FALSE(termination.done());
  auto called = std::make_shared<pykka::testing::Event>();
  auto seen = std::make_shared<std::atomic<int>>(-1);
  termination.on_done([called, seen](const pykka::Future<pykka::Terminated>& done) {
    seen->store(static_cast<int>(done.get().reason));
    called->set();
  });
  target.tell(std::string("fail"));
  const pykka::Terminated notice = termination.get(kWaitLimit);
  EXPECT_EQ(notice.reason, pykka::TerminationReason::failed);
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"target on_failure"}));
  ASSERT_TRUE(called->wait());
  EXPECT_EQ(seen->load(), static_cast<int>(pykka::TerminationReason::failed));
}

TYPED_TEST(DeathWatch, TerminationOfAnAlreadyDeadActorIsCompleteAtOnce) {
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>();
  target.stop();
  (void)target.termination().get(kWaitLimit);
  auto later = target.termination();
  EXPECT_TRUE(later.done());
  EXPECT_EQ(later.get(0s).reason, pykka::TerminationReason::stopped);
  EXPECT_EQ(later.get(0s).actor, target);
}

TYPED_TEST(DeathWatch, TerminationOfAnActorWhoseOnStartThrewSaysFailedInOnStart) {
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>(nullptr, true);
  const auto notice = target.termination().get(kWaitLimit);
  EXPECT_EQ(notice.reason, pykka::TerminationReason::failed_in_on_start);
  EXPECT_TRUE(notice.error != nullptr);
}

TYPED_TEST(DeathWatch, AWatchRacingWithTheDeathGivesExactlyOneNotice) {
  Journal journal;
  auto watcher = pykka::start<Watcher<typename TypeParam::ActorBase>>(&journal);
  constexpr int kRounds = 200;
  for (int round = 1; round <= kRounds; ++round) {
    auto target = pykka::start<Target<typename TypeParam::ActorBase>>();
    std::thread stopper([&] { (void)target.stop(pykka::nonblocking); });
    watcher.tell(WatchIt{target});
    stopper.join();
    ASSERT_TRUE(journal.wait_for("notice Target stopped", round)) << "round " << round;
  }
  watcher.ask(std::string("done"), kWaitLimit);
  const auto entries = journal.entries();
  EXPECT_EQ(std::count(entries.begin(), entries.end(), "notice Target stopped"), kRounds);
}

TYPED_TEST(DeathWatch, ManyWatchersOfOneActorAreAllTold) {
  Journal journal;
  std::vector<pykka::ActorRef<Watcher<typename TypeParam::ActorBase>>> watchers;
  auto target = pykka::start<Target<typename TypeParam::ActorBase>>();
  for (int i = 0; i < 20; ++i) {
    watchers.push_back(pykka::start<Watcher<typename TypeParam::ActorBase>>(&journal));
    watchers.back().ask(WatchIt{target}, kWaitLimit);
  }
  target.stop();
  EXPECT_TRUE(journal.wait_for("notice Target stopped", 20))
      << ::testing::PrintToString(journal.entries());
}

}  // namespace
