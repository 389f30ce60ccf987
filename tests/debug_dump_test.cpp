// pykka::debug::log_thread_tracebacks: one CRITICAL record per known thread, naming the actor on
// it, what it processes, the reply it is blocked on and its native stack.

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <pykka/pykka.hpp>

#include "support/actor_test.hpp"
#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/runtimes.hpp"
#include "support/text.hpp"

// Outside any namespace, so the name in the stack is exactly this.
__attribute__((noinline)) void pykka_test_hold_in_distinctive_frame(
    const pykka::testing::Event& release) {
  (void)release.wait();
  asm volatile("");  // keeps this frame from becoming a tail call
}

namespace {

#if defined(__SANITIZE_THREAD__)
constexpr bool kUnderThreadSanitizer = true;
#else
constexpr bool kUnderThreadSanitizer = false;
#endif

using pykka::LogLevel;
using pykka::LogRecord;
using pykka::testing::contains;
using pykka::testing::display;
using pykka::testing::Event;
using pykka::testing::LogCapture;

struct Hold {};
struct AskHolder {};

template <class Base>
class Holder : public Base {
 public:
  Holder(Event* entered, Event* release) : entered_(entered), release_(release) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    entered_->set();
    pykka_test_hold_in_distinctive_frame(*release_);
    return 7;
  }

 private:
  Event* entered_;
  Event* release_;
};

template <class Base>
class Waiter : public Base {
 public:
  explicit Waiter(pykka::AnyActorRef holder) : holder_(std::move(holder)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    return holder_.ask<int>(Hold{}) + 1;
  }

 private:
  pykka::AnyActorRef holder_;
};

// Dumps until `ready` holds for the records (threads reach their blocking point on their own
// schedule), at most until the wait limit; returns the last dump.
template <class Ready>
std::vector<LogRecord> dump_until(Ready ready) {
  const auto deadline = std::chrono::steady_clock::now() + pykka::testing::kWaitLimit;
  for (;;) {
    LogCapture log(LogLevel::critical);
    pykka::debug::log_thread_tracebacks();
    auto records = log.records();
    if (ready(records) || std::chrono::steady_clock::now() > deadline) return records;
  }
}

const LogRecord* record_of_actor(const std::vector<LogRecord>& records, const std::string& actor) {
  for (const auto& record : records) {
    if (record.actor == actor) return &record;
  }
  return nullptr;
}

