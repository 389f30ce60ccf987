// What only the fiber runtime promises: a blocking call in a handler suspends the actor, not
// its worker (shown with a single worker, where blocking the thread would hang); suspended
// actors resume where they stopped, on completion or timeout; a flooded actor cannot starve
// others; idle workers take work from busy ones; fiber actors, threading actors and plain
// threads ask each other in both directions; and a worker stuck in a system call is reported.
// The rest of the behaviour suite runs on this runtime through tests/support/runtimes.hpp.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/text.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::kWaitLimit;

// A system whose fiber runtime has exactly `workers` worker threads.
std::unique_ptr<pykka::ActorSystem> system_with_workers(std::size_t workers,
                                                        std::size_t budget = 64) {
  auto system = std::make_unique<pykka::ActorSystem>();
  system->runtime<pykka::FiberRuntime>().configure({.workers = workers, .budget = budget});
  return system;
}

struct Ask {};
struct Answer {};

// Asks `next` (if any) and answers with its reply plus one: a chain of blocking asks.
class Link : public pykka::FiberActor {
 public:
  explicit Link(std::optional<pykka::AnyActorRef> next) : next_(std::move(next)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    if (!next_) return 1;
    return next_->template ask<int>(Ask{}, kWaitLimit) + 1;
  }

 private:
  std::optional<pykka::AnyActorRef> next_;
};

TEST(FiberRuntime, ABlockingAskInAHandlerSuspendsOnlyTheActor) {
  auto system = system_with_workers(1);
  auto last = system->start<Link>(std::nullopt);
  auto first = system->start<Link>(last);
  // With one worker, a thread blocked in the first actor's ask could never run the second.
  EXPECT_EQ(first.ask<int>(Ask{}, kWaitLimit), 2);
  EXPECT_EQ(system->runtime<pykka::FiberRuntime>().stats().workers, 1u);
}

TEST(FiberRuntime, AThousandActorsEachBlockingOnTheNextShareOneWorker) {
  auto system = system_with_workers(1);
  std::vector<pykka::ActorRef<Link>> chain;
  chain.push_back(system->start<Link>(std::nullopt));
  for (int i = 1; i < 1000; ++i) chain.push_back(system->start<Link>(chain.back()));
  EXPECT_EQ(chain.back().ask<int>(Ask{}, kWaitLimit), 1000);
  const auto stats = system->runtime<pykka::FiberRuntime>().stats();
  EXPECT_EQ(stats.suspended, 0u);
  EXPECT_GE(stats.stacks, 1u);
}

// Waits for a future nobody sets, with a timeout, and reports what happened.
class Patient : public pykka::FiberActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<Answer>()) return std::string("still here");
    pykka::Future<int> never;
    try {
      (void)never.get(50ms);
      return std::string("got a value");
    } catch (const pykka::Timeout&) {
      return std::string("timed out");
    }
  }
};

TEST(FiberRuntime, ATimedWaitInAHandlerEndsWithTimeoutWhileOthersRun) {
  auto system = system_with_workers(1);
  auto patient = system->start<Patient>();
  auto other = system->start<Patient>();
  auto waiting = patient.ask<std::string>(Ask{}, pykka::nonblocking);
  // The worker is free while the first actor waits: the second answers meanwhile.
  EXPECT_EQ(other.ask<std::string>(Answer{}, kWaitLimit), "still here");
  EXPECT_EQ(waiting.get(kWaitLimit), "timed out");
}

// Blocks on a future the test completes; counts the messages it handled.
class Waiter : public pykka::FiberActor {
 public:
  explicit Waiter(pykka::Future<int> gate) : gate_(std::move(gate)) {}
  pykka::Message on_receive(pykka::Message& message) override {
    ++handled_;
    if (message.is<Answer>()) return handled_;
    return gate_.get(kWaitLimit) + 1;
  }

 private:
  pykka::Future<int> gate_;
  int handled_ = 0;
};

