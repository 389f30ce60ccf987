// pykka::ActorSystem: isolated registries, the actor's own system, shutdown order and its bounded
// wait, and the process-default system behind Pykka's static spellings.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::Journal;
using pykka::testing::kWaitLimit;

template <class Runtime>
class ActorSystem : public ::testing::Test {
 protected:
  void TearDown() override { (void)pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(ActorSystem, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

template <class Base>
class Named : public Base {
 public:
  explicit Named(Journal* journal = nullptr, std::string name = {})
      : journal_(journal), name_(std::move(name)) {}
  void on_stop() override {
    if (journal_ != nullptr) journal_->add("stopped " + name_);
  }
  pykka::Message on_receive(pykka::Message& message) override {
    if (pykka::testing::handle_block(message)) return {};
    if (journal_ != nullptr) journal_->add(name_ + " got " + message.to_string());
    return {};
  }

 private:
  Journal* journal_;
  std::string name_;
};

struct StartChild {};
struct WhichSystem {};
struct CountRegistry {};

// Starts a child with the plain Pykka spelling, and reports what it sees of its system.
template <class Base>
class Parent : public Base {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<StartChild>()) return pykka::AnyActorRef(pykka::start<Named<Base>>());
    if (message.is<WhichSystem>()) return &this->actor_system();
    if (message.is<CountRegistry>()) return pykka::ActorRegistry::get_all().size();
    return {};
  }
};

TYPED_TEST(ActorSystem, StartRegistersTheActorInItsOwnSystemOnly) {
  using B = typename TypeParam::ActorBase;
  pykka::ActorSystem system;
  auto ref = system.start<Named<B>>();
  EXPECT_EQ(system.registry().get_all(), std::vector<pykka::AnyActorRef>{ref});
  EXPECT_TRUE(pykka::ActorRegistry::get_all().empty());
  EXPECT_FALSE(pykka::ActorRegistry::get_by_urn(ref.actor_urn()).has_value());
  EXPECT_TRUE(system.registry().get_by_urn(ref.actor_urn()).has_value());
}

TYPED_TEST(ActorSystem, TwoSystemsOfAThousandActorsEachDoNotSeeEachOther) {
  using B = typename TypeParam::ActorBase;
  constexpr int kEach = 1000;
  Journal journal_a;
  Journal journal_b;
  auto a = std::make_unique<pykka::ActorSystem>();
  pykka::ActorSystem b;
  for (int i = 0; i < kEach; ++i) {
    (void)a->start<Named<B>>(&journal_a, "a");
    (void)b.start<Named<B>>(&journal_b, "b");
  }
  ASSERT_EQ(a->registry().get_all().size(), std::size_t{kEach});
  ASSERT_EQ(b.registry().get_all().size(), std::size_t{kEach});

  a->registry().broadcast(1);
  ASSERT_TRUE(journal_a.wait_for("a got 1", kEach));
  std::vector<bool> stopped = a->registry().stop_all(kWaitLimit);
  EXPECT_EQ(stopped.size(), std::size_t{kEach});
  a.reset();

  // b's actors got nothing of a's broadcast, none was stopped, and b's registry is whole.
  const auto entries = journal_b.entries();
  EXPECT_TRUE(entries.empty()) << entries.front();
  auto survivors = b.registry().get_all();
  ASSERT_EQ(survivors.size(), std::size_t{kEach});
  for (const auto& ref : survivors) EXPECT_TRUE(ref.is_alive());
  b.registry().broadcast(2);
  EXPECT_TRUE(journal_b.wait_for("b got 2", kEach));
  EXPECT_TRUE(b.shutdown(kWaitLimit));
  EXPECT_TRUE(journal_b.wait_for("stopped b", kEach));
}

TYPED_TEST(ActorSystem, ShutdownStopsActorsLastStartedFirst) {
  using B = typename TypeParam::ActorBase;
  Journal journal;
  pykka::ActorSystem system;
  (void)system.start<Named<B>>(&journal, "first");
  (void)system.start<Named<B>>(&journal, "second");
  (void)system.start<Named<B>>(&journal, "third");
  EXPECT_TRUE(system.shutdown(kWaitLimit));
  EXPECT_EQ(journal.entries(),
            (std::vector<std::string>{"stopped third", "stopped second", "stopped first"}));
  EXPECT_TRUE(system.registry().get_all().empty());
  EXPECT_TRUE(system.is_shut_down());
}

TYPED_TEST(ActorSystem, DestroyingTheSystemStopsItsActors) {
  using B = typename TypeParam::ActorBase;
  Journal journal;
  pykka::AnyActorRef survivor_ref;
  {
    pykka::ActorSystem system;
    survivor_ref = system.start<Named<B>>(&journal, "only");
  }
  EXPECT_FALSE(survivor_ref.is_alive());
  EXPECT_EQ(journal.entries(), std::vector<std::string>{"stopped only"});
  EXPECT_THROW(survivor_ref.tell(1), pykka::ActorDeadError);
}

TYPED_TEST(ActorSystem, ShutdownGivesUpAfterItsTimeoutAndLogsTheActorStillRunning) {
  using B = typename TypeParam::ActorBase;
  pykka::testing::LogCapture logs;
  Journal journal;
  pykka::ActorSystem system;
  auto stuck = system.start<Named<B>>(&journal, "stuck");
  pykka::testing::Parked parked(stuck);
  ASSERT_TRUE(parked.ok());

  const auto before = std::chrono::steady_clock::now();
  EXPECT_FALSE(system.shutdown(50ms));
  EXPECT_LT(std::chrono::steady_clock::now() - before, kWaitLimit);
  EXPECT_EQ(logs.matching(pykka::LogLevel::warning, "Actor system shut down without waiting for " +
                                                        stuck.cell()->display() + ", still running")
                .size(),
            1U);

  // It was told to stop all the same: once released, it stops.
  parked.release();
  EXPECT_TRUE(journal.wait_for("stopped stuck"));
}

TYPED_TEST(ActorSystem, RefusesNewActorsAfterShutdown) {
  using B = typename TypeParam::ActorBase;
  pykka::ActorSystem system;
  EXPECT_TRUE(system.shutdown());
  EXPECT_THROW((void)system.start<Named<B>>(), pykka::Error);
  EXPECT_TRUE(system.registry().get_all().empty());
}

TYPED_TEST(ActorSystem, ActorsStartedByAnActorJoinItsSystem) {
  using B = typename TypeParam::ActorBase;
  pykka::ActorSystem system;
  auto parent = system.start<Parent<B>>();
  auto child = parent.template ask<pykka::AnyActorRef>(StartChild{}, kWaitLimit);
  EXPECT_TRUE(system.registry().get_by_urn(child.actor_urn()).has_value());
  EXPECT_FALSE(pykka::ActorRegistry::get_by_urn(child.actor_urn()).has_value());
  EXPECT_EQ(parent.template ask<std::size_t>(CountRegistry{}, kWaitLimit), 2U);
}

TYPED_TEST(ActorSystem, AnActorKnowsItsSystem) {
  using B = typename TypeParam::ActorBase;
  pykka::ActorSystem system;
  auto in_system = system.start<Parent<B>>();
  auto in_default = pykka::start<Parent<B>>();
  EXPECT_EQ(in_system.template ask<pykka::ActorSystem*>(WhichSystem{}, kWaitLimit), &system);
  EXPECT_EQ(in_default.template ask<pykka::ActorSystem*>(WhichSystem{}, kWaitLimit),
            &pykka::ActorSystem::default_system());
}

TEST(DefaultActorSystem, IsTheCurrentSystemOutsideActors) {
  EXPECT_EQ(&pykka::ActorSystem::current(), &pykka::ActorSystem::default_system());
  EXPECT_EQ(&pykka::ActorRegistry::current(), &pykka::ActorSystem::default_system().registry());
}

TEST(DefaultActorSystem, CarriesTheDeadlockPolicyOfTheStaticSpelling) {
  pykka::ActorSystem other;
  pykka::set_deadlock_policy(pykka::DeadlockPolicy::raise);
  EXPECT_EQ(pykka::ActorSystem::default_system().deadlock_policy(), pykka::DeadlockPolicy::raise);
  EXPECT_EQ(other.deadlock_policy(), pykka::DeadlockPolicy::report);
  pykka::set_deadlock_policy(pykka::DeadlockPolicy::report);
}

TEST(ActorSystemRuntimes, EachSystemHasItsOwnInstanceOfARuntime) {
  pykka::ActorSystem a;
  pykka::ActorSystem b;
  EXPECT_EQ(&a.runtime<pykka::ThreadingRuntime>(), &a.runtime<pykka::ThreadingRuntime>());
  EXPECT_NE(&a.runtime<pykka::ThreadingRuntime>(), &b.runtime<pykka::ThreadingRuntime>());
  EXPECT_STREQ(a.runtime<pykka::NaiveRuntime>().name(), "naive");
}

}  // namespace