template <class Runtime>
class DebugDump : public pykka::testing::ActorTest {};
TYPED_TEST_SUITE(DebugDump, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

TYPED_TEST(DebugDump, NamesEveryActorThreadWithItsMessageAndBlockedOnTarget) {
  using Base = typename TypeParam::ActorBase;
  Event entered;
  Event release;
  auto holder = pykka::start<Holder<Base>>(&entered, &release);
  auto waiter = pykka::start<Waiter<Base>>(holder);
  auto answer = waiter.template ask<int>(AskHolder{}, pykka::nonblocking);
  ASSERT_TRUE(entered.wait());

  const std::string blocked_line = "Blocked on: the reply of " + display(holder);
  const std::string waiter_header = "Current state of " + waiter.actor_class_name() + "-";
  auto records = dump_until([&](const std::vector<LogRecord>& dump) {
    const LogRecord* waiting = record_of_actor(dump, display(waiter));
    const LogRecord* holding = record_of_actor(dump, display(holder));
    // A fiber actor is listed under its own name once suspended; just before, its worker's
    // record already shows it blocked.
    return waiting != nullptr && waiting->message.rfind(waiter_header, 0) == 0 &&
           contains(waiting->message, blocked_line) && holding != nullptr &&
           contains(holding->message, "pykka_test_hold_in_distinctive_frame");
  });
  release.set();
  EXPECT_EQ(answer.get(pykka::testing::kWaitLimit), 8);

  std::set<std::string> headers;
  for (const auto& record : records) {
    EXPECT_EQ(record.level, LogLevel::critical);
    EXPECT_EQ(record.logger, "pykka");
    EXPECT_EQ(record.message.rfind("Current state of ", 0), 0u) << record.message;
    EXPECT_TRUE(contains(record.message, " (ident: ")) << record.message;
    // ThreadSanitizer defers signals to a thread until it leaves a blocking call, so under a
    // loaded TSan run a thread may miss the capture deadline; the dump must then say so.
    // An actor suspended in a blocking wait runs on no thread: it has no stack to capture.
    EXPECT_TRUE(contains(record.message, "\n  Stack:\n    #0 ") ||
                (kUnderThreadSanitizer && contains(record.message, "\n  Stack: not captured")) ||
                (!TypeParam::thread_per_actor &&
                 contains(record.message, "\n  Stack: not captured (suspended in a blocking wait")))
        << record.message;
    headers.insert(record.message.substr(0, record.message.find('\n')));
  }
  EXPECT_EQ(headers.size(), records.size()) << "one record per thread";

  const LogRecord* waiting = record_of_actor(records, display(waiter));
  ASSERT_NE(waiting, nullptr);
  EXPECT_EQ(waiting->message.rfind(waiter_header, 0), 0u) << waiting->message;
  EXPECT_TRUE(contains(waiting->message, "\n  Actor: " + display(waiter)));
  EXPECT_TRUE(contains(waiting->message, "\n  Processing: (anonymous namespace)::AskHolder"));
  EXPECT_TRUE(contains(waiting->message, "\n  " + blocked_line + ", for ")) << waiting->message;
  EXPECT_FALSE(contains(waiting->message, "Deadlock:"));

  const LogRecord* holding = record_of_actor(records, display(holder));
  ASSERT_NE(holding, nullptr);
  EXPECT_TRUE(contains(holding->message, "\n  Processing: (anonymous namespace)::Hold"));
  EXPECT_FALSE(contains(holding->message, "Blocked on:"));
  EXPECT_TRUE(contains(holding->message, "pykka_test_hold_in_distinctive_frame"))
      << holding->message;

  bool main_thread_listed = false;
  for (const auto& record : records) {
    if (record.message.rfind("Current state of MainThread ", 0) == 0) {
      main_thread_listed = true;
      EXPECT_TRUE(contains(record.message, "#0 pykka::debug::log_thread_tracebacks()"))
          << record.message;
    }
  }
  EXPECT_TRUE(main_thread_listed);
  waiter.stop();
  holder.stop();
}

TYPED_TEST(DebugDump, AnIdleActorThreadNamesItsActorAndWaitsForAMessage) {
  if constexpr (!TypeParam::thread_per_actor) {
    GTEST_SKIP() << "an idle actor of this runtime runs on no thread";
  }
  struct Idle : TypeParam::ActorBase {};
  auto idle = pykka::start<Idle>();
  idle.ask(pykka::Message());  // the thread has run actor code, so it is known

  auto records = dump_until([&](const std::vector<LogRecord>& dump) {
    return record_of_actor(dump, display(idle)) != nullptr;
  });
  const LogRecord* record = record_of_actor(records, display(idle));
  ASSERT_NE(record, nullptr);
  EXPECT_TRUE(contains(record->message, "\n  Processing: nothing (waiting for a message)"));
  idle.stop();
}

TYPED_TEST(DebugDump, AnActorThreadIsListedUnderTheNameOfTheActorItRunsNow) {
  if constexpr (!TypeParam::thread_per_actor) {
    GTEST_SKIP() << "actors of this runtime share worker threads";
  }
  struct First : TypeParam::ActorBase {};
  struct Second : TypeParam::ActorBase {};
  auto first = pykka::start<First>();
  first.ask(pykka::Message());  // the thread has run actor code, so it is known
  first.stop();                 // its thread may now run the next actor
  auto second = pykka::start<Second>();
  second.ask(pykka::Message());

  auto records = dump_until([&](const std::vector<LogRecord>& dump) {
    return record_of_actor(dump, display(second)) != nullptr;
  });
  const LogRecord* record = record_of_actor(records, display(second));
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->message.rfind("Current state of " + second.actor_class_name() + "-", 0), 0u)
      << record->message;
  second.stop();
}

