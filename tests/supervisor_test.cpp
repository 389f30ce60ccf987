// Supervisors: child specs, restart policies, strategies, restart intensity and their logs.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/log_capture.hpp"
#include "support/runtimes.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::kWaitLimit;
using pykka::testing::LogCapture;

template <class Runtime>
class Supervisors : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(Supervisors, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

// Fails on "crash", stops itself on "quit"; counts its starts.
template <class Base>
class Worker : public Base {
 public:
  explicit Worker(std::shared_ptr<std::atomic<int>> starts) : starts_(std::move(starts)) {}
  void on_start() override { starts_->fetch_add(1); }
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<std::string>()) {
      if (message.as<std::string>() == "crash") throw std::runtime_error("crashed");
      if (message.as<std::string>() == "quit") this->stop();
    }
    return {};
  }

 private:
  std::shared_ptr<std::atomic<int>> starts_;
};

template <class T>
using Sup = pykka::Supervisor<typename T::ActorBase>;

template <class T>
pykka::ChildSpec worker(const std::string& id, pykka::Restart restart,
                        std::shared_ptr<std::atomic<int>> starts) {
  return pykka::child_spec<Worker<typename T::ActorBase>>(id, restart, std::move(starts));
}

pykka::AnyActorRef child_of(const pykka::AnyActorRef& supervisor, const std::string& id) {
  return supervisor.ask<pykka::AnyActorRef>(pykka::GetChild{id}, kWaitLimit);
}

// Crashes `id` and waits until the supervisor has handled the notice (see pykka/watch.hpp: the
// notice is queued before termination() completes, so the next ask comes after it).
pykka::AnyActorRef crash(const pykka::AnyActorRef& supervisor, const std::string& id,
                         const std::string& how = "crash") {
  auto old = child_of(supervisor, id);
  old.tell(how);
  (void)old.termination().get(kWaitLimit);
  return child_of(supervisor, id);
}

// Waits until each named child (if alive) has run on_start, by asking it.
void settle(const pykka::AnyActorRef& supervisor, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    try {
      child_of(supervisor, id).ask(0, kWaitLimit);
    } catch (const pykka::ActorDeadError&) {
      // Not restarted: nothing to wait for.
    }
  }
}

std::shared_ptr<std::atomic<int>> counter() { return std::make_shared<std::atomic<int>>(0); }

TYPED_TEST(Supervisors, StartsItsChildrenInOrderAndHandsOutTheirRefs) {
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_one, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("a", pykka::Restart::permanent, starts),
                  worker<TypeParam>("b", pykka::Restart::permanent, starts)});
  auto a = child_of(sup, "a");
  auto b = child_of(sup, "b");
  EXPECT_TRUE(a.is_alive());
  EXPECT_TRUE(b.is_alive());
  EXPECT_NE(a, b);
  const auto all = pykka::ActorRegistry::get_all();
  EXPECT_LT(std::find(all.begin(), all.end(), a), std::find(all.begin(), all.end(), b));
  EXPECT_THROW(child_of(sup, "nobody"), pykka::InvalidArgument);
}

TYPED_TEST(Supervisors, OneForOneRestartsOnlyTheFailedChildAsANewActor) {
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_one, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("a", pykka::Restart::permanent, starts),
                  worker<TypeParam>("b", pykka::Restart::permanent, starts)});
  auto a = child_of(sup, "a");
  auto b = child_of(sup, "b");
  auto new_a = crash(sup, "a");
  EXPECT_TRUE(new_a.is_alive());
  EXPECT_NE(new_a, a);
  EXPECT_NE(new_a.actor_urn(), a.actor_urn());
  EXPECT_EQ(child_of(sup, "b"), b);
  settle(sup, {"a", "b"});
  EXPECT_EQ(starts->load(), 3);
  EXPECT_EQ(pykka::ActorRegistry::get_by_urn(new_a.actor_urn()), new_a);
}

