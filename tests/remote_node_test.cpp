// Nodes: connecting, bad options, and closing while asks are pending.

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/event.hpp"
#include "support/log_capture.hpp"
#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::node_options;

TEST(RemoteNode, ThrowsErrorInBoundedTimeWhenNoServerAcceptsTheConnection) {
  pykka::ActorSystem system;
  const int port = pykka::testing::free_loopback_port();
  auto options = node_options("lonely", "nats://127.0.0.1:" + std::to_string(port));
  options.connect_timeout = 500ms;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(pykka::remote::Node(system, options), pykka::Error);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(RemoteNode, RejectsABadNameAndAnEmptyUrlList) {
  pykka::ActorSystem system;
  EXPECT_THROW(pykka::remote::Node(system, node_options("a.b", "nats://127.0.0.1:1")),
               pykka::InvalidArgument);
  EXPECT_THROW(pykka::remote::Node(system, node_options("", "nats://127.0.0.1:1")),
               pykka::InvalidArgument);
  auto options = node_options("fine", "nats://127.0.0.1:1");
  options.urls.clear();
  EXPECT_THROW(pykka::remote::Node(system, options), pykka::InvalidArgument);
}

// Holds every message until the test releases it.
class Silent : public pykka::ThreadingActor {
 public:
  explicit Silent(std::shared_ptr<pykka::testing::Event> release) : release_(std::move(release)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    (void)release_->wait();
    return {};
  }

 private:
  std::shared_ptr<pykka::testing::Event> release_;
};

using RemoteNodeClose = pykka::testing::RemoteFixture;

TEST_F(RemoteNodeClose, FailsAPendingAskWithErrorWhenTheAskingNodeCloses) {
  auto release = std::make_shared<pykka::testing::Event>();
  auto silent = system_.start<Silent>(release);
  a_->expose(silent, "silent");
  pykka::Future<int> reply = b_->lookup("silent", "node-a").ask<int>(1, pykka::nonblocking);
  b_.reset();
  EXPECT_THROW((void)reply.get(5s), pykka::Error);
  EXPECT_TRUE(silent.is_alive());  // only the asking node went away
  release->set();
}

TEST_F(RemoteNodeClose, ClosingNodesInOrderLogsNoWarning) {
  const pykka::testing::LogCapture logs;
  auto open = std::make_shared<pykka::testing::Event>();
  open->set();
  auto silent = system_.start<Silent>(open);
  a_->expose(silent, "silent");
  (void)b_->lookup("silent", "node-a").ask<pykka::Message>(1, 5s);
  b_.reset();
  a_.reset();
  for (const auto& record : logs.records()) {
    EXPECT_LT(static_cast<int>(record.level), static_cast<int>(pykka::LogLevel::warning))
        << record.message;
  }
}

TEST_F(RemoteNodeClose, ReportsWhetherItIsConnected) {
  EXPECT_TRUE(a_->is_connected());
  server_->stop();
  // The client notices the lost server by itself; wait for it, bounded.
  const auto deadline = std::chrono::steady_clock::now() + pykka::testing::kWaitLimit;
  while (a_->is_connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);  // polling a state libnats changes on its own thread
  }
  EXPECT_FALSE(a_->is_connected());
}

}  // namespace
