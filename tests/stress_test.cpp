// Stress: concurrent asks racing a stop. Every future must resolve — with a value or an
// ActorDeadError — within a bound; none may be lost.

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/event.hpp"
#include "support/runtimes.hpp"

namespace {

using pykka::testing::kWaitLimit;

template <class Runtime>
class Stress : public ::testing::Test {};
TYPED_TEST_SUITE(Stress, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

template <class Base>
class Doubler : public Base {
 public:
  pykka::Message on_receive(pykka::Message& message) override { return message.as<int>() * 2; }
};

TYPED_TEST(Stress, EightAskingThreadsRacingAStopNeverLoseAReply) {
  constexpr int kRounds = 100;
  constexpr int kThreads = 8;
  constexpr int kAsksPerThread = 200;
  for (int round = 0; round < kRounds; ++round) {
    auto ref = pykka::start<Doubler<typename TypeParam::ActorBase>>();
    std::atomic<int> answered{0};
    std::atomic<int> dead{0};
    std::atomic<int> lost{0};
    std::atomic<int> ready{0};
    std::vector<std::thread> askers;
    for (int t = 0; t < kThreads; ++t) {
      askers.emplace_back([&, t] {
        ready.fetch_add(1);
        for (int i = 0; i < kAsksPerThread; ++i) {
          auto future = ref.template ask<int>(t * kAsksPerThread + i, pykka::nonblocking);
          try {
            if (future.get(kWaitLimit) == 2 * (t * kAsksPerThread + i)) answered.fetch_add(1);
          } catch (const pykka::ActorDeadError&) {
            dead.fetch_add(1);
          } catch (const pykka::Timeout&) {
            lost.fetch_add(1);
          }
        }
      });
    }
    std::thread stopper([&] {
      while (ready.load() < kThreads) std::this_thread::yield();
      (void)ref.stop(kWaitLimit);
    });
    for (auto& asker : askers) asker.join();
    stopper.join();
    ASSERT_EQ(lost.load(), 0) << "round " << round;
    ASSERT_EQ(answered.load() + dead.load(), kThreads * kAsksPerThread) << "round " << round;
    ASSERT_FALSE(ref.is_alive());
  }
}

}  // namespace
