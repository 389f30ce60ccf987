// The pykka log sink: errors to stderr by default, pluggable, silenceable, level-filtered before
// formatting, and safe against throwing sinks.

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/event.hpp"
#include "support/log_capture.hpp"

namespace {

using pykka::testing::kWaitLimit;

class Loud : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<int>()) throw std::runtime_error("boom");
    return {};
  }
};

class Grumpy : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<int>()) throw std::runtime_error("boom");
    return pykka::Actor::on_receive(message);  // WARNING: unexpected message
  }
};

// Provokes a record at every level but CRITICAL: DEBUG (start, stop), WARNING (an unexpected
// message), INFO (an exception returned to the caller) and ERROR (an exception in a tell, which
// kills the actor). Returns once the ERROR record has been emitted.
void provoke_every_kind_of_failure() {
  auto ref = pykka::start<Grumpy>();
  (void)ref.ask(std::string("hello?"), kWaitLimit);
  try {
    (void)ref.ask(1, kWaitLimit);
  } catch (const std::runtime_error&) {
  }
  ref.tell(2);
  // Queued behind the failing tell, so answered only after the actor logged its death.
  try {
    (void)ref.ask(std::string("still there?"), kWaitLimit);
  } catch (const pykka::ActorDeadError&) {
  }
}