TYPED_TEST(Supervisors, OneForAllRestartsEveryChild) {
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_all, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("a", pykka::Restart::permanent, starts),
                  worker<TypeParam>("b", pykka::Restart::permanent, starts),
                  worker<TypeParam>("c", pykka::Restart::permanent, starts)});
  auto a = child_of(sup, "a");
  auto c = child_of(sup, "c");
  (void)crash(sup, "b");
  EXPECT_NE(child_of(sup, "a"), a);
  EXPECT_NE(child_of(sup, "c"), c);
  EXPECT_FALSE(a.is_alive());
  EXPECT_FALSE(c.is_alive());
  settle(sup, {"a", "b", "c"});
  EXPECT_EQ(starts->load(), 6);
}

TYPED_TEST(Supervisors, RestForOneRestartsTheFailedChildAndThoseStartedAfterIt) {
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::rest_for_one, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("a", pykka::Restart::permanent, starts),
                  worker<TypeParam>("b", pykka::Restart::permanent, starts),
                  worker<TypeParam>("c", pykka::Restart::permanent, starts)});
  auto a = child_of(sup, "a");
  auto b = child_of(sup, "b");
  auto c = child_of(sup, "c");
  (void)crash(sup, "b");
  EXPECT_EQ(child_of(sup, "a"), a);
  EXPECT_NE(child_of(sup, "b"), b);
  EXPECT_NE(child_of(sup, "c"), c);
  EXPECT_FALSE(c.is_alive());
  settle(sup, {"a", "b", "c"});
  EXPECT_EQ(starts->load(), 5);
}

TYPED_TEST(Supervisors, ATransientChildIsRestartedAfterAFailureButNotAfterAStop) {
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_one, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("t", pykka::Restart::transient, starts)});
  auto restarted = crash(sup, "t");
  EXPECT_TRUE(restarted.is_alive());
  auto after_quit = crash(sup, "t", "quit");
  EXPECT_EQ(after_quit, restarted);  // the same, now dead, actor
  EXPECT_FALSE(after_quit.is_alive());
  EXPECT_EQ(starts->load(), 2);  // the restarted one handled "quit", so its on_start ran
}

TYPED_TEST(Supervisors, APermanentChildIsRestartedEvenAfterAStop) {
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_one, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("p", pykka::Restart::permanent, starts)});
  EXPECT_TRUE(crash(sup, "p", "quit").is_alive());
  settle(sup, {"p"});
  EXPECT_EQ(starts->load(), 2);
}

TYPED_TEST(Supervisors, ATemporaryChildIsNeverRestartedAndThenForgotten) {
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_one, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("tmp", pykka::Restart::temporary, starts)});
  auto old = child_of(sup, "tmp");
  old.tell(std::string("crash"));
  (void)old.termination().get(kWaitLimit);
  EXPECT_THROW(child_of(sup, "tmp"), pykka::InvalidArgument);
  EXPECT_EQ(starts->load(), 1);
}

TYPED_TEST(Supervisors, RestartsAreLoggedAtInfo) {
  LogCapture logs(pykka::LogLevel::info);
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_one, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("w", pykka::Restart::permanent, starts)});
  (void)crash(sup, "w");
  const auto restarts = logs.matching(pykka::LogLevel::info, "Restarting child w of Supervisor");
  ASSERT_EQ(restarts.size(), 1U);
  EXPECT_NE(restarts[0].message.find("failed"), std::string::npos) << restarts[0].message;
}

TYPED_TEST(Supervisors, ExceedingTheRestartIntensityMakesTheSupervisorGiveUpAndFail) {
  LogCapture logs(pykka::LogLevel::error);
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_one, pykka::RestartIntensity{2, 1h},
      std::vector{worker<TypeParam>("w", pykka::Restart::permanent, starts)});
  (void)crash(sup, "w");
  (void)crash(sup, "w");
  auto last = child_of(sup, "w");
  last.tell(std::string("crash"));
  const auto notice = sup.termination().get(kWaitLimit);
  EXPECT_EQ(notice.reason, pykka::TerminationReason::failed);
  EXPECT_THROW(std::rethrow_exception(notice.error), pykka::SupervisorGaveUp);
  EXPECT_EQ(logs.matching(pykka::LogLevel::error, "Supervisor ").size(), 1U);
  EXPECT_EQ(starts->load(), 3);
  EXPECT_FALSE(last.is_alive());
}

