// pykka::ActorRegistry: lookups in start order, by class (subclasses too), name and URN,
// broadcast and stop_all (last started, first stopped).

#include <algorithm>
#include <string>
#include <typeinfo>
#include <vector>

#include <cxxabi.h>
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/runtimes.hpp"

namespace {
thread_local int exceptions_thrown = 0;  // on this thread, counted by __cxa_throw below
}  // namespace

// Counts every C++ throw on the calling thread, then throws as usual: a lookup by class must not
// pay for an exception per actor.
namespace __cxxabiv1 {  // where <cxxabi.h> declares it
extern "C" void __cxa_throw(void* object, std::type_info* type, void (*destroy)(void*)) {
  ++exceptions_thrown;
  using Throw = void (*)(void*, std::type_info*, void (*)(void*));
  static const auto real = reinterpret_cast<Throw>(dlsym(RTLD_NEXT, "__cxa_throw"));
  real(object, type, destroy);
  __builtin_unreachable();
}
}  // namespace __cxxabiv1

namespace {

using pykka::testing::Journal;
using pykka::testing::kWaitLimit;

template <class Runtime>
class Registry : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(pykka::ActorRegistry::get_all().empty()); }
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(Registry, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

template <class Base>
class Animal : public Base {
 public:
  explicit Animal(Journal* journal = nullptr, std::string name = {})
      : journal_(journal), name_(std::move(name)) {}
  void on_stop() override {
    if (journal_ != nullptr) journal_->add("stopped " + name_);
  }
  pykka::Message on_receive(pykka::Message& message) override {
    if (journal_ != nullptr) journal_->add(name_ + " got " + message.to_string());
    return {};
  }

 private:
  Journal* journal_;
  std::string name_;
};
template <class Base>
class Dog : public Animal<Base> {
 public:
  using Animal<Base>::Animal;
};
template <class Base>
class Cat : public Animal<Base> {
 public:
  using Animal<Base>::Animal;
};

TYPED_TEST(Registry, GetAllListsRunningActorsInStartOrder) {
  using B = typename TypeParam::ActorBase;
  auto a = pykka::start<Dog<B>>();
  auto b = pykka::start<Cat<B>>();
  auto c = pykka::start<Dog<B>>();
  const auto all = pykka::ActorRegistry::get_all();
  ASSERT_EQ(all.size(), 3U);
  EXPECT_TRUE(all[0] == a);
  EXPECT_TRUE(all[1] == b);
  EXPECT_TRUE(all[2] == c);
  b.stop();
  EXPECT_EQ(pykka::ActorRegistry::get_all().size(), 2U);
}

TYPED_TEST(Registry, KeepsStartOrderAndUrnLookupsThroughManyStops) {
  using B = typename TypeParam::ActorBase;
  // Enough stops that the registry's storage is compacted several times over.
  constexpr int kActors = 600;
  std::vector<pykka::ActorRef<Dog<B>>> dogs;
  for (int i = 0; i < kActors; ++i) dogs.push_back(pykka::start<Dog<B>>());
  std::vector<pykka::ActorRef<Dog<B>>> kept;
  for (int i = 0; i < kActors; ++i) {
    if (i % 3 == 0) {
      kept.push_back(dogs[static_cast<std::size_t>(i)]);
    } else {
      ASSERT_TRUE(dogs[static_cast<std::size_t>(i)].stop(kWaitLimit));
    }
  }
  auto late = pykka::start<Dog<B>>();
  kept.push_back(late);

  const auto all = pykka::ActorRegistry::get_all();
  ASSERT_EQ(all.size(), kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    EXPECT_TRUE(all[i] == kept[i]) << "position " << i;
    const auto found = pykka::ActorRegistry::get_by_urn(kept[i].actor_urn());
    ASSERT_TRUE(found.has_value()) << "position " << i;
    EXPECT_TRUE(*found == kept[i]);
  }
  EXPECT_FALSE(pykka::ActorRegistry::get_by_urn(dogs[1].actor_urn()).has_value());
}

TYPED_TEST(Registry, GetByClassIncludesSubclasses) {
  using B = typename TypeParam::ActorBase;
  auto dog = pykka::start<Dog<B>>();
  auto cat = pykka::start<Cat<B>>();
  auto animal = pykka::start<Animal<B>>();
  EXPECT_EQ(pykka::ActorRegistry::get_by_class<Animal<B>>().size(), 3U);
  const auto dogs = pykka::ActorRegistry::get_by_class<Dog<B>>();
  ASSERT_EQ(dogs.size(), 1U);
  EXPECT_TRUE(dogs[0] == dog);
  EXPECT_EQ(pykka::ActorRegistry::get_by_class<pykka::Actor>().size(), 3U);
}

class Unrelated : public pykka::ThreadingActor {};

TYPED_TEST(Registry, LookupsByClassStayRightWhenRepeatedAndAfterDeath) {
  using B = typename TypeParam::ActorBase;
  auto dog = pykka::start<Dog<B>>();
  auto cat = pykka::start<Cat<B>>();
  for (int round = 0; round < 3; ++round) {  // the first round computes, later ones remember
    EXPECT_EQ(pykka::ActorRegistry::get_by_class<Animal<B>>().size(), 2U);
    const auto dogs = pykka::ActorRegistry::get_by_class<Dog<B>>();
    ASSERT_EQ(dogs.size(), 1U);
    EXPECT_TRUE(dogs[0] == dog);
    EXPECT_TRUE(pykka::ActorRegistry::get_by_class<Unrelated>().empty());
    EXPECT_EQ(pykka::ActorRegistry::get_by_class<B>().size(), 2U);
  }
  const pykka::AnyActorRef erased = dog;
  ASSERT_TRUE(dog.stop(kWaitLimit));
  EXPECT_TRUE(pykka::ref_cast<Dog<B>>(erased).has_value());
  EXPECT_TRUE(pykka::ref_cast<Animal<B>>(erased).has_value());
  EXPECT_FALSE(pykka::ref_cast<Cat<B>>(erased).has_value());
  EXPECT_FALSE(pykka::ref_cast<Unrelated>(erased).has_value());
  EXPECT_TRUE(pykka::ref_cast<Cat<B>>(pykka::AnyActorRef(cat)).has_value());
}

TYPED_TEST(Registry, LookupsByClassDoNotThrowAnExceptionPerActor) {
  using B = typename TypeParam::ActorBase;
  constexpr int kActors = 50;
  for (int i = 0; i < kActors; ++i) pykka::start<Dog<B>>();
  pykka::start<Cat<B>>();
  const int before = exceptions_thrown;
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(pykka::ActorRegistry::get_by_class<Dog<B>>().size(), std::size_t{kActors});
    EXPECT_EQ(pykka::ActorRegistry::get_by_class<Animal<B>>().size(), std::size_t{kActors + 1});
    pykka::ActorRegistry::broadcast<Cat<B>>(1);
  }
  // At most one throw per (actor class, queried class) pair, remembered afterwards.
  EXPECT_LE(exceptions_thrown - before, 2 * 3);
}