TEST(FiberRuntime, ASuspendedActorResumesWhereItStoppedAndHandlesQueuedMessagesAfter) {
  auto system = system_with_workers(1);
  pykka::Future<int> gate;
  auto waiter = system->start<Waiter>(gate);
  auto first = waiter.ask<int>(Ask{}, pykka::nonblocking);
  auto second = waiter.ask<int>(Answer{}, pykka::nonblocking);
  EXPECT_FALSE(second.done());
  gate.set(41);
  EXPECT_EQ(first.get(kWaitLimit), 42);
  EXPECT_EQ(second.get(kWaitLimit), 2);  // one message at a time, in order
}

TEST(FiberRuntime, StoppingASuspendedActorWaitsForItsHandlerThenStops) {
  auto system = system_with_workers(1);
  pykka::Future<int> gate;
  auto waiter = system->start<Waiter>(gate);
  auto reply = waiter.ask<int>(Ask{}, pykka::nonblocking);
  auto stopped = waiter.stop(pykka::nonblocking);
  EXPECT_FALSE(stopped.done());
  gate.set(1);
  EXPECT_EQ(reply.get(kWaitLimit), 2);
  EXPECT_TRUE(stopped.get(kWaitLimit));
  EXPECT_FALSE(waiter.is_alive());
}

// Fails (on a tell) once its gate is set, so asks queued behind find it dead.
class Doomed : public pykka::FiberActor {
 public:
  explicit Doomed(pykka::Future<int> gate) : gate_(std::move(gate)) {}
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<Ask>()) return 0;
    (void)gate_.get(kWaitLimit);
    throw std::runtime_error("doomed");
  }

 private:
  pykka::Future<int> gate_;
};

// Asks `target` and reports how the blocking ask ended.
class Asker : public pykka::FiberActor {
 public:
  explicit Asker(pykka::ActorRef<Doomed> target) : target_(std::move(target)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    try {
      return std::to_string(target_.ask<int>(Ask{}, kWaitLimit));
    } catch (const pykka::ActorDeadError&) {
      return std::string("dead");
    }
  }

 private:
  pykka::ActorRef<Doomed> target_;
};

TEST(FiberRuntime, ASuspendedAskResumesWithActorDeadErrorWhenItsTargetDies) {
  auto system = system_with_workers(1);
  pykka::Future<int> gate;
  auto doomed = system->start<Doomed>(gate);
  doomed.tell(Answer{});  // the doomed actor now waits for the gate, then fails
  auto asker = system->start<Asker>(doomed);
  auto reply = asker.ask<std::string>(Answer{}, pykka::nonblocking);
  pykka::testing::LogCapture log;
  gate.set(0);
  EXPECT_EQ(reply.get(kWaitLimit), "dead");
}

// Counts messages; answers Answer with the count.
class Counter : public pykka::FiberActor {
 public:
  explicit Counter(std::shared_ptr<std::atomic<int>> count) : count_(std::move(count)) {}
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<Answer>()) return count_->load();
    count_->fetch_add(1);
    return {};
  }

 private:
  std::shared_ptr<std::atomic<int>> count_;
};

// Spins on a flag: keeps its worker busy (deliberately, without blocking) until released.
class Spinner : public pykka::FiberActor {
 public:
  explicit Spinner(std::shared_ptr<std::atomic<bool>> release) : release_(std::move(release)) {}
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<Answer>()) return {};
    const auto limit = std::chrono::steady_clock::now() + kWaitLimit;
    while (!release_->load() && std::chrono::steady_clock::now() < limit) {
      std::this_thread::yield();
    }
    return {};
  }

 private:
  std::shared_ptr<std::atomic<bool>> release_;
};

