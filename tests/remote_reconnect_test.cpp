// Remote refs across a NATS server restart: asks after the restart succeed, asks while it is down
// end in a bounded time.

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/event.hpp"
#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::Echo;
using RemoteReconnect = pykka::testing::RemoteFixture;

using pykka::testing::round_trip_works;

TEST_F(RemoteReconnect, AsksSucceedAfterTheServerRestarts) {
  a_->expose(system_.start<Echo>(), "echo");
  auto echo = b_->lookup("echo", "node-a");
  ASSERT_EQ(echo.ask<int>(1, 5s), 2);
  server_->stop();
  ASSERT_TRUE(server_->start());
  EXPECT_TRUE(round_trip_works(echo));
  EXPECT_EQ(echo.ask<std::string>(std::string("back"), 5s), "echo: back");
}

TEST_F(RemoteReconnect, AnAskWhileTheServerIsDownEndsWithinItsTimeout) {
  a_->expose(system_.start<Echo>(), "echo");
  auto echo = b_->lookup("echo", "node-a");
  ASSERT_EQ(echo.ask<int>(1, 5s), 2);
  server_->stop();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW((void)echo.ask<int>(1, 300ms), pykka::Error);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

}  // namespace
