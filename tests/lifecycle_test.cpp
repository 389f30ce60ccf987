// The actor lifecycle: start, on_start, stop as a poison pill, teardown, and every failure rule.

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::Event;
using pykka::testing::Journal;
using pykka::testing::kWaitLimit;
using pykka::testing::LogCapture;
using pykka::testing::Parked;

template <class Runtime>
class Lifecycle : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(Lifecycle, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

// Records every hook and message into a journal.
template <class Base>
class Recorder : public Base {
 public:
  explicit Recorder(Journal* journal) : journal_(journal) { journal_->add("constructed"); }
  void on_start() override { journal_->add("on_start"); }
  void on_stop() override { journal_->add("on_stop"); }
  void on_failure(std::exception_ptr /*error*/) override { journal_->add("on_failure"); }
  pykka::Message on_receive(pykka::Message& message) override {
    if (pykka::testing::handle_block(message)) return {};
    journal_->add("message " + message.to_string());
    if (message.is<std::string>() && message.as<std::string>() == "fail") {
      throw std::runtime_error("handler failed");
    }
    return message.to_string();
  }

 private:
  Journal* journal_;
};

TYPED_TEST(Lifecycle, ConstructorRunsInTheCallerAndOnStartOnTheActorsOwnThread) {
  struct Where : TypeParam::ActorBase {
    std::thread::id constructed_on = std::this_thread::get_id();
    std::thread::id started_on;
    void on_start() override { started_on = std::this_thread::get_id(); }
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      return std::make_pair(constructed_on, started_on);
    }
  };
  auto ref = pykka::start<Where>();
  const auto [constructed_on, started_on] =
      ref.template ask<std::pair<std::thread::id, std::thread::id>>(0, kWaitLimit);
  EXPECT_EQ(constructed_on, std::this_thread::get_id());
  EXPECT_NE(started_on, std::this_thread::get_id());
  EXPECT_NE(started_on, std::thread::id());
  ref.stop();
}

TYPED_TEST(Lifecycle, OnStartRunsBeforeAnyMessage) {
  Journal journal;
  auto ref = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  ref.tell(1);
  ref.tell(2);
  EXPECT_TRUE(ref.stop(kWaitLimit));
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"constructed", "on_start", "message 1",
                                                         "message 2", "on_stop"}));
}

TYPED_TEST(Lifecycle, ConstructorExceptionReachesTheCallerAndNothingIsRegistered) {
  struct Exploding : TypeParam::ActorBase {
    Exploding() { throw std::invalid_argument("bad constructor argument"); }
  };
  const auto before = pykka::ActorRegistry::get_all().size();
  EXPECT_THROW(pykka::start<Exploding>(), std::invalid_argument);
  EXPECT_EQ(pykka::ActorRegistry::get_all().size(), before);
}

// What a constructor handed out before throwing: the ref, and an ask it queued on itself.
struct HandedOut {
  std::optional<pykka::ActorRef<pykka::Actor>> ref;
  std::optional<pykka::Future<pykka::Message>> reply;
};

TYPED_TEST(Lifecycle, AnAskQueuedByAConstructorThatThenThrowsIsAnsweredWithActorDeadError) {
  struct AsksThenExplodes : TypeParam::ActorBase {
    explicit AsksThenExplodes(HandedOut* out) {
      out->ref = this->actor_ref();
      out->reply = out->ref->ask(1, pykka::nonblocking);
      throw std::invalid_argument("bad constructor argument");
    }
  };
  HandedOut out;
  EXPECT_THROW(pykka::start<AsksThenExplodes>(&out), std::invalid_argument);
  ASSERT_TRUE(out.ref.has_value());
  ASSERT_TRUE(out.reply.has_value());
  EXPECT_FALSE(out.ref->is_alive());
  EXPECT_THROW((void)out.reply->get(kWaitLimit), pykka::ActorDeadError);
  EXPECT_THROW(out.ref->tell(2), pykka::ActorDeadError);
}

TYPED_TEST(Lifecycle, OnStartSeesItselfInTheRegistry) {
  struct SelfFinder : TypeParam::ActorBase {
    bool found = false;
    void on_start() override {
      found = pykka::ActorRegistry::get_by_urn(this->actor_urn()).has_value();
    }
    pykka::Message on_receive(pykka::Message& /*message*/) override { return found; }
  };
  auto ref = pykka::start<SelfFinder>();
  EXPECT_TRUE(ref.template ask<bool>(0, kWaitLimit));
  ref.stop();
}

