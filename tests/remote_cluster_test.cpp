// Remote refs across a cluster of three nats-servers on loopback: nodes on different servers
// reach each other, and when a node's server dies it fails over to a survivor.

#include <array>
#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/event.hpp"
#include "support/remote_fixture.hpp"

namespace {

using pykka::testing::round_trip_works;

using namespace std::chrono_literals;
using pykka::testing::Echo;
using pykka::testing::NatsServer;

class RemoteCluster : public ::testing::Test {
 protected:
  void SetUp() override {
    pykka::testing::register_remote_test_types();
    std::array<int, 3> route_ports{};
    for (int& port : route_ports) port = pykka::testing::free_loopback_port();
    for (std::size_t i = 0; i < 3; ++i) {
      std::string routes;
      for (std::size_t j = 0; j < 3; ++j) {
        if (j == i) continue;
        if (!routes.empty()) routes += ",";
        routes += "nats://127.0.0.1:" + std::to_string(route_ports[j]);
      }
      servers_[i] = std::make_unique<NatsServer>(std::vector<std::string>{
          "--cluster_name", "pykka-test", "--cluster",
          "nats://127.0.0.1:" + std::to_string(route_ports[i]), "--routes", routes});
      ASSERT_TRUE(servers_[i]->running()) << "nats-server " << i << " did not start";
    }
  }
  void TearDown() override {
    for (auto& server : servers_) server.reset();
  }

  pykka::ActorSystem system_;
  std::array<std::unique_ptr<NatsServer>, 3> servers_;
};

TEST_F(RemoteCluster, NodesOnDifferentServersReachEachOther) {
  pykka::remote::Node a(system_, pykka::testing::node_options("node-a", servers_[0]->url()));
  pykka::remote::Node b(system_, pykka::testing::node_options("node-b", servers_[1]->url()));
  a.expose(system_.start<Echo>(), "echo");
  auto echo = b.lookup("echo", "node-a");
  ASSERT_TRUE(round_trip_works(echo));
  EXPECT_EQ(echo.ask<std::string>(std::string("routed"), 5s), "echo: routed");
}

TEST_F(RemoteCluster, ANodeFailsOverToASurvivingServerWhenItsServerDies) {
  auto options = pykka::testing::node_options("node-a", servers_[0]->url());
  options.urls.push_back(servers_[2]->url());
  pykka::remote::Node a(system_, options);
  pykka::remote::Node b(system_, pykka::testing::node_options("node-b", servers_[1]->url()));
  a.expose(system_.start<Echo>(), "echo");
  auto echo = b.lookup("echo", "node-a");
  ASSERT_TRUE(round_trip_works(echo));
  servers_[0]->stop();
  const auto started = std::chrono::steady_clock::now();
  // An ask right after the loss ends in bounded time, whatever its outcome.
  try {
    (void)echo.ask<int>(1, 1s);
  } catch (const pykka::Error&) {
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_TRUE(round_trip_works(echo));
}

}  // namespace
