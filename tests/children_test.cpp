// Parent and children: start_child, children stopped last-started-first before the parent's
// on_stop / on_failure, and stop_all over trees.

#include <chrono>
#include <memory>
#include <mutex>
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
using pykka::testing::Journal;
using pykka::testing::kWaitLimit;

template <class Runtime>
class Children : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(Children, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

template <class Base>
class Child : public Base {
 public:
  Child(Journal* journal, std::string name) : journal_(journal), name_(std::move(name)) {}
  void on_stop() override { journal_->add(name_ + " on_stop"); }
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<std::string>() && message.as<std::string>() == "stop yourself") this->stop();
    return {};
  }

 private:
  Journal* journal_;
  std::string name_;
};

struct Spawn {
  std::string name;
};
struct FailNow {};

// Starts `initial` children in on_start; a Spawn message starts one more and replies its ref.
template <class Base>
class Parent : public Base {
 public:
  Parent(Journal* journal, std::string name, int initial = 0, bool fail_on_start = false,
         bool spawn_in_on_stop = false)
      : journal_(journal),
        name_(std::move(name)),
        initial_(initial),
        fail_on_start_(fail_on_start),
        spawn_in_on_stop_(spawn_in_on_stop) {}

  void on_start() override {
    for (int i = 1; i <= initial_; ++i) {
      (void)this->template start_child<Child<Base>>(journal_, name_ + ".child" + std::to_string(i));
    }
    if (fail_on_start_) throw std::runtime_error("no start");
  }
  void on_stop() override {
    if (spawn_in_on_stop_) {
      try {
        (void)this->template start_child<Child<Base>>(journal_, "late");
      } catch (const pykka::Error& e) {
        journal_->add(std::string("refused: ") + e.what());
      }
    }
    journal_->add(name_ + " on_stop");
  }
  void on_failure(std::exception_ptr /*error*/) override { journal_->add(name_ + " on_failure"); }
  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* spawn = message.get_if<Spawn>()) {
      return pykka::AnyActorRef(this->template start_child<Child<Base>>(journal_, spawn->name));
    }
    if (message.is<FailNow>()) throw std::runtime_error("failed");
    return {};
  }

 private:
  Journal* journal_;
  std::string name_;
  int initial_;
  bool fail_on_start_;
  bool spawn_in_on_stop_;
};

TYPED_TEST(Children, ChildrenStopLastStartedFirstBeforeTheParentsOnStop) {
  Journal journal;
  auto parent = pykka::start<Parent<typename TypeParam::ActorBase>>(&journal, "p", 3);
  parent.ask(0, kWaitLimit);  // on_start has run
  parent.stop();
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"p.child3 on_stop", "p.child2 on_stop",
                                                         "p.child1 on_stop", "p on_stop"}));
}

TYPED_TEST(Children, ChildrenStopBeforeTheParentsOnFailure) {
  Journal journal;
  auto parent = pykka::start<Parent<typename TypeParam::ActorBase>>(&journal, "p", 2);
  parent.tell(FailNow{});
  (void)parent.termination().get(kWaitLimit);
  EXPECT_EQ(journal.entries(),
            (std::vector<std::string>{"p.child2 on_stop", "p.child1 on_stop", "p on_failure"}));
}

TYPED_TEST(Children, ChildrenStartedByAnOnStartThatThrewAreStopped) {
  Journal journal;
  auto parent = pykka::start<Parent<typename TypeParam::ActorBase>>(&journal, "p", 2, true);
  const auto notice = parent.termination().get(kWaitLimit);
  EXPECT_EQ(notice.reason, pykka::TerminationReason::failed_in_on_start);
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"p.child2 on_stop", "p.child1 on_stop"}));
}

TYPED_TEST(Children, StartingAChildWhileTheParentStopsIsRefused) {
  Journal journal;
  auto parent = pykka::start<Parent<typename TypeParam::ActorBase>>(&journal, "p", 0, false, true);
  parent.stop();
  const auto entries = journal.entries();
  ASSERT_EQ(entries.size(), 2U);
  EXPECT_NE(entries[0].find("refused: cannot start a child of Parent"), std::string::npos)
      << entries[0];
  EXPECT_EQ(entries[1], "p on_stop");
}