TYPED_TEST(Registry, GetByClassNameMatchesExactly) {
  using B = typename TypeParam::ActorBase;
  auto dog = pykka::start<Dog<B>>();
  auto cat = pykka::start<Cat<B>>();
  const auto dogs = pykka::ActorRegistry::get_by_class_name(dog.actor_class_name());
  ASSERT_EQ(dogs.size(), 1U);
  EXPECT_TRUE(dogs[0] == dog);
  EXPECT_TRUE(pykka::ActorRegistry::get_by_class_name("Dog").empty());  // it is Dog<…>
  EXPECT_TRUE(pykka::ActorRegistry::get_by_class_name("Animal").empty());
  const auto qualified =
      pykka::ActorRegistry::get_by_class_name(dog.cell()->qualified_class_name());
  EXPECT_EQ(qualified.size(), 1U);
}

TYPED_TEST(Registry, GetByUrnFindsTheActorOrNothing) {
  using B = typename TypeParam::ActorBase;
  auto dog = pykka::start<Dog<B>>();
  auto found = pykka::ActorRegistry::get_by_urn(dog.actor_urn());
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(*found == dog);
  EXPECT_FALSE(pykka::ActorRegistry::get_by_urn("urn:uuid:unknown").has_value());
  dog.stop();
  EXPECT_FALSE(pykka::ActorRegistry::get_by_urn(dog.actor_urn()).has_value());
}

TYPED_TEST(Registry, BroadcastReachesAllOrOneClassOrOneClassName) {
  using B = typename TypeParam::ActorBase;
  Journal journal;
  auto dog = pykka::start<Dog<B>>(&journal, "dog");
  auto cat = pykka::start<Cat<B>>(&journal, "cat");
  pykka::ActorRegistry::broadcast(std::string("all"));
  pykka::ActorRegistry::broadcast<Dog<B>>(std::string("dogs"));
  pykka::ActorRegistry::broadcast(std::string("cats"), cat.actor_class_name());
  ASSERT_TRUE(journal.wait_for("dog got all"));
  ASSERT_TRUE(journal.wait_for("cat got all"));
  ASSERT_TRUE(journal.wait_for("dog got dogs"));
  ASSERT_TRUE(journal.wait_for("cat got cats"));
  dog.stop();
  cat.stop();
  const auto entries = journal.entries();
  EXPECT_EQ(std::count(entries.begin(), entries.end(), "cat got dogs"), 0);
  EXPECT_EQ(std::count(entries.begin(), entries.end(), "dog got cats"), 0);
}

