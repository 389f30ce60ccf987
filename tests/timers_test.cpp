// Timers: tell_after, fixed-rate and fixed-delay timers, cancel, after(), and the system's clock.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::Journal;
using pykka::testing::kWaitLimit;

template <class Runtime>
class Timers : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(Timers, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

// Records every string it is told, with when it arrived.
template <class Base>
class Recorder : public Base {
 public:
  explicit Recorder(Journal* journal) : journal_(journal) {}
  pykka::Message on_receive(pykka::Message& message) override {
    if (pykka::testing::handle_block(message)) return {};
    if (message.is<std::string>()) {
      journal_->add(message.as<std::string>());
      arrivals_.push_back(std::chrono::steady_clock::now());
    }
    if (message.is<int>())
      return arrivals_.empty() ? std::chrono::steady_clock::time_point{} : arrivals_.front();
    return {};
  }

 private:
  Journal* journal_;
  std::vector<std::chrono::steady_clock::time_point> arrivals_;
};

long count_of(const Journal& journal, const std::string& entry) {
  const auto entries = journal.entries();
  return std::count(entries.begin(), entries.end(), entry);
}

// Waits `delay` on the default system's clock (not a sleep: the test blocks on a future).
void wait_on_clock(std::chrono::milliseconds delay) {
  pykka::ActorSystem::default_system().clock().after(delay).get(kWaitLimit);
}

TYPED_TEST(Timers, TellAfterDeliversTheMessageNoSoonerThanTheDelay) {
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  const auto scheduled = std::chrono::steady_clock::now();
  pykka::tell_after(recorder, 20ms, std::string("late"));
  ASSERT_TRUE(journal.wait_for("late"));
  const auto arrived = recorder.template ask<std::chrono::steady_clock::time_point>(0, kWaitLimit);
  EXPECT_GE(arrived - scheduled, 20ms);
}

TYPED_TEST(Timers, TimersFireInTheOrderOfTheirDeadlines) {
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  pykka::tell_after(recorder, 30ms, std::string("third"));
  pykka::tell_after(recorder, 1ms, std::string("first"));
  pykka::tell_after(recorder, 15ms, std::string("second"));
  ASSERT_TRUE(journal.wait_for("third"));
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"first", "second", "third"}));
}

TYPED_TEST(Timers, AOneShotTimerMayCarryAMoveOnlyMessage) {
  struct Holder : TypeParam::ActorBase {
    Journal* journal;
    explicit Holder(Journal* j) : journal(j) {}
    pykka::Message on_receive(pykka::Message& message) override {
      if (auto* owned = message.get_if<std::unique_ptr<int>>()) {
        journal->add(std::to_string(**owned));
      }
      return {};
    }
  };
  Journal journal;
  auto holder = pykka::start<Holder>(&journal);
  pykka::tell_after(holder, 1ms, std::make_unique<int>(7));
  EXPECT_TRUE(journal.wait_for("7"));
}

TYPED_TEST(Timers, CancelBeforeTheDeadlineStopsTheMessageAndSaysSo) {
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  auto timer = pykka::tell_after(recorder, 50ms, std::string("cancelled"));
  EXPECT_TRUE(timer.is_active());
  EXPECT_TRUE(timer.cancel());
  EXPECT_FALSE(timer.is_active());
  EXPECT_FALSE(timer.cancel());  // a second cancel is harmless and says nothing was stopped
  pykka::tell_after(recorder, 80ms, std::string("marker"));
  ASSERT_TRUE(journal.wait_for("marker"));
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"marker"}));
}

TYPED_TEST(Timers, CancelAfterAOneShotTimerFiredReturnsFalse) {
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  auto timer = pykka::tell_after(recorder, 1ms, std::string("fired"));
  ASSERT_TRUE(journal.wait_for("fired"));
  // The message may be handled before the clock has marked the timer done; cancel waits for it.
  EXPECT_FALSE(timer.cancel());
  EXPECT_FALSE(timer.is_active());
  EXPECT_FALSE(pykka::Timer().cancel());
}