TYPED_TEST(Children, StartChildOutsideTheParentsOwnCodeIsRefused) {
  struct Plain : TypeParam::ActorBase {};
  Plain unstarted;
  Journal journal;
  EXPECT_THROW((void)unstarted.template start_child<Child<typename TypeParam::ActorBase>>(
                   &journal, std::string("x")),
               pykka::Error);
}

TYPED_TEST(Children, AChildIsAnOrdinaryActorOfTheParentsSystem) {
  Journal journal;
  pykka::ActorSystem system;
  auto parent = system.start<Parent<typename TypeParam::ActorBase>>(&journal, "p");
  auto child = parent.template ask<pykka::AnyActorRef>(Spawn{"c"}, kWaitLimit);
  EXPECT_TRUE(child.is_alive());
  EXPECT_EQ(system.registry().get_by_urn(child.actor_urn()), child);
  EXPECT_FALSE(pykka::ActorRegistry::get_by_urn(child.actor_urn()));
  EXPECT_TRUE(system.shutdown(kWaitLimit));
}

TYPED_TEST(Children, AChildThatStoppedOnItsOwnIsNotStoppedAgain) {
  Journal journal;
  auto parent = pykka::start<Parent<typename TypeParam::ActorBase>>(&journal, "p");
  auto child = parent.template ask<pykka::AnyActorRef>(Spawn{"c"}, kWaitLimit);
  child.tell(std::string("stop yourself"));
  (void)child.termination().get(kWaitLimit);
  parent.stop();
  EXPECT_EQ(journal.entries(), (std::vector<std::string>{"c on_stop", "p on_stop"}));
}

TYPED_TEST(Children, TheParentsTerminationComesAfterEveryChildIsTornDown) {
  Journal journal;
  auto parent = pykka::start<Parent<typename TypeParam::ActorBase>>(&journal, "p");
  std::vector<pykka::AnyActorRef> children;
  for (int i = 0; i < 5; ++i) {
    children.push_back(
        parent.template ask<pykka::AnyActorRef>(Spawn{"c" + std::to_string(i)}, kWaitLimit));
  }
  (void)parent.stop(pykka::nonblocking);
  (void)parent.termination().get(kWaitLimit);
  for (const auto& child : children) EXPECT_TRUE(child.termination().done());
}

TYPED_TEST(Children, StopAllStopsEveryChildBeforeItsParent) {
  Journal journal;
  auto first = pykka::start<Parent<typename TypeParam::ActorBase>>(&journal, "a", 2);
  first.ask(0, kWaitLimit);
  auto second = pykka::start<Parent<typename TypeParam::ActorBase>>(&journal, "b", 1);
  second.ask(0, kWaitLimit);
  (void)first.template ask<pykka::AnyActorRef>(Spawn{"a.late"}, kWaitLimit);
  pykka::ActorRegistry::stop_all(kWaitLimit);
  // Trees are stopped last started first, and each parent stops its own children (last started
  // first) before itself, so no child is stopped while its parent could still react.
  EXPECT_EQ(journal.entries(),
            (std::vector<std::string>{"b.child1 on_stop", "b on_stop", "a.late on_stop",
                                      "a.child2 on_stop", "a.child1 on_stop", "a on_stop"}));
}

TYPED_TEST(Children, AStopRacingWithChildStartsLeavesNoChildRunning) {
  for (int round = 0; round < 20; ++round) {
    Journal journal;
    auto parent = pykka::start<Parent<typename TypeParam::ActorBase>>(&journal, "p");
    std::vector<pykka::Future<pykka::AnyActorRef>> started;
    std::thread stopper([&] {
      std::this_thread::yield();
      (void)parent.stop(pykka::nonblocking);
    });
    for (int i = 0; i < 10; ++i) {
      started.push_back(parent.template ask<pykka::AnyActorRef>(Spawn{"c"}, pykka::nonblocking));
    }
    stopper.join();
    (void)parent.termination().get(kWaitLimit);
    for (auto& future : started) {
      try {
        EXPECT_FALSE(future.get(kWaitLimit).is_alive());
      } catch (const pykka::ActorDeadError&) {
        // The spawn was queued behind the stop: no child was started.
      }
    }
  }
}

}  // namespace
