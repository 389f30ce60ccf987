// The records pykka emits for each lifecycle event: exact texts, levels and counts, as Pykka's
// own logging tests check them. Also: silence by default, the level threshold and faulty sinks.

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actor_test.hpp"
#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/runtimes.hpp"
#include "support/text.hpp"

namespace {

using pykka::LogLevel;
using pykka::LogRecord;
using pykka::testing::display;
using pykka::testing::Event;
using pykka::testing::LogCapture;

// The messages of every record about `actor`, in order.
std::vector<std::string> messages_about(const LogCapture& log, const std::string& actor) {
  std::vector<std::string> found;
  for (const auto& record : log.records()) {
    if (record.actor == actor) found.push_back(record.message);
  }
  return found;
}

std::size_t count_at(const LogCapture& log, LogLevel level) {
  std::size_t count = 0;
  for (const auto& record : log.records()) count += record.level == level ? 1 : 0;
  return count;
}

// Checks the records of an actor that failed once: the start records, one ERROR carrying
// `exception`, and the unregistration.
void expect_one_failure(const LogCapture& log, const std::string& actor,
                        const std::string& exception) {
  EXPECT_EQ(
      messages_about(log, actor),
      (std::vector<std::string>{"Registered " + actor, "Starting " + actor,
                                "Unhandled exception in " + actor + ":", "Unregistered " + actor}));
  const auto errors = log.matching(LogLevel::error, "");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].exception, exception);
}

struct Fail {};
struct Quit {};

template <class Base>
class Quiet : public Base {};

template <class Base>
class Failing : public Base {
 public:
  explicit Failing(Event* failed = nullptr) : failed_(failed) {}
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<Quit>()) throw pykka::SystemExit("bye");
    throw std::runtime_error("boom");
  }
  void on_failure(std::exception_ptr /*error*/) override {
    if (failed_ != nullptr) failed_->set();
  }

 private:
  Event* failed_;
};

template <class Base>
class FailingTwice : public Base {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    throw std::runtime_error("first");
  }
  void on_failure(std::exception_ptr /*error*/) override { throw std::logic_error("second"); }
};

template <class Base>
class BadStart : public Base {
 public:
  void on_start() override { throw std::runtime_error("no start"); }
  void on_stop() override { ADD_FAILURE() << "on_stop must not run after a failed on_start"; }
};

template <class Base>
class BadStop : public Base {
 public:
  void on_stop() override { throw std::runtime_error("no stop"); }
};

template <class Runtime>
class LoggingEvents : public pykka::testing::ActorTest {};
TYPED_TEST_SUITE(LoggingEvents, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

TYPED_TEST(LoggingEvents, StartAndStopLogRegisteredStartingUnregisteredStoppedAtDebug) {
  LogCapture log;
  auto ref = pykka::start<Quiet<typename TypeParam::ActorBase>>();
  const std::string actor = display(ref);
  ref.stop();

  EXPECT_EQ(messages_about(log, actor),
            (std::vector<std::string>{"Registered " + actor, "Starting " + actor,
                                      "Unregistered " + actor, "Stopped " + actor}));
  for (const auto& record : log.records()) {
    EXPECT_EQ(record.level, LogLevel::debug);
    EXPECT_EQ(record.logger, "pykka");
    EXPECT_TRUE(record.exception.empty());
  }
}

TYPED_TEST(LoggingEvents, StopRecordsComeFromTheActorThread) {
  LogCapture log;
  auto ref = pykka::start<Quiet<typename TypeParam::ActorBase>>();
  const std::string actor = display(ref);
  ref.stop();

  const auto stopped = log.matching(LogLevel::debug, "Stopped " + actor);
  ASSERT_EQ(stopped.size(), 1u);
  // A fiber actor logs from the worker thread it runs on.
  const std::string prefix =
      TypeParam::thread_per_actor ? ref.actor_class_name() + "-" : std::string("pykka-fiber-");
  EXPECT_EQ(stopped[0].thread_name.rfind(prefix, 0), 0u) << stopped[0].thread_name;
  const auto registered = log.matching(LogLevel::debug, "Registered " + actor);
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(registered[0].thread_name, "MainThread");
}

TYPED_TEST(LoggingEvents, AnExceptionReturnedToTheCallerIsLoggedOnceAtInfo) {
  LogCapture log;
  auto ref = pykka::start<Failing<typename TypeParam::ActorBase>>();
  const std::string actor = display(ref);
  // Kept until the actor stopped: see the note on exception replies in deadlock_test.cpp.
  auto reply = ref.ask(std::string("hi"), pykka::nonblocking);
  EXPECT_THROW(reply.get(pykka::testing::kWaitLimit), std::runtime_error);

  const auto info = log.matching(LogLevel::info, "");
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(info[0].message, "Exception returned from " + actor + " to caller:");
  EXPECT_EQ(info[0].exception, "std::runtime_error: boom");
  EXPECT_EQ(info[0].actor, actor);
  EXPECT_EQ(count_at(log, LogLevel::error), 0u);
  EXPECT_TRUE(ref.is_alive());
  ref.stop();
}

TYPED_TEST(LoggingEvents, AnUnexpectedMessageIsLoggedOnceAtWarning) {
  LogCapture log;
  auto ref = pykka::start<Quiet<typename TypeParam::ActorBase>>();
  const std::string actor = display(ref);
  ref.ask(std::string("surprise"));  // the reply (None) comes after the record

  const auto warnings = log.matching(LogLevel::warning, "");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message, "Unexpected message received by " + actor + ": surprise");
  EXPECT_EQ(warnings[0].actor, actor);
  ref.stop();
}