// The default sink is process state: these tests check it in a fresh child process each.
class DefaultLogSink : public ::testing::Test {
 protected:
  DefaultLogSink() { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_F(DefaultLogSink, WritesAnErrorToStderrOnOneLineWithTheException) {
  EXPECT_EXIT(
      {
        provoke_every_kind_of_failure();
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0),
      "^ERROR:pykka:Unhandled exception in Grumpy \\(urn:uuid:[-0-9a-f]{36}\\): "
      "std::runtime_error: boom\n$");
}

TEST_F(DefaultLogSink, WritesCriticalRecordsButNotTheLowerLevels) {
  EXPECT_EXIT(
      {
        for (auto level : {pykka::LogLevel::debug, pykka::LogLevel::info, pykka::LogLevel::warning,
                           pykka::LogLevel::critical}) {
          pykka::LogRecord record;
          record.level = level;
          record.message = std::string(pykka::to_string(level)) + " record";
          pykka::log(record);
        }
        std::_Exit(pykka::log_enabled(pykka::LogLevel::warning) ? 1 : 0);
      },
      ::testing::ExitedWithCode(0), "^CRITICAL:pykka:CRITICAL record\n$");
}

TEST_F(DefaultLogSink, IsSilencedByAnEmptySink) {
  EXPECT_EXIT(
      {
        const bool had_default = static_cast<bool>(pykka::set_log_sink(nullptr));
        provoke_every_kind_of_failure();
        std::_Exit(had_default && !pykka::log_enabled(pykka::LogLevel::critical) ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "^$");
}

TEST_F(DefaultLogSink, IsReplacedByAnInstalledSink) {
  EXPECT_EXIT(
      {
        std::atomic<int> errors{0};
        pykka::set_log_sink([&](const pykka::LogRecord& record) {
          if (record.level == pykka::LogLevel::error) ++errors;
        });
        provoke_every_kind_of_failure();
        pykka::set_log_sink(nullptr);
        std::_Exit(errors.load() == 1 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "^$");
}

TEST_F(DefaultLogSink, ComesBackWhenTheSinkItReturnedIsRestored) {
  EXPECT_EXIT(
      {
        auto previous = pykka::set_log_sink([](const pykka::LogRecord&) {});
        const bool custom_takes_debug = pykka::log_enabled(pykka::LogLevel::debug);
        pykka::set_log_sink(previous);
        provoke_every_kind_of_failure();
        std::_Exit(custom_takes_debug && !pykka::log_enabled(pykka::LogLevel::warning) ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "^ERROR:pykka:Unhandled exception in Grumpy [^\n]*\n$");
}

TEST(Logging, LevelsHavePythonsNumbersAndNames) {
  EXPECT_EQ(static_cast<int>(pykka::LogLevel::debug), 10);
  EXPECT_EQ(static_cast<int>(pykka::LogLevel::info), 20);
  EXPECT_EQ(static_cast<int>(pykka::LogLevel::warning), 30);
  EXPECT_EQ(static_cast<int>(pykka::LogLevel::error), 40);
  EXPECT_EQ(static_cast<int>(pykka::LogLevel::critical), 50);
  EXPECT_EQ(pykka::to_string(pykka::LogLevel::warning), "WARNING");
}

TEST(Logging, RecordsCarryLoggerLevelActorAndThread) {
  pykka::testing::LogCapture log;
  auto ref = pykka::start<Loud>();
  EXPECT_THROW((void)ref.ask(1, kWaitLimit), std::runtime_error);
  ref.stop();
  const auto records = log.matching(pykka::LogLevel::info, "Exception returned from ");
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0].logger, "pykka");
  EXPECT_EQ(records[0].actor, "Loud (" + ref.actor_urn() + ")");
  EXPECT_EQ(records[0].thread_name.rfind("Loud-", 0), 0U) << records[0].thread_name;
  EXPECT_EQ(records[0].exception, "std::runtime_error: boom");
}

TEST(Logging, ThresholdFiltersBeforeTheSinkIsCalled) {
  pykka::testing::LogCapture log(pykka::LogLevel::warning);
  EXPECT_FALSE(pykka::log_enabled(pykka::LogLevel::info));
  EXPECT_TRUE(pykka::log_enabled(pykka::LogLevel::warning));
  auto ref = pykka::start<Loud>();
  EXPECT_THROW((void)ref.ask(1, kWaitLimit), std::runtime_error);
  ref.stop();
  for (const auto& record : log.records()) {
    EXPECT_GE(static_cast<int>(record.level), static_cast<int>(pykka::LogLevel::warning));
  }
}

TEST(Logging, AThrowingSinkNeverHurtsTheActor) {
  std::atomic<int> calls{0};
  auto previous = pykka::set_log_sink([&](const pykka::LogRecord&) {
    ++calls;
    throw std::runtime_error("sink broken");
  });
  auto ref = pykka::start<Loud>();
  EXPECT_THROW((void)ref.ask(1, kWaitLimit), std::runtime_error);
  EXPECT_TRUE(ref.is_alive());
  EXPECT_TRUE(ref.stop(kWaitLimit));
  pykka::set_log_sink(previous);
  EXPECT_GT(calls.load(), 0);
}

TEST(Logging, ReplacingTheSinkWaitsForCallsStillInsideIt) {
  pykka::testing::Event inside;
  pykka::testing::Event release;
  pykka::testing::Event replaced;
  auto previous = pykka::set_log_sink([&](const pykka::LogRecord&) {
    inside.set();
    (void)release.wait();
  });
  std::thread logger([] {
    pykka::LogRecord record;
    record.level = pykka::LogLevel::error;
    record.message = "held";
    pykka::log(record);
  });
  ASSERT_TRUE(inside.wait());
  std::thread replacer([&] {
    pykka::set_log_sink(previous);
    replaced.set();
  });
  // While the old sink is still running, replacing it must not complete.
  EXPECT_FALSE(replaced.wait(std::chrono::milliseconds(50)));
  release.set();
  EXPECT_TRUE(replaced.wait());
  logger.join();
  replacer.join();
}

TEST(Logging, ASinkMayReplaceTheSinkFromInsideWithoutWaitingForItself) {
  std::atomic<int> calls{0};
  pykka::LogSink previous;
  previous = pykka::set_log_sink([&](const pykka::LogRecord&) {
    ++calls;
    pykka::set_log_sink(previous);  // would deadlock if it waited for this very call
  });
  pykka::LogRecord record;
  record.level = pykka::LogLevel::warning;
  pykka::log(record);
  pykka::log(record);  // goes to the restored default sink, which ignores WARNING
  EXPECT_EQ(calls.load(), 1);
}

TEST(Logging, EmptySinkSilencesEvenCriticalRecords) {
  {
    pykka::testing::LogCapture log;
    EXPECT_TRUE(pykka::log_enabled(pykka::LogLevel::debug));
  }
  auto previous = pykka::set_log_sink(nullptr);
  EXPECT_FALSE(pykka::log_enabled(pykka::LogLevel::critical));
  pykka::set_log_sink(previous);
  EXPECT_TRUE(pykka::log_enabled(pykka::LogLevel::critical));
}

TEST(Logging, StderrSinkWritesPythonStyleLines) {
  ::testing::internal::CaptureStderr();
  auto sink = pykka::stderr_log_sink();
  pykka::LogRecord record;
  record.level = pykka::LogLevel::error;
  record.message = "Unhandled exception in X (urn:uuid:1):";
  record.exception = "std::runtime_error: boom";
  sink(record);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "ERROR:pykka:Unhandled exception in X (urn:uuid:1):\nstd::runtime_error: boom\n");
}

}  // namespace
