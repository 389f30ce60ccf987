// Remote refs to a node in another process: asks and tells cross, and a node killed while asked
// makes the ask end in a bounded time.

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/nats_server.hpp"
#include "support/remote_child_node.hpp"
#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::ChildNode;

class RemoteProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    pykka::testing::register_remote_test_types();
    server_ = std::make_unique<pykka::testing::NatsServer>();
    ASSERT_TRUE(server_->running());
    auto options = pykka::testing::node_options("parent", server_->url());
    options.ask_timeout = 2s;  // bounds the non-blocking asks below
    node_ = std::make_unique<pykka::remote::Node>(system_, options);
  }
  void TearDown() override {
    node_.reset();
    server_.reset();
  }

  pykka::ActorSystem system_;
  std::unique_ptr<pykka::testing::NatsServer> server_;
  std::unique_ptr<pykka::remote::Node> node_;
};

TEST_F(RemoteProcess, AsksAndTellsAnActorInAnotherProcess) {
  ChildNode child(server_->url(), "child");
  ASSERT_TRUE(child.ready());
  auto echo = node_->lookup("echo", "child");
  EXPECT_EQ(echo.ask<std::string>(std::string("over there"), 5s), "echo: over there");
  for (int i = 0; i < 100; ++i) echo.tell(i);
  const auto history = echo.ask<std::vector<int>>(std::string("history"), 5s);
  ASSERT_EQ(history.size(), 100U);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(history[static_cast<std::size_t>(i)], i);
  const auto point = echo.ask<pykka::testing::Point>(pykka::testing::Point{5, 6}, 5s);
  EXPECT_EQ(point.x, 6);
  const int status = child.kill_with(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
}

TEST_F(RemoteProcess, ReachesTwoOtherNodeProcessesAndFindsTheirActors) {
  ChildNode first(server_->url(), "first");
  ChildNode second(server_->url(), "second");
  ASSERT_TRUE(first.ready());
  ASSERT_TRUE(second.ready());
  EXPECT_EQ(node_->lookup("echo", "first").ask<int>(10, 5s), 11);
  EXPECT_EQ(node_->lookup("echo", "second").ask<int>(20, 5s), 21);
  // Each child exposes "echo" and "hang".
  EXPECT_EQ(node_->get_by_class_name("Echo", 500ms).size(), 2U);
  EXPECT_EQ(node_->get_all(500ms).size(), 4U);
}

TEST_F(RemoteProcess, AnAskToANodeKilledMeanwhileEndsWithTimeoutInBoundedTime) {
  ChildNode child(server_->url(), "child");
  ASSERT_TRUE(child.ready());
  auto hang = node_->lookup("hang", "child");
  const auto started = std::chrono::steady_clock::now();
  pykka::Future<int> reply = hang.ask<int>(1, pykka::nonblocking);
  // Killed once the ask is in the child's hands: a kill before the request reached it would make
  // the server answer "no responders" instead (an ActorDeadError, right for that case too).
  ASSERT_TRUE(child.wait_for_output("hanging"));
  child.kill_with(SIGKILL);
  EXPECT_THROW((void)reply.get(20s), pykka::Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  // Later asks find nobody serving it and fail at once.
  EXPECT_THROW((void)hang.ask<int>(1, 5s), pykka::ActorDeadError);
}

}  // namespace
