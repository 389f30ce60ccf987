// Pykka's proxy messages sent directly, without a proxy: the name-based ProxyCall,
// ProxyGetAttr and ProxySetAttr, and their typed counterparts.

#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/log_capture.hpp"
#include "support/proxy_actors.hpp"
#include "support/runtimes.hpp"

namespace {

using pykka::args;
using pykka::ProxyCall;
using pykka::ProxyGetAttr;
using pykka::ProxySetAttr;
using pykka::testing::kWaitLimit;

template <class Runtime>
class ProxyMessagesTest : public ::testing::Test {
 protected:
  using CalcActor = pykka::testing::Calculator<typename Runtime::ActorBase>;
  using PlayerActor = pykka::testing::Player<typename Runtime::ActorBase>;
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }
};
TYPED_TEST_SUITE(ProxyMessagesTest, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

template <class Base>
class Unpublished : public Base {
 public:
  int hidden = 1;
};

// Asks `message` and returns the text of the exception of type E it fails with.
template <class E, class A, class M>
std::string failure_of(const pykka::ActorRef<A>& ref, M&& message) {
  // The future outlives the handler, so this thread, not the actor's, frees the exception:
  // ThreadSanitizer cannot see libstdc++'s exception reference count and would report the
  // actor thread's release as a race with the read of what().
  const auto reply = ref.ask(std::forward<M>(message), pykka::nonblocking);
  try {
    (void)reply.get(kWaitLimit);
  } catch (const E& error) {
    return error.what();
  }
  return "(no exception)";
}

TYPED_TEST(ProxyMessagesTest, AskedProxyCallReturnsThePublishedMethodsResult) {
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  EXPECT_EQ(ref.template ask<int>(ProxyCall{.attr_path = {"add"}, .args = args(1, 3)}), 4);
  EXPECT_EQ(ref.template ask<int>(ProxyGetAttr{.attr_path = {"last_result"}}), 4);
}

TYPED_TEST(ProxyMessagesTest, ProxyCallPicksTheOverloadTheArgumentsFit) {
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  EXPECT_EQ(ref.template ask<int>(ProxyCall{{"add"}, args(1, 3)}), 4);
  EXPECT_EQ(ref.template ask<int>(ProxyCall{{"add"}, args(5)}), 9);
  EXPECT_EQ(ref.template ask<std::string>(ProxyCall{{"describe"}, args("ab", 2, 'c')}), "abcc");
}

TYPED_TEST(ProxyMessagesTest, ToldProxyCallRunsWithoutAReply) {
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  ref.tell(ProxyCall{{"add"}, args(40, 2)});
  EXPECT_EQ(ref.template ask<int>(ProxyGetAttr{{"last_result"}}, kWaitLimit), 42);
}

TYPED_TEST(ProxyMessagesTest, ProxySetAttrAssignsTheValueBeforeReplying) {
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  ref.template ask<void>(ProxySetAttr{.attr_path = {"last_result"}, .value = 17}, kWaitLimit);
  EXPECT_EQ(ref.template ask<int>(ProxyCall{{"total"}}, kWaitLimit), 17);
}

TYPED_TEST(ProxyMessagesTest, UnderscoreNamesAreReachableByRawMessages) {
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  ref.template ask<void>(ProxySetAttr{{"_secret"}, std::string("told")}, kWaitLimit);
  EXPECT_EQ(ref.template ask<std::string>(ProxyGetAttr{{"_secret"}}, kWaitLimit), "told");
}

TYPED_TEST(ProxyMessagesTest, AnUnknownNameFailsWithPykkasAttributeErrorText) {
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  const std::string expected = "'" + ref.actor_class_name() + "' object has no attribute 'x'";
  EXPECT_EQ(failure_of<pykka::AttributeError>(ref, ProxyCall{{"x"}}), expected);
  EXPECT_EQ(failure_of<pykka::AttributeError>(ref, ProxyGetAttr{{"x"}}), expected);
  EXPECT_EQ(failure_of<pykka::AttributeError>(ref, ProxySetAttr{{"x"}, 1}), expected);
  EXPECT_TRUE(ref.is_alive());
}

TYPED_TEST(ProxyMessagesTest, ActorsThatPublishNothingHaveNoAttributes) {
  auto ref = pykka::start<Unpublished<typename TypeParam::ActorBase>>();
  EXPECT_EQ(failure_of<pykka::AttributeError>(ref, ProxyGetAttr{{"hidden"}}),
            "'" + ref.actor_class_name() + "' object has no attribute 'hidden'");
}

TYPED_TEST(ProxyMessagesTest, ArgumentsThatDoNotFitAreATypeError) {
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  const std::string name = ref.actor_class_name();
  EXPECT_EQ(failure_of<pykka::TypeError>(ref, ProxyCall{{"total"}, args(1)}),
            name + ".total() takes 0 arguments but 1 was given");
  EXPECT_EQ(failure_of<pykka::TypeError>(ref, ProxyCall{{"fail"}, args(1, 2)}),
            name + ".fail() takes 1 argument but 2 were given");
  EXPECT_NE(failure_of<pykka::TypeError>(ref, ProxyCall{{"fail"}, args(5)})
                .find(".fail() argument 1 must be std::"),
            std::string::npos);
  EXPECT_EQ(failure_of<pykka::TypeError>(ref, ProxyCall{{"add"}, args(1L)}),
            "no overload of " + name + ".add() takes (long)");
}

TYPED_TEST(ProxyMessagesTest, MixingUpMethodsAndDataMembersIsATypeError) {
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  const std::string name = ref.actor_class_name();
  EXPECT_EQ(failure_of<pykka::TypeError>(ref, ProxyCall{{"last_result"}}),
            "'" + name + ".last_result' is a data member, not a method: it is not callable");
  EXPECT_EQ(failure_of<pykka::TypeError>(ref, ProxyGetAttr{{"add"}}),
            "'" + name + ".add' is a method, not a data member: call it");
  EXPECT_EQ(failure_of<pykka::TypeError>(ref, ProxySetAttr{{"last_result"}, std::string("x")})
                .rfind("'" + name + ".last_result' must be int, not std::", 0),
            0U);
}

TYPED_TEST(ProxyMessagesTest, SettingAMethodIsAnAttributeError) {
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  const std::string name = ref.actor_class_name();
  EXPECT_EQ(failure_of<pykka::AttributeError>(ref, ProxySetAttr{{"add"}, 1}),
            "can't set attribute 'add' of '" + name + "': it is a method");
  EXPECT_TRUE(ref.is_alive());
}

TYPED_TEST(ProxyMessagesTest, AnEmptyPathIsInvalid) {
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  EXPECT_THROW((void)ref.ask(ProxyCall{}, kWaitLimit), pykka::InvalidArgument);
}

TYPED_TEST(ProxyMessagesTest, PathsTraverseMarkedMembersByName) {
  auto ref = pykka::start<typename TestFixture::PlayerActor>();
  EXPECT_TRUE(ref.template ask<bool>(ProxyCall{{"playback", "play"}}, kWaitLimit));
  EXPECT_TRUE(ref.template ask<bool>(ProxyGetAttr{{"playback", "playing"}}, kWaitLimit));
  ref.template ask<void>(ProxySetAttr{{"playback", "output", "mixer", "volume"}, 70}, kWaitLimit);
  EXPECT_EQ(ref.template ask<int>(ProxyCall{{"playback", "output", "mixer", "louder"}, args(1)},
                                  kWaitLimit),
            71);
  EXPECT_EQ(ref.template ask<int>(ProxyGetAttr{{"mixer", "volume"}}, kWaitLimit), 50);
}

TYPED_TEST(ProxyMessagesTest, PathsDoNotTraverseUnmarkedMembers) {
  auto ref = pykka::start<typename TestFixture::PlayerActor>();
  EXPECT_EQ(failure_of<pykka::AttributeError>(ref, ProxyCall{{"plain", "play"}}),
            "'" + ref.actor_class_name() +
                ".plain' is not traversable, so 'play' cannot be reached through it");
  EXPECT_EQ(failure_of<pykka::AttributeError>(ref, ProxyGetAttr{{"playback", "nope", "x"}}),
            "'Playback' object has no attribute 'nope'");
}

TYPED_TEST(ProxyMessagesTest, AToldCallThatThrowsStopsTheActor) {
  pykka::testing::LogCapture logs(pykka::LogLevel::error);
  auto ref = pykka::start<typename TestFixture::CalcActor>();
  ref.tell(ProxyCall{{"fail"}, args(std::string("told"))});
  EXPECT_TRUE(logs.wait_for(pykka::LogLevel::error, "Unhandled exception in"));
  EXPECT_THROW((void)ref.ask(ProxyGetAttr{{"last_result"}}, kWaitLimit), pykka::ActorDeadError);
}

TYPED_TEST(ProxyMessagesTest, TypedMessagesCallReadAndWriteWithoutAProxy) {
  using Calc = typename TestFixture::CalcActor;
  auto ref = pykka::start<Calc>();
  EXPECT_EQ(ref.template ask<int>(
                pykka::proxy_call(pykka::overload<int(int, int)>(&Calc::add), 1, 3), kWaitLimit),
            4);
  ref.template ask<void>(pykka::proxy_set_attr(&Calc::last_result, 10), kWaitLimit);
  EXPECT_EQ(ref.template ask<int>(pykka::proxy_get_attr(&Calc::last_result), kWaitLimit), 10);
  ref.tell(pykka::proxy_call(&Calc::reset));
  EXPECT_EQ(ref.template ask<int>(pykka::proxy_call(&Calc::total), kWaitLimit), 0);
}

TYPED_TEST(ProxyMessagesTest, ATypedMessageForAnotherClassIsATypeError) {
  using Calc = typename TestFixture::CalcActor;
  auto player = pykka::start<typename TestFixture::PlayerActor>();
  const std::string text = failure_of<pykka::TypeError>(player, pykka::proxy_call(&Calc::total));
  EXPECT_EQ(text.rfind(player.actor_class_name() + " is not a Calculator<", 0), 0U) << text;
  EXPECT_TRUE(player.is_alive());
}

TEST(ProxyMessagesPrinting, PrintsLikePykkasDataclasses) {
  std::ostringstream call;
  call << ProxyCall{{"playback", "play"}, args(1, std::string("x"))};
  EXPECT_EQ(call.str(), "ProxyCall(attr_path=['playback', 'play'], args=(1, x))");
  std::ostringstream single;
  single << pykka::Message(ProxyCall{{"add"}, args(1)});
  EXPECT_EQ(single.str(), "ProxyCall(attr_path=['add'], args=(1,))");
  std::ostringstream get;
  get << ProxyGetAttr{{"last_result"}};
  EXPECT_EQ(get.str(), "ProxyGetAttr(attr_path=['last_result'])");
  std::ostringstream set;
  set << ProxySetAttr{{"last_result"}, 17};
  EXPECT_EQ(set.str(), "ProxySetAttr(attr_path=['last_result'], value=17)");
}

TEST(ProxyMessagesSize, ANameBasedCallFitsInAMessageWithoutAllocating) {
  EXPECT_TRUE(pykka::detail::fits_inline<ProxyCall>);
  EXPECT_TRUE(pykka::detail::fits_inline<ProxyGetAttr>);
}

}  // namespace
