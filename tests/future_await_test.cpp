// co_await on pykka::Future and pykka::Task: suspension without a blocked thread, resumption
// driven by completion (on the completing thread, or through an executor; inside an actor, on the
// actor's own context, in order with its messages), flat stacks.

#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <deque>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/event.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::Future;
using pykka::Task;
using pykka::testing::Event;
using pykka::testing::kWaitLimit;

Task<int> add_one(Future<int> future) { co_return co_await future + 1; }

Task<std::thread::id> thread_after(Future<void> future) {
  co_await future;
  co_return std::this_thread::get_id();
}

TEST(FutureAwait, ContinuesAtOnceOnACompleteFuture) {
  Future<int> future;
  future.set(1);
  auto task = add_one(future);
  EXPECT_TRUE(task.done());
  EXPECT_EQ(task.get(0s), 2);
}

TEST(FutureAwait, SuspendsWithoutBlockingTheCaller) {
  Future<int> future;
  auto task = add_one(future);
  EXPECT_FALSE(task.done());  // the call returned while the coroutine waits
  future.set(41);
  EXPECT_EQ(task.get(0s), 42);
}

TEST(FutureAwait, ResumesOnTheCompletingThread) {
  Future<void> future;
  auto task = thread_after(future);
  std::thread::id setter_id;
  std::thread setter([&] {
    setter_id = std::this_thread::get_id();
    future.set();
  });
  setter.join();
  EXPECT_EQ(task.get(kWaitLimit), setter_id);
}

Task<std::string> describe(Future<int> future) {
  try {
    co_return std::to_string(co_await future);
  } catch (const std::runtime_error& error) {
    co_return std::string("caught ") + error.what();
  }
}

TEST(FutureAwait, RethrowsTheStoredExceptionInTheCoroutine) {
  Future<int> future;
  auto task = describe(future);
  future.set_exception(std::make_exception_ptr(std::runtime_error("boom")));
  EXPECT_EQ(task.get(0s), "caught boom");
}

Task<int> fail_after(Future<void> future) {
  co_await future;
  throw std::length_error("escaped");
}

TEST(TaskResult, CarriesAnEscapingException) {
  Future<void> future;
  auto task = fail_after(future);
  future.set();
  EXPECT_THROW(task.get(0s), std::length_error);
}

Task<void> store(Future<int> future, int* out) { *out = co_await future; }

TEST(TaskResult, WorksForVoid) {
  Future<int> future;
  int out = 0;
  Task<void> task = store(future, &out);
  future.set(6);
  task.get(0s);
  EXPECT_EQ(out, 6);
}

Task<std::unique_ptr<int>> unwrap(Future<std::unique_ptr<int>> future) {
  // A temporary future hands its move-only value over.
  co_return co_await std::move(future);
}

TEST(FutureAwait, MovesAMoveOnlyValueOutOfATemporaryFuture) {
  Future<std::unique_ptr<int>> future;
  auto task = unwrap(future);
  future.set(std::make_unique<int>(3));
  future = Future<std::unique_ptr<int>>();  // drop the caller's handle; the task owns the value
  auto value = std::move(task).get(0s);
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(*value, 3);
}

Task<int> sum_of(Task<int> a, Task<int> b) { co_return co_await a + co_await b; }

TEST(TaskAwait, AwaitsOtherTasks) {
  Future<int> x;
  Future<int> y;
  auto total = sum_of(add_one(x), add_one(y));
  y.set(10);
  EXPECT_FALSE(total.done());
  x.set(20);
  EXPECT_EQ(total.get(0s), 32);
}

TEST(TaskResult, ConvertsToAFuture) {
  Future<int> source;
  Future<int> result = add_one(source);
  source.set(1);
  EXPECT_EQ(result.get(0s), 2);
}

Task<int> await_mapped(Future<int> source) {
  auto doubled = source.map([](int x) { return x * 2; });
  co_return co_await doubled;
}

TEST(FutureAwait, ResumesWhenTheSourcesOfAMappedFutureComplete) {
  Future<int> source;
  auto task = await_mapped(source);
  EXPECT_FALSE(task.done());
  source.set(21);
  EXPECT_EQ(task.get(0s), 42);
}

Task<int> link(Task<int> previous) { co_return co_await previous + 1; }

TEST(FutureAwait, KeepsTheStackFlatAlongALongChainOfCoroutines) {
  // Each coroutine awaits the one before; completing the first completes them all. Resuming
  // each from the previous one's completion (symmetric transfer without tail calls) would
  // overflow the stack here at -O0 and under sanitizers.
  constexpr int kLinks = 20000;
  Future<int> start;
  Task<int> chain = add_one(start);
  for (int i = 0; i < kLinks; ++i) chain = link(chain);
  start.set(0);
  EXPECT_EQ(chain.get(kWaitLimit), kLinks + 1);
}