TYPED_TEST(Timers, AFixedRateTimerTellsRepeatedlyAndNothingAfterCancel) {
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  auto timer = pykka::tell_at_fixed_rate(recorder, 0ms, 2ms, std::string("tick"));
  ASSERT_TRUE(journal.wait_for("tick", 5));
  EXPECT_TRUE(timer.cancel());
  recorder.tell(std::string("marker"));
  wait_on_clock(20ms);  // ten periods
  recorder.ask(1, kWaitLimit);
  const auto entries = journal.entries();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back(), "marker");
}

TYPED_TEST(Timers, AFixedDelayTimerTellsRepeatedlyAndNothingAfterCancel) {
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  auto timer = pykka::tell_with_fixed_delay(recorder, 1ms, 2ms, std::string("tick"));
  ASSERT_TRUE(journal.wait_for("tick", 5));
  EXPECT_TRUE(timer.cancel());
  EXPECT_FALSE(timer.cancel());
  recorder.tell(std::string("marker"));
  wait_on_clock(20ms);
  recorder.ask(1, kWaitLimit);
  EXPECT_EQ(journal.entries().back(), "marker");
}

TYPED_TEST(Timers, AFixedRateTimerCatchesUpAfterItsTargetWasBusy) {
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  const auto started = std::chrono::steady_clock::now();
  pykka::Timer timer;
  {
    pykka::testing::Parked parked(recorder);
    ASSERT_TRUE(parked.ok());
    timer = pykka::tell_at_fixed_rate(recorder, 0ms, 5ms, std::string("tick"));
    wait_on_clock(50ms);
  }
  // Ticks are told on schedule even while the target is busy: by now about ten are due.
  const bool caught_up = journal.wait_for("tick", 8);
  timer.cancel();
  recorder.ask(1, kWaitLimit);  // ticks told before the cancel are handled before the journal goes
  EXPECT_TRUE(caught_up);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 50ms);
}

TYPED_TEST(Timers, AnActorCanScheduleMessagesToItself) {
  struct Ticker : TypeParam::ActorBase {
    Journal* journal;
    int left = 3;
    explicit Ticker(Journal* j) : journal(j) {}
    void on_start() override { pykka::tell_after(this->actor_ref(), 1ms, std::string("tick")); }
    pykka::Message on_receive(pykka::Message& message) override {
      if (!message.is<std::string>()) return {};
      journal->add("tick");
      if (--left > 0) pykka::tell_after(this->actor_ref(), 1ms, std::string("tick"));
      return {};
    }
  };
  Journal journal;
  auto ticker = pykka::start<Ticker>(&journal);
  ASSERT_TRUE(journal.wait_for("tick", 3));
  ticker.ask(0, kWaitLimit);
  EXPECT_EQ(count_of(journal, "tick"), 3);
}

TYPED_TEST(Timers, APeriodicTimerWhoseTargetDiedEndsQuietly) {
  pykka::testing::LogCapture logs(pykka::LogLevel::warning);
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  auto timer = pykka::tell_at_fixed_rate(recorder, 0ms, 1ms, std::string("tick"));
  ASSERT_TRUE(journal.wait_for("tick"));
  recorder.stop();
  // The next due tick finds the target dead and ends the timer.
  for (int i = 0; i < 1000 && timer.is_active(); ++i) wait_on_clock(1ms);
  EXPECT_FALSE(timer.is_active());
  EXPECT_FALSE(timer.cancel());
  EXPECT_TRUE(logs.records().empty());
}

TYPED_TEST(Timers, ATimerToAnActorAlreadyDeadIsDroppedQuietly) {
  pykka::testing::LogCapture logs(pykka::LogLevel::warning);
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  recorder.stop();
  auto timer = pykka::tell_after(recorder, 1ms, std::string("lost"));
  wait_on_clock(5ms);
  EXPECT_FALSE(timer.is_active());
  EXPECT_TRUE(logs.records().empty());
}

TYPED_TEST(Timers, BadArgumentsAreRefusedWithClearErrors) {
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  EXPECT_THROW(pykka::tell_after(recorder, -1ms, std::string("x")), pykka::InvalidArgument);
  EXPECT_THROW(pykka::tell_at_fixed_rate(recorder, 0ms, 0ms, std::string("x")),
               pykka::InvalidArgument);
  EXPECT_THROW(pykka::tell_with_fixed_delay(recorder, 0ms, -5ms, std::string("x")),
               pykka::InvalidArgument);
  EXPECT_THROW(pykka::tell_after(pykka::AnyActorRef(), 1ms, std::string("x")), pykka::Error);
}