TYPED_TEST(Lifecycle, OnStartFailureIsLoggedAndSkipsOnFailureAndOnStop) {
  LogCapture log;
  struct FailingStart : Recorder<typename TypeParam::ActorBase> {
    using Recorder<typename TypeParam::ActorBase>::Recorder;
    void on_start() override { throw std::runtime_error("cannot start"); }
  };
  Journal journal;
  auto ref = pykka::start<FailingStart>(&journal);
  auto reply = ref.ask(1, pykka::nonblocking);
  EXPECT_THROW((void)reply.get(kWaitLimit), pykka::ActorDeadError);
  EXPECT_FALSE(ref.is_alive());
  EXPECT_FALSE(pykka::ActorRegistry::get_by_urn(ref.actor_urn()).has_value());
  EXPECT_EQ(journal.entries(), std::vector<std::string>{"constructed"});
  const auto errors = log.matching(pykka::LogLevel::error, "Unhandled exception in ");
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0].message,
            "Unhandled exception in " + ref.actor_class_name() + " (" + ref.actor_urn() + "):");
  EXPECT_EQ(errors[0].exception, "std::runtime_error: cannot start");
}

TYPED_TEST(Lifecycle, StopInsideOnStartStopsCleanlyAndRunsOnStop) {
  struct StopsAtOnce : Recorder<typename TypeParam::ActorBase> {
    using Recorder<typename TypeParam::ActorBase>::Recorder;
    void on_start() override { this->stop(); }
  };
  Journal journal;
  auto ref = pykka::start<StopsAtOnce>(&journal);
  ASSERT_TRUE(journal.wait_for("on_stop"));
  EXPECT_FALSE(ref.is_alive());
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"constructed", "on_stop"}));
}

TYPED_TEST(Lifecycle, StopIsAPoisonPillThatLetsEarlierMessagesFinish) {
  Journal journal;
  auto ref = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  pykka::Future<bool> stopped = [&] {
    Parked parked(ref);
    EXPECT_TRUE(parked.ok());
    ref.tell(1);
    ref.tell(2);
    return ref.stop(pykka::nonblocking);
  }();
  EXPECT_TRUE(stopped.get(kWaitLimit));
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"constructed", "on_start", "message 1",
                                                         "message 2", "on_stop"}));
}

TYPED_TEST(Lifecycle, StoppingUnregistersMarksStoppedAndLogsBeforeOnStop) {
  LogCapture log;
  struct Checker : TypeParam::ActorBase {
    Checker(LogCapture* capture, Journal* j) : log(capture), journal(j) {}
    void on_stop() override {
      journal->add(pykka::ActorRegistry::get_by_urn(this->actor_urn()) ? "registered"
                                                                       : "unregistered");
      journal->add(this->template actor_ref<Checker>().is_alive() ? "alive" : "stopped");
      journal->add("logged " +
                   std::to_string(log->matching(pykka::LogLevel::debug, "Stopped ").size()));
    }
    LogCapture* log;
    Journal* journal;
  };
  Journal journal;
  auto ref = pykka::start<Checker>(&log, &journal);
  EXPECT_TRUE(ref.stop(kWaitLimit));
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"unregistered", "stopped", "logged 1"}));
  const auto stopped = log.matching(pykka::LogLevel::debug, "Stopped ");
  ASSERT_EQ(stopped.size(), 1U);
  EXPECT_EQ(stopped[0].message, "Stopped " + ref.actor_class_name() + " (" + ref.actor_urn() + ")");
  const auto unregistered = log.matching(pykka::LogLevel::debug, "Unregistered ");
  ASSERT_EQ(unregistered.size(), 1U);
  EXPECT_EQ(unregistered[0].message,
            "Unregistered " + ref.actor_class_name() + " (" + ref.actor_urn() + ")");
}

TYPED_TEST(Lifecycle, OnStopExceptionIsLoggedAndTheActorStillStops) {
  LogCapture log;
  struct BadStop : TypeParam::ActorBase {
    void on_stop() override { throw std::runtime_error("on_stop broke"); }
  };
  auto ref = pykka::start<BadStop>();
  EXPECT_TRUE(ref.stop(kWaitLimit));
  EXPECT_FALSE(ref.is_alive());
  const auto errors = log.matching(pykka::LogLevel::error, "Unhandled exception in ");
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0].exception, "std::runtime_error: on_stop broke");
}