// Resumes coroutines on one worker thread, in order.
class WorkerExecutor final : public pykka::Executor {
 public:
  WorkerExecutor() : worker_([this] { work(); }) {}
  ~WorkerExecutor() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    worker_.join();
  }
  void post(std::coroutine_handle<> handle) noexcept override {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(handle);
    }
    changed_.notify_all();
  }
  [[nodiscard]] std::thread::id thread_id() const { return worker_.get_id(); }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      auto handle = queue_.front();
      queue_.pop_front();
      lock.unlock();
      resume(handle);
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::coroutine_handle<>> queue_;  // guarded by mutex_
  bool stopping_ = false;                      // guarded by mutex_
  std::thread worker_;
};

Task<std::vector<std::thread::id>> hop(WorkerExecutor& executor, Future<void> first,
                                       Future<void> second) {
  std::vector<std::thread::id> threads;
  co_await pykka::resume_on(executor);
  threads.push_back(std::this_thread::get_id());
  co_await first;
  threads.push_back(std::this_thread::get_id());
  co_await second;
  threads.push_back(std::this_thread::get_id());
  co_return threads;
}

TEST(FutureAwaitExecutor, ResumesThroughTheExecutorCurrentAtSuspension) {
  WorkerExecutor executor;
  Future<void> first;
  Future<void> second;
  auto task = hop(executor, first, second);
  first.set();  // from this thread: the coroutine still resumes on the worker
  std::thread other([second] { second.set(); });
  other.join();
  const auto threads = task.get(kWaitLimit);
  ASSERT_EQ(threads.size(), 3u);
  for (const auto& id : threads) EXPECT_EQ(id, executor.thread_id());
}

TEST(FutureAwaitExecutor, DefaultsToNone) { EXPECT_EQ(pykka::current_executor(), nullptr); }

template <class Runtime>
class FutureAwaitWithActors : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(FutureAwaitWithActors, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

template <class Base>
class GatedDoubler : public Base {
 public:
  explicit GatedDoubler(Event* gate) : gate_(gate) {}
  pykka::Message on_receive(pykka::Message& message) override {
    EXPECT_TRUE(gate_->wait());
    return message.as<int>() * 2;
  }

 private:
  Event* gate_;
};

template <class A>
Task<int> ask_all(std::vector<pykka::ActorRef<A>> actors) {
  int total = 0;
  for (std::size_t i = 0; i < actors.size(); ++i) {
    total += co_await actors[i].template ask<int>(static_cast<int>(i) + 1, pykka::nonblocking);
  }
  co_return total;
}

TYPED_TEST(FutureAwaitWithActors, AwaitsSeveralRepliesWithoutBlocking) {
  using Actor = GatedDoubler<typename TypeParam::ActorBase>;
  Event gate;
  std::vector<pykka::ActorRef<Actor>> actors;
  for (int i = 0; i < 3; ++i) actors.push_back(pykka::start<Actor>(&gate));
  auto total = ask_all(actors);
  EXPECT_FALSE(total.done());  // returned to us while the first actor is still gated
  gate.set();
  EXPECT_EQ(total.get(kWaitLimit), (1 + 2 + 3) * 2);
}

TYPED_TEST(FutureAwaitWithActors, DeliversTheActorExceptionToTheCoroutine) {
  struct Failing : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message&) override { throw std::invalid_argument("no"); }
  };
  auto ref = pykka::start<Failing>();
  std::vector<pykka::ActorRef<Failing>> actors{ref};
  EXPECT_THROW(ask_all(actors).get(kWaitLimit), std::invalid_argument);
}

// Asks each worker in turn from a coroutine started in a handler, adding into its own state.
struct Collect {
  std::vector<pykka::AnyActorRef> workers;
};
struct Report {};
struct CollectReport {
  int total;
  std::string actor_thread;  // the actor's context (see Coordinator::context)
  std::vector<std::string> resumed_on;
};

template <class Base>
class Coordinator : public Base {
 public:
  void on_start() override { actor_thread_ = context(); }
  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* collect = message.get_if<Collect>()) {
      (void)ask_each(collect->workers);
      return {};
    }
    return CollectReport{total_, actor_thread_, resumed_on_};
  }

 private:
  Task<void> ask_each(std::vector<pykka::AnyActorRef> workers) {
    for (auto& worker : workers) {
      total_ += co_await worker.ask<int>(1, pykka::nonblocking);
      resumed_on_.push_back(context());
    }
  }

  // Where the code runs: the thread for a thread-per-actor runtime; for fiber actors, which
  // share and change worker threads, whose handler runs.
  static std::string context() {
    std::ostringstream text;
    if constexpr (std::is_base_of_v<pykka::FiberActor, Base>) {
      text << "actor " << pykka::detail::ActorCell::current();
    } else {
      text << "thread " << std::this_thread::get_id();
    }
    return text.str();
  }

  std::string actor_thread_;
  int total_ = 0;
  std::vector<std::string> resumed_on_;
};