TEST(FiberRuntime, AFloodedActorYieldsItsWorkerAfterItsBudget) {
  constexpr int kBudget = 16;
  constexpr int kFlood = 1000;
  auto system = system_with_workers(1, kBudget);
  auto release = std::make_shared<std::atomic<bool>>(false);
  auto count = std::make_shared<std::atomic<int>>(0);
  auto spinner = system->start<Spinner>(release);
  auto flooded = system->start<Counter>(count);
  auto observer = system->start<Counter>(count);
  // Both idle (started, mailbox empty) before the worker is made busy.
  ASSERT_EQ(flooded.ask<int>(Answer{}, kWaitLimit), 0);
  ASSERT_EQ(observer.ask<int>(Answer{}, kWaitLimit), 0);
  // On one worker this runs after the observer has blocked again.
  (void)spinner.ask(Answer{}, kWaitLimit);
  // Queue everything while the only worker is busy, so the order is known.
  auto busy = spinner.ask(Ask{}, pykka::nonblocking);
  for (int i = 0; i < kFlood; ++i) flooded.tell(Ask{});
  auto seen = observer.ask<int>(Answer{}, pykka::nonblocking);
  release->store(true);
  (void)busy.get(kWaitLimit);
  // The observer ran after the flooded actor's first budget, not after all of its messages.
  EXPECT_EQ(seen.get(kWaitLimit), kBudget);
}

TEST(FiberRuntime, AnIdleWorkerTakesRunnableActorsFromABusyOne) {
  auto system = system_with_workers(2);
  auto release = std::make_shared<std::atomic<bool>>(false);
  auto count = std::make_shared<std::atomic<int>>(0);
  // Starts a spinner and a counter from its handler: both are queued on its own worker, the
  // spinner first, so the counter is answered only if the other worker takes one of them.
  class Starter : public pykka::FiberActor {
   public:
    Starter(std::shared_ptr<std::atomic<bool>> release, std::shared_ptr<std::atomic<int>> count)
        : release_(std::move(release)), count_(std::move(count)) {}
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      auto spinner = pykka::start<Spinner>(release_);
      spinner.tell(Ask{});
      auto counter = pykka::start<Counter>(count_);
      return counter.ask<int>(Answer{}, pykka::nonblocking);
    }

   private:
    std::shared_ptr<std::atomic<bool>> release_;
    std::shared_ptr<std::atomic<int>> count_;
  };
  auto starter = system->start<Starter>(release, count);
  auto reply = starter.ask<pykka::Future<int>>(Ask{}, kWaitLimit);
  // Answered while the spinner still holds a worker.
  EXPECT_EQ(reply.get(kWaitLimit), 0);
  EXPECT_FALSE(release->exchange(true));
  EXPECT_GE(system->runtime<pykka::FiberRuntime>().stats().steals, 1u);
}

// A threading actor that asks a fiber actor, blocking its own thread.
class ThreadAsker : public pykka::ThreadingActor {
 public:
  explicit ThreadAsker(pykka::ActorRef<Link> target) : target_(std::move(target)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    return target_.ask<int>(Ask{}, kWaitLimit) + 10;
  }

 private:
  pykka::ActorRef<Link> target_;
};

// A fiber actor that asks a threading actor, suspending.
class FiberAsker : public pykka::FiberActor {
 public:
  explicit FiberAsker(pykka::ActorRef<ThreadAsker> target) : target_(std::move(target)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    return target_.ask<int>(Ask{}, kWaitLimit) + 100;
  }

 private:
  pykka::ActorRef<ThreadAsker> target_;
};

TEST(FiberRuntime, FiberAndThreadingActorsAskEachOtherInBothDirections) {
  auto system = system_with_workers(1);
  auto leaf = system->start<Link>(std::nullopt);
  auto thread_actor = system->start<ThreadAsker>(leaf);
  auto fiber_actor = system->start<FiberAsker>(thread_actor);
  // plain thread -> fiber -> threading -> fiber
  EXPECT_EQ(fiber_actor.ask<int>(Ask{}, kWaitLimit), 111);
}