TYPED_TEST(Lifecycle, QueuedAsksAfterAStopAreAnsweredWithActorDeadError) {
  Journal journal;
  auto ref = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  std::vector<pykka::Future<pykka::Message>> asks;
  {
    Parked parked(ref);
    ASSERT_TRUE(parked.ok());
    (void)ref.stop(pykka::nonblocking);
    for (int i = 0; i < 5; ++i) asks.push_back(ref.ask(i, pykka::nonblocking));
  }
  for (auto& ask : asks) {
    try {
      (void)ask.get(kWaitLimit);
      FAIL() << "a queued ask was answered after stop";
    } catch (const pykka::ActorDeadError& error) {
      EXPECT_EQ(std::string(error.what()), ref.actor_class_name() + " (" + ref.actor_urn() +
                                               ") stopped before handling the message");
    }
  }
}

TYPED_TEST(Lifecycle, QueuedStopRequestsAreAnsweredTrue) {
  Journal journal;
  auto ref = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  std::vector<pykka::Future<bool>> stops;
  {
    Parked parked(ref);
    ASSERT_TRUE(parked.ok());
    for (int i = 0; i < 3; ++i) stops.push_back(ref.stop(pykka::nonblocking));
  }
  for (auto& stop : stops) EXPECT_TRUE(stop.get(kWaitLimit));
  const auto entries = journal.entries();
  EXPECT_EQ(std::count(entries.begin(), entries.end(), "on_stop"), 1);
}

TYPED_TEST(Lifecycle, QueuedTellsAfterAStopAreDropped) {
  Journal journal;
  auto ref = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  pykka::Future<bool> stopped;
  {
    Parked parked(ref);
    ASSERT_TRUE(parked.ok());
    stopped = ref.stop(pykka::nonblocking);
    ref.tell(99);
  }
  EXPECT_TRUE(stopped.get(kWaitLimit));
  for (const auto& entry : journal.entries()) EXPECT_NE(entry, "message 99");
}

TYPED_TEST(Lifecycle, StopOnADeadActorReturnsFalse) {
  Journal journal;
  auto ref = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  EXPECT_TRUE(ref.stop(kWaitLimit));
  EXPECT_FALSE(ref.stop(kWaitLimit));
  EXPECT_FALSE(ref.stop(pykka::nonblocking).get(kWaitLimit));
}

TYPED_TEST(Lifecycle, AskFailureReachesTheCallerAndTheActorSurvives) {
  LogCapture log;
  Journal journal;
  auto ref = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  try {
    (void)ref.ask(std::string("fail"), kWaitLimit);
    FAIL() << "the handler's exception did not reach the caller";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "handler failed");
  }
  EXPECT_TRUE(ref.is_alive());
  EXPECT_EQ(ref.template ask<std::string>(7, kWaitLimit), "7");
  const auto infos = log.matching(pykka::LogLevel::info, "Exception returned from ");
  ASSERT_EQ(infos.size(), 1U);
  EXPECT_EQ(infos[0].message, "Exception returned from " + ref.actor_class_name() + " (" +
                                  ref.actor_urn() + ") to caller:");
  EXPECT_EQ(infos[0].exception, "std::runtime_error: handler failed");
  EXPECT_TRUE(ref.stop(kWaitLimit));
}