template <class Base>
class Doubler : public Base {
 public:
  pykka::Message on_receive(pykka::Message& message) override { return message.as<int>() * 2; }
};

TYPED_TEST(FutureAwaitWithActors, ResumesACoroutineStartedInAHandlerOnTheActorsOwnContext) {
  using B = typename TypeParam::ActorBase;
  auto coordinator = pykka::start<Coordinator<B>>();
  std::vector<pykka::AnyActorRef> workers;
  for (int i = 0; i < 3; ++i) workers.emplace_back(pykka::start<Doubler<B>>());
  coordinator.tell(Collect{workers});
  CollectReport report;
  const auto deadline = std::chrono::steady_clock::now() + kWaitLimit;
  do {
    report = coordinator.template ask<CollectReport>(Report{}, kWaitLimit);
  } while (report.resumed_on.size() < 3 && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(report.total, 6);
  ASSERT_EQ(report.resumed_on.size(), 3U);
  for (const auto& thread : report.resumed_on) EXPECT_EQ(thread, report.actor_thread);
}

// Starts a coroutine that awaits the future it is sent and journals how it resumed.
struct AwaitThis {
  Future<int> future;
  Future<std::string> outcome;
};

Task<void> await_and_report(Future<int> future, Future<std::string> outcome,
                            pykka::testing::Journal* journal) {
  try {
    const int value = co_await future;
    if (journal != nullptr) journal->add("resumed " + std::to_string(value));
    outcome.set("resumed");
  } catch (const pykka::ActorDeadError& error) {
    outcome.set(std::string("dead: ") + error.what());
  }
}

template <class Base>
class AwaitingActor : public Base {
 public:
  explicit AwaitingActor(pykka::testing::Journal* journal) : journal_(journal) {}
  pykka::Message on_receive(pykka::Message& message) override {
    if (pykka::testing::handle_block(message)) return {};
    if (auto* await_this = message.get_if<AwaitThis>()) {
      (void)await_and_report(await_this->future, await_this->outcome, journal_);
    } else {
      journal_->add(message.as<std::string>());
    }
    return {};
  }

 private:
  pykka::testing::Journal* journal_;
};

// An AwaitingActor that has started a coroutine awaiting `future`; it reports through `outcome`.
template <class B>
struct Awaiting {
  pykka::testing::Journal journal;
  pykka::ActorRef<AwaitingActor<B>> ref = pykka::start<AwaitingActor<B>>(&journal);
  Future<int> future;
  Future<std::string> outcome;
  Awaiting() { ref.tell(AwaitThis{future, outcome}); }
};

TYPED_TEST(FutureAwaitWithActors, ResumesInOrderWithTheActorsOtherMessages) {
  using B = typename TypeParam::ActorBase;
  Awaiting<B> awaiting;
  auto& [journal, ref, future, outcome] = awaiting;
  ref.tell(std::string("before"));
  {
    pykka::testing::Parked parked(ref);  // the actor is busy in a handler
    ASSERT_TRUE(parked.ok());
    future.set(1);  // queues the resumption behind the handler running now
    ref.tell(std::string("after"));
    EXPECT_FALSE(outcome.done());  // not resumed on this thread, nor beside the busy handler
  }
  EXPECT_EQ(outcome.get(kWaitLimit), "resumed");
  ASSERT_TRUE(journal.wait_for("after"));
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"before", "resumed 1", "after"}));
}

TYPED_TEST(FutureAwaitWithActors, ThrowsActorDeadErrorWhenTheActorStoppedBeforeItCouldResume) {
  using B = typename TypeParam::ActorBase;
  Awaiting<B> awaiting;
  auto& [journal, ref, future, outcome] = awaiting;
  EXPECT_TRUE(ref.stop(kWaitLimit));
  future.set(1);
  EXPECT_EQ(outcome.get(kWaitLimit).rfind("dead: ", 0), 0U) << outcome.get(kWaitLimit);
}

TYPED_TEST(FutureAwaitWithActors, ResumesACoroutineQueuedBehindTheStopWithActorDeadError) {
  using B = typename TypeParam::ActorBase;
  Awaiting<B> awaiting;
  auto& [journal, ref, future, outcome] = awaiting;
  {
    pykka::testing::Parked parked(ref);
    ASSERT_TRUE(parked.ok());
    (void)ref.stop(pykka::nonblocking);  // queued first
    future.set(1);                       // the resumption queues behind the stop
  }
  EXPECT_EQ(outcome.get(kWaitLimit).rfind("dead: ", 0), 0U) << outcome.get(kWaitLimit);
}

}  // namespace
