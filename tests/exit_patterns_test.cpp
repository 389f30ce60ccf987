// How a program may end while actors run: RAII owners, atexit handlers and function-local
// statics used by on_stop all work at exit; an exit that waits for an actor nobody stops says
// so in one CRITICAL record. Each pattern runs in a child process (see exit/exit_patterns_child).

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "support/child_process.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::ChildResult;

// The child built with threading actors, or with fiber actors.
ChildResult run_pattern(const char* mode, bool fiber = false) {
  return pykka::testing::run_child(
      fiber ? PYKKA_EXIT_PATTERNS_CHILD_FIBER : PYKKA_EXIT_PATTERNS_CHILD, mode, 60s,
      /*with_stderr=*/true);
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

TEST(ExitPatterns, AGlobalObjectMayStopItsActorInItsDestructor) {
  const auto result = run_pattern("global-stops-actor");
  ASSERT_TRUE(result.exited) << result.output;
  EXPECT_EQ(WEXITSTATUS(result.status), 0) << result.output;
  EXPECT_EQ(result.output,
            "main returning\nservice stopping its actor\non_stop ran\nservice stopped\n");
}

TEST(ExitPatterns, AnAtexitHandlerRegisteredBeforeTheFirstStartMayStopTheActors) {
  const auto result = run_pattern("atexit-stops-actors");
  ASSERT_TRUE(result.exited) << result.output;
  EXPECT_EQ(WEXITSTATUS(result.status), 0) << result.output;
  EXPECT_EQ(result.output,
            "main returning\natexit handler stopping all actors\non_stop ran\non_stop ran\n"
            "atexit handler done\n");
}

TEST(ExitPatterns, AnActorBusyAtExitFinishesBeforeStaticsFirstUsedAfterStartAreDestroyed) {
  const auto result = run_pattern("static-in-on-stop");
  ASSERT_TRUE(result.exited) << result.output;
  EXPECT_EQ(WEXITSTATUS(result.status), 0) << result.output;
  EXPECT_EQ(result.output, "main returning\njournal: main ran\njournal: on_stop ran\n");
}

TEST(ExitPatterns, TheSamePatternsWorkWithFiberActors) {
  const auto global = run_pattern("global-stops-actor", /*fiber=*/true);
  ASSERT_TRUE(global.exited) << global.output;
  EXPECT_EQ(global.output,
            "main returning\nservice stopping its actor\non_stop ran\nservice stopped\n");
  const auto handler = run_pattern("atexit-stops-actors", /*fiber=*/true);
  ASSERT_TRUE(handler.exited) << handler.output;
  EXPECT_EQ(handler.output,
            "main returning\natexit handler stopping all actors\non_stop ran\non_stop ran\n"
            "atexit handler done\n");
  const auto journal = run_pattern("static-in-on-stop", /*fiber=*/true);
  ASSERT_TRUE(journal.exited) << journal.output;
  EXPECT_EQ(journal.output, "main returning\njournal: main ran\njournal: on_stop ran\n");
}

TEST(ExitPatterns, AnExitWaitingForAnActorNobodyStopsLogsOneCriticalRecordNamingIt) {
  // The child waits for ever, as Python does; it is killed once the record is complete.
  const auto result =
      pykka::testing::run_child(PYKKA_EXIT_PATTERNS_CHILD, "never-stopped", 60s,
                                /*with_stderr=*/true, "End of the actors still running at exit.");
  EXPECT_FALSE(result.exited) << result.output;
  EXPECT_EQ(count_of(result.output, "CRITICAL"), 1U) << result.output;
  EXPECT_NE(result.output.find("waited 3 s for 1 non-daemon actor"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("Actor: Worker (urn:uuid:"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("Processing: nothing (waiting for a message)"), std::string::npos)
      << result.output;
}

}  // namespace
