// The contract every pykka::Runtime keeps (pykka/runtime.hpp), checked on each runtime: on_start
// before the first message on the actor's own context, one context at a time, blocked actors
// woken by the next message however the sends race with blocking, and waits on futures that end
// on completion or on their timeout.

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/event.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::kWaitLimit;

template <class Runtime>
class RuntimeContract : public ::testing::Test {
 protected:
  void TearDown() override { (void)pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(RuntimeContract, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

struct WhereAmI {};
struct Count {};
struct Add {
  int amount;
};

// Records the thread of on_start and of every message, and checks that no two of its handlers
// ever overlap.
template <class Base>
class Recorder : public Base {
 public:
  void on_start() override { start_thread_ = std::this_thread::get_id(); }
  pykka::Message on_receive(pykka::Message& message) override {
    if (inside_.exchange(true)) overlapped_ = true;
    pykka::Message reply;
    if (message.is<WhereAmI>()) {
      reply = std::vector<std::thread::id>{start_thread_, std::this_thread::get_id()};
    } else if (auto* add = message.get_if<Add>()) {
      total_ += add->amount;
    } else if (message.is<Count>()) {
      reply = overlapped_ ? -1 : total_;
    }
    inside_.store(false);
    return reply;
  }

 private:
  std::thread::id start_thread_;
  std::atomic<bool> inside_{false};
  bool overlapped_ = false;
  int total_ = 0;
};

// Blocks in a handler on a future that the message carries, with a timeout.
struct WaitFor {
  pykka::Future<int> future;
  std::chrono::milliseconds timeout;
};

template <class Base>
class Waiter : public Base {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    auto& wait = message.as<WaitFor>();
    try {
      return wait.future.get(wait.timeout);
    } catch (const pykka::Timeout&) {
      return -1;
    }
  }
};

TYPED_TEST(RuntimeContract, RunsOnStartAndMessagesOnTheActorsOwnContext) {
  using B = typename TypeParam::ActorBase;
  auto ref = pykka::start<Recorder<B>>();
  auto threads = ref.template ask<std::vector<std::thread::id>>(WhereAmI{}, kWaitLimit);
  ASSERT_EQ(threads.size(), 2U);
  // A fiber actor may move between workers from one run to the next, never onto the caller.
  if constexpr (TypeParam::thread_per_actor) {
    EXPECT_EQ(threads[0], threads[1]);
  }
  EXPECT_NE(threads[0], std::this_thread::get_id());
  EXPECT_NE(threads[1], std::this_thread::get_id());
}

TYPED_TEST(RuntimeContract, WakesABlockedActorForEveryMessageWhateverTheTiming) {
  using B = typename TypeParam::ActorBase;
  auto ref = pykka::start<Recorder<B>>();
  constexpr int kSenders = 4;
  constexpr int kEach = 2000;
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&ref, s] {
      for (int i = 0; i < kEach; ++i) {
        ref.tell(Add{1});
        // Vary the gaps so sends land while the actor runs, blocks and is parked.
        for (int spin = 0; spin < (i * (s + 1)) % 64; ++spin) std::this_thread::yield();
      }
    });
  }
  for (auto& sender : senders) sender.join();
  EXPECT_EQ(ref.template ask<int>(Count{}, kWaitLimit), kSenders * kEach);
}

TYPED_TEST(RuntimeContract, WakesAnActorBlockedOnAFutureWhenItCompletes) {
  using B = typename TypeParam::ActorBase;
  auto ref = pykka::start<Waiter<B>>();
  pykka::Future<int> future;
  auto reply = ref.template ask<int>(WaitFor{future, 10s}, pykka::nonblocking);
  std::thread setter([future] { future.set(7); });
  EXPECT_EQ(reply.get(kWaitLimit), 7);
  setter.join();
}

TYPED_TEST(RuntimeContract, EndsAWaitOnAFutureAtItsTimeout) {
  using B = typename TypeParam::ActorBase;
  auto ref = pykka::start<Waiter<B>>();
  pykka::Future<int> never;
  EXPECT_EQ(ref.template ask<int>(WaitFor{never, 20ms}, kWaitLimit), -1);
  // A zero timeout only polls.
  EXPECT_EQ(ref.template ask<int>(WaitFor{never, 0ms}, kWaitLimit), -1);
  never.set(1);  // completing after the waits timed out touches nothing of theirs
  EXPECT_EQ(ref.template ask<int>(WaitFor{never, 0ms}, kWaitLimit), 1);
}

TYPED_TEST(RuntimeContract, RunsManyActorsThatAskEachOtherWithoutLosingAReply) {
  using B = typename TypeParam::ActorBase;
  constexpr int kActors = 20;
  std::vector<pykka::ActorRef<Recorder<B>>> refs;
  for (int i = 0; i < kActors; ++i) refs.push_back(pykka::start<Recorder<B>>());
  std::vector<pykka::Future<pykka::Message>> replies;
  for (int round = 0; round < 50; ++round) {
    for (auto& ref : refs) replies.push_back(ref.ask(Add{round}, pykka::nonblocking));
  }
  for (auto& reply : replies) (void)reply.get(kWaitLimit);
  for (auto& ref : refs) EXPECT_EQ(ref.template ask<int>(Count{}, kWaitLimit), 49 * 50 / 2);
}

struct TinyStack : pykka::ThreadingActor {
  static constexpr std::size_t thread_stack_size = 1;
};

TEST(RuntimeContractThreading, RefusesAnUnusableStackSizeAndLeavesNoActorBehind) {
  using Tiny = TinyStack;
  pykka::ActorSystem system;
  EXPECT_THROW((void)system.start<Tiny>(), std::system_error);
  EXPECT_TRUE(system.registry().get_all().empty());
}

}  // namespace