TYPED_TEST(Lifecycle, TellFailureRunsOnFailureAndStopsTheActorWithoutOnStop) {
  LogCapture log;
  struct Failing : TypeParam::ActorBase {
    Failing(Journal* j, Event* e) : journal(j), failed(e) {}
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      throw std::domain_error("tell failed");
    }
    void on_failure(std::exception_ptr error) override {
      try {
        std::rethrow_exception(error);
      } catch (const std::domain_error& e) {
        journal->add(std::string("on_failure ") + e.what());
      }
      journal->add(this->actor_ref().is_alive() ? "alive" : "stopped");
      journal->add(pykka::ActorRegistry::get_by_urn(this->actor_urn()) ? "registered"
                                                                       : "unregistered");
      failed->set();
    }
    void on_stop() override { journal->add("on_stop"); }
    Journal* journal;
    Event* failed;
  };
  Journal journal;
  Event failed;
  auto ref = pykka::start<Failing>(&journal, &failed);
  ref.tell(1);
  ASSERT_TRUE(failed.wait());
  EXPECT_EQ(journal.entries(),
            (std::vector<std::string>{"on_failure tell failed", "stopped", "unregistered"}));
  EXPECT_FALSE(ref.is_alive());
  ASSERT_TRUE(log.wait_for(pykka::LogLevel::error, "Unhandled exception in "));
  EXPECT_EQ(log.matching(pykka::LogLevel::error, "Unhandled exception in ")[0].exception,
            "std::domain_error: tell failed");
  EXPECT_FALSE(ref.stop(kWaitLimit));
}

TYPED_TEST(Lifecycle, OnFailureExceptionIsLoggedToo) {
  LogCapture log;
  struct DoubleFault : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      throw std::runtime_error("first");
    }
    void on_failure(std::exception_ptr /*error*/) override { throw std::runtime_error("second"); }
  };
  auto ref = pykka::start<DoubleFault>();
  ref.tell(1);
  ASSERT_TRUE(log.wait_for(pykka::LogLevel::error, "Unhandled exception in ", 2));
  const auto errors = log.matching(pykka::LogLevel::error, "Unhandled exception in ");
  EXPECT_EQ(errors[0].exception, "std::runtime_error: first");
  EXPECT_EQ(errors[1].exception, "std::runtime_error: second");
  EXPECT_FALSE(ref.stop(kWaitLimit));
}

TYPED_TEST(Lifecycle, NonStdExceptionInAnAskHandlerReachesTheCallerAndIsNamedInTheLog) {
  LogCapture log;
  struct ThrowsInt : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& /*message*/) override { throw 42; }
  };
  auto ref = pykka::start<ThrowsInt>();
  try {
    (void)ref.ask(1, kWaitLimit);
    FAIL() << "the int did not reach the caller";
  } catch (int value) {
    EXPECT_EQ(value, 42);
  }
  const auto infos = log.matching(pykka::LogLevel::info, "Exception returned from ");
  ASSERT_EQ(infos.size(), 1U);
  EXPECT_EQ(infos[0].exception, "int: (exception not derived from std::exception)");
  EXPECT_TRUE(ref.stop(kWaitLimit));
}

TYPED_TEST(Lifecycle, SystemExitFromAHandlerStopsEveryActor) {
  LogCapture log;
  Journal journal;
  struct Quitter : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      throw pykka::SystemExit("shutting down");
    }
  };
  auto first = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  auto quitter = pykka::start<Quitter>();
  auto last = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  try {
    (void)quitter.ask(1, kWaitLimit);
    FAIL() << "SystemExit did not reach the caller";
  } catch (const pykka::SystemExit& exit) {
    EXPECT_EQ(exit.reason(), "shutting down");
  }
  // Every other actor gets a stop request and runs on_stop.
  EXPECT_TRUE(journal.wait_for("on_stop", 2));
  EXPECT_FALSE(quitter.is_alive());
  EXPECT_FALSE(first.is_alive());
  EXPECT_FALSE(last.is_alive());
  const auto records = log.matching(pykka::LogLevel::debug, "SystemExit('shutting down') in ");
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0].message, "SystemExit('shutting down') in " + quitter.actor_class_name() +
                                    " (" + quitter.actor_urn() + "). Stopping all actors.");
}

TYPED_TEST(Lifecycle, AnActorStartedOnceASystemExitReachedTheCallerIsNotStoppedByIt) {
  struct Quitter : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& message) override {
      if (pykka::testing::handle_block(message)) return {};
      throw pykka::SystemExit();
    }
  };
  Journal journal;
  auto bystander = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  auto quitter = pykka::start<Quitter>();
  std::optional<pykka::ActorRef<typename TypeParam::ActorBase>> newcomer;
  {
    Parked parked(quitter);
    ASSERT_TRUE(parked.ok());
    // The callback runs where the SystemExit completes the future: on the quitter's context,
    // right as the caller would see it.
    quitter.ask(1, pykka::nonblocking).on_done([&newcomer](const pykka::Future<pykka::Message>&) {
      newcomer = pykka::start<typename TypeParam::ActorBase>();
    });
  }
  (void)bystander.termination().get(kWaitLimit);
  (void)quitter.termination().get(kWaitLimit);
  ASSERT_TRUE(newcomer.has_value());
  EXPECT_TRUE(newcomer->is_alive());
  EXPECT_TRUE(newcomer->stop(kWaitLimit));
}