TEST(FiberRuntime, AHundredThousandActorsStartAnswerAndStop) {
  constexpr int kActors = 100'000;
  auto system = system_with_workers(2);
  std::vector<pykka::ActorRef<Link>> refs;
  refs.reserve(kActors);
  for (int i = 0; i < kActors; ++i) refs.push_back(system->start<Link>(std::nullopt));
  std::vector<pykka::Future<int>> replies;
  replies.reserve(kActors);
  for (auto& ref : refs) replies.push_back(ref.ask<int>(Ask{}, pykka::nonblocking));
  int sum = 0;
  for (auto& reply : replies) sum += reply.get(kWaitLimit);
  EXPECT_EQ(sum, kActors);
  EXPECT_EQ(system->runtime<pykka::FiberRuntime>().stats().live_actors,
            static_cast<std::size_t>(kActors));
  // All stops in flight at once: bounded by throughput, not by 100 000 sequential round trips
  // (which a sanitizer build on a loaded machine may not finish within any one bound).
  auto stops = system->registry().stop_all(pykka::nonblocking);
  ASSERT_EQ(stops.size(), refs.size());
  for (auto& stop : stops) EXPECT_TRUE(stop.get(kWaitLimit));
  for (auto& ref : refs) EXPECT_FALSE(ref.is_alive());
  EXPECT_TRUE(system->shutdown(kWaitLimit));
}

// Blocks its worker's thread (a system call, not a pykka wait) until released.
class Sleeper : public pykka::FiberActor {
 public:
  explicit Sleeper(std::shared_ptr<pykka::testing::Event> release) : release_(std::move(release)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    (void)release_->wait();
    return {};
  }

 private:
  std::shared_ptr<pykka::testing::Event> release_;
};

TEST(FiberRuntime, AWorkerStuckInASystemCallIsReportedWithItsActor) {
  pykka::testing::LogCapture log;
  auto system = std::make_unique<pykka::ActorSystem>();
  system->runtime<pykka::FiberRuntime>().configure({.workers = 1, .stuck_after = 20ms});
  auto release = std::make_shared<pykka::testing::Event>();
  auto sleeper = system->start<Sleeper>(release);
  auto done = sleeper.ask(Ask{}, pykka::nonblocking);
  const bool reported =
      log.wait_for(pykka::LogLevel::warning, "Fiber worker pykka-fiber-1 has been running");
  release->set();
  (void)done.get(kWaitLimit);
  ASSERT_TRUE(reported);
  const auto warnings =
      log.matching(pykka::LogLevel::warning, "Fiber worker pykka-fiber-1 has been running");
  EXPECT_EQ(warnings.size(), 1u) << "one record per stuck run";
  EXPECT_NE(warnings[0].message.find(pykka::testing::display(sleeper)), std::string::npos)
      << warnings[0].message;
}

TEST(FiberRuntime, RefusesToBeConfiguredOnceItsWorkersRun) {
  auto system = system_with_workers(1);
  auto actor = system->start<Link>(std::nullopt);
  EXPECT_THROW(system->runtime<pykka::FiberRuntime>().configure({.workers = 2}), std::logic_error);
  EXPECT_THROW(pykka::ActorSystem().runtime<pykka::FiberRuntime>().configure({.stack_size = 1}),
               std::invalid_argument);
  EXPECT_EQ(system->runtime<pykka::FiberRuntime>().options().workers, 1u);
}

TEST(FiberRuntime, WorkersAreNamedAndIdleWorkersHoldNoActorStacks) {
  auto system = system_with_workers(2);
  class Where : public pykka::FiberActor {
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      char name[16] = {};
      pthread_getname_np(pthread_self(), name, sizeof name);
      return std::string(name);
    }
  };
  auto where = system->start<Where>();
  const std::string name = where.ask<std::string>(Ask{}, kWaitLimit);
  EXPECT_EQ(name.rfind("pykka-fiber-", 0), 0u) << name;
  // Without a blocking wait, each worker uses one stack, whatever the number of actors.
  for (int i = 0; i < 100; ++i) (void)system->start<Where>();
  EXPECT_LE(system->runtime<pykka::FiberRuntime>().stats().stacks, 2u);
  EXPECT_EQ(system->runtime<pykka::FiberRuntime>().stats().suspended, 0u);
}

}  // namespace