TYPED_TEST(LoggingEvents, AFailedTellIsLoggedOnceAtErrorAndUnregistersTheActor) {
  LogCapture log;
  Event failed;
  auto ref = pykka::start<Failing<typename TypeParam::ActorBase>>(&failed);
  const std::string actor = display(ref);
  ref.tell(std::string("hi"));
  ASSERT_TRUE(failed.wait());
  expect_one_failure(log, actor, "std::runtime_error: boom");
}

TYPED_TEST(LoggingEvents, AnExceptionFromOnFailureIsLoggedAtErrorToo) {
  LogCapture log;
  auto ref = pykka::start<FailingTwice<typename TypeParam::ActorBase>>();
  const std::string actor = display(ref);
  ref.tell(std::string("hi"));
  ASSERT_TRUE(log.wait_for(LogLevel::error, "Unhandled exception in " + actor + ":", 2));
  ASSERT_TRUE(log.wait_for(LogLevel::debug, "Unregistered " + actor + " (not found in registry)"));

  const auto errors = log.matching(LogLevel::error, "");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].exception, "std::runtime_error: first");
  EXPECT_EQ(errors[1].exception, "std::logic_error: second");
  EXPECT_EQ(log.matching(LogLevel::debug, "Unregistered " + actor).size(), 2u);
}

TYPED_TEST(LoggingEvents, AnExceptionFromOnStartIsLoggedAtErrorWithoutAStoppedRecord) {
  LogCapture log;
  auto ref = pykka::start<BadStart<typename TypeParam::ActorBase>>();
  const std::string actor = display(ref);
  ASSERT_TRUE(log.wait_for(LogLevel::debug, "Unregistered " + actor));
  expect_one_failure(log, actor, "std::runtime_error: no start");
}

TYPED_TEST(LoggingEvents, AnExceptionFromOnStopIsLoggedAfterStoppedAndUnregistersAgain) {
  LogCapture log;
  auto ref = pykka::start<BadStop<typename TypeParam::ActorBase>>();
  const std::string actor = display(ref);
  EXPECT_TRUE(ref.stop());

  EXPECT_EQ(
      messages_about(log, actor),
      (std::vector<std::string>{"Registered " + actor, "Starting " + actor, "Unregistered " + actor,
                                "Stopped " + actor, "Unhandled exception in " + actor + ":",
                                "Unregistered " + actor + " (not found in registry)"}));
  const auto errors = log.matching(LogLevel::error, "");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].exception, "std::runtime_error: no stop");
}