TYPED_TEST(Lifecycle, SystemExitFromATellStopsActorsThatWereNotAskedAnything) {
  struct Quitter : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& /*message*/) override { throw pykka::SystemExit(); }
  };
  Journal journal;
  auto bystander = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  auto quitter = pykka::start<Quitter>();
  quitter.tell(1);
  EXPECT_TRUE(journal.wait_for("on_stop"));
  EXPECT_FALSE(bystander.is_alive());
  EXPECT_FALSE(quitter.is_alive());
}

TYPED_TEST(Lifecycle, SystemExitWithoutAReasonIsLoggedWithEmptyParentheses) {
  LogCapture log;
  struct Quitter : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& /*message*/) override { throw pykka::SystemExit(); }
  };
  Journal journal;
  auto bystander = pykka::start<Recorder<typename TypeParam::ActorBase>>(&journal);
  auto quitter = pykka::start<Quitter>();
  quitter.tell(1);
  EXPECT_TRUE(journal.wait_for("on_stop"));  // logged before any actor is told to stop
  const auto records = log.matching(pykka::LogLevel::debug, "SystemExit(");
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0].message, "SystemExit() in " + quitter.actor_class_name() + " (" +
                                    quitter.actor_urn() + "). Stopping all actors.");
}

TYPED_TEST(Lifecycle, ActorObjectIsDestroyedOnItsOwnThreadAfterOnStop) {
  struct Watched : TypeParam::ActorBase {
    Watched(Journal* j, std::thread::id* where) : journal(j), destroyed_on(where) {}
    ~Watched() override {
      *destroyed_on = std::this_thread::get_id();
      journal->add("destroyed");
    }
    void on_stop() override { journal->add("on_stop"); }
    Journal* journal;
    std::thread::id* destroyed_on;
  };
  Journal journal;
  std::thread::id destroyed_on;
  auto ref = pykka::start<Watched>(&journal, &destroyed_on);
  EXPECT_TRUE(ref.stop(kWaitLimit));
  ASSERT_TRUE(journal.wait_for("destroyed"));
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"on_stop", "destroyed"}));
  EXPECT_NE(destroyed_on, std::this_thread::get_id());
}

TYPED_TEST(Lifecycle, DefaultOnReceiveLogsAWarningAndRepliesNone) {
  LogCapture log;
  struct Silent : TypeParam::ActorBase {};
  auto ref = pykka::start<Silent>();
  EXPECT_FALSE(ref.ask(std::string("hello"), kWaitLimit).has_value());
  const auto warnings = log.matching(pykka::LogLevel::warning, "Unexpected message received by ");
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_EQ(warnings[0].message, "Unexpected message received by " + ref.actor_class_name() + " (" +
                                     ref.actor_urn() + "): hello");
  EXPECT_TRUE(ref.stop(kWaitLimit));
}

// Journals on_batch_end, the hook bindings of other languages use to give back what they keep
// from one message to the next (the Python package: the GIL). After the message "c" it notes
// whether the ask it watches has its reply already, and after on_stop whether the stop it
// watches has.
template <class Base>
class BatchRecorder : public Recorder<Base> {
 public:
  BatchRecorder(Journal* journal, const std::optional<pykka::Future<std::string>>* watched,
                const std::optional<pykka::Future<bool>>* stopping = nullptr)
      : Recorder<Base>(journal), journal_(journal), watched_(watched), stopping_(stopping) {}
  pykka::Message on_receive(pykka::Message& message) override {
    last_ = message.is<std::string>() ? message.as<std::string>() : "";
    return Recorder<Base>::on_receive(message);
  }
  void on_stop() override {
    last_ = "on_stop";
    Recorder<Base>::on_stop();
  }

 private:
  void on_batch_end() noexcept override {
    if (last_ == "c" && *watched_) {
      journal_->add((*watched_)->done() ? "end after reply" : "end before reply");
    } else if (last_ == "on_stop" && stopping_ != nullptr && *stopping_) {
      journal_->add((*stopping_)->done() ? "end after stop reply" : "end before stop reply");
    } else {
      journal_->add("end");
    }
    last_.clear();
  }