TYPED_TEST(DebugDump, AWorkerThatRanAnActorNamesItNoLongerOnceTheActorIsIdle) {
  if constexpr (TypeParam::thread_per_actor) {
    GTEST_SKIP() << "each actor of this runtime has a thread of its own";
  }
  struct Idle : TypeParam::ActorBase {};
  auto idle = pykka::start<Idle>();
  idle.ask(pykka::Message());  // a worker has run its code

  // The worker may still be ending the run when the reply arrives.
  auto records = dump_until([&](const std::vector<LogRecord>& dump) {
    return record_of_actor(dump, display(idle)) == nullptr;
  });
  EXPECT_EQ(record_of_actor(records, display(idle)), nullptr);
  idle.stop();
}

TYPED_TEST(DebugDump, WorksFromInsideAnActor) {
  struct Dumper : TypeParam::ActorBase {
    pykka::Message on_receive(pykka::Message& /*message*/) override {
      pykka::debug::log_thread_tracebacks();
      return {};
    }
  };
  LogCapture log(LogLevel::critical);
  auto dumper = pykka::start<Dumper>();
  dumper.ask(pykka::Message());
  const auto records = log.records();
  const LogRecord* own = record_of_actor(records, display(dumper));
  ASSERT_NE(own, nullptr);
  EXPECT_TRUE(contains(own->message, "#0 pykka::debug::log_thread_tracebacks()")) << own->message;
  dumper.stop();
}

TEST(DebugDumpCapture, AThreadThatBlocksTheCaptureSignalIsListedWithoutAStack) {
  Event entered;
  Event release;
  auto holder = pykka::start<Holder<pykka::ThreadingActor>>(&entered, &release);
  Event blocked_thread_done;
  std::thread deaf([&] {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    (void)holder.ask<int>(Hold{}, pykka::testing::kWaitLimit);
    blocked_thread_done.set();
  });
  ASSERT_TRUE(entered.wait());

  const std::string blocked_line = "Blocked on: the reply of " + display(holder);
  auto records = dump_until([&](const std::vector<LogRecord>& dump) {
    for (const auto& record : dump) {
      if (record.actor.empty() && contains(record.message, blocked_line)) return true;
    }
    return false;
  });
  release.set();
  deaf.join();

  bool found = false;
  for (const auto& record : records) {
    if (record.actor.empty() && contains(record.message, blocked_line)) {
      found = true;
      EXPECT_TRUE(contains(record.message,
                           "Stack: not captured (the thread did not answer the capture signal"))
          << record.message;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_NE(record_of_actor(records, display(holder)), nullptr);
  holder.stop();
}

TEST(DebugDumpCapture, DoesNothingWhenPykkaIsSilenced) {
  struct sigaction current {};
  ASSERT_EQ(sigaction(SIGRTMIN + 4, nullptr, &current), 0);
  if (current.sa_handler != SIG_DFL) GTEST_SKIP() << "an earlier test in this process dumped";
  auto previous = pykka::set_log_sink(nullptr);
  pykka::debug::log_thread_tracebacks();
  pykka::set_log_sink(previous);
  ASSERT_EQ(sigaction(SIGRTMIN + 4, nullptr, &current), 0);
  EXPECT_EQ(current.sa_handler, SIG_DFL) << "no thread was asked for its stack";
}

TEST(DebugDumpCapture, RejectsSignalsThatCannotTriggerADump) {
  EXPECT_THROW(pykka::debug::install_traceback_signal_handler(SIGKILL), pykka::InvalidArgument);
  EXPECT_THROW(pykka::debug::install_traceback_signal_handler(0), pykka::InvalidArgument);
  EXPECT_THROW(pykka::debug::install_traceback_signal_handler(SIGRTMIN + 4),
               pykka::InvalidArgument);
}

}  // namespace
