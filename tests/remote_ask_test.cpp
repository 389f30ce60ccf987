// Remote refs between two nodes of one process: ask, tell, stop, is_alive and their failures.

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::Echo;
using pykka::testing::Point;
using RemoteAsk = pykka::testing::RemoteFixture;
using RemoteTell = pykka::testing::RemoteFixture;
using RemoteStop = pykka::testing::RemoteFixture;
using RemoteRefBasics = pykka::testing::RemoteFixture;

struct NotRegistered {
  int value = 0;
  MSGPACK_DEFINE(value)
};

TEST_F(RemoteAsk, ReturnsTheReplyOfAnActorExposedByAnotherNode) {
  a_->expose(system_.start<Echo>(), "echo");
  auto echo = b_->lookup("echo", "node-a");
  EXPECT_EQ(echo.ask<std::string>(std::string("hi"), 5s), "echo: hi");
  EXPECT_EQ(echo.ask<int>(41, 5s), 42);
}

TEST_F(RemoteAsk, SendsAStringLiteralAsAStdString) {
  a_->expose(system_.start<Echo>(), "echo");
  EXPECT_EQ(b_->lookup("echo", "node-a").ask<std::string>("literal", 5s), "echo: literal");
}

TEST_F(RemoteAsk, CarriesARegisteredUserTypeBothWays) {
  a_->expose(system_.start<Echo>(), "echo");
  const Point swapped = b_->lookup("echo", "node-a").ask<Point>(Point{1, 2}, 5s);
  EXPECT_EQ(swapped.x, 2);
  EXPECT_EQ(swapped.y, 1);
}

TEST_F(RemoteAsk, ReturnsAFutureWhenNonblocking) {
  a_->expose(system_.start<Echo>(), "echo");
  pykka::Future<int> reply = b_->lookup("echo", "node-a").ask<int>(1, pykka::nonblocking);
  EXPECT_EQ(reply.get(5s), 2);
}

TEST_F(RemoteAsk, FailsFastWithActorDeadErrorWhenNobodyServesTheName) {
  auto nobody = b_->lookup("nobody", "node-a");
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW((void)nobody.ask<int>(1, 5s), pykka::ActorDeadError);
  // Far below the ask's own timeout: the server said "no responders".
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST_F(RemoteAsk, RethrowsAnUnregisteredHandlerExceptionAsRemoteError) {
  a_->expose(system_.start<Echo>(), "echo");
  try {
    (void)b_->lookup("echo", "node-a").ask<std::string>(std::string("boom"), 5s);
    FAIL() << "no exception";
  } catch (const pykka::RemoteError& error) {
    EXPECT_EQ(error.remote_type(), "std::runtime_error");
    EXPECT_EQ(error.text(), "boom");
  }
}

TEST_F(RemoteAsk, RethrowsAReplyOfTheWrongTypeAsTypeError) {
  a_->expose(system_.start<Echo>(), "echo");
  EXPECT_THROW((void)b_->lookup("echo", "node-a").ask<int>(std::string("hi"), 5s),
               pykka::TypeError);
}

TEST_F(RemoteAsk, FailsWithActorDeadErrorOnceTheExposedActorStopped) {
  auto local = system_.start<Echo>();
  a_->expose(local, "echo");
  auto echo = b_->lookup("echo", "node-a");
  EXPECT_EQ(echo.ask<int>(1, 5s), 2);
  local.stop();
  EXPECT_THROW((void)echo.ask<int>(1, 5s), pykka::ActorDeadError);
}

TEST_F(RemoteAsk, FailsWithActorDeadErrorAfterUnexpose) {
  a_->expose(system_.start<Echo>(), "echo");
  EXPECT_TRUE(a_->unexpose("echo"));
  EXPECT_FALSE(a_->unexpose("echo"));
  EXPECT_THROW((void)b_->lookup("echo", "node-a").ask<int>(1, 5s), pykka::ActorDeadError);
}

TEST_F(RemoteAsk, RefusesAnUnregisteredTypeAtTheSender) {
  a_->expose(system_.start<Echo>(), "echo");
  EXPECT_THROW((void)b_->lookup("echo", "node-a").ask<int>(NotRegistered{}, 5s), pykka::TypeError);
}

TEST_F(RemoteAsk, RefusesAFrameLargerThanTheLimitAtTheSender) {
  a_->expose(system_.start<Echo>(), "echo");
  const std::string huge(pykka::remote::kDefaultMaxFrameSize + 1, 'x');
  EXPECT_THROW((void)b_->lookup("echo", "node-a").ask<std::string>(huge, 5s),
               pykka::InvalidArgument);
}

TEST_F(RemoteTell, DeliversMessagesFromOneNodeInTheOrderSent) {
  a_->expose(system_.start<Echo>(), "echo");
  auto echo = b_->lookup("echo", "node-a");
  constexpr int kCount = 1000;
  for (int i = 0; i < kCount; ++i) echo.tell(i);
  // The ask travels behind the tells on the same connection and subject.
  const auto history = echo.ask<std::vector<int>>(std::string("history"), 10s);
  ASSERT_EQ(history.size(), static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(history[static_cast<std::size_t>(i)], i);
}

TEST_F(RemoteTell, DropsAMessageToANameNobodyServesWithoutThrowing) {
  EXPECT_NO_THROW(b_->lookup("nobody", "node-a").tell(1));
}

TEST_F(RemoteStop, StopsTheExposedActorAndReportsWhetherItWasAlive) {
  auto local = system_.start<Echo>();
  a_->expose(local, "echo");
  auto echo = b_->lookup("echo", "node-a");
  EXPECT_TRUE(echo.is_alive());
  EXPECT_TRUE(echo.stop(5s));
  EXPECT_FALSE(local.is_alive());
  EXPECT_FALSE(echo.is_alive());
  EXPECT_FALSE(echo.stop(5s));
}

TEST_F(RemoteRefBasics, PrintsItsNameAndNode) {
  std::ostringstream out;
  out << b_->lookup("echo", "node-a") << " " << pykka::remote::RemoteRef();
  EXPECT_EQ(out.str(), "RemoteRef(echo @ node-a) RemoteRef(empty)");
}

TEST_F(RemoteRefBasics, ServesAnActorExposedUnderItsUrn) {
  auto local = system_.start<Echo>();
  const std::string name = a_->expose(local);
  EXPECT_EQ(name, local.actor_urn());
  EXPECT_EQ(b_->lookup(name, "node-a").ask<int>(1, 5s), 2);
}

TEST_F(RemoteRefBasics, RejectsNamesThatAreNotSubjectTokens) {
  auto local = system_.start<Echo>();
  EXPECT_THROW(a_->expose(local, "a.b"), pykka::InvalidArgument);
  EXPECT_THROW(a_->expose(local, "a*"), pykka::InvalidArgument);
  EXPECT_THROW((void)a_->lookup("x", "node>"), pykka::InvalidArgument);
  a_->expose(local, "echo");
  EXPECT_THROW(a_->expose(local, "echo"), pykka::InvalidArgument);
}

TEST_F(RemoteRefBasics, ThrowsOnUseAfterItsNodeIsGone) {
  auto echo = b_->lookup("echo", "node-a");
  b_.reset();
  EXPECT_THROW(echo.tell(1), pykka::Error);
  EXPECT_THROW((void)echo.ask<int>(1, 5s), pykka::Error);
}

}  // namespace
