// Traversable members: the three ways to mark them, and proxies that reach into them as deep as
// they are marked.

#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/event.hpp"
#include "support/proxy_actors.hpp"
#include "support/runtimes.hpp"

namespace {

using pykka::testing::kWaitLimit;
using pykka::testing::Mixer;
using pykka::testing::Output;
using pykka::testing::Playback;

struct Unmarked {
  int value = 0;
};

TEST(TraversableMarking, RecognisesTheThreeWaysPykkaMarksAnAttribute) {
  EXPECT_TRUE(pykka::is_traversable_v<pykka::Traversable<Playback>>);  // traversable(obj)
  EXPECT_TRUE(pykka::is_traversable_v<Output>);                        // the class decorator
  EXPECT_TRUE(pykka::is_traversable_v<Mixer>);                         // pykka_traversable
  EXPECT_TRUE(pykka::is_traversable_v<const Mixer>);
  EXPECT_FALSE(pykka::is_traversable_v<Playback>);
  EXPECT_FALSE(pykka::is_traversable_v<Unmarked>);
  EXPECT_FALSE(pykka::is_traversable_v<int>);
}

TEST(TraversableMarking, AWrappedMemberIsTheObjectItself) {
  pykka::Traversable<Playback> playback;
  EXPECT_TRUE(playback.play());
  Playback& plain = playback;
  EXPECT_TRUE(plain.playing);
  pykka::Traversable<Playback> copied = plain;
  EXPECT_TRUE(copied.playing);
  static_assert(std::is_same_v<pykka::traversal_target_t<pykka::Traversable<Playback>>, Playback>);
  static_assert(std::is_same_v<pykka::traversal_target_t<Mixer>, Mixer>);
}

template <class Runtime>
class TraversalTest : public ::testing::Test {
 protected:
  using PlayerActor = pykka::testing::Player<typename Runtime::ActorBase>;
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(TraversalTest, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

// An actor whose class publishes no names: traversal still works, the path prints types.
template <class Base>
class Quiet : public Base {
 public:
  pykka::Traversable<Playback> playback;
};

TYPED_TEST(TraversalTest, CallsAMethodOfAMemberMarkedWithTraversable) {
  using Player = typename TestFixture::PlayerActor;
  auto proxy = pykka::start<Player>().proxy();
  auto playback = proxy.traverse(&Player::playback);
  static_assert(std::is_same_v<decltype(playback), pykka::ActorProxy<Player, Playback>>);
  EXPECT_TRUE(playback.call(&Playback::play).get(kWaitLimit));
  EXPECT_TRUE(playback.get(&Playback::playing).get(kWaitLimit));
}

TYPED_TEST(TraversalTest, ReachesAMemberWhoseClassDeclaresPykkaTraversable) {
  using Player = typename TestFixture::PlayerActor;
  auto mixer = pykka::start<Player>().proxy().traverse(&Player::mixer);
  EXPECT_EQ(mixer.call(&Mixer::louder, 5).get(kWaitLimit), 55);
  mixer.defer(&Mixer::louder, 5);
  EXPECT_EQ(mixer.get(&Mixer::volume).get(kWaitLimit), 60);
}

TYPED_TEST(TraversalTest, GoesAsDeepAsMembersAreMarked) {
  using Player = typename TestFixture::PlayerActor;
  auto proxy = pykka::start<Player>().proxy();
  auto mixer =
      proxy.traverse(&Player::playback).traverse(&Playback::output).traverse(&Output::mixer);
  mixer.set(&Mixer::volume, 80);
  EXPECT_EQ(mixer.get(&Mixer::volume).get(kWaitLimit), 80);
  // The actor's other Mixer is a different object.
  EXPECT_EQ(proxy.traverse(&Player::mixer).get(&Mixer::volume).get(kWaitLimit), 50);
}

TYPED_TEST(TraversalTest, UnmarkedMembersOfATraversedObjectCanBeReadAndWritten) {
  using Player = typename TestFixture::PlayerActor;
  auto playback = pykka::start<Player>().proxy().traverse(&Player::playback);
  playback.set(&Playback::unmarked, 8);
  EXPECT_EQ(playback.get(&Playback::unmarked).get(kWaitLimit), 8);
}

TYPED_TEST(TraversalTest, TheAttrPathNamesEachTraversedMember) {
  using Player = typename TestFixture::PlayerActor;
  auto ref = pykka::start<Player>();
  auto mixer =
      ref.proxy().traverse(&Player::playback).traverse(&Playback::output).traverse(&Output::mixer);
  EXPECT_EQ(mixer.attr_path(), (std::vector<std::string>{"playback", "output", "mixer"}));
  std::ostringstream printed;
  printed << mixer;
  std::ostringstream expected;
  expected << "<ActorProxy for " << ref << ", attr_path=['playback', 'output', 'mixer']>";
  EXPECT_EQ(printed.str(), expected.str());
}

TYPED_TEST(TraversalTest, MembersOfClassesThatPublishNoNamesPrintTheirType) {
  using Q = Quiet<typename TypeParam::ActorBase>;
  auto playback = pykka::start<Q>().proxy().traverse(&Q::playback);
  ASSERT_EQ(playback.attr_path().size(), 1U);
  EXPECT_NE(playback.attr_path()[0].find("unnamed"), std::string::npos);
  EXPECT_NE(playback.attr_path()[0].find("Playback"), std::string::npos);
  EXPECT_TRUE(playback.call(&Playback::play).get(kWaitLimit));
}

TYPED_TEST(TraversalTest, ProxiesAreEqualOnlyForTheSamePath) {
  using Player = typename TestFixture::PlayerActor;
  auto proxy = pykka::start<Player>().proxy();
  auto deep =
      proxy.traverse(&Player::playback).traverse(&Playback::output).traverse(&Output::mixer);
  auto deep_again =
      proxy.traverse(&Player::playback).traverse(&Playback::output).traverse(&Output::mixer);
  auto shallow = proxy.traverse(&Player::mixer);  // also an ActorProxy<Player, Mixer>
  EXPECT_EQ(deep, deep_again);
  EXPECT_NE(deep, shallow);
  std::unordered_set<pykka::ActorProxy<Player, Mixer>> set{deep, deep_again, shallow};
  EXPECT_EQ(set.size(), 2U);
}

TYPED_TEST(TraversalTest, TraversingWhenTheActorIsDeadThrowsActorDeadError) {
  using Player = typename TestFixture::PlayerActor;
  auto proxy = pykka::start<Player>().proxy();
  proxy.actor_ref().stop();
  EXPECT_THROW((void)proxy.traverse(&Player::playback), pykka::ActorDeadError);
}

}  // namespace