TYPED_TEST(LoggingEvents, SystemExitIsLoggedAtDebugAndStopsEveryActor) {
  LogCapture log;
  auto bystander = pykka::start<Quiet<typename TypeParam::ActorBase>>();
  auto quitter = pykka::start<Failing<typename TypeParam::ActorBase>>();
  const std::string actor = display(quitter);
  quitter.tell(Quit{});
  ASSERT_TRUE(log.wait_for(LogLevel::debug, "Stopped " + display(bystander)));

  const auto exits = log.matching(LogLevel::debug, "SystemExit(");
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_EQ(exits[0].message, "SystemExit('bye') in " + actor + ". Stopping all actors.");
  EXPECT_EQ(count_at(log, LogLevel::error), 0u);
}

// --- the sink itself ---------------------------------------------------------------------------

TEST(LogSinkDefaults, OnlyErrorsAndCriticalsArePrintedUntilASinkIsSet) {
  EXPECT_TRUE(pykka::log_enabled(LogLevel::critical));
  EXPECT_TRUE(pykka::log_enabled(LogLevel::error));
  EXPECT_FALSE(pykka::log_enabled(LogLevel::warning));
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  {
    struct Loud : pykka::ThreadingActor {};
    auto ref = pykka::start<Loud>();
    ref.ask(std::string("unexpected"));  // a WARNING, not printed
    ref.stop();
  }
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

struct Counted {
  static inline std::atomic<int> printed{0};
  friend std::ostream& operator<<(std::ostream& out, const Counted& /*value*/) {
    ++printed;
    return out << "Counted";
  }
};

TEST(LogLevelThreshold, RecordsBelowTheThresholdAreNeverFormatted) {
  struct Quiet : pykka::ThreadingActor {};
  auto ref = pykka::start<Quiet>();
  {
    LogCapture log(LogLevel::error);
    ref.ask(Counted{});
    EXPECT_EQ(Counted::printed.load(), 0);
    EXPECT_TRUE(log.records().empty());
  }
  {
    LogCapture log(LogLevel::warning);
    ref.ask(Counted{});
    EXPECT_EQ(Counted::printed.load(), 1);
    EXPECT_EQ(log.matching(LogLevel::warning, "Unexpected message").size(), 1u);
  }
  ref.stop();
}

TEST(FaultySink, AThrowingSinkNeverHurtsTheActorsOrTheCaller) {
  std::atomic<int> calls{0};
  auto previous = pykka::set_log_sink([&](const LogRecord& record) {
    ++calls;
    if (record.level == LogLevel::debug) throw 42;  // not even a std::exception
    throw std::runtime_error("sink broke");
  });
  {
    struct Echo : pykka::ThreadingActor {
      pykka::Message on_receive(pykka::Message& message) override {
        if (message.is<Fail>()) throw std::runtime_error("boom");
        if (auto* text = message.get_if<std::string>()) return *text;
        return pykka::Actor::on_receive(message);
      }
    };
    auto ref = pykka::start<Echo>();
    EXPECT_EQ(ref.ask<std::string>(std::string("still here")), "still here");
    auto failed = ref.ask(Fail{}, pykka::nonblocking);  // kept until the actor stopped
    EXPECT_THROW(failed.get(pykka::testing::kWaitLimit), std::runtime_error);
    EXPECT_FALSE(ref.ask(Counted{}).has_value());
    EXPECT_TRUE(ref.stop());
  }
  pykka::set_log_sink(previous);
  EXPECT_GE(calls.load(), 6);  // registered, starting, info, warning, unregistered, stopped
}

TEST(FaultySink, ASinkMayCallBackIntoPykkaWithoutDeadlocking) {
  std::atomic<int> seen_actors{0};
  auto previous = pykka::set_log_sink([&](const LogRecord& /*record*/) {
    // Would deadlock if any record were emitted under the registry's (or another) lock.
    seen_actors += static_cast<int>(pykka::ActorRegistry::get_all().size());
  });
  {
    struct Quiet : pykka::ThreadingActor {};
    auto ref = pykka::start<Quiet>();
    ref.ask(std::string("unexpected"));
    ref.stop();
  }
  pykka::set_log_sink(previous);
  EXPECT_GT(seen_actors.load(), 0);
}

}  // namespace