TYPED_TEST(Timers, AfterGivesAFutureThatCompletesNoSoonerThanTheDelay) {
  const auto started = std::chrono::steady_clock::now();
  auto done = pykka::ActorSystem::current().clock().after(15ms);
  EXPECT_FALSE(done.done());
  done.get(kWaitLimit);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 15ms);
}

TYPED_TEST(Timers, ShuttingASystemDownCancelsItsTimersAndRefusesNewOnes) {
  Journal journal;
  pykka::Timer pending;
  pykka::Future<void> waiting;
  {
    pykka::ActorSystem system;
    auto recorder = system.start<Recorder<typename TypeParam::ActorBase>>(&journal);
    pending = system.clock().tell_after(recorder, 1h, std::string("never"));
    waiting = system.clock().after(1h);
    EXPECT_EQ(system.clock().pending(), 2U);
    EXPECT_TRUE(system.shutdown(kWaitLimit));
    EXPECT_FALSE(pending.is_active());
    EXPECT_EQ(system.clock().pending(), 0U);
    EXPECT_THROW(system.clock().tell_after(recorder, 1ms, std::string("x")), pykka::Error);
    EXPECT_THROW(system.clock().after(1ms), pykka::Error);
  }
  EXPECT_THROW(waiting.get(kWaitLimit), pykka::Error);
  EXPECT_FALSE(pending.cancel());
  EXPECT_TRUE(journal.entries().empty());
}

TYPED_TEST(Timers, ASystemShutDownWhileItsClockFiresLeavesEveryHandleInactive) {
  for (int round = 0; round < 20; ++round) {
    Journal journal;
    pykka::Timer timer;
    {
      pykka::ActorSystem system;
      auto recorder = system.start<Recorder<typename TypeParam::ActorBase>>(&journal);
      timer = system.clock().tell_at_fixed_rate(recorder, 0ms, 1ms, std::string("tick"));
      ASSERT_TRUE(journal.wait_for("tick", 2));
    }  // shuts down while the clock may be telling a tick
    EXPECT_FALSE(timer.is_active());
    EXPECT_FALSE(timer.cancel());
  }
}

TYPED_TEST(Timers, ATimerUsesTheClockOfItsTargetsSystem) {
  Journal journal;
  pykka::ActorSystem system;
  auto recorder = system.start<Recorder<typename TypeParam::ActorBase>>(&journal);
  auto timer = pykka::tell_after(recorder, 1h, std::string("never"));
  EXPECT_EQ(system.clock().pending(), 1U);
  system.shutdown(kWaitLimit);
  EXPECT_FALSE(timer.is_active());
}

TYPED_TEST(Timers, CancelRacingWithTheFiringEitherStopsTheMessageOrReportsItFired) {
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  long fired = 0;
  constexpr int kRounds = 300;
  for (int round = 0; round < kRounds; ++round) {
    auto timer = pykka::tell_after(recorder, std::chrono::microseconds(round % 7 * 100),
                                   std::string("raced"));
    if (round % 3 == 0) std::this_thread::yield();
    if (!timer.cancel()) ++fired;
  }
  // A timer whose cancel returned false was told before cancel returned: an ask now sees it.
  recorder.ask(1, kWaitLimit);
  EXPECT_EQ(count_of(journal, "raced"), fired);
}

TYPED_TEST(Timers, CancellingAPeriodicTimerFromManyThreadsSucceedsOnce) {
  Journal journal;
  auto recorder = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  for (int round = 0; round < 50; ++round) {
    auto timer = pykka::tell_at_fixed_rate(recorder, 0ms, 1ms, std::string("tick"));
    std::atomic<int> successes{0};
    std::vector<std::thread> cancellers;
    for (int i = 0; i < 4; ++i) {
      cancellers.emplace_back([&] {
        if (timer.cancel()) successes.fetch_add(1);
      });
    }
    for (auto& thread : cancellers) thread.join();
    EXPECT_EQ(successes.load(), 1);
  }
  recorder.ask(1, kWaitLimit);  // the last ticks are handled while the journal still exists
}

}  // namespace
