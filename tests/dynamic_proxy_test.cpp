// pykka::DynamicProxy: a name-addressed proxy made from a type-erased ref.

#include <sstream>
#include <string>
#include <unordered_set>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"
#include "support/proxy_actors.hpp"
#include "support/runtimes.hpp"

namespace {

using pykka::testing::kWaitLimit;

template <class Runtime>
class DynamicProxyTest : public ::testing::Test {
 protected:
  using CalcActor = pykka::testing::Calculator<typename Runtime::ActorBase>;
  using PlayerActor = pykka::testing::Player<typename Runtime::ActorBase>;
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(DynamicProxyTest, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

template <class Proxy>
std::string printed(const Proxy& proxy) {
  std::ostringstream out;
  out << proxy;
  return out.str();
}

TYPED_TEST(DynamicProxyTest, CallsReadsAndWritesByName) {
  pykka::AnyActorRef any = pykka::start<typename TestFixture::CalcActor>();
  pykka::DynamicProxy calculator(any);
  EXPECT_EQ(calculator["add"](1, 3).get(kWaitLimit).template as<int>(), 4);
  EXPECT_EQ(calculator.attr("last_result").get().get(kWaitLimit).template as<int>(), 4);
  calculator["last_result"].set(17);
  EXPECT_EQ(calculator["total"].call().get(kWaitLimit).template as<int>(), 17);
  calculator["add"].defer(3);
  EXPECT_EQ(calculator["last_result"].get().get(kWaitLimit).template as<int>(), 20);
}

TYPED_TEST(DynamicProxyTest, TraversesMarkedMembersByName) {
  pykka::AnyActorRef any = pykka::start<typename TestFixture::PlayerActor>();
  pykka::DynamicProxy player(any);
  EXPECT_TRUE(player["playback"]["play"]().get(kWaitLimit).template as<bool>());
  auto volume = player["playback"]["output"]["mixer"]["volume"];
  volume.set(90);
  EXPECT_EQ(volume.get().get(kWaitLimit).template as<int>(), 90);
  EXPECT_EQ(volume.attr_path(), (pykka::AttrPath{"playback", "output", "mixer", "volume"}));
}

TYPED_TEST(DynamicProxyTest, UnknownNamesThrowAttributeErrorAtOnce) {
  pykka::AnyActorRef any = pykka::start<typename TestFixture::CalcActor>();
  pykka::DynamicProxy calculator(any);
  try {
    (void)calculator["x"];
    FAIL() << "expected pykka::AttributeError";
  } catch (const pykka::AttributeError& error) {
    EXPECT_EQ(error.what(), printed(calculator) + " has no attribute 'x'");
  }
}

TYPED_TEST(DynamicProxyTest, UnderscoreNamesAreHidden) {
  pykka::AnyActorRef any = pykka::start<typename TestFixture::CalcActor>();
  pykka::DynamicProxy calculator(any);
  EXPECT_THROW((void)calculator["_secret"], pykka::AttributeError);
  // ...but a raw message reaches them.
  EXPECT_EQ(any.ask<std::string>(pykka::ProxyGetAttr{{"_secret"}}, kWaitLimit), "hidden");
}

TYPED_TEST(DynamicProxyTest, UnmarkedMembersCannotBeTraversed) {
  pykka::AnyActorRef any = pykka::start<typename TestFixture::PlayerActor>();
  pykka::DynamicProxy player(any);
  auto plain = player["plain"];  // a data member: readable, not traversable
  EXPECT_THROW((void)plain["play"], pykka::AttributeError);
  EXPECT_THROW((void)player["playback"]["play"]["deeper"], pykka::AttributeError);
}

TYPED_TEST(DynamicProxyTest, MixingUpMethodsAndDataMembersThrowsTypeErrorAtOnce) {
  pykka::AnyActorRef any = pykka::start<typename TestFixture::CalcActor>();
  pykka::DynamicProxy calculator(any);
  EXPECT_THROW((void)calculator["last_result"](), pykka::TypeError);
  EXPECT_THROW((void)calculator["add"].get(), pykka::TypeError);
  EXPECT_THROW((void)calculator(), pykka::TypeError);
  EXPECT_THROW((void)calculator.get(), pykka::TypeError);
  EXPECT_THROW(calculator.set(1), pykka::TypeError);  // the actor itself is not a member
}

TYPED_TEST(DynamicProxyTest, SettingAMethodThrowsAttributeErrorAtOnce) {
  pykka::AnyActorRef any = pykka::start<typename TestFixture::CalcActor>();
  pykka::DynamicProxy calculator(any);
  try {
    calculator["add"].set(1);
    ADD_FAILURE() << "expected pykka::AttributeError";
  } catch (const pykka::AttributeError& error) {
    EXPECT_EQ(std::string(error.what()),
              "can't set attribute: " + printed(calculator["add"]) + " is a method");
  }
  EXPECT_TRUE(any.is_alive());
}

TYPED_TEST(DynamicProxyTest, MismatchedArgumentsLandInTheFutureAsTypeError) {
  pykka::AnyActorRef any = pykka::start<typename TestFixture::CalcActor>();
  pykka::DynamicProxy calculator(any);
  EXPECT_THROW((void)calculator["total"](1).get(kWaitLimit), pykka::TypeError);
  EXPECT_THROW(calculator["last_result"].set(std::string("x")), pykka::TypeError);
  EXPECT_TRUE(any.is_alive());
}

TYPED_TEST(DynamicProxyTest, AProxyToADeadActorCannotBeCreated) {
  pykka::AnyActorRef any = pykka::start<typename TestFixture::CalcActor>();
  pykka::DynamicProxy calculator(any);
  any.stop();
  EXPECT_THROW(pykka::DynamicProxy{any}, pykka::ActorDeadError);
  EXPECT_FALSE(calculator.actor_ref().is_alive());
  EXPECT_THROW((void)calculator["add"](1, 2).get(kWaitLimit), pykka::ActorDeadError);
  EXPECT_THROW((void)pykka::DynamicProxy(pykka::AnyActorRef()), pykka::Error);
}

TYPED_TEST(DynamicProxyTest, EqualsHashesAndPrintsByActorAndPath) {
  pykka::AnyActorRef any = pykka::start<typename TestFixture::PlayerActor>();
  pykka::DynamicProxy player(any);
  EXPECT_EQ(player["playback"], pykka::DynamicProxy(any)["playback"]);
  EXPECT_NE(player["playback"], player["mixer"]);
  std::unordered_set<pykka::DynamicProxy> set{player, player["playback"],
                                              pykka::DynamicProxy(any)["playback"]};
  EXPECT_EQ(set.size(), 2U);
  std::ostringstream expected;
  expected << "<ActorProxy for " << any << ", attr_path=['playback', 'output']>";
  EXPECT_EQ(printed(player["playback"]["output"]), expected.str());
}

TYPED_TEST(DynamicProxyTest, NamesMatchTheTypedProxysPath) {
  using Player = typename TestFixture::PlayerActor;
  auto ref = pykka::start<Player>();
  auto typed = ref.proxy().traverse(&Player::playback).traverse(&pykka::testing::Playback::output);
  pykka::DynamicProxy dynamic(ref);
  EXPECT_EQ(typed.attr_path(), dynamic["playback"]["output"].attr_path());
  EXPECT_EQ(printed(typed), printed(dynamic["playback"]["output"]));
}

}  // namespace