TYPED_TEST(Supervisors, RestartsOlderThanTheIntensityPeriodNoLongerCount) {
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_one, pykka::RestartIntensity{1, 20ms},
      std::vector{worker<TypeParam>("w", pykka::Restart::permanent, starts)});
  for (int i = 0; i < 3; ++i) {
    (void)crash(sup, "w");
    pykka::ActorSystem::current().clock().after(30ms).get(kWaitLimit);
  }
  EXPECT_TRUE(sup.is_alive());
  settle(sup, {"w"});
  EXPECT_EQ(starts->load(), 4);
}

TYPED_TEST(Supervisors, AFactoryThatThrowsOnRestartCountsAsARestartUntilTheSupervisorGivesUp) {
  LogCapture logs(pykka::LogLevel::error);
  auto attempts = std::make_shared<std::atomic<int>>(0);
  auto starts = counter();
  pykka::ChildSpec flaky{
      "flaky",
      [attempts, starts](pykka::Actor& self) {
        if (attempts->fetch_add(1) > 0) throw std::runtime_error("no more");
        return pykka::AnyActorRef(self.start_child<Worker<typename TypeParam::ActorBase>>(starts));
      },
      pykka::Restart::permanent};
  auto sup = pykka::start<Sup<TypeParam>>(pykka::Strategy::one_for_one,
                                          pykka::RestartIntensity{3, 1h}, std::vector{flaky});
  child_of(sup, "flaky").tell(std::string("crash"));
  const auto notice = sup.termination().get(kWaitLimit);
  EXPECT_THROW(std::rethrow_exception(notice.error), pykka::SupervisorGaveUp);
  EXPECT_EQ(logs.matching(pykka::LogLevel::error, "Supervisor ").size(), 4U);  // 3 + give-up
  EXPECT_EQ(attempts->load(), 4);
}

TYPED_TEST(Supervisors, AFactoryThatThrowsAtStartFailsTheSupervisorsStartAndStopsEarlierChildren) {
  auto starts = counter();
  pykka::ChildSpec broken{
      "broken",
      [](pykka::Actor&) -> pykka::AnyActorRef { throw std::runtime_error("cannot start"); },
      pykka::Restart::permanent};
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_one, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("ok", pykka::Restart::permanent, starts), broken});
  const auto notice = sup.termination().get(kWaitLimit);
  EXPECT_EQ(notice.reason, pykka::TerminationReason::failed_in_on_start);
  EXPECT_EQ(starts->load(), 1);
  EXPECT_TRUE(pykka::ActorRegistry::get_by_class<Worker<typename TypeParam::ActorBase>>().empty());
}

TYPED_TEST(Supervisors, BadSpecificationsAreRefusedAtStart) {
  auto starts = counter();
  EXPECT_THROW(pykka::start<Sup<TypeParam>>(
                   pykka::Strategy::one_for_one, pykka::RestartIntensity{},
                   std::vector{worker<TypeParam>("same", pykka::Restart::permanent, starts),
                               worker<TypeParam>("same", pykka::Restart::permanent, starts)}),
               pykka::InvalidArgument);
  EXPECT_THROW(
      pykka::start<Sup<TypeParam>>(pykka::Strategy::one_for_one, pykka::RestartIntensity{-1, 1s},
                                   std::vector<pykka::ChildSpec>{}),
      pykka::InvalidArgument);
  EXPECT_THROW(pykka::start<Sup<TypeParam>>(
                   pykka::Strategy::one_for_one, pykka::RestartIntensity{},
                   std::vector{pykka::ChildSpec{"empty", {}, pykka::Restart::permanent}}),
               pykka::InvalidArgument);
}

