// The pykka log sink: silent by default, pluggable, level-filtered before formatting, and safe
// against throwing sinks.

#include <atomic>
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

TEST(Logging, IsSilentByDefault) {
  EXPECT_FALSE(pykka::log_enabled(pykka::LogLevel::critical));
  auto ref = pykka::start<Loud>();  // would log "Registered"/"Starting" if a sink existed
  EXPECT_THROW((void)ref.ask(1, kWaitLimit), std::runtime_error);
  ref.stop();
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
  record.level = pykka::LogLevel::error;
  pykka::log(record);
  pykka::log(record);  // goes to the restored (empty) sink
  EXPECT_EQ(calls.load(), 1);
}

TEST(Logging, EmptySinkSilencesAgain) {
  {
    pykka::testing::LogCapture log;
    EXPECT_TRUE(pykka::log_enabled(pykka::LogLevel::debug));
  }
  EXPECT_FALSE(pykka::log_enabled(pykka::LogLevel::critical));
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