TYPED_TEST(Registry, StopAllStopsTheLastStartedFirst) {
  using B = typename TypeParam::ActorBase;
  Journal journal;
  auto first = pykka::start<Dog<B>>(&journal, "first");
  auto second = pykka::start<Cat<B>>(&journal, "second");
  auto third = pykka::start<Dog<B>>(&journal, "third");
  const auto results = pykka::ActorRegistry::stop_all();
  EXPECT_EQ(results, (std::vector<bool>{true, true, true}));
  EXPECT_EQ(journal.entries(),
            (std::vector<std::string>{"stopped third", "stopped second", "stopped first"}));
  EXPECT_TRUE(pykka::ActorRegistry::get_all().empty());
}

// In its on_stop, asks the actor started before it: that one must not have been asked to stop
// yet, since stop_all stops each actor only once the one started after it has stopped.
template <class Base>
class AsksTheEarlierOneWhileStopping : public Base {
 public:
  AsksTheEarlierOneWhileStopping(pykka::AnyActorRef earlier, Journal* journal)
      : earlier_(std::move(earlier)), journal_(journal) {}
  void on_stop() override {
    try {
      (void)earlier_.ask(1, kWaitLimit);
      journal_->add("the earlier one answered");
    } catch (const pykka::ActorDeadError&) {
      journal_->add("the earlier one was already stopping");
    }
  }
  pykka::Message on_receive(pykka::Message& /*message*/) override { return {}; }

 private:
  pykka::AnyActorRef earlier_;
  Journal* journal_;
};

TYPED_TEST(Registry, StopAllAsksAnActorToStopOnlyOnceTheOneStartedAfterItHasStopped) {
  using B = typename TypeParam::ActorBase;
  Journal journal;
  std::vector<pykka::AnyActorRef> started{pykka::start<Dog<B>>(&journal, "first")};
  for (int i = 0; i < 20; ++i) {
    started.emplace_back(pykka::start<AsksTheEarlierOneWhileStopping<B>>(started.back(), &journal));
  }
  const auto results = pykka::ActorRegistry::stop_all();
  EXPECT_EQ(results, std::vector<bool>(started.size(), true));
  std::vector<std::string> expected(19, "the earlier one answered");
  expected.insert(expected.end(), {"first got 1", "the earlier one answered", "stopped first"});
  EXPECT_EQ(journal.entries(), expected);
  EXPECT_TRUE(pykka::ActorRegistry::get_all().empty());
}

TYPED_TEST(Registry, StopAllNonblockingReturnsAFutureForEachActor) {
  using B = typename TypeParam::ActorBase;
  auto a = pykka::start<Dog<B>>();
  auto b = pykka::start<Cat<B>>();
  auto futures = pykka::ActorRegistry::stop_all(pykka::nonblocking);
  ASSERT_EQ(futures.size(), 2U);
  for (auto& future : futures) EXPECT_TRUE(future.get(kWaitLimit));
  EXPECT_FALSE(a.is_alive());
  EXPECT_FALSE(b.is_alive());
}

TYPED_TEST(Registry, RegisterAndUnregisterAreIdempotentAndLogged) {
  using B = typename TypeParam::ActorBase;
  pykka::testing::LogCapture log;
  auto dog = pykka::start<Dog<B>>();
  pykka::ActorRegistry::register_actor(dog);
  EXPECT_EQ(pykka::ActorRegistry::get_all().size(), 1U);
  pykka::ActorRegistry::unregister_actor(dog);
  pykka::ActorRegistry::unregister_actor(dog);
  EXPECT_TRUE(pykka::ActorRegistry::get_all().empty());
  const std::string name = dog.actor_class_name() + " (" + dog.actor_urn() + ")";
  EXPECT_EQ(log.matching(pykka::LogLevel::debug, "Registered " + name).size(), 1U);
  EXPECT_EQ(log.matching(pykka::LogLevel::debug, "Unregistered " + name).size(), 2U);
  EXPECT_EQ(
      log.matching(pykka::LogLevel::debug, "Unregistered " + name + " (not found in registry)")
          .size(),
      1U);
  EXPECT_TRUE(dog.stop(kWaitLimit));  // still alive: unregistering does not stop an actor
}

TEST(RegistryMisuse, RegisteringAnEmptyRefIsRejected) {
  EXPECT_THROW(pykka::ActorRegistry::register_actor(pykka::AnyActorRef()), pykka::InvalidArgument);
  pykka::ActorRegistry::unregister_actor(pykka::AnyActorRef());  // ignored
}

}  // namespace
