#pragma once

// A test fixture with a real nats-server on loopback and two nodes, "node-a" and "node-b", of one
// actor system connected to it.

#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/event.hpp"
#include "support/nats_server.hpp"
#include "support/remote_actors.hpp"

namespace pykka::testing {

inline remote::NodeOptions node_options(const std::string& name, const std::string& url) {
  remote::NodeOptions options;
  options.name = name;
  options.urls = {url};
  options.ask_timeout = std::chrono::seconds(10);
  options.reconnect_wait = std::chrono::milliseconds(50);
  return options;
}

// Asks `echo` (an Echo actor) until a round trip succeeds, within kWaitLimit: after a restart
// or a failover, and between the servers of a cluster, subscriptions reach the servers
// asynchronously.
inline bool round_trip_works(const pykka::remote::RemoteRef& echo) {
  using namespace std::chrono_literals;
  const auto deadline = std::chrono::steady_clock::now() + kWaitLimit;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (echo.ask<int>(1, 500ms) == 2) return true;
    } catch (const pykka::Error&) {
      // Not there yet: try again.
    }
  }
  return false;
}

class RemoteFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    register_remote_test_types();
    server_ = std::make_unique<NatsServer>();
    ASSERT_TRUE(server_->running()) << "nats-server did not start";
    a_ = std::make_unique<remote::Node>(system_, options_for("node-a"));
    b_ = std::make_unique<remote::Node>(system_, options_for("node-b"));
  }
  void TearDown() override {
    b_.reset();
    a_.reset();
    server_.reset();
  }

  // The options both nodes are made with: node_options(name, the server's URL).
  [[nodiscard]] virtual remote::NodeOptions options_for(const std::string& name) const {
    return node_options(name, server_->url());
  }

  ActorSystem system_;
  std::unique_ptr<NatsServer> server_;
  std::unique_ptr<remote::Node> a_;
  std::unique_ptr<remote::Node> b_;
};

}  // namespace pykka::testing