  Journal* journal_;
  const std::optional<pykka::Future<std::string>>* watched_;
  const std::optional<pykka::Future<bool>>* stopping_;
  std::string last_;
};

std::ptrdiff_t position(const std::vector<std::string>& entries, const std::string& entry) {
  return std::find(entries.begin(), entries.end(), entry) - entries.begin();
}

TYPED_TEST(Lifecycle, OnBatchEndRunsWhenTheQueuedMessagesAreDoneAndBeforeEachReply) {
  Journal journal;
  std::optional<pykka::Future<std::string>> watched;
  auto ref = pykka::start<BatchRecorder<typename TypeParam::ActorBase>>(&journal, &watched);
  Parked parked(ref);
  ASSERT_TRUE(parked.ok());
  ref.tell(std::string("a"));
  ref.tell(std::string("b"));
  watched = ref.template ask<std::string>(std::string("c"), pykka::nonblocking);
  parked.release();
  EXPECT_EQ(watched->get(kWaitLimit), "c");
  ASSERT_TRUE(journal.wait_for("end before reply"));
  const auto entries = journal.entries();
  const auto a = position(entries, "message a");
  const auto c = position(entries, "message c");
  ASSERT_LT(c + 1, static_cast<std::ptrdiff_t>(entries.size()))
      << ::testing::PrintToString(entries);
  if constexpr (TypeParam::one_turn_per_backlog) {
    EXPECT_EQ(c - a, 2) << "no batch end between told messages that were queued together: "
                        << ::testing::PrintToString(entries);
  }
  EXPECT_EQ(entries[static_cast<std::size_t>(c + 1)], "end before reply");
  const auto ends_so_far = std::count(entries.begin(), entries.begin() + c + 1, "end");
  EXPECT_TRUE(journal.wait_for("end", ends_so_far + 1)) << "and again when the mailbox is empty";
  EXPECT_TRUE(ref.stop(kWaitLimit));
  (void)ref.termination().get(kWaitLimit);  // the last on_batch_end uses the journal
}

TYPED_TEST(Lifecycle, OnBatchEndRunsAfterOnStopBeforeTheStopIsAnsweredAndBeforeAFailureIsHandled) {
  Journal journal;
  const std::optional<pykka::Future<std::string>> watched;
  std::optional<pykka::Future<bool>> stopping;
  auto stopped =
      pykka::start<BatchRecorder<typename TypeParam::ActorBase>>(&journal, &watched, &stopping);
  {
    Parked parked(stopped);
    ASSERT_TRUE(parked.ok());
    stopped.tell(std::string("a"));
    stopping = stopped.stop(pykka::nonblocking);
  }
  EXPECT_TRUE(stopping->get(kWaitLimit));
  (void)stopped.termination().get(kWaitLimit);
  auto entries = journal.entries();
  const auto on_stop = position(entries, "on_stop");
  ASSERT_GT(on_stop, position(entries, "message a")) << ::testing::PrintToString(entries);
  ASSERT_LT(on_stop + 1, static_cast<std::ptrdiff_t>(entries.size()))
      << ::testing::PrintToString(entries);
  // The stop is handled in the batch of the messages queued before it: a binding keeps what it
  // holds into on_stop, and gives it back before the stop's reply.
  if constexpr (TypeParam::one_turn_per_backlog) {
    EXPECT_EQ(on_stop - position(entries, "message a"), 1) << ::testing::PrintToString(entries);
  }
  EXPECT_EQ(entries[static_cast<std::size_t>(on_stop + 1)], "end before stop reply");

  Journal failures;
  auto failing = pykka::start<BatchRecorder<typename TypeParam::ActorBase>>(&failures, &watched);
  failing.tell(std::string("fail"));
  ASSERT_TRUE(failures.wait_for("on_failure"));
  (void)stopped.termination().get(kWaitLimit);  // both are done with their journals
  (void)failing.termination().get(kWaitLimit);
  entries = failures.entries();
  ASSERT_GT(position(entries, "on_failure"), 0);
  EXPECT_EQ(entries[static_cast<std::size_t>(position(entries, "on_failure") - 1)], "end");
}

}  // namespace
