// The adaptive spin budget of a waiting thread (runtime/park.hpp): it grows when spinning
// pays off, shrinks when it does not, and recovers after a park that ended soon.

#include <chrono>
#include <cstdint>

#include <gtest/gtest.h>

#include "runtime/park.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::detail::kMaxSpinNs;
using pykka::detail::kMinSpinNs;
using pykka::detail::learn_from_park;
using pykka::detail::spin_adaptively;

TEST(SpinBudget, DoublesWhenTheSpinCatchesTheEvent) {
  std::int64_t budget = 2'000;
  EXPECT_TRUE(spin_adaptively(budget, [] { return true; }));
  EXPECT_EQ(budget, 4'000);
}

TEST(SpinBudget, HalvesWhenTheSpinRunsOutBeforeTheEvent) {
  std::int64_t budget = 4'000;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(spin_adaptively(budget, [] { return false; }));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 4us);
  EXPECT_EQ(budget, 2'000);
}

TEST(SpinBudget, StaysBetweenTheShortestAndTheLongestSpin) {
  std::int64_t budget = kMaxSpinNs;
  EXPECT_TRUE(spin_adaptively(budget, [] { return true; }));
  EXPECT_EQ(budget, kMaxSpinNs);
  budget = kMinSpinNs;
  EXPECT_FALSE(spin_adaptively(budget, [] { return false; }));
  EXPECT_EQ(budget, kMinSpinNs);
}

TEST(SpinBudget, GrowsToCoverTheWholeWaitWhenAParkEndedSoon) {
  // A spin of 1 µs ran out (budget halved to 500 ns), then the event came 10 µs into the park:
  // the next spin lasts long enough to catch an event that comes as late.
  std::int64_t budget = kMinSpinNs;
  learn_from_park(budget, 10us);
  EXPECT_GE(budget, 11'000);
  EXPECT_LE(budget, kMaxSpinNs);
}

TEST(SpinBudget, NeverGrowsPastTheLongestSpinAfterAPark) {
  std::int64_t budget = kMaxSpinNs / 2;
  learn_from_park(budget, std::chrono::nanoseconds(kMaxSpinNs - 1));
  EXPECT_EQ(budget, kMaxSpinNs);
}

TEST(SpinBudget, KeepsShrinkingWhenTheParkLastedLongerThanAnySpin) {
  std::int64_t budget = kMinSpinNs;
  learn_from_park(budget, 1ms);
  EXPECT_EQ(budget, kMinSpinNs);
}

TEST(SpinBudget, KeepsItsHalvedValueWhenTheSpinBeforeTheParkLostItsCore) {
  // On a machine with more runnable threads than cores a short park teaches nothing: a longer
  // spin would only have kept the core from the thread that made the event happen.
  std::int64_t budget = kMinSpinNs;
  pykka::detail::t_spin_lost_core = true;
  learn_from_park(budget, 10us);
  EXPECT_EQ(budget, kMinSpinNs);
  pykka::detail::t_spin_lost_core = false;
}

TEST(SpinBudget, ASpinThatRanOutOnTimeDidNotLoseItsCore) {
  pykka::detail::t_spin_lost_core = true;
  std::int64_t budget = 1'000;
  int looks = 0;
  // Ready never, and quick: the spin ends at its budget, well within the margin for a lost core
  // unless the test thread is preempted right then, which the retry rules out.
  for (int attempt = 0; attempt < 5 && pykka::detail::t_spin_lost_core; ++attempt) {
    budget = 1'000;
    EXPECT_FALSE(spin_adaptively(budget, [&] { return ++looks < 0; }));
  }
  EXPECT_FALSE(pykka::detail::t_spin_lost_core);
}

}  // namespace