TYPED_TEST(Supervisors, StoppingTheSupervisorStopsItsChildrenWithoutRestarts) {
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_all, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("a", pykka::Restart::permanent, starts),
                  worker<TypeParam>("b", pykka::Restart::permanent, starts)});
  auto a = child_of(sup, "a");
  auto b = child_of(sup, "b");
  sup.stop();
  EXPECT_TRUE(a.termination().done());
  EXPECT_TRUE(b.termination().done());
  EXPECT_EQ(starts->load(), 2);
}

TYPED_TEST(Supervisors, StopAllStopsASupervisedTreeWithoutRestartingAnyChild) {
  LogCapture logs(pykka::LogLevel::info);
  auto starts = counter();
  auto sup = pykka::start<Sup<TypeParam>>(
      pykka::Strategy::one_for_one, pykka::RestartIntensity{},
      std::vector{worker<TypeParam>("a", pykka::Restart::permanent, starts),
                  worker<TypeParam>("b", pykka::Restart::permanent, starts)});
  settle(sup, {"a", "b"});
  const auto results = pykka::ActorRegistry::stop_all(kWaitLimit);
  EXPECT_EQ(results, (std::vector<bool>{true, true, true}));
  EXPECT_TRUE(logs.matching(pykka::LogLevel::info, "Restarting").empty());
  EXPECT_TRUE(pykka::ActorRegistry::get_all().empty());
  EXPECT_EQ(starts->load(), 2);
}

TYPED_TEST(Supervisors, ASupervisorThatGaveUpIsRestartedByItsOwnSupervisor) {
  auto starts = counter();
  auto inner = pykka::child_spec<Sup<TypeParam>>(
      "inner", pykka::Restart::permanent, pykka::Strategy::one_for_one,
      pykka::RestartIntensity{0, 1h},
      std::vector{worker<TypeParam>("w", pykka::Restart::permanent, starts)});
  auto outer = pykka::start<Sup<TypeParam>>(pykka::Strategy::one_for_one, pykka::RestartIntensity{},
                                            std::vector{inner});
  auto first_inner = child_of(outer, "inner");
  child_of(first_inner, "w").tell(std::string("crash"));
  (void)first_inner.termination().get(kWaitLimit);
  auto second_inner = child_of(outer, "inner");
  EXPECT_NE(second_inner, first_inner);
  EXPECT_TRUE(child_of(second_inner, "w").is_alive());
  settle(second_inner, {"w"});
  EXPECT_EQ(starts->load(), 2);
}

TYPED_TEST(Supervisors, CrashesFromManyThreadsAtOnceAreAllRestarted) {
  auto starts = counter();
  std::vector<pykka::ChildSpec> specs;
  for (int i = 0; i < 8; ++i) {
    specs.push_back(worker<TypeParam>("w" + std::to_string(i), pykka::Restart::permanent, starts));
  }
  auto sup = pykka::start<Sup<TypeParam>>(pykka::Strategy::one_for_one,
                                          pykka::RestartIntensity{100, 1h}, std::move(specs));
  std::vector<pykka::AnyActorRef> olds;
  for (int i = 0; i < 8; ++i) olds.push_back(child_of(sup, "w" + std::to_string(i)));
  std::vector<std::thread> crashers;
  for (auto& old : olds) crashers.emplace_back([old] { old.tell(std::string("crash")); });
  for (auto& thread : crashers) thread.join();
  for (auto& old : olds) (void)old.termination().get(kWaitLimit);
  for (int i = 0; i < 8; ++i) {
    auto now = child_of(sup, "w" + std::to_string(i));
    EXPECT_TRUE(now.is_alive());
    EXPECT_NE(now, olds[static_cast<std::size_t>(i)]);
    now.ask(0, kWaitLimit);
  }
  EXPECT_EQ(starts->load(), 16);
}

}  // namespace
